"""The migrant's profile as a form: the choices it offers in the page's language, what was
typed shaped into the domain's input, and a stored profile shaped back into form values."""

from __future__ import annotations

import re
from typing import Any

from api.web.common import country_name, language_name
from api.web.labels import EDUCATION, LANGUAGE_LEVEL_CENTRE, labels
from api.web.options import CURRENCIES, DESTINATIONS, SENDING, SPOKEN, country_options
from matching.schemas import MigrantOut

LANGUAGE_ROWS = 4  # rows shown on a new form; one empty row more once they are filled
MAX_LANGUAGE_ROWS = 10  # as many languages as a profile may hold
LANGUAGE_CHOICES = (*SPOKEN, "tk", "zh", "fr")

# The form's field for each path the domain may name in an error.
MIGRANT_FIELDS = {
    "consent": "consent", "consent_version": "consent", "full_name": "full_name",
    "date_of_birth": "date_of_birth", "phone": "phone", "email": "email",
    "password": "password", "citizenship": "citizenship",
    "passport_number": "passport_number", "occupation": "occupation", "skills": "skills",
    "experience_years": "experience_years", "languages": "languages",
    "education": "education", "desired_countries": "desired_countries",
    "min_wage": "min_wage_amount", "min_wage.amount": "min_wage_amount",
    "min_wage.currency": "min_wage_currency",
}
LIST_FIELDS = ("desired_countries",)


def countries(language: str) -> list[tuple[str, str]]:
    """Every country by name, the region's sending countries first."""
    return country_options(language, SENDING)


def work_countries(language: str) -> list[tuple[str, str]]:
    """Every country by name, where migrants go to work first (a dispute's country)."""
    return country_options(language, DESTINATIONS)


def migrant_options(language: str, translate: Any) -> dict[str, Any]:
    """The choices of the migrant form, named in the page's language."""
    return {
        "countries": countries(language),
        "destinations": [(c, country_name(c, language)) for c in DESTINATIONS],
        "languages": sorted(((c, language_name(c, language)) for c in LANGUAGE_CHOICES),
                            key=lambda pair: pair[1].casefold()),
        "levels": list(labels(translate, LANGUAGE_LEVEL_CENTRE).items()),
        "education": list(labels(translate, EDUCATION).items()),
        "currencies": [(c, c) for c in CURRENCIES],
    }


def language_rows(values: dict[str, Any]) -> int:
    """How many language rows the form shows: all filled ones and an empty one."""
    filled = [i for i in range(MAX_LANGUAGE_ROWS)
              if values.get(f"lang_code_{i}") or values.get(f"lang_level_{i}")]
    return min(MAX_LANGUAGE_ROWS, max(LANGUAGE_ROWS, (filled[-1] + 2) if filled else 0))


def split_list(text: str | None) -> list[str]:
    """Skills typed one per line or separated by commas."""
    return [part.strip() for part in re.split(r"[,;\n]", text or "") if part.strip()]


def _present(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None}


def _languages(values: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for i in range(MAX_LANGUAGE_ROWS):
        code, level = values.get(f"lang_code_{i}"), values.get(f"lang_level_{i}")
        if code or level:
            rows.append(_present({"code": code, "level": level}))
    return rows


def _min_wage(values: dict[str, Any]) -> dict[str, Any] | None:
    amount, currency = values.get("min_wage_amount"), values.get("min_wage_currency")
    if not amount and not currency:
        return None
    return _present({"amount": amount, "currency": currency})


_PROFILE = ("full_name", "date_of_birth", "phone", "email", "citizenship", "occupation",
            "experience_years", "education")


def registration_data(values: dict[str, Any], consent_version: str) -> dict[str, Any]:
    """What was typed, shaped as MigrantIn (blank fields left out, so they read as missing)."""
    data = _present({name: values.get(name) for name in (*_PROFILE, "passport_number",
                                                          "password")})
    data |= {
        "consent": values.get("consent") == "true",
        "consent_version": values.get("consent_version") or consent_version,
        "skills": split_list(values.get("skills")),
        "languages": _languages(values),
        "desired_countries": values.get("desired_countries") or [],
    }
    wage = _min_wage(values)
    if wage is not None:
        data["min_wage"] = wage
    return data


def update_data(values: dict[str, Any]) -> dict[str, Any]:
    """What was typed, shaped as MigrantUpdate: every field is sent, so a blanked phone,
    e-mail or minimum wage is removed; a blank passport number keeps the one on record."""
    data: dict[str, Any] = {name: values.get(name) for name in _PROFILE}
    if values.get("passport_number"):
        data["passport_number"] = values["passport_number"]
    data |= {
        "skills": split_list(values.get("skills")),
        "languages": _languages(values),
        "desired_countries": values.get("desired_countries") or [],
        "min_wage": _min_wage(values),
    }
    return data


def profile_values(migrant: MigrantOut) -> dict[str, Any]:
    """A stored profile as the edit form's values."""
    values: dict[str, Any] = {
        "full_name": migrant.full_name, "date_of_birth": migrant.date_of_birth.isoformat(),
        "phone": migrant.phone, "email": migrant.email, "citizenship": migrant.citizenship,
        "occupation": migrant.occupation, "skills": ", ".join(migrant.skills),
        "experience_years": format(migrant.experience_years.normalize(), "f"),
        "education": migrant.education, "desired_countries": list(migrant.desired_countries),
    }
    for i, lang in enumerate(migrant.languages[:MAX_LANGUAGE_ROWS]):
        values[f"lang_code_{i}"] = lang["code"]
        values[f"lang_level_{i}"] = lang["level"]
    if migrant.min_wage is not None:
        values["min_wage_amount"] = str(migrant.min_wage.amount)
        values["min_wage_currency"] = migrant.min_wage.currency
    return values
