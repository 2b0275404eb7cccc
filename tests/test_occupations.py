"""The occupation taxonomy: every language's name of an occupation is one occupation, the
longest name in a text wins, and pages name it in their language."""

import pytest

from matching import occupations
from matching.searching import occupation_key

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("typed", "code"), [
    ("welder", "7212"), ("Сварщик", "7212"), ("электрогазосварщик", "7212"),
    ("ширетүүчү", "7212"), ("payvandchi", "7212"), ("пайвандчи", "7212"),
    ("кафшергар", "7212"), ("сварщика", "7212"), ("payvandchilar", "7212"),
    ("cook", "5120"), ("повар", "5120"), ("ашпозчу", "5120"), ("oshpaz", "5120"),
    ("ошпаз", "5120"), ("Повара", "5120"),
    ("truck driver", "8332"), ("водитель грузовика", "8332"), ("fura haydovchisi", "8332"),
    ("водитель автобуса", "8331"), ("водитель погрузчика", "8344"), ("водитель", "8322"),
    ("сборщик фруктов", "9211"), ("сборщик", "8219"), ("meva teruvchi", "9211"),
    ("горничная", "9112.01"), ("уборщица", "9112.02"), ("farrosh", "9112.02"),
    ("сиделка", "5322"), ("парастор", "5322"), ("медсестра", "3221"), ("hamshira", "3221"),
    ("gʻisht teruvchi", "7112"), ("g'isht teruvchi", "7112"), ("каменщик", "7112"),
    ("5120", "5120"), ("isco:9112.01", "9112.01"),
])
def test_every_name_of_an_occupation_is_one_key(typed, code):
    assert occupation_key(typed) == "isco:" + code


def test_an_occupation_the_taxonomy_does_not_know_is_kept_as_written():
    assert occupation_key("  Astronaut ") == "astronaut"
    assert occupations.find_occupation("astronaut") is None


@pytest.mark.parametrize(("text", "codes"), [
    ("сварщик на стройку в Москве", ["7212"]),
    ("ищу работу водителем погрузчика", ["8344"]),
    ("cook or waiter in Dubai", ["5120", "5131"]),
    ("работа в Москве", []),
    ("xyzzy", []),
])
def test_the_occupations_a_query_names(text, codes):
    assert [o.code for o in occupations.occupations_named(text)] == codes


@pytest.mark.parametrize(("text", "besides"), [
    ("сварщик в Москве", "в Москве"),
    ("welder Moscow", "Moscow"),
    ("водителем погрузчика Нива", "Нива"),
    ("payvandchilar kerak", "kerak"),
    ("cook or waiter in Dubai", "or in Dubai"),
    ("работа в Москве", "работа в Москве"),
    ("сварщик", ""),
])
def test_the_words_a_query_types_beside_its_occupations(text, besides):
    assert occupations.words_besides(text) == besides


def test_an_agency_occupation_field_with_more_words_still_maps():
    assert occupations.occupation_of("Сварщик НАКС 5 разряда").code == "7212"


def test_no_name_stands_for_two_occupations():
    for words, found in occupations._index().items():
        assert len(found) == 1, (words, [o.code for o in found])


def test_every_occupation_has_a_name_in_every_page_language_and_an_isco_code():
    for occupation in occupations.OCCUPATIONS:
        assert occupations.is_code(occupation.code)
        for language in occupations.LANGUAGES:
            assert occupation.name(language).strip(), (occupation.code, language)


@pytest.mark.parametrize(("text", "language", "shown"), [
    ("повар", "en", "cook"), ("cook", "ru", "повар"), ("cook", "uz", "oshpaz"),
    ("cook", "ky", "ашпозчу"), ("cook", "tg", "ошпаз"), ("astronaut", "ru", "astronaut"),
])
def test_pages_name_an_occupation_in_their_language(text, language, shown):
    assert occupations.occupation_name(text, language) == shown
