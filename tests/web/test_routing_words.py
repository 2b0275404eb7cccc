"""A routing decision reads in the page's language from the facts it keeps (the rule and the
conditions it matched on, the rules none of which took the case, who placed it by hand,
which deadline passed); one made before decisions kept facts reads as it was recorded.
No I/O: the catalogues and the wording only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.requests import Request

from api.web.mission_routing import routing_words

pytestmark = pytest.mark.unit


@dataclass
class Decision:
    kind: str
    facts: dict[str, Any] | None
    explanation: str = "as recorded"


RULE = {"rule_id": 7, "priority": 3, "specificity": 3, "country": "KZ",
        "region_key": "almaty", "region": "Almaty", "kinds": ["unpaid_wages", "other"],
        "min_amount": "1000", "max_amount": "250000", "currency": "KZT", "no_attache": False}
FALLBACK = {"considered": 2, "country": "KZ", "region": "Almaty", "kind": "unpaid_wages",
            "amount": "150000", "currency": "KZT"}


def _words(language: str) -> Any:
    request = Request({"type": "http", "method": "GET", "path": "/mission/cases/1",
                       "headers": [(b"cookie", f"vetted_lang={language}".encode())],
                       "query_string": b""})
    return routing_words(request)


@pytest.mark.parametrize(("decision", "english", "russian"), [
    (Decision("rule", RULE),
     ["Rule 7 matched (priority 3; conditions besides the country: 3)", "country Kazakhstan",
      "region Almaty", "Unpaid wages, Other", "amount from KZT 1,000 to KZT 250,000"],
     ["Сработало правило 7", "страна Казахстан", "регион Алматы",
      "Невыплата заработной платы, Другое", "сумма от 1 000"]),
    (Decision("rule", RULE | {"region_key": None, "kinds": None, "max_amount": None,
                              "no_attache": True}),
     ["amount from KZT 1,000.", "supervisors' queue"],
     ["сумма от 1 000", "очереди руководителей"]),
    (Decision("fallback", FALLBACK),
     ["None of the 2 active rules for Kazakhstan matched (region: Almaty; kind: Unpaid "
      "wages; amount: KZT 150,000)"],
     ["(всего 2)", "регион: Алматы", "сумма: 150 000"]),
    (Decision("fallback", FALLBACK | {"amount": None, "currency": None}),
     ["amount: none claimed"], ["сумма: не заявлена"]),
    (Decision("manual", {"by": "Aida <aida@example.org>", "reason": "she speaks Kazakh"}),
     ["Placed by hand by Aida <aida@example.org>: she speaks Kazakh"],
     ["Распределено вручную (Aida <aida@example.org>): she speaks Kazakh"]),
    (Decision("escalation", {"stage": "acknowledge",
                             "missed_deadline": "2026-11-30T09:00:00+00:00"}),
     ["The deadline for acknowledgement (", "UTC) passed"],
     ["Срок этапа «принятие в работу»", "истёк"]),
])
def test_a_decision_reads_in_the_page_language(decision: Decision, english: list[str],
                                               russian: list[str]) -> None:
    for language, parts in (("en", english), ("ru", russian)):
        # Babel sets no-break spaces between digits and beside currency codes.
        text = re.sub(r"[\u00a0\u202f]", " ", _words(language)(decision))
        assert all(part in text for part in parts), (language, text)
    russian_text = _words("ru")(decision)
    typed = decision.facts.get("by", "") + decision.facts.get("reason", "") \
        if decision.facts else ""
    # No English of ours left: only what a person typed, currency codes and UTC.
    leftover = re.sub(r"\b(KZT|UTC)\b", "", russian_text.replace(typed, "")
                      .replace("Aida <aida@example.org>", "").replace("she speaks Kazakh", ""))
    assert not re.search(r"[A-Za-z]{3,}", leftover), russian_text


def test_a_decision_without_facts_reads_as_recorded() -> None:
    assert _words("ru")(Decision("rule", None, "rule 4 (priority 2, …)")) == \
        "rule 4 (priority 2, …)"
