"""A regulator suspends an agency's licence in the browser; the centre's referral page, the
migrant's pages, the agency's referrals and the attaché's case say in words what it means,
and the job link explains why the job is not offered instead of "not found"."""

from __future__ import annotations

import html
import re
from typing import Any

import httpx
import pytest

from disputes import tasks as dispute_tasks
from tests import factories_disputes as fd
from tests import factories_matching as fm
from tests.conftest import (
    PASSWORD,
    active_licence,
    bearer,
    create_user_direct,
    relay_index,
    token_for,
    unique,
)
from tests.factories_vacancies import attache, employer, vacancy_in
from tests.web.conftest import LANGUAGES
from tests.web.test_admin_accounts import TOKENS, _browser


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
    # The worker marks the agency's open case (it runs one task at a time: this waits).
    dispute_tasks.relay_licence_standing.delay().get(timeout=180)
    hold_step = ("The agency's licence is not in force; the case goes on",
                 "Лицензия агентства не действует; рассмотрение дела продолжается")
    suspended = ("The agency's licence is suspended.", "Лицензия агентства приостановлена.")

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
    # The case's own history has the hold, in the page's words.
    await centre.goto(f"/centre/disputes/{story['case']['id']}")
    await centre.shot("centre-case-history")
    history = await page.inner_text("#history")
    assert t(*hold_step) in history and t(*suspended) in history
    assert "the licence is suspended" not in history

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
    await own.goto(f"/me/disputes/{story['case']['id']}")
    await own.shot("migrant-case-history")
    history = await page.inner_text("#history")
    assert t(*hold_step) in history and t(*suspended) in history

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
    step = mission.page.locator("#history tr.event-licence_hold")
    assert mission.t(*hold_step) in await step.inner_text()
    assert mission.t(*suspended) in await step.inner_text()
    assert mission.t("system", "система") in await step.inner_text()


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


async def test_ending_a_watchlist_entry_stops_the_migrants_warning_at_once(
        app: Any, client: httpx.AsyncClient, db: Any, regulator: dict[str, str],
        story: dict[str, Any]) -> None:
    """An entry could not be ended: the employer's job stayed hidden and its migrant warned
    until the listing's date, whatever the regulator learnt."""
    referral, vacancy = story["referral"], story["vacancy"]
    listed = await client.post("/watchlist/employers", headers=regulator, json={
        "name": vacancy["employer_name"], "country": "RU",
        "reason": "wages withheld from its workers"})
    assert listed.status_code == 201, listed.text
    entry = listed.json()["id"]
    migrant = bearer(await token_for(client, story["migrant_email"]))
    shown = await client.get(f"/referrals/{referral['id']}", headers=migrant)
    assert shown.json()["employer_watchlisted"] is True

    async with _browser(app, await token_for(client, story["regulator_email"]), "ru") as page:
        url = f"/ministry/watchlist/{entry}/end"
        row = re.search(rf'<tr id="listing-{entry}">(.*?)</tr>',
                        (await page.get("/ministry/watchlist")).text, re.S)
        assert row and f'action="{url}"' in row.group(1)
        tokens = dict(TOKENS.findall(row.group(1).split(url)[1]))
        # No reason: refused beside the field, in Russian, and the entry stays.
        refused = await page.post(url, data={**tokens, "reason": ""})
        assert refused.status_code == 422
        assert f'id="e-end-reason-{entry}"' in refused.text
        assert (await client.get(f"/referrals/{referral['id']}", headers=migrant)
                ).json()["employer_watchlisted"] is True
        done = await page.post(url, data={**tokens, "reason": "the wages were paid in full"})
        assert done.status_code == 303, done.text[:800]
        after = html.unescape((await page.get("/ministry/watchlist")).text)
        assert f"Запись о {vacancy['employer_name']} в списке наблюдения завершена." in after
        assert "завершена досрочно" in after and "the wages were paid in full" in after
        # An ended entry's date cannot be moved: it would list the employer again unseen.
        moved = await page.post(f"/ministry/watchlist/{entry}/until", data={
            "csrf_token": tokens["csrf_token"], "form_token": unique(),
            "listed_until": "", "reason": "keep it listed"})
        assert moved.status_code == 409
        assert "Чтобы снова внести работодателя в список, добавьте его заново" in \
            html.unescape(moved.text)

    # At once: the referral may move on, the migrant's home page warns no more, and those
    # told when the employer was listed are told it is off.
    shown = await client.get(f"/referrals/{referral['id']}", headers=migrant)
    assert shown.json()["employer_watchlisted"] is False
    assert "interviewed" in shown.json()["allowed_moves"]
    async with _browser(app, migrant["Authorization"].split()[1], "ru") as own:
        home = await own.get("/me")
        assert home.status_code == 200 and 'data-testid="held-referral"' not in home.text
    told = fd.ok(await client.get("/notifications", headers=migrant))
    assert [n["kind"] for n in told].count("referral.employer_delisted") == 1
    agency_told = {n["kind"] for n in fd.ok(await client.get("/notifications",
                                                          headers=story["agency_headers"]))}
    assert {"referral.employer_delisted", "vacancy.employer_delisted"} <= agency_told
    # The job is offered in search again.
    await relay_index(db, [vacancy["id"]])
    found = fd.ok(await client.get("/search/vacancies",
                                params={"q": vacancy["title"], "mode": "keyword"}))
    assert vacancy["id"] in [r["vacancy"]["id"] for r in found["results"]]
    audited = await db.fetchrow(
        "SELECT action, from_state, to_state, reason, actor_role FROM audit_entry "
        "WHERE entity_type = 'watchlisted_employer' AND entity_id = $1 ORDER BY id DESC "
        "LIMIT 1", str(entry))
    assert tuple(audited) == ("end_watchlist", "listed", "ended",
                              "the wages were paid in full", "regulator")
