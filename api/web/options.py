"""The choices the forms and filters of every group offer: destination countries,
currencies and languages offered first, and every country named in the page's language
(any ISO code the domain accepts may still be sent)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache

import pycountry

from api.web.common import country_name, language_name

# Where people from the region most often go; a vacancy elsewhere is still found by text.
DESTINATIONS = ("RU", "KZ", "KR", "TR", "AE", "SA", "QA", "GB", "DE", "PL", "CZ", "LT", "HU",
                "JP", "IL", "US")
# Where migrants at the centres come from: listed first among citizenships.
SENDING = ("KG", "TJ", "UZ", "KZ", "TM")
# Wages, claims and minimum wages: the destinations' currencies and the sending countries'
# own (the domain takes any ISO 4217 code).
CURRENCIES = ("RUB", "KZT", "KGS", "TJS", "UZS", "USD", "EUR", "GBP", "KRW", "TRY", "AED",
              "PLN", "CZK", "JPY")
# Languages a job may ask for and a migrant may speak, offered first.
SPOKEN = ("ru", "en", "ky", "tg", "uz", "kk", "tr", "ko", "de", "ar", "pl", "ja")


# Each language's letters in its own alphabet's order. Code points put the letters Kyrgyz,
# Tajik and Uzbek add after the last Russian or Latin one («Өзбекстан» after «Ямайка»);
# readers look for them beside the letter they are drawn from. Uzbek Latin keeps oʻ, gʻ,
# sh and ch as letters of their own after z, as its dictionaries do.
_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
ALPHABETS: dict[str, tuple[str, ...]] = {
    "ru": tuple(_RUSSIAN),
    "ky": tuple(_RUSSIAN.replace("н", "нң").replace("о", "оө").replace("у", "уү")),
    "tg": tuple(_RUSSIAN.replace("г", "гғ").replace("и", "иӣ").replace("к", "кқ")
                .replace("у", "уӯ").replace("х", "хҳ").replace("ч", "чҷ")),
    "uz": (*"abdefghijklmnopqrstuvxyz", "oʻ", "gʻ", "sh", "ch", "ʼ"),
}
# Uzbek's marks as they are also typed (and as CLDR writes them): after o or g, the mark
# of oʻ and gʻ; elsewhere the tutuq belgisi.
_UZBEK_LETTER_MARK = re.compile(r"([og])[\u2018\u2019'`\u02bc]")
_UZBEK_OTHER_MARK = re.compile(r"[\u2018\u2019'`]")


def _uzbek_marks(text: str) -> str:
    return _UZBEK_OTHER_MARK.sub("ʼ", _UZBEK_LETTER_MARK.sub(r"\1ʻ", text))


def alphabetical(language: str) -> Callable[[str], tuple[tuple[int, int], ...]]:
    """A sort key putting texts in the alphabet order of `language`; a sign before any
    letter, a letter of another alphabet after them (by its code point)."""
    alphabet = ALPHABETS.get(language)
    if alphabet is None:
        return lambda text: tuple((0, ord(c)) for c in text.casefold())
    rank = {letter: n for n, letter in enumerate(alphabet)}
    longest = max(len(letter) for letter in alphabet)

    def key(text: str) -> tuple[tuple[int, int], ...]:
        text = _uzbek_marks(text.casefold()) if language == "uz" else text.casefold()
        out: list[tuple[int, int]] = []
        at = 0
        while at < len(text):
            for size in range(longest, 0, -1):
                if (letter := text[at:at + size]) in rank:
                    out.append((1, rank[letter]))
                    at += size
                    break
            else:
                out.append((0 if not text[at].isalpha() else 2, ord(text[at])))
                at += 1
        return tuple(out)
    return key


@cache
def countries(language: str) -> list[tuple[str, str]]:
    """Every ISO country as (code, name in the page's language), by name."""
    pairs = [(c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries]
    by_name = alphabetical(language)
    return sorted(pairs, key=lambda pair: by_name(pair[1]))


def country_options(language: str, first: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The countries, with the usual ones first."""
    ordered = list(first)
    every = countries(language)
    names = dict(every)
    head = [(code, names[code]) for code in ordered if code in names]
    return head + [pair for pair in every if pair[0] not in ordered]


def coded_country_options(language: str, codes: Iterable[str] | None = None
                          ) -> list[tuple[str, str]]:
    """(code, "Name (code)") pairs for a select, by name: staff often know the code."""
    chosen = codes if codes is not None else [c.alpha_2 for c in pycountry.countries]
    by_name = alphabetical(language)
    return sorted(((c, f"{country_name(c, language)} ({c})") for c in chosen),
                  key=lambda pair: by_name(pair[1]))


def language_options(language: str) -> list[tuple[str, str]]:
    """The languages offered first, named in the page's language."""
    return [(code, language_name(code, language)) for code in SPOKEN]
