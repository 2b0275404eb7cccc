"""Why a case went where it went, in the reader's words: a routing decision worded from the
facts it keeps (the rule and the conditions it matched on, the rules none of which took the
case, who placed it by hand, which deadline passed). The attaché's, the settlement body's,
the centre's and the regulators' pages show it; a decision made before decisions kept their
facts reads as the sentence it was recorded with."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import Request

from api.web.common import (
    N_,
    country_name,
    format_date,
    format_money,
    gettext_for,
    request_language,
)
from api.web.labels import DISPUTE_KIND, DISPUTE_STAGE, label
from matching import places

RULE = N_("Rule %(rule)s matched (priority %(priority)s; conditions besides the country: "
          "%(count)s) on: %(conditions)s.")
COUNTRY = N_("country %(country)s")
REGION = N_("region %(region)s")
KINDS = N_("kind: %(kinds)s")
AMOUNT_RANGE = N_("amount from %(low)s to %(high)s")
AMOUNT_FROM = N_("amount from %(low)s")
NO_ATTACHE = N_("The mission has no labour attaché, so the case waits in the supervisors' "
                "queue.")
FALLBACK = N_("None of the %(count)s active rules for %(country)s matched (region: "
              "%(region)s; kind: %(kind)s; amount: %(amount)s); the case waits in the "
              "fallback queue.")
NO_AMOUNT = N_("none claimed")
MANUAL = N_("Placed by hand by %(who)s.")
MANUAL_BECAUSE = N_("Placed by hand by %(who)s: %(reason)s")
ESCALATION = N_("The deadline for %(stage)s (%(deadline)s) passed; the case went to the "
                "mission's labour attaché with the fewest open cases.")


def _amount(value: Any, currency: str | None, language: str) -> str:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return format_money(amount, currency, language) if currency else str(amount)


def routing_words(request: Request) -> Callable[[Any], str]:
    """A function the pages call with a routing decision (`kind`, `facts`, `explanation`)
    to get why it was made, in the page's language."""
    _ = gettext_for(request)
    language = request_language(request)

    def region(name: str | None, country: str | None) -> str:
        return places.city_name(name or "", language, country) or "—"

    def rule(facts: dict[str, Any]) -> str:
        country = facts.get("country")
        conditions = [_(COUNTRY) % {"country": country_name(country, language)}]
        if facts.get("region_key") is not None:
            conditions.append(_(REGION) % {
                "region": region(facts.get("region") or facts["region_key"], country)})
        if facts.get("kinds") is not None:
            conditions.append(_(KINDS) % {"kinds": ", ".join(
                label(_, DISPUTE_KIND, kind) for kind in facts["kinds"])})
        if facts.get("min_amount") is not None:
            currency = facts.get("currency")
            low = _amount(facts["min_amount"], currency, language)
            conditions.append(
                _(AMOUNT_FROM) % {"low": low} if facts.get("max_amount") is None
                else _(AMOUNT_RANGE) % {
                    "low": low, "high": _amount(facts["max_amount"], currency, language)})
        text = _(RULE) % {"rule": facts["rule_id"], "priority": facts["priority"],
                          "count": facts["specificity"], "conditions": "; ".join(conditions)}
        return f"{text} {_(NO_ATTACHE)}" if facts.get("no_attache") else text

    def fallback(facts: dict[str, Any]) -> str:
        amount = facts.get("amount")
        return _(FALLBACK) % {
            "count": facts["considered"],
            "country": country_name(facts.get("country"), language),
            "region": region(facts.get("region"), facts.get("country")),
            "kind": label(_, DISPUTE_KIND, facts.get("kind")),
            "amount": _(NO_AMOUNT) if amount is None
            else _amount(amount, facts.get("currency"), language)}

    def manual(facts: dict[str, Any]) -> str:
        if facts.get("reason"):
            return _(MANUAL_BECAUSE) % {"who": facts["by"], "reason": facts["reason"]}
        return _(MANUAL) % {"who": facts["by"]}

    def escalation(facts: dict[str, Any]) -> str:
        missed = datetime.fromisoformat(facts["missed_deadline"])
        return _(ESCALATION) % {
            "stage": label(_, DISPUTE_STAGE, facts["stage"]),
            "deadline": format_date(missed, language)}

    worded: dict[str, Callable[[dict[str, Any]], str]] = {
        "rule": rule, "fallback": fallback, "manual": manual, "escalation": escalation}

    def explained(decision: Any) -> str:
        facts = getattr(decision, "facts", None)
        kind = getattr(decision, "kind", None)
        if not facts or kind not in worded:
            return str(getattr(decision, "explanation", "") or "")
        return worded[kind](facts)

    return explained
