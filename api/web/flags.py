"""Red flags and the promises of a verified vacancy in the reader's words: each is worded
from its stable code and its figures, never from the domain's English message. Shared by
the agency's, the attaché's and the public pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from babel import numbers as babel_numbers
from fastapi import Request

from api.web.common import (
    country_name,
    format_date,
    format_money,
    gettext_for,
    request_language,
)
from api.web.labels import (
    LICENCE_STATUS_FLAG,
    RED_FLAG,
    RED_FLAG_SEVERITY,
    VACANCY_CHECK,
    WAGE_PERIOD,
)
from core.auth import Role


def _fields(item: Any) -> tuple[str, Any, dict[str, Any]]:
    """Code, holds and figures of a flag or check, as a mapping or as a model."""
    if isinstance(item, Mapping):
        return item["code"], item.get("holds"), dict(item.get("params") or {})
    return item.code, getattr(item, "holds", None), dict(getattr(item, "params", {}) or {})


def flag_words(request: Request) -> dict[str, Callable[..., Any]]:
    """Functions the templates call to word flags and checks in the page's language."""
    _ = gettext_for(request)
    language = request_language(request)
    reader = getattr(request.state, "principal", None)
    staff = reader is not None and reader.role != Role.MIGRANT

    def money(amount: Any, currency: str | None) -> str:
        try:
            value = Decimal(str(amount))
        except (InvalidOperation, ValueError):
            return str(amount)
        if not currency:
            return babel_numbers.format_decimal(value, locale=language)
        return format_money(value, currency, language)

    def number(value: Any) -> str:
        try:
            return babel_numbers.format_decimal(Decimal(str(value)).normalize(),
                                                locale=language)
        except (InvalidOperation, ValueError):
            return str(value)

    def country(code: str | None) -> str:
        return country_name(code, language) if code else "—"

    def title(code: str) -> str:
        return _(RED_FLAG[code]) if code in RED_FLAG else code.replace("_", " ")

    def severity(value: str) -> str:
        return _(RED_FLAG_SEVERITY.get(value, value))

    def text(flag: Any) -> str:
        """What the flag found, with its figures."""
        code, _holds, p = _fields(flag)
        if not p:  # stored before flags carried their figures
            return title(code)
        if code == "wage_below_minimum" and p.get("hours"):
            return _("The wage, %(wage)s a month for %(hours)s hours a week, is below the "
                     "minimum wage for those hours, %(minimum)s in %(country)s.") % {
                "wage": money(p["wage_monthly"], p["currency"]), "hours": number(p["hours"]),
                "minimum": money(p["minimum_monthly"], p["currency"]),
                "country": country(p.get("country"))}
        if code == "wage_below_minimum":
            return _("The wage, %(wage)s a month, is below the minimum wage of %(minimum)s "
                     "in %(country)s.") % {
                "wage": money(p["wage_monthly"], p["currency"]),
                "minimum": money(p["minimum_monthly"], p["currency"]),
                "country": country(p.get("country"))}
        if code == "worker_pays_fee":
            words = {"fee": money(p["fee"], p.get("currency")),
                     "origin": country(p.get("origin"))}
            if p.get("fees_banned") == "true":
                return _("The worker is charged a fee of %(fee)s, but %(origin)s bars any fee "
                         "charged to workers: the employer pays the recruitment costs.") % words
            return _("The worker is charged a fee of %(fee)s. %(origin)s allows it, but "
                     "recruitment costs should fall on the employer.") % words
        if code == "licence_not_active":
            return _("The agency's licence is not in force: it is %(status)s.") % {
                "status": _(LICENCE_STATUS_FLAG.get(p.get("status", ""), p.get("status", "")))}
        if code == "licence_does_not_cover_country":
            return _("The agency's licence does not cover %(country)s.") % {
                "country": country(p.get("country"))}
        if code == "employer_watchlisted":
            return _("The employer is on the watchlist.")
        if code == "hours_over_limit":
            return _("%(hours)s hours a week is over the legal limit of %(limit)s in "
                     "%(country)s.") % {"hours": number(p["hours"]),
                                        "limit": number(p["limit"]),
                                        "country": country(p.get("country"))}
        if code == "minimum_wage_unknown":
            return _("No minimum wage for %(country)s in %(currency)s is on record to compare "
                     "the wage with.") % {"country": country(p.get("country")),
                                          "currency": p.get("currency", "")}
        if code == "fee_in_text":
            return _("The advert asks the worker to pay, though no fee is stated: "
                     "«%(quote)s».") % {"quote": p.get("quote", "")}
        if code == "passport_in_text":
            return _("The advert says the worker's passport is kept from them: "
                     "«%(quote)s».") % {"quote": p.get("quote", "")}
        if code == "hours_in_text":
            return _("The advert's words describe about %(hours)s hours a week, more than the "
                     "%(stated)s stated: «%(quote)s».") % {
                "hours": number(p["hours"]), "stated": number(p["stated"]),
                "quote": p.get("quote", "")}
        if code == "wage_in_text" and p.get("minimum"):
            return _("By the advert's words the wage is %(said)s %(period)s, below the "
                     "minimum wage of %(minimum)s in %(country)s: «%(quote)s».") % {
                "said": money(p["said"], p.get("currency")),
                "minimum": money(p["minimum"], p.get("currency")),
                "period": _(WAGE_PERIOD.get(p.get("period", ""), WAGE_PERIOD["month"])),
                "country": country(p.get("country")), "quote": p.get("quote", "")}
        if code == "wage_in_text":
            return _("By the advert's words the wage is %(said)s %(period)s, less than the "
                     "%(stated)s of the wage field: «%(quote)s».") % {
                "said": money(p["said"], p.get("currency")),
                "stated": money(p["stated"], p.get("currency")),
                "period": _(WAGE_PERIOD.get(p.get("period", ""), WAGE_PERIOD["month"])),
                "quote": p.get("quote", "")}
        if code == "near_duplicate" and not staff:
            # A migrant cannot open the other vacancy by its number: it is not named.
            return _("The vacancy nearly duplicates another of the same employer, with the "
                     "same title and city.")
        if code == "near_duplicate":
            return _("The vacancy nearly duplicates vacancy %(id)s (same employer, title and "
                     "city).") % {"id": p.get("vacancy_id", "")}
        return title(code)

    def remedy(flag: Any) -> str:
        """What the agency has to change for the flag to go."""
        code, _holds, p = _fields(flag)
        if code == "wage_below_minimum" and p.get("minimum_per_period"):
            # Written per hour or week: the least wage for that period, not a month's.
            text = (_("Raise the wage to at least %(minimum)s an hour (%(monthly)s a month).")
                    if p.get("period") == "hour" else
                    _("Raise the wage to at least %(minimum)s a week (%(monthly)s a month)."))
            return text % {"minimum": money(p["minimum_per_period"], p["currency"]),
                           "monthly": money(p["minimum_monthly"], p["currency"])}
        if code == "wage_below_minimum" and p:
            return _("Raise the wage to at least %(minimum)s a month.") % {
                "minimum": money(p["minimum_monthly"], p["currency"])}
        if code == "worker_pays_fee":
            return _("Remove the fee charged to the worker: the employer pays the "
                     "recruitment costs.")
        if code == "licence_not_active":
            return _("The agency may post vacancies again once its licence is in force.")
        if code == "licence_does_not_cover_country":
            return _("Extend the licence to this country, or post the vacancy for a country "
                     "it covers.")
        if code == "employer_watchlisted":
            return _("The agency may not recruit for an employer on the watchlist.")
        if code == "hours_over_limit" and p.get("ceiling"):
            return _("No vacancy of more than %(ceiling)s hours a week, overtime included, is "
                     "verified, whatever the reason: bring the hours to %(limit)s a week or "
                     "fewer.") % {
                "ceiling": number(p["ceiling"]), "limit": number(p["limit"])}
        if code == "hours_over_limit" and p:
            return _("Bring the hours to %(limit)s a week or fewer, or expect the attaché to "
                     "ask why.") % {"limit": number(p["limit"])}
        if code == "minimum_wage_unknown":
            return _("State the wage in the country's own currency, or expect the attaché to "
                     "compare it by hand.")
        if code == "near_duplicate":
            return _("Close the duplicate, or make clear in the title how the two vacancies "
                     "differ.")
        if code == "fee_in_text":
            return _("Remove the payment from the advert, or state it as the fee charged to "
                     "the worker.")
        if code == "passport_in_text":
            return _("Remove it: nobody may keep a worker's passport.")
        if code == "hours_in_text" and p.get("ceiling"):
            return _("No vacancy of more than %(ceiling)s hours a week is verified: correct "
                     "the advert.") \
                % {"ceiling": number(p["ceiling"])}
        if code == "hours_in_text":
            return _("State the hours the advert describes, or correct the advert.")
        if code == "wage_in_text" and p.get("minimum"):
            return _("Pay at least the minimum wage from the first day, a trial period "
                     "included, and correct the advert.")
        if code == "wage_in_text":
            return _("State the wage the advert promises, or correct the advert.")
        return ""

    def check(item: Any) -> str:
        """One promise of a verified vacancy, as it stands today."""
        code, holds, p = _fields(item)
        if code == "verified":
            # After the label "Verified by a labour attaché": who and when.
            return _("%(who)s, on %(date)s.") % {
                "who": ", ".join(x for x in (p.get("attache"), p.get("mission")) if x)
                or _("a labour attaché"),
                "date": date_text(p.get("verified_at"))}
        if code == "licence":
            status = _(LICENCE_STATUS_FLAG.get(p.get("status") or "", p.get("status") or ""))
            if holds:
                return _("Licence %(number)s is active today and covers %(country)s.") % {
                    "number": p.get("licence_number"), "country": country(p.get("country"))}
            if p.get("status") == "active":
                return _("Licence %(number)s does not cover %(country)s.") % {
                    "number": p.get("licence_number"), "country": country(p.get("country"))}
            return _("The agency's licence is %(status)s today: it may not recruit.") % {
                "status": status}
        if code == "wage" and holds is False and p.get("said"):
            return text({"code": "wage_in_text", "params": p})
        if code == "wage":
            if holds is None:
                return _("No minimum wage for %(country)s in %(currency)s is on record to "
                         "compare the wage with.") % {"country": country(p.get("country")),
                                                      "currency": p.get("currency", "")}
            words = {"wage": money(p["wage_monthly"], p["currency"]),
                     "minimum": money(p["minimum_monthly"], p["currency"])}
            if p.get("hours"):
                words["hours"] = number(p["hours"])
                if holds:
                    return _("%(wage)s a month for %(hours)s hours a week: at least the "
                             "minimum wage for those hours, %(minimum)s.") % words
                return _("%(wage)s a month for %(hours)s hours a week: below the minimum "
                         "wage for those hours, %(minimum)s.") % words
            if holds:
                return _("%(wage)s a month: at least today's minimum wage of "
                         "%(minimum)s.") % words
            return _("%(wage)s a month: below today's minimum wage of %(minimum)s.") % words
        if code == "worker_fee":
            if holds:
                return _("None: the employer pays the recruitment costs.")
            if p.get("quote") and not Decimal(p.get("fee") or 0):
                return text({"code": "fee_in_text", "params": p})
            return text({"code": "worker_pays_fee", "params": p})
        if code == "hours" and not holds and p.get("said"):
            return text({"code": "hours_in_text", "params": {
                "hours": p["said"], "stated": p["hours"], "quote": p.get("quote", "")}})
        if code == "passport":
            return text({"code": "passport_in_text", "params": p})
        if code == "hours":
            words = {"hours": number(p["hours"]), "limit": number(p["limit"])}
            if holds:
                return _("%(hours)s hours a week: within the legal limit of %(limit)s.") % words
            return _("%(hours)s hours a week: over the legal limit of %(limit)s.") % words
        if code == "employer":
            return (_("%(name)s is not on the watchlist.") if holds else
                    _("%(name)s is on the watchlist.")) % {"name": p.get("employer", "")}
        if code == "open":
            if holds:
                return _("Open until %(date)s.") % {"date": date_text(p.get("closing_date"))}
            if p.get("licensed") == "false":
                return _("Not open: the agency may not recruit now.")
            if p.get("status") == "verified":
                return _("Not open yet: the agency has not published it (closing date "
                         "%(date)s).") % {"date": date_text(p.get("closing_date"))}
            if p.get("status") == "filled":
                return _("Not open: every place is taken.")
            if p.get("status") == "closed":
                return _("Not open: the agency closed it.")
            if p.get("status") in ("expired", "published"):
                return _("Not open: the closing date (%(date)s) has passed.") % {
                    "date": date_text(p.get("closing_date"))}
            return _("Not open for applications (closing date %(date)s).") % {
                "date": date_text(p.get("closing_date"))}
        return ""

    def date_text(value: Any) -> str:
        if not value:
            return "—"
        if isinstance(value, str):
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        return format_date(value.date() if isinstance(value, datetime) else value, language)

    def promise(code: str) -> str:
        return _(VACANCY_CHECK[code]) if code in VACANCY_CHECK else code

    def loose(verification: Any) -> list[Any]:
        """Accepted warnings that no promise shows (a near duplicate, say)."""
        shown = {a.code for c in verification.checks for a in c.acknowledgements}
        return [a for a in verification.acknowledgements if a.code not in shown]

    return {"flag_title": title, "flag_severity": severity, "flag_text": text,
            "flag_remedy": remedy, "check_text": check, "promise": promise, "loose": loose}


def refusal_words(request: Request, exc: Exception) -> str | None:
    """A refusal over red flags in the reader's words, naming each flag and what to change;
    None for any other refusal."""
    from matching.exceptions import BlockingFlags, MissingAcknowledgements

    _ = gettext_for(request)
    words = flag_words(request)
    if isinstance(exc, BlockingFlags):
        head = (_("The vacancy cannot be verified:") if exc.action == "verify"
                else _("The vacancy cannot be published:"))
        parts = [f"{words['flag_text'](f)} {words['flag_remedy'](f)}".strip() for f in exc.flags]
        return " ".join([head, *parts])
    if isinstance(exc, MissingAcknowledgements):
        return _("Give a reason for accepting each warning: %(flags)s.") % {
            "flags": ", ".join(words["flag_title"](f["code"]) for f in exc.flags)}
    return None
