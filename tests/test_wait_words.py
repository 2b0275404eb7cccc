"""A wait told to someone refused for now («try again in …») reads in their language: the
locale data gives Tajik only abbreviations («24 h»), so its units are written out."""

from __future__ import annotations

import pytest

from api.web.common import format_wait


@pytest.mark.parametrize(("seconds", "language", "words"), [
    (24 * 3600 - 20, "tg", "24 соат"),
    (3 * 86400, "tg", "3 рӯз"),
    (300, "tg", "5 дақиқа"),
    (20, "tg", "20 сония"),
    (0.4, "tg", "1 сония"),
    (24 * 3600 - 20, "ky", "24 саат"),
    (300, "ru", "5 минут"),
    (5 * 3600, "uz", "5 soat"),
])
def test_a_wait_is_said_in_words(seconds: float, language: str, words: str) -> None:
    assert format_wait(seconds, language) == words
