"""Disputes the centre files for its migrants: the form with the evidence files (against an
agency in the register found by name, whatever its licence status, or a recruiter who is
not in the register), the case page (its state, deadlines, who handles it, history and
evidence) and the centre's cases."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from api.deps import TooManyFilings, Uow, filing_limit
from api.web.centre_common import ERROR_WORDS, User, existing_id, own_migrant, record_id
from api.web.centre_forms import work_countries
from api.web.common import (
    FormState,
    format_wait,
    gettext_for,
    read_form,
    render,
    request_language,
)
from api.web.dispute_common import (
    CLAIM_CURRENCIES,
    DISPUTE_FIELDS,
    EVIDENCE_FIELDS,
    agencies_found,
    agencies_named,
    agency_options,
    dispute_data,
    file_size,
    handlers,
    referral_mismatches,
    searched_form,
    searched_name,
    term_words,
    uploads,
)
from api.web.forms import Done, Refusal, refused_together, submit
from api.web.labels import (
    AGENCY_STANDING,
    CONTRACT_TERM,
    DISPUTE_HISTORY_CENTRE,
    DISPUTE_KIND_CENTRE,
    DISPUTE_STAGE_CENTRE,
    DISPUTE_STATUS_CENTRE,
    FOUND_VIA,
    LICENCE_HOLD,
    PARTY,
    PROVISION,
    REFERRAL_STATUS_CENTRE,
    ROLE_CENTRE,
    WAGE_PERIOD,
    label,
    labels,
)
from api.web.mission_routing import routing_words
from core.auth import Principal
from core.clock import utc_today
from core.config import get_settings
from core.db import UnitOfWork
from disputes import service as dispute_service
from disputes.rules import DisputeStatus
from disputes.schemas import (
    DisputeIn,
    DisputeOut,
    DisputeSummaryOut,
)
from matching import migrants, referrals
from matching.schemas import MigrantOut
from registry.schemas import AgencyOut

router = APIRouter()

PAGE = 25
# How many of the centre's newest cases the migrant page looks through for the migrant's.
CASES_SCANNED = 40


def _now() -> datetime:
    return datetime.now(UTC)


async def migrant_cases(uow: UnitOfWork, user: Principal, migrant_id: int
                        ) -> tuple[list[DisputeOut], bool]:
    """The migrant's cases among the centre's newest, and whether all were looked at (the
    list of cases names no migrant, so each case is read)."""
    now, today = _now(), utc_today()
    newest = await dispute_service.list_disputes(uow, actor=user, limit=CASES_SCANNED,
                                                 now=now)
    found = []
    for summary in newest:
        case = await dispute_service.get_dispute(uow, dispute_id=summary.id, actor=user,
                                                 now=now, today=today)
        if case.migrant_id == migrant_id:
            found.append(case)
    return found, len(newest) < CASES_SCANNED


def _names(request: Request) -> dict[str, Any]:
    _ = gettext_for(request)
    return {"case_states": labels(_, DISPUTE_STATUS_CENTRE),
            "kinds": labels(_, DISPUTE_KIND_CENTRE),
            "stages": labels(_, DISPUTE_STAGE_CENTRE)}


# --- filing ----------------------------------------------------------------------------


async def _dispute_form(request: Request, uow: UnitOfWork, user: Principal,
                        migrant: MigrantOut, form: FormState, *, status: int = 200,
                        agency_q: str | None = None, found: list[AgencyOut] | None = None,
                        referral: int | None = None) -> Response:
    _ = gettext_for(request)
    language = request_language(request)
    states = labels(_, REFERRAL_STATUS_CENTRE)
    their_referrals = await referrals.list_referrals(
        uow, actor=user, statuses=None, vacancy_id=None, migrant_id=migrant.id, limit=100,
        offset=0, today=utc_today())
    settings = get_settings()
    statuses = labels(_, AGENCY_STANDING)
    return render(request, "centre/dispute_new.html", {
        "form": form, "m": migrant, "agency_q": agency_q or "", "referral": referral,
        "found": [(a.id, a.legal_name, a.status, statuses.get(a.status, a.status))
                  for a in found or []],
        "opts": {
            "kinds": list(labels(_, DISPUTE_KIND_CENTRE).items()),
            "referrals": [(str(r.id), f"{r.vacancy.title} — {r.agency_name} "
                                      f"({states.get(r.status.value, r.status.value)})")
                          for r in their_referrals],
            "agencies": await agency_options(
                request, uow, known={r.agency_id for r in their_referrals}, found=found or [],
                chosen=form.values.get("agency_id")),
            "found_via": list(labels(_, FOUND_VIA).items()),
            "countries": work_countries(language),
            "currencies": [(c, c) for c in CLAIM_CURRENCIES],
            "periods": list(labels(_, WAGE_PERIOD).items()),
            "provisions": list(labels(_, PROVISION).items()),
        },
        "max_files": settings.evidence_max_files,
        "max_mb": max(1, settings.evidence_max_bytes // (1024 * 1024)),
    }, status_code=status)


@router.get("/disputes/new", response_class=HTMLResponse)
async def dispute_page(request: Request, uow: Uow, user: User,
                       migrant: int | None = None, referral: int | None = None,
                       agency_q: str | None = Query(None, max_length=200)) -> Response:
    """File a dispute: first the migrant, then (found by name if need be) the agency or the
    recruiter it is against, what happened, with the evidence files."""
    if migrant is None:
        choices = await migrants.list_migrants(uow, actor=user, query=None, prescreened=None,
                                               centre_id=None, limit=500, offset=0)
        return render(request, "centre/dispute_pick.html", {
            "choices": [(str(m.id), f"{m.full_name} (№{m.id})") for m in choices]})
    chosen = await own_migrant(uow, user, migrant)
    values: dict[str, Any] = {"migrant_id": str(chosen.id)}
    if referral is not None:
        about = await referrals.get_referral(uow, referral_id=existing_id(referral, "referral"),
                                             actor=user, today=utc_today())
        if about.migrant.id == chosen.id:
            values |= {"referral_id": str(about.id), "country": about.vacancy.country,
                       "employer_name": about.vacancy.employer_name}
    return await _with_agencies(request, uow, user, chosen, FormState(values=values),
                                agency_q or "")


@router.post("/disputes/new/find", response_class=HTMLResponse)
async def find_agency(request: Request, uow: Uow, user: User) -> Response:
    """The filing form again with the agencies found by name and all that was typed kept:
    the search is a button of the filing form itself, so that a worker who looks for the
    agency after writing down what happened loses none of it."""
    form, query = await searched_form(request)
    chosen = await own_migrant(uow, user, form.values.get("migrant_id"))
    return await _with_agencies(request, uow, user, chosen, form, query)


async def _with_agencies(request: Request, uow: UnitOfWork, user: Principal,
                         migrant: MigrantOut, form: FormState, query: str) -> Response:
    """The filing form with the agencies whose name matches `query`."""
    query = query.strip()
    return await _dispute_form(request, uow, user, migrant, form, agency_q=query,
                               found=await agencies_found(uow, form, query),
                               referral=record_id(form.values.get("referral_id")))


@router.post("/disputes/new", response_class=HTMLResponse)
async def file_dispute(request: Request, uow: Uow, user: User) -> Response:
    """File the dispute and attach its evidence together: a refused file files nothing."""
    _ = gettext_for(request)
    migrant = await own_migrant(uow, user, (await read_form(request)).get("migrant_id"))
    files = await uploads(request)
    retry_after: list[int] = []

    async def work(values: dict[str, Any]) -> Done:
        their = await referrals.list_referrals(
            uow, actor=user, statuses=None, vacancy_id=None, migrant_id=migrant.id, limit=100,
            offset=0, today=utc_today())
        mismatched = referral_mismatches(values, their, record_id)
        try:
            data = DisputeIn.model_validate(dispute_data(values))
        except ValidationError as exc:
            raise refused_together(request, exc, *mismatched, words=ERROR_WORDS) from exc
        if mismatched:
            raise refused_together(request, None, *mismatched)
        try:
            case = await dispute_service.file_dispute(uow, data=data, actor=user, now=_now(),
                                                      today=utc_today(),
                                                      admit=filing_limit(request, uow))
        except TooManyFilings as exc:
            retry_after.append(exc.retry_after)
            wait = format_wait(exc.retry_after, request_language(request))
            raise Refusal({"__all__": _(
                "As many disputes as may be filed for one person in a day have been filed "
                "for this migrant. Nothing was filed; please try again in %(wait)s.")
                % {"wait": wait}}, 429) from exc
        if files:
            await dispute_service.add_evidence(uow, dispute_id=case.id, uploads=files,
                                               actor=user)
        url = f"/centre/disputes/{case.id}"
        if case.joined:
            return Done(url, _(
                "This migrant already has an open case of this kind against the same "
                "party: %(reference)s. No new case was opened; what you sent was added to "
                "it.") % {"reference": case.reference})
        return Done(url, _("Case %(reference)s is filed and routed.")
                    % {"reference": case.reference})

    async def again(form: FormState, status: int) -> Response:
        # The agency searched for stays typed, with what it found.
        query = searched_name(form.values)
        page = await _dispute_form(request, uow, user, migrant, form, status=status,
                                   agency_q=query, found=await agencies_named(uow, query),
                                   referral=record_id(form.values.get("referral_id")))
        if retry_after:
            page.headers["Retry-After"] = str(retry_after[0])
        return page

    return await submit(request, uow, work, again=again, fields=DISPUTE_FIELDS.values(),
                        rename=DISPUTE_FIELDS, words=ERROR_WORDS)


# --- the centre's cases ----------------------------------------------------------------


@router.get("/disputes", response_class=HTMLResponse)
async def dispute_list(request: Request, uow: Uow, user: User, state: str | None = None,
                       offset: int = Query(0, ge=0, le=1_000_000)) -> Response:
    """The cases the centre filed, newest first, by state."""
    statuses = [DisputeStatus(state)] if state in DISPUTE_STATUS_CENTRE else None
    found: list[DisputeSummaryOut] = await dispute_service.list_disputes(
        uow, actor=user, statuses=statuses, limit=PAGE, offset=offset, now=_now())
    return render(request, "centre/disputes.html", {
        "cases": found, "state": state if statuses else "", "offset": offset, "limit": PAGE,
        "pager_url": f"/centre/disputes?{f'state={state}&' if statuses else ''}",
        **_names(request),
    })


async def _case_page(request: Request, uow: UnitOfWork, user: Principal, dispute_id: int,
                     *, evidence_form: FormState | None = None, status: int = 200
                     ) -> Response:
    _ = gettext_for(request)
    case = await dispute_service.get_dispute(uow, dispute_id=dispute_id, actor=user,
                                             now=_now(), today=utc_today())
    history = await dispute_service.get_history(uow, dispute_id=dispute_id, actor=user)
    settings = get_settings()
    return render(request, "centre/dispute.html", {
        "case": case, "history": history, **await handlers(uow, case),
        "events": labels(_, DISPUTE_HISTORY_CENTRE), "roles": labels(_, ROLE_CENTRE),
        "hold_words": labels(_, LICENCE_HOLD), "parties": labels(_, PARTY),
        "terms": labels(_, CONTRACT_TERM), "provisions": labels(_, PROVISION),
        "evidence_form": evidence_form or FormState(),
        "sizes": {f.id: file_size(request, f.size_bytes) for f in case.evidence},
        "term_text": term_words(request),
        "takes_evidence": case.status not in (DisputeStatus.CLOSED, DisputeStatus.WITHDRAWN),
        "max_files": settings.evidence_max_files,
        "max_mb": max(1, settings.evidence_max_bytes // (1024 * 1024)),
        "kind": label(_, DISPUTE_KIND_CENTRE, case.kind.value),
        "found_via": labels(_, FOUND_VIA), "routing_words": routing_words(request),
        **_names(request),
    }, status_code=status)


@router.get("/disputes/{dispute_id}", response_class=HTMLResponse)
async def case_page(request: Request, uow: Uow, user: User, dispute_id: int) -> Response:
    """One case as the centre follows it: state, deadline, who handles it, history and
    evidence."""
    return await _case_page(request, uow, user, existing_id(dispute_id, "dispute"))


@router.post("/disputes/{dispute_id}/evidence", response_class=HTMLResponse)
async def add_evidence(request: Request, uow: Uow, user: User, dispute_id: int) -> Response:
    """Attach more evidence files the migrant brought."""
    _ = gettext_for(request)
    dispute_id = existing_id(dispute_id, "dispute")
    files = await uploads(request)

    async def work(values: dict[str, Any]) -> Done:
        added = await dispute_service.add_evidence(uow, dispute_id=dispute_id,
                                                   uploads=files, actor=user)
        return Done(f"/centre/disputes/{dispute_id}#evidence",
                    _("%(count)s evidence files added.") % {"count": len(added)})

    async def again(form: FormState, status: int) -> Response:
        return await _case_page(request, uow, user, dispute_id,
                                evidence_form=FormState({}, form.errors, form.token),
                                status=status)

    return await submit(request, uow, work, again=again, fields=EVIDENCE_FIELDS.values(),
                        rename=EVIDENCE_FIELDS, words=ERROR_WORDS)


@router.get("/disputes/{dispute_id}/evidence/{evidence_id}")
async def evidence_file(request: Request, uow: Uow, user: User, dispute_id: int,
                        evidence_id: int) -> Response:
    """One evidence file, served only if it still matches its checksum."""
    meta, content = await dispute_service.read_evidence(
        uow, dispute_id=existing_id(dispute_id, "dispute"),
        evidence_id=existing_id(evidence_id, "evidence file"), actor=user)
    return Response(content, media_type=meta.content_type, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(meta.filename)}",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    })
