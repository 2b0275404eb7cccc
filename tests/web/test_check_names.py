"""The public check of an agency by name, in a browser, in English and Russian: a name
spelled another way finds the licensed agency; a near miss is answered "did you mean" with
the near agencies and what to compare, before any warning; nothing near says so plainly;
a name too short to be looked for inside others asks for the full name."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import act, active_licence, unique
from tests.web.conftest import LANGUAGES


async def _check(visitor: Any, typed: str, shot: str) -> Any:
    page = visitor.page
    await visitor.goto("/check")
    await page.fill("#f-number", typed)
    async with page.expect_navigation():
        await page.click("#agency-check button[type=submit]")
    await visitor.shot(shot)
    return page.locator("#agency-result")


async def _ala_too(client: httpx.AsyncClient, regulator: dict[str, str]) -> str:
    """The licence number of Ala-Too, licensed here unless the session's register holds the
    name already: an agency's name is registered once in its country."""
    found = (await client.get("/public/licences", params={"q": "Ala-Too"})).json()
    held = [r["licence_number"] for r in found["results"]
            if r["agency_name"] == "Ala-Too" and r["status"] == "active"]
    if held:
        return str(held[0])
    _, licence = await active_licence(client, regulator, legal_name="Ala-Too")
    return str(licence["number"])


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_visitor_checks_an_agency_by_a_name_spelled_another_way(
    visit: Any, client: httpx.AsyncClient, regulator: dict[str, str], language: str,
) -> None:
    tag = unique()
    ala_too = {"number": await _ala_too(client, regulator)}
    _, travel = await active_licence(client, regulator, legal_name=f"Nur-Sat Travel {tag}",
                                     address="7 Kurmanjan Datka Street, Osh")
    _, branch = await active_licence(client, regulator,
                                     legal_name=f"Nur-Sat Travel {tag} Jalal-Abad")
    suspended = await act(client, regulator, branch["id"], "suspend", reason="wages unpaid")
    assert suspended.status_code == 200, suspended.text
    visitor = await visit(language)
    t = visitor.t

    # Alatoo, as people type it, is Ala-Too: licensed, and said so without a warning.
    result = await _check(visitor, "Alatoo", "alatoo")
    assert await result.get_attribute("data-matched-by") == "agency_name"
    card = result.locator(f"article[data-licence='{ala_too['number']}']")
    assert await card.locator("h3").inner_text() == "Ala-Too"
    assert t("Active", "Действует") in await card.locator(".badge").first.inner_text()
    assert await card.get_attribute("data-near") == "false"
    assert await result.locator("#did-you-mean").count() == 0
    assert await card.locator(".warning").count() == 0

    # The same in Cyrillic.
    result = await _check(visitor, "Алатоо", "alatoo-cyrillic")
    assert await result.locator(f"article[data-licence='{ala_too['number']}']").count() == 1

    # A near miss: "did you mean", each near agency as another name (a look-alike's name is
    # one letter from a real one), with its status, licence number and address but no
    # badge, and only after that the warning about the suspended one.
    result = await _check(visitor, f"Nur Sad Travel {tag}", "near-miss")
    assert await result.get_attribute("data-matched-by") == "near_name"
    text = await result.inner_text()
    did_you_mean = t("Did you mean one of these agencies?",
                     "Возможно, вы имели в виду одно из этих агентств?")
    do_not_pay = t("Do not pay", "Не платите")
    assert did_you_mean in text and do_not_pay in text
    assert text.index(did_you_mean) < text.index(do_not_pay)
    near = result.locator(f"article[data-licence='{travel['number']}']")
    assert await near.get_attribute("data-near") == "name"
    assert await near.locator("h3").inner_text() == t(
        f"An agency with a similar name: “Nur-Sat Travel {tag}”",
        f"Агентство с похожим названием: «Nur-Sat Travel {tag}»")
    assert await near.locator(".badge").count() == 0
    assert await near.locator("mark.differs").count() == 2  # d typed, t registered
    facts = await near.locator(".facts:not(.names)").inner_text()
    assert travel["number"] in facts and "7 Kurmanjan Datka Street, Osh" in facts
    assert await near.locator(".warning").count() == 0
    other = result.locator(f"article[data-licence='{branch['number']}']")
    assert await other.get_attribute("data-status") == "suspended"
    assert do_not_pay in await other.locator(".warning").inner_text()

    # Nothing near: not in the register, do not pay.
    result = await _check(visitor, f"Zarafshon Logistika {tag}", "nothing-near")
    assert await result.get_attribute("data-matched-by") == "none"
    warning = await result.locator(".warning").inner_text()
    assert t("Do not pay, do not sign.", "Не платите и ничего не подписывайте.") in warning
    assert t("no registered name is close to it", "нет похожих названий") in warning

    # A name too short to be looked for inside longer ones (Nur, of Nur-Sat Travel) is not
    # said to be near no registered name: the visitor is asked for the full name or number.
    result = await _check(visitor, "Nur", "too-short")
    assert await result.get_attribute("data-matched-by") == "none"
    warning = await result.locator(".warning").inner_text()
    assert t("Do not pay, do not sign.", "Не платите и ничего не подписывайте.") in warning
    assert t("A name this short is not looked for inside longer names",
             "Такое короткое название не ищется внутри более длинных") in warning
    assert t("no registered name is close to it", "нет похожих названий") not in warning


async def test_a_licence_applied_for_names_its_countries_as_asked_not_covered(
        client: httpx.AsyncClient) -> None:
    from tests.conftest import apply, register_agency

    name = f"Pamir Applied {unique()}"
    agency = await register_agency(client, legal_name=name)
    await apply(client, agency)
    page = await client.get("/check", params={"number": name},
                            headers={"Accept-Language": "ky"})
    assert page.status_code == 200, page.text
    assert "Лицензия суралган өлкөлөр" in page.text
    assert "Лицензия жарактуу өлкөлөр" not in page.text


PART_OF_NAME = {
    "en": "The name you typed is part of this agency's registered name",
    "ru": "Название, которое вы ввели, — часть зарегистрированного названия",
    "ky": "Сиз киргизген аталыш бул агенттиктин катталган аталышынын бир бөлүгү",
    "uz": "Siz kiritgan nom ushbu agentlikning roʻyxatdan oʻtgan nomining bir qismi",
    "tg": "Номе, ки шумо ворид кардед, қисми номи бақайдгирифтаи ин агентӣ аст",
}
ABSENT = ("No agency in the register is called", "Агентства с названием",
          "деп аталган агенттик жок", "nomli agentlik yoʻq", "агентӣ бо номи")


@pytest.mark.parametrize("language", sorted(PART_OF_NAME))
async def test_part_of_a_registered_name_is_not_said_to_be_absent(
        client: httpx.AsyncClient, regulator: dict[str, str], language: str) -> None:
    """«Pamir» for Pamir Employment Services LLC was answered «no agency with the name
    Pamir is in the register», then «did you mean Pamir Employment Services LLC?». It is
    that agency by its short name."""
    tag = unique()
    await active_licence(client, regulator, legal_name=f"Pamir{tag} Employment Services LLC")
    page = await client.get("/check", params={"number": f"Pamir{tag}"},
                            cookies={"vetted_lang": language})
    assert page.status_code == 200, page.text
    assert 'data-matched-by="name_part"' in page.text
    assert f"Pamir{tag} Employment Services LLC" in page.text
    assert PART_OF_NAME[language] in page.text
    assert not any(words in page.text for words in ABSENT)
