"""The labour attaché's and the settlement body's pages, end to end in a browser: verifying
vacancies and employers of the mission's country, and working a dispute from the queue
through referral, the settlement body's decision and the payment of the award."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import PASSWORD, active_licence
from tests.factories_disputes import (
    file_case,
    fresh_country,
    jurisdiction,
    new_mission,
    ok,
)
from tests.factories_vacancies import employer, licensed_agency, vacancy_in
from tests.web.conftest import LANGUAGES

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


async def _submit(visitor: Any, selector: str) -> None:
    """Click a form's button and wait for the page it leads to."""
    async with visitor.page.expect_navigation():
        await visitor.page.click(selector)


async def _text(visitor: Any, selector: str) -> str:
    return str(await visitor.page.inner_text(selector))


@pytest.mark.parametrize("language", LANGUAGES)
async def test_an_attache_verifies_one_vacancy_rejects_another_and_decides_on_employers(
        visit: Any, client: Any, admin: Any, regulator: Any, language: str) -> None:
    country, elsewhere = fresh_country(), fresh_country()
    mission = await new_mission(client, admin, country)
    other = await new_mission(client, admin, elsewhere)
    attache = mission.attaches[0]
    agency, _ = await licensed_agency(client, regulator, [country, elsewhere])
    hirer = await employer(client, agency, country)
    fair = await vacancy_in(client, "submitted", agency=agency, attache_headers=attache.headers,
                            employer_id=hirer["id"], country=country)
    costly = await vacancy_in(client, "submitted", agency=agency,
                              attache_headers=attache.headers, employer_id=hirer["id"],
                              country=country, occupation="lighthouse keeper",
                              worker_fee={"amount": "300.00", "currency": "USD"})
    abroad_employer = await employer(client, agency, elsewhere)
    abroad = await vacancy_in(client, "submitted", agency=agency,
                              attache_headers=other.attaches[0].headers,
                              employer_id=abroad_employer["id"], country=elsewhere)

    visitor = await visit(language)
    page = visitor.page
    await visitor.login(attache.email, PASSWORD)
    assert page.url.endswith("/mission")
    assert await _text(visitor, "#tile-vacancies .count") == "2"
    assert await _text(visitor, "#tile-employers .count") == "1"

    # The queue: the longest waiting first, each with its red flags in words.
    await page.click("nav.menu a[href='/mission/vacancies']")
    await page.wait_for_load_state()
    await visitor.shot("vacancy-queue")
    rows = await page.locator("table.vacancies tbody tr").evaluate_all(
        "rows => rows.map(r => r.id)")
    assert rows == [f"vacancy-{fair['id']}", f"vacancy-{costly['id']}"]
    assert visitor.t("The worker is charged a fee", "С работника берут плату") in \
        await _text(visitor, f"#vacancy-{costly['id']}")

    # Verify the first: it gets its code.
    await page.click(f"#vacancy-{fair['id']} a")
    await page.wait_for_load_state()
    await visitor.shot("vacancy")
    assert visitor.t("Not compared with a minimum wage",
                     "Не сравнивалась с минимальной зарплатой") in \
        await _text(visitor, "#red-flags")
    assert agency.body["legal_name"] in await _text(visitor, "#agency")
    # The employer is a company: its name is «Название», not a person's «Имя».
    assert await _text(visitor, "#employer dt:first-of-type") == \
        visitor.t("Company name", "Название")
    assert await _text(visitor, "#employer dd:first-of-type") == hirer["name"]
    assert "Имя" not in await _text(visitor, "#employer")
    # The occupation by its code and name in the list. The agency's words are the list's
    # own name: nothing is credited to the agency as «its wording».
    occupation = await _text(visitor, "[data-testid=occupation]")
    assert visitor.t("Concrete worker (ISCO-08 code 7114)",
                     "Бетонщик (код ISCO-08: 7114)") in occupation
    assert visitor.t("As the agency wrote it", "В формулировке агентства") not in occupation
    # A warning is accepted only with a reason, written on the verify form.
    await page.fill("#verify-form [data-code=minimum_wage_unknown] textarea",
                    "The wage was compared with the sector agreement by hand.")
    await _submit(visitor, "#verify-form button[value=verify]")
    await visitor.shot("verified")
    assert await _text(visitor, "#vacancy-status") == visitor.t("verified", "проверено")
    code = await _text(visitor, "#vacancy-code")
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    assert code in await _text(visitor, ".flash")

    # Reject the next one: a reason of blanks is refused beside the field.
    await page.click("text=" + visitor.t("Next in the queue", "Следующая в очереди"))
    await page.wait_for_load_state()
    assert page.url.endswith(f"/mission/vacancies/{costly['id']}")
    assert visitor.t("lighthouse keeper Not in the list of occupations",
                     "lighthouse keeper Нет в перечне профессий") in \
        await _text(visitor, "[data-testid=occupation]")
    await page.fill("#f-reason", "   ")
    await _submit(visitor, "#reject-form button[value=reject]")
    await visitor.shot("reject-without-reason")
    assert visitor.t("Give the reason for the rejection.", "Укажите причину отказа.") in \
        await _text(visitor, "#reject-form .field.has-error #e-reason")
    assert await _text(visitor, "#vacancy-status") == \
        visitor.t("awaiting verification", "ждёт проверки")
    reason = "The worker must not pay a recruitment fee."
    await page.fill("#f-reason", reason)
    await _submit(visitor, "#reject-form button[value=reject]")
    await visitor.shot("rejected")
    assert await _text(visitor, "#vacancy-status") == visitor.t("rejected", "отклонено")
    assert await _text(visitor, "#vacancy-reason") == reason
    assert await page.locator("#decision").count() == 0

    stored = ok(await client.get(f"/vacancies/{costly['id']}", headers=attache.headers))
    assert stored["status"] == "rejected" and stored["status_reason"] == reason

    # Another mission's vacancy is not there for this attaché.
    response = await visitor.goto(f"/mission/vacancies/{abroad['id']}")
    await visitor.shot("other-country-vacancy")
    assert response.status == 404

    # Employers: a rejection needs a reason; a verification takes the employer off the list.
    await visitor.goto("/mission/employers")
    await visitor.shot("employers")
    row = f"#employer-{hirer['id']}"
    assert abroad_employer["name"] not in await _text(visitor, "main")
    await _submit(visitor, f"{row} button[value=reject]")
    await visitor.shot("employer-reject-without-reason")
    assert visitor.t("Give the reason for the rejection.", "Укажите причину отказа.") in \
        await _text(visitor, f"{row} .field.has-error .error")
    await _submit(visitor, f"{row} button[value=verify]")
    await visitor.shot("employer-verified")
    assert hirer["name"] in await _text(visitor, ".flash")
    assert await page.locator(row).count() == 0


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_case_goes_from_the_queue_to_a_settlement_body_and_back_to_be_paid(
        visit: Any, client: Any, admin: Any, regulator: Any, language: str) -> None:
    agency, _ = await active_licence(client, regulator)
    j = await jurisdiction(client, admin, regulator, agency, attaches=1)
    ours, _ = await licensed_agency(client, regulator, [j.country])
    j.agency = ours
    hirer = await employer(client, ours, j.country)
    attache = j.mission.attaches[0]
    vacancy = await vacancy_in(client, "verified", agency=ours, attache_headers=attache.headers,
                               employer_id=hirer["id"], country=j.country)
    case = await file_case(client, j, vacancy_id=vacancy["id"], agency_id=ours.id,
                           reported_terms={"wage": {"amount": "60000.00", "currency": "RUB",
                                                    "period": "month"},
                                           "hours_per_week": "60", "housing": "paid"})
    ok(await client.post(f"/disputes/{case['id']}/evidence", headers=j.centre.headers,
                         files=[("files", ("payslip.pdf", PDF, "application/pdf"))]), 201)
    elsewhere = await jurisdiction(client, admin, regulator, agency, attaches=1)
    foreign = await file_case(client, elsewhere)

    visitor = await visit(language, mobile=language == "ru")
    page = visitor.page
    await visitor.login(attache.email, PASSWORD)
    assert await _text(visitor, "#tile-open .count") == "1"

    # The queue, and the case page with everything the attaché weighs.
    await visitor.goto("/mission/cases")
    await visitor.shot("queue")
    assert case["reference"] in await _text(visitor, f"#case-{case['id']}")
    await page.click(f"#case-{case['id']} a")
    await page.wait_for_load_state()
    await visitor.shot("case")
    assert await _text(visitor, "#case-status") == visitor.t("assigned", "назначено")
    # The migrant's phone as it is kept: in the international format's one spelling.
    assert "+996 555 987 654" in await _text(visitor, "#parties")
    assert await page.locator("#substitution").count() == 1
    assert await page.locator("table.terms tr.worse").count() >= 2
    assert j.rule["name"] in await _text(visitor, "#routing")
    link = page.locator("#evidence a", has_text="payslip.pdf")
    download = await page.request.get(visitor.base_url + str(await link.get_attribute("href")))
    assert download.status == 200 and await download.body() == PDF

    # The routing was right.
    await _submit(visitor, "#routing .feedback-form button[value=true]")
    await visitor.shot("routing-marked")
    assert await _text(visitor, "#routing .my-mark") == visitor.t("right", "верно")

    # Acknowledge; sending the same form again does the work only once.
    form = page.locator("#step-form")
    sent = {name: str(await form.locator(f"input[name={name}]").get_attribute("value"))
            for name in ("csrf_token", "form_token", "expected_version")}
    await _submit(visitor, "#step-form button[value=acknowledge]")
    await visitor.shot("acknowledged")
    assert await _text(visitor, "#case-status") == visitor.t("acknowledged", "принято")
    assert visitor.t("Case acknowledged", "Дело принято в работу") in await _text(visitor, ".flash")
    again = await page.request.post(visitor.base_url + f"/mission/cases/{case['id']}",
                                    form=sent | {"action": "acknowledge"})
    assert again.ok and again.url.endswith(f"/mission/cases/{case['id']}")
    history = ok(await client.get(f"/disputes/{case['id']}/history",
                                  headers=attache.headers))
    assert [e["action"] for e in history["events"]].count("acknowledge") == 1

    # Refer to the settlement body routing found competent (chosen already); "—" chosen
    # instead is no body, refused beside the field rather than read as the competent one.
    assert await page.locator("#f-settlement_body_id").input_value() == str(j.body.id)
    await page.select_option("#f-settlement_body_id", "")
    await page.eval_on_selector("#refer-form", "form => form.noValidate = true")
    await _submit(visitor, "#refer-form button[value=refer]")
    assert visitor.t("Choose the settlement body.", "Выберите орган по урегулированию споров.") \
        in await _text(visitor, "#e-settlement_body_id")
    await page.select_option("#f-settlement_body_id", str(j.body.id))
    await page.fill("#f-refer_note", "Mediation failed: the employer does not answer.")
    await _submit(visitor, "#refer-form button[value=refer]")
    await visitor.shot("referred")
    assert await _text(visitor, "#case-status") == visitor.t("referred", "передано")
    assert await page.locator("#refer-form").count() == 0

    # A step the lifecycle does not allow now is refused in words, naming what is possible.
    late = await page.request.post(visitor.base_url + f"/mission/cases/{case['id']}", form={
        "csrf_token": sent["csrf_token"], "form_token": "a-fresh-token-" + language,
        "action": "acknowledge"})
    assert late.status == 409
    assert visitor.t("is not possible while the record is referred",
                     "сейчас невозможно: состояние записи — передано") in await late.text()

    # Another mission's case is not there for this attaché.
    response = await visitor.goto(f"/mission/cases/{foreign['id']}")
    await visitor.shot("other-mission-case")
    assert response.status == 404

    # The settlement body member finds the case, without the complainant's contacts.
    member = await visit(language, mobile=language == "ru")
    await member.login(j.body.members[0].email, PASSWORD)
    assert member.page.url.endswith("/mission/cases")
    assert case["reference"] in await _text(member, f"#case-{case['id']}")
    await member.page.click(f"#case-{case['id']} a")
    await member.page.wait_for_load_state()
    await member.shot("body-case")
    assert "+996" not in await _text(member, "#parties")
    assert await member.page.locator("#evidence a", has_text="payslip.pdf").count() == 1
    assert await member.page.locator("#step-form, #refer-form").count() == 0

    # An award with nobody to pay it is refused beside that field, keeping what was typed.
    summary = "The agency owes the wages for three months."
    await member.page.fill("#f-summary", summary)
    await member.page.fill("#f-awarded_amount", "1000")
    await member.page.fill("#f-awarded_currency", "USD")
    await member.page.select_option("#f-finding_1_against", "agency")
    await member.page.fill("#f-finding_1_summary", "Placed the worker on worse terms.")
    await _submit(member, "#outcome-form button[value=decide]")
    await member.shot("decision-refused")
    assert await member.page.locator(".field.has-error #f-payable_by").count() == 1
    assert await member.page.input_value("#f-summary") == summary
    await member.page.select_option("#f-payable_by", "agency")
    await _submit(member, "#outcome-form button[value=decide]")
    await member.shot("decision-preview")
    await _submit(member, "#confirm-form button#confirm")
    await member.shot("decided")
    assert await _text(member, "#case-status") == member.t("decided", "решено")
    assert "Placed the worker on worse terms." in await _text(member, "#findings")
    response = await member.goto(f"/mission/cases/{foreign['id']}")
    await member.shot("body-other-case")
    assert response.status == 404

    # The attaché records the payment of the award and closes the case.
    await visitor.goto(f"/mission/cases/{case['id']}")
    await visitor.shot("decided-for-attache")
    await page.fill("#f-amount", "400")
    await _submit(visitor, "#recovery-form button[type=submit]")
    await visitor.shot("payment-recorded")
    assert "400" in await _text(visitor, "#outcome-recovered")
    assert "600" in await _text(visitor, "#outcome-outstanding")
    await _submit(visitor, "#step-form button[value=close]")
    await visitor.shot("closed")
    assert await _text(visitor, "#case-status") == visitor.t("closed", "закрыто")
    steps = await page.locator("table.history tr.event").evaluate_all(
        "rows => rows.map(r => r.className.replace('event event-', ''))")
    assert steps[0] == "file"
    for action in ("acknowledge", "refer", "decide", "recover_payment", "close"):
        assert action in steps
    assert visitor.t("Referred to a settlement body", "Передано органу по спорам") in \
        await _text(visitor, "#history")
