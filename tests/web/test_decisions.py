"""A settlement body's decision in a browser, in English and Russian: the award is shown
for confirmation before it is recorded, going back keeps what was typed, and a mistake in the
amount is corrected with a reason, both versions staying on the case page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from tests.conftest import PASSWORD, active_licence
from tests.factories_disputes import case_in, jurisdiction, ok
from tests.web.conftest import LANGUAGES


async def _submit(visitor: Any, selector: str) -> None:
    """Click a form's button and wait for the page it leads to."""
    async with visitor.page.expect_navigation():
        await visitor.page.click(selector)


async def _text(visitor: Any, selector: str) -> str:
    return str(await visitor.page.inner_text(selector))


def _digits(text: str) -> str:
    """The digits of an amount as either language writes it (RUB 160,000 / 160 000 ₽)."""
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_settlement_body_confirms_an_award_and_corrects_its_amount(
        visit: Any, client: Any, admin: Any, regulator: Any, language: str) -> None:
    agency, _ = await active_licence(client, regulator)
    j = await jurisdiction(client, admin, regulator, agency, attaches=1)
    case = await case_in(client, j, "referred", regulator)
    body = j.body.members[0]

    member = await visit(language)
    page = member.page
    await member.login(body.email, PASSWORD)
    await member.goto(f"/mission/cases/{case['id']}")
    await member.shot("referred-case")

    # The award as typed; the page shows it back before anything is recorded.
    summary = "The agency owes three months of wages."
    await page.fill("#f-summary", summary)
    await page.fill("#f-awarded_amount", "160000")
    await page.fill("#f-awarded_currency", "RUB")
    await page.select_option("#f-payable_by", "agency")
    await page.select_option("#f-finding_1_against", "agency")
    await page.fill("#f-finding_1_summary", "Placed the worker without a contract.")
    await _submit(member, "#outcome-form button[value=decide]")
    await member.shot("preview")
    assert member.t("Check the decision before it is recorded",
                    "Проверьте решение перед записью") in await _text(member, "h1")
    assert _digits(await _text(member, "#preview-awarded")) == "160000"
    assert "RUB" in await _text(member, "#preview-awarded") or \
        "₽" in await _text(member, "#preview-awarded")
    assert agency.body["legal_name"] in await _text(member, "#preview-agency")
    due = date.today() + timedelta(days=30)
    assert str(due.year) in await _text(member, "#preview-due")
    assert member.t("the agency", "агентство") in await _text(member, "#next-payment")
    assert member.t("security deposit", "гарантийного депозита") in \
        await _text(member, "#next-payment")
    assert member.t("the labour attaché", "атташе по труду") in \
        await _text(member, "#next-notices")
    assert member.t("counts 1 upheld finding", "по этому делу в рейтинге: станет 1 (сейчас 0)") \
        in await _text(member, "#next-rating")
    stored = ok(await client.get(f"/disputes/{case['id']}", headers=body.headers))
    assert (stored["status"], stored["outcome"]) == ("referred", None)

    # Going back keeps everything typed; the amount is changed and shown again.
    await _submit(member, "#confirm-form button#edit")
    await member.shot("back-to-the-form")
    assert await page.input_value("#f-summary") == summary
    assert await page.input_value("#f-awarded_amount") == "160000"
    assert await page.input_value("#f-finding_1_summary") == \
        "Placed the worker without a contract."
    await _submit(member, "#outcome-form button[value=decide]")
    promised = await _text(member, "#next-notices")
    form = page.locator("#confirm-form")
    sent = {name: str(await form.locator(f"input[name={name}]").get_attribute("value"))
            for name in ("csrf_token", "form_token")}
    await _submit(member, "#confirm-form button#confirm")
    await member.shot("decided")
    assert await _text(member, "#case-status") == member.t("decided", "решено")
    flash = await _text(member, ".flash")
    assert member.t("Your decision is recorded", "Ваше решение записано") in flash
    # The flash names whom the notices reach, as the preview did: not the attaché alone.
    assert promised in flash
    assert member.t("the agency", "агентство") in flash
    assert _digits(await _text(member, "#outcome-awarded")) == "160000"

    # Sending the confirmation again records nothing twice.
    again = await page.request.post(member.base_url + f"/mission/cases/{case['id']}",
                                    form=sent | {"action": "decide", "intent": "confirm"})
    assert again.ok and again.url.endswith(f"/mission/cases/{case['id']}")
    history = ok(await client.get(f"/disputes/{case['id']}/history", headers=body.headers))
    assert [e["action"] for e in history["events"]].count("decide") == 1

    # The amount was wrong: corrected, with the reason, after its own preview.
    await page.click("#correction summary")
    assert await page.input_value("#correction-form #f-awarded_amount") == "160000.00"
    await page.fill("#correction-form #f-awarded_amount", "150000")
    reason = "The amount was mistyped: the claim was for 150 000 roubles."
    await page.fill("#f-correction_reason", reason)
    await _submit(member, "#correction-form button[type=submit]")
    await member.shot("correction-preview")
    assert member.t("Check the correction before it is recorded",
                    "Проверьте исправление перед записью") in await _text(member, "h1")
    assert _digits(await _text(member, "#change-awarded td.before")) == "160000"
    assert _digits(await _text(member, "#change-awarded td.after")) == "150000"
    assert await page.locator("#change-awarded.changed").count() == 1
    assert await page.locator("#change-summary.changed").count() == 0
    assert await _text(member, "#preview-reason") == reason
    await _submit(member, "#confirm-form button#confirm")
    await member.shot("corrected")
    assert member.t("recorded as version 2", "записано как версия 2") in \
        await _text(member, ".flash")
    assert _digits(await _text(member, "#outcome-awarded")) == "150000"
    assert (await _text(member, "#outcome-version")).startswith("2")

    # Both versions stay on the case page: the first as it was, the second with its reason.
    versions = page.locator("#versions tr.version")
    assert await versions.count() == 2
    assert _digits(await _text(member, "#version-1 .version-awarded")).startswith("160000")
    assert _digits(await _text(member, "#version-2 .version-awarded")).startswith("150000")
    assert await _text(member, "#version-2 .version-reason") == reason
    assert await _text(member, "#version-1 .version-reason") == "—"
    assert member.t("Decision corrected", "Решение исправлено") in \
        await _text(member, "#history")
    stored = ok(await client.get(f"/disputes/{case['id']}", headers=body.headers))
    assert [v["awarded"]["amount"] for v in stored["outcome"]["versions"]] == [
        "160000.00", "150000.00"]

    # A payment of zero or below is refused in the same words, whichever it is.
    attache = await visit(language)
    await attache.login(j.mission.attaches[0].email, PASSWORD)
    await attache.goto(f"/mission/cases/{case['id']}")
    form = attache.page.locator("#recovery-form")
    sent = {name: str(await form.locator(f"input[name={name}]").get_attribute("value"))
            for name in ("csrf_token", "form_token", "currency")}
    for amount in ("-100", "0"):
        refused = await attache.page.request.post(
            attache.base_url + f"/mission/cases/{case['id']}/recoveries",
            form=sent | {"amount": amount})
        said = re.search(r'<p class="error" id="e-amount">([^<]*)</p>', await refused.text())
        assert said and said.group(1) == attache.t("The amount must be more than zero.",
                                                   "Сумма должна быть больше нуля."), amount
