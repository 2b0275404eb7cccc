"""The licence check of a number one digit from a real licence: a forger hands out such a
number, so the real licence near it is shown as another number, never as a confirmation."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.conftest import active_licence, unique

pytestmark = pytest.mark.asyncio


def _card(page: str, number: str) -> str:
    """The licence card of `number` on a check page."""
    found = re.search(rf'<article[^>]*data-licence="{re.escape(number)}"[^>]*>.*?</article>',
                      page, re.DOTALL)
    assert found, f"no card for {number}"
    return found.group(0)


async def _one_digit_off(client: httpx.AsyncClient, number: str) -> str:
    """`number` with one digit of its serial replaced, such that no licence has it and the
    lookup offers `number` as near it: its last digit, else (every neighbour registered, in
    a register other tests have filled) its first, which no test's licences reach."""
    for place in (len(number) - 1, len(number) - 5):
        for digit in "7319024568":
            typed = number[:place] + digit + number[place + 1:]
            if typed == number:
                continue
            body = (await client.get("/public/licences", params={"q": typed})).json()
            if body["matched_by"] == "near_number" and number in [
                    r["licence_number"] for r in body["results"]]:
                return typed
    raise AssertionError(f"every number one digit from {number} is registered")


def _marked(number: str, other: str) -> str:
    """`number` as the card writes it, its one digit differing from `other` marked."""
    place = next(i for i, (a, b) in enumerate(zip(number, other, strict=True)) if a != b)
    return f'{number[:place]}<mark class="differs">{number[place]}</mark>{number[place + 1:]}'



async def test_a_number_one_digit_off_shows_the_real_licence_as_another_number(
        client: httpx.AsyncClient, regulator: dict[str, str]) -> None:
    """«VT-KG-2026-00007», forged from the real 00001, answered «no licence has this
    number» and under it the real agency with its green «Active» and «May recruit today»:
    the most visible thing on the page said licensed."""
    name = f"Ala-Too Work Abroad {unique()} LLC"
    _agency, licence = await active_licence(client, regulator, legal_name=name)
    number = licence["number"]
    typed = await _one_digit_off(client, number)

    page = await client.get("/check", params={"number": typed})
    assert page.status_code == 200
    text = page.text
    assert 'data-matched-by="near_number"' in text
    card = _card(text, number)
    # No status badge, no «may recruit», no rating on it: nothing reads as a confirmation.
    assert 'class="badge' not in card and "May recruit today" not in card
    assert 'class="rating"' not in card
    assert 'data-near="number"' in card and "similar" in card
    # It says the number is another, with the digit that differs marked in both numbers.
    assert "A licence with a similar number belongs to “" + name + "”." in card
    assert "It is a different number" in card
    assert f'data-number="typed">{_marked(typed, number)}</dd>' in card
    assert f'data-number="registered">{_marked(number, typed)}</dd>' \
        in card
    assert "not by the phone number, address or messenger given in the offer" in card
    # Before the card: no licence has the number typed, and the offer is not a licensed one.
    warning = text.index('id="no-such-number"')
    assert warning < text.index(card)
    assert "Do not pay, do not sign." in text[warning:text.index(card)]
    assert "is not from a licensed agency, unless the agency itself confirms" in text
    assert 'id="did-you-mean"' not in text

    # The real number, and the same typed with letter O's for zeros, are the licence: its
    # badges, and nothing marked as differing.
    for exact in (number, number[:6] + number[6:].replace("0", "O")):
        found = await client.get("/check", params={"number": exact})
        assert 'data-matched-by="licence_number"' in found.text, exact
        card = _card(found.text, number)
        assert '<span class="badge active">' in card and "May recruit today" in card, exact
        assert 'data-near="false"' in card and 'class="differs"' not in found.text, exact
        assert "A licence with a similar number" not in found.text, exact


@pytest.mark.parametrize(("language", "words"), [
    ("ru", ("Лицензия с похожим номером принадлежит агентству", "Это другой номер")),
    ("ky", ("Окшош номердеги лицензия", "Бул башка номер")),
    ("uz", ("Oʻxshash raqamli litsenziya", "Bu boshqa raqam")),
    ("tg", ("Иҷозатнома бо рақами монанд", "Ин рақами дигар аст")),
])
async def test_the_near_number_is_told_in_the_readers_language(
        client: httpx.AsyncClient, regulator: dict[str, Any], language: str,
        words: tuple[str, ...]) -> None:
    _agency, licence = await active_licence(client, regulator)
    typed = await _one_digit_off(client, licence["number"])
    page = await client.get("/check", params={"number": typed},
                            headers={"Accept-Language": language})
    card = _card(page.text, licence["number"])
    assert 'class="badge' not in card
    for said in words:
        assert said in card, (language, said)
