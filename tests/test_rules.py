"""The registry's pure rules, table-driven, no I/O."""

from datetime import date

import pytest

from registry.exceptions import IllegalTransition
from registry.rules import (
    LicenceAction,
    LicenceStatus,
    licence_number_difference,
    licence_number_key,
    looks_like_licence_number,
    may_recruit_on,
    name_difference,
    name_key,
    name_part,
    next_status,
    number_key,
    renewed_period,
    validity_period,
)

pytestmark = pytest.mark.unit

S, A = LicenceStatus, LicenceAction

LEGAL = {
    (S.APPLIED, A.START_REVIEW): S.UNDER_REVIEW,
    (S.APPLIED, A.REFUSE): S.REFUSED,
    (S.UNDER_REVIEW, A.GRANT): S.ACTIVE,
    (S.UNDER_REVIEW, A.REFUSE): S.REFUSED,
    (S.ACTIVE, A.SUSPEND): S.SUSPENDED,
    (S.ACTIVE, A.REVOKE): S.REVOKED,
    (S.ACTIVE, A.RENEW): S.ACTIVE,
    (S.ACTIVE, A.EXPIRE): S.EXPIRED,
    (S.SUSPENDED, A.REINSTATE): S.ACTIVE,
    (S.SUSPENDED, A.REVOKE): S.REVOKED,
    (S.SUSPENDED, A.EXPIRE): S.EXPIRED,
}


@pytest.mark.parametrize(("status", "action"), [(s, a) for s in S for a in A])
def test_every_state_and_action(status: LicenceStatus, action: LicenceAction) -> None:
    if (status, action) in LEGAL:
        assert next_status(status, action) == LEGAL[(status, action)]
    else:
        with pytest.raises(IllegalTransition) as info:
            next_status(status, action)
        assert status.value.replace("_", " ") in str(info.value)
        assert info.value.allowed == [
            a.value for (s, a) in LEGAL if s == status and a != A.EXPIRE
        ]


@pytest.mark.parametrize("final", [S.REVOKED, S.REFUSED, S.EXPIRED])
def test_final_states_allow_nothing(final: LicenceStatus) -> None:
    with pytest.raises(IllegalTransition, match="final"):
        next_status(final, A.REINSTATE)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ООО «Ош Трейд»", "Osh Treid LLC"),
        ("osh   TREID", "ОсОО Ош Трейд"),
        ("Юлдуз Ишчи Кучи", "Yulduz Ishchi Kuchi"),
        ("Хужанд Сервис", "Khujand Servis"),
        ("Xujand servis", "Хужанд Сервис"),
        ("Жамшид", "Jamshid"),
    ],
)
def test_names_match_across_scripts_and_spellings(typed: str, stored: str) -> None:
    assert name_key(typed) == name_key(stored)


def test_different_names_stay_apart() -> None:
    assert name_key("Ош Трейд") != name_key("Ош Транс")


def test_licence_numbers_ignore_case_spacing_and_cyrillic_lookalikes() -> None:
    assert number_key("vt-kg 2026 00042") == number_key("ВТ-КГ-2026-00042") == "VTKG202600042"


@pytest.mark.parametrize(
    "typed",
    ["VT-KG-2026-OOOO1", "vt-kg-2O26-oooo1", "ВТ-КГ-2О26-ОООО1", "VT-KG-2026-0000l",
     "VT-KG-2026-0000I", "VT KG 2026 OOO01"],
)
def test_letters_drawn_like_digits_are_read_as_digits_in_the_year_and_serial(typed) -> None:
    """«VT-KG-2026-OOOO1», typed off paper with letter O's, was said to be no licence."""
    assert looks_like_licence_number(typed, "VT")
    assert licence_number_key(typed, "VT") == "VTKG202600001"


def test_the_prefix_and_country_keep_their_letters() -> None:
    assert licence_number_key("VT-IO-2026-00001", "VT") == "VTIO202600001"
    assert licence_number_key("OIL-KG-2026-0O001", "OIL") == "OILKG202600001"


@pytest.mark.parametrize(("typed", "registered", "typed_shown", "registered_shown"), [
    # A digit replaced, two swapped, one left out, one added, the country changed.
    ("VT-KG-2026-00007", "VT-KG-2026-00001", "VT-KG-2026-0000[7]", "VT-KG-2026-0000[1]"),
    ("VT-KG-2026-00010", "VT-KG-2026-00001", "VT-KG-2026-000[10]", "VT-KG-2026-000[01]"),
    ("VT-KG-2026-0001", "VT-KG-2026-00001", "VT-KG-2026-0001", "VT-KG-2026-000[0]1"),
    ("vt kg 2026 000011", "VT-KG-2026-00011", "VT-KG-2026-000[0]11", "VT-KG-2026-00011"),
    ("VT-KZ-2026-00001", "VT-KG-2026-00001", "VT-K[Z]-2026-00001", "VT-K[G]-2026-00001"),
    # Letters drawn like digits are the digits, not a difference.
    ("ВТ-КГ-2O26-OOO71", "VT-KG-2026-00017", "VT-KG-2026-000[71]", "VT-KG-2026-000[17]"),
])
def test_a_near_licence_number_marks_the_characters_that_differ(
        typed: str, registered: str, typed_shown: str, registered_shown: str) -> None:
    def shown(runs: list[tuple[str, bool]]) -> str:
        return "".join(f"[{text}]" if differs else text for text, differs in runs)

    typed_runs, registered_runs = licence_number_difference(typed, registered, "VT")
    assert (shown(typed_runs), shown(registered_runs)) == (typed_shown, registered_shown)


@pytest.mark.parametrize(("typed", "registered", "typed_shown", "registered_shown"), [
    # A letter left out, a word left out, a letter replaced, a letter doubled.
    ("Samarkand Recruting Group", "Samarkand Recruiting Group",
     "Samarkand Recruting Group", "Samarkand Recru[i]ting Group"),
    ("samarkand recruiting", "Samarkand Recruiting Group",
     "samarkand recruiting", "Samarkand Recruiting [Group]"),
    ("Nur Sad Travel", "Nur-Sat Travel", "Nur Sa[d] Travel", "Nur-Sa[t] Travel"),
    ("Nur-Sat Travel", "Nur-Sat Travel Jalal-Abad", "Nur-Sat Travel",
     "Nur-Sat Travel [Jalal-Abad]"),
    ("Ala-Tooo", "Ala-Too", "Ala-Too[o]", "Ala-Too"),
])
def test_a_near_name_marks_the_letters_that_differ(
        typed: str, registered: str, typed_shown: str, registered_shown: str) -> None:
    """Case, spaces and hyphens are no difference; letters are."""
    def shown(runs: list[tuple[str, bool]]) -> str:
        return "".join(f"[{text}]" if differs else text for text, differs in runs)

    difference = name_difference(typed, registered)
    assert difference is not None
    assert (shown(difference[0]), shown(difference[1])) == (typed_shown, registered_shown)


def test_a_near_name_in_another_script_marks_nothing() -> None:
    """Every Cyrillic letter differs from every Latin one, though the name may be the same."""
    assert name_difference("Нур Сад Тревел", "Nur-Sat Travel") is None


@pytest.mark.parametrize(("typed", "registered"), [
    ("Ala-Too", "Ala-Too Work Abroad LLC"),
    ("Samarkand", "Samarkand Labour Partners LLC"),
    ("samarkand partners", "Samarkand Labour Partners LLC"),
    ("ALA TOO llc", "Ala-Too Work Abroad LLC"),
    ("AlaToo", "Ala-Too Work Abroad LLC"),
    ("Nursat", "Nur-Sat Travel"),
    ("ОсОО «Нур-Сат»", "Нурсат Тревел"),
    ("O'zbekiston", "Oʻzbekiston Ishchi MChJ"),
])
def test_a_registered_name_shortened_is_part_of_it(typed: str, registered: str) -> None:
    """Every word typed is a word of the name, in its order: case, hyphens, punctuation,
    word breaks and the legal form are no difference."""
    assert name_part(typed, registered)


@pytest.mark.parametrize(("typed", "registered"), [
    # A letter changed, doubled or cut, a word changed, the words in another order.
    ("Samarkand Recruting", "Samarkand Recruiting Group"),
    ("Allaa-Too", "Ala-Too Work Abroad LLC"),
    ("Ala-T", "Ala-Too Work Abroad LLC"),
    ("Ala-Too Bishkek", "Ala-Too Work Abroad LLC"),
    ("Work Ala-Too", "Ala-Too Work Abroad LLC"),
    ("Ozbekiston", "Oʻzbekiston Ishchi"),
    # Letters of another script are not compared.
    ("Ала-Тоо", "Ala-Too Work Abroad LLC"),
])
def test_a_name_with_other_letters_is_not_part_of_a_registered_one(
        typed: str, registered: str) -> None:
    assert not name_part(typed, registered)


def test_validity_is_three_years_to_the_day_before_the_anniversary() -> None:
    assert validity_period(date(2026, 3, 1), 3) == (date(2026, 3, 1), date(2029, 2, 28))
    assert validity_period(date(2028, 2, 29), 3) == (date(2028, 2, 29), date(2031, 2, 27))


def test_renewal_continues_without_gap_or_overlap() -> None:
    assert renewed_period(date(2029, 2, 28), 3) == (date(2029, 3, 1), date(2032, 2, 29))


@pytest.mark.parametrize(
    ("status", "today", "may"),
    [
        (S.ACTIVE, date(2027, 1, 1), True),
        (S.ACTIVE, date(2025, 12, 31), False),
        (S.ACTIVE, date(2029, 3, 1), False),
        (S.SUSPENDED, date(2027, 1, 1), False),
        (S.REVOKED, date(2027, 1, 1), False),
        (S.APPLIED, date(2027, 1, 1), False),
    ],
)
def test_may_recruit_only_while_active_and_valid(status, today, may) -> None:
    verdict = may_recruit_on(status, date(2026, 1, 1), date(2028, 12, 31), today)
    assert verdict.may_recruit is may
    assert verdict.reason
