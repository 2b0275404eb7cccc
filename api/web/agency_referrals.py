"""Agency pages for referrals: the migrants that centres referred to the agency's vacancies
(what an agency may see of them), moved on to deployment or rejected with a reason."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.web.agency_base import (
    Id,
    User,
    present,
    router,
)
from api.web.common import (
    FormState,
    gettext_for,
    render,
)
from api.web.forms import Done, Refusal, submit
from api.web.jobs import hold_reason
from api.web.labels import LANGUAGE_LEVEL, REFERRAL_ACTION, REFERRAL_STATUS, labels
from core.auth import Principal
from core.clock import utc_today
from matching import referrals as service
from matching.exceptions import InvalidInput, LicenceNotInForce
from matching.rules import ReferralStatus
from matching.schemas import ReferralOut, ReferralTransitionIn

PAGE = 50
OPEN = [ReferralStatus.REFERRED, ReferralStatus.INTERVIEWED, ReferralStatus.OFFERED,
        ReferralStatus.CONTRACT_SIGNED]
FILTERS = ("open", "all", *REFERRAL_STATUS)


async def _every(uow: Uow, user: Principal, statuses: list[ReferralStatus] | None,
                 vacancy_id: int | None = None) -> list[ReferralOut]:
    found: list[ReferralOut] = []
    while True:
        page = await service.list_referrals(uow, actor=user, statuses=statuses,
                                            vacancy_id=vacancy_id, migrant_id=None,
                                            limit=1000, offset=len(found), today=utc_today())
        found += page  # filtered once at the end, so the offset counts what was listed
        if len(page) < 1000:
            return [r for r in found if r.agency_id == user.agency_id]


async def open_referrals(uow: Uow, user: Principal) -> list[ReferralOut]:
    """Referrals still in progress (not deployed, not rejected)."""
    return await _every(uow, user, OPEN)


async def referrals_of(uow: Uow, user: Principal, vacancy_id: int) -> list[ReferralOut]:
    return await _every(uow, user, None, vacancy_id)


def _statuses(chosen: str) -> list[ReferralStatus] | None:
    if chosen == "open":
        return OPEN
    if chosen == "all":
        return None
    return [ReferralStatus(chosen)]


def _filters(status: str | None, vacancy: int | None, offset: int | None
             ) -> tuple[str, int | None, int, str]:
    """The list's filters from its query, and the query that shows the same list again."""
    chosen = status if status in FILTERS else "open"
    vacancy = vacancy if vacancy is not None and 1 <= vacancy < 2**63 else None
    offset = max(0, min(offset or 0, 1_000_000))
    query = f"status={chosen}" + (f"&vacancy={vacancy}" if vacancy else "") + \
        (f"&offset={offset}" if offset else "")
    return chosen, vacancy, offset, query


async def _referrals_page(request: Request, uow: Uow, user: Principal, *, status: str | None,
                          vacancy: int | None, offset: int | None, failed: int | None = None,
                          form: FormState | None = None, status_code: int = 200) -> Response:
    _ = gettext_for(request)
    chosen, vacancy_id, offset, query = _filters(status, vacancy, offset)
    referrals = await service.list_referrals(
        uow, actor=user, statuses=_statuses(chosen), vacancy_id=vacancy_id, migrant_id=None,
        limit=PAGE, offset=offset, today=utc_today())
    return render(request, "agency/referrals.html", {
        "referrals": [r for r in referrals if r.agency_id == user.agency_id],
        "chosen": chosen,
        "vacancy_id": vacancy_id,
        "filters": [(key, _("In progress") if key == "open" else _("All") if key == "all"
                     else _(REFERRAL_STATUS[key])) for key in FILTERS],
        "offset": offset,
        "limit": PAGE,
        "query": query,
        "pager_url": f"/agency/referrals?status={chosen}"
                     + (f"&vacancy={vacancy_id}" if vacancy_id else "") + "&",
        "failed": failed,
        "form": form or FormState(),
        "fresh": FormState,
        "referral_words": labels(_, REFERRAL_STATUS),
        "move_words": labels(_, REFERRAL_ACTION),
        # A level read mid-line, in brackets: "киргизский (родной)", as the centre writes it.
        "level_words": labels(_, LANGUAGE_LEVEL),
    }, status_code=status_code)


@router.get("/referrals", response_class=HTMLResponse)
async def referrals_page(request: Request, uow: Uow, user: User, status: str = "open",
                         vacancy: int | None = None, offset: int = 0) -> Response:
    """Migrants referred to the agency's vacancies, with the moves each allows."""
    return await _referrals_page(request, uow, user, status=status, vacancy=vacancy,
                                 offset=offset)


@router.post("/referrals/{referral_id}/move", response_class=HTMLResponse)
async def move_referral(request: Request, uow: Uow, user: User, referral_id: Id,
                        status: str = "open", vacancy: int | None = None, offset: int = 0
                        ) -> Response:
    """Move a referral on (interviewed, offered, contract signed, deployed) or reject it."""
    _ = gettext_for(request)
    back = "/agency/referrals?" + _filters(status, vacancy, offset)[3]

    async def work(values: dict[str, Any]) -> Done:
        if values.get("status") == ReferralStatus.REJECTED and not values.get("reason"):
            raise InvalidInput("reason", "referral.reason_required")
        try:
            moved = await service.transition_referral(
                uow, referral_id=referral_id, actor=user, today=utc_today(),
                command=ReferralTransitionIn.model_validate(
                    present(values, "status", "reason", "expected_version")))
        except LicenceNotInForce as exc:
            raise Refusal({"__all__": hold_reason(_, exc.hold) + " " + _(
                "This referral cannot move on until your licence is active again. You can "
                "still turn it down.")}, 409) from exc
        return Done(back, _("The referral of %(name)s is now: %(state)s.") % {
            "name": moved.migrant.full_name, "state": _(REFERRAL_STATUS[moved.status.value])})

    async def again(form: FormState, status_code: int) -> Response:
        return await _referrals_page(request, uow, user, status=status, vacancy=vacancy,
                                     offset=offset, failed=referral_id, form=form,
                                     status_code=status_code)

    return await submit(request, uow, work, again=again, fields=("reason",))
