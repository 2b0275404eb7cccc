"""Shared input types: ISO country and currency codes, money, e-mail, phone."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

import phonenumbers
import pycountry
from babel.numbers import get_currency_precision
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)
from pydantic_core import InitErrorDetails, PydanticCustomError


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


def _country(code: str) -> str:
    if pycountry.countries.get(alpha_2=code) is None:
        raise PydanticCustomError("country_code",
                                  "'{code}' is not an ISO 3166-1 alpha-2 country code",
                                  {"code": code})
    return code


# What people type for a currency instead of its code.
_CURRENCY_WORDS = {
    "РУБ": "RUB", "РУБ.": "RUB", "РУБЛЬ": "RUB", "РУБЛЕЙ": "RUB", "РУБЛЯ": "RUB", "₽": "RUB",
    "RUR": "RUB", "RUBL": "RUB", "ТЕНГЕ": "KZT", "ТГ": "KZT", "₸": "KZT", "TENGE": "KZT",
    "$": "USD", "ДОЛЛАР": "USD", "ДОЛЛАРОВ": "USD", "€": "EUR", "ЕВРО": "EUR", "EURO": "EUR",
}


def _currency_upper(value: object) -> object:
    """A currency as its code: upper case, and the names people type for it (`руб`, `₽`,
    `тенге`) as the code they stand for."""
    value = _upper(value)
    return _CURRENCY_WORDS.get(value, value) if isinstance(value, str) else value


def _currency(code: str) -> str:
    if pycountry.currencies.get(alpha_3=code) is None:
        raise PydanticCustomError("currency_code", "'{code}' is not an ISO 4217 currency code",
                                  {"code": code})
    return code


CountryCode = Annotated[
    str,
    BeforeValidator(_upper),
    StringConstraints(min_length=2, max_length=2),
    AfterValidator(_country),
]
CurrencyCode = Annotated[
    str,
    BeforeValidator(_currency_upper),
    StringConstraints(min_length=3, max_length=3),
    AfterValidator(_currency),
]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise PydanticCustomError("email_address", "not an e-mail address")
    return value.lower()


Email = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=254), AfterValidator(_email)
]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9 ()\-]{6,25}$")
]


def _reachable_phone(number: str) -> str:
    """A number with its country code that exists in its country's plan, written as the
    international format writes it ("+996 555 123 456"): the number notices and sign-in
    codes are sent to, so "0555 123456" (which country?) or "+996 555 12" is refused."""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise PydanticCustomError(
            "phone_number", "'{number}' is not a phone number with its country code, like "
            "+996 555 123 456", {"number": number})
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# A migrant's own phone: reachable, in one spelling.
ReachablePhone = Annotated[Phone, AfterValidator(_reachable_phone)]


ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]
Address = Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=500)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)]
PASSWORD_KINDS = 5


def password_plain(password: str) -> bool:
    """Whether a password is too plain to keep anyone out: fewer than `PASSWORD_KINDS`
    different characters besides spaces (ten spaces and an x are ten characters)."""
    return len(set(password) - {" "}) < PASSWORD_KINDS


def _not_plain(password: str) -> str:
    if password_plain(password):
        raise PydanticCustomError("password_plain", "a password needs at least {kinds} "
                                  "different characters besides spaces",
                                  {"kinds": PASSWORD_KINDS})
    return password


Password = Annotated[str, StringConstraints(min_length=10, max_length=128),
                     AfterValidator(_not_plain)]


def minor_digits(currency: str) -> int:
    """How many digits a currency has after the point (2 for RUB, 0 for JPY and KRW), as
    the Unicode locale data records it."""
    return int(get_currency_precision(currency))


def check_amounts(*found: tuple[tuple[str, ...], Any]) -> None:
    """Refuse the first of `found` (where, an amount with `amount` and `currency`) finer
    than its currency counts. Called by what comes in (a request's model), not by `Money`
    itself: an amount kept from before the check, or read back, must still read."""
    for where, money in found:
        if money is not None:
            check_minor_units(money.amount, money.currency, (*where, "amount"))


def check_minor_units(amount: Decimal, currency: str,
                      where: tuple[str, ...] = ("amount",)) -> None:
    """Refuse an amount finer than its currency counts (350.5 yen): it could not be paid
    as written. Raised on the amount's field, so forms show it beside the amount typed."""
    digits = minor_digits(currency)
    if digits < 2 and (amount * 10**digits) % 1:
        error = PydanticCustomError(
            "currency_minor_units", "{currency} is counted in whole units: write the amount "
            "without a fraction" if digits == 0 else "{currency} has at most {digits} digit "
            "after the point", {"currency": currency, "digits": digits})
        raise ValidationError.from_exception_data(
            "Money", [InitErrorDetails(type=error, loc=where, input=amount)])


class Money(BaseModel):
    """An amount with its currency; never a float."""

    model_config = ConfigDict(extra="forbid")

    amount: Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]
    currency: CurrencyCode
