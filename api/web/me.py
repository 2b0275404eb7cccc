"""The migrant's own pages: the profile and what pre-screening still lacks, the matches for
the profile, and the migrant's referrals and disputes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.web import me_jobs
from api.web.common import (
    FormState,
    gettext_for,
    mark_page,
    render,
    request_language,
    signed_in,
)
from api.web.labels import (
    DISPUTE_KIND_MIGRANT,
    DISPUTE_STATUS_MIGRANT,
    EDUCATION,
    LANGUAGE_LEVEL,
    PRESCREENING_ITEM,
    PRESCREENING_TODO,
    REFERRAL_STATUS_MIGRANT,
    label,
    labels,
)
from api.web.notice_texts import listed
from core import notifications
from core.auth import Principal, Role
from core.clock import utc_today
from core.db import UnitOfWork
from core.errors import NotFound
from matching import migrants, referrals, searching
from matching.exceptions import NotPrescreened, SearchUnavailable
from matching.rules import OPEN_REFERRAL_STATES, ReferralStatus
from matching.schemas import MigrantOut

router = APIRouter(prefix="/me", dependencies=[Depends(mark_page)],
                   include_in_schema=False)
User = Annotated[Principal, Depends(signed_in(Role.MIGRANT))]

MATCHES = 20


async def _own(uow: UnitOfWork, user: Principal) -> MigrantOut | None:
    """The signed-in migrant's record; None while the sign-in is linked to none."""
    try:
        return await migrants.get_own_migrant(uow, actor=user)
    except NotFound:
        return None


def _missing(request: Request, missing: list[str]) -> list[dict[str, str]]:
    _ = gettext_for(request)
    return [{"key": item, "name": label(_, PRESCREENING_ITEM, item),
             "todo": _(PRESCREENING_TODO[item]) if item in PRESCREENING_TODO else ""}
            for item in missing]


def _checklist(request: Request, migrant: MigrantOut) -> list[dict[str, Any]]:
    """Every item the migrant needs, done or not, with what to do for the missing ones."""
    _ = gettext_for(request)
    screening = migrant.prescreening
    items = []
    for key, name in PRESCREENING_ITEM.items():
        if key == "skills_test_passed" and not screening.skills_test_required:
            continue
        done = bool(getattr(screening, key))
        items.append({"key": key, "name": _(name), "done": done,
                      "todo": "" if done else _(PRESCREENING_TODO[key])})
    return items


def _words(request: Request) -> dict[str, dict[str, str]]:
    _ = gettext_for(request)
    return {"education": labels(_, EDUCATION),
            "referral": labels(_, REFERRAL_STATUS_MIGRANT),
            "dispute": labels(_, DISPUTE_STATUS_MIGRANT), "kind": labels(_, DISPUTE_KIND_MIGRANT),
            "levels": labels(_, LANGUAGE_LEVEL)}


@router.get("", response_class=HTMLResponse)
async def home(request: Request, uow: Uow, user: User) -> Response:
    """The migrant's profile, passport masked, and what pre-screening still lacks."""
    migrant = await _own(uow, user)
    context: dict[str, Any] = {
        "migrant": migrant, "words": _words(request),
        # The notices the settings page says reach them "in the app" are read here.
        "notices": listed(await notifications.inbox(uow.conn, user, limit=5),
                          role=Role.MIGRANT, language=request_language(request))}
    if migrant is not None:
        context["checklist"] = _checklist(request, migrant)
        # Read live: true at once when a licence is suspended, before any notice is made.
        # A job the migrant already works at counts too when its employer is watchlisted.
        context["held"] = [r for r in await referrals.list_referrals(
            uow, actor=user, statuses=sorted({*OPEN_REFERRAL_STATES, ReferralStatus.DEPLOYED}),
            vacancy_id=None, migrant_id=None, limit=100, offset=0, today=utc_today())
            if r.licence_hold or r.employer_watchlisted]
    return render(request, "me/home.html", context)


@router.get("/matches", response_class=HTMLResponse)
async def matches(request: Request, uow: Uow, user: User, q: str = "") -> Response:
    """Verified jobs for the migrant's profile, or in words what pre-screening lacks."""
    _ = gettext_for(request)
    migrant = await _own(uow, user)
    form = FormState(values={"q": q.strip()})
    results = missing = None
    if migrant is not None:
        if len(form.value("q")) > 500:
            form.errors["q"] = _("This is too long.")
        else:
            try:
                _query, results = await searching.matches_for_migrant(
                    uow, backend=request.app.state.search_backend,
                    embedder=await request.app.state.embedder, migrant_id=migrant.id,
                    actor=user, k=MATCHES, today=utc_today(), text=form.value("q"),
                )
            except NotPrescreened as exc:
                missing = _missing(request, exc.missing)
            except SearchUnavailable:
                form.errors["__all__"] = _(
                    "Search is unavailable for a moment. Nothing is lost; please try again "
                    "shortly.")
    actions = await me_jobs.job_actions(uow, user, results) if results else {}
    return render(request, "me/matches.html", {
        "migrant": migrant, "form": form, "results": results, "missing": missing, **actions,
    }, status_code=422 if form.errors.get("q") else 200)


@router.get("/referrals", response_class=HTMLResponse)
async def my_referrals(request: Request, uow: Uow, user: User) -> Response:
    """The vacancies the migrant was referred to, and how far each has got."""
    migrant = await _own(uow, user)
    rows = await referrals.list_referrals(
        uow, actor=user, statuses=None, vacancy_id=None, migrant_id=None, limit=100,
        offset=0, today=utc_today()) if migrant is not None else []
    return render(request, "me/referrals.html", {
        "migrant": migrant, "referrals": rows, "words": _words(request),
    })
