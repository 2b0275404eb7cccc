"""A vacancy's occupation as the agency gives it: a code of the list, or words mapped to
one, or words the list does not know (kept, with no code). Pure, no I/O."""

from __future__ import annotations

import pytest

from matching.exceptions import OccupationMissing, UnknownOccupation
from matching.rules import vacancy_occupation

ENGLISH = "Welder on a building site. Welding steel structures."
RUSSIAN = "Сварщик на стройку. Сварка металлоконструкций."
LORRY = ("Водитель категории C, развоз по Татарстану. Доставка товаров в магазины на "
         "грузовике 10 тонн; нужны водители с опытом.")

CASES = [
    # (code, words, the vacancy's text) -> (words stored, code stored)
    (None, "сварщик НАКС 5 разряда", ENGLISH, "сварщик НАКС 5 разряда", "7212"),
    (None, "Oshpaz", ENGLISH, "Oshpaz", "5120"),
    (None, "lighthouse keeper", ENGLISH, "lighthouse keeper", None),
    ("7212", "повар", ENGLISH, "повар", "7212"),   # the code chosen wins over the words
    (" isco:7212 ", None, ENGLISH, "welder", "7212"),
    ("7212", None, RUSSIAN, "сварщик", "7212"),   # named in the vacancy's language
    ("9112.01", "", ENGLISH, "hotel housekeeper", "9112.01"),
    (None, "7212", RUSSIAN, "сварщик", "7212"),   # a code typed as words
    # A word every driver is called by: the trade the advert names, else none.
    (None, "водитель", LORRY, "водитель", "8332"),
    (None, "Водитель", "Водитель такси. Работа на автомобиле таксопарка.", "Водитель",
     "8322.01"),
    (None, "водитель", "Водитель. Нужны водители с опытом от двух лет.", "водитель", None),
    (None, "водитель", "Водитель такси или водитель автобуса", "водитель", None),
    (None, "haydovchi", LORRY, "haydovchi", "8332"),
    (None, "housekeeper", "Hotel housekeeper. Cleaning guest rooms.", "housekeeper",
     "9112.01"),
]


@pytest.mark.parametrize(("code", "words", "text", "stored", "stored_code"), CASES)
def test_the_occupation_stored(code, words, text, stored, stored_code):
    kept, occupation = vacancy_occupation(code=code, words=words, text=text)
    assert (kept, occupation.code if occupation else None) == (stored, stored_code)


@pytest.mark.parametrize("code", ["9999", "welder", "7212.99", "72120"])
def test_a_code_off_the_list_is_refused_naming_its_field(code):
    with pytest.raises(UnknownOccupation) as refused:
        vacancy_occupation(code=code, words="welder", text=ENGLISH)
    assert (refused.value.field, refused.value.code, refused.value.params) == \
        ("occupation_code", "unknown_occupation", {"occupation_code": code})


@pytest.mark.parametrize("words", [None, ""])
def test_neither_code_nor_words_is_refused(words):
    with pytest.raises(OccupationMissing) as refused:
        vacancy_occupation(code=None, words=words, text=ENGLISH)
    assert refused.value.field == "occupation"
