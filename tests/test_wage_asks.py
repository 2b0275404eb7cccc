"""A wage typed among the words of a search, read as the pay asked for."""

from __future__ import annotations

from decimal import Decimal

import pytest

from matching.wage_asks import asked_wage

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("typed", "amount", "currency", "rest"), [
    ("от 100000 рублей", "100000", "RUB", ""),
    ("сварщик Москва от 80 тыс", "80000", "RUB", "сварщик Москва"),  # Moscow pays in RUB
    ("oshpaz 100000 rubldan", "100000", "RUB", "oshpaz"),
    ("from 1,500 dollars", "1500", "USD", ""),
    ("айлыгы 100 миң рубль", "100000", "RUB", ""),
    ("маош аз 100 000 рубл", "100000", "RUB", ""),
    ("oyligi 5 mln soʻm", "5000000", "UZS", ""),
    ("зарплата 300 000 тенге Алматы", "300000", "KZT", "Алматы"),
    ("зарплата 100 000", "100000", None, ""),  # which currency? not said
    ("маош 3000 сомонӣ", "3000", "TJS", ""),  # not the som
    ("айлык 50 000 сом", "50000", "KGS", ""),
])
def test_a_figure_said_to_be_pay_is_the_wage_asked(typed: str, amount: str,
                                                   currency: str | None, rest: str) -> None:
    ask = asked_wage(typed)
    assert ask is not None, typed
    assert (ask.amount, ask.currency, ask.rest) == (Decimal(amount), currency, rest)


@pytest.mark.parametrize("typed", ["welder 7212", "повар 2026", "сварщик 5 разряда",
                                   "вахта 30/30", "K7PM-Q3XD"])
def test_a_figure_not_said_to_be_pay_is_left_to_the_words(typed: str) -> None:
    assert asked_wage(typed) is None


def test_the_country_chosen_gives_the_currency_not_typed() -> None:
    ask = asked_wage("зарплата 300 000", ("KZ",))
    assert ask is not None and ask.currency == "KZT"

