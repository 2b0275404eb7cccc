"""Irregular recruitment in a browser, in English and Russian: the centre finds a suspended
agency by name with its licence status, then files a dispute against a recruiter who is
not in the register (a refused form names the missing phone and files nothing); the
regulator sees the recruiter in the list of unlicensed recruiters with the count of
reports and records a referral to the prosecutor."""

from __future__ import annotations

import random
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import (
    PASSWORD,
    act,
    active_licence,
    bearer,
    create_user_direct,
    token_for,
    unique,
)
from tests.factories_disputes import fresh_country, new_body, new_mission, new_rule
from tests.web.conftest import LANGUAGES


async def _centre(client: httpx.AsyncClient, admin: dict[str, str], db: asyncpg.Connection
                  ) -> tuple[str, dict[str, str]]:
    response = await client.post("/admin/centres", headers=admin, json={
        "name": unique("Centre "), "country": "KG", "city": "Osh"})
    assert response.status_code == 201, response.text
    email = await create_user_direct(db, "centre_staff", centre_id=response.json()["id"])
    return email, bearer(await token_for(client, email))


async def _migrant(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    response = await client.post("/migrants", headers=headers, json={
        "consent": True, "consent_version": "2026-01",
        "full_name": f"Aigul Sadykova {unique()}", "date_of_birth": "1991-02-03",
        "phone": "+996 555 111222", "citizenship": "KG",
        "passport_number": unique("AC").upper(), "occupation": "Cook", "skills": ["plov"],
        "experience_years": "2", "languages": [{"code": "ru", "level": "B1"}],
        "education": "secondary", "desired_countries": ["RU"]})
    assert response.status_code == 201, response.text
    record: dict[str, Any] = response.json()
    return record


@pytest.mark.parametrize("language", LANGUAGES)
async def test_centre_reports_an_unregistered_recruiter_and_the_regulator_refers_them(
        visit: Any, client: httpx.AsyncClient, admin: dict[str, str],
        regulator: dict[str, str], db: asyncpg.Connection, language: str) -> None:
    centre_email, centre = await _centre(client, admin, db)
    migrant = await _migrant(client, centre)
    country, region = fresh_country(), unique("Oblast ")
    mission = await new_mission(client, admin, country)
    body = await new_body(client, admin, country)
    await new_rule(client, regulator, country=country, mission_id=mission.id, region=region,
                   settlement_body_id=body.id)
    tag = unique()
    suspended, licence = await active_licence(client, regulator,
                                              name=f"Silk Road Recruiting {tag}")
    response = await act(client, regulator, licence["id"], "suspend", reason="fees charged")
    assert response.status_code == 200, response.text
    number = "555" + "".join(random.choice("0123456789") for _ in range(6))
    recruiter_name = f"Bakyt Toktomushev {tag}"

    visitor = await visit(language, mobile=language == "ru")
    page, t = visitor.page, visitor.t
    await visitor.login(centre_email, PASSWORD)
    await visitor.goto(f"/centre/disputes/new?migrant={migrant['id']}")
    await visitor.shot("dispute-form")

    # A suspended agency is found by name, its licence status shown beside it.
    await page.fill("#f-agency_q", f"silk road {tag}")
    await page.click("#agency-search button[type=submit]")
    await page.wait_for_load_state()
    await visitor.shot("agency-found")
    found = await page.inner_text("#agency-results")
    assert f"Silk Road Recruiting {tag}" in found
    assert t("Licence suspended", "Лицензия приостановлена") in found
    assert await page.input_value("#f-agency_id") == str(suspended.id)
    option = page.locator(f"#f-agency_id option[value='{suspended.id}']")
    assert t("Licence suspended", "Лицензия приостановлена") in await option.inner_text()

    # Not that agency: a recruiter who is not in the register, phone forgotten.
    await page.select_option("#f-agency_id", "")
    await page.select_option("#f-kind", "recruitment_fees")
    description = "Paid 800 dollars for a job on a building site that did not exist."
    await page.fill("#f-description", description)
    await page.select_option("#f-country", country)
    await page.fill("#f-region", region)
    await page.fill("#f-recruiter_name", recruiter_name)
    await page.fill("#f-recruiter_address", "Osh, Jayma bazaar, row 4")
    await page.select_option("#f-recruiter_found_via", "street_market")
    await page.click("form[enctype] button[type=submit].primary")
    await page.wait_for_load_state()
    await visitor.shot("dispute-refused")
    assert t("required", "обязательно") in await page.inner_text("#e-recruiter_phone")
    assert await page.input_value("#f-recruiter_name") == recruiter_name
    assert await page.input_value("#f-description") == description
    filed = await client.get("/disputes", headers=centre)
    assert filed.status_code == 200 and filed.json() == [], filed.text

    await page.fill("#f-recruiter_phone", f"0{number[:3]} {number[3:6]} {number[6:]}")
    await page.click("form[enctype] button[type=submit].primary")
    await page.wait_for_url("**/centre/disputes/*")
    await visitor.shot("case")
    assert t("is filed", "подана") in await page.inner_text(".flash")
    shown = await page.inner_text("#recruiter")
    assert recruiter_name in shown
    assert t("In the street or at a market", "На улице или на рынке") in shown
    assert t("Assigned to an attaché", "Передано атташе") in await page.inner_text("#state")
    case_id = page.url.rstrip("/").rsplit("/", 1)[1]

    # A second report of the same phone, written otherwise, under another name, by another
    # migrant (the same migrant's second report would join the open case).
    other = await _migrant(client, centre)
    response = await client.post("/disputes", headers=centre, json={
        "kind": "recruitment_fees", "migrant_id": other["id"], "country": country,
        "region": region, "description": "Paid a recruiter for a job that did not exist.",
        "recruiter": {"full_name": "Бакыт", "phone": f"+996 {number}",
                      "found_via": "social_media"}})
    assert response.status_code == 201, response.text

    # The regulator sees the recruiter with both reports, and refers them.
    official = await visit(language)
    await official.login(await create_user_direct(db, "regulator"), PASSWORD)
    await official.page.click("nav a[href='/ministry/unlicensed-recruiters']")
    await official.page.wait_for_load_state()
    await official.shot("recruiters")
    entry = official.page.locator(f"#recruiter-{case_id}")
    assert await entry.get_attribute("data-reports") == "2"
    text = await entry.inner_text()
    assert recruiter_name in text and "Бакыт" in text
    assert t("Reports: 2", "Сообщений: 2") in text
    assert migrant["full_name"] not in await official.page.inner_text("main")
    note = f"Letter {tag} to the Osh prosecutor"
    await entry.locator("select[name=authority]").select_option("prosecutor")
    await entry.locator("textarea[name=note]").fill(note)
    await entry.locator("button[type=submit]").click()
    await official.page.wait_for_load_state()
    await official.shot("referred")
    assert t("is recorded", "отмечена") in await official.page.inner_text(".flash")
    entry = official.page.locator(f"#recruiter-{case_id}")
    text = await entry.inner_text()
    assert note in text
    assert t("Referred to the authorities", "Передано в органы") in text
    assert t("The prosecutor's office", "Прокуратура") in text
    await official.goto("/ministry/unlicensed-recruiters")
    await official.shot("waiting")
    assert await official.page.locator(f"#recruiter-{case_id}").count() == 0
