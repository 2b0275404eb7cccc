"""The public pages in Kyrgyz, Uzbek and Tajik, in a browser: the language chosen in the
header and remembered by its cookie, a licence lookup and a job-code check answered in that
language, a job search whose results are worded, priced, dated and placed in it, and a
staff page that stays in Russian."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.conftest import PASSWORD, create_user_direct, relay_index, unique
from tests.factories_vacancies import attache, employer, licensed_agency, vacancy_in

COUNTRY = "KR"

# A few texts as a reader of each language expects them, written out here so that a lost
# or wrong catalogue fails the test (the rest are looked up in the catalogue itself).
EXPECTED = {
    "ky": {"h1": "Төлөөдөн же кол коюудан мурун текшериңиз", "active": "Күчүндө",
           "html": "ky", "per_month": "айына", "country": "Түштүк Корея"},
    "uz": {"h1": "Pul toʻlash yoki imzo chekishdan oldin tekshiring", "active": "Amalda",
           "html": "uz-Latn", "per_month": "oyiga", "country": "Janubiy Koreya"},
    "tg": {"h1": "Пеш аз пардохт ё имзо санҷед", "active": "Амалкунанда",
           "html": "tg", "per_month": "дар як моҳ", "country": "Кореяи Ҷанубӣ"},
}


def words(language: str) -> Any:
    """The catalogue's text for an English one, asserting that the language has it."""
    from api.web.common import has_translation, translations

    def _(text: str) -> str:
        assert has_translation(language, text), f"no {language} for {text!r}"
        return translations(language).gettext(text)

    return _


async def _searchable(client: httpx.AsyncClient, db: Any, tag: str, vacancy_id: int) -> None:
    """Relay the vacancy to the index (here, as the worker would), and find it."""
    await relay_index(db, [vacancy_id])
    response = await client.get("/search/vacancies", params={"q": tag, "k": 10, "mode": "keyword"})
    assert response.status_code == 200, response.text
    assert vacancy_id in {r["vacancy"]["id"] for r in response.json()["results"]}


@pytest.fixture
async def offer(client: httpx.AsyncClient, regulator: dict[str, str],
                admin: dict[str, str], db: Any) -> dict[str, Any]:
    """A licensed agency with one published, searchable vacancy."""
    tag = unique()
    agency, licence = await licensed_agency(client, regulator, [COUNTRY])
    boss = await employer(client, agency, COUNTRY, city="Ulsan")
    vacancy = await vacancy_in(
        client, "published", agency=agency,
        attache_headers=await attache(client, admin, COUNTRY), employer_id=boss["id"],
        title=f"Welder {tag}", occupation="welder", skills=["MIG welding"], country=COUNTRY,
        city="Ulsan", description="Welding ship hulls at a yard in Ulsan.",
        wage={"amount": "1400.00", "currency": "EUR", "period": "month"},
        languages=[{"code": "ru", "level": "A2"}])
    await _searchable(client, db, tag, vacancy["id"])
    return {"tag": tag, "licence": licence, "vacancy": vacancy}


async def _look(visitor: Any, name: str) -> None:
    """A screenshot; on a phone, also that nothing is wider than its screen."""
    await visitor.shot(name)
    width = visitor.page.viewport_size["width"]
    if width < 600:
        used = await visitor.page.evaluate("document.documentElement.scrollWidth")
        assert used <= width, f"{name}: the page is {used}px wide on a {width}px screen"


async def _submit(page: Any, form: str) -> None:
    async with page.expect_navigation():
        await page.click(f"{form} button[type=submit]")


@pytest.mark.parametrize("language", ("ky", "uz", "tg"))
async def test_checks_and_search_answer_in_the_chosen_language(
        visit: Any, db: Any, offer: dict[str, Any], language: str) -> None:
    from api.web.common import LANGUAGES, environment

    _ = words(language)
    expected = EXPECTED[language]
    visitor = await visit("en", mobile=language == "tg")
    page = visitor.page

    # The header offers all five languages; the visitor picks theirs.
    await visitor.goto("/check")
    buttons = page.locator("form.language button")
    assert await buttons.evaluate_all("bs => bs.map(b => b.value)") == list(LANGUAGES)
    async with page.expect_navigation():
        await page.click(f"form.language button[value={language}]")
    await _look(visitor, "check")
    assert page.url.endswith("/check")
    assert await page.get_attribute("html", "lang") == expected["html"]
    assert await page.inner_text("h1") == expected["h1"]
    cookies = {c["name"]: c["value"] for c in await page.context.cookies()}
    assert cookies["vetted_lang"] == language

    # Is the agency licensed? Its card answers in the language, countries named in it.
    licence = offer["licence"]
    await page.fill("#f-number", licence["number"])
    await _submit(page, "#agency-check")
    await _look(visitor, "agency-active")
    card = page.locator(f"#agency-result article[data-licence='{licence['number']}']")
    assert await card.locator(".badge").first.inner_text() == expected["active"]
    text = await card.inner_text()
    assert _("May recruit today") in text
    assert _("Licence number") in text
    assert expected["country"] in text

    # An agency no one has heard of: the warning in the language.
    await page.fill("#f-number", f"Nobody {unique()}")
    await _submit(page, "#agency-check")
    await _look(visitor, "agency-unknown")
    warning = await page.inner_text("#agency-result .warning")
    assert _("Do not pay, do not sign.") in warning
    assert _("An agency that is not in the register may not recruit workers. Check the "
             "spelling or the number, or ask a migrant resource centre.") in warning

    # The job's code: verified, open, licensed, said in the language.
    code = offer["vacancy"]["verification_code"]
    await page.fill("#f-code", code)
    await _submit(page, "#code-check")
    await _look(visitor, "code-verified")
    result = page.locator("#code-result")
    assert await result.get_attribute("data-verified") == "true"
    verified = _("Verified: %(code)s is an open job of a licensed agency.")
    assert verified.split("%(code)s")[0].strip() in await result.inner_text()
    assert _("Verified by a labour attaché") in await result.inner_text()
    # Who verified it and when: a sentence ending on a date ends in one period.
    assert ".." not in await result.inner_text()

    # Another page: the cookie holds the choice. The search answers in the language.
    await visitor.goto("/jobs")
    assert await page.get_attribute("html", "lang") == expected["html"]
    assert await page.inner_text("h1") == _("Find a verified job")
    await page.fill("#f-q", f"welder {offer['tag']}")
    await _submit(page, "form.search")
    vacancy = offer["vacancy"]
    card = page.locator(f"article.result[data-vacancy='{vacancy['id']}']")
    await card.locator("summary").click()
    await _look(visitor, "search")
    # All the jobs found, or the first of more (other tests' welders may fill a page).
    shown = await page.inner_text("main")
    assert any(max(_(count).split("%(count)s"), key=len).strip() in shown for count in (
        "Verified jobs from licensed agencies: %(count)s",
        "The first %(count)s verified jobs from licensed agencies"))
    text = await card.inner_text()
    money = environment(language).filters["money"](Decimal("1400.00"), "EUR")
    assert f"{money} {expected['per_month']}" in text
    assert expected["country"] in text
    assert _("Hours per week") in text
    assert environment(language).filters["date"](vacancy["closing_date"]) in text
    why = await card.locator(".why").inner_text()
    assert _("Matching skills: %(skills)s") % {"skills": "MIG welding"} in why
    needed = environment(language).filters["language_need"](
        {"code": "ru", "level": "A2", "has": None, "met": False})
    # A language needed is a gap, not a reason: said on the card, outside "Why this job".
    gap = _("Languages needed: %(languages)s") % {"languages": needed}
    assert gap in await card.locator(".language-gap").inner_text()
    assert gap not in why

    # The job's page, from the result.
    async with page.expect_navigation():
        await card.locator("h3 a").click()
    await _look(visitor, "job")
    assert _("Terms of the job") in await page.inner_text("#terms")
    assert await page.inner_text("#code h2") == _("Verification code")

    # A refused search names the field in the language.
    await visitor.goto("/jobs?q=welder&country=XX")
    await _look(visitor, "search-refused")
    assert await page.inner_text("#e-country") == _("Choose countries from the list.")

    # Staff pages are English and Russian only: in this language they show Russian.
    email = await create_user_direct(db, "regulator")
    await visitor.login(email, PASSWORD)
    assert page.url.endswith("/ministry")
    await _look(visitor, "staff-page")
    assert await page.get_attribute("html", "lang") == "ru"
    assert await buttons.evaluate_all("bs => bs.map(b => b.value)") == ["en", "ru"]
    await visitor.menu()
    assert await page.inner_text("form[action='/logout'] button") == "Выйти"
    # ... and the public pages are still in the visitor's language.
    await visitor.goto("/jobs")
    assert await page.get_attribute("html", "lang") == expected["html"]


async def test_the_browser_language_is_used_until_one_is_chosen(
        live_server: str, offer: dict[str, Any]) -> None:
    """A phone set to Uzbek gets the public pages in Uzbek and the staff sign-in redirect
    unchanged; an error page speaks the reader's language too."""
    async with httpx.AsyncClient(base_url=live_server) as http:
        uzbek = {"accept-language": "uz-Latn-UZ,uz;q=0.9,ru;q=0.8,en;q=0.7"}
        check = await http.get("/check", params={"number": offer["licence"]["number"]},
                                headers=uzbek)
        assert check.status_code == 200
        assert '<html lang="uz-Latn">' in check.text
        assert EXPECTED["uz"]["active"] in check.text
        tajik = {"accept-language": "tg-TJ,ru;q=0.5"}
        missing = await http.get("/jobs/1/nothing-here", headers=tajik)
        assert missing.status_code == 404
        assert "Чунин саҳифа вуҷуд надорад." in missing.text
        kyrgyz = {"accept-language": "ky-KG,ky;q=0.9,en;q=0.5"}
        gone = await http.get("/jobs/0", headers=kyrgyz)
        assert gone.status_code == 404
        assert words("ky")("This job is not open, or it is not offered by a licensed "
                           "agency. Search the verified jobs for another one.") in gone.text
