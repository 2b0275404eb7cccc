"""The regulator's reference tables: minimum wages that vacancies are checked against,
persons barred from running an agency, and the watchlist of employers."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, ValidationError

from api.deps import Uow
from api.web.common import (
    FormState,
    format_date,
    gettext_for,
    render,
    request_language,
)
from api.web.forms import Done, refused_together, submit
from api.web.ministry_common import (
    User,
    country_names,
    present,
)
from api.web.options import coded_country_options
from core.clock import utc_today
from core.errors import DomainError
from core.validation import CountryCode, CurrencyCode
from matching import referrals as referral_service
from matching import vacancies as wages_service
from matching.schemas import MinimumWageIn, WorkerFeeRuleIn
from registry import service
from registry.rules import add_years
from registry.schemas import (
    WatchlistEmployerIn,
    WatchlistEmployerOut,
    WatchlistEndIn,
    WatchlistUntilIn,
)

router = APIRouter()

WAGE_FIELDS = ("country", "currency", "monthly_amount", "max_weekly_hours")
WATCH_FIELDS = ("name", "country", "registration_number", "reason", "listed_until")
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]


class WageKey(BaseModel):
    """Which row of the table: the country and the currency of its amount."""

    model_config = ConfigDict(extra="ignore")

    country: CountryCode
    currency: CurrencyCode


async def _wages_page(request: Request, uow: Uow, form: FormState, *,
                      fee_form: FormState | None = None, status_code: int = 200) -> Response:
    _ = gettext_for(request)
    return render(request, "ministry/wages.html", {
        "fee_rules": await wages_service.list_worker_fee_rules(uow),
        "fee_form": fee_form or FormState(values={"fees_banned": "true"}),
        "ban_options": [("true", _("Barred: the employer pays every recruitment cost")),
                        ("false", _("Allowed: a fee is a warning the attaché must accept"))],
        "wages": await wages_service.list_minimum_wages(uow), "form": form,
        "country_options": coded_country_options(request_language(request)),
        "countries": country_names(request),
    }, status_code=status_code)


@router.get("/minimum-wages", response_class=HTMLResponse)
async def wages(request: Request, uow: Uow, user: User,
                country: str | None = None, currency: str | None = None) -> Response:
    """The minimum-wage table, with the form to set a row (filled in to change one)."""
    values: dict[str, Any] = {"max_weekly_hours": 48}
    if country and currency:
        for row in await wages_service.list_minimum_wages(uow):
            if (row.country, row.currency) == (country.upper(), currency.upper()):
                values = {"country": row.country, "currency": row.currency,
                          "monthly_amount": row.monthly_amount,
                          "max_weekly_hours": row.max_weekly_hours}
    return await _wages_page(request, uow, FormState(values=values))


@router.post("/minimum-wages", response_class=HTMLResponse)
async def set_wage(request: Request, uow: Uow, user: User) -> Response:
    """Set a country's monthly minimum wage in a currency and its weekly hours limit."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        key = WageKey.model_validate(present(values))
        data = MinimumWageIn.model_validate(present({
            "monthly_amount": values.get("monthly_amount"),
            "max_weekly_hours": values.get("max_weekly_hours")}))
        row = await wages_service.set_minimum_wage(
            uow, country=key.country, currency=key.currency, data=data, actor=user)
        return Done("/ministry/minimum-wages",
                    _("The minimum wage for %(country)s in %(currency)s is set.")
                    % {"country": country_names(request).get(row.country, row.country),
                       "currency": row.currency})

    async def again(form: FormState, status: int) -> Response:
        return await _wages_page(request, uow, form, status_code=status)

    return await submit(request, uow, work, again=again, fields=WAGE_FIELDS)


FEE_FIELDS = ("country", "fees_banned", "reason")


class FeeCountry(BaseModel):
    """Which origin country the rule is for."""

    model_config = ConfigDict(extra="ignore")

    country: CountryCode


@router.post("/worker-fees", response_class=HTMLResponse)
async def set_worker_fee_rule(request: Request, uow: Uow, user: User) -> Response:
    """Whether workers recruited from a country may be charged any fee (barred unless set)."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        key = FeeCountry.model_validate(present(values))
        data = WorkerFeeRuleIn.model_validate(present({
            "fees_banned": {"true": True, "false": False}.get(values.get("fees_banned") or ""),
            "reason": values.get("reason")}))
        row = await wages_service.set_worker_fee_rule(uow, country=key.country, data=data,
                                                      actor=user)
        name = country_names(request).get(row.country, row.country)
        return Done("/ministry/minimum-wages#worker-fees", (
            _("Workers recruited from %(country)s may be charged no fee.")
            if row.fees_banned else
            _("Workers recruited from %(country)s may be charged a fee; "
              "attachés must accept each one.")) % {"country": name})

    async def again(form: FormState, status: int) -> Response:
        return await _wages_page(request, uow, FormState(values={"max_weekly_hours": 48}),
                                 fee_form=form, status_code=status)

    return await submit(request, uow, work, again=again, fields=FEE_FIELDS)


@router.get("/barred", response_class=HTMLResponse)
async def barred(request: Request, uow: Uow, user: User, every: bool = False) -> Response:
    """Persons barred from owning or directing an agency (in force today unless all)."""
    rows = await service.list_barred_persons(uow, on=None if every else utc_today())
    return render(request, "ministry/barred.html", {
        "persons": rows, "every": every, "countries": country_names(request),
    })


# The reason a decision's finding lists an employer under (disputes.outcomes), read back
# to be said in the page's language; any other reason is a person's own words.
_FINDING_REASON = re.compile(r"finding in dispute (\S+): (.*)", re.S)


def _reason_words(reason: str, _: Callable[[str], str]) -> str:
    found = _FINDING_REASON.fullmatch(reason)
    if found is None:
        return reason
    return _("Finding in dispute %(case)s: %(summary)s") % {"case": found[1],
                                                           "summary": found[2]}


async def _watchlist_page(request: Request, uow: Uow, form: FormState, *,
                          status_code: int = 200,
                          refused: tuple[int, str, FormState] | None = None) -> Response:
    """The watchlist and the form to add to it; a refused change of one entry (`refused`:
    its id, "end" or "until", and the form as sent) shows open on its row, with its
    errors."""
    _ = gettext_for(request)
    rows: list[WatchlistEmployerOut] = await service.list_watchlisted_employers(uow)
    return render(request, "ministry/watchlist.html", {
        "employers": rows, "form": form, "today": utc_today(), "fresh": FormState,
        "refused": {(refused[0], refused[1]): refused[2]} if refused else {},
        "latest": add_years(utc_today(), service.WATCHLIST_YEARS),
        "reasons": {e.id: _reason_words(e.reason, _) for e in rows},
        "country_options": coded_country_options(request_language(request)),
        "countries": country_names(request),
    }, status_code=status_code)


@router.get("/watchlist", response_class=HTMLResponse)
async def watchlist(request: Request, uow: Uow, user: User) -> Response:
    """Employers on the watchlist, newest first, and the form to add one."""
    return await _watchlist_page(request, uow, FormState())


def _until_refused(values: dict[str, Any]) -> DomainError | None:
    """The domain's word on a listing's end as typed, if it is a date at all."""
    try:
        until = date.fromisoformat(str(values.get("listed_until") or ""))
    except ValueError:
        return None
    return service.listed_until_refused(until, utc_today())


@router.post("/watchlist", response_class=HTMLResponse)
async def add_to_watchlist(request: Request, uow: Uow, user: User) -> Response:
    """Put an employer on the watchlist; its vacancies are flagged to verifiers."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        try:
            data = WatchlistEmployerIn.model_validate(present({k: values.get(k)
                                                               for k in WATCH_FIELDS}))
        except ValidationError as exc:
            raise refused_together(request, exc, _until_refused(values)) from exc
        listed = await service.watchlist_employer(uow, data=data, actor=user,
                                                  today=utc_today())
        await referral_service.employer_watchlisted(uow, country=data.country,
                                                    today=utc_today())
        return Done("/ministry/watchlist",
                    _("%(name)s is on the watchlist.") % {"name": listed.name})

    async def again(form: FormState, status: int) -> Response:
        return await _watchlist_page(request, uow, form, status_code=status)

    return await submit(request, uow, work, again=again, fields=WATCH_FIELDS)


@router.post("/watchlist/{listing_id}/end", response_class=HTMLResponse)
async def end_watchlisting(request: Request, uow: Uow, user: User, listing_id: Id
                           ) -> Response:
    """End a watchlist entry now, with the reason: from this moment it hides no vacancy and
    warns nobody (unless another entry lists the same employer)."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        data = WatchlistEndIn.model_validate(present({"reason": values.get("reason")}))
        today = utc_today()
        listing = await service.get_watchlisting(uow, listing_id=listing_id)
        # What the listing hides is read before it ends, to know what comes back after.
        hidden = await wages_service.watchlisted_published(uow, country=listing.country,
                                                           today=today)
        ended = await service.end_watchlisting(uow, listing_id=listing_id, reason=data.reason,
                                               actor=user, today=today)
        # What it hid comes back, and those told when it was added are told.
        await referral_service.employer_delisted(uow, country=ended.country, hidden=hidden,
                                                 listing_id=ended.id, today=today)
        return Done("/ministry/watchlist",
                    _("The watchlist entry of %(name)s has ended.") % {"name": ended.name})

    async def again(form: FormState, status: int) -> Response:
        return await _watchlist_page(request, uow, FormState(), status_code=status,
                                     refused=(listing_id, "end", form))

    return await submit(request, uow, work, again=again, fields=("reason",))


@router.post("/watchlist/{listing_id}/until", response_class=HTMLResponse)
async def change_watchlisted_until(request: Request, uow: Uow, user: User, listing_id: Id
                                   ) -> Response:
    """Change a watchlist entry's end date, bounded as a new entry's is, with the reason."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        try:
            data = WatchlistUntilIn.model_validate(present({
                "listed_until": values.get("listed_until"), "reason": values.get("reason")}))
        except ValidationError as exc:
            raise refused_together(request, exc, _until_refused(values)) from exc
        changed = await service.change_watchlisted_until(
            uow, listing_id=listing_id, listed_until=data.listed_until, reason=data.reason,
            actor=user, today=utc_today())
        if changed.listed_until is None:
            return Done("/ministry/watchlist", _(
                "The watchlist entry of %(name)s now has no end date.")
                % {"name": changed.name})
        return Done("/ministry/watchlist", _(
            "The watchlist entry of %(name)s now lasts until %(until)s.")
            % {"name": changed.name, "until": format_date(changed.listed_until,
                                                         request_language(request))})

    async def again(form: FormState, status: int) -> Response:
        return await _watchlist_page(request, uow, FormState(), status_code=status,
                                     refused=(listing_id, "until", form))

    return await submit(request, uow, work, again=again, fields=("listed_until", "reason"))
