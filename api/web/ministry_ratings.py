"""Agency ratings for the regulator, and the review queue of rating alerts, each closed
with a note of what was found or done."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.web.common import (
    FormState,
    gettext_for,
    render,
)
from api.web.forms import Done, submit
from api.web.labels import AGENCY_STANDING, RATING_ALERT_REASON, labels
from api.web.ministry_common import User, query_url
from ratings import service
from ratings.schemas import CloseAlertIn

router = APIRouter()

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
PAGE = 50
AlertState = Literal["open", "closed", "all"]


@router.get("/ratings", response_class=HTMLResponse)
async def ratings(
    request: Request, uow: Uow, user: User,
    order: Literal["lowest", "highest"] = "lowest",
    max_score: Annotated[float | None, Query(ge=0, le=100)] = None,
    offset: Offset = 0,
) -> Response:
    """Every agency's rating by score, lowest first unless asked otherwise; agencies too
    new for a score come last."""
    rows = await service.list_ratings(uow, lowest_first=order == "lowest",
                                      max_score=max_score, limit=PAGE, offset=offset)
    _ = gettext_for(request)
    return render(request, "ministry/ratings.html", {
        "ratings": rows, "offset": offset, "limit": PAGE,
        "form": FormState(values={"order": order, "max_score": max_score}),
        "orders": [("lowest", _("Lowest first")), ("highest", _("Highest first"))],
        "page_url": query_url("/ministry/ratings", order=order, max_score=max_score),
        "agency_statuses": labels(_, AGENCY_STANDING),
    })


async def _alerts_page(request: Request, uow: Uow, *, state: AlertState, offset: int,
                       failed: tuple[int, FormState] | None = None,
                       status_code: int = 200) -> Response:
    rows = await service.review_queue(uow, state=state, agency_id=None, limit=PAGE,
                                      offset=offset)
    forms = {a.id: FormState() for a in rows if a.closed_at is None}
    problem = None
    if failed is not None:
        if failed[0] in forms:
            forms[failed[0]] = failed[1]
        else:
            # Refused for an alert no longer open (closed meanwhile): say so on top.
            problem = next(iter(failed[1].errors.values()), None)
    _ = gettext_for(request)
    return render(request, "ministry/alerts.html", {
        "alerts": rows, "forms": forms, "problem": problem, "state": state, "offset": offset,
        "limit": PAGE,
        "states": [("open", _("Open")), ("closed", _("Closed")), ("all", _("All"))],
        "page_url": query_url("/ministry/alerts", status=state),
        "reasons": labels(_, RATING_ALERT_REASON),
    }, status_code=status_code)


@router.get("/alerts", response_class=HTMLResponse)
async def alerts(
    request: Request, uow: Uow, user: User,
    state: Annotated[AlertState, Query(alias="status")] = "open", offset: Offset = 0,
) -> Response:
    """The review queue: agencies put up for review by their record, oldest first."""
    return await _alerts_page(request, uow, state=state, offset=offset)


@router.post("/alerts/{alert_id}/close", response_class=HTMLResponse)
async def close_alert(request: Request, uow: Uow, user: User, alert_id: Id) -> Response:
    """Close a reviewed alert with a note saying what was found or done."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        alert = await service.close_alert(
            uow, alert_id=alert_id, actor=user,
            data=CloseAlertIn.model_validate({"note": values.get("note")}))
        return Done("/ministry/alerts", _("The alert about %(agency)s is closed.")
                    % {"agency": alert.agency_name})

    async def again(form: FormState, status: int) -> Response:
        return await _alerts_page(request, uow, state="open", offset=0,
                                  failed=(alert_id, form), status_code=status)

    return await submit(request, uow, work, again=again, fields=("note",))
