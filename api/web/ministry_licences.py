"""The regulator's licence desk: the applications queue, the register of licences with its
spreadsheet export, and one licence with what may be done to it now."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, ValidationError

from api.deps import Uow
from api.routers.registry import export_licences
from api.web.common import (
    FormState,
    error_page,
    errors_from_validation,
    gettext_for,
    render,
    request_language,
)
from api.web.forms import Done, refused_together, submit
from api.web.labels import (
    AGENCY_STANDING,
    AUDIT_ACTION,
    LICENCE_ACTION,
    LICENCE_DONE,
    LICENCE_STATUS,
    ROLE_MINISTRY,
    labels,
)
from api.web.ministry_common import User, country_names, local_date, query_url
from api.web.ministry_history import history_entries
from api.web.options import coded_country_options
from core.clock import utc_today
from core.config import get_settings
from core.validation import CountryCode
from registry import service
from registry.exceptions import InvalidInput
from registry.rules import REASON_REQUIRED, LicenceAction, LicenceStatus, validity_period
from registry.schemas import LicenceOut, TransitionIn

router = APIRouter()

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
PAGE = 50

ACTION_FIELDS = ("reason", "valid_from", "countries")


class LicenceFilters(BaseModel):
    model_config = ConfigDict(extra="ignore")

    status: LicenceStatus | None = None
    country: CountryCode | None = None
    expiring_before: date | None = None


def _filter_values(request: Request) -> dict[str, str | None]:
    return {key: (request.query_params.get(key) or "").strip() or None
            for key in ("status", "country", "expiring_before")}


@router.get("/applications", response_class=HTMLResponse)
async def applications(request: Request, uow: Uow, user: User, offset: Offset = 0
                       ) -> Response:
    """Licence applications awaiting a decision, oldest first."""
    _ = gettext_for(request)
    rows = await service.list_licences(
        uow, actor=user, statuses=[LicenceStatus.APPLIED, LicenceStatus.UNDER_REVIEW],
        limit=PAGE, offset=offset, order="applied")
    return render(request, "ministry/applications.html", {
        "licences": rows, "offset": offset, "limit": PAGE,
        "statuses": labels(_, LICENCE_STATUS),
        "countries": country_names(request),
    })


@router.get("/licences", response_class=HTMLResponse)
async def licences(request: Request, uow: Uow, user: User, offset: Offset = 0) -> Response:
    """The register of licences by state, covered country and end of validity."""
    _ = gettext_for(request)
    values = _filter_values(request)
    form = FormState(values=dict(values))
    rows: list[LicenceOut] = []
    try:
        filters = LicenceFilters.model_validate(values)
    except ValidationError as exc:
        form.errors = errors_from_validation(exc, request)
        status_code = 422
    else:
        status_code = 200
        rows = await service.list_licences(
            uow, actor=user, statuses=[filters.status] if filters.status else None,
            country=filters.country, expiring_before=filters.expiring_before,
            limit=PAGE, offset=offset)
    statuses = labels(_, LICENCE_STATUS)
    return render(request, "ministry/licences.html", {
        "licences": rows, "form": form, "offset": offset, "limit": PAGE,
        "statuses": statuses, "status_options": list(statuses.items()),
        "country_options": coded_country_options(request_language(request)),
        "countries": country_names(request),
        "page_url": query_url("/ministry/licences", **values),
        "csv_url": query_url("/ministry/licences.csv", **values).rstrip("?&"),
    }, status_code=status_code)


@router.get("/licences.csv")
async def licences_csv(request: Request, uow: Uow, user: User) -> Response:
    """The licences matching the filters as CSV, the same file the API gives."""
    try:
        filters = LicenceFilters.model_validate(_filter_values(request))
    except ValidationError as exc:
        _ = gettext_for(request)
        first = next(iter(errors_from_validation(exc, request).items()))
        return error_page(request, 422, _("Invalid request"), f"{first[0]}: {first[1]}")
    return await export_licences(
        uow, user, status_=[filters.status] if filters.status else None,
        country=filters.country, expiring_before=filters.expiring_before)


def _action_form(licence: LicenceOut, action: str, today: date) -> FormState:
    values: dict[str, Any] = {"action": action}
    if action == LicenceAction.GRANT:
        values |= {"countries": list(licence.countries), "valid_from": today.isoformat()}
    return FormState(values=values)


async def _licence_page(
    request: Request, uow: Uow, user: User, licence_id: int, *,
    failed: FormState | None = None, status_code: int = 200,
) -> Response:
    _ = gettext_for(request)
    licence = await service.get_licence(uow, licence_id=licence_id, actor=user)
    agency = await service.get_agency(uow, agency_id=licence.agency_id, actor=user)
    entries = history_entries(request, [
        e for e in await service.agency_history(uow, agency_id=licence.agency_id)
        if e["entity_type"] == "licence" and e["entity_id"] == str(licence_id)])
    applied_for = next((list(e["data"].get("countries") or []) for e in entries
                        if e["action"] == "apply"), list(licence.countries))
    today = utc_today()
    forms = {action: _action_form(licence, action, today)
             for action in licence.allowed_actions}
    problem = None
    if failed is not None:
        failed_action = failed.values.get("action")
        problem = failed.errors.get("__all__")
        if failed_action in forms:
            failed.errors = {k: v for k, v in failed.errors.items() if k != "__all__"}
            forms[failed_action] = failed
    for form in forms.values():
        # The page shows the licence as it is now: act on this version, or be told.
        form.values["expected_version"] = licence.version
    years = get_settings().licence_validity_years
    return render(request, "ministry/licence.html", {
        "licence": licence, "agency": agency, "history": entries, "applied_for": applied_for,
        "forms": forms, "problem": problem,
        "reason_required": {a.value for a in REASON_REQUIRED},
        "validity_years": years, "grant_until": validity_period(today, years)[1],
        "latest_start": today + timedelta(days=90),
        "statuses": labels(_, LICENCE_STATUS),
        "agency_statuses": labels(_, AGENCY_STANDING),
        "actions": labels(_, LICENCE_ACTION),
        "history_actions": labels(_, AUDIT_ACTION),
        "roles": labels(_, ROLE_MINISTRY),
        "countries": country_names(request),
    }, status_code=status_code)


@router.get("/licences/{licence_id}", response_class=HTMLResponse)
async def licence_page(request: Request, uow: Uow, user: User, licence_id: Id) -> Response:
    """One licence: its agency and people, countries, history and the actions open now."""
    return await _licence_page(request, uow, user, licence_id)


def _start_refused(values: dict[str, Any], action: object) -> InvalidInput | None:
    """The domain's word on a grant's first day as typed, if it is a date at all."""
    if action != LicenceAction.GRANT or not values.get("valid_from"):
        return None
    try:
        start = date.fromisoformat(str(values["valid_from"]))
    except ValueError:
        return None
    return service.grant_start_refused(start, utc_today())


@router.post("/licences/{licence_id}/act", response_class=HTMLResponse)
async def licence_act(request: Request, uow: Uow, user: User, licence_id: Id) -> Response:
    """Start review, grant, refuse, suspend, reinstate, revoke or renew, with the reason."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        action = values.get("action")
        unreasoned = InvalidInput("reason", "licence.reason_required", action=action) \
            if action in {a.value for a in REASON_REQUIRED} and not values.get("reason") \
            else None
        data: dict[str, Any] = {"action": action, "reason": values.get("reason"),
                                "expected_version": values.get("expected_version")}
        if action == LicenceAction.GRANT:
            data |= {"valid_from": values.get("valid_from"),
                     "countries": values.get("countries")}
        try:
            command = TransitionIn.model_validate(data)
        except ValidationError as exc:
            raise refused_together(request, exc, unreasoned,
                                   _start_refused(values, action)) from exc
        if unreasoned is not None:
            raise refused_together(request, None, unreasoned, _start_refused(values, action))
        licence = await service.transition_licence(uow, licence_id=licence_id,
                                                   command=command, actor=user,
                                                   today=utc_today())
        return Done(f"/ministry/licences/{licence_id}", _(LICENCE_DONE[str(action)]) % {
            "number": licence.number or "", "until": local_date(request, licence.valid_until)})

    async def again(form: FormState, status: int) -> Response:
        return await _licence_page(request, uow, user, licence_id, failed=form,
                                   status_code=status)

    return await submit(request, uow, work, again=again, fields=ACTION_FIELDS,
                        lists=("countries",))
