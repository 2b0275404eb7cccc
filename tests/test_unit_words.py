"""A wait told to someone refused for now («try again in …») and a file's size limit read
in their language: the locale data gives Tajik only abbreviations («24 h»), so its units
are written out, and a limit is not left in English («10 MB» on a Kyrgyz page)."""

from __future__ import annotations

import pytest

from api.web.common import format_wait, translations
from api.web.refusals import words_for


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


@pytest.mark.parametrize(("language", "words"), [
    ("ky", "10 МБ"), ("tg", "10 МБ"), ("ru", "10 МБ"), ("en", "10 MB")])
def test_a_files_size_limit_is_said_in_the_readers_units(language: str, words: str) -> None:
    params = {"name": "mid.pdf", "limit": "10 MB", "limit_bytes": 10 * 1024 * 1024}
    shown = words_for("evidence.too_large", params, language, translations(language).gettext)
    assert shown["limit"] == words
