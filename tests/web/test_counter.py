"""In a browser: the centre gives a migrant without an account or e-mail a sign-in code;
the migrant signs in with it on a phone, sets a password, asks the centre to refer them to
a job from "Jobs for me", and the request reaches the centre's queue, where staff refer."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import bearer, create_user_direct, relay_index, token_for, unique
from tests.factories_vacancies import attache, employer, licensed_agency, vacancy_in
from tests.web.conftest import LANGUAGES

NEW_PASSWORD = "plov and samsa every day"


async def _fits_screen(visitor: Any, name: str) -> None:
    await visitor.shot(name)
    width = visitor.page.viewport_size["width"]
    if width < 600:
        used = await visitor.page.evaluate("document.documentElement.scrollWidth")
        assert used <= width, f"{name}: the page is {used}px wide on a {width}px screen"


@pytest.fixture
async def counter(client: httpx.AsyncClient, regulator: dict[str, str],
                  admin: dict[str, str], db: asyncpg.Connection) -> dict[str, Any]:
    """A centre with staff, a pre-screened migrant with neither account nor e-mail, and a
    published job that fits the migrant."""
    tag = unique()
    centre = await client.post("/admin/centres", headers=admin, json={
        "name": unique("Centre "), "country": "KG", "city": "Osh"})
    assert centre.status_code == 201, centre.text
    staff_email = await create_user_direct(db, "centre_staff", centre_id=centre.json()["id"])
    staff = bearer(await token_for(client, staff_email))
    migrant = await client.post("/migrants", headers=staff, json={
        "consent": True, "consent_version": "2026-01",
        "full_name": f"Aibek Toktosunov {tag}", "date_of_birth": "1990-05-06",
        "citizenship": "KG", "passport_number": unique("AC").upper(), "occupation": "Cook",
        "skills": ["plov", f"lagman {tag}"], "experience_years": "3",
        "languages": [{"code": "ru", "level": "B1"}], "education": "secondary",
        "desired_countries": ["RU"]})
    assert migrant.status_code == 201, migrant.text
    screened = await client.put(f"/migrants/{migrant.json()['id']}/prescreening",
                                headers=staff, json={"passport_valid": True,
                                                     "medical_check": True,
                                                     "orientation_done": True})
    assert screened.json()["prescreening"]["complete"], screened.text
    ru_attache = await attache(client, admin, "RU")
    agency, _licence = await licensed_agency(client, regulator, ["RU"])
    boss = await employer(client, agency, "RU")
    vacancy = await vacancy_in(
        client, "published", agency=agency, attache_headers=ru_attache,
        employer_id=boss["id"], title=f"Cook {tag}", occupation="Cook",
        skills=["plov", f"lagman {tag}"], languages=[{"code": "ru", "level": "A2"}],
        description="Cooking lagman and plov in a staff canteen in Moscow.",
        wage={"amount": "90000.00", "currency": "RUB", "period": "month"})
    await relay_index(db, [vacancy["id"]])
    return {"staff_email": staff_email, "migrant": migrant.json(), "vacancy": vacancy}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_code_from_the_counter_signs_in_and_a_request_reaches_the_queue(
        visit: Any, counter: dict[str, Any], language: str) -> None:
    from tests.conftest import PASSWORD

    migrant, vacancy = counter["migrant"], counter["vacancy"]
    staff = await visit(language)
    desk, t = staff.page, staff.t
    await staff.login(counter["staff_email"], PASSWORD)
    await staff.goto(f"/centre/migrants/{migrant['id']}")
    async with desk.expect_navigation():
        await desk.click("#give-code button")
    await staff.shot("code-slip")
    code = (await desk.inner_text("#slip-code")).strip()
    assert len(code) == 9 and code[4] == "-", code
    assert (await desk.inner_text("#slip-number")).strip() == str(migrant["id"])
    # The slip is the Kyrgyz migrant's, whatever the worker's page language: it speaks to
    # them in Kyrgyz and names the sign-in tab as their screen will.
    assert await desk.get_attribute("#sign-in-code", "lang") == "ky"
    how = await desk.inner_text("#slip-how")
    assert "«Менде борборумдан алган код бар»" in how and "Кодду эч кимге бербеңиз" in how, how
    assert t("This code is shown only now", "Код показан только сейчас") \
        in await desk.content()

    phone = await visit(language, mobile=True)
    page = phone.page
    await phone.goto("/login")
    async with page.expect_navigation():
        await page.click("a[href='/login/code']")
    await _fits_screen(phone, "code-sign-in")
    await page.fill("#f-identifier", str(migrant["id"]))
    await page.fill("#f-code", "2222-2222")
    async with page.expect_navigation():
        await page.click("#code-sign-in button[type=submit]")
    assert t("Wrong migrant number or code", "Неверный номер мигранта или код") \
        in await page.inner_text(".form-error")
    await page.fill("#f-code", code.lower())
    async with page.expect_navigation():
        await page.click("#code-sign-in button[type=submit]")
    assert page.url.endswith("/me/password"), page.url
    await _fits_screen(phone, "choose-password")
    await page.fill("#f-password", NEW_PASSWORD)
    await page.fill("#f-repeat", NEW_PASSWORD)
    async with page.expect_navigation():
        await page.click("#set-password button[type=submit]")
    assert page.url.endswith("/me"), page.url
    assert t("Your password is saved", "Пароль сохранён") in await page.inner_text(".flash")

    await phone.goto("/me/matches")
    card = page.locator(f"article.result[data-vacancy='{vacancy['id']}']")
    await _fits_screen(phone, "jobs-for-me")
    async with page.expect_navigation():
        await card.locator("form.ask-referral button").click()
    assert page.url.endswith("/me/requests"), page.url
    await _fits_screen(phone, "my-requests")
    assert t("Waiting for your centre", "Ждёт ответа центра") \
        in await page.inner_text("#my-requests")
    await phone.goto("/me/matches")
    assert await card.locator("form.ask-referral").count() == 0
    assert t("waiting for their answer", "ждём ответа") in await card.inner_text()

    await staff.goto("/centre/requests")
    await staff.shot("queue")
    row = desk.locator("#requests tr[data-request]", has_text=migrant["full_name"])
    assert vacancy["title"] in await row.inner_text()
    async with desk.expect_navigation():
        await row.locator("form[action$='/refer'] button").click()
    assert "/centre/referrals/" in desk.url, desk.url
    await staff.shot("referred")
    assert migrant["full_name"] in await desk.inner_text(".flash")

    await phone.goto("/me/requests")
    assert t("Your centre referred you", "Центр направил вас") \
        in await page.inner_text("#my-requests")

    # The code signed in once: it does not work again.
    await phone.goto("/login/code")
    await page.fill("#f-identifier", str(migrant["id"]))
    await page.fill("#f-code", code)
    async with page.expect_navigation():
        await page.click("#code-sign-in button[type=submit]")
    assert t("This code was used already", "Этот код уже использован") \
        in await page.inner_text(".form-error")
