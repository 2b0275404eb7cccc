"""Every notice the code can send has a text in each language its readers may read it in.

Kinds are read from the code (each `notify(` call) and held to the registry
(core.notifications.KINDS), and every registered kind is rendered, with each of its
wordings, in every language it may be read in: nothing may be left in English, untranslated
or unfilled. No I/O: the catalogues and the renderer only.
"""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from api.web import notice_texts
from api.web.common import PUBLIC_LANGUAGES, STAFF_LANGUAGES, has_translation
from api.web.labels import (
    DECISION_PART,
    DISPUTE_KIND_MIGRANT,
    DISPUTE_STAGE_NOTICE,
    DISPUTE_STATUS_MIGRANT,
    LICENCE_ACTION_NOTICE,
    LICENCE_HOLD,
    PARTY,
)
from api.web.notice_staff_texts import STAFF_TEMPLATES
from core.notice_delivery import Outgoing
from core.notifications import KINDS, check_notice
from disputes.rules import STAGE_OF, DisputeAction, DisputeKind, DisputeStatus
from matching.rules import ReferralStatus
from registry.rules import LicenceAction
from tools import po_missing

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "registry", "matching", "disputes", "missions", "labour_attache", "ratings",
            "api")
STAFF_ROLE = "regulator"
# Words the same in every language.
SHARED_WORDS = {"utc", "vetted"}


def _notify_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if isinstance(node, ast.Call) and (
                        (isinstance(node.func, ast.Attribute) and node.func.attr == "notify")
                        or (isinstance(node.func, ast.Name) and node.func.id == "notify")):
                    calls.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return calls


def _kind_pattern(node: ast.expr) -> re.Pattern[str] | None:
    """A literal kind, or an f-string one with its expressions as wildcards; None for a
    name passed through from the caller (whose own call is checked)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.compile(re.escape(node.value))
    if isinstance(node, ast.JoinedStr):
        return re.compile("".join(
            re.escape(part.value) if isinstance(part, ast.Constant) else "[a-z_]+"
            for part in node.values))
    if isinstance(node, ast.IfExp):
        return re.compile("|".join(p.pattern for p in (_kind_pattern(node.body),
                                                       _kind_pattern(node.orelse)) if p))
    return None


def test_every_notify_call_names_a_registered_kind_and_its_facts() -> None:
    calls = _notify_calls()
    assert len(calls) >= 15  # the scan found the domains' calls
    for where, call in calls:
        if where.startswith("core/notifications.py"):
            continue
        keywords = {k.arg: k.value for k in call.keywords}
        assert "kind" in keywords and "params" in keywords, f"{where}: kind= and params="
        pattern = _kind_pattern(keywords["kind"])
        if pattern is None:
            continue
        matched = [kind for kind in KINDS if pattern.fullmatch(kind)]
        assert matched, f"{where}: no kind in core.notifications.KINDS matches {pattern.pattern}"


def test_kinds_made_from_codes_are_all_registered() -> None:
    made = {"dispute.filed", "dispute.fallback_queue", "dispute.supervisor_queue"}
    made |= {f"dispute.{action.value}" for action in DisputeAction}
    made |= {f"licence.{action.value}" for action in LicenceAction}
    made |= {f"referral.{status.value}" for status in ReferralStatus
             if status != ReferralStatus.REFERRED}
    assert made - set(KINDS) == set()
    assert {a.value for a in LicenceAction} <= set(LICENCE_ACTION_NOTICE)


def test_a_notice_of_an_unknown_kind_or_with_other_facts_is_refused() -> None:
    check_notice("dispute.joined", {"case": "D-2030-00001"})
    with pytest.raises(ValueError, match="not in core.notifications.KINDS"):
        check_notice("vacancy.made_up", {})
    with pytest.raises(ValueError, match="carries"):
        check_notice("dispute.joined", {"case": "D-2030-00001", "extra": 1})
    with pytest.raises(ValueError, match="carries"):
        check_notice("dispute.joined", None)


def test_no_text_is_for_a_kind_nobody_sends() -> None:
    keys = set(notice_texts.TEMPLATES) | set(STAFF_TEMPLATES)
    unknown = {key for key in keys if key.partition("@")[0].partition(":")[0] not in KINDS}
    assert unknown == set()


# Sample facts, by parameter name; codes are real codes.
SAMPLE: dict[str, Any] = {
    "job": "Q7", "city": "K9", "referral": 41, "vacancy": 17, "migrant": "N8 M8", "agency": "A7-A7",
    "employer": "E6 E6",
    "reason": "R5", "licence": "L-0099", "application": 23, "countries": ["RU", "KZ"],
    "valid_until": "2030-01-31", "days": 29, "agency_id": 3, "score": 71.5, "observed": 4,
    "threshold": 3, "window_days": 365, "case": "D-2030-00042",
    "dispute_kind": DisputeKind.UNPAID_WAGES.value,
    "dispute_status": DisputeStatus.IN_MEDIATION.value, "stage": "mediation",
    "deadline": "2030-02-01 12:00", "country": "KZ", "region": "R3", "files": 2,
    "version": 2, "changed": ["awarded", "payable_by", "payment_due"], "award": "1200.00",
    "currency": "KZT", "payer": "agency", "payment_due": "2030-03-01", "amount": "300.00",
    "left": "900.00", "balance": "7000.00", "top_up": "300.00", "hold": "suspended",
    "variant": None,
}


def _outgoing(kind: str, params: dict[str, Any], *, role: str, language: str) -> Outgoing:
    return Outgoing(delivery_id=1, notice_id=1, channel="email", address="x@example.org",
                    user_id=1, full_name="N8 M8", role=role, language=language, kind=kind,
                    subject="English subject", body="English body", params=params,
                    created_at=datetime(2030, 1, 1, tzinfo=UTC))


def _variants(kind: str) -> list[str | None]:
    keys = set(notice_texts.TEMPLATES) | set(STAFF_TEMPLATES)
    return [None] + sorted({key.partition("@")[0].partition(":")[2] for key in keys
                            if key.partition("@")[0].partition(":")[0] == kind} - {""})


def _cases() -> list[tuple[str, str | None, str, str]]:
    """(kind, variant, role, language) for each wording of each kind and its readers."""
    cases = []
    for kind, spec in KINDS.items():
        for variant in _variants(kind):
            cases += [(kind, variant, STAFF_ROLE, lang) for lang in STAFF_LANGUAGES]
            if spec.migrants and (variant is None
                                  or f"{kind}:{variant}" in notice_texts.TEMPLATES):
                cases += [(kind, variant, "migrant", lang) for lang in PUBLIC_LANGUAGES]
    return cases


def _words(text: str) -> set[str]:
    return {word.casefold() for word in re.findall(r"[^\W\d_]{3,}", text)}


@pytest.mark.parametrize(("kind", "variant", "role", "language"), _cases())
@pytest.mark.parametrize("facts", ["all", "fewest"])
def test_every_kind_reads_in_each_readers_language(kind: str, variant: str | None,
                                                   role: str, language: str,
                                                   facts: str) -> None:
    params = {name: SAMPLE[name] for name in KINDS[kind].params} | (
        {"variant": variant} if "variant" in KINDS[kind].params else {})
    if facts == "fewest":
        params |= {name: None for name in KINDS[kind].optional if name != "variant"}
    if role == "migrant":
        found = notice_texts.template(kind, variant, role)
        assert found is not None and found in notice_texts.TEMPLATES.values(), \
            f"{kind} reaches migrants but has no text in every language"
    words = notice_texts.notice_words(_outgoing(kind, params, role=role, language=language))
    assert words is not None, f"{kind} ({variant}) has no text for {role}"
    subject, body = words
    for text in (subject, body):
        assert text.strip() and "{" not in text and "}" not in text, text
        assert "none" not in _words(text), text
    if language == "en":
        return
    english = notice_texts.notice_words(_outgoing(kind, params, role=role, language="en"))
    assert english is not None
    given = set().union(*(_words(str(v)) for v in params.values() if v is not None))
    left = (_words(" ".join(english)) & _words(subject + " " + body)) - given - SHARED_WORDS
    assert left == set(), f"{kind} in {language} keeps English words: {sorted(left)}"
    # The frame around it is in the reader's language too, not the English fallback.
    _, whole = notice_texts.render(_outgoing(kind, params, role=role, language=language))
    assert body in whole and _words(notice_texts.UNTRANSLATED).isdisjoint(_words(whole))


@pytest.mark.parametrize("language", [lang for lang in PUBLIC_LANGUAGES if lang != "en"])
def test_the_notice_catalogues_translate_every_text(language: str) -> None:
    groups = ["notices"] + (["notices_staff"] if language in STAFF_LANGUAGES else [])
    for group in groups:
        assert po_missing.missing(language, group) == [], (language, group)
    # The words codes are put in, wherever their catalogue is, in the language itself
    # (not through the Russian fallback).
    tables = [DISPUTE_STAGE_NOTICE, PARTY, DECISION_PART]
    tables += [DISPUTE_KIND_MIGRANT, DISPUTE_STATUS_MIGRANT, LICENCE_HOLD]
    missing = [text for table in tables for text in table.values()
               if not has_translation(language, text)]
    assert missing == []


def test_every_code_a_notice_carries_has_words() -> None:
    assert {k.value for k in DisputeKind} <= set(DISPUTE_KIND_MIGRANT)
    assert {s.value for s in DisputeStatus} <= set(DISPUTE_STATUS_MIGRANT)
    assert set(STAGE_OF.values()) <= set(DISPUTE_STAGE_NOTICE)
    from disputes.outcomes import PARTS
    assert set(PARTS) <= set(DECISION_PART)


@pytest.mark.parametrize(("language", "zone", "shown"), [
    ("ru", None, "4 января 2027, 01:57\u00a0UTC"),
    ("ky", None, "2027-ж., 4-январь, 01:57\u00a0UTC"),
    ("uz", None, "2027-yil 4-yanvar, 01:57\u00a0UTC"),
    # On the reader's clock, named: an Uzbek migrant's (UTC+5), a Kyrgyz one's (UTC+6), a
    # Tajik one's (UTC+5).
    ("uz", "Asia/Tashkent", "2027-yil 4-yanvar, Toshkent vaqti bilan 06:57"),
    ("ky", "Asia/Bishkek", "2027-ж., 4-январь, Бишкек убактысы боюнча 07:57"),
    ("tg", "Asia/Dushanbe", "4 январи 2027, 06:57 бо вақти Душанбе"),
    ("ru", "Asia/Bishkek", "4 января 2027, 07:57 по времени г. Бишкек"),
])
def test_a_deadline_reads_as_the_readers_language_writes_dates(language: str, zone: str | None,
                                                               shown: str) -> None:
    from contextvars import copy_context

    from api.web.common import set_reading_zone
    from api.web.notice_texts import worded
    from core.auth import Role

    def words_on(zone: str | None) -> tuple[str, str] | None:
        set_reading_zone(zone)
        return worded("dispute.deadline_near", {
            "case": "D-2027-00001", "dispute_kind": "unpaid_wages", "stage": "mediation",
            "deadline": "2027-01-04 01:57"}, role=Role.MIGRANT, language=language)

    words = copy_context().run(words_on, zone)
    assert words is not None
    assert shown in words[1] and "2027-01-04" not in words[1]
    assert words[1].count("UTC") == (0 if zone else 1), words[1]  # named once, not twice


@pytest.mark.parametrize(("language", "amount", "award"), [
    ("ru", "50\u00a0000\u00a0₽", "120\u00a0000\u00a0₽"),
    ("en", "RUB\u00a050,000", "RUB\u00a0120,000"),
    ("ky", "50\u00a0000", "120\u00a0000"),
])
def test_amounts_in_a_notice_read_as_money(language: str, amount: str, award: str) -> None:
    """However an amount was stored ("50000" or "120000.00"), a notice writes it as the
    pages write money, never as the raw figure beside a currency code."""
    from api.web.notice_texts import worded
    from core.auth import Role

    recovered = worded("dispute.recovery", {
        "case": "D-2027-00001", "amount": "50000", "currency": "RUB", "left": "120000.00",
        "variant": None}, role=Role.MIGRANT, language=language)
    decided = worded("dispute.decide", {
        "case": "D-2027-00001", "dispute_kind": "unpaid_wages", "dispute_status": "decided",
        "stage": None, "deadline": None, "award": "120000.00", "currency": "RUB",
        "payer": "agency", "payment_due": "2027-01-04"}, role=Role.MIGRANT, language=language)
    assert recovered is not None and decided is not None
    assert amount in recovered[0] and award in recovered[1]
    assert award in decided[1]
    for text in (*recovered, *decided):
        assert "000.00" not in text and "RUB RUB" not in text, text


def test_a_held_referral_names_the_job_and_its_city_in_the_readers_language() -> None:
    from api.web.notice_texts import worded
    from core.auth import Role

    params = {"job": "Швея на производство спецодежды", "city": "Ivanovo", "agency": "A",
              "referral": 2, "migrant": "N M"}
    subject, _ = worded("referral.licence_hold", params, role=Role.CENTRE_STAFF,
                        language="ru") or ("", "")
    assert subject == ("Направление 2 на вакансию «Швея на производство спецодежды» "
                       "(Иваново) приостановлено")
    subject, _ = worded("referral.licence_restored", params, role=Role.MIGRANT,
                        language="ru") or ("", "")
    assert subject == ("Ваше направление на вакансию «Швея на производство спецодежды» "
                       "(Иваново) снова может продвигаться")
    english, _ = worded("referral.licence_hold", params, role=Role.CENTRE_STAFF,
                        language="en") or ("", "")
    assert english == "Referral 2 to Швея на производство спецодежды (Ivanovo) is held"


def test_centre_staff_get_their_own_words_when_a_disputes_agency_loses_its_licence() -> None:
    from api.web.notice_texts import worded
    from core.auth import Role

    params = {"case": "D-2026-00003", "agency": "A", "hold": "suspended", "variant": None}
    staff = worded("dispute.licence_hold", params, role=Role.CENTRE_STAFF, language="en")
    migrant = worded("dispute.licence_hold", params, role=Role.MIGRANT, language="en")
    assert staff is not None and migrant is not None
    assert "Your dispute" in migrant[1] and "Your dispute" not in staff[1]
    assert "your migrant" in staff[1] and "Tell the migrant" in staff[1]
    russian = worded("dispute.licence_hold", params, role=Role.CENTRE_STAFF, language="ru")
    assert russian is not None and "вашего мигранта" in russian[1]


@pytest.mark.parametrize(("language", "own_page"), [
    ("en", "on your page in Vetted"), ("ru", "на своей странице в Vetted"),
    ("ky", "өз барагыңызда"), ("uz", "sahifangizda"), ("tg", "дар саҳифаи худ")])
def test_a_migrant_who_left_for_work_is_told_they_may_file_a_dispute_themselves(
        language: str, own_page: str) -> None:
    """A migrant signed in reads the notice and may file on their own page: it must not
    send them back to the centre as the only way."""
    from api.web.notice_texts import worded
    from core.auth import Role

    worded_notice = worded("referral.deployed", {"job": "Welder", "city": "Moscow"},
                           role=Role.MIGRANT, language=language)
    assert worded_notice is not None and own_page in worded_notice[1], worded_notice
