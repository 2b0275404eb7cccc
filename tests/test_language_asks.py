"""A language the words typed ask a job not to need, in the five languages of the pages."""

from __future__ import annotations

import pytest

from matching.language_asks import NO_LANGUAGE, waived


@pytest.mark.parametrize(("typed", "waived_code", "rest"), [
    ("работа без знания русского", "ru", "работа"),
    ("сварщик без русского языка", "ru", "сварщик"),
    ("cook without English", "en", "cook"),
    ("welder no Russian needed", "ru", "welder"),
    ("орус тилин билбесе да иш", "ru", "иш"),
    ("rus tilisiz ish", "ru", "ish"),
    ("рус тилисиз иш", "ru", "иш"),
    ("кор бе забони русӣ", "ru", "кор"),
    ("кор бе донистани забони англисӣ", "en", "кор"),
])
def test_a_language_waived_is_every_other_and_its_words_go(typed: str, waived_code: str,
                                                         rest: str) -> None:
    allowed, words = waived(typed)
    assert waived_code not in allowed and len(allowed) > 100
    assert words == rest


@pytest.mark.parametrize("typed", ["работа без знания языка", "бе забон кор", "tilsiz ish",
                                   "no language needed"])
def test_no_language_at_all(typed: str) -> None:
    assert waived(typed)[0] == (NO_LANGUAGE,)


@pytest.mark.parametrize("typed", ["без опыта работы", "Russian speaking cook",
                                   "учитель русского языка", "rus tili oʻqituvchisi", "повар"])
def test_words_that_waive_nothing_are_searched_as_typed(typed: str) -> None:
    assert waived(typed) == ((), typed)
