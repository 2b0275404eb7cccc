"""Every refusal the domains can raise has a stable code, an English text made from it and
its parameters, and words on the pages in each language its readers may read.

Codes are read from the code (every refusal raised with a literal code, every class's
`code`, every `NotFound("what", ...)`) and held to the English templates
(core.errors.ENGLISH) and to the pages' texts (api.web.refusals): staff pages in English and
Russian, and, for the refusals migrants and the public may meet, also Kyrgyz, Uzbek and
Tajik. Each text is rendered with sample parameters in each of its languages: nothing may be
left untranslated, unfilled, or a raw code. No I/O: the catalogues and the renderer only.
"""

from __future__ import annotations

import ast
import importlib
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from api.problems import shape_of
from api.web.common import PUBLIC_LANGUAGES, STAFF_LANGUAGES, has_translation, translations
from api.web.refusals import STAFF, TEXTS, words_for
from api.web.refusals_public import PUBLIC
from core import errors

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "registry", "matching", "disputes", "missions", "labour_attache", "ratings",
            "api")
# Every module that raises a refusal, imported so that its English texts are registered.
MODULES = ("registry.service", "matching.centres", "matching.vacancies", "matching.referrals",
           "matching.referral_requests", "matching.migrants", "matching.sign_in_codes",
           "matching.searching", "disputes.service", "disputes.recruiters",
           "ratings.service", "core.password_reset", "core.users", "api.app")
CODE = re.compile(r"[a-z][a-z_]*(\.[a-z][a-z_]*)?")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# Words the same in English and a language of ours ("migrant" is Uzbek too).
SHARED_WORDS = {"utc", "migrant", "mail"}
# Parameters a page puts in that the English text leaves out.
PAGE_ONLY = {"password_reset.expired": {"minutes"}}
# The classes whose calls carry a code, and where its code is among their arguments.
REFUSALS = {"InvalidInput", "Conflict", "NotAllowed", "Refused", "PartyRefused",
            "EvidenceRejected", "EvidenceTooLarge", "PasswordRefused", "DuplicatePassport",
            "Forbidden", "DomainError"}


def _raised_codes() -> dict[str, str]:
    """Each code the sources raise, with where."""
    found: dict[str, str] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
                # The pages word a filing over the limit (api.deps) by its wait, not its code.
                if isinstance(node, ast.ClassDef) and package != "api":
                    for item in node.body:
                        if isinstance(item, ast.Assign) and any(
                                isinstance(t, ast.Name) and t.id == "code"
                                for t in item.targets) and isinstance(item.value, ast.Constant) \
                                and node.name != "DomainError":
                            found.setdefault(str(item.value.value), where)
                if not isinstance(node, ast.Call):
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else \
                    getattr(node.func, "id", "")
                if name.endswith("NotFound") and node.args \
                        and isinstance(node.args[0], ast.Constant):
                    found.setdefault(f"{node.args[0].value}".replace(" ", "_") + ".not_found",
                                     where)
                if name not in REFUSALS:
                    continue
                for arg in node.args:
                    branches = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
                    for branch in branches:
                        if isinstance(branch, ast.Constant) and isinstance(branch.value, str):
                            assert " " not in branch.value, \
                                f"{where}: a refusal carries a code, not words"
                            if "." in branch.value and not branch.value.startswith(
                                    ("account.", "outcome.", "amount.", "recruiter.",
                                     "reported_terms.", "acknowledgements.", "wage.")) \
                                    or branch.value in ENGLISH_CODES():
                                found.setdefault(branch.value, where)
    return found


def ENGLISH_CODES() -> set[str]:  # noqa: N802 - read as a constant once the modules are in
    for module in MODULES:
        importlib.import_module(module)
    return set(errors.ENGLISH)


def test_every_code_raised_has_an_english_text_and_words_on_the_pages() -> None:
    raised = _raised_codes()
    assert len(raised) >= 150  # the scan found the domains' refusals
    english = ENGLISH_CODES()
    missing = {code: where for code, where in raised.items()
               if code not in english and not code.endswith(".not_found")}
    assert missing == {}, "no English text (core.errors.ENGLISH)"
    every = english | set(raised)
    assert sorted(code for code in every if code not in TEXTS) == [], \
        "no words on the pages (api/web/refusals.py)"
    assert all(CODE.fullmatch(code) for code in every), sorted(
        code for code in every if not CODE.fullmatch(code))


def test_no_page_text_is_for_a_code_nobody_raises() -> None:
    every = ENGLISH_CODES() | set(_raised_codes())
    assert sorted(set(TEXTS) - every) == []
    assert set(STAFF).isdisjoint(PUBLIC)


def test_page_texts_use_only_the_refusals_parameters() -> None:
    ENGLISH_CODES()
    for code, text in TEXTS.items():
        template = errors.ENGLISH.get(code, "%(id)s")
        given = set(PLACEHOLDER.findall(template)) | PAGE_ONLY.get(code, set())
        assert set(PLACEHOLDER.findall(text)) <= given, code


SAMPLE: dict[str, Any] = {
    "country": "KZ", "mission_country": "RU", "vacancy_country": "KZ", "employer_country": "RU",
    "body_country": "RU", "countries": ["RU", "KZ"], "extra": ["AE"], "kind": "unpaid_wages",
    "kinds": ["unpaid_wages", "contract_substitution"], "body_kinds": ["unpaid_wages"],
    "missing": ["medical_check", "skills_test_passed"], "referral_status": "contract_signed",
    "vacancy_status": "submitted", "licence_status": "under_review",
    "valid_until": date(2030, 1, 31), "due": date(2030, 2, 1), "closing_date": date(2030, 3, 1),
    "closed_on": date(2030, 4, 1), "until": "2030-05-01 12:00", "regions": ["Q3", "Q4"],
    "currency": "RUB", "balance": Decimal("7000.00"), "owed": Decimal("300"),
    "paid": Decimal("50000.00"), "outstanding": Decimal("105000.00"),
}


def _params(code: str) -> dict[str, Any]:
    names = set(PLACEHOLDER.findall(errors.ENGLISH.get(code, ""))) | set(
        PLACEHOLDER.findall(TEXTS[code])) | PAGE_ONLY.get(code, set())
    params = {name: SAMPLE.get(name, f"Z{i}9") for i, name in enumerate(sorted(names))}
    if code.startswith(("transition.", "referral.cannot_move")):
        what = "referral" if code.startswith("referral.") else "dispute"
        params |= {"what": what,
                   "status": "offered" if what == "referral" else "in_mediation",
                   "action": "deployed" if what == "referral" else "withdraw",
                   "allowed": ["contract_signed"] if what == "referral" else ["close"]}
    return params


def _cases() -> list[tuple[str, str]]:
    ENGLISH_CODES()
    return [(code, language) for code in sorted(TEXTS)
            for language in (PUBLIC_LANGUAGES if code in PUBLIC else STAFF_LANGUAGES)]


def _words(text: str) -> set[str]:
    return {word.casefold() for word in re.findall(r"[^\W\d_]{3,}", text)}


@pytest.mark.parametrize(("code", "language"), _cases())
def test_every_refusal_reads_in_each_readers_language(code: str, language: str) -> None:
    params = _params(code)
    gettext = translations(language).gettext
    text = TEXTS[code]
    shown = gettext(text) % words_for(code, params, language, gettext)
    assert "%(" not in shown and "_" not in shown, shown
    if language == "en":
        errors.english(code, params)  # the English text takes the same parameters
        return
    assert has_translation(language, text), f"no {language} for {code}: {text!r}"
    english = translations("en").gettext(text) % words_for(
        code, params, "en", translations("en").gettext)
    given = set().union(*(_words(str(v)) for v in params.values()))
    left = (_words(english) & _words(shown)) - given - SHARED_WORDS
    assert left == set(), f"{code} in {language} keeps English words: {sorted(left)}"


def test_every_refusal_has_a_row_in_the_error_table() -> None:
    ENGLISH_CODES()
    classes = [errors.DomainError]
    seen: set[type] = set()
    while classes:
        cls = classes.pop()
        if cls in seen:
            continue
        seen.add(cls)
        classes += cls.__subclasses__()
    outages = {"SearchUnavailable", "MatchingError", "RegistryError", "DisputeError",
               "DomainError"}
    unmapped = sorted(c.__name__ for c in seen
                      if c.__name__ not in outages and shape_of(c.__new__(c)) is None)
    assert unmapped == []


@pytest.mark.parametrize(("code", "params", "shown"), [
    ("payment.more_than_unpaid", {"outstanding": Decimal("105000.00"), "currency": "RUB"},
     "Не выплачено только 105\u00a0000\u00a0₽."),
    ("outcome.paid_cannot_lower", {"paid": Decimal("50000.00"), "currency": "RUB"},
     "Уже выплачено 50\u00a0000\u00a0₽; присуждённая сумма не может быть меньше."),
    ("deposit.too_little", {"balance": Decimal("7000.50"), "currency": "KZT"},
     "На залоге только 7\u00a0000,50\u00a0KZT."),
])
def test_an_amount_in_a_refusal_reads_as_money(code: str, params: dict[str, Any],
                                               shown: str) -> None:
    gettext = translations("ru").gettext
    assert gettext(TEXTS[code]) % words_for(code, params, "ru", gettext) == shown
