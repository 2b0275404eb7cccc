"""Places and levels read mid-line on staff pages in the page's language: a case's region
that is a city the gazetteer knows ("Москва", not "Moscow"), and a language level in
brackets in lower case, as the centre's pages write it. No I/O: the templates only."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from api.web.common import environment


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
