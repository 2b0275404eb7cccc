"""Red flags by severity, the acknowledgements a verification needs, and the promises a
verified vacancy is checked against today: pure rules, table-driven, no I/O."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from matching.rules import (
    Severity,
    VacancyFacts,
    Verdict,
    blocking,
    missing_acknowledgements,
    promise_checks,
    red_flags,
    verdict,
    warnings,
)

B, W = Severity.BLOCKING, Severity.WARNING

CLEAN = VacancyFacts(
    country="RU", wage_monthly=Decimal("90000.00"), wage_currency="RUB",
    hours_per_week=Decimal("40"), worker_fee=Decimal("0"), minimum_monthly=Decimal("27093.00"),
    max_weekly_hours=Decimal("40"), licence_covers_country=True, employer_watchlisted=False,
    near_duplicate_of=None, origin_country="KG", worker_fees_banned=True,
)


def facts(**over: Any) -> VacancyFacts:
    return replace(CLEAN, **over)


SEVERITY_CASES = [
    pytest.param(facts(), {}, id="clean"),
    # The demo's story: 20,000 RUB, 60 hours, a 15,000 RUB fee from a Kyrgyz agency.
    pytest.param(facts(wage_monthly=Decimal("20000.00"), hours_per_week=Decimal("60"),
                       worker_fee=Decimal("15000"), worker_fee_currency="RUB"),
                 {"wage_below_minimum": B, "worker_pays_fee": B, "hours_over_limit": W},
                 id="the observed job: two blocking flags and a warning"),
    pytest.param(facts(wage_monthly=Decimal("27092.99")), {"wage_below_minimum": B},
                 id="a cent below the minimum blocks"),
    pytest.param(facts(wage_monthly=Decimal("27093.00")), {}, id="at the minimum passes"),
    pytest.param(facts(minimum_monthly=None), {"minimum_wage_unknown": W},
                 id="no minimum on record warns"),
    pytest.param(facts(worker_fee=Decimal("1")), {"worker_pays_fee": B},
                 id="any fee blocks where the origin bars fees"),
    pytest.param(facts(worker_fee=Decimal("500"), worker_fees_banned=False),
                 {"worker_pays_fee": W}, id="a fee where the origin allows it warns"),
    pytest.param(facts(licence_covers_country=False), {"licence_does_not_cover_country": B},
                 id="licence not covering the country blocks"),
    pytest.param(facts(licence_may_recruit=False, licence_status="suspended",
                       licence_covers_country=False),
                 {"licence_not_active": B}, id="a suspended licence blocks, said once"),
    pytest.param(facts(employer_watchlisted=True), {"employer_watchlisted": B},
                 id="a watchlisted employer blocks"),
    pytest.param(facts(hours_per_week=Decimal("40.5")), {"hours_over_limit": W},
                 id="over the country's limit warns"),
    pytest.param(facts(max_weekly_hours=None, hours_per_week=Decimal("48")), {},
                 id="the default 48-hour limit when the country has none"),
    pytest.param(facts(max_weekly_hours=None, hours_per_week=Decimal("49")),
                 {"hours_over_limit": W}, id="over the default limit warns"),
    # Over the legal week the minimum is pro rata: 50 hours earn at least 27,093 x 50 / 40.
    pytest.param(facts(wage_monthly=Decimal("33866.24"), hours_per_week=Decimal("50")),
                 {"wage_below_minimum": B, "hours_over_limit": W},
                 id="below the minimum for the hours"),
    pytest.param(facts(wage_monthly=Decimal("33866.25"), hours_per_week=Decimal("50")),
                 {"hours_over_limit": W}, id="the minimum for the hours"),
    # No reason makes a week over 60 hours lawful, whatever the country's own limit.
    pytest.param(facts(hours_per_week=Decimal("60.5")), {"hours_over_limit": B},
                 id="over 60 hours blocks"),
    pytest.param(facts(hours_per_week=Decimal("80"), wage_monthly=Decimal("50000")),
                 {"wage_below_minimum": B, "hours_over_limit": B}, id="80 hours"),
    pytest.param(facts(near_duplicate_of=17), {"near_duplicate": W},
                 id="a near duplicate warns"),
]


@pytest.mark.parametrize(("given", "expected"), SEVERITY_CASES)
def test_each_flag_has_its_severity(given: VacancyFacts, expected: dict[str, Severity]) -> None:
    flags = red_flags(given)
    assert {f.code: f.severity for f in flags} == expected
    assert all(f.message for f in flags)
    # Blocking flags come first, and each says what the agency would have to change.
    assert [f.blocking for f in flags] == sorted((f.blocking for f in flags), reverse=True)
    assert all(f.remedy for f in blocking(flags))


def test_flags_carry_their_figures_for_every_language() -> None:
    [wage, fee, hours] = red_flags(facts(wage_monthly=Decimal("20000.00"),
                                         hours_per_week=Decimal("60.00"),
                                         worker_fee=Decimal("15000.00"),
                                         worker_fee_currency="RUB"))
    # The minimum is for the legal 40 hours: 60 hours earn at least half as much again.
    assert wage.params == {"wage_monthly": "20000.00", "minimum_monthly": "40639.50",
                           "currency": "RUB", "country": "RU", "hours": "60", "limit": "40",
                           "legal_minimum": "27093.00"}
    assert fee.params == {"fee": "15000.00", "currency": "RUB", "origin": "KG",
                          "fees_banned": "true"}
    assert hours.params == {"hours": "60", "limit": "40", "country": "RU"}
    assert "60 hours a week is over the legal limit of 40" in hours.message
    assert "ILO C181" in fee.message


ACKNOWLEDGEMENT_CASES = [
    pytest.param({}, {}, [], id="nothing to acknowledge"),
    pytest.param({"hours_per_week": Decimal("44")}, {}, ["hours_over_limit"],
                 id="a warning without a reason"),
    pytest.param({"hours_per_week": Decimal("44")}, {"hours_over_limit": "   "},
                 ["hours_over_limit"], id="a blank reason is no reason"),
    pytest.param({"hours_per_week": Decimal("44")},
                 {"hours_over_limit": "overtime paid at time and a half"}, [], id="reasoned"),
    pytest.param({"hours_per_week": Decimal("44"), "minimum_monthly": None},
                 {"hours_over_limit": "overtime paid"}, ["minimum_wage_unknown"],
                 id="each warning needs its own reason"),
    pytest.param({"worker_fee": Decimal("100")}, {"worker_pays_fee": "refunded"}, [],
                 id="a blocking flag is never acknowledged, it is refused before"),
]


@pytest.mark.parametrize(("over", "reasons", "missing"), ACKNOWLEDGEMENT_CASES)
def test_a_verification_needs_a_reason_per_warning(
        over: dict[str, Any], reasons: dict[str, str], missing: list[str]) -> None:
    assert missing_acknowledgements(red_flags(facts(**over)), reasons) == missing


VERDICT_CASES = [
    pytest.param(True, True, {}, Verdict.VERIFIED, id="verified and open"),
    pytest.param(True, True, {"hours_per_week": Decimal("44")}, Verdict.VERIFIED,
                 id="a warning stays beside a verified answer"),
    pytest.param(True, True, {"minimum_monthly": Decimal("95000")}, Verdict.BREACH,
                 id="a minimum raised after verification is a breach"),
    pytest.param(True, True, {"employer_watchlisted": True}, Verdict.BREACH,
                 id="an employer watchlisted after verification is a breach"),
    pytest.param(True, True, {"licence_may_recruit": False, "licence_status": "suspended"},
                 Verdict.BREACH, id="a suspended licence is a breach"),
    pytest.param(True, False, {"employer_watchlisted": True}, Verdict.BREACH,
                 id="a breach outranks not being open"),
    pytest.param(True, False, {}, Verdict.NOT_OPEN, id="closed, nothing broken"),
    pytest.param(False, True, {}, Verdict.UNKNOWN, id="never verified"),
]


@pytest.mark.parametrize(("verified", "open_now", "over", "expected"), VERDICT_CASES)
def test_never_a_green_answer_next_to_a_breach(
        verified: bool, open_now: bool, over: dict[str, Any], expected: Verdict) -> None:
    assert verdict(verified=verified, open_now=open_now, flags=red_flags(facts(**over))) \
        == expected


PROMISE_CASES = [
    pytest.param({}, {"licence": True, "wage": True, "worker_fee": True, "hours": True,
                      "employer": True}, id="every promise holds"),
    pytest.param({"minimum_monthly": None}, {"wage": None}, id="nothing to compare the wage"),
    pytest.param({"wage_monthly": Decimal("1")}, {"wage": False}, id="wage below"),
    pytest.param({"worker_fee": Decimal("5"), "worker_fees_banned": False},
                 {"worker_fee": False}, id="a fee breaks the promise even where allowed"),
    pytest.param({"hours_per_week": Decimal("41")}, {"hours": False}, id="hours over"),
    pytest.param({"licence_covers_country": False}, {"licence": False}, id="licence"),
    pytest.param({"employer_watchlisted": True}, {"employer": False}, id="employer"),
    pytest.param({"passport_in_text": "Паспорт хранится у работодателя"}, {"passport": False},
                 id="the advert keeps the passport"),
    pytest.param({"hours_in_text": Decimal("72"), "hours_in_text_quote": "12 ч, 6 дней"},
                 {"hours": False}, id="the advert's words describe a longer week"),
    pytest.param({"near_duplicate_of": 5}, {"licence": True, "wage": True, "worker_fee": True,
                                            "hours": True, "employer": True},
                 id="a near duplicate breaks no promise to the worker"),
]


@pytest.mark.parametrize(("over", "expected"), PROMISE_CASES)
def test_each_promise_against_todays_flags(over: dict[str, Any],
                                           expected: dict[str, bool | None]) -> None:
    checks = {c.code: c for c in promise_checks(red_flags(facts(**over)))}
    assert list(checks) == ["licence", "wage", "worker_fee", "hours", "employer", "passport"]
    for code, holds in expected.items():
        assert checks[code].holds is holds, code
        assert (checks[code].severity is None) == (holds is True), code


def test_warnings_and_blocking_split_the_flags() -> None:
    flags = red_flags(facts(wage_monthly=Decimal("1"), hours_per_week=Decimal("50")))
    assert [f.code for f in blocking(flags)] == ["wage_below_minimum"]
    assert [f.code for f in warnings(flags)] == ["hours_over_limit"]


def test_a_payment_named_in_the_text_blocks_where_fees_are_banned_and_warns_elsewhere() -> None:
    said = "Оплата визы 30000 сом агенту наличными"
    [banned] = [f for f in red_flags(facts(fee_in_text=said)) if f.code == "fee_in_text"]
    assert banned.blocking and banned.params == {"quote": said}
    [allowed] = [f for f in red_flags(facts(fee_in_text=said, worker_fees_banned=False))
                 if f.code == "fee_in_text"]
    assert not allowed.blocking
    # A fee stated in its field is flagged as such, not again as words.
    stated = red_flags(facts(fee_in_text=said, worker_fee=Decimal("30000")))
    assert "fee_in_text" not in [f.code for f in stated]


def test_a_passport_kept_in_the_adverts_words_blocks_everywhere() -> None:
    said = "Паспорт хранится у работодателя весь срок контракта"
    for banned in (True, False):
        [flag] = [f for f in red_flags(facts(passport_in_text=said, worker_fees_banned=banned))
                  if f.code == "passport_in_text"]
        assert flag.blocking and flag.params == {"quote": said}
    assert verdict(verified=True, open_now=True,
                   flags=red_flags(facts(passport_in_text=said))) is Verdict.BREACH


@pytest.mark.parametrize(("said", "stated", "expected"), [
    (Decimal("72"), Decimal("40"), B),    # 12 hours a day, 6 days: beyond what any law allows
    (Decimal("55"), Decimal("40"), W),    # longer than stated, within the ceiling: the attaché asks
    (Decimal("45"), Decimal("40"), None),  # a tenth and an hour over is rounding and rotas
    (Decimal("42"), Decimal("42"), None),  # 2/2 by 12 hours, as stated
])
def test_a_longer_week_in_the_adverts_words_is_flagged_by_how_long(
        said: Decimal, stated: Decimal, expected: Severity | None) -> None:
    flags = {f.code: f for f in red_flags(facts(hours_in_text=said, hours_per_week=stated,
                                                hours_in_text_quote="words"))}
    if expected is None:
        assert "hours_in_text" not in flags
    else:
        assert flags["hours_in_text"].severity is expected
        assert flags["hours_in_text"].params["stated"] == str(stated)


def test_a_lower_wage_in_the_adverts_words_warns_and_breaks_no_promise() -> None:
    """The wage row shows the field; the attaché answers for words promising less, and
    the job is not withheld for it, while the words' wage is at the minimum or above."""
    said = "Первые 3 месяца 30 000 руб"
    flags = red_flags(facts(wage_amount=Decimal("90000"), wage_in_text=Decimal("30000"),
                            wage_in_text_quote=said))
    [flag] = [f for f in flags if f.code == "wage_in_text"]
    assert flag.severity is W
    assert flag.params == {"said": "30000", "stated": "90000", "currency": "RUB",
                           "period": "month", "quote": said}
    assert missing_acknowledgements(flags, {}) == ["wage_in_text"]
    assert all(c.holds for c in promise_checks(flags))
    # Per the field's own period: an hourly field is compared per hour.
    hourly = red_flags(facts(wage_amount=Decimal("11.44"), wage_period="hour",
                             wage_in_text=Decimal("10.50"), wage_in_text_quote="£10.50 an hour"))
    assert [f.params["stated"] for f in hourly if f.code == "wage_in_text"] == ["11.44"]
    # The words at the field's wage or above are no flag.
    assert "wage_in_text" not in [f.code for f in red_flags(facts(
        wage_amount=Decimal("90000"), wage_in_text=Decimal("90000"), wage_in_text_quote="x"))]


def test_a_wage_in_the_adverts_words_below_the_minimum_blocks_and_breaks_the_wage_promise(
) -> None:
    """«Первые 3 месяца 20 000 руб.» over a field of 90,000 in Moscow (minimum 27,093): no
    attaché's answer makes a trial period below the minimum lawful."""
    said = "Первые 3 месяца 20 000 руб"
    flags = red_flags(facts(wage_amount=Decimal("90000"), wage_in_text=Decimal("20000"),
                            wage_in_text_quote=said, minimum_monthly=Decimal("27093.00")))
    [flag] = [f for f in flags if f.code == "wage_in_text"]
    assert flag.severity is B
    assert (flag.params["minimum"], flag.params["country"]) == ("27093.00", "RU")
    assert missing_acknowledgements(flags, {}) == []
    [wage] = [c for c in promise_checks(flags) if c.code == "wage"]
    assert (wage.holds, wage.severity) == (False, B)
    assert verdict(verified=True, open_now=True, flags=flags) is Verdict.BREACH
    # Per hour, against the minimum for an hour of the week offered.
    hourly = red_flags(facts(wage_amount=Decimal("400"), wage_period="hour",
                             wage_in_text=Decimal("100"), wage_in_text_quote="100 руб/час",
                             minimum_monthly=Decimal("27093.00")))
    assert [(f.severity, f.params["minimum"]) for f in hourly if f.code == "wage_in_text"] \
        == [(B, "156.31")]
    # At the minimum or above, or with no minimum on record, a warning the attaché answers.
    for minimum in (Decimal("20000.00"), None):
        [warned] = [f for f in red_flags(facts(
            wage_amount=Decimal("90000"), wage_in_text=Decimal("20000"),
            wage_in_text_quote=said, minimum_monthly=minimum)) if f.code == "wage_in_text"]
        assert warned.severity is W and "minimum" not in warned.params
