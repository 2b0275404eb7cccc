"""Disputes the centre files for its migrants: the form with the evidence files (against an
agency in the register found by name, whatever its licence status, or a recruiter who is
not in the register), the case page (its state, deadlines, who handles it, history and
evidence) and the centre's cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from babel.dates import format_timedelta
from babel.numbers import format_decimal
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from api.deps import TooManyFilings, Uow, filing_limit
from api.web.centre_common import (
    CASE_EVENTS,
    DISPUTE_KINDS,
    DISPUTE_STATUSES,
    PERIODS,
    PROVISIONS,
    REFERRAL_STATUSES,
    ROLES,
    STAGES,
    TERMS,
    User,
    attempt,
    existing_id,
    label,
    labels,
    own_migrant,
    record_id,
    refused,
)
from api.web.centre_forms import countries
from api.web.common import (
    FormState,
    claim_form,
    finish_form,
    form_token,
    gettext_for,
    read_form,
    redirect,
    release_form,
    render,
    request_language,
)
from api.web.finding import CURRENCIES
from api.web.ministry_common import AGENCY_STATUSES
from api.web.recruiter_words import FOUND_VIA
from core.auth import SYSTEM, Principal
from core.clock import utc_today
from core.config import get_settings
from core.db import UnitOfWork
from disputes import service as dispute_service
from disputes.evidence import Upload
from disputes.rules import DisputeStatus
from disputes.schemas import (
    DisputeIn,
    DisputeOut,
    DisputeSummaryOut,
    EvidenceOut,
    FiledDisputeOut,
)
from labour_attache import service as attache_service
from matching import migrants, referrals
from matching.schemas import MigrantOut, ReferralOut
from registry import service as registry_service
from registry.exceptions import NotFound as RegistryNotFound
from registry.schemas import AgencyOut

router = APIRouter()

PAGE = 25
# How many agencies a search by name lists.
AGENCIES_FOUND = 20
# How many of the centre's newest cases the migrant page looks through for the migrant's.
CASES_SCANNED = 40
# Wages are claimed in the currency of the country of work or of home.
CLAIM_CURRENCIES = tuple(dict.fromkeys((*CURRENCIES, "KGS", "TJS", "UZS")))

# The form's field for each path the domain may name in an error.
DISPUTE_FIELDS = {
    "kind": "kind", "migrant_id": "migrant_id", "referral_id": "referral_id",
    "vacancy_id": "vacancy_id", "agency_id": "agency_id", "employer_name": "employer_name",
    "employer_registration_number": "employer_registration_number", "country": "country",
    "region": "region", "description": "description", "claimed": "claimed_amount",
    "claimed.amount": "claimed_amount", "claimed.currency": "claimed_currency",
    "reported_terms": "wage_amount", "reported_terms.wage": "wage_amount",
    "reported_terms.wage.amount": "wage_amount",
    "reported_terms.wage.currency": "wage_currency",
    "reported_terms.wage.period": "wage_period",
    "reported_terms.hours_per_week": "hours_per_week",
    "reported_terms.housing": "housing", "reported_terms.meals": "meals",
    "reported_terms.fee_paid": "fee_amount", "reported_terms.fee_paid.amount": "fee_amount",
    "reported_terms.fee_paid.currency": "fee_currency", "files": "files",
    "recruiter": "recruiter_name", "recruiter.full_name": "recruiter_name",
    "recruiter.phone": "recruiter_phone", "recruiter.address": "recruiter_address",
    "recruiter.found_via": "recruiter_found_via",
    "recruiter.found_via_detail": "recruiter_found_via_detail",
}
RECRUITER_FIELDS = {"full_name": "recruiter_name", "phone": "recruiter_phone",
                    "address": "recruiter_address", "found_via": "recruiter_found_via",
                    "found_via_detail": "recruiter_found_via_detail"}
EVIDENCE_FIELDS = {"files": "files"}


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
    return {"case_states": labels(request, DISPUTE_STATUSES),
            "kinds": labels(request, DISPUTE_KINDS), "stages": labels(request, STAGES)}


# --- filing ----------------------------------------------------------------------------


def _present(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None}


def dispute_data(values: dict[str, Any]) -> dict[str, Any]:
    """What was typed, shaped as DisputeIn (blank fields left out)."""
    data = _present({name: values.get(name) for name in (
        "kind", "migrant_id", "referral_id", "vacancy_id", "agency_id", "employer_name",
        "employer_registration_number", "country", "region", "description")})
    if values.get("claimed_amount") or values.get("claimed_currency"):
        data["claimed"] = _present({"amount": values.get("claimed_amount"),
                                    "currency": values.get("claimed_currency")})
    terms: dict[str, Any] = _present({
        "hours_per_week": values.get("hours_per_week"), "housing": values.get("housing"),
        "meals": values.get("meals")})
    if values.get("wage_amount") or values.get("wage_currency"):
        terms["wage"] = _present({"amount": values.get("wage_amount"),
                                  "currency": values.get("wage_currency"),
                                  "period": values.get("wage_period") or "month"})
    if values.get("fee_amount") or values.get("fee_currency"):
        terms["fee_paid"] = _present({"amount": values.get("fee_amount"),
                                      "currency": values.get("fee_currency")})
    if terms:
        data["reported_terms"] = terms
    recruiter = _present({key: values.get(name) for key, name in RECRUITER_FIELDS.items()})
    if recruiter:
        data["recruiter"] = recruiter
    return data


async def _uploads(request: Request) -> list[Upload]:
    """The files chosen (an empty file field sends one nameless, empty part)."""
    limit = get_settings().evidence_max_bytes
    form = await request.form()
    uploads = []
    for item in form.getlist("files"):
        if isinstance(item, UploadFile) and (item.filename or item.size):
            uploads.append(Upload(filename=item.filename or "evidence",
                                  claimed_type=item.content_type,
                                  content=await item.read(limit + 1)))
    return uploads


async def _standing(uow: UnitOfWork, agency_id: int) -> tuple[str, str] | None:
    """An agency's name and status in the register, or None if there is no such agency."""
    try:
        agency = await registry_service.get_agency(uow, agency_id=agency_id, actor=SYSTEM)
    except RegistryNotFound:
        return None
    return agency.legal_name, agency.status


async def _agencies(request: Request, uow: UnitOfWork, their_referrals: list[ReferralOut],
                    found: list[AgencyOut], chosen: Any) -> list[tuple[str, str]]:
    """The agencies of the migrant's referrals, every agency licensed today, those found by
    name and the one chosen, by name, each with its licence status."""
    standing: dict[int, tuple[str, str]] = {a.id: (a.legal_name, a.status) for a in found}
    for agency_id in {r.agency_id for r in their_referrals} | {record_id(chosen) or 0}:
        if agency_id and agency_id not in standing and \
                (known := await _standing(uow, agency_id)) is not None:
            standing[agency_id] = known
    for agency_id, licence in (await registry_service.recruiting_agencies(
            uow, today=utc_today())).items():
        standing.setdefault(agency_id, (licence.agency_name, "licensed"))
    statuses = labels(request, AGENCY_STATUSES)
    return sorted(((str(i), f"{name} — {statuses.get(status, status)}")
                   for i, (name, status) in standing.items()),
                  key=lambda p: p[1].casefold())


async def _dispute_form(request: Request, uow: UnitOfWork, user: Principal,
                        migrant: MigrantOut, form: FormState, *, status: int = 200,
                        agency_q: str | None = None, found: list[AgencyOut] | None = None,
                        referral: int | None = None) -> Response:
    _ = gettext_for(request)
    language = request_language(request)
    states = labels(request, REFERRAL_STATUSES)
    their_referrals = await referrals.list_referrals(
        uow, actor=user, statuses=None, vacancy_id=None, migrant_id=migrant.id, limit=100,
        offset=0, today=utc_today())
    settings = get_settings()
    statuses = labels(request, AGENCY_STATUSES)
    return render(request, "centre/dispute_new.html", {
        "form": form, "m": migrant, "agency_q": agency_q or "", "referral": referral,
        "found": [(a.id, a.legal_name, a.status, statuses.get(a.status, a.status))
                  for a in found or []],
        "opts": {
            "kinds": list(labels(request, DISPUTE_KINDS).items()),
            "referrals": [(str(r.id), f"{r.vacancy.title} — {r.agency_name} "
                                      f"({states.get(r.status.value, r.status.value)})")
                          for r in their_referrals],
            "agencies": await _agencies(request, uow, their_referrals, found or [],
                                        form.values.get("agency_id")),
            "found_via": list(labels(request, FOUND_VIA).items()),
            "countries": countries(language),
            "currencies": [(c, c) for c in CLAIM_CURRENCIES],
            "periods": list(labels(request, PERIODS).items()),
            "provisions": list(labels(request, PROVISIONS).items()),
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
    query = (agency_q or "").strip()
    found = await registry_service.list_agencies(uow, query=query, limit=AGENCIES_FOUND,
                                                 offset=0) if query else []
    if len(found) == 1 and "referral_id" not in values:
        values["agency_id"] = str(found[0].id)
    return await _dispute_form(request, uow, user, chosen, FormState(values=values),
                               agency_q=query, found=found, referral=referral)


@router.post("/disputes/new", response_class=HTMLResponse)
async def file_dispute(request: Request, uow: Uow, user: User) -> Response:
    """File the dispute and attach its evidence together: a refused file files nothing."""
    _ = gettext_for(request)
    token = await form_token(request)
    if done := await claim_form(request, token):
        return redirect(done)
    values = await read_form(request)
    migrant = await own_migrant(uow, user, values.get("migrant_id"))
    uploads = await _uploads(request)

    async def work() -> FiledDisputeOut:
        data = DisputeIn.model_validate(dispute_data(values))
        case = await dispute_service.file_dispute(uow, data=data, actor=user, now=_now(),
                                                  today=utc_today(),
                                                  admit=filing_limit(request))
        if uploads:
            await dispute_service.add_evidence(uow, dispute_id=case.id, uploads=uploads,
                                               actor=user)
        return case

    try:
        case, errors, status = await attempt(request, uow, token, DISPUTE_FIELDS, work)
    except TooManyFilings as exc:
        await release_form(request, token)
        wait = format_timedelta(timedelta(seconds=exc.retry_after), threshold=1,
                                locale=request_language(request))
        page = await _dispute_form(request, uow, user, migrant, refused(values, {
            "__all__": _("As many disputes as may be filed for one person in a day have been "
                         "filed for this migrant. Nothing was filed; please try again in "
                         "%(wait)s.") % {"wait": wait}}, token), status=429)
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    if case is None:
        return await _dispute_form(request, uow, user, migrant,
                                   refused(values, errors, token), status=status)
    url = f"/centre/disputes/{case.id}"
    finish_form(request, uow, token, url)
    if case.joined:
        return redirect(url, flash=_(
            "This migrant already has an open case of this kind against the same party: "
            "%(reference)s. No new case was opened; what you sent was added to it.")
            % {"reference": case.reference})
    return redirect(url, flash=_("Case %(reference)s is filed and routed.")
                    % {"reference": case.reference})


# --- the centre's cases ----------------------------------------------------------------


@router.get("/disputes", response_class=HTMLResponse)
async def dispute_list(request: Request, uow: Uow, user: User, state: str | None = None,
                       offset: int = Query(0, ge=0, le=1_000_000)) -> Response:
    """The cases the centre filed, newest first, by state."""
    statuses = [DisputeStatus(state)] if state in DISPUTE_STATUSES else None
    found: list[DisputeSummaryOut] = await dispute_service.list_disputes(
        uow, actor=user, statuses=statuses, limit=PAGE, offset=offset, now=_now())
    return render(request, "centre/disputes.html", {
        "cases": found, "state": state if statuses else "", "offset": offset, "limit": PAGE,
        "pager_url": f"/centre/disputes?{f'state={state}&' if statuses else ''}",
        **_names(request),
    })


async def _handlers(uow: UnitOfWork, case: DisputeOut) -> dict[str, Any]:
    """Who handles the case: the mission, its attaché and the settlement body, by name."""
    mission = await attache_service.get_mission(uow, mission_id=case.mission_id) \
        if case.mission_id else None
    attache = None
    if case.mission_id and case.assigned_attache_id:
        attache = next((a for a in await attache_service.mission_attaches(
            uow, mission_id=case.mission_id) if a["id"] == case.assigned_attache_id), None)
    body_id = case.referred_body_id or case.settlement_body_id
    body = await attache_service.get_settlement_body(uow, settlement_body_id=body_id) \
        if body_id else None
    return {"mission": mission, "attache": attache, "body": body}


def _size(request: Request, size: int) -> str:
    """A file's size as people read it, in the page's language."""
    _ = gettext_for(request)
    language = request_language(request)
    if size < 1024:
        return _("%(size)s bytes") % {"size": size}
    if size < 1024 * 1024:
        return _("%(size)s KB") % {"size": format_decimal(round(size / 1024, 1), locale=language)}
    return _("%(size)s MB") % {
        "size": format_decimal(round(size / (1024 * 1024), 1), locale=language)}


async def _case_page(request: Request, uow: UnitOfWork, user: Principal, dispute_id: int,
                     *, evidence_form: FormState | None = None, status: int = 200
                     ) -> Response:
    case = await dispute_service.get_dispute(uow, dispute_id=dispute_id, actor=user,
                                             now=_now(), today=utc_today())
    history = await dispute_service.get_history(uow, dispute_id=dispute_id, actor=user)
    settings = get_settings()
    return render(request, "centre/dispute.html", {
        "case": case, "history": history, **await _handlers(uow, case),
        "events": labels(request, CASE_EVENTS), "roles": labels(request, ROLES),
        "terms": labels(request, TERMS), "provisions": labels(request, PROVISIONS),
        "evidence_form": evidence_form or FormState(),
        "sizes": {f.id: _size(request, f.size_bytes) for f in case.evidence},
        "takes_evidence": case.status not in (DisputeStatus.CLOSED, DisputeStatus.WITHDRAWN),
        "max_files": settings.evidence_max_files,
        "max_mb": max(1, settings.evidence_max_bytes // (1024 * 1024)),
        "kind": label(request, DISPUTE_KINDS, case.kind.value),
        "found_via": labels(request, FOUND_VIA),
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
    token = await form_token(request)
    if done := await claim_form(request, token):
        return redirect(done)
    uploads = await _uploads(request)

    async def work() -> list[EvidenceOut]:
        return await dispute_service.add_evidence(uow, dispute_id=dispute_id,
                                                  uploads=uploads, actor=user)

    added, errors, status = await attempt(request, uow, token, EVIDENCE_FIELDS, work)
    if added is None:
        return await _case_page(request, uow, user, dispute_id,
                                evidence_form=refused({}, errors, token), status=status)
    url = f"/centre/disputes/{dispute_id}#evidence"
    finish_form(request, uow, token, url)
    return redirect(url, flash=_("%(count)s evidence files added.") % {"count": len(added)})


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
