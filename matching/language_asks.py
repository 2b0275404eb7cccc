"""A language the words typed ask a job not to need: `работа без знания русского`,
`rus tilisiz ish`, `no English needed`. Searched as a filter on the jobs' language needs,
not as words: the words would find the adverts that name the language, the opposite of
what was asked."""

from __future__ import annotations

import re
from functools import cache

import pycountry

# Every language a job needs waived, as the search's language filter reads it: no job
# needs this one.
NO_LANGUAGE = "-"

# (phrase, the language it waives: a code, or None for every language), in the five
# languages of the pages. A phrase is taken out of the words searched.
_ASKS: tuple[tuple[str, str | None], ...] = (
    # Russian
    (r"без\s+(?:знания\s+)?русск\w*(?:\s+языка)?", "ru"),
    (r"без\s+(?:знания\s+)?английск\w*(?:\s+языка)?", "en"),
    (r"без\s+(?:знания\s+)?язык(?:а|ов)", None),
    # English
    (r"(?:no|without)\s+(?:knowledge\s+of\s+)?russian(?:\s+(?:language|needed|required))*", "ru"),
    (r"(?:no|without)\s+(?:knowledge\s+of\s+)?english(?:\s+(?:language|needed|required))*", "en"),
    (r"(?:no|without)\s+(?:a\s+)?languages?(?:\s+(?:needed|required))?", None),
    # Kyrgyz
    (r"орус(?:ча)?\s+тил\w*\s+(?:билбе\w*(?:\s+да)?|керек\s+эмес)", "ru"),
    (r"орус\s+тилисиз", "ru"),
    (r"тил\s+билбе\w*(?:\s+да)?|тилсиз", None),
    # Uzbek, in Latin and Cyrillic letters
    (r"rus\s+tili(?:siz|ni\s+bilmas\w*|\s+kerak\s+emas)", "ru"),
    (r"рус\s+тили(?:сиз|ни\s+билмас\w*|\s+керак\s+эмас)", "ru"),
    (r"til\s+bilmas\w*|tilsiz", None),
    # Tajik
    (r"бе\s+(?:донистани\s+)?забони\s+рус\w*", "ru"),
    (r"бе\s+(?:донистани\s+)?забони\s+англис\w*", "en"),
    (r"бе\s+(?:донистани\s+)?забон(?!\w)", None),
)
_PATTERNS = tuple((re.compile(rf"(?<!\w){phrase}(?!\w)", re.IGNORECASE), code)
                  for phrase, code in _ASKS)


@cache
def _every_language() -> tuple[str, ...]:
    return tuple(sorted(lang.alpha_2 for lang in pycountry.languages
                        if hasattr(lang, "alpha_2")))


def waived(text: str) -> tuple[tuple[str, ...], str]:
    """The languages a job may need given what the words typed waive, and the words
    without the phrase: `()` and the text as typed when nothing is waived; every language
    but Russian for `без знания русского`; none at all (`NO_LANGUAGE`) for `без знания
    языка`."""
    waived_codes: set[str] = set()
    every = False
    rest = text
    for pattern, code in _PATTERNS:
        if pattern.search(rest):
            rest = pattern.sub(" ", rest)
            if code is None:
                every = True
            else:
                waived_codes.add(code)
    if every:
        return (NO_LANGUAGE,), " ".join(rest.split())
    if not waived_codes:
        return (), text
    return (tuple(c for c in _every_language() if c not in waived_codes),
            " ".join(rest.split()))
