"""Public pages: search verified jobs, one job's terms, and the checks of an agency's licence
and of a job offer's verification code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow, rate_limited
from api.web.common import (
    FormState,
    MaybeSignedIn,
    error_page,
    gettext_for,
    mark_page,
    render,
    request_language,
)
from api.web.flags import flag_words
from api.web.labels import (
    LANGUAGE_LEVEL,
    LICENCE_HOLD,
    LICENCE_STATUS_PUBLIC,
    PROVISION,
    RATING_PART,
    labels,
)
from api.web.paper_facts import how_to_apply
from api.web.search_form import (
    currency_unpaid,
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
from core.config import get_settings
from core.db import UnitOfWork
from core.errors import NotFound
from core.text import written_as
from matching import referrals, vacancies
from matching.rules import licence_hold
from matching.schemas import ReferralOut, VacancyOut, VerificationOut
from ratings import service as ratings_service
from registry import service as registry_service
from registry.rules import (
    licence_number_difference,
    name_difference,
    too_short_to_find_inside,
)
from registry.schemas import LookupResult

router = APIRouter(dependencies=[Depends(mark_page)], include_in_schema=False)

MAX_ID = 2**63 - 1
CODE_LENGTH = 8  # letters and digits, shown as two groups of four
CODE_EXAMPLE = "K7PM-Q3XD"

def hold_reason(_: Callable[[str], str], hold: str) -> str:
    """Why a referral or case is held, in the page's language."""
    return _(LICENCE_HOLD.get(hold, LICENCE_HOLD["unlicensed"]))


async def case_hold(uow: UnitOfWork, *, agency_id: int | None, open_case: bool, today: date
                    ) -> str | None:
    """Why an open case's agency may not recruit now (read live, so the page is true before
    the worker has marked the case), or None."""
    if agency_id is None or not open_case:
        return None
    standing = await registry_service.licence_standing(uow, agency_id=agency_id, country=None,
                                                       today=today)
    return licence_hold(status=standing.status, may_recruit=standing.may_recruit,
                        countries=standing.countries, country=None)


def licence_labels(request: Request) -> dict[str, dict[str, str]]:
    """Everything the licence card needs in words (also used by the migrant's pages)."""
    _ = gettext_for(request)
    return {"status": labels(_, LICENCE_STATUS_PUBLIC), "because": labels(_, LICENCE_HOLD),
            "parts": labels(_, RATING_PART), "provision": labels(_, PROVISION),
            "levels": labels(_, LANGUAGE_LEVEL)}


# --- the search ----------------------------------------------------------------------------

@router.get("/jobs", response_class=HTMLResponse,
            dependencies=[Depends(rate_limited("search", "search_rate_limit"))])
async def jobs(request: Request, uow: Uow, principal: MaybeSignedIn) -> Response:
    """Verified, open jobs of licensed agencies, each with why it was found."""
    shown = shown_count(request)
    form, results = await run_search(request, uow, search_values(request), k=shown)
    language = request_language(request)
    return render(request, "public/jobs.html", {
        "form": form, "results": results, "opts": options(language),
        "more_url": more_url(request, shown, results), "more_from": more_from(shown),
        "asked": trades_asked(form.values, results, language),
        "unpaid": await currency_unpaid(uow, form.values, results),
    }, status_code=422 if form.errors else 200)


# --- one job -------------------------------------------------------------------------------

def _record_id(text: str) -> int | None:
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


async def licence_of(uow: UnitOfWork, number: str | None, today: date
                    ) -> LookupResult | None:
    """The public lookup's view of one licence (status, validity, rating and breakdown)."""
    if not number:
        return None
    found = await registry_service.lookup(uow, query=number, today=today,
                                          ratings=ratings_service.rating_summaries)
    return next((r for r in found.results if r.licence_number == number), None)


def _wage_check(vacancy: VacancyOut, ver: VerificationOut) -> dict[str, Any]:
    """The wage against the minimum for the job's hours, as the job's live check read it
    (over the legal week, pro rata)."""
    wage = next(c for c in ver.checks if c.code == "wage")
    minimum = wage.params.get("minimum_monthly")
    check: dict[str, Any] = {"monthly": vacancy.wage_monthly, "currency": vacancy.wage.currency,
                             "minimum_monthly": minimum}
    if minimum:
        check["ratio_to_minimum"] = float(round(vacancy.wage_monthly / Decimal(minimum), 2))
    return check


# Who reads the page about a held referral's job, as _licence_hold.html names them.
AUDIENCE = {"migrant": "migrant", "centre_staff": "centre", "agency_staff": "agency"}


async def _held_referral(uow: UnitOfWork, principal: Principal | None,
                         vacancy_id: int | None, today: date) -> ReferralOut | None:
    """The viewer's open referral to a job that is hidden because the agency's licence is
    not in force; those who have one are told why instead of "not found"."""
    if principal is None or vacancy_id is None:
        return None
    found = await referrals.list_referrals(uow, actor=principal, statuses=None,
                                           vacancy_id=vacancy_id, migrant_id=None, limit=20,
                                           offset=0, today=today)
    return next((r for r in found if r.licence_hold is not None), None)


@router.get("/jobs/{vacancy_id}", response_class=HTMLResponse)
async def job(request: Request, uow: Uow, principal: MaybeSignedIn,
              vacancy_id: str) -> Response:
    """One verified, open job of a licensed agency: its terms, the agency's licence and
    rating, and the code to check the offer by."""
    _ = gettext_for(request)
    today = utc_today()
    number = _record_id(vacancy_id)
    try:
        if number is None:
            raise NotFound("vacancy", vacancy_id)
        # Everyone sees the public page, the posting agency included: no internal notes.
        vacancy = await vacancies.get_vacancy(uow, vacancy_id=number, actor=None, today=today)
    except NotFound:
        held = await _held_referral(uow, principal, number, today)
        if held is not None:
            return render(request, "public/job_held.html", {
                "r": held, "audience": AUDIENCE.get(principal.role if principal else "", ""),
            })
        return error_page(request, 404, _("Not found"), _(
            "This job is not open, or it is not offered by a licensed agency. Search the "
            "verified jobs for another one."))
    standing = await registry_service.licence_standing(
        uow, agency_id=vacancy.agency_id, country=vacancy.country, today=today)
    ver = await vacancies.public_checks(uow, vacancy_id=number, today=today)
    return render(request, "public/job.html", {
        "ver": ver, **await how_to_apply(request, uow, vacancy, principal, today,
                                          verified_by=ver.verified_by),
        "fw": flag_words(request),
        "v": vacancy, "code": vacancy.verification_code, "wage": _wage_check(vacancy, ver),
        "licence": await licence_of(uow, standing.licence_number, today),
        "labels": licence_labels(request), "today": today,
    })


# --- the checks ----------------------------------------------------------------------------

def _check_values(request: Request) -> dict[str, str | None]:
    params = request.query_params
    return {name: (params.get(name) or "").strip() or None for name in ("number", "code")}


@router.get("/check", response_class=HTMLResponse)
async def check(request: Request, uow: Uow, principal: MaybeSignedIn) -> Response:
    """Is an agency licensed (by licence number or name), and is a job offer's code a
    verified, open vacancy? Both answer in a link that can be shared."""
    _ = gettext_for(request)
    today = utc_today()
    form = FormState(values=_check_values(request))
    lookup = verification = None
    number, code = form.value("number"), form.value("code")
    params = request.query_params
    # A form sent empty (blanks only) says what to type rather than showing the page
    # again as if nothing had been asked.
    if "number" in params and not number and not code:
        form.errors["number"] = _("Type the agency's name or its licence number.")
    if "code" in params and not code and not number:
        form.errors["code"] = _("Type the job's code, like %(example)s.") % {
            "example": CODE_EXAMPLE}
    if number:
        if sum(c.isalnum() for c in number) < 2:
            form.errors["number"] = _("Type at least two letters or digits.")
        elif len(number) > 200:
            form.errors["number"] = _("This is too long.")
        else:
            await rate_limited("lookup", "lookup_rate_limit")(request)
            lookup = await registry_service.lookup(
                uow, query=number, today=today, ratings=ratings_service.rating_summaries)
    if code:
        if len(code) > 32 or len(vacancies.normalise_code(code)) != CODE_LENGTH:
            form.errors["code"] = _(
                "A job code has 8 letters and digits, like %(example)s.") % {
                "example": CODE_EXAMPLE}
        else:
            await rate_limited("verify", "lookup_rate_limit")(request)
            verification = await vacancies.check_code(uow, code=code, today=today)
    short_name = lookup is not None and lookup.matched_by == "none" and \
        too_short_to_find_inside(lookup.query)
    # The register's name spelt otherwise in its own script (`Allaa-Too Workk`): found as
    # the agency, yet a name one letter apart may be a look-alike's.
    respelt = {r.agency_name for r in lookup.results if not written_as(number, r.agency_name)} \
        if lookup is not None and lookup.matched_by == "agency_name" else set()
    # A number one digit from a real licence is what a forger hands out: each near licence
    # is shown beside the number typed, the characters that differ marked.
    differences = {r.licence_number: licence_number_difference(
        number, r.licence_number, get_settings().licence_number_prefix)
        for r in lookup.results if r.licence_number} \
        if number and lookup is not None and lookup.matched_by == "near_number" else {}
    # So is a name one letter from a registered one (`Samarkand Recruting`): each agency
    # whose name is near is shown beside the name typed, never as the agency typed.
    name_differences = {r.agency_name: name_difference(number, r.agency_name)
                        for r in lookup.results} \
        if number and lookup is not None and lookup.matched_by == "near_name" else {}
    return render(request, "public/check.html", {
        "fw": flag_words(request),
        "form": form, "lookup": lookup, "short_name": short_name, "verification": verification,
        "respelt": respelt, "differences": differences, "name_differences": name_differences,
        "labels": licence_labels(request), "today": today, "example": CODE_EXAMPLE,
    }, status_code=422 if form.errors else 200)
