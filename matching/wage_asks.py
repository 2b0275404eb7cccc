"""A wage the words typed ask for: `от 100000 рублей`, `зарплата 100 000`, `oyligi 5 mln
so'm`, `from 1500 dollars`. Searched as the minimum wage filter, not as words: adverts
seldom write the figure typed, and a search for `100000` finds chance numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import get_territory_currencies

from matching import places

# What people type for a currency, as the start of a word (`рублей`, `rubldan`, `сомов`);
# the first that fits is taken, so the somoni comes before the som.
_CURRENCIES: tuple[tuple[str, str], ...] = (
    (r"руб|rubl|rub\b|₽|р\.", "RUB"),
    (r"тенге|тңг|тг\b|tenge|kzt|₸", "KZT"),
    (r"долл|dollar|usd|\$", "USD"),
    (r"евро|euro|eur\b|€", "EUR"),
    (r"сомон|somoni|tjs", "TJS"),
    (r"сом|som\b|som[a-z]|kgs", "KGS"),
    (r"сўм|сум\b|so[ʻ'‘’]?m\b|uzs", "UZS"),
)
# Words that say a figure is the pay asked for: "from", "salary", "at least", in the five
# languages (Uzbek and Kyrgyz also say "from" with an ending: `100000 rubldan`).
_SAYS_PAY = (r"от|from|аз|не\s+меньше|at\s+least|зарплат\w*|з/?п|зп|оклад\w*|salary|wage|"
             r"pay|oyli[kg]\w*|maosh\w*|айлы[кг]\w*|маяна\w*|маош\w*|музд\w*|эмгек\s+акы\w*")
# A thousand or a million said in words: `100 тыс`, `100k`, `5 mln`, `100 миң`.
_TIMES = ((r"тыс\w*|т\.|k\b|к\b|ming|миң|мың|ҳазор|hazor|минг", 1000),
          (r"млн\w*|mln|million\w*|миллион\w*", 1_000_000))

_NUMBER = r"(?P<number>\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+|\d+(?:[.,]\d+)?)"
_MULTIPLIER = "|".join(f"(?:{p})" for p, _ in _TIMES)
_CURRENCY = "|".join(f"(?:{p})" for p, _ in _CURRENCIES)
_ASK = re.compile(
    rf"(?<!\w)(?:(?P<says>{_SAYS_PAY})\s*[:\-]?\s*)*{_NUMBER}\s*"
    rf"(?P<times>{_MULTIPLIER})?\s*(?P<currency>(?:{_CURRENCY})[\w.]*)?",
    re.IGNORECASE)


@dataclass(frozen=True)
class WageAsk:
    """The least pay asked for a month, its currency when the words or the place say it,
    and the words typed without the figure."""

    amount: Decimal
    currency: str | None
    rest: str


def _amount(match: re.Match[str]) -> Decimal | None:
    digits = match["number"]
    if re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+", digits):
        digits = re.sub(r"\D", "", digits)  # thousands written apart
    try:
        amount = Decimal(digits.replace(",", "."))
    except ArithmeticError:
        return None
    times = match["times"]
    if times:
        amount *= next(n for p, n in _TIMES if re.fullmatch(p, times, re.IGNORECASE))
    return amount if 0 < amount < 10**12 else None


def _currency(word: str | None) -> str | None:
    if not word:
        return None
    return next((code for pattern, code in _CURRENCIES
                 if re.match(pattern, word, re.IGNORECASE)), None)


def _of_places(text: str, countries: tuple[str, ...]) -> str | None:
    """The one currency of the countries chosen or the cities typed, if they have one."""
    named = set(countries) or {p.country for p in places.cities_in(text)}
    currencies = {c for country in named for c in get_territory_currencies(country)[:1]}
    return currencies.pop() if len(currencies) == 1 else None


def asked_wage(text: str, countries: tuple[str, ...] = ()) -> WageAsk | None:
    """The pay a text asks for, when a figure in it is said to be pay: beside "from",
    "salary" and their like, a currency, or a thousand said in words. A figure alone
    (`7212`, a code or a year) is not. The currency, when not typed, is the one of the
    `countries` chosen or the cities named, if they share one; else None."""
    for match in _ASK.finditer(text):
        if not (match["says"] or match["currency"] or match["times"]):
            continue
        amount = _amount(match)
        if amount is None:
            continue
        rest = " ".join((text[:match.start()] + " " + text[match.end():]).split())
        currency = _currency(match["currency"]) or _of_places(text, countries)
        return WageAsk(amount=amount, currency=currency, rest=rest)
    return None
