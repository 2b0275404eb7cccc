"""Pages for the staff of a migrant resource centre: find and register migrants with their
consent, record pre-screening, and follow each migrant's referrals and cases. The job
search, referrals and disputes live in centre_search and centre_disputes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.web import centre_disputes, centre_notices, centre_search
from api.web.centre_common import (
    ERROR_WORDS,
    User,
    existing_id,
    missing_in_words,
    own_migrant,
    record_id,
)
from api.web.centre_forms import (
    LIST_FIELDS,
    MIGRANT_FIELDS,
    language_rows,
    migrant_options,
    profile_values,
    registration_data,
    update_data,
)
from api.web.common import (
    HTML_LANG,
    N_,
    FormState,
    gettext_for,
    language_name,
    mark_page,
    render,
    request_language,
    translations,
)
from api.web.forms import Done, submit
from api.web.labels import (
    DISPUTE_KIND_CENTRE,
    DISPUTE_STAGE_CENTRE,
    DISPUTE_STATUS_CENTRE,
    EDUCATION,
    PRESCREENING_ITEM,
    REFERRAL_STATUS_CENTRE,
    labels,
)
from core.auth import Principal
from core.clock import utc_today
from core.config import get_settings
from core.db import UnitOfWork
from core.errors import NotFound
from disputes import service as dispute_service
from disputes.rules import OPEN_STATES
from matching import migrants, referrals
from matching.schemas import MigrantIn, MigrantOut, MigrantUpdate, PrescreeningIn

router = APIRouter(prefix="/centre", dependencies=[Depends(mark_page)],
                   include_in_schema=False)

PAGE = 25
COUNT_CAP = 500  # counted exactly up to here; beyond, the home page says "500+"
CHECKS = tuple(PRESCREENING_ITEM)


async def _count(uow: UnitOfWork, user: Principal, *, prescreened: bool) -> str:
    found = await migrants.list_migrants(uow, actor=user, query=None, prescreened=prescreened,
                                         centre_id=None, limit=COUNT_CAP + 1, offset=0)
    return f"{COUNT_CAP}+" if len(found) > COUNT_CAP else str(len(found))


@router.get("", response_class=HTMLResponse)
async def home(request: Request, uow: Uow, user: User) -> Response:
    """The counter: find a migrant, the latest registrations, referrals and open cases."""
    recent = await migrants.list_migrants(uow, actor=user, query=None, prescreened=None,
                                          centre_id=None, limit=10, offset=0)
    latest_referrals = await referrals.list_referrals(
        uow, actor=user, statuses=None, vacancy_id=None, migrant_id=None, limit=5, offset=0,
        today=utc_today())
    cases = await dispute_service.list_disputes(uow, actor=user, statuses=sorted(OPEN_STATES),
                                                by_deadline=True, limit=5,
                                                now=datetime.now(UTC))
    return render(request, "centre/home.html", {
        "recent": recent, "referrals": latest_referrals, "cases": cases,
        "prescreened": await _count(uow, user, prescreened=True),
        "waiting": await _count(uow, user, prescreened=False),
        **_names(request),
    })


def _names(request: Request) -> dict[str, Any]:
    _ = gettext_for(request)
    return {"referral_states": labels(_, REFERRAL_STATUS_CENTRE),
            "case_states": labels(_, DISPUTE_STATUS_CENTRE),
            "kinds": labels(_, DISPUTE_KIND_CENTRE),
            "stages": labels(_, DISPUTE_STAGE_CENTRE),
            "checks": labels(_, PRESCREENING_ITEM)}


@router.get("/migrants", response_class=HTMLResponse)
async def migrant_list(
    request: Request, uow: Uow, user: User, q: str | None = Query(None, max_length=200),
    state: str | None = None, offset: int = Query(0, ge=0, le=1_000_000),
) -> Response:
    """The centre's migrants, newest first: by part of the name (or the migrant's number),
    pre-screened or still waiting."""
    text = (q or "").strip()
    prescreened = {"prescreened": True, "waiting": False}.get(state or "")
    found = await migrants.list_migrants(uow, actor=user, query=text or None,
                                         prescreened=prescreened, centre_id=None, limit=PAGE,
                                         offset=offset)
    by_number: MigrantOut | None = None
    if text.isdigit() and offset == 0 and record_id(text):
        try:
            by_number = await own_migrant(uow, user, text)
        except NotFound:
            by_number = None
    if by_number is not None and all(m.id != by_number.id for m in found):
        found = [by_number, *found]
    query = urlencode([(k, v) for k, v in (("q", text), ("state", state or "")) if v])
    return render(request, "centre/migrants.html", {
        "migrants": found, "q": text, "state": state or "", "offset": offset, "limit": PAGE,
        "pager_url": f"/centre/migrants?{query}{'&' if query else ''}",
    })


# --- registration ----------------------------------------------------------------------


# What a migrant consents to, read to them before anything is recorded.
CONSENT_TEXT = N_(
    "The migrant resource centre records my name, date of birth, contacts, passport number, "
    "work experience, languages and wishes, to find verified jobs with me, to refer me to "
    "licensed recruitment agencies and to help me with disputes. My passport number is "
    "stored encrypted. An agency I am referred to sees only my name and work profile. I may "
    "ask the centre to correct my data at any time.")


def _migrant_form_context(request: Request, form: FormState) -> dict[str, Any]:
    _ = gettext_for(request)
    page = request_language(request)
    return {"form": form, "opts": migrant_options(page, _),
            "rows": language_rows(form.values),
            # The consent text in the page's language, and in each language of the region
            # a migrant may understand better, to read to them in theirs.
            "consent_text": _(CONSENT_TEXT),
            "consent_texts": [(language_name(language, language), HTML_LANG.get(
                language, language), translations(language).gettext(CONSENT_TEXT))
                for language in ("ky", "uz", "tg", "ru") if language != page]}


@router.get("/migrants/new", response_class=HTMLResponse)
async def register_page(request: Request, user: User) -> Response:
    """The registration form, with the consent text the migrant agrees to."""
    form = FormState(values={"consent_version": get_settings().consent_version,
                             "citizenship": "KG"})
    return render(request, "centre/register.html", {
        **_migrant_form_context(request, form),
        "consent_version": get_settings().consent_version})


@router.post("/migrants/new", response_class=HTMLResponse)
async def register(request: Request, uow: Uow, user: User) -> Response:
    """Register a migrant who consented; a second sending of the same form registers no one
    twice."""
    _ = gettext_for(request)
    version = get_settings().consent_version

    async def work(values: dict[str, Any]) -> Done:
        data = MigrantIn.model_validate(registration_data(values, version))
        migrant = await migrants.register_migrant(uow, data=data, actor=user)
        return Done(f"/centre/migrants/{migrant.id}", _(
            "%(name)s is registered. Record the pre-screening next.")
            % {"name": migrant.full_name})

    async def again(form: FormState, status: int) -> Response:
        return render(request, "centre/register.html", {
            **_migrant_form_context(request, form), "consent_version": version,
        }, status_code=status)

    return await submit(request, uow, work, again=again, fields=MIGRANT_FIELDS.values(),
                        rename=MIGRANT_FIELDS, words=ERROR_WORDS, lists=LIST_FIELDS,
                        drop=("password",))


# --- one migrant -----------------------------------------------------------------------


async def _migrant_page(request: Request, uow: UnitOfWork, user: Principal, migrant_id: int,
                        *, checks: FormState | None = None, status: int = 200) -> Response:
    _ = gettext_for(request)
    migrant = await own_migrant(uow, user, migrant_id)
    their_referrals = await referrals.list_referrals(
        uow, actor=user, statuses=None, vacancy_id=None, migrant_id=migrant_id, limit=100,
        offset=0, today=utc_today())
    cases, scanned_all = await centre_disputes.migrant_cases(uow, user, migrant_id)
    screening = migrant.prescreening
    if checks is None:
        checks = FormState(values={c: "true" for c in CHECKS if getattr(screening, c)})
    return render(request, "centre/migrant.html", {
        "m": migrant, "referrals": their_referrals, "cases": cases,
        "scanned_all": scanned_all, "checks_form": checks,
        "missing": missing_in_words(request, screening.missing),
        "education": labels(_, EDUCATION),
        **_names(request),
    }, status_code=status)


@router.get("/migrants/{migrant_id}", response_class=HTMLResponse)
async def migrant_page(request: Request, uow: Uow, user: User, migrant_id: int) -> Response:
    """A migrant's profile (passport masked), pre-screening, referrals and cases."""
    return await _migrant_page(request, uow, user, existing_id(migrant_id, "migrant"))


@router.post("/migrants/{migrant_id}/prescreening", response_class=HTMLResponse)
async def record_prescreening(request: Request, uow: Uow, user: User,
                              migrant_id: int) -> Response:
    """Record the pre-screening checklist; complete, it unlocks matching and referrals."""
    _ = gettext_for(request)
    migrant_id = existing_id(migrant_id, "migrant")

    async def work(values: dict[str, Any]) -> Done:
        checks = PrescreeningIn(**{c: values.get(c) == "true" for c in CHECKS})
        migrant = await migrants.record_prescreening(uow, migrant_id=migrant_id,
                                                     checks=checks, actor=user)
        if migrant.prescreening.complete:
            flash = _("Pre-screening is complete: %(name)s can now be matched and referred.") \
                % {"name": migrant.full_name}
        else:
            flash = _("Pre-screening saved. Still missing: %(missing)s.") % {
                "missing": ", ".join(missing_in_words(request, migrant.prescreening.missing))}
        return Done(f"/centre/migrants/{migrant_id}#prescreening", flash)

    async def again(form: FormState, status: int) -> Response:
        return await _migrant_page(request, uow, user, migrant_id, checks=form,
                                   status=status)

    return await submit(request, uow, work, again=again, fields=CHECKS, words=ERROR_WORDS)


@router.get("/migrants/{migrant_id}/edit", response_class=HTMLResponse)
async def edit_page(request: Request, uow: Uow, user: User, migrant_id: int) -> Response:
    """Correct or update a migrant's profile."""
    migrant = await own_migrant(uow, user, migrant_id)
    form = FormState(values=profile_values(migrant))
    return render(request, "centre/edit.html", {**_migrant_form_context(request, form),
                                                "m": migrant})


@router.post("/migrants/{migrant_id}/edit", response_class=HTMLResponse)
async def edit(request: Request, uow: Uow, user: User, migrant_id: int) -> Response:
    """Save the corrected profile; every change is audited by the domain."""
    _ = gettext_for(request)
    migrant_id = existing_id(migrant_id, "migrant")

    async def work(values: dict[str, Any]) -> Done:
        data = MigrantUpdate.model_validate(update_data(values))
        await migrants.update_migrant(uow, migrant_id=migrant_id, data=data, actor=user)
        return Done(f"/centre/migrants/{migrant_id}", _("The profile is saved."))

    async def again(form: FormState, status: int) -> Response:
        current = await own_migrant(uow, user, migrant_id)
        return render(request, "centre/edit.html", {
            **_migrant_form_context(request, form), "m": current}, status_code=status)

    return await submit(request, uow, work, again=again, fields=MIGRANT_FIELDS.values(),
                        rename=MIGRANT_FIELDS, words=ERROR_WORDS, lists=LIST_FIELDS)


router.include_router(centre_search.router)
router.include_router(centre_disputes.router)
router.include_router(centre_notices.router)
