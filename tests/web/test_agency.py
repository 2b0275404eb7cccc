"""Agency staff in the browser: signing up an agency, its licence, employers, a vacancy from
draft to published with its red flags, code and QR, referrals worked to deployment, and
another agency's records answering 404."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from api.web.common import translations
from tests.conftest import PASSWORD, act, bearer, token_for, unique
from tests.factories_matching import new_centre, ready_migrant
from tests.factories_vacancies import (
    attache,
    employer,
    licensed_agency,
    move,
    vacancy_in,
)
from tests.web.conftest import LANGUAGES


def said(visitor: Any, text: str) -> str:
    """A word of the pages as the visitor reads it (the catalogues are shared by all pages,
    so the Russian is taken from them rather than repeated here)."""
    if visitor.language == "en":
        return text
    words = translations(visitor.language).gettext(text)
    assert words != text, f"no Russian for {text!r}"
    return str(words)


async def _submit(page: Any, selector: str) -> None:
    await page.click(selector)
    await page.wait_for_load_state()


async def _sign_up(visitor: Any) -> dict[str, str]:
    """Registers an agency through the public form (one refusal on the way)."""
    page = visitor.page
    tag = unique()
    typed = {"legal_name": f"Ala-Too Recruitment {tag}", "email": f"staff-{tag}@ala-too.kg"}
    await visitor.goto("/agency/register")
    await visitor.shot("sign-up")
    await page.fill("#f-legal_name", typed["legal_name"])
    await page.fill("#f-registration_number", f"REG-{tag}")
    await page.select_option("#f-country", "KG")
    await page.fill("#f-address", "12 Chui Avenue, Bishkek")
    await page.fill("#f-email", f"office-{tag}@ala-too.kg")
    await page.fill("#f-phone", "+996 312 123456")
    await page.fill("#f-people-0-full_name", f"Aibek Sadyrov {tag}")
    await page.fill("#f-people-0-date_of_birth", "1980-04-12")
    await page.select_option("#f-people-0-document_country", "KG")
    await page.fill("#f-people-0-document_number", unique("AN"))
    await page.fill("[id='f-account.full_name']", "Aida Staff")
    await page.fill("[id='f-account.email']", typed["email"])
    await page.fill("[id='f-account.password']", PASSWORD)
    await page.fill("[id='f-account.password_again']", PASSWORD + " typo")
    await _submit(page, "form.agency-register button.primary")
    await visitor.shot("sign-up-refused")
    assert said(visitor, "The two passwords differ.") in \
        await page.inner_text("[id='e-account.password_again']")
    assert await page.input_value("#f-legal_name") == typed["legal_name"]
    assert await page.input_value("#f-people-0-document_number")
    # Another row for a person keeps everything typed.
    await _submit(page, "button[name=add_person]")
    assert await page.locator("fieldset.person").count() == 3
    assert await page.input_value("#f-legal_name") == typed["legal_name"]
    await page.fill("[id='f-account.password']", PASSWORD)
    await page.fill("[id='f-account.password_again']", PASSWORD)
    await _submit(page, "form.agency-register button.primary")
    await visitor.shot("signed-up")
    assert page.url.endswith("/agency")
    assert typed["legal_name"] in await page.inner_text("h1")
    return typed


@pytest.mark.parametrize("language", LANGUAGES)
async def test_an_agency_signs_up_is_licensed_and_publishes_a_verified_vacancy(
        visit: Any, client: httpx.AsyncClient, regulator: dict[str, str],
        admin: dict[str, str], language: str) -> None:
    visitor = await visit(language)
    page = visitor.page
    typed = await _sign_up(visitor)
    staff = bearer(await token_for(client, typed["email"]))

    # Apply for a licence; the deposit is typed the Russian way.
    await page.click("a.button.primary[href='/agency/licence']")
    await page.wait_for_load_state()
    await visitor.shot("licence-form")
    await page.check("input[name=countries][value=RU]")
    await page.check("input[name=countries][value=KZ]")
    await page.fill("[id='f-deposit.amount']", "50 000,00")
    assert await page.input_value("[id='f-deposit.currency']") == "KGS"
    await _submit(page, "form[action='/agency/licence/apply'] button.primary")
    await visitor.shot("licence-applied")
    assert await page.inner_text("[data-testid=licence-status]") == \
        said(visitor, "Applied")
    licences = (await client.get("/licences", headers=staff)).json()
    assert [lic["countries"] for lic in licences] == [["RU", "KZ"]]
    licence_id = licences[0]["id"]

    # The regulator grants it (the regulator's pages are not these).
    for action in ("start_review", "grant"):
        assert (await act(client, regulator, licence_id, action)).status_code == 200
    await visitor.goto("/agency/licence")
    await visitor.shot("licence-active")
    assert await page.inner_text("[data-testid=licence-status]") == \
        said(visitor, "Active")
    assert "-KG-" in await page.inner_text("[data-testid=licence-number]")

    # A colleague already asked for the renewal: the stale button is refused in words.
    renewed = await client.post(f"/licences/{licence_id}/renewal-request", headers=staff)
    assert renewed.status_code == 200, renewed.text
    await _submit(page, f"form[action='/agency/licence/{licence_id}/renewal'] button")
    await visitor.shot("renewal-refused")
    assert said(visitor, "A renewal of this licence was already requested.") in \
        await page.inner_text(".form-error")
    assert await page.locator("[data-testid=renewal]").count() == 1

    # The minimum wage the red flags compare with.
    wage = await client.put("/minimum-wages/RU/RUB", headers=regulator,
                            json={"monthly_amount": "50000"})
    assert wage.status_code == 200, wage.text

    # An employer, its form sent twice: one employer.
    await page.click("nav.menu a[href='/agency/employers']")
    await page.wait_for_load_state()
    employer_name = f"Stroy Invest {unique()}"
    await page.fill("#f-name", employer_name)
    await page.select_option("#f-country", "RU")
    await page.fill("#f-city", "Moscow")
    await page.fill("#f-registration_number", unique("OGRN-"))
    await visitor.shot("employer-form")
    sent = await page.evaluate("Object.fromEntries(new FormData("
                               "document.querySelector('#employer-form')))")
    first = await page.request.post(visitor.base_url + "/agency/employers", form=sent,
                                    max_redirects=0)
    second = await page.request.post(visitor.base_url + "/agency/employers", form=sent,
                                     max_redirects=0)
    assert first.status == second.status == 303
    assert first.headers["location"] == second.headers["location"]
    await visitor.goto("/agency/employers")
    await visitor.shot("employers")
    assert await page.locator("#employers tbody tr", has_text=employer_name).count() == 1
    assert said(visitor, "Not verified yet") in \
        await page.inner_text("#employers tbody")

    # A vacancy form refused: no title, a wage that is not a number, a closing date gone by.
    await visitor.goto("/agency/vacancies/new")
    option = page.locator("#f-employer_id option", has_text=employer_name)
    await page.select_option("#f-employer_id", await option.get_attribute("value"))
    description = "Pouring and finishing concrete on residential building sites."
    await page.fill("#f-description", description)
    # The occupation is picked from the list, named in the page's language.
    assert await page.locator("#f-occupation_code option").count() > 40
    await page.select_option("#f-occupation_code",
                             label=visitor.t("Concrete worker (7114)", "Бетонщик (7114)"))
    await page.fill("#f-occupation", "concrete worker, 4th grade")
    await page.fill("#f-skills", "concrete, formwork")
    await page.select_option("#f-languages-0-code", "ru")
    await page.select_option("#f-languages-0-level", "B1")
    await page.select_option("#f-languages-1-code", "en")  # its level left out
    await page.fill("#f-city", "Moscow")
    await page.fill("[id='f-wage.amount']", "twenty thousand")
    await page.fill("[id='f-wage.currency']", "RUB")
    await page.select_option("#f-housing", "free")
    await page.select_option("#f-meals", "paid")
    await page.fill("#f-positions", "5")
    await page.fill("[id='f-worker_fee.amount']", "15000")
    await page.fill("[id='f-worker_fee.currency']", "KGS")
    await page.fill("#f-closing_date", str(date.today() - timedelta(days=2)))
    # The browser's own checks would stop it with one message in the browser's language:
    # the form leaves every check to the service, said at once in the page's language.
    await _submit(page, "form.vacancy-form button.primary")
    await visitor.shot("vacancy-refused")
    assert visitor.t("This field is required.", "Это поле обязательно.") in \
        await page.inner_text("#e-title")
    assert visitor.t("decimal", "Введите число.") in \
        await page.inner_text("[id='e-wage.amount']")
    # Said at once with the others, not once they are fixed.
    assert said(visitor, "The closing date is in the past.") in \
        await page.inner_text("#e-closing_date")
    # The top of the form says so too, and links to the first field refused.
    banner = page.locator("#form-errors")
    assert said(visitor, "Some answers need correcting: each is marked below.") in \
        await banner.inner_text()
    # The first refused in the form's own order: the title, not the closing date.
    assert await banner.locator("a").get_attribute("href") == "#f-title"
    assert await page.input_value("#f-description") == description
    assert await page.input_value("[id='f-worker_fee.amount']") == "15000"
    assert await page.input_value("#f-languages-0-level") == "B1"
    assert await page.input_value("#f-occupation_code") == "7114"
    # The language without its level: said beside that level's box, the others left alone.
    assert visitor.t("Choose the level of English.", "Укажите уровень для языка: английский.") \
        in await page.inner_text("#e-languages-1-level")
    assert await page.locator(".vacancy-form fieldset .has-error").count() == 1
    await page.select_option("#f-languages-1-level", "A2")

    # Corrected, but with the occupation neither picked nor written.
    title = f"Concrete worker {unique()}"
    await page.fill("#f-title", title)
    await page.fill("#f-closing_date", str(date.today() + timedelta(days=60)))
    await page.fill("[id='f-wage.amount']", "20000")
    await page.select_option("#f-occupation_code", "")
    await page.fill("#f-occupation", "")
    await _submit(page, "form.vacancy-form button.primary")
    assert said(visitor, "Pick the occupation from the list, or write it in your words when "
                "it is not in the list.") in await page.inner_text("#e-occupation_code")

    # Corrected: a low wage and a fee charged to the worker.
    await page.select_option("#f-occupation_code", "7114")
    await page.fill("#f-occupation", "concrete worker, 4th grade")
    await _submit(page, "form.vacancy-form button.primary")
    await visitor.shot("vacancy-draft")
    assert await page.inner_text("[data-testid=vacancy-status]") == \
        said(visitor, "Draft")
    vacancy_id = int(page.url.rstrip("/").split("/")[-1])
    occupation = await page.inner_text("[data-testid=occupation]")
    assert visitor.t("Concrete worker", "Бетонщик") in occupation
    assert said(visitor, "ISCO-08 code %(code)s") % {"code": "7114"} in occupation
    assert "concrete worker, 4th grade" in occupation

    await _submit(page, "button[name=action][value=submit]")
    await visitor.shot("vacancy-submitted")
    assert await page.inner_text("[data-testid=vacancy-status]") == \
        said(visitor, "Submitted for verification")
    flags = page.locator("#red-flags li")
    codes = {await flags.nth(i).get_attribute("data-code") for i in range(await flags.count())}
    assert {"wage_below_minimum", "worker_pays_fee"} <= codes
    assert said(visitor, "The worker is charged a fee") in \
        await page.inner_text("#red-flags")

    assert said(visitor, "Remove the fee charged to the worker: the employer pays the "
                "recruitment costs.") in await page.inner_text("#red-flags")

    # A labour attaché in Russia cannot verify it (the mission's pages are not these): she
    # rejects it, and the agency corrects the wage and drops the fee.
    attache_ru = await attache(client, admin, "RU")
    refused = await move(client, attache_ru, vacancy_id, "verify", reason=None)
    assert refused.status_code == 409, refused.text
    assert set(refused.json()["codes"]) == {"wage_below_minimum", "worker_pays_fee"}
    rejected = await move(client, attache_ru, vacancy_id, "reject",
                          reason="Raise the wage to the minimum and drop the fee.")
    assert rejected.status_code == 200, rejected.text
    await visitor.goto(f"/agency/vacancies/{vacancy_id}")
    await _submit(page, "button[name=action][value=revise]")
    await visitor.goto(f"/agency/vacancies/{vacancy_id}/edit")
    await page.fill("[id='f-wage.amount']", "90000")
    await page.fill("[id='f-worker_fee.amount']", "")
    await page.fill("[id='f-worker_fee.currency']", "")
    await _submit(page, "form.vacancy-form button.primary")
    await _submit(page, "button[name=action][value=submit]")
    assert await page.locator("#blocked").count() == 0
    verified = await move(client, attache_ru, vacancy_id, "verify", reason=None)
    assert verified.status_code == 200, verified.text
    await visitor.goto(f"/agency/vacancies/{vacancy_id}")
    assert await page.inner_text("[data-testid=vacancy-status]") == \
        said(visitor, "Verified")
    await _submit(page, "button[name=action][value=publish]")
    await visitor.shot("vacancy-published")
    assert await page.inner_text("[data-testid=vacancy-status]") == \
        said(visitor, "Published")
    code = await page.inner_text("[data-testid=verification-code]")
    assert code == verified.json()["verification_code"]
    assert await page.eval_on_selector("#qr", "img => img.complete && img.naturalWidth > 0")
    qr = await page.request.get(f"{visitor.base_url}/agency/vacancies/{vacancy_id}/qr.png")
    assert qr.status == 200 and qr.headers["content-type"] == "image/png"

    await visitor.goto("/agency")
    await visitor.shot("home")
    assert await page.inner_text("[data-testid=licence-status]") == \
        said(visitor, "Active")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_referrals_are_worked_to_deployment_and_others_records_answer_404(
        visit: Any, client: httpx.AsyncClient, regulator: dict[str, str],
        admin: dict[str, str], language: str) -> None:
    agency, _ = await licensed_agency(client, regulator, ["RU"])
    attache_headers = await attache(client, admin, "RU")
    own_employer = await employer(client, agency)
    vacancy = await vacancy_in(client, "published", agency=agency,
                               attache_headers=attache_headers, employer_id=own_employer["id"])
    centre = await new_centre(client, admin)
    referrals = {}
    for name in ("Nurlan", "Bakyt"):
        migrant = await ready_migrant(client, centre, full_name=f"{name} {unique()}")
        response = await client.post("/referrals", headers=centre.headers, json={
            "migrant_id": migrant["id"], "vacancy_id": vacancy["id"]})
        assert response.status_code == 201, response.text
        referrals[name] = response.json()
    other, _ = await licensed_agency(client, regulator, ["RU"])
    other_employer = await employer(client, other)
    other_vacancy = await vacancy_in(client, "published", agency=other,
                                     attache_headers=attache_headers,
                                     employer_id=other_employer["id"])

    visitor = await visit(language, mobile=True)
    page = visitor.page
    await visitor.login(agency.email, PASSWORD)
    assert await page.inner_text("[data-testid=open-referrals]") == "2"

    await visitor.menu()
    await page.click("nav.menu a[href='/agency/referrals']")
    await page.wait_for_load_state()
    await visitor.shot("referrals")
    row = f"#referral-{referrals['Nurlan']['id']}"
    steps = [("interviewed", "Interviewed"), ("offered", "Offered"),
             ("contract_signed", "Contract signed")]
    for state, words in steps:
        await _submit(page, f"{row} button[name=status][value={state}]")
        assert await page.inner_text(f"{row} [data-testid=referral-status]") == \
            said(visitor, words)
    await visitor.shot("contract-signed")
    await _submit(page, f"{row} button[name=status][value=deployed]")
    assert await page.locator(row).count() == 0  # no longer in progress

    # Rejecting needs a reason, which the migrant will see.
    row = f"#referral-{referrals['Bakyt']['id']}"
    await page.click(f"{row} details.reject summary")
    # The field is marked required; sent blank all the same, the service says so too.
    assert await page.locator(f"{row} textarea[name=reason][required]").count() == 1
    await page.eval_on_selector(f"{row} details.reject form", "form => form.noValidate = true")
    await _submit(page, f"{row} button[name=status][value=rejected]")
    await visitor.shot("reject-refused")
    number = referrals["Bakyt"]["id"]
    assert await page.locator(f"{row} [id='e-reason-{number}']").count() == 1
    # Each row's field has its own id, its label tied to it.
    assert await page.locator(f"label[for='f-reason-{number}']").count() == 1
    await page.fill(f"{row} textarea[name=reason]", "The employer needs a welder instead")
    await _submit(page, f"{row} button[name=status][value=rejected]")

    await visitor.goto("/agency/referrals?status=all")
    await visitor.shot("all-referrals")
    assert await page.inner_text(
        f"#referral-{referrals['Nurlan']['id']} [data-testid=referral-status]") == \
        said(visitor, "Deployed")
    rejected = await page.inner_text(f"#referral-{referrals['Bakyt']['id']}")
    assert said(visitor, "Rejected") in rejected
    assert "The employer needs a welder instead" in rejected
    assert "passport" not in (await page.inner_text("#referrals")).lower()

    await visitor.goto(f"/agency/vacancies/{vacancy['id']}")
    await visitor.shot("own-vacancy")
    assert vacancy["title"] in await page.inner_text("h1")

    # Another agency's records read as absent, even a published vacancy.
    for path in (f"/agency/vacancies/{other_vacancy['id']}",
                 f"/agency/vacancies/{other_vacancy['id']}/edit",
                 f"/agency/vacancies/{other_vacancy['id']}/qr.png",
                 f"/agency/employers/{other_employer['id']}",
                 f"/agency/vacancies/new?copy={other_vacancy['id']}"):
        response = await visitor.goto(path)
        assert response.status == 404, path
    await visitor.goto(f"/agency/vacancies/{other_vacancy['id']}")
    await visitor.shot("other-agency-vacancy")
    assert said(visitor, "Not found") in await page.inner_text("h1")
