"""The public pages in a browser: the job search (English and Russian words, the explanation,
a filter, a refused filter), one job's page with its terms and code, the check of an
agency's licence and of a job code, and a suspended agency's vacancies vanishing."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.async_api import expect

from tests.conftest import act, active_licence, relay_index, unique
from tests.factories_vacancies import attache, employer, licensed_agency, move, vacancy_in
from tests.web.conftest import LANGUAGES

# Countries no other test sets a minimum wage for, so the wage verdict is ours to fix.
HOME, OTHER = "PL", "LT"


async def _searchable(client: httpx.AsyncClient, db: Any, tag: str, ids: set[int]) -> None:
    """Relay the vacancies to the index (here, as the worker would), and find them."""
    await relay_index(db, list(ids))
    response = await client.get("/search/vacancies", params={"q": tag, "k": 50, "mode": "keyword"})
    assert response.status_code == 200, response.text
    assert ids <= {r["vacancy"]["id"] for r in response.json()["results"]}


async def _look(visitor: Any, name: str) -> None:
    """A screenshot; on a phone, also that nothing is wider than its screen."""
    await visitor.shot(name)
    width = visitor.page.viewport_size["width"]
    if width < 600:
        used = await visitor.page.evaluate("document.documentElement.scrollWidth")
        assert used <= width, f"{name}: the page is {used}px wide on a {width}px screen"


@pytest.fixture
async def market(client: httpx.AsyncClient, regulator: dict[str, str],
                 admin: dict[str, str], db: Any) -> dict[str, Any]:
    """Two licensed agencies with three published vacancies, searchable."""
    tag = unique()
    home_attache = await attache(client, admin, HOME)
    other_attache = await attache(client, admin, OTHER)
    agency, licence = await licensed_agency(client, regulator, [HOME, OTHER])
    small, small_licence = await licensed_agency(client, regulator, [HOME])
    wage = await client.put(f"/minimum-wages/{HOME}/PLN", headers=regulator,
                            json={"monthly_amount": "4300.00"})
    assert wage.status_code == 200, wage.text
    home_employer = await employer(client, agency, HOME, city="Warsaw")
    other_employer = await employer(client, agency, OTHER, city="Vilnius")
    small_employer = await employer(client, small, HOME, city="Wroclaw")
    welder = await vacancy_in(
        client, "published", agency=agency, attache_headers=home_attache,
        employer_id=home_employer["id"], title=f"Welder {tag}", occupation="welder",
        skills=["MIG welding", "TIG welding"], country=HOME, city="Warsaw",
        description="Welding steel structures at a shipyard. Hostel provided, meals paid.",
        wage={"amount": "7000.00", "currency": "PLN", "period": "month"},
        languages=[{"code": "ru", "level": "A2"}])
    greenhouse = await vacancy_in(
        client, "published", agency=agency, attache_headers=other_attache,
        employer_id=other_employer["id"], title=f"Greenhouse worker {tag}",
        occupation="farm worker", skills=["harvesting"], country=OTHER, city="Vilnius",
        description="Picking tomatoes and cucumbers in heated greenhouses near Vilnius.",
        wage={"amount": "1400.00", "currency": "EUR", "period": "month"})
    svarshchik = await vacancy_in(
        client, "published", agency=small, attache_headers=home_attache,
        employer_id=small_employer["id"], title=f"Сварщик {tag}", occupation="сварщик",
        skills=["сварка"], country=HOME, city="Wroclaw",
        description="Сварщик на судоверфь во Вроцлаве, общежитие и питание бесплатно.",
        wage={"amount": "6500.00", "currency": "PLN", "period": "month"})
    await _searchable(client, db, tag, {welder["id"], greenhouse["id"], svarshchik["id"]})
    return {"tag": tag, "welder": welder, "greenhouse": greenhouse, "svarshchik": svarshchik,
            "licence": licence, "small": small, "small_licence": small_licence}


async def _search(visitor: Any, words: str, country: str | None = None,
                  city: str | None = None) -> list[int]:
    """Search through the form as a person would; the ids of the results shown."""
    page = visitor.page
    await visitor.goto("/jobs")
    await page.fill("#f-q", words)
    if (country or city) and not await page.locator("#f-city").is_visible():
        await page.click("details.filters-fold > summary")  # folded on a phone
    if country:
        await page.check(f"#f-country input[value={country}]")
    if city:
        await page.fill("#f-city", city)
    async with page.expect_navigation():
        await page.click("form.search button[type=submit]")
    return [int(v) for v in await page.locator("article.result").evaluate_all(
        "cards => cards.map(c => c.dataset.vacancy)")]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_visitor_searches_checks_and_a_suspended_agency_disappears(
        visit: Any, client: httpx.AsyncClient, regulator: dict[str, str],
        market: dict[str, Any], language: str) -> None:
    visitor = await visit(language, mobile=language == "ru")
    page, t, tag = visitor.page, visitor.t, market["tag"]
    welder, greenhouse, svarshchik = (market["welder"], market["greenhouse"],
                                      market["svarshchik"])

    # An English word finds the welder, and the explanation says why.
    assert welder["id"] in await _search(visitor, f"welder {tag}")
    card = page.locator(f"article.result[data-vacancy='{welder['id']}']")
    await card.locator("summary").click()
    await _look(visitor, "search-english")
    why = await card.locator(".why").inner_text()
    assert "MIG welding" in why
    assert t("Matching skills", "Совпадающие навыки") in why
    assert t("above the minimum wage", "выше минимальной зарплаты") in await card.inner_text()
    # The city is named in the page's language, and found by any of its names.
    assert t("Warsaw", "Варшава") in await card.inner_text()
    assert welder["id"] in await _search(visitor, tag, city="Варшава")
    assert welder["id"] in await _search(visitor, tag, city="warszawa")

    # A Russian word finds the Russian vacancy.
    assert svarshchik["id"] in await _search(visitor, f"сварщик {tag}")
    await _look(visitor, "search-russian")

    # A country filter narrows the results to that country.
    found = await _search(visitor, tag, country=OTHER)
    await _look(visitor, "search-filtered")
    assert greenhouse["id"] in found
    assert welder["id"] not in found and svarshchik["id"] not in found
    # One job found is counted in words right for one ("1 verified jobs" was not).
    assert found == [greenhouse["id"]]
    assert t("Verified jobs from licensed agencies: 1",
             "Проверенных вакансий лицензированных агентств: 1") in await page.inner_text("main")

    # A wage without its currency is refused beside the currency, keeping what was typed.
    await visitor.goto("/jobs")
    await page.fill("#f-q", f"welder {tag}")
    if not await page.locator("#f-min_wage").is_visible():
        await page.click("details.filters-fold > summary")
    await page.fill("#f-min_wage", "5000")
    async with page.expect_navigation():
        await page.click("form.search button[type=submit]")
    await _look(visitor, "search-refused")
    assert t("Choose the currency of the lowest wage.", "Выберите валюту зарплаты.") \
        in await page.inner_text("#e-currency")
    assert await page.input_value("#f-q") == f"welder {tag}"
    assert await page.input_value("#f-min_wage") == "5000"
    assert await page.locator("article.result").count() == 0
    # So is a country code edited in the link.
    response = await visitor.goto("/jobs?q=welder&city=Warsaw&country=XX")
    await _look(visitor, "search-bad-country")
    assert response.status == 422
    assert t("Choose countries from the list.", "Выберите страны из списка.") \
        in await page.inner_text("#e-country")
    assert await page.input_value("#f-city") == "Warsaw"

    # The job's page: its terms, the agency's licence, and its code.
    await _search(visitor, f"welder {tag}")
    async with page.expect_navigation():
        await page.click(f"article.result[data-vacancy='{welder['id']}'] h3 a")
    await _look(visitor, "job")
    assert page.url.endswith(f"/jobs/{welder['id']}")
    terms = await page.inner_text("#terms")
    assert t("Hours per week", "Часов в неделю") in terms and "40" in terms
    assert "7" in terms and t("free", "бесплатно") in terms  # the wage; free housing
    assert welder["verification_code"] in await page.inner_text("#code .job-code")
    agency_card = page.locator("#agency article.licence")
    assert await agency_card.get_attribute("data-status") == "active"
    assert market["licence"]["number"] in await agency_card.inner_text()

    # From the job page to the check of its code: verified, open, licensed.
    async with page.expect_navigation():
        await page.click("#code a.button")
    await _look(visitor, "code-verified")
    result = page.locator("#code-result")
    assert await result.get_attribute("data-verified") == "true"
    assert await result.get_attribute("data-open") == "true"
    assert await result.get_attribute("data-licensed") == "true"
    assert welder["title"] in await result.inner_text()

    # The agency check by name: an active licence, no warning.
    await visitor.goto("/check")
    await page.fill("#f-number", market["licence"]["agency_name"])
    async with page.expect_navigation():
        await page.click("#agency-check button[type=submit]")
    await _look(visitor, "agency-active")
    active = page.locator(f"#agency-result article[data-licence='{market['licence']['number']}']")
    assert t("Active", "Действует") in await active.locator(".badge").first.inner_text()
    assert await active.locator(".warning").count() == 0

    # The regulator suspends the small agency: its vacancy leaves search and its page.
    suspended = await act(client, regulator, market["small_licence"]["id"], "suspend",
                          reason="test: deposit not topped up")
    assert suspended.status_code == 200, suspended.text
    assert svarshchik["id"] not in await _search(visitor, f"сварщик {tag}")
    await _look(visitor, "search-after-suspension")
    response = await visitor.goto(f"/jobs/{svarshchik['id']}")
    await _look(visitor, "job-gone")
    assert response.status == 404
    assert t("This job is not open", "Эта вакансия закрыта") in await page.inner_text("main")

    # Checking its licence number warns plainly.
    number = market["small_licence"]["number"]
    await visitor.goto(f"/check?number={number}")
    await _look(visitor, "agency-suspended")
    card = page.locator(f"#agency-result article[data-licence='{number}']")
    assert await card.get_attribute("data-status") == "suspended"
    warning = await card.locator(".warning").inner_text()
    assert t("Do not pay, do not sign.", "Не платите и ничего не подписывайте.") in warning
    assert t("suspended", "приостановлена") in warning

    # Its code: verified once, but the agency may not recruit now.
    code = svarshchik["verification_code"]
    await visitor.goto(f"/check?code={code.lower()}")
    await _look(visitor, "code-agency-suspended")
    result = page.locator("#code-result")
    assert await result.get_attribute("data-licensed") == "false"
    assert t("Do not pay", "Не платите") in await result.locator(".warning").inner_text()
    # Nor is it open: a suspended agency takes no one, whatever the closing date.
    taking = page.locator("#checks li[data-check=open]")
    assert await taking.get_attribute("data-holds") == "false"
    assert t("the agency may not recruit now", "агентство сейчас не вправе набирать") in \
        await taking.inner_text()
    # Who verified it, said once after its label.
    verified = await page.inner_text("#checks li[data-check=verified]")
    assert verified.count(t("Verified", "Проверено")) == 1, verified

    # An unknown code warns; a code of the wrong shape is refused beside the field.
    await page.fill("#f-code", "2345-6789")
    async with page.expect_navigation():
        await page.click("#code-check button[type=submit]")
    await _look(visitor, "code-unknown")
    result = page.locator("#code-result")
    assert await result.get_attribute("data-verified") == "false"
    assert t("No verified job has the code", "Проверенной вакансии с кодом") \
        in await result.inner_text()
    await page.fill("#f-code", "12")
    async with page.expect_navigation():
        await page.click("#code-check button[type=submit]")
    await _look(visitor, "code-wrong-shape")
    assert t("8 letters and digits", "8 букв и цифр") in await page.inner_text("#e-code")
    assert await page.input_value("#f-code") == "12"
    await expect(page.locator("#code-result")).to_have_count(0)


async def test_what_is_not_public_answers_404_and_bad_checks_name_their_field(
        client: httpx.AsyncClient, regulator: dict[str, str], admin: dict[str, str]) -> None:
    agency, _licence = await licensed_agency(client, regulator, [HOME])
    boss = await employer(client, agency, HOME, city="Gdansk")
    draft = await vacancy_in(client, "draft", agency=agency, attache_headers={},
                             employer_id=boss["id"], country=HOME, city="Gdansk")
    for path in (f"/jobs/{draft['id']}", "/jobs/abc", "/jobs/0", "/jobs/99999999999999999999"):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert "This job is not open" in response.text
    # Even the agency that posted it sees only the public page, which a draft has not.
    assert (await client.get(f"/jobs/{draft['id']}", headers=agency.headers)).status_code == 404

    assert (await client.get("/check")).status_code == 200
    short = await client.get("/check", params={"number": "x"})
    assert short.status_code == 422 and 'id="e-number"' in short.text
    assert 'value="x"' in short.text
    stars = await client.get("/check", params={"number": "**"})  # two, but no letters
    assert stars.status_code == 422 and 'id="e-number"' in stars.text
    shape = await client.get("/check", params={"code": "ABC-12"})
    assert shape.status_code == 422 and 'id="e-code"' in shape.text
    # Sent empty, each check says what to type.
    empty = await client.get("/check", params={"number": "  "})
    assert empty.status_code == 422 and "Type the agency&#39;s name" in empty.text
    no_code = await client.get("/check", params={"code": ""})
    assert no_code.status_code == 422 and "Type the job&#39;s code" in no_code.text
    unknown = await client.get("/check", params={"number": f"Nobody {unique()}"})
    assert unknown.status_code == 200 and "Do not pay, do not sign." in unknown.text

    signed_out = await client.get("/me/matches")
    assert signed_out.status_code == 303
    assert signed_out.headers["location"] == "/login?next=/me/matches"


async def test_a_name_respelt_in_its_own_script_is_found_with_a_word_on_the_letters(
        client: httpx.AsyncClient, regulator: dict[str, str]) -> None:
    """«Allaa-Too Workk Abroad» finds Ala-Too Work Abroad (people mistype doubled
    letters), and the page says the register writes it otherwise: a look-alike firm may
    carry that spelling. The name in another script, or with another legal form, is
    simply the agency's."""
    tag = unique()
    name = f"Ala-Too Work Abroad {tag} LLC"
    _agency, licence = await active_licence(client, regulator, legal_name=name)
    head, serial = licence["number"].rsplit("-", 1)
    off = await client.get("/check", params={"number": f"{head}-{serial[1:]}"})
    assert 'data-matched-by="near_number"' in off.text and licence["number"] in off.text
    assert "one letter or digit from it" in off.text
    assert "A licence with a similar number belongs to" in off.text
    assert "close name" not in off.text
    respelt = await client.get("/check", params={"number": f"Allaa-Too Workk Abroad {tag}"})
    assert respelt.status_code == 200 and name in respelt.text
    assert 'class="form-error warning respelt"' in respelt.text
    for typed in (f"Ala-Too Work Abroad {tag} Company", f"ala too work abroad {tag}"):
        plain = await client.get("/check", params={"number": typed})
        assert name in plain.text and "respelt" not in plain.text, typed


async def test_a_licence_number_typed_with_letter_os_is_the_licence(
        client: httpx.AsyncClient, regulator: dict[str, str]) -> None:
    """«VT-KG-2026-OOOO1», typed off paper with letter O's, said no agency had that number
    and «do not pay»: a real licence looked fake."""
    _agency, licence = await active_licence(client, regulator)
    head, year, serial = licence["number"].rsplit("-", 2)
    typed = f"{head}-{year.replace('0', 'O')}-{serial.replace('0', 'O')}"
    page = await client.get("/check", params={"number": typed})
    assert page.status_code == 200
    assert 'data-matched-by="licence_number"' in page.text and licence["number"] in page.text
    assert "Do not pay, do not sign." not in page.text


async def test_the_check_of_a_filled_job_says_its_places_are_taken(
        client: httpx.AsyncClient, regulator: dict[str, str], admin: dict[str, str]) -> None:
    """«filled, closed, past its closing date or not published yet», with «Apply by»
    under it, said every reason but the one the system knows."""
    agency, _licence = await licensed_agency(client, regulator, [HOME])
    boss = await employer(client, agency, HOME, city="Gdansk")
    job = await vacancy_in(client, "published", agency=agency,
                           attache_headers=await attache(client, admin, HOME),
                           employer_id=boss["id"], country=HOME, city="Gdansk")
    filled = await move(client, agency.headers, job["id"], "fill")
    assert filled.status_code == 200, filled.text
    page = await client.get("/check", params={"code": job["verification_code"]})
    assert 'data-status="filled"' in page.text
    assert "every place in it is taken" in page.text and "Apply by" not in page.text
    assert "Not open: every place is taken." in page.text


async def test_a_search_with_more_jobs_than_a_page_shows_the_rest_on_asking(
        visit: Any, client: httpx.AsyncClient, regulator: dict[str, str],
        admin: dict[str, str], db: Any) -> None:
    """A page shows the first 20 jobs and says they are the first; asking for more shows
    the rest, and a page that holds them all offers no more."""
    tag = unique()
    home_attache = await attache(client, admin, HOME)
    agency, _ = await licensed_agency(client, regulator, [HOME])
    hiring = await employer(client, agency, HOME, city="Gdansk")
    ids = {(await vacancy_in(
        client, "published", agency=agency, attache_headers=home_attache,
        employer_id=hiring["id"], title=f"Welder {tag} {n}", occupation="welder",
        skills=["MIG welding"], country=HOME, city="Gdansk",
        description="Welding hulls at a shipyard in Gdansk.",
        wage={"amount": "7000.00", "currency": "PLN", "period": "month"}))["id"]
        for n in range(21)}
    await _searchable(client, db, tag, ids)
    visitor = await visit("ru", mobile=True)
    page = visitor.page
    first = await _search(visitor, tag)
    assert len(first) == 20 and set(first) <= ids
    assert "Первые 20" in await page.locator("main").inner_text()
    async with page.expect_navigation():
        await page.click("#more-jobs")
    # The page opens at the first job not shown before, not at its top.
    assert page.url.endswith("#more-from")
    await page.wait_for_function("window.scrollY > 0")
    await _look(visitor, "search-more")
    shown = [int(v) for v in await page.locator("article.result").evaluate_all(
        "cards => cards.map(c => c.dataset.vacancy)")]
    assert shown[:20] == first and set(shown) == ids
    assert await page.locator("#more-jobs").count() == 0
    assert await page.locator("#f-q").input_value() == tag


async def test_a_longer_week_than_the_law_is_flagged_and_its_wage_compared_for_its_hours(
        visit: Any, client: httpx.AsyncClient, regulator: dict[str, str],
        admin: dict[str, str], db: Any) -> None:
    """A week over the legal one (accepted by the attaché with a reason) says so on the
    result, and its wage is compared with the minimum for its hours: 7,000 for 56 hours
    is 40% above 4,300 for 48 hours pro rata, not the 63% it is above 4,300."""
    tag = unique()
    wage = await client.put(f"/minimum-wages/{HOME}/PLN", headers=regulator,
                            json={"monthly_amount": "4300.00", "max_weekly_hours": "48"})
    assert wage.status_code == 200, wage.text
    home_attache = await attache(client, admin, HOME)
    agency, _ = await licensed_agency(client, regulator, [HOME])
    hiring = await employer(client, agency, HOME, city="Gdansk")
    long_week = await vacancy_in(
        client, "published", agency=agency, attache_headers=home_attache,
        employer_id=hiring["id"], title=f"Welder {tag}", occupation="welder",
        skills=["MIG welding"], country=HOME, city="Gdansk", hours_per_week="56",
        description="Welding hulls at a shipyard in Gdansk, six days a week.",
        wage={"amount": "7000.00", "currency": "PLN", "period": "month"})
    await _searchable(client, db, tag, {long_week["id"]})
    visitor = await visit("ru", mobile=True)
    assert long_week["id"] in await _search(visitor, f"сварщик {tag}")
    card = visitor.page.locator(f"article.result[data-vacancy='{long_week['id']}']")
    await card.locator("summary").click()
    await _look(visitor, "search-long-week")
    shown = await card.inner_text()
    assert "Больше предела по закону: 48 ч в неделю" in shown
    assert "На 40% выше минимальной зарплаты" in shown
    assert "63%" not in shown
    assert "за 56 ч в неделю" in await card.locator(".why").inner_text()
    # The job's page says it beside the hours too.
    await visitor.goto(f"/jobs/{long_week['id']}")
    assert "Больше предела по закону: 48 ч в неделю" in \
        await visitor.page.inner_text("#terms")


@pytest.mark.parametrize(("language", "typed", "said"), [
    ("uz", "sotuvchi Moskvada", "Hozir ochiq tekshirilgan vakansiya yoʻq: sotuvchi."),
    ("ru", "продавец в Москве", "Сейчас нет открытых проверенных вакансий: продавец."),
    ("ky", "айдоочу", "Азыр ачык текшерилген вакансия жок: айдоочу."),
])
async def test_a_trade_understood_but_not_open_is_named(
        live_server: str, language: str, typed: str, said: str) -> None:
    """«No job matches» after `sotuvchi Moskvada` reads as "not understood": the page names
    the trade it understood, in the reader's language, so they know none is open."""
    town = f"Nowhere {unique()}"
    async with httpx.AsyncClient(base_url=live_server,
                                 headers={"Accept-Language": language}) as http:
        page = (await http.get("/jobs", params={"q": typed, "city": town})).text
        assert said in page
        # Words naming no trade keep the plain answer.
        page = (await http.get("/jobs", params={"q": "zzqx", "city": town})).text
        assert 'id="no-match"' in page and said.split(":")[0] not in page


async def test_a_city_typed_with_no_such_job_says_so_above_those_elsewhere(
        live_server: str, market: dict[str, Any]) -> None:
    """`welder Мурманск`: no welder works in Murmansk; the welders shown are elsewhere, and
    the page says so once above them, not only in a badge on each card."""
    async with httpx.AsyncClient(base_url=live_server,
                                 headers={"Accept-Language": "ky"}) as http:
        page = (await http.get("/jobs", params={"q": f"welder {market['tag']} Мурманск"})).text
        assert f'data-vacancy="{market["welder"]["id"]}"' in page
        assert "Сиз жазган шаарда азыр мындай вакансия жок" in page
        # The city's own jobs lead where there are any: no such line above them.
        page = (await http.get("/jobs", params={"q": f"welder {market['tag']} Warsaw"})).text
        assert f'data-vacancy="{market["welder"]["id"]}"' in page
        assert 'id="none-in-city"' not in page


async def test_a_wage_asked_in_a_currency_no_job_pays_in_says_so(
        live_server: str, market: dict[str, Any]) -> None:
    """`от 30000 сом` while the jobs pay in złoty and euros: «no job matches» would be
    untrue; the page says no job pays in som, and in what they pay."""
    async with httpx.AsyncClient(base_url=live_server,
                                 headers={"Accept-Language": "ru"}) as http:
        page = (await http.get("/jobs", params={"q": f"welder {market['tag']} от 30000 сом"})
                ).text
        said = re.search(r'<p class="panel" id="no-match">(.*?)</p>', page, re.S)
        assert said is not None, page
        assert "не платит зарплату в этой валюте: киргизский сом" in said[1], said[1]
        assert "польский злотый" in said[1] and "евро" in said[1], said[1]
        # In a currency jobs pay in, the search asks it as ever.
        page = (await http.get("/jobs", params={"q": f"welder {market['tag']} от 5000 евро"})
                ).text
        assert "в этой валюте" not in page
