"""What the attaché's and the settlement body's pages share: who may open them, the table of
words (from labels) each name a template asks for reads in, and placing an error beside the
field the user typed."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from fastapi import Depends, Request

from api.web.common import gettext_for, request_language, signed_in
from api.web.dispute_common import term_words
from api.web.labels import (
    CONTRACT_TERM,
    DECIDED_IN,
    DECISION_AUDIENCE,
    DISPUTE_ACTION,
    DISPUTE_HISTORY,
    DISPUTE_KIND,
    DISPUTE_QUEUE,
    DISPUTE_STAGE,
    DISPUTE_STATUS,
    EMPLOYER_STATUS,
    LANGUAGE_LEVEL,
    LICENCE_HOLD,
    LICENCE_STATUS_MISSION,
    PARTY,
    PROVISION,
    RED_FLAG,
    ROLE,
    ROUTING_KIND,
    SETTLEMENT_BODY_KIND,
    VACANCY_STATUS,
    WAGE_PERIOD,
    label,
)
from core.auth import Principal, Role

Attache = Annotated[Principal, Depends(signed_in(Role.ATTACHE))]
Member = Annotated[Principal, Depends(signed_in(Role.ATTACHE, Role.SETTLEMENT_BODY))]

# How many records a count on the home page looks at before it says "more than".
COUNT_CAP = 1000


def now() -> datetime:
    return datetime.now(UTC)


def helpers(request: Request) -> dict[str, Any]:
    """Functions the templates call to show codes, numbers and deadlines in the user's
    language."""
    _ = gettext_for(request)
    language = request_language(request)
    locale = Locale.parse(language)

    def country(code: str | None) -> str:
        return str(locale.territories.get(code or "", code or ""))

    def number(value: Decimal | float | int | None) -> str:
        if value is None:
            return ""
        return babel_numbers.format_decimal(Decimal(str(value)).normalize(), locale=language)

    def until(moment: datetime | None) -> str:
        if moment is None:
            return ""
        return babel_dates.format_timedelta(moment - now(), locale=language,
                                            add_direction=True, threshold=1.5)

    def word(table_name: str, value: Any) -> str:
        return label(_, _TABLES[table_name], value)

    return {"country": country, "number": number, "until": until, "word": word,
            "term_value": term_words(request)}


_TABLES: dict[str, dict[str, str]] = {
    "status": DISPUTE_STATUS, "kind": DISPUTE_KIND, "action": DISPUTE_ACTION,
    "history": DISPUTE_HISTORY, "stage": DISPUTE_STAGE, "queue": DISPUTE_QUEUE, "role": ROLE,
    "body_kind": SETTLEMENT_BODY_KIND, "party": PARTY, "decided_in": DECIDED_IN,
    "audience": DECISION_AUDIENCE,
    "routing": ROUTING_KIND, "term": CONTRACT_TERM, "provision": PROVISION,
    "period": WAGE_PERIOD,
    "vacancy_status": VACANCY_STATUS, "employer_status": EMPLOYER_STATUS,
    "licence": LICENCE_STATUS_MISSION, "flag": RED_FLAG, "level": LANGUAGE_LEVEL,
    "hold": LICENCE_HOLD,
}
