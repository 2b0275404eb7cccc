"""The centre's job search, with a migrant or for one: free text with filters, the matches
for a pre-screened migrant's profile with why each was found, and referring the migrant to
a vacancy; then following the centre's referrals."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow, rate_limited
from api.web.centre_common import (
    ERROR_WORDS,
    REFERRAL_STEPS,
    User,
    existing_id,
    missing_in_words,
    not_prescreened,
    own_migrant,
    record_id,
)
from api.web.common import FormState, gettext_for, render, request_language
from api.web.forms import Done, submit
from api.web.labels import PROVISION, REFERRAL_STATUS_CENTRE, WAGE_PERIOD, labels
from api.web.search_form import (
    more_from,
    more_url,
    options,
    run_search,
    search_values,
    shown_count,
    trades_asked,
)
from core.auth import Principal
from core.clock import utc_today
from core.db import UnitOfWork
from core.errors import NotFound
from matching import migrants, occupations, referrals, searching
from matching import vacancies as vacancy_service
from matching.exceptions import NotPrescreened, SearchUnavailable
from matching.rules import ReferralStatus
from matching.schemas import ReferralIn, VacancyOut

router = APIRouter()

REFERRAL_FIELDS = {"migrant_id": "migrant_id", "vacancy_id": "vacancy_id"}
PAGE = 25


def _refer_forms(results: list[dict[str, Any]] | None) -> dict[int, FormState]:
    """A form per result, so each "Refer" is sent at most once."""
    return {r["vacancy"]["id"]: FormState() for r in results or []}


async def _referred(uow: UnitOfWork, user: Principal, migrant_id: int | None) -> dict[int, int]:
    """The vacancies the migrant has a live referral to (any but a rejected one), with it:
    those offer the referral, not a second one the service would refuse."""
    if migrant_id is None:
        return {}
    theirs = await referrals.list_referrals(
        uow, actor=user, statuses=None, vacancy_id=None, migrant_id=migrant_id, limit=500,
        offset=0, today=utc_today())
    return {r.vacancy.id: r.id for r in theirs if r.status != ReferralStatus.REJECTED}


@router.get("/search", response_class=HTMLResponse,
            dependencies=[Depends(rate_limited("search", "search_rate_limit"))])
async def search(request: Request, uow: Uow, user: User,
                 migrant: int | None = Query(None)) -> Response:
    """Verified jobs by words and filters; with a migrant chosen, each can be referred."""
    chosen = await own_migrant(uow, user, migrant) if migrant is not None else None
    shown = shown_count(request)
    # With a migrant chosen, each result says which of the job's languages and skills
    # are theirs, and which languages they lack.
    seeker = searching.Seeker(skills=chosen.skills, languages=chosen.languages) \
        if chosen is not None else None
    form, results = await run_search(request, uow, search_values(request), k=shown,
                                     seeker=seeker)
    language = request_language(request)
    return render(request, "centre/search.html", {
        "form": form, "results": results, "opts": options(language),
        "asked": trades_asked(form.values, results, language),
        "more_url": more_url(request, shown, results), "more_from": more_from(shown),
        "migrant": chosen, "refer_forms": _refer_forms(results),
        "missing": missing_in_words(request, chosen.prescreening.missing) if chosen else [],
        "referred": await _referred(uow, user, chosen.id if chosen else None),
    }, status_code=422 if form.errors else 200)


@router.get("/migrants/{migrant_id}/matches", response_class=HTMLResponse)
async def matches(request: Request, uow: Uow, user: User, migrant_id: int,
                  q: str = Query("", max_length=500)) -> Response:
    """Jobs for a pre-screened migrant from the profile, each explained; until the
    checklist is complete, what is still missing instead."""
    migrant = await own_migrant(uow, user, migrant_id)
    _ = gettext_for(request)
    results: list[dict[str, Any]] | None = None
    missing, problem = [], None
    try:
        _query, results = await searching.matches_for_migrant(
            uow, backend=request.app.state.search_backend,
            embedder=await request.app.state.embedder, migrant_id=migrant_id, actor=user,
            k=20, today=utc_today(), text=q.strip(),
        )
    except NotPrescreened as exc:
        missing = missing_in_words(request, exc.missing)
    except SearchUnavailable:
        problem = _("The search is unavailable for a moment. Nothing saved is lost; please "
                    "try again shortly.")
    return render(request, "centre/matches.html", {
        "m": migrant, "results": results, "q": q, "missing": missing,
        "problem": problem, "refer_forms": _refer_forms(results),
        "referred": await _referred(uow, user, migrant_id),
    }, status_code=503 if problem else 200)


# --- referring -------------------------------------------------------------------------


async def _open_vacancy(uow: UnitOfWork, vacancy_id: int | None) -> VacancyOut | None:
    if vacancy_id is None:
        return None
    try:
        return await vacancy_service.get_vacancy(uow, vacancy_id=vacancy_id, actor=None,
                                                 today=utc_today())
    except NotFound:
        return None


async def _refer_page(request: Request, uow: UnitOfWork, user: Principal, form: FormState,
                      *, status: int = 200) -> Response:
    _ = gettext_for(request)
    vacancy = await _open_vacancy(uow, record_id(form.value("vacancy_id")))
    chosen = None
    if record_id(form.value("migrant_id")):
        try:
            chosen = await own_migrant(uow, user, form.value("migrant_id"))
        except NotFound:
            chosen = None
    ready = [] if chosen else await migrants.list_migrants(
        uow, actor=user, query=None, prescreened=True, centre_id=None, limit=500, offset=0)
    language = request_language(request)
    vacancy_id = record_id(form.value("vacancy_id"))
    closed = vacancy is None and vacancy_id is not None and await vacancy_service.was_published(
        uow, vacancy_id=vacancy_id)
    # A referral made meanwhile (in another tab) is offered instead of a second "Refer",
    # which the service would only refuse again.
    live = (await _referred(uow, user, chosen.id)).get(vacancy_id) \
        if chosen is not None and vacancy_id is not None else None
    return render(request, "centre/refer.html", {
        "form": form, "vacancy": vacancy, "migrant": chosen, "closed": closed, "live": live,
        "periods": labels(_, WAGE_PERIOD),
        "choices": [(str(m.id), f"{m.full_name} — "
                                f"{occupations.occupation_name(m.occupation, language)} (№{m.id})")
                    for m in ready],
        "provisions": labels(_, PROVISION),
    }, status_code=status)


@router.get("/refer", response_class=HTMLResponse)
async def refer_page(request: Request, uow: Uow, user: User,
                     vacancy: int | None = None, migrant: int | None = None) -> Response:
    """Refer a migrant to a vacancy: the vacancy's terms, and the migrant to choose."""
    if await _open_vacancy(uow, record_id(vacancy)) is None:
        raise NotFound("vacancy", vacancy)
    values = {"vacancy_id": str(vacancy), "migrant_id": str(migrant) if migrant else None}
    return await _refer_page(request, uow, user, FormState(values=values))


@router.post("/referrals", response_class=HTMLResponse)
async def refer(request: Request, uow: Uow, user: User) -> Response:
    """Refer a pre-screened migrant of the centre to an open, verified vacancy."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        data = ReferralIn.model_validate({k: values.get(k) for k in REFERRAL_FIELDS
                                          if values.get(k) is not None})
        try:
            referral = await referrals.refer_migrant(uow, data=data, actor=user,
                                                     today=utc_today())
        except NotPrescreened as exc:
            raise not_prescreened(request, exc) from exc
        return Done(f"/centre/referrals/{referral.id}", _(
            "%(name)s is referred to %(job)s. The agency is told.")
            % {"name": referral.migrant.full_name, "job": referral.vacancy.title})

    async def again(form: FormState, status: int) -> Response:
        return await _refer_page(request, uow, user, form, status=status)

    return await submit(request, uow, work, again=again, fields=REFERRAL_FIELDS,
                        words=ERROR_WORDS)


# --- following referrals ---------------------------------------------------------------


@router.get("/referrals", response_class=HTMLResponse)
async def referral_list(request: Request, uow: Uow, user: User, state: str | None = None,
                        offset: int = Query(0, ge=0, le=1_000_000)) -> Response:
    """The centre's referrals, newest first, by state."""
    _ = gettext_for(request)
    statuses = [ReferralStatus(state)] if state in REFERRAL_STATUS_CENTRE else None
    found = await referrals.list_referrals(
        uow, actor=user, statuses=statuses, vacancy_id=None, migrant_id=None, limit=PAGE,
        offset=offset, today=utc_today())
    return render(request, "centre/referrals.html", {
        "referrals": found, "state": state if statuses else "", "offset": offset,
        "limit": PAGE, "states": labels(_, REFERRAL_STATUS_CENTRE),
        "pager_url": f"/centre/referrals?{f'state={state}&' if statuses else ''}",
    })


@router.get("/referrals/{referral_id}", response_class=HTMLResponse)
async def referral_page(request: Request, uow: Uow, user: User, referral_id: int) -> Response:
    """One referral: where it stands, each step it passed, and what to do if it went wrong."""
    _ = gettext_for(request)
    referral = await referrals.get_referral(
        uow, referral_id=existing_id(referral_id, "referral"), actor=user, today=utc_today())
    status = referral.status.value
    reached = REFERRAL_STEPS.index(status) if status in REFERRAL_STEPS else -1
    return render(request, "centre/referral.html", {
        "r": referral, "states": labels(_, REFERRAL_STATUS_CENTRE),
        "steps": REFERRAL_STEPS, "reached": reached,
    })
