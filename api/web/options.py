"""The choices the forms and filters of every group offer: destination countries,
currencies and languages offered first, and every country named in the page's language
(any ISO code the domain accepts may still be sent)."""

from __future__ import annotations

from collections.abc import Iterable
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


@cache
def countries(language: str) -> list[tuple[str, str]]:
    """Every ISO country as (code, name in the page's language), by name."""
    pairs = [(c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries]
    return sorted(pairs, key=lambda pair: pair[1].casefold())


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
    return sorted(((c, f"{country_name(c, language)} ({c})") for c in chosen),
                  key=lambda pair: pair[1])


def language_options(language: str) -> list[tuple[str, str]]:
    """The languages offered first, named in the page's language."""
    return [(code, language_name(code, language)) for code in SPOKEN]
