"""The migrant's own pages in a browser: the profile with the passport masked, what
pre-screening still lacks, the matches for the profile, referrals and disputes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests import factories_disputes as fd
from tests import factories_matching as fm
from tests.conftest import PASSWORD, bearer, relay_index, token_for, unique
from tests.factories_vacancies import attache, employer, licensed_agency, vacancy_in
from tests.web.conftest import LANGUAGES


async def _matched(client: httpx.AsyncClient, db: Any, migrant_id: int,
                   headers: dict[str, str], vacancy_id: int) -> None:
    """Relay the vacancy to the index (here, as the worker would); the migrant's matches
    hold it."""
    await relay_index(db, [vacancy_id])
    response = await client.get(f"/migrants/{migrant_id}/matches", headers=headers,
                                params={"k": 50})
    assert response.status_code == 200, response.text
    assert vacancy_id in {r["vacancy"]["id"] for r in response.json()["results"]}


async def _look(visitor: Any, name: str) -> None:
    """A screenshot; on a phone, also that nothing is wider than its screen."""
    await visitor.shot(name)
    width = visitor.page.viewport_size["width"]
    if width < 600:
        used = await visitor.page.evaluate("document.documentElement.scrollWidth")
        assert used <= width, f"{name}: the page is {used}px wide on a {width}px screen"


@pytest.fixture
async def migrants(client: httpx.AsyncClient, regulator: dict[str, str],
                   admin: dict[str, str], db: Any) -> dict[str, Any]:
    """A pre-screened migrant with a referral and a dispute, and one not yet screened."""
    tag = unique()
    skill = f"samsa {tag}"  # only this test's vacancy and migrant have it
    ru_attache = await attache(client, admin, "RU")
    agency, _licence = await licensed_agency(client, regulator, ["RU"])
    boss = await employer(client, agency, "RU")
    vacancy = await vacancy_in(
        client, "published", agency=agency, attache_headers=ru_attache,
        employer_id=boss["id"], title=f"Cook {tag}", occupation="Cook",
        skills=["plov", skill], languages=[{"code": "ru", "level": "A2"}],
        description="Cooking plov and baking samsa in a staff canteen in Moscow.",
        wage={"amount": "90000.00", "currency": "RUB", "period": "month"})
    place = await fd.jurisdiction(client, admin, regulator, agency)
    centre = fm.Centre(place.centre.id, place.centre.headers)

    email = f"{unique('self-')}@mail.kg"
    passport = fm.passport_number()
    ready = await fm.ready_migrant(client, centre, email=email, password=PASSWORD,
                                   skills=["plov", skill], passport_number=passport)
    waiting_email = f"{unique('new-')}@mail.kg"
    waiting = await fm.register_migrant(client, centre, email=waiting_email,
                                        password=PASSWORD)

    referral = await client.post("/referrals", headers=centre.headers,
                                 json={"migrant_id": ready["id"], "vacancy_id": vacancy["id"]})
    assert referral.status_code == 201, referral.text
    moved = await client.post(f"/referrals/{referral.json()['id']}/transitions",
                              headers=agency.headers, json={"status": "interviewed"})
    assert moved.status_code == 200, moved.text
    case = await fd.file_case(client, place, fd.Migrant(ready["id"], ready["user_id"], None,
                                                         ready))
    own = bearer(await token_for(client, email))
    await _matched(client, db, ready["id"], own, vacancy["id"])
    return {"ready": ready, "email": email, "passport": passport, "waiting": waiting,
            "waiting_email": waiting_email, "vacancy": vacancy, "skill": skill,
            "case": case, "agency_name": agency.body["legal_name"]}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_migrant_sees_the_profile_matches_referrals_and_disputes(
        visit: Any, migrants: dict[str, Any], language: str) -> None:
    # Not yet pre-screened: the home page and the matches say in words what is missing.
    visitor = await visit(language, mobile=language == "en")
    page, t = visitor.page, visitor.t
    await visitor.login(migrants["waiting_email"], PASSWORD)
    assert page.url.endswith("/me")
    await _look(visitor, "home-not-prescreened")
    screening = await page.inner_text("#prescreening")
    assert t("Not complete", "Не пройдена") in screening
    assert await page.locator("#prescreening li.missing").count() >= 3
    assert t("Medical check", "Медицинский осмотр") in screening
    await visitor.goto("/me/matches")
    await _look(visitor, "matches-not-prescreened")
    missing = await page.inner_text("#not-prescreened")
    assert t("Pre-departure orientation", "Предвыездная подготовка") in missing
    assert await page.locator("article.result").count() == 0

    # Signed out, and in again as a pre-screened migrant with a referral and a dispute.
    await visitor.menu()
    async with page.expect_navigation():
        await page.click("form[action='/logout'] button")
    ready = migrants["ready"]
    await visitor.login(migrants["email"], PASSWORD)
    await _look(visitor, "home")
    profile = await page.inner_text("#profile")
    assert ready["full_name"] in profile
    assert ready["passport_masked"] in profile
    assert migrants["passport"] not in await page.content()
    assert t("Complete", "Пройдена") in await page.inner_text("#prescreening")
    assert await page.locator("#prescreening li.missing").count() == 0
    # The notices the settings say reach them "in the app" are on their page, worded in
    # its language; the password is a click away.
    assert await page.locator("#notices li").count() >= 1
    assert await page.locator("a[href='/me/password']").count() == 1

    async with page.expect_navigation():
        await page.click("#prescreening a.button")
    card = page.locator(f"article.result[data-vacancy='{migrants['vacancy']['id']}']")
    await card.locator("summary").click()
    await _look(visitor, "matches")
    why = await card.locator(".why").inner_text()
    assert migrants["skill"] in why
    assert t("Languages you speak well enough", "Языки, которыми вы владеете") in why
    # Nothing was typed: the words the job holds are the profile's.
    assert t("you typed", "вы ввели") not in why
    assert t("of the profile", "из анкеты") in why
    # The occupation came from the profile too: the migrant did not ask for it.
    assert t("you asked for", "которую вы искали") not in why
    # The job's wage is in the currency of the lowest the migrant accepts: held against it.
    assert t("Monthly wage not below the lowest you accept (RUB 60,000)",
             "Зарплата в месяц не ниже той, на которую вы согласны (60 000 ₽)") \
        in why.replace("\xa0", " ").replace("\u202f", " "), why

    await visitor.goto("/me/referrals")
    await _look(visitor, "referrals")
    row = await page.inner_text("#referrals tbody tr")
    assert migrants["vacancy"]["title"] in row
    assert t("Interviewed", "Собеседование пройдено") in row

    await visitor.goto("/me/disputes")
    await _look(visitor, "disputes")
    case = page.locator(f"#disputes tr[data-dispute='{migrants['case']['id']}']")
    text = await case.inner_text()
    assert migrants["case"]["reference"].replace("-", "\u2011") in text
    assert migrants["agency_name"] in text
    assert t("With a labour attaché", "У трудового атташе") in text
    assert t("takes up your case by", "возьмёт ваше дело в работу до") in text
