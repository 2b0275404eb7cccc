"""Reports of recruiters who are not in the register: the phone and name keys that let
reports of one person meet, and their grouping, pure and table-driven: no I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from disputes.recruiter_rules import (
    group,
    links_by_name,
    person_key,
    phone_is_plausible,
    phone_key,
    ranked,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("typed", "home", "key"), [
    # Kyrgyzstan: international, with 00, with a trunk 0 after the code, and national.
    ("+996 555 12-34-56", None, "996555123456"),
    ("+996 (555) 123 456", "UZ", "996555123456"),
    ("00996555123456", None, "996555123456"),
    ("+996 0555 123456", None, "996555123456"),
    ("996555123456", None, "996555123456"),
    ("0555 123 456", "KG", "996555123456"),
    ("555 123 456", "KG", "996555123456"),
    ("8 10 996 555 123456", None, "996555123456"),
    # Uzbekistan and Tajikistan: 9 national digits, or 10 with the old trunk 8.
    ("+998 90 123 45 67", None, "998901234567"),
    ("90 123 45 67", "UZ", "998901234567"),
    ("8 90 123 45 67", "uz", "998901234567"),
    ("+992 92 777 1234", None, "992927771234"),
    ("92 777 1234", "TJ", "992927771234"),
    ("8 92 777 1234", "TJ", "992927771234"),
    # Russia and Kazakhstan: 8 or 7 in front of ten digits, or ten digits at home.
    ("+7 912 345-67-89", None, "79123456789"),
    ("8 (912) 345-67-89", None, "79123456789"),
    ("79123456789", "KG", "79123456789"),
    ("+7 8 912 345 67 89", None, "79123456789"),
    ("912 345 67 89", "RU", "79123456789"),
    ("701 234 5678", "KZ", "77012345678"),
    # Short national forms without a home country cannot be placed: digits only.
    ("555 123 456", None, "555123456"),
    ("0555 123 456", None, "0555123456"),
    ("555 123 456", "DE", "555123456"),
    # Another country's international number is kept as typed, in digits.
    ("+49 30 1234567", None, "49301234567"),
])
def test_phone_key(typed: str, home: str | None, key: str) -> None:
    assert phone_key(typed, home=home) == key


@pytest.mark.parametrize(("typed", "plausible"), [
    ("+996 555 123456", True), ("123456", True), ("12345", False), ("(12) - - 3", False),
])
def test_a_phone_needs_six_digits(typed: str, plausible: bool) -> None:
    assert phone_is_plausible(typed) is plausible


@pytest.mark.parametrize(("one", "other"), [
    ("Бакыт Асанов", "Bakyt Asanov"),
    ("Asanov Bakyt", "bakyt  ASANOV"),
    ("Шухрат Юлдашев", "Shuhrat Yuldashev"),
    ("Шухрат Юлдашев", "Shukhrat Iuldashev"),
    ("Жыргал Токтосунов", "Jyrgal Toktosunov"),
])
def test_person_key_meets_across_spelling_script_and_order(one: str, other: str) -> None:
    assert person_key(one) == person_key(other) != ""


@pytest.mark.parametrize(("one", "other"), [
    ("Бакыт Асанов", "Бакыт Алиев"),
    ("Bakyt Asanov", "Asan Bakytov"),
])
def test_person_key_tells_people_apart(one: str, other: str) -> None:
    assert person_key(one) != person_key(other)


@pytest.mark.parametrize(("name", "links"), [
    ("Бакыт Асанов", True), ("Bakyt", False), ("Улан", False), ("Mr Ulan Bek", True),
])
def test_only_a_name_of_two_words_links_reports(name: str, links: bool) -> None:
    assert links_by_name(person_key(name)) is links


@pytest.mark.parametrize(("reports", "groups"), [
    # The same phone, whatever the names.
    ({1: ("asanov bakit", "996555123456"), 2: ("ulan", "996555123456")}, [[1, 2]]),
    # The same full name, whatever the phones.
    ({1: ("asanov bakit", "996555123456"), 2: ("asanov bakit", "996700000000")}, [[1, 2]]),
    # A first name alone ties nothing.
    ({1: ("ulan", "996555123456"), 2: ("ulan", "996700000000")}, [[1], [2]]),
    # Transitive: 1 and 2 share a phone, 2 and 3 a name; 4 shares nothing.
    ({1: ("ulan", "996555123456"), 2: ("asanov bakit", "996555123456"),
      3: ("asanov bakit", "79123456789"), 4: ("aliev bakit", "79000000000")},
     [[1, 2, 3], [4]]),
    # Joined through a later report, in the order of the first report.
    ({1: ("a b", "111111"), 2: ("c d", "222222"), 3: ("a b", "222222")}, [[1, 2, 3]]),
    ({}, []),
])
def test_group(reports: dict[int, tuple[str, str]], groups: list[list[int]]) -> None:
    assert group(reports) == groups


def test_ranked_puts_the_most_reported_first_then_the_latest() -> None:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    latest = {1: now - timedelta(days=9), 2: now - timedelta(days=1), 3: now,
              4: now - timedelta(days=3), 5: now - timedelta(days=2)}
    assert ranked([[1], [2, 4], [3], [5]], latest) == [[2, 4], [3], [5], [1]]
