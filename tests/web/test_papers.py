"""The papers in a browser: a job's page says how to apply and prints as a card without the
site's header (print media emulated), on a desktop and a phone; the migrant's referral slip
prints the same way."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.async_api import expect

from tests import factories_disputes as fd
from tests.conftest import PASSWORD, unique
from tests.factories_vacancies import employer, licensed_agency, vacancy_in
from tests.web.conftest import LANGUAGES


@pytest.fixture
async def job(client: httpx.AsyncClient, regulator: dict[str, str],
              admin: dict[str, str]) -> dict[str, Any]:
    """A published job of a licensed agency, in a country whose mission has a hotline, and a
    migrant referred to it."""
    country = fd.fresh_country()
    agency, licence = await licensed_agency(client, regulator, [country])
    mission = await fd.new_mission(client, admin, country)
    boss = await employer(client, agency, country)
    vacancy = await vacancy_in(
        client, "published", agency=agency, attache_headers=mission.attaches[0].headers,
        employer_id=boss["id"], country=country, title=f"Plasterer {unique()}",
        wage={"amount": "90000.00", "currency": "RUB", "period": "month"})
    centre = await fd.new_centre(client, admin)
    migrant = await fd.new_migrant(client, centre, prescreened=True)
    referral = fd.ok(await client.post("/referrals", headers=centre.headers, json={
        "migrant_id": migrant.id, "vacancy_id": vacancy["id"]}), 201)
    return {"vacancy": vacancy, "licence": licence["number"], "referral": referral,
            "email": migrant.record["email"], "name": migrant.record["full_name"]}


async def _printed_without_header(visitor: Any, shown: str) -> None:
    """On screen the header is there; printed, it is gone and `shown` stays."""
    page = visitor.page
    await expect(page.locator("header.top")).to_be_visible()
    await page.emulate_media(media="print")
    await expect(page.locator("header.top")).to_be_hidden()
    await expect(page.locator("footer")).to_be_hidden()
    await expect(page.locator(shown)).to_be_visible()
    color = await page.evaluate("getComputedStyle(document.body).color")
    background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (color, background) == ("rgb(0, 0, 0)", "rgb(255, 255, 255)")
    await visitor.shot("printed")
    await page.emulate_media(media="screen")


@pytest.mark.parametrize("mobile", [False, True], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_job_page_says_how_to_apply_and_prints_as_a_card(
        visit: Any, job: dict[str, Any], language: str, mobile: bool) -> None:
    visitor = await visit(language, mobile=mobile)
    await visitor.goto(f"/jobs/{job['vacancy']['id']}")
    apply = visitor.page.locator("#apply")
    await expect(apply).to_be_visible()
    await expect(apply.locator("h2")).to_have_text(visitor.t("How to apply", "Как откликнуться"))
    await expect(apply).to_contain_text(job["licence"])
    await expect(apply).to_contain_text("+7 495 123 4567")
    await expect(visitor.page.locator("#apply-warnings")).to_contain_text(visitor.t(
        "Never hand over your passport", "Никогда не отдавайте свой паспорт"))
    await expect(visitor.page.locator("#card-pdf")).to_have_attribute(
        "href", f"/jobs/{job['vacancy']['id']}/card.pdf")
    await visitor.shot("job")
    if mobile:
        used = await visitor.page.evaluate("document.documentElement.scrollWidth")
        assert used <= 390, f"the job page is {used}px wide on a 390px screen"
    await _printed_without_header(visitor, "#apply")
    await expect(visitor.page.locator("#card-actions")).to_be_visible()  # back on screen
    # The button to check the code is left off paper: the address it opens is printed.
    address = visitor.page.locator("#check-address")
    await expect(address).to_be_hidden()
    await visitor.page.emulate_media(media="print")
    await expect(address).to_be_visible()
    await expect(address).to_contain_text("/check?code=")
    await visitor.page.emulate_media(media="screen")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_migrant_prints_the_referral_slip(visit: Any, job: dict[str, Any],
                                                   language: str) -> None:
    visitor = await visit(language, mobile=True)
    await visitor.login(job["email"], PASSWORD)
    await visitor.goto("/me/referrals")
    await visitor.page.click(f"tr[data-referral='{job['referral']['id']}'] a.paper-link")
    await expect(visitor.page.locator("#reference")).to_have_text(f"R-{job['referral']['id']}")
    await expect(visitor.page.locator("#paper")).to_contain_text(job["name"])
    await expect(visitor.page.locator("#paper-warnings")).to_contain_text(visitor.t(
        "The referral is free", "Направление бесплатно"))
    await visitor.shot("slip")
    await _printed_without_header(visitor, "#paper")
