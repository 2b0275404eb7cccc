"""A regulator suspends an agency's licence in the browser; the centre's referral page, the
migrant's pages, the agency's referrals and the attaché's case say in words what it means,
and the job link explains why the job is not offered instead of "not found"."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests import factories_disputes as fd
from tests import factories_matching as fm
from tests.conftest import PASSWORD, active_licence, create_user_direct, unique
from tests.factories_vacancies import attache, employer, vacancy_in
from tests.web.conftest import LANGUAGES


@pytest.fixture
async def story(client: httpx.AsyncClient, regulator: dict[str, str], admin: dict[str, str],
                db: Any, worker: Any) -> dict[str, Any]:
    """An agency licensed for RU with a published vacancy, a migrant with a sign-in referred
    to it by a centre, and a case against the agency with a mission's attaché."""
    agency, licence = await active_licence(client, regulator)
    boss = await employer(client, agency, "RU")
    vacancy = await vacancy_in(client, "published", agency=agency,
                               attache_headers=await attache(client, admin, "RU"),
                               employer_id=boss["id"], title=f"Cook {unique()}")
    place = await fd.jurisdiction(client, admin, regulator, agency, attaches=1)
    email = f"{unique('self-')}@mail.kg"
    migrant = await fm.ready_migrant(client, fm.Centre(place.centre.id, place.centre.headers),
                                     email=email, password=PASSWORD)
    referral = await client.post("/referrals", headers=place.centre.headers,
                                 json={"migrant_id": migrant["id"],
                                       "vacancy_id": vacancy["id"]})
    assert referral.status_code == 201, referral.text
    case = await fd.file_case(client, place, fd.Migrant(migrant["id"], migrant["user_id"],
                                                        None, migrant))
    return {"licence": licence, "vacancy": vacancy, "referral": referral.json(),
            "case": case, "migrant_email": email, "centre_email": place.centre.staff.email,
            "agency_email": agency.email, "agency_headers": agency.headers,
            "attache_email": place.mission.attaches[0].email,
            "regulator_email": await create_user_direct(db, "regulator")}


async def _submit(visitor: Any, form: str) -> None:
    async with visitor.page.expect_navigation():
        await visitor.page.click(f"{form} button[type=submit]")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_suspension_is_explained_on_every_page_that_shows_the_referral(
        visit: Any, story: dict[str, Any], language: str) -> None:
    referral, vacancy = story["referral"], story["vacancy"]

    # The regulator suspends the licence.
    official = await visit(language)
    await official.login(story["regulator_email"], PASSWORD)
    await official.goto(f"/ministry/licences/{story['licence']['id']}")
    await official.page.fill("#f-suspend-reason", "Wages withheld from migrants")
    await _submit(official, "#act-suspend")
    await official.shot("suspended")
    assert await official.page.inner_text("#licence-status") == official.t(
        "Suspended", "Приостановлена")

    # The centre's referral page says what it means, and the job link explains itself.
    centre = await visit(language)
    page, t = centre.page, centre.t
    await centre.login(story["centre_email"], PASSWORD)
    await centre.goto(f"/centre/referrals/{referral['id']}")
    await centre.shot("centre-referral")
    note = await page.inner_text("[data-testid=licence-hold]")
    assert t("The agency's licence is suspended.", "Лицензия агентства приостановлена.") in note
    assert t("cannot move on until the licence is active again",
             "не может продвинуться дальше, пока лицензия снова не начнёт действовать") in note
    assert t("Tell the migrant not to sign anything",
             "Предупредите мигранта, чтобы он сейчас ничего не подписывал") in note
    async with page.expect_navigation() as answer:
        await page.click(f"a[href='/jobs/{vacancy['id']}']")
    await centre.shot("centre-job-link")
    assert (await answer.value).status == 200
    assert await page.inner_text("h1") == t("This job is not offered now",
                                            "Эта вакансия сейчас не предлагается")
    assert await page.inner_text("#held-because") == t(
        "The agency's licence is suspended.", "Лицензия агентства приостановлена.")
    await centre.goto("/centre/referrals")
    await centre.shot("centre-referrals")
    row = await page.inner_text(f"tr[data-referral='{referral['id']}']")
    assert t("Licence suspended", "Лицензия приостановлена") in row

    # The migrant's own pages tell them not to sign or pay, and that the centre helps.
    own = await visit(language, mobile=True)
    page, t = own.page, own.t
    await own.login(story["migrant_email"], PASSWORD)
    await own.shot("migrant-home")
    held = await page.inner_text("[data-testid=held-referral]")
    assert vacancy["title"] in held
    assert t("Do not sign anything with this agency or pay it anything now.",
             "Сейчас ничего не подписывайте с этим агентством и ничего ему не платите.") in held
    assert t("Your migrant resource centre will help you.",
             "Ваш центр поддержки мигрантов вам поможет.") in held
    await own.goto("/me/referrals")
    await own.shot("migrant-referrals")
    row = await page.inner_text(f"tr[data-referral='{referral['id']}']")
    assert t("Licence suspended", "Лицензия приостановлена") in row
    assert t("Your referral waits until the licence is active again.",
             "Направление подождёт, пока лицензия снова не начнёт действовать.") in row
    await own.goto(f"/jobs/{vacancy['id']}")
    await own.shot("migrant-job-link")
    assert t("Do not sign anything", "Сейчас ничего не подписывайте") in await page.inner_text(
        "#held-means")
    await own.goto("/me/disputes")
    await own.shot("migrant-disputes")
    assert t("Your dispute goes on", "Рассмотрение вашей жалобы продолжается") in \
        await page.inner_text(f"tr[data-dispute='{story['case']['id']}']")

    # The agency sees why it cannot move the referral on, and only turning it down is left.
    staff = await visit(language)
    page, t = staff.page, staff.t
    await staff.login(story["agency_email"], PASSWORD)
    await staff.goto("/agency/referrals")
    await staff.shot("agency-referrals")
    row = page.locator(f"#referral-{referral['id']}")
    assert t("until your licence is active again",
             "пока ваша лицензия снова не начнёт действовать") in await row.inner_text()
    assert await row.locator("button[value=interviewed]").count() == 0
    assert await row.locator("button[value=rejected]").count() == 1
    # Its published vacancy is hidden, and the page says so rather than "migrants can
    # find it"; its code is no longer one to print.
    await staff.goto(f"/agency/vacancies/{vacancy['id']}")
    hidden = await page.inner_text("#hidden-by-licence")
    assert t("Hidden from search: the agency's licence is suspended",
             "Скрыта из поиска: лицензия агентства — приостановлена") in hidden
    assert t("Print this code", "Напечатайте этот код") not in await page.inner_text("main")

    # The attaché's case goes on.
    mission = await visit(language)
    await mission.login(story["attache_email"], PASSWORD)
    await mission.goto(f"/mission/cases/{story['case']['id']}")
    await mission.shot("attache-case")
    assert mission.t("The case goes on: the agency still answers for it.",
                     "Рассмотрение дела продолжается: агентство по-прежнему несёт за него "
                     "ответственность.") in await mission.page.inner_text(
        "[data-testid=licence-hold]")


async def test_a_watchlisted_employer_is_explained_where_its_referral_shows(
        client: httpx.AsyncClient, regulator: dict[str, str], visit: Any,
        story: dict[str, Any]) -> None:
    """The agency was refused a move its referral page still offered, and the centre and
    the migrant were not told why the referral stopped."""
    referral, vacancy = story["referral"], story["vacancy"]
    listed = await client.post("/watchlist/employers", headers=regulator, json={
        "name": vacancy["employer_name"], "country": "RU",
        "reason": "wages withheld from its workers"})
    assert listed.status_code == 201, listed.text

    staff = await visit("ru")
    await staff.login(story["agency_email"], PASSWORD)
    await staff.goto("/agency/referrals")
    await staff.shot("agency-referrals-watchlisted")
    row = staff.page.locator(f"#referral-{referral['id']}")
    assert "пока работодатель в списке наблюдения" in await row.inner_text()
    assert await row.locator("button[value=interviewed]").count() == 0
    assert await row.locator("button[value=rejected]").count() == 1

    centre = await visit("ru")
    await centre.login(story["centre_email"], PASSWORD)
    await centre.goto(f"/centre/referrals/{referral['id']}")
    await centre.shot("centre-referral-watchlisted")
    note = await centre.page.inner_text("[data-testid=employer-watchlisted]")
    assert "Работодатель в списке наблюдения." in note
    assert "Скажите мигранту ничего не подписывать" in note

    own = await visit("ru", mobile=True)
    await own.login(story["migrant_email"], PASSWORD)
    await own.shot("migrant-home-watchlisted")
    held = await own.page.inner_text("[data-testid=held-referral]")
    assert vacancy["title"] in held
    assert "Ничего не подписывайте по этой работе" in held
    assert "Москва, Россия" in held and "Moscow" not in held  # the city in the page's words
    await own.goto("/me/referrals")
    row_text = await own.page.inner_text(f"tr[data-referral='{referral['id']}']")
    assert "Работодатель в списке наблюдения" in row_text


async def test_a_migrant_at_work_for_a_watchlisted_employer_is_told_what_to_do_there(
        client: httpx.AsyncClient, regulator: dict[str, str], visit: Any,
        story: dict[str, Any]) -> None:
    """A migrant already deployed saw nothing on their pages or their slip once the employer
    was watchlisted, while the job's page warned everyone else; "do not sign" is not their
    advice either: they work there."""
    referral, vacancy = story["referral"], story["vacancy"]
    for step in ("interviewed", "offered", "contract_signed", "deployed"):
        moved = await client.post(f"/referrals/{referral['id']}/transitions",
                                  json={"status": step}, headers=story["agency_headers"])
        assert moved.status_code == 200, moved.text
    listed = await client.post("/watchlist/employers", headers=regulator, json={
        "name": vacancy["employer_name"], "country": "RU",
        "reason": "wages withheld from its workers"})
    assert listed.status_code == 201, listed.text

    at_work = "Siz allaqachon shu ish beruvchida ishlayapsiz."
    own = await visit("uz", mobile=True)
    await own.login(story["migrant_email"], PASSWORD)
    await own.shot("migrant-home-at-work-watchlisted")
    held = await own.page.inner_text("[data-testid=held-referral]")
    assert "ishingizdagi ish beruvchi kuzatuv roʻyxatida" in held
    assert at_work in held and "shikoyat bering" in held
    assert "imzo chekmang" not in held  # they signed already; that is not what to do now
    await own.goto("/me/referrals")
    row = await own.page.inner_text(f"tr[data-referral='{referral['id']}']")
    assert "Ish beruvchi kuzatuv roʻyxatida." in row and at_work in row
    await own.goto(f"/papers/referrals/{referral['id']}")
    await own.shot("referral-slip-at-work-watchlisted")
    assert f"Ish beruvchi kuzatuv roʻyxatida. {at_work}" in await own.page.inner_text("main")
