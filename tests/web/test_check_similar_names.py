"""The licence check of a name one letter from a registered agency's: a look-alike firm takes
such a name, so the real agency near it is offered as another name, never as a
confirmation of the name typed. A registered name shortened is the agency's own."""

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


async def _look_alike(client: httpx.AsyncClient, regulator: dict[str, Any]
                      ) -> tuple[str, str, str]:
    """A licensed agency's name, its licence number, and the name one letter off that no
    agency has (`Recruting` for `Recruiting`)."""
    tag = unique()
    name = f"Samarkand-Recruiting Group {tag}"
    _agency, licence = await active_licence(client, regulator, legal_name=name)
    return name, licence["number"], f"Samarkand-Recruting Group {tag}"


async def test_a_name_one_letter_off_shows_the_real_agency_as_another_name(
        client: httpx.AsyncClient, regulator: dict[str, str]) -> None:
    """«Samarkand Recruting», a look-alike of the real «Samarkand Recruiting Group», answered
    «did you mean "Samarkand Recruiting Group"?» and under it the real agency with its green
    «Active», «May recruit today» and rating: the most visible thing said licensed."""
    name, number, typed = await _look_alike(client, regulator)

    page = await client.get("/check", params={"number": typed})
    assert page.status_code == 200
    text = page.text
    assert 'data-matched-by="near_name"' in text
    card = _card(text, number)
    # No status badge, no «may recruit», no rating on it: nothing reads as a confirmation.
    assert 'class="badge' not in card and "May recruit today" not in card
    assert 'class="rating"' not in card
    assert 'data-near="name"' in card
    # It says the name is another, the letter that differs marked, and how to reach the
    # agency that does hold the licence.
    assert "An agency with a similar name: “" + name + "”" in card
    assert "It is a different name" in card
    assert 'data-name="registered">Samarkand-Recru<mark class="differs">i</mark>ting' in card
    assert f'data-name="typed">{typed}</dd>' in card
    # What is known, and no more: the name may be a look-alike's or a typo of the agency's.
    assert f"An offer under the name “{typed}” may not be this agency's: take it for this " \
           "agency's only once the agency itself confirms" in card
    assert "not by the phone number, address or messenger given in the offer" in card
    assert number in card
    # The typo is still offered, above the card; the advice to compare the number and
    # address (which a look-alike copies) is gone.
    assert text.index('id="did-you-mean"') < text.index(card)
    assert "check that it is the same agency" not in text
    # The API says the same: the agency is only near the name asked for.
    body = (await client.get("/public/licences", params={"q": typed})).json()
    assert body["matched_by"] == "near_name"
    assert [r["exact"] for r in body["results"] if r["licence_number"] == number] == [False]

    # The name itself, without its hyphen or in other letters' case, is the agency: its
    # badges, and nothing said to differ.
    for exact in (name, name.replace("-", " "), name.upper()):
        found = await client.get("/check", params={"number": exact})
        assert 'data-matched-by="agency_name"' in found.text, exact
        card = _card(found.text, number)
        assert '<span class="badge active">' in card and "May recruit today" in card, exact
        assert 'data-near="false"' in card and 'class="differs"' not in found.text, exact
        assert "An agency with a similar name" not in found.text, exact
        body = (await client.get("/public/licences", params={"q": exact})).json()
        assert [r["exact"] for r in body["results"]] == [True], exact


@pytest.mark.parametrize(("language", "words"), [
    ("ru", ("Агентство с похожим названием", "Это другое название")),
    ("ky", ("Окшош аталыштагы агенттик", "Бул башка аталыш")),
    ("uz", ("Oʻxshash nomli agentlik", "Bu boshqa nom")),
    ("tg", ("Агентӣ бо номи монанд", "Ин номи дигар аст")),
])
async def test_the_similar_name_is_told_in_the_readers_language(
        client: httpx.AsyncClient, regulator: dict[str, Any], language: str,
        words: tuple[str, ...]) -> None:
    _name, number, typed = await _look_alike(client, regulator)
    page = await client.get("/check", params={"number": typed},
                            headers={"Accept-Language": language})
    card = _card(page.text, number)
    assert 'class="badge' not in card
    for said in words:
        assert said in card, (language, said)


async def test_a_short_name_is_the_agency_matched_on_part_of_its_name(
        client: httpx.AsyncClient, regulator: dict[str, Any]) -> None:
    """«Samarkand» for «Samarkand Labour Partners LLC» was a caution card: the whole tail
    marked as differing, and «an offer under the name "Samarkand" is not this agency's».
    People write an agency by its short name: each agency whose name holds the words typed
    is shown as the agency, with its badges, matched on part of its name."""
    tag = unique()
    typed = f"Samarkand{tag}"
    agencies = {}
    for name in (f"Samarkand{tag} Labour Partners LLC", f"Samarkand{tag} Travel"):
        _agency, licence = await active_licence(client, regulator, legal_name=name)
        agencies[name] = licence["number"]

    page = await client.get("/check", params={"number": typed})
    assert page.status_code == 200
    text = page.text
    assert 'data-matched-by="name_part"' in text
    for name, number in agencies.items():
        card = _card(text, number)
        assert '<span class="badge active">' in card and "May recruit today" in card, name
        assert 'data-near="false"' in card, name
        assert ("The name you typed is part of this agency's registered name: “" + name
                + "”. Check that the offer gives the full name.") in card, name
    assert "may not be this agency's" not in text
    assert "An agency with a similar name" not in text and 'class="differs"' not in text
    assert 'id="did-you-mean"' not in text
    # The API says the same: the agencies asked for, by part of their names.
    body = (await client.get("/public/licences", params={"q": typed})).json()
    assert body["matched_by"] == "name_part"
    assert sorted((r["licence_number"], r["exact"]) for r in body["results"]) == sorted(
        (number, True) for number in agencies.values())

    # A letter wrong in the short name is another name still, perhaps a look-alike's.
    misspelt = f"Samarkand{tag} Labur"
    page = await client.get("/check", params={"number": misspelt})
    assert 'data-matched-by="near_name"' in page.text
    card = _card(page.text, agencies[f"Samarkand{tag} Labour Partners LLC"])
    assert 'class="badge' not in card and 'data-near="name"' in card
    assert f"An offer under the name “{misspelt}” may not be this agency's" in card
    assert "is part of this agency's registered name" not in page.text


@pytest.mark.parametrize(("language", "said"), [
    ("ru", "часть зарегистрированного названия этого агентства"),
    ("ky", "катталган аталышынын бир бөлүгү"),
    ("uz", "roʻyxatdan oʻtgan nomining bir qismi"),
    ("tg", "қисми номи бақайдгирифтаи ин агентӣ"),
])
async def test_the_part_of_the_name_is_told_in_the_readers_language(
        client: httpx.AsyncClient, regulator: dict[str, Any], language: str,
        said: str) -> None:
    tag = unique()
    name = f"Ala-Too{tag} Work Abroad LLC"
    _agency, licence = await active_licence(client, regulator, legal_name=name)
    page = await client.get("/check", params={"number": f"ala-too{tag}"},
                            headers={"Accept-Language": language})
    card = _card(page.text, licence["number"])
    assert '<span class="badge active">' in card
    assert said in card and name in card
