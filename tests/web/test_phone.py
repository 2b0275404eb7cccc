"""The public and migrant pages on a phone (390×844): a compact header whose menu folds
behind one button, the search's words and results before its folded filters, checkboxes
where a multiple select was, and no page wider than the screen. On a wide screen the header
and the filters stay laid out as before."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest

from tests import factories_matching as fm
from tests.conftest import PASSWORD, relay_index, unique
from tests.factories_vacancies import attache, employer, licensed_agency, vacancy_in
from tests.web.conftest import LANGUAGES

COUNTRY = "KZ"
PHONE_HEIGHT = 844
# The header on a phone: the brand and the menu's button, the languages under them.
HEADER_MAX = 120


async def _fits(visitor: Any, name: str) -> None:
    """A screenshot, and nothing on the page wider than the screen."""
    await visitor.shot(name)
    used, width = await visitor.page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]")
    assert used <= width, f"{name}: the page is {used}px wide on a {width}px screen"


async def _compact_header(visitor: Any) -> None:
    box = await visitor.page.locator("header.top").bounding_box()
    assert box["height"] <= HEADER_MAX, f"the header takes {box['height']}px of the screen"


@pytest.fixture
async def offer(client: httpx.AsyncClient, regulator: dict[str, str],
                admin: dict[str, str], db: Any) -> dict[str, Any]:
    """A licensed agency with one published, searchable vacancy with long words in it."""
    tag = unique()
    agency, licence = await licensed_agency(client, regulator, [COUNTRY])
    boss = await employer(client, agency, COUNTRY, city="Almaty")
    vacancy = await vacancy_in(
        client, "published", agency=agency,
        attache_headers=await attache(client, admin, COUNTRY), employer_id=boss["id"],
        title=f"Электрогазосварщик металлоконструкций {tag}", occupation="welder",
        skills=["MIG welding", "чтение чертежей"], country=COUNTRY, city="Almaty",
        description="Сварка металлоконструкций на строительстве торгового центра в Алматы.",
        wage={"amount": "450000.00", "currency": "KZT", "period": "month"},
        languages=[{"code": "ru", "level": "B1"}])
    await relay_index(db, [vacancy["id"]])
    found = await client.get("/search/vacancies", params={"q": tag, "k": 10,
                                                          "mode": "keyword"})
    assert found.status_code == 200, found.text
    assert vacancy["id"] in {r["vacancy"]["id"] for r in found.json()["results"]}
    return {"tag": tag, "licence": licence, "vacancy": vacancy}


@pytest.fixture
async def migrant(client: httpx.AsyncClient, admin: dict[str, str]) -> str:
    """A pre-screened migrant who signs in; the e-mail."""
    centre = await fm.new_centre(client, admin)
    email = f"{unique('phone-')}@mail.kg"
    await fm.ready_migrant(client, centre, email=email, password=PASSWORD)
    return email


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_public_and_migrant_pages_fit_a_phone(
        visit: Any, offer: dict[str, Any], migrant: str, language: str) -> None:
    visitor = await visit(language, mobile=True)
    page, t, tag = visitor.page, visitor.t, offer["tag"]
    vacancy = offer["vacancy"]

    # A search that finds the job: the first result is on the screen without scrolling,
    # under a compact header, the words and a folded "Filters" button.
    await visitor.goto(f"/jobs?q={quote(tag)}")
    await _fits(visitor, "jobs")
    await _compact_header(visitor)
    assert await page.evaluate("window.scrollY") == 0
    first = page.locator("article.result").first
    assert await first.get_attribute("data-vacancy") == str(vacancy["id"])
    card = await first.bounding_box()
    title = await first.locator("h3").bounding_box()
    assert card["y"] + min(card["height"], 100) < PHONE_HEIGHT, card
    assert title["y"] + title["height"] < PHONE_HEIGHT, title
    folded = page.locator("details.filters-fold")
    assert not await folded.evaluate("d => d.open")
    assert not await page.locator("#f-city").is_visible()
    assert await page.locator("select[multiple]").count() == 0
    summary = folded.locator("summary")
    assert await summary.inner_text() == t("Filters", "Фильтры")

    # One tap opens the filters; a country is a checkbox under the same name as before.
    await summary.click()
    await _fits(visitor, "jobs-filters")
    choice = page.locator("#f-country label",
                          has=page.locator(f"input[name=country][value={COUNTRY}]"))
    await choice.click()
    assert await choice.locator("input").is_checked()
    box = await choice.bounding_box()
    assert box["height"] >= 40, "a choice must be big enough for a thumb"
    await page.locator("#f-language input[value=ru]").check()
    async with page.expect_navigation():
        await page.click("form.search button[type=submit]")
    asked = parse_qs(urlsplit(page.url).query)
    assert asked["country"] == [COUNTRY] and asked["language"] == ["ru"]
    await _fits(visitor, "jobs-filtered")
    assert not await folded.evaluate("d => d.open")
    assert await summary.inner_text() == t("Filters (2)", "Фильтры (2)")
    first = page.locator("article.result").first
    assert await first.get_attribute("data-vacancy") == str(vacancy["id"])
    card = await first.bounding_box()
    assert card["y"] + min(card["height"], 100) < PHONE_HEIGHT, card
    await summary.click()
    assert await page.locator(f"#f-country input[value={COUNTRY}]").is_checked()

    # The job's page.
    async with page.expect_navigation():
        await first.locator("h3 a").click()
    await _fits(visitor, "job")
    await _compact_header(visitor)
    assert vacancy["verification_code"] in await page.inner_text("#code .job-code")

    # The menu folds behind one button; opened, it leads to the checks.
    check_link = page.locator("nav.menu a[href='/check']")
    assert not await check_link.is_visible()
    await visitor.menu()
    await _fits(visitor, "menu")
    assert await check_link.is_visible()
    async with page.expect_navigation():
        await check_link.click()
    await _fits(visitor, "check")
    await _compact_header(visitor)
    await page.fill("#f-number", offer["licence"]["number"])
    async with page.expect_navigation():
        await page.click("#agency-check button[type=submit]")
    await _fits(visitor, "check-agency")
    assert await page.locator(
        f"#agency-result article[data-licence='{offer['licence']['number']}']").count() == 1

    # The migrant's own page: every link of the menu and the sign-out behind one button.
    await visitor.login(migrant, PASSWORD)
    assert page.url.endswith("/me")
    await _fits(visitor, "me")
    await _compact_header(visitor)
    assert not await page.locator("form[action='/logout'] button").is_visible()
    await visitor.menu()
    await _fits(visitor, "me-menu")
    for path in ("/me/matches", "/me/referrals", "/me/disputes", "/jobs"):
        assert await page.locator(f"nav.menu a[href='{path}']").is_visible(), path
    assert await page.locator("form[action='/logout'] button").is_visible()


async def test_a_wide_screen_keeps_its_header_and_filters_laid_out(
        visit: Any, offer: dict[str, Any]) -> None:
    visitor = await visit("en")
    page = visitor.page
    await visitor.goto(f"/jobs?q={quote(offer['tag'])}")
    await visitor.shot("jobs-wide")
    # No button to tap: the menu's links, the sign-in and the filters are all in sight.
    assert not await page.locator("details.menu-fold > summary").is_visible()
    assert not await page.locator("details.filters-fold > summary").is_visible()
    for link in ("nav.menu a[href='/check']", "header a[href='/login']", "#f-city",
                 f"#f-country input[value={COUNTRY}]", "form.language button[value=ru]"):
        assert await page.locator(link).is_visible(), link
    header = await page.locator("header.top").bounding_box()
    assert header["height"] < 70, "the header stays one row"
    await page.fill("#f-city", "Almaty")
    async with page.expect_navigation():
        await page.click("form.search button[type=submit]")
    assert await page.locator(
        f"article.result[data-vacancy='{offer['vacancy']['id']}']").count() == 1
