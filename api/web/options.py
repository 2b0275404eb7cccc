"""The choices the forms and filters of every group offer first: destination countries,
currencies and languages (any ISO code the domain accepts may still be sent)."""

from __future__ import annotations

# Where people from the region most often go; a vacancy elsewhere is still found by text.
DESTINATIONS = ("RU", "KZ", "KR", "TR", "AE", "SA", "QA", "GB", "DE", "PL", "CZ", "LT", "HU",
                "JP", "IL", "US")
# Wages, claims and minimum wages: the destinations' currencies and the sending countries'
# own (the domain takes any ISO 4217 code).
CURRENCIES = ("RUB", "KZT", "KGS", "TJS", "UZS", "USD", "EUR", "GBP", "KRW", "TRY", "AED",
              "PLN", "CZK", "JPY")
# Languages a job may ask for and a migrant may speak, offered first.
SPOKEN = ("ru", "en", "ky", "tg", "uz", "kk", "tr", "ko", "de", "ar", "pl", "ja")
