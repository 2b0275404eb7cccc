"""Pure rules for reports of recruiters who are not in the register: the keys that let
reports of one person meet however the name and the phone number were written, and the
grouping of reports into one entry per recruiter.

Two reports concern the same recruiter when their phone keys are equal, or when their
person keys are equal and name at least two words (a first name alone is shared by too
many people to tie two reports together). Grouping is transitive: a report sharing the
phone with one and the name with another joins all three.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TypeVar

from core.text import name_words

# Country calling codes whose national formats we know, and the home countries they serve.
_CALLING_CODES = {"KG": "996", "UZ": "998", "TJ": "992", "RU": "7", "KZ": "7"}
_CENTRAL_ASIAN = ("996", "998", "992")
_MIN_DIGITS = 6

K = TypeVar("K", bound=Hashable)


def phone_digits(raw: str) -> str:
    """The digits of a phone number as typed."""
    return re.sub(r"\D", "", raw)


def phone_key(raw: str, *, home: str | None = None) -> str:
    """A phone number as digits with its country code, so that "+996 (555) 12-34-56",
    "00996555123456" and "0555 123 456" (typed in Kyrgyzstan) meet.

    International forms (+, 00, or the Russian 8-10 prefix) keep their country code, less a
    trunk 0 or 8 typed after it. National forms take the country code of their shape: 11
    digits from 8 or 7 are Russian or Kazakh; 12 digits from 996, 998 or 992 already carry
    theirs. The shorter national forms (9 digits, or 10 with a trunk 0 or 8) are told apart
    only by `home`, the country the number was given in; without it, they stay as digits.
    """
    digits = phone_digits(raw)
    international = raw.strip().startswith("+")
    if not international and digits.startswith("00"):
        digits, international = digits[2:], True
    elif not international and digits.startswith("810") and len(digits) > 11:
        digits, international = digits[3:], True
    if international:
        return _drop_trunk(digits)
    if len(digits) == 12 and digits[:3] in _CENTRAL_ASIAN:
        return _drop_trunk(digits)
    if len(digits) == 11 and digits[0] in "78":
        return "7" + digits[1:]
    code = _CALLING_CODES.get((home or "").upper())
    if code == "7" and len(digits) == 10:
        return "7" + digits
    if code in _CENTRAL_ASIAN:
        if len(digits) == 9:
            return f"{code}{digits}"
        if len(digits) == 10 and digits[0] in "08":
            return f"{code}{digits[1:]}"
    return digits


def _drop_trunk(digits: str) -> str:
    """A trunk prefix typed after the country code: +996 0555..., +7 8 912..."""
    for code in _CENTRAL_ASIAN:
        if digits.startswith(code + "0") and len(digits) == 13:
            return code + digits[4:]
    if digits.startswith("78") and len(digits) == 12:
        return "7" + digits[2:]
    return digits


def phone_is_plausible(raw: str) -> bool:
    """Whether a phone number has enough digits to tell one person's from another's."""
    return len(phone_digits(raw)) >= _MIN_DIGITS


def person_key(name: str) -> str:
    """A person's name, spelling-tolerant (core.text.name_words) and in any word order
    ("Бакыт Асанов" and "Asanov Bakyt" meet)."""
    return " ".join(sorted(name_words(name)))


def links_by_name(key: str) -> bool:
    """Whether a person key is specific enough to tie reports together on its own."""
    return len(key.split()) >= 2


def group(reports: Mapping[K, tuple[str, str]]) -> list[list[K]]:
    """Reports (id -> (person key, phone key)) gathered into one group per recruiter, each
    group's ids in the order given, the groups in the order of their first report."""
    parent: dict[K, K] = {k: k for k in reports}

    def root(k: K) -> K:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def join(keys: Iterable[K]) -> None:
        first: K | None = None
        for k in keys:
            if first is None:
                first = k
            else:
                parent[root(k)] = root(first)

    by_name: dict[str, list[K]] = {}
    by_phone: dict[str, list[K]] = {}
    for k, (person, phone) in reports.items():
        if links_by_name(person):
            by_name.setdefault(person, []).append(k)
        if phone:
            by_phone.setdefault(phone, []).append(k)
    for members in (*by_name.values(), *by_phone.values()):
        join(members)
    groups: dict[K, list[K]] = {}
    for k in reports:
        groups.setdefault(root(k), []).append(k)
    return list(groups.values())


def ranked(groups: Sequence[list[K]], latest: Mapping[K, datetime]) -> list[list[K]]:
    """Groups with the most reports first; among equals, the one reported most recently."""
    by_recent = sorted(groups, key=lambda members: max(latest[k] for k in members),
                       reverse=True)
    return sorted(by_recent, key=len, reverse=True)
