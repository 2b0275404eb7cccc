"""The centre's pages in a browser, in English and Russian, on a desktop and a phone: a migrant
registered with consent (a refused form keeps what was typed, a form sent twice registers
one migrant), pre-screened, matched and referred to a published vacancy found through the
index the real worker fills; a dispute filed with evidence and followed on its case page;
another centre's records answer as absent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest

from api.web.common import translations
from tests.conftest import (
    PASSWORD,
    active_licence,
    bearer,
    create_user_direct,
    relay_index,
    token_for,
    unique,
)
from tests.factories_disputes import fresh_country, new_body, new_mission, new_rule
from tests.factories_vacancies import attache, employer, moved, vacancy_in
from tests.web.conftest import LANGUAGES, Visitor

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17


@dataclass
class Counter:
    """A centre with one member of staff who signs in, and the staff's API headers."""

    id: int
    email: str
    headers: dict[str, str]


async def _centre(client: httpx.AsyncClient, admin: dict[str, str], db: asyncpg.Connection
                  ) -> Counter:
    response = await client.post("/admin/centres", headers=admin, json={
        "name": unique("Centre "), "country": "KG", "city": "Osh"})
    assert response.status_code == 201, response.text
    centre_id = response.json()["id"]
    email = await create_user_direct(db, "centre_staff", centre_id=centre_id)
    return Counter(centre_id, email, bearer(await token_for(client, email)))


async def _migrant(client: httpx.AsyncClient, centre: Counter, **over: Any) -> dict[str, Any]:
    body = {
        "consent": True, "consent_version": "2026-01",
        "full_name": f"Aigul Sadykova {unique()}", "date_of_birth": "1991-02-03",
        "phone": "+996 555 111222", "citizenship": "KG",
        "passport_number": unique("AC").upper(), "occupation": "Cook", "skills": ["plov"],
        "experience_years": "2", "languages": [{"code": "ru", "level": "B1"}],
        "education": "secondary", "desired_countries": ["RU"], **over,
    }
    response = await client.post("/migrants", json=body, headers=centre.headers)
    assert response.status_code == 201, response.text
    record: dict[str, Any] = response.json()
    return record


async def _published_cook(client: httpx.AsyncClient, admin: dict[str, str],
                          regulator: dict[str, str], tag: str) -> dict[str, Any]:
    """A cook's vacancy in Moscow, verified by an attaché and published by a licensed
    agency; the worker relays it to the search index on its own."""
    verifier = await attache(client, admin, "RU")
    agency, _licence = await active_licence(client, regulator)
    hirer = await employer(client, agency, "RU")
    vacancy: dict[str, Any] = await vacancy_in(
        client, "published", agency=agency, attache_headers=verifier,
        employer_id=hirer["id"], title=f"Canteen cook {tag}", occupation="cook",
        skills=["plov", "bread baking"],
        description=f"Cooking plov and baking bread for a building-site canteen {tag}.",
        languages=[{"code": "ru", "level": "A2"}])
    return vacancy


def _shared(visitor: Visitor, text: str) -> str:
    """A name other page groups show too (a state, a checklist item), as the catalogues
    translate it."""
    return str(translations(visitor.language).gettext(text))


async def _error(visitor: Visitor, name: str) -> str:
    return str(await visitor.page.inner_text(f"#e-{name}"))


@pytest.mark.parametrize("language", LANGUAGES)
async def test_register_prescreen_match_and_refer(
        visit: Any, client: httpx.AsyncClient, admin: dict[str, str],
        regulator: dict[str, str], db: asyncpg.Connection, language: str) -> None:
    tag = unique()
    centre = await _centre(client, admin, db)
    vacancy = await _published_cook(client, admin, regulator, tag)
    visitor = await visit(language, mobile=language == "ru")
    page, t = visitor.page, visitor.t
    await visitor.login(centre.email, PASSWORD)
    assert page.url.endswith("/centre")
    await page.click("a.button[href='/centre/migrants/new']")
    await visitor.shot("register-form")
    # The consent is read to the migrant in a language they understand: it is there in
    # Kyrgyz, Uzbek and Tajik too.
    await page.click("#consent-languages summary")
    others = await page.inner_text("#consent-languages")
    for words in ("паспортумдун номери", "pasport raqamim", "рақами шиносномаи ман"):
        assert words in others.lower(), words

    # A refused form: no consent, a child's date of birth. Errors beside the fields, and
    # everything typed is still there.
    name, passport = f"Nurlan Toktogulov {tag}", unique("AN").upper()
    await page.fill("#f-full_name", name)
    await page.fill("#f-date_of_birth", "2015-06-01")
    await page.select_option("#f-citizenship", "KG")
    await page.fill("#f-passport_number", passport)
    await page.fill("#f-phone", "+996 555 123456")
    await page.fill("#f-occupation", "Cook")
    await page.fill("#f-skills", "plov, bread baking")
    await page.fill("#f-experience_years", "4.5")
    await page.select_option("#f-education", "vocational")
    await page.select_option("#f-lang_code_0", "ky")
    await page.select_option("#f-lang_level_0", "native")
    await page.select_option("#f-lang_code_1", "ru")
    await page.select_option("#f-lang_level_1", "B2")
    await page.check("input[name=desired_countries][value=RU]")
    await page.fill("#f-min_wage_amount", "60000")
    await page.select_option("#f-min_wage_currency", "RUB")
    await page.click("button[type=submit].primary")
    await visitor.shot("register-refused")
    assert t("must agree to the consent text", "должен согласиться") in \
        await _error(visitor, "consent")
    assert t("at least 18 years old", "исполнилось 18 лет") in \
        await _error(visitor, "date_of_birth")
    assert await page.input_value("#f-full_name") == name
    assert await page.input_value("#f-passport_number") == passport
    assert await page.input_value("#f-lang_level_1") == "B2"
    assert await page.input_value("#f-min_wage_currency") == "RUB"
    assert await page.is_checked("input[name=desired_countries][value=RU]")

    # Corrected and sent; then the very same form is sent once more: one migrant.
    await page.fill("#f-date_of_birth", "1994-03-15")
    await page.check("input[name=consent]")
    sent = await page.evaluate("""() => Array.from(new FormData(
        document.querySelector('form[action="/centre/migrants/new"]')).entries())""")
    await page.click("button[type=submit].primary")
    await page.wait_for_url("**/centre/migrants/*")
    await visitor.shot("registered")
    migrant_url = page.url
    migrant_id = int(migrant_url.rstrip("/").rsplit("/", 1)[1])
    assert t("is registered", "Регистрация завершена") in await page.inner_text(".flash")
    # Said of a man or a woman alike: no gender is recorded to choose a participle by.
    assert t("Not referred to any job yet.", "Направлений пока нет.") in \
        await page.inner_text("#referrals")
    assert passport not in await page.inner_text("main")  # only the masked number
    # Years as the language writes a number, under a label that needs no plural.
    profile = await page.inner_text("#profile")
    assert t("Experience, years", "Опыт работы, лет") in profile
    assert t("4.5", "4,5") in profile
    assert passport[-4:] in await page.inner_text("#passport")
    again = await page.evaluate("""async (pairs) => {
        const r = await fetch('/centre/migrants/new', {method: 'POST',
                                                      body: new URLSearchParams(pairs)});
        return r.url; }""", sent)
    assert again == migrant_url
    await visitor.goto(f"/centre/migrants?q={tag}")
    await visitor.shot("one-migrant")
    assert await page.locator("table.stack tbody tr").count() == 1

    # Not pre-screened yet: the matches say what is missing instead of results.
    await visitor.goto(f"/centre/migrants/{migrant_id}/matches")
    await visitor.shot("matches-missing")
    missing = await page.inner_text("#not-prescreened")
    for item in ("Valid passport", "Medical check", "Pre-departure orientation"):
        assert _shared(visitor, item) in missing
    assert await page.locator("article.result").count() == 0

    await page.click("#not-prescreened a.button")
    for box in ("passport_valid", "medical_check", "orientation_done"):
        await page.check(f"input[name={box}]")
    await page.click("#prescreening button[type=submit]")
    await page.wait_for_load_state()
    await visitor.shot("prescreened")
    assert t("Pre-screening is complete", "Предварительная проверка пройдена") in \
        await page.inner_text(".flash")

    # Matches from the profile, explained; the vacancy reaches them through the index.
    card = f"article.result[data-vacancy='{vacancy['id']}']"
    await relay_index(db, [vacancy["id"]])
    await visitor.goto(f"/centre/migrants/{migrant_id}/matches?q={tag}")
    assert await page.locator(card).count() == 1, "the vacancy is not among the matches"
    await visitor.shot("matches")
    # What was searched, in the page's language: the profile's occupation as the
    # language names it, not as registered.
    assert t("cook", "повар") in (await page.inner_text("form.search .hint")).lower()
    await page.click(f"{card} details.why summary")
    why = await page.inner_text(f"{card} details.why")
    assert "plov" in why
    # The worker reads why: the occupation is the profile's, the languages the migrant's.
    assert t("The profile's occupation", "Профессия из анкеты") in why
    assert t(f"Languages {name} speaks well enough", f"Языки, которыми {name} владеет") in why
    assert t("(the migrant's level: B2)", "(уровень мигранта: B2)") in why
    assert t("you speak", "вы владеете") not in why
    assert t("you have", "у вас") not in why
    await page.click(f"{card} form.refer button")
    await page.wait_for_url("**/centre/referrals/*")
    await visitor.shot("referred")
    assert _shared(visitor, "Referred") in await page.inner_text("#state.referred")
    referral_url = page.url

    # Free-text search with the migrant: the job already referred to offers the referral,
    # not a second one. The box asks the worker what to look for, not what they look for.
    await visitor.goto(f"/centre/search?migrant={migrant_id}")
    assert t("What work to look for", "Какую работу искать") in \
        await page.inner_text("label[for=f-q]")
    assert t("Languages the migrant speaks", "Языки, которыми владеет мигрант") in \
        await page.content()  # folded behind "Filters" on a phone
    await page.fill("#f-q", f"cook {tag}")
    await page.click("form.search button[type=submit]")
    await page.wait_for_selector(card)
    await visitor.shot("search")
    # The chosen migrant's languages explain the result, as on the matches.
    await page.click(f"{card} details.why summary")
    assert t(f"Languages {name} speaks well enough", f"Языки, которыми {name} владеет") in \
        await page.inner_text(f"{card} details.why")
    assert await page.locator(f"{card} form.refer").count() == 0
    already = page.locator(f"{card} .referred a")
    assert t("is already referred to this job", "направление на эту работу уже есть") in \
        await already.inner_text()
    assert referral_url.endswith(str(await already.get_attribute("href")))

    # The migrant's page follows the referral and its state.
    await visitor.goto(f"/centre/migrants/{migrant_id}")
    await visitor.shot("migrant-with-referral")
    row = page.locator("#referrals tr[data-referral]")
    assert await row.count() == 1
    assert _shared(visitor, "Referred") in await row.inner_text()
    assert referral_url.endswith(str(await row.get_attribute("data-referral")))
    await visitor.goto("/centre")
    await visitor.shot("home")
    assert vacancy["title"] in await page.inner_text("main")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_file_a_dispute_with_evidence_and_follow_the_case(
        visit: Any, client: httpx.AsyncClient, admin: dict[str, str],
        regulator: dict[str, str], db: asyncpg.Connection, language: str) -> None:
    centre = await _centre(client, admin, db)
    migrant = await _migrant(client, centre)
    agency, _licence = await active_licence(client, regulator)
    country, region = fresh_country(), unique("Oblast ")
    mission = await new_mission(client, admin, country)
    body = await new_body(client, admin, country)
    await new_rule(client, regulator, country=country, mission_id=mission.id, region=region,
                   settlement_body_id=body.id)
    other = await _centre(client, admin, db)
    stranger = await _migrant(client, other)

    visitor = await visit(language, mobile=language == "en")
    page, t = visitor.page, visitor.t
    await visitor.login(centre.email, PASSWORD)
    await visitor.goto(f"/centre/migrants/{migrant['id']}")
    await page.click(f"a[href='/centre/disputes/new?migrant={migrant['id']}']")
    await visitor.shot("dispute-form")
    await page.select_option("#f-kind", "unpaid_wages")
    description = "No wages were paid for the last three months on the site."
    await page.fill("#f-description", description)
    await page.fill("#f-claimed_amount", "1200")
    await page.select_option("#f-claimed_currency", "USD")
    await page.select_option("#f-agency_id", str(agency.id))
    await page.fill("#f-employer_name", "Stroy Montazh")
    await page.select_option("#f-country", country)
    await page.fill("#f-region", region)

    # A text file named like a PDF: refused by its content, beside the file field; the
    # rest of the form is kept and nothing is filed.
    await page.set_input_files("#f-files", [{"name": "contract.pdf", "mimeType":
                                             "application/pdf", "buffer": b"just some text"}])
    await page.click("button[type=submit].primary")
    await visitor.shot("dispute-refused")
    assert "contract.pdf" in await _error(visitor, "files")
    assert t("accepted types", "допустимым типам") in await _error(visitor, "files")
    assert await page.input_value("#f-description") == description
    assert await page.input_value("#f-region") == region
    filed = await client.get("/disputes", headers=centre.headers)
    assert filed.status_code == 200 and filed.json() == [], filed.text

    await page.set_input_files("#f-files", [
        {"name": "contract.pdf", "mimeType": "application/pdf", "buffer": PDF},
        {"name": "payslip.png", "mimeType": "image/png", "buffer": PNG}])
    await page.click("button[type=submit].primary")
    await page.wait_for_url("**/centre/disputes/*")
    await visitor.shot("case")
    assert t("is filed", "подана") in await page.inner_text(".flash")
    assert t("Assigned to an attaché", "Передано атташе") in await page.inner_text("#state")
    assert mission.attaches[0].email in await page.inner_text("#attache")
    assert t("by", "до") in await page.inner_text("#deadline")
    history = await page.inner_text("#history")
    assert t("Filed", "Подано") in history
    assert t("Assigned to a labour attaché", "Передано трудовому атташе") in history
    evidence = await page.inner_text("#evidence")
    assert "contract.pdf" in evidence and "payslip.png" in evidence
    link = page.locator("#evidence a", has_text="contract.pdf")
    download = await page.request.get(visitor.base_url + str(await link.get_attribute("href")))
    assert download.status == 200 and (await download.body()) == PDF

    case_id = page.url.rstrip("/").rsplit("/", 1)[1]
    await visitor.goto("/centre/disputes")
    await visitor.shot("cases")
    assert await page.locator(f"tr[data-case='{case_id}']").count() == 1

    # The migrant's page follows the case; a correction to the profile keeps the rest.
    await visitor.goto(f"/centre/migrants/{migrant['id']}")
    await visitor.shot("migrant-with-case")
    row = page.locator("#cases tr[data-case]")
    assert await row.count() == 1
    assert t("Assigned to an attaché", "Передано атташе") in await row.inner_text()
    await page.click(f"a[href='/centre/migrants/{migrant['id']}/edit']")
    # A number without its country code is refused, naming what to write.
    await page.fill("#f-phone", "0700 654321")
    await page.click("button[type=submit].primary")
    await visitor.shot("edit-refused")
    assert t("with its country code", "с кодом страны") in await _error(visitor, "phone")
    await page.fill("#f-phone", "+996 700 654321")
    await page.click("button[type=submit].primary")
    await page.wait_for_url(f"**/centre/migrants/{migrant['id']}")
    await visitor.shot("edited")
    assert t("profile is saved", "Анкета сохранена") in await page.inner_text(".flash")
    profile = await page.inner_text("#profile")
    # Kept in the one spelling notices are sent to.
    assert "+996 700 654 321" in profile and t("cook", "повар") in profile.lower()

    # Another centre's migrant, its matches and a dispute form for it read as absent.
    for path in (f"/centre/migrants/{stranger['id']}",
                 f"/centre/migrants/{stranger['id']}/matches",
                 f"/centre/migrants/{stranger['id']}/edit",
                 f"/centre/disputes/new?migrant={stranger['id']}",
                 f"/centre/search?migrant={stranger['id']}"):
        response = await visitor.goto(path)
        assert response.status == 404, path
    await visitor.shot("other-centre")
    assert stranger["full_name"] not in await page.inner_text("main")


async def test_a_search_with_a_migrant_not_pre_screened_offers_no_referral(
        client: httpx.AsyncClient, admin: dict[str, str], regulator: dict[str, str],
        db: asyncpg.Connection) -> None:
    """The page said «any result can be referred at once» and offered «Refer» under each
    job, which the service then refused for want of a medical check."""
    tag = unique()
    centre = await _centre(client, admin, db)
    migrant = await _migrant(client, centre)
    checked = await client.put(f"/migrants/{migrant['id']}/prescreening", headers=centre.headers,
                               json={"passport_valid": True, "medical_check": False,
                                     "orientation_done": True, "skills_test_passed": True})
    assert not checked.json()["prescreening"]["complete"], checked.text
    agency, _licence = await active_licence(client, regulator)
    vacancy = await vacancy_in(
        client, "published", agency=agency, attache_headers=await attache(client, admin, "RU"),
        employer_id=(await employer(client, agency, "RU"))["id"], title=f"Canteen cook {tag}")
    await relay_index(db, [vacancy["id"]])
    cookie = {"Cookie": f"vetted_session={centre.headers['Authorization'].split()[1]}",
              "Accept-Language": "ru"}
    page = await client.get("/centre/search", params={"migrant": migrant["id"], "q": tag},
                            headers=cookie)
    assert page.status_code == 200
    assert f'data-vacancy="{vacancy["id"]}"' in page.text
    assert 'class="refer"' not in page.text
    assert "можно сразу направить" not in page.text
    assert "Предварительная проверка ещё не пройдена" in page.text
    assert "Медицинский осмотр" in page.text


async def test_a_search_with_more_jobs_than_a_page_shows_the_rest_with_the_migrant_kept(
        visit: Any, client: httpx.AsyncClient, admin: dict[str, str],
        regulator: dict[str, str], db: asyncpg.Connection) -> None:
    """The centre's search shows the first 20 jobs and says they are the first; asking for
    more shows the rest, still searching with the migrant chosen (each job can be referred
    at once), and a page that holds them all offers no more. The migrant, registered as a
    `driver` (a word for several trades), is named so in the page's language."""
    tag = unique()
    centre = await _centre(client, admin, db)
    migrant = await _migrant(client, centre, occupation="driver")
    checked = await client.put(f"/migrants/{migrant['id']}/prescreening", headers=centre.headers,
                               json={"passport_valid": True, "medical_check": True,
                                     "orientation_done": True, "skills_test_passed": True})
    assert checked.json()["prescreening"]["complete"], checked.text
    verifier = await attache(client, admin, "RU")
    agency, _licence = await active_licence(client, regulator)
    hirer = await employer(client, agency, "RU")
    ids = {(await vacancy_in(
        client, "published", agency=agency, attache_headers=verifier,
        employer_id=hirer["id"], title=f"Canteen cook {tag} {n}", occupation="cook",
        skills=["plov"], description=f"Cooking plov for a building-site canteen {tag}."))["id"]
        for n in range(21)}
    await relay_index(db, list(ids))
    visitor = await visit("ru", mobile=True)
    page = visitor.page
    await visitor.login(centre.email, PASSWORD)
    await visitor.goto(f"/centre/search?migrant={migrant['id']}&q={tag}")
    await visitor.shot("search-first-page")

    def shown() -> Any:
        return page.locator("article.result").evaluate_all(
            "cards => cards.map(c => Number(c.dataset.vacancy))")

    first = await shown()
    assert len(first) == 20 and set(first) <= ids
    assert "Первые 20" in await page.locator("main").inner_text()
    async with page.expect_navigation():
        await page.click("#more-jobs")
    # The page opens at the first job not shown before, not at its top.
    assert page.url.endswith("#more-from")
    await page.wait_for_function("window.scrollY > 0")
    await visitor.shot("search-more")
    every = await shown()
    assert every[:20] == first and set(every) == ids
    assert await page.locator("#more-jobs").count() == 0
    assert await page.locator("#with-migrant").count() == 1
    assert await page.locator("article.result form.refer").count() == len(ids)
    assert await page.locator("#f-q").input_value() == tag
    assert "водитель" in await page.inner_text("#with-migrant")

    # Referring from a job without a migrant chosen: the migrants offered are named in
    # the page's language too.
    await visitor.goto(f"/centre/refer?vacancy={first[0]}")
    # A monthly wage says so, once: not again as its monthly equivalent.
    assert (await page.inner_text("#vacancy")).count("в месяц") == 1
    offered = await page.locator("#f-migrant_id option").all_inner_texts()
    assert any(migrant["full_name"] in o and "водитель" in o for o in offered), offered


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_same_complaint_again_joins_the_open_case(
        visit: Any, client: httpx.AsyncClient, admin: dict[str, str],
        regulator: dict[str, str], db: asyncpg.Connection, language: str) -> None:
    centre = await _centre(client, admin, db)
    migrant = await _migrant(client, centre)
    agency, _licence = await active_licence(client, regulator)
    country, region = fresh_country(), unique("Oblast ")
    mission = await new_mission(client, admin, country)
    await new_rule(client, regulator, country=country, mission_id=mission.id, region=region)
    first = await client.post("/disputes", headers=centre.headers, json={
        "kind": "unpaid_wages", "migrant_id": migrant["id"], "agency_id": agency.id,
        "country": country, "region": region,
        "description": "No wages were paid for the last three months on the site."})
    assert first.status_code == 201, first.text
    case = first.json()

    visitor = await visit(language)
    page, t = visitor.page, visitor.t
    await visitor.login(centre.email, PASSWORD)
    await visitor.goto(f"/centre/disputes/new?migrant={migrant['id']}")
    await page.select_option("#f-kind", "unpaid_wages")
    statement = "Still unpaid: the employer now says the agency has the money."
    await page.fill("#f-description", statement)
    await page.select_option("#f-agency_id", str(agency.id))
    await page.select_option("#f-country", country)
    await page.fill("#f-region", region)
    await page.set_input_files("#f-files", [
        {"name": "payslip.exe", "mimeType": "application/pdf", "buffer": PDF}])
    await page.click("button[type=submit].primary")
    await page.wait_for_url(f"**/centre/disputes/{case['id']}*")
    await visitor.shot("joined")
    flash = await page.inner_text(".flash")
    # The case number keeps together on a narrow screen: its hyphens do not break.
    assert case["reference"].replace("-", "\u2011") in flash
    assert t("already has an open case", "уже есть нерассмотренная жалоба") in flash
    history = await page.inner_text("#history")
    assert t("Filed again", "Повторная подача") in history and statement in history
    # Its file went to that case, named after what it is.
    assert "payslip.pdf" in await page.inner_text("#evidence")
    listed = await client.get("/disputes", headers=centre.headers)
    assert [d["id"] for d in listed.json()] == [case["id"]]


async def test_a_job_never_verified_is_not_said_to_be_closed_to_referrals(
        visit: Any, client: httpx.AsyncClient, admin: dict[str, str],
        regulator: dict[str, str], db: asyncpg.Connection) -> None:
    """A vacancy that never was open reads as one that is not verified or published, not as
    one that is "no longer" open; one that was published and then closed still does."""
    tag = unique()
    centre = await _centre(client, admin, db)
    migrant = await _migrant(client, centre)
    published = await _published_cook(client, admin, regulator, tag)
    verifier = await attache(client, admin, "RU")
    agency, _licence = await active_licence(client, regulator)
    hirer = await employer(client, agency, "RU")
    never = await vacancy_in(client, "submitted", agency=agency, attache_headers=verifier,
                             employer_id=hirer["id"], title=f"Porter {tag}",
                             occupation="porter")
    visitor = await visit("ru")
    await visitor.login(centre.email, PASSWORD)
    await visitor.goto(f"/centre/refer?vacancy={published['id']}&migrant={migrant['id']}")
    form = visitor.page.locator("form[action='/centre/referrals']")
    sent = {name: str(await form.locator(f"input[name={name}]").get_attribute("value"))
            for name in ("csrf_token", "form_token")}
    refused = await visitor.page.request.post(
        visitor.base_url + "/centre/referrals",
        form=sent | {"vacancy_id": str(never["id"]), "migrant_id": str(migrant["id"])})
    page = await refused.text()
    assert "На эту вакансию больше нельзя направить." not in page
    assert "направляют только на проверенные, опубликованные" in page

    # Published once, then closed: "no longer" is true of it.
    closed = await vacancy_in(client, "published", agency=agency, attache_headers=verifier,
                              employer_id=hirer["id"], title=f"Loader {tag}",
                              occupation="porter")
    await moved(client, agency.headers, closed["id"], "close")
    refused = await visitor.page.request.post(
        visitor.base_url + "/centre/referrals",
        form=sent | {"vacancy_id": str(closed["id"]), "migrant_id": str(migrant["id"])})
    assert "На эту вакансию больше нельзя направить." in await refused.text()


async def test_a_stale_refer_button_leads_to_the_referral_made_meanwhile(
        visit: Any, client: httpx.AsyncClient, admin: dict[str, str],
        regulator: dict[str, str], db: asyncpg.Connection) -> None:
    """Referring from a tab opened before the migrant was referred said «already referred
    (referral 8)» with no way to it, under the same «Refer» button, which only said it
    again; and the job's wage there said no period («140 000 ₽»)."""
    tag = unique()
    centre = await _centre(client, admin, db)
    migrant = await _migrant(client, centre)
    checked = await client.put(f"/migrants/{migrant['id']}/prescreening", headers=centre.headers,
                               json={"passport_valid": True, "medical_check": True,
                                     "orientation_done": True, "skills_test_passed": True})
    assert checked.json()["prescreening"]["complete"], checked.text
    agency, _licence = await active_licence(client, regulator)
    hourly = await vacancy_in(
        client, "published", agency=agency, attache_headers=await attache(client, admin, "RU"),
        employer_id=(await employer(client, agency, "RU"))["id"], title=f"Canteen cook {tag}",
        wage={"amount": "700.00", "currency": "RUB", "period": "hour"})
    visitor = await visit("ru")
    page = visitor.page
    await visitor.login(centre.email, PASSWORD)
    await visitor.goto(f"/centre/refer?vacancy={hourly['id']}&migrant={migrant['id']}")
    wage = (await page.inner_text("#vacancy")).replace("\xa0", " ")
    assert "700 ₽ в час" in wage, wage

    # Referred meanwhile from another tab; then «Refer» on this one.
    made = await client.post("/referrals", headers=centre.headers, json={
        "migrant_id": migrant["id"], "vacancy_id": hourly["id"]})
    assert made.status_code == 201, made.text
    referral = f"/centre/referrals/{made.json()['id']}"
    await page.click("form[action='/centre/referrals'] button[type=submit]")
    await page.wait_for_load_state()
    await visitor.shot("referred-meanwhile")
    alert = page.locator("main .form-error[role=alert]")
    assert "уже направлен на эту вакансию" in await alert.inner_text()
    assert await alert.locator("a").get_attribute("href") == referral
    assert await page.locator("form[action='/centre/referrals'] button[type=submit]").count() == 0
    already = page.locator("#referred")
    assert "Уже направлен" in await already.inner_text()
    assert await already.locator("a").get_attribute("href") == referral
    await already.locator("a").click()
    await page.wait_for_url(f"**{referral}")


async def test_a_match_paid_in_another_currency_is_not_said_to_meet_the_lowest_wage(
        visit: Any, client: httpx.AsyncClient, admin: dict[str, str],
        regulator: dict[str, str], db: asyncpg.Connection) -> None:
    """The matches said they were found by the lowest acceptable wage (100 000 ₽), and the
    first was paid in tenge: the search compares a wage of that currency only, so that job
    was never held against it."""
    tag = unique()
    centre = await _centre(client, admin, db)
    migrant = await _migrant(client, centre, desired_countries=["RU", "KZ"],
                             min_wage={"amount": "100000", "currency": "RUB"})
    checked = await client.put(f"/migrants/{migrant['id']}/prescreening", headers=centre.headers,
                               json={"passport_valid": True, "medical_check": True,
                                     "orientation_done": True, "skills_test_passed": True})
    assert checked.json()["prescreening"]["complete"], checked.text
    agency, _licence = await active_licence(client, regulator)
    jobs = {}
    for country, city, wage in (("RU", "Moscow", {"amount": "120000.00", "currency": "RUB"}),
                                ("KZ", "Almaty", {"amount": "480000.00", "currency": "KZT"})):
        jobs[country] = await vacancy_in(
            client, "published", agency=agency, attache_headers=await attache(client, admin,
                                                                              country),
            employer_id=(await employer(client, agency, country, city=city))["id"],
            country=country, city=city, title=f"Canteen cook {tag}", occupation="cook",
            skills=["plov"], description=f"Cooking plov for a building-site canteen {tag}.",
            wage=wage | {"period": "month"})
    await relay_index(db, [v["id"] for v in jobs.values()])
    visitor = await visit("ru")
    page = visitor.page
    await visitor.login(centre.email, PASSWORD)
    await visitor.goto(f"/centre/migrants/{migrant['id']}/matches?q={tag}")
    why = {}
    for country, job in jobs.items():
        card = f"article.result[data-vacancy='{job['id']}']"
        await page.click(f"{card} details.why summary")
        why[country] = (await page.inner_text(f"{card} details.why")).replace("\xa0", " ")
    await visitor.shot("matches-in-two-currencies")
    assert "Зарплата в другой валюте (KZT): с минимальной приемлемой (100 000 ₽) не " \
        "сравнивалась" in why["KZ"], why["KZ"]
    assert "не ниже минимальной приемлемой" not in why["KZ"]
    assert "Зарплата в месяц не ниже минимальной приемлемой (100 000 ₽)" in why["RU"], why["RU"]
    assert "в другой валюте" not in why["RU"]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_finding_the_agency_keeps_what_the_worker_typed(
        visit: Any, client: httpx.AsyncClient, admin: dict[str, str],
        regulator: dict[str, str], db: asyncpg.Connection, language: str) -> None:
    """Looking the agency up by name after writing down what happened loses none of it: the
    search is a button of the filing form, which comes back with the agency found chosen
    and, filed then, files the case once."""
    centre = await _centre(client, admin, db)
    migrant = await _migrant(client, centre)
    tag = unique()
    agency, _licence = await active_licence(client, regulator,
                                            name=f"Tengri Labour Export {tag}")
    country, region = fresh_country(), unique("Oblast ")
    mission = await new_mission(client, admin, country)
    await new_rule(client, regulator, country=country, mission_id=mission.id, region=region)

    visitor = await visit(language, mobile=language == "ru")
    page, t = visitor.page, visitor.t
    await visitor.login(centre.email, PASSWORD)
    await visitor.goto(f"/centre/disputes/new?migrant={migrant['id']}")
    description = "The agency took 800 dollars and never sent the migrant to the job."
    await page.select_option("#f-kind", "recruitment_fees")
    await page.fill("#f-description", description)
    await page.fill("#f-claimed_amount", "800")
    await page.select_option("#f-claimed_currency", "USD")
    await page.select_option("#f-country", country)
    await page.fill("#f-region", region)
    await page.fill("#f-agency_q", f"tengri labour export {tag}")
    async with page.expect_navigation():
        await page.click("#agency-search button")
    await visitor.shot("agency-found")
    assert f"Tengri Labour Export {tag}" in await page.inner_text("#agency-results")
    assert await page.input_value("#f-agency_id") == str(agency.id)
    # Chosen already: not told to choose it.
    assert await page.locator("#choose-agency").count() == 0
    assert await page.input_value("#f-kind") == "recruitment_fees"
    assert await page.input_value("#f-description") == description
    assert await page.input_value("#f-claimed_amount") == "800"
    assert await page.input_value("#f-claimed_currency") == "USD"
    assert await page.input_value("#f-country") == country
    assert await page.input_value("#f-region") == region
    assert await page.input_value("#f-agency_q") == f"tengri labour export {tag}"
    filed = await client.get("/disputes", headers=centre.headers)
    assert filed.status_code == 200 and filed.json() == [], filed.text

    async with page.expect_navigation():
        await page.click("#dispute-form button.primary")
    assert "/centre/disputes/" in page.url and "/new" not in page.url
    assert t("is filed", "подана") in await page.inner_text(".flash")
    listed = await client.get("/disputes", headers=centre.headers)
    assert [d["agency_id"] for d in listed.json()] == [agency.id], listed.text
