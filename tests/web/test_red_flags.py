"""The red-flag journey in a browser, in English and Russian: the agency sees the attaché's
checks while it fills the vacancy form, the attaché accepts a warning with a written
reason, and the public code check shows that warning and its reason beside the terms."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from playwright.async_api import expect

from tests.conftest import PASSWORD, unique
from tests.factories_disputes import fresh_country, new_mission
from tests.factories_vacancies import employer, licensed_agency, moved
from tests.web.conftest import LANGUAGES
from tests.web.test_agency import said


async def _submit(page: Any, selector: str) -> None:
    async with page.expect_navigation():
        await page.click(selector)


async def _codes(page: Any, selector: str) -> set[str]:
    found = await page.locator(f"{selector} li[data-code]").evaluate_all(
        "items => items.map(i => i.dataset.code)")
    return set(found)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_live_flags_a_reasoned_warning_and_the_public_check(
        visit: Any, client: Any, admin: Any, regulator: Any, language: str) -> None:
    country = fresh_country()
    wage = await client.put(f"/minimum-wages/{country}/USD", headers=regulator,
                            json={"monthly_amount": "600.00", "max_weekly_hours": "40"})
    assert wage.status_code == 200, wage.text
    mission = await new_mission(client, admin, country)
    agency, _ = await licensed_agency(client, regulator, [country])
    boss = await employer(client, agency, country, city="Capital")

    # The agency types the terms: the checks follow, before anything is saved.
    staff = await visit(language)
    page = staff.page
    await staff.login(agency.email, PASSWORD)
    await staff.goto("/agency/vacancies/new")
    assert await page.locator("#checks-pending").count() == 1
    await page.select_option("#f-employer_id", str(boss["id"]))
    title = f"Welder {unique()}"
    await page.fill("#f-title", title)
    await page.fill("#f-occupation", "welder")
    await page.fill("#f-description", "Welding steel frames in a fabrication shop.")
    await page.fill("#f-city", "Capital")
    await page.fill("[id='f-wage.currency']", "USD")
    await page.fill("[id='f-wage.amount']", "500")
    await page.fill("#f-hours_per_week", "60")
    await page.fill("[id='f-worker_fee.amount']", "200")
    await page.fill("[id='f-worker_fee.currency']", "USD")
    await page.select_option("#f-housing", "free")
    await page.select_option("#f-meals", "paid")
    await page.fill("#f-closing_date", str(date.today() + timedelta(days=60)))
    await page.locator("#f-closing_date").dispatch_event("change")
    # Waited for by a locator: wait_for_function evaluates a string, which the pages'
    # content security policy refuses.
    await expect(page.locator("#live-flags li[data-code]")).to_have_count(3, timeout=15_000)
    await staff.shot("live-flags-blocking")
    assert await _codes(page, "#live-flags") == {"wage_below_minimum", "worker_pays_fee",
                                                 "hours_over_limit"}
    assert said(staff, "As it stands, this vacancy cannot be verified or published. Change "
                "what is marked below.") in await page.inner_text("#live-checks")
    assert said(staff, "Remove the fee charged to the worker: the employer pays the "
                "recruitment costs.") in await page.inner_text("#live-flags")

    # Corrected as the checks say: only the long week is left, a warning.
    await page.fill("[id='f-wage.amount']", "900")
    await page.fill("[id='f-worker_fee.amount']", "")
    await page.fill("[id='f-worker_fee.currency']", "")
    await page.locator("[id='f-worker_fee.currency']").dispatch_event("change")
    await expect(page.locator("#live-flags li[data-code]")).to_have_count(1, timeout=15_000)
    await staff.shot("live-flags-warning")
    assert await _codes(page, "#live-flags") == {"hours_over_limit"}
    # The advert's words are read as they are typed: a payment asked there, with no fee
    # stated, is flagged before anything is saved.
    await page.fill("#f-description", "Welding steel frames in a fabrication shop. "
                                      "Candidates pay a processing fee of USD 300 to the agency.")
    await page.locator("#f-description").dispatch_event("change")
    await expect(page.locator("#live-flags li[data-code]")).to_have_count(2, timeout=15_000)
    assert await _codes(page, "#live-flags") == {"hours_over_limit", "fee_in_text"}
    await page.fill("#f-description", "Welding steel frames in a fabrication shop.")
    await page.locator("#f-description").dispatch_event("change")
    await expect(page.locator("#live-flags li[data-code]")).to_have_count(1, timeout=15_000)
    await _submit(page, "form.vacancy-form button.primary")
    vacancy_id = int(page.url.rstrip("/").split("/")[-1])
    await _submit(page, "button[name=action][value=submit]")
    assert await _codes(page, "#red-flags") == {"hours_over_limit"}

    # The attaché: no one-click verification, a reason for the warning first.
    attache = mission.attaches[0]
    desk = await visit(language)
    await desk.login(attache.email, PASSWORD)
    await desk.goto(f"/mission/vacancies/{vacancy_id}")
    await desk.shot("verify-form")
    ack = "#verify-form [data-code=hours_over_limit] textarea"
    assert await desk.page.locator(ack).count() == 1
    await desk.page.eval_on_selector("#verify-form", "form => form.noValidate = true")
    await _submit(desk.page, "#verify-form button[value=verify]")
    await desk.shot("verify-without-reason")
    assert said(desk, "Give the reason you accept this warning.") in \
        await desk.page.inner_text("#verify-form [data-code=hours_over_limit] .error")
    assert await desk.page.inner_text("#vacancy-status") == desk.t("awaiting verification",
                                                                   "ждёт проверки")
    reason = desk.t("Overtime is paid at time and a half under the collective agreement.",
                    "Сверхурочные оплачиваются в полуторном размере по коллективному "
                    "договору.")
    await desk.page.fill(ack, reason)
    await _submit(desk.page, "#verify-form button[value=verify]")
    await desk.shot("verified")
    assert await desk.page.inner_text("#vacancy-status") == desk.t("verified", "проверено")
    code = await desk.page.inner_text("#vacancy-code")
    assert reason in await desk.page.inner_text("#red-flags")

    # Published, the public check shows the warning in words beside the terms.
    await moved(client, agency.headers, vacancy_id, "publish")
    public = await visit(language)
    await public.goto(f"/check?code={code}")
    await public.shot("code-check")
    result = public.page.locator("#code-result")
    assert await result.get_attribute("data-verdict") == "verified"
    hours = await public.page.inner_text("#checks li[data-check=hours]")
    assert reason in hours
    assert public.t("60 hours a week: over the legal limit of 40.",
                    "60 ч в неделю: больше предела 40 ч по закону.") in hours
    assert await public.page.get_attribute("#checks li[data-check=wage]", "data-holds") == \
        "true"
    await public.goto(f"/jobs/{vacancy_id}")
    await public.shot("job-page")
    assert await public.page.get_attribute("#verdict", "data-verdict") == "verified"
    assert reason in await public.page.inner_text("#terms")

    # The employer is watchlisted: the same check now says do not pay, never green.
    listed = await client.post("/watchlist/employers", headers=regulator, json={
        "name": boss["name"], "country": country, "reason": "wages withheld"})
    assert listed.status_code == 201, listed.text
    await public.goto(f"/check?code={code}")
    await public.shot("code-check-breach")
    assert await result.get_attribute("data-verdict") == "breach"
    assert public.t("Do not pay, do not sign.", "Не платите и ничего не подписывайте.") in \
        await public.page.inner_text("#breach")
    assert await public.page.locator("#code-result p.flash").count() == 0
