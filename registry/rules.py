"""Pure registry rules: the licence state machine, validity, and name keys for matching."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import SequenceMatcher

from core.text import (
    MIN_INFIX_LENGTH,
    name_key,
    name_letters,
    name_nearness,
    name_words,
    number_key,
)
from registry.exceptions import IllegalTransition


class LicenceStatus(enum.StrEnum):
    APPLIED = "applied"
    UNDER_REVIEW = "under_review"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"
    REFUSED = "refused"


class LicenceAction(enum.StrEnum):
    START_REVIEW = "start_review"
    GRANT = "grant"
    REFUSE = "refuse"
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    REVOKE = "revoke"
    RENEW = "renew"
    EXPIRE = "expire"


S = LicenceStatus
A = LicenceAction

# The one place that says which action moves a licence from which state to which.
TRANSITIONS: dict[tuple[LicenceStatus, LicenceAction], LicenceStatus] = {
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

# Actions that take something away from an agency must say why.
REASON_REQUIRED = frozenset({A.REFUSE, A.SUSPEND, A.REINSTATE, A.REVOKE})

# Actions only the system takes (scheduled work), never a person.
SYSTEM_ACTIONS = frozenset({A.EXPIRE})

# Actions that put a licence into force or take it out of force: other domains mark or
# clear what they hold of the agency (open referrals, open disputes) after each.
IN_FORCE_CHANGES = frozenset({A.GRANT, A.SUSPEND, A.REINSTATE, A.REVOKE, A.EXPIRE})

# States in which a licence is pending or in force (at most one per agency).
OPEN_STATES = frozenset({S.APPLIED, S.UNDER_REVIEW, S.ACTIVE, S.SUSPENDED})


def allowed_actions(status: LicenceStatus, *, include_system: bool = False) -> list[str]:
    """What a person may do to a licence in `status` (scheduled actions only on request)."""
    return [
        action.value
        for (src, action) in TRANSITIONS
        if src == status and (include_system or action not in SYSTEM_ACTIONS)
    ]


def next_status(status: LicenceStatus, action: LicenceAction) -> LicenceStatus:
    """The state after `action`, or IllegalTransition naming what is allowed instead."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise IllegalTransition(
            action=action.value, status=status.value, allowed=allowed_actions(status)
        ) from None


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def validity_period(start: date, years: int) -> tuple[date, date]:
    """A licence valid `years` from `start`, up to and including the day before the anniversary."""
    return start, add_years(start, years) - timedelta(days=1)


def renewed_period(current_until: date, years: int) -> tuple[date, date]:
    """A renewal runs on from the day after the current period, so no day is lost or doubled."""
    return validity_period(current_until + timedelta(days=1), years)


@dataclass(frozen=True)
class RecruitingVerdict:
    may_recruit: bool
    reason: str


def may_recruit_on(
    status: LicenceStatus, valid_from: date | None, valid_until: date | None, today: date
) -> RecruitingVerdict:
    """Whether a licence lets its agency recruit on `today`, and why (not)."""
    if status == S.ACTIVE and valid_from and valid_until:
        if today < valid_from:
            return RecruitingVerdict(False, f"the licence is valid only from {valid_from}")
        if today > valid_until:
            return RecruitingVerdict(False, f"the licence expired on {valid_until}")
        return RecruitingVerdict(True, f"the licence is active until {valid_until}")
    reasons = {
        S.APPLIED: "the agency has applied for a licence; it is not licensed yet",
        S.UNDER_REVIEW: "the licence application is under review; it is not licensed yet",
        S.SUSPENDED: "the licence is suspended",
        S.REVOKED: "the licence was revoked",
        S.EXPIRED: "the licence has expired",
        S.REFUSED: "the licence application was refused",
    }
    return RecruitingVerdict(False, reasons.get(status, "the agency is not licensed"))


_NUMBER_SHAPE = re.compile(r"^[A-Z]{2,}[A-Z]{2}\d{4}\d+$")

# Read off paper, the digits of a number are often typed as the letters drawn like them
# (VT-KG-2026-OOOO1). Only the year and serial are digits, so only there is O a zero and
# I or l a one; the prefix and the country code keep their letters.
_DIGIT_LOOKALIKES = str.maketrans("OIL", "011")


def licence_number_key(query: str, prefix: str) -> str:
    """`query` as a licence number key, letters drawn like digits read as those digits in
    the year and serial."""
    key = number_key(query)
    letters = len(number_key(prefix)) + 2  # the prefix and the two letters of the country
    return key[:letters] + key[letters:].translate(_DIGIT_LOOKALIKES)


def looks_like_licence_number(query: str, prefix: str) -> bool:
    key = licence_number_key(query, prefix)
    return key.startswith(number_key(prefix)) and bool(_NUMBER_SHAPE.match(key))


def format_licence_number(prefix: str, country: str, year: int, serial: int) -> str:
    return f"{prefix}-{country}-{year}-{serial:05d}"


# A number cut into runs of characters, each with whether it differs from the number it is
# compared with.
NumberRuns = list[tuple[str, bool]]


def licence_number_difference(query: str, registered: str, prefix: str
                              ) -> tuple[NumberRuns, NumberRuns]:
    """A number typed (`query`, already known to look like a licence number) written as the
    register writes numbers, and a registered number near it, each cut into runs with the
    characters that differ from the other marked: a forged number one digit from a real
    one is told apart only by seeing that digit."""
    typed = licence_number_key(query, prefix)
    known = number_key(registered)
    start = 0
    while start < min(len(typed), len(known)) and typed[start] == known[start]:
        start += 1
    end = 0  # the characters the two share at their ends, after the shared start
    while end < min(len(typed), len(known)) - start and typed[-1 - end] == known[-1 - end]:
        end += 1
    letters = len(number_key(prefix))
    shown = "-".join((prefix, typed[letters:letters + 2], typed[letters + 2:letters + 6],
                      typed[letters + 6:]))
    return (_number_runs(shown, range(start, len(typed) - end)),
            _number_runs(registered, range(start, len(known) - end)))


def _number_runs(number: str, differing: range) -> NumberRuns:
    """`number` cut into runs, marking the characters whose places among its letters and
    digits (dashes and spaces not counted) are `differing`."""
    runs: NumberRuns = []
    place = 0
    for char in number:
        differs = char.isalnum() and place in differing
        place += char.isalnum()
        if runs and runs[-1][1] == differs:
            runs[-1] = (runs[-1][0] + char, differs)
        else:
            runs.append((char, differs))
    return runs


def name_difference(query: str, registered: str) -> tuple[NumberRuns, NumberRuns] | None:
    """A name typed and a registered name near it, each cut into runs with the letters and
    digits that differ from the other marked (case, spaces and hyphens are no difference):
    a look-alike firm is named one letter from a real one, told apart only by seeing that
    letter. None when the two are written in different scripts, where every letter would be
    marked though the name may be the same."""
    if len(_scripts(query + registered)) > 1:
        return None
    typed = [c.casefold() for c in query]
    known = [c.casefold() for c in registered]
    in_typed: set[int] = set()
    in_known: set[int] = set()
    for tag, t0, t1, k0, k1 in SequenceMatcher(None, typed, known, autojunk=False
                                               ).get_opcodes():
        if tag != "equal":
            in_typed.update(range(t0, t1))
            in_known.update(range(k0, k1))
    return _marked_runs(query, in_typed), _marked_runs(registered, in_known)


def name_part(query: str, registered: str) -> bool:
    """Whether a name typed is the registered name shortened, as people write an agency
    (`Ala-Too` for `Ala-Too Work Abroad LLC`): every word typed is a word of it, in its
    order, case, hyphens, punctuation, word breaks and the legal form aside. Only in the
    registered name's own script, where the letters themselves can be compared: a letter
    changed or doubled (`Samarkand Recruting`, `Allaa-Too`) makes another name, perhaps a
    look-alike's."""
    if len(_scripts(query + registered)) != 1:
        return False
    typed = "".join(name_letters(query))
    # How much of the name typed the registered name's whole words spell, taken in order.
    spelt = {0}
    for word in name_letters(registered):
        spelt |= {end + len(word) for end in spelt if typed.startswith(word, end)}
    return bool(typed) and len(typed) in spelt


def _scripts(text: str) -> set[str]:
    return {"cyrillic" if "CYRILLIC" in unicodedata.name(c, "") else "latin"
            for c in text if c.isalpha()}


def _marked_runs(text: str, differing: set[int]) -> NumberRuns:
    """`text` cut into runs, marking the letters and digits at the places `differing`, and
    a space or hyphen only between two marked (`Jalal-Abad` added is one mark)."""
    runs: NumberRuns = []
    for place, char in enumerate(text):
        differs = place in differing and (char.isalnum() or {place - 1, place + 1} <= differing)
        if runs and runs[-1][1] == differs:
            runs[-1] = (runs[-1][0] + char, differs)
        else:
            runs.append((char, differs))
    return runs


# From this nearness on, a registered name is offered as "did you mean". bench/names.py
# measures it over the table of real spellings in tests/name_pairs.py: spellings of one
# name that keep different keys (Gulnora and Gulnara, Nur Sad and Nur-Sat) start at 0.833,
# one letter in six; unrelated names reach 0.8, one letter in five (Sharq inside Sharifi).
NEAR_NAME = 0.82
NEAR_NAMES_SHOWN = 5


@dataclass(frozen=True)
class NameMatches:
    """Registered names that are the name typed (spelled any way), else those near it,
    nearest first."""

    exact: list[int]
    near: list[int]


def too_short_to_find_inside(query: str) -> bool:
    """Whether a name typed is too short to be looked for inside longer registered names
    (`Osh` for `Osh Global Staffing`): found only when a name is exactly it."""
    return len(name_key(query)) < MIN_INFIX_LENGTH


def match_names(query: str, register: Iterable[tuple[int, str]], *,
                limit: int = NEAR_NAMES_SHOWN) -> NameMatches:
    """Which of the register's (id, name key) pairs are the typed name, or near it."""
    words = name_words(query)
    key = name_key(query)
    if not key:
        return NameMatches(exact=[], near=[])
    exact: list[int] = []
    near: list[tuple[float, int]] = []
    for agency_id, registered in register:
        if registered == key:
            exact.append(agency_id)
            continue
        nearness = name_nearness(words, registered, at_least=NEAR_NAME)
        if nearness >= NEAR_NAME:
            near.append((nearness, agency_id))
    if exact:
        return NameMatches(exact=exact, near=[])
    near.sort(key=lambda found: (-found[0], found[1]))
    return NameMatches(exact=[], near=[agency_id for _, agency_id in near[:limit]])
