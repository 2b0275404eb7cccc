"""Why a referral is held while its agency's licence is not in force: a pure rule."""

from __future__ import annotations

import pytest

from matching.rules import LICENCE_HOLDS, hold_words, licence_hold

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("status", "may_recruit", "countries", "country", "hold"), [
    ("active", True, ("RU", "KZ"), "RU", None),
    ("active", True, ("RU", "KZ"), None, None),  # a case: no country to cover
    ("active", True, ("KZ",), "RU", "not_covered"),
    ("active", False, ("RU",), "RU", "not_in_force"),  # past its validity, not yet expired
    ("suspended", False, ("RU",), "RU", "suspended"),
    ("revoked", False, ("RU",), "RU", "revoked"),
    ("expired", False, ("RU",), "RU", "expired"),
    ("applied", False, ("RU",), "RU", "applied"),  # applied again after losing it
    ("unlicensed", False, (), "RU", "unlicensed"),
])
def test_licence_hold(status: str, may_recruit: bool, countries: tuple[str, ...],
                      country: str | None, hold: str | None) -> None:
    assert licence_hold(status=status, may_recruit=may_recruit, countries=countries,
                        country=country) == hold
    assert hold is None or hold in LICENCE_HOLDS


@pytest.mark.parametrize(("hold", "words"), [
    ("suspended", "the licence of Ala-Too is suspended"),
    ("revoked", "the licence of Ala-Too was revoked"),
    ("expired", "the licence of Ala-Too has expired"),
    ("not_covered", "the licence of Ala-Too does not cover RU"),
    ("applied", "Ala-Too has applied for a licence but holds none yet"),
    ("something new", "Ala-Too holds no licence"),
])
def test_hold_words(hold: str, words: str) -> None:
    assert hold_words(hold, "Ala-Too", "RU") == words
