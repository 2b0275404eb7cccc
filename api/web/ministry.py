"""Pages for the regulator: the licensing desk at a glance, and every other regulator page
(licences, agencies, ratings, routing rules, minimum wages, watchlists, unlicensed
recruiters) brought under
/ministry."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.web import (
    ministry_agencies,
    ministry_licences,
    ministry_notices,
    ministry_ratings,
    ministry_recruiters,
    ministry_rules,
    ministry_tables,
)
from api.web.common import gettext_for, mark_page, render
from api.web.labels import LICENCE_STATUS, labels
from api.web.ministry_common import User
from core.clock import utc_today
from ratings import service as ratings_service
from registry import service
from registry.rules import LicenceStatus

router = APIRouter(prefix="/ministry", dependencies=[Depends(mark_page)],
                   include_in_schema=False)

EXPIRY_HORIZON_DAYS = 60
_BATCH = 1000


@router.get("", response_class=HTMLResponse)
async def home(request: Request, uow: Uow, user: User) -> Response:
    """What waits for the regulator: applications, licences by state, alerts, expiries."""
    _ = gettext_for(request)
    today = utc_today()
    horizon = today + timedelta(days=EXPIRY_HORIZON_DAYS)
    by_status: Counter[str] = Counter()
    expiring = 0
    offset = 0
    while True:
        page = await service.list_licences(uow, actor=user, limit=_BATCH, offset=offset)
        for lic in page:
            by_status[lic.status.value] += 1
            if lic.status == LicenceStatus.ACTIVE and lic.valid_until and \
                    lic.valid_until < horizon:
                expiring += 1
        if len(page) < _BATCH:
            break
        offset += _BATCH
    open_alerts = 0
    offset = 0
    while True:
        alerts = await ratings_service.review_queue(uow, state="open", agency_id=None,
                                                    limit=_BATCH, offset=offset)
        open_alerts += len(alerts)
        if len(alerts) < _BATCH:
            break
        offset += _BATCH
    waiting = await service.list_licences(
        uow, actor=user, statuses=[LicenceStatus.APPLIED, LicenceStatus.UNDER_REVIEW],
        limit=5, offset=0, order="applied")
    return render(request, "ministry/home.html", {
        "waiting_count": by_status["applied"] + by_status["under_review"],
        "waiting": waiting,
        "by_status": [(s, by_status[s]) for s in LICENCE_STATUS],
        "open_alerts": open_alerts,
        "expiring": expiring,
        "horizon": horizon,
        "horizon_days": EXPIRY_HORIZON_DAYS,
        "statuses": labels(_, LICENCE_STATUS),
    })


for _module in (ministry_licences, ministry_agencies, ministry_ratings, ministry_rules,
                ministry_tables, ministry_recruiters, ministry_notices):
    router.include_router(_module.router)
