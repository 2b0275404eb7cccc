"""Places and levels read mid-line on staff pages in the page's language: a case's region
that is a city the gazetteer knows ("Москва", not "Moscow"), and a language level in
brackets in lower case, as the centre's pages write it. No I/O: the templates only."""

from __future__ import annotations

from contextvars import copy_context
from datetime import UTC, datetime
from types import SimpleNamespace

from api.web.common import environment, set_reading_zone


def test_a_cases_region_that_is_a_known_city_is_named_in_the_pages_language() -> None:
    case = SimpleNamespace(id=1, reference="D-2027-00001", kind="unpaid_wages", agency_id=None,
                           region="Moscow", country="RU", claimed=None, overdue=False,
                           status=SimpleNamespace(value="filed"), queue=None,
                           stage_deadline=None, filed_at=datetime(2027, 1, 4, tzinfo=UTC))
    other = SimpleNamespace(**{**vars(case), "id": 2, "region": "Moscow Oblast"})
    shown = environment("ru").get_template("mission/_case_rows.html").render(
        cases=[case, other], agencies={}, word=lambda kind, value: str(value),
        country=lambda code: "Россия", until=lambda moment: "")
    assert "Москва, Россия" in shown and "Moscow," not in shown
    assert "Moscow Oblast, Россия" in shown  # a region the gazetteer does not know


def test_an_agency_reads_a_migrants_native_language_in_lower_case_as_the_centre_does() -> None:
    template = environment("ru").from_string(
        "{% for lang in languages %}{{ lang.code|language_name }} "
        "({{ level_words.get(lang.level, lang.level) }}){% endfor %}")
    from api.web.agency_referrals import LANGUAGE_LEVEL
    from api.web.common import translations
    from api.web.labels import labels

    words = labels(translations("ru").gettext, LANGUAGE_LEVEL)
    shown = template.render(languages=[SimpleNamespace(code="ky", level="native")],
                            level_words=words)
    assert shown == "киргизский (родной)"


def test_an_attache_in_moscow_reads_a_cases_moments_on_moscows_clock() -> None:
    """A deadline at 21:30 UTC on 5 December is already the 6th, 00:30, in Moscow: the
    attaché's queue says so, and names the clock; a page nobody is signed in to, UTC."""
    moment = datetime(2026, 12, 5, 21, 30, tzinfo=UTC)
    case = SimpleNamespace(id=1, reference="D-2026-00001", kind="unpaid_wages", agency_id=None,
                           region="Moscow", country="RU", claimed=None, overdue=False,
                           status=SimpleNamespace(value="in_mediation"), queue=None,
                           stage="mediation", stage_deadline=moment, filed_at=moment)

    def rows(zone: str | None) -> str:
        set_reading_zone(zone)
        return environment("ru").get_template("mission/_case_rows.html").render(
            cases=[case], agencies={}, word=lambda kind, value: str(value),
            country=lambda code: "Россия", until=lambda moment: "")

    shown = copy_context().run(rows, "Europe/Moscow")
    assert shown.count("6 декабря 2026, 00:30 по времени г. Москва") == 2, shown
    assert "21:30" not in shown and "UTC" not in shown
    assert copy_context().run(rows, None).count("5 декабря 2026, 21:30\u00a0UTC") == 2


def test_a_refusal_names_when_a_decision_could_be_corrected_on_the_readers_clock() -> None:
    """The domain carries the moment as UTC text; the page writes it on the reader's clock,
    named once (the text says no "UTC" of its own)."""
    from api.web.common import translations
    from api.web.refusals import STAFF, words_for

    _ = translations("ru").gettext

    def refused() -> str:
        set_reading_zone("Europe/Moscow")
        params = {"recorded_at": "2026-11-21 21:30", "until": "2026-12-05 21:30", "days": 14}
        return _(STAFF["correction_window_closed"]) % words_for(
            "correction_window_closed", params, "ru", _, staff=True)

    text = copy_context().run(refused)
    assert "до 6 декабря 2026, 00:30 по времени г. Москва (14 дн.)" in text, text
    assert "UTC" not in text


def test_an_occupation_is_credited_to_the_agencys_wording_only_when_it_wrote_its_own() -> None:
    """«As you wrote it: разнорабочий» under a code chosen with the words left empty (filled
    from the list's name) credited the agency with a wording it never typed."""
    template = environment("ru").from_string(
        "{{ words|worded_apart(code) }}")
    for words, code, own in (("разнорабочий", "9313", False), ("Concrete worker", "7114", False),
                             ("подсобник на стройку", "9313", True), ("", "9313", False),
                             ("сварщик НАКС", None, True)):
        assert template.render(words=words, code=code) == str(own), (words, code)
