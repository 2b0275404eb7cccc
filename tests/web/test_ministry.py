"""The regulator in the browser: an application reviewed, granted, suspended and audited;
two officials acting on one licence at once; the minimum-wage table; routing rules; the
review queue of rating alerts; and the pages closed to other roles."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest

from disputes import tasks as dispute_tasks
from tests.conftest import (
    PASSWORD,
    act,
    active_licence,
    apply,
    create_user_direct,
    register_agency,
    unique,
)
from tests.factories_disputes import file_case, fresh_country, jurisdiction, new_mission
from tests.web.conftest import LANGUAGES


async def _submit(visitor: Any, form: str) -> None:
    """Send a form by its button and wait for the page that answers."""
    async with visitor.page.expect_navigation():
        await visitor.page.click(f"{form} button[type=submit]")


async def _form_fields(visitor: Any, form: str) -> dict[str, str]:
    """What a form would send, to send it a second time as a double click or a resent
    page would."""
    fields: dict[str, str] = await visitor.page.eval_on_selector(
        form, "f => Object.fromEntries(new FormData(f).entries())")
    return fields


async def _history_actions(db: Any, licence_id: int) -> list[str]:
    rows = await db.fetch("SELECT action FROM audit_entry WHERE entity_type = 'licence' "
                          "AND entity_id = $1 ORDER BY id", str(licence_id))
    return [r["action"] for r in rows]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_an_application_is_reviewed_granted_suspended_and_audited(
        visit: Any, client: Any, db: Any, language: str) -> None:
    agency = await register_agency(client)
    licence = await apply(client, agency, ["RU", "KZ"])
    email = await create_user_direct(db, "regulator")
    visitor = await visit(language)
    page, t = visitor.page, visitor.t
    await visitor.login(email, PASSWORD)
    await visitor.shot("home")
    assert int(await page.inner_text("#applications-waiting .count")) >= 1

    await visitor.goto("/ministry/applications")
    await visitor.shot("applications")
    await visitor.goto(f"/ministry/licences/{licence['id']}")
    await visitor.shot("application")
    assert await page.inner_text("#licence-status") == t("Applied", "Заявка подана")
    assert agency.body["people"][0]["full_name"] in await page.inner_text("main")

    await _submit(visitor, "#act-start_review")
    await visitor.shot("under-review")
    assert await page.inner_text(".flash") == t(
        "The review of the application has started.", "Рассмотрение заявки начато.")
    assert await page.inner_text("#licence-status") == t("Under review", "На рассмотрении")
    # Under review it covers no country yet: those applied for are named as such.
    assert await page.inner_text("#countries-covered") == "—"

    # Granted for Russia only, first with a start in the past: refused beside the field,
    # with the countries and the reason as they were typed.
    await page.uncheck("#act-grant input[name=countries][value=KZ]")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    await page.fill("#f-grant-valid_from", yesterday)
    await page.fill("#f-grant-reason", "Deposit and documents checked")
    await _submit(visitor, "#act-grant")
    await visitor.shot("grant-refused")
    assert await page.inner_text("#e-grant-valid_from") == t(
        "A licence cannot start in the past.",
        "Срок действия лицензии не может начинаться в прошлом.")
    assert await page.is_checked("#act-grant input[value=RU]")
    assert not await page.is_checked("#act-grant input[value=KZ]")
    assert await page.input_value("#f-grant-reason") == "Deposit and documents checked"
    assert await page.input_value("#f-grant-valid_from") == yesterday
    await page.fill("#f-grant-valid_from", date.today().isoformat())
    await _submit(visitor, "#act-grant")
    await visitor.shot("granted")
    assert await page.inner_text("#licence-status") == t("Active", "Действует")
    assert await page.inner_text("#countries-covered") == t("Russia (RU)", "Россия (RU)")
    granted = await client.get(f"/licences/{licence['id']}", headers=agency.headers)
    number = granted.json()["number"]
    assert number and number in await page.inner_text(".flash")

    # A suspension needs a reason: blanks are refused beside the field.
    await page.fill("#f-suspend-reason", "   ")
    await _submit(visitor, "#act-suspend")
    await visitor.shot("suspend-without-reason")
    assert await page.inner_text("#e-suspend-reason") == t(
        "Give the reason: this action needs one.",
        "Укажите причину: для этого действия она обязательна.")
    assert await page.inner_text("#licence-status") == t("Active", "Действует")
    reason = f"Wages withheld from migrants {unique()}"
    await page.fill("#f-suspend-reason", reason)
    sent = await _form_fields(visitor, "#act-suspend")
    await _submit(visitor, "#act-suspend")
    await visitor.shot("suspended")
    assert await page.inner_text("#licence-status") == t("Suspended", "Приостановлена")
    # The same form sent again does nothing a second time.
    again = await page.request.post(
        f"{visitor.base_url}/ministry/licences/{licence['id']}/act", form=sent)
    assert again.ok and again.url.endswith(f"/ministry/licences/{licence['id']}")
    assert await _history_actions(db, licence["id"]) == [
        "apply", "start_review", "grant", "suspend"]
    assert reason in await page.inner_text("main")

    # The register, its spreadsheet, and the agency's audited history.
    await visitor.goto("/ministry/licences?status=suspended&country=RU")
    await visitor.shot("licences")
    assert await page.input_value("#f-status") == "suspended"
    href = await page.get_attribute("a[download]", "href")
    exported = await page.request.get(visitor.base_url + href)
    assert exported.ok and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(await exported.text())))
    assert {"suspended"} == {r["status"] for r in rows}
    assert number in {r["number"] for r in rows}

    await visitor.goto(f"/ministry/agencies/{agency.id}")
    await visitor.shot("agency")
    history = await page.inner_text("table.history")
    for words in (t("Registered", "Зарегистрировано"),
                  t("Applied for a licence", "Подана заявка на лицензию"),
                  t("Granted", "Выдана"), reason):
        assert words in history
    assert await page.inner_text("#chain .badge") == t("Chain intact", "Цепочка цела")

    # Changing an entry behind the log's back is named at that entry.
    entry = await db.fetchrow("SELECT id, reason FROM audit_entry WHERE agency_id = $1 "
                              "AND action = 'suspend'", agency.id)
    await db.execute("SET session_replication_role = replica")
    try:
        await db.execute("UPDATE audit_entry SET reason = 'nothing happened' WHERE id = $1",
                         entry["id"])
        await visitor.goto(f"/ministry/agencies/{agency.id}")
        await visitor.shot("chain-broken")
        assert await page.inner_text("#chain .badge") == t(
            f"Chain broken at entry {entry['id']}", f"Цепочка нарушена на записи {entry['id']}")
    finally:
        await db.execute("UPDATE audit_entry SET reason = $2 WHERE id = $1", entry["id"],
                         entry["reason"])
        await db.execute("SET session_replication_role = origin")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_history_names_people_and_words_the_systems_reasons(
        visit: Any, client: Any, db: Any, admin: dict[str, str], regulator: dict[str, str],
        worker: Any, language: str) -> None:
    """Who acted is named as a person reads it (the account's name and role, the system as
    such), an account the entry is about by its name, and a reason the system wrote in the
    page's language; a reason a person typed stays as typed."""
    agency, licence = await active_licence(client, regulator)
    case = await file_case(client, await jurisdiction(client, admin, regulator, agency,
                                                      attaches=1))
    staff_name = f"Nurgul Asanova {unique()}"
    staff = await client.post("/admin/users", headers=admin, json={
        "email": f"{unique('staff-')}@example.org", "full_name": staff_name,
        "password": PASSWORD, "role": "agency_staff", "agency_id": agency.id})
    assert staff.status_code == 201, staff.text
    typed = f"Wages withheld from migrants {unique()}"
    suspended = await act(client, regulator, licence["id"], "suspend", typed)
    assert suspended.status_code == 200, suspended.text
    dispute_tasks.relay_licence_standing.delay().get(timeout=180)
    entries = {(r["entity_type"], r["action"]): r["id"] for r in await db.fetch(
        "SELECT id, entity_type, action FROM audit_entry WHERE agency_id = $1", agency.id)}

    visitor = await visit(language)
    page, t = visitor.page, visitor.t
    await visitor.login(await create_user_direct(db, "regulator"), PASSWORD)
    await visitor.goto(f"/ministry/agencies/{agency.id}")
    await visitor.shot("history-words")

    async def cells(key: tuple[str, str]) -> dict[str, str]:
        row = page.locator(f"table.history tr[data-entry='{entries[key]}']")
        return {name: (await row.locator(f"td[data-label='{label}']").inner_text()).strip()
                for name, label in (("record", t("Record", "Объект")),
                                    ("who", t("Who", "Кто")),
                                    ("reason", t("Reason", "Причина")))}

    suspend = await cells(("licence", "suspend"))
    assert suspend["who"] == t("Test regulator (Regulator)", "Test regulator (Регулятор)")
    assert suspend["reason"] == typed
    account = await cells(("user", "create"))
    assert account["record"] == t(f"Account: {staff_name}", f"Учётная запись: {staff_name}")
    assert account["who"] == t("Test admin (Administrator)", "Test admin (Администратор)")
    hold = await cells(("dispute", "licence_hold"))
    assert await db.fetchval("SELECT entity_id FROM audit_entry WHERE id = $1",
                             entries[("dispute", "licence_hold")]) == str(case["id"])
    assert hold["who"] == t("System", "Система")
    assert hold["reason"] == t("The agency's licence is suspended.",
                               "Лицензия агентства приостановлена.")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_two_officials_at_once_the_second_is_told_it_changed(
        visit: Any, client: Any, db: Any, regulator: dict[str, str], language: str) -> None:
    agency, licence = await active_licence(client, regulator)
    email = await create_user_direct(db, "regulator")
    visitor = await visit(language, mobile=True)
    page, t = visitor.page, visitor.t
    await visitor.login(email, PASSWORD)
    await visitor.goto(f"/ministry/licences/{licence['id']}")
    await visitor.shot("licence")

    # Someone else suspends it while this page is open.
    response = await act(client, regulator, licence["id"], "suspend", "Complaints from Osh")
    assert response.status_code == 200, response.text
    await page.fill("#f-suspend-reason", "Complaints from Bishkek")
    await _submit(visitor, "#act-suspend")
    await visitor.shot("changed-by-someone-else")
    assert t("Changed by someone else", "Изменено кем-то другим") in \
        await page.inner_text("#decisions .form-error")
    assert await page.inner_text("#licence-status") == t("Suspended", "Приостановлена")
    assert await _history_actions(db, licence["id"]) == [
        "apply", "start_review", "grant", "suspend"]
    # The page now offers what is possible from here.
    assert await page.is_visible("#act-reinstate")
    assert not await page.is_visible("#act-suspend")

    # Agency staff never reach these pages, and a licence that does not exist is named so.
    staff = await visit(language, mobile=True)
    await staff.login(agency.email, PASSWORD)
    refused = await staff.goto(f"/ministry/licences/{licence['id']}")
    await staff.shot("agency-staff-refused")
    assert refused.status == 403
    missing = await visitor.goto("/ministry/licences/999999999")
    await visitor.shot("no-such-licence")
    assert missing.status == 404


@pytest.mark.parametrize("language", LANGUAGES)
async def test_minimum_wages_routing_rules_and_watchlists(
        visit: Any, client: Any, db: Any, admin: dict[str, str], regulator: dict[str, str],
        language: str) -> None:
    email = await create_user_direct(db, "regulator")
    visitor = await visit(language)
    page, t = visitor.page, visitor.t
    await visitor.login(email, PASSWORD)

    # A minimum wage: a zero amount is refused beside it, the rest is kept; then it is set.
    country = fresh_country()
    await visitor.goto("/ministry/minimum-wages")
    await page.select_option("#f-country", country)
    await page.fill("#f-currency", "usd")
    await page.fill("#f-monthly_amount", "0")
    await _submit(visitor, "#set-wage form")
    await visitor.shot("wage-refused")
    assert await page.is_visible("#e-monthly_amount")
    assert await page.input_value("#f-country") == country
    assert await page.input_value("#f-currency") == "usd"
    await page.fill("#f-monthly_amount", "450.50")
    await page.fill("#f-max_weekly_hours", "40")
    await _submit(visitor, "#set-wage form")
    await visitor.shot("wage-set")
    row = page.locator("#wages tr", has_text=f"({country})")
    assert "USD" in await row.inner_text()
    assert "450.5" in (await row.inner_text()).replace(",", ".")
    assert "40" in await row.locator("td").nth(3).inner_text()

    # A routing rule: added, refused while its amount has no currency, then edited.
    agency, _ = await active_licence(client, regulator)
    j = await jurisdiction(client, admin, regulator, agency)
    case = await file_case(client, j)
    mission = await new_mission(client, admin, j.country, attaches=0)
    await visitor.goto("/ministry/routing-rules/new")
    name = unique("Wage claims ")
    await page.fill("#f-name", name)
    await page.select_option("#f-country", j.country)
    await page.select_option("#f-mission_id", str(mission.id))
    await page.check("#f-rule-kinds input[value=unpaid_wages]")
    await page.fill("#f-amount_min", "1000")
    await _submit(visitor, "#rule-form")
    await visitor.shot("rule-refused")
    assert await page.is_visible("#e-amount_currency")
    assert await page.input_value("#f-name") == name
    assert await page.is_checked("#f-rule-kinds input[value=unpaid_wages]")
    await page.fill("#f-amount_currency", "USD")
    await _submit(visitor, "#rule-form")
    await visitor.shot("rule-added")
    assert await page.inner_text(".flash") == t("The routing rule is added.",
                                                 "Правило маршрутизации добавлено.")
    rule_url = page.url
    await page.fill("#f-priority", "7")
    await page.fill("#f-region", "Almaty")
    await _submit(visitor, "#rule-form")
    await visitor.shot("rule-edited")
    assert await page.inner_text(".flash") == t("The routing rule is saved.",
                                                 "Правило маршрутизации сохранено.")
    assert page.url == rule_url
    assert await page.input_value("#f-priority") == "7"
    assert await page.input_value("#f-region") == "Almaty"
    await visitor.goto(f"/ministry/routing-rules?country={j.country}")
    await visitor.shot("rules")
    listed = page.locator("#rules tr", has_text=name)
    assert "Almaty" in await listed.inner_text()
    await listed.get_by_role("link").click()
    await page.wait_for_load_state()
    await _submit(visitor, "#deactivate-form")
    await visitor.shot("rule-deactivated")
    assert t("Inactive", "Не действует") in await page.inner_text("h1")

    # The decisions the jurisdiction's rule made.
    await visitor.goto(f"/ministry/routing-rules/{j.rule['id']}")
    await visitor.shot("rule-decisions")
    assert str(case["id"]) in await page.inner_text("#decisions")

    # An employer on the watchlist, and the barred persons.
    employer = unique("Stroy Invest ")
    await visitor.goto("/ministry/watchlist")
    await page.fill("#f-name", employer)
    await page.select_option("#f-country", "RU")
    await page.fill("#f-reason", "Passports withheld on three sites")
    await _submit(visitor, "#add-employer form")
    await visitor.shot("watchlist")
    assert employer in await page.inner_text("#watchlist")

    # Its end date: more than ten years ahead is refused beside the field, naming the
    # latest date allowed, with nothing written; a year ahead is kept, and audited.
    entry = await db.fetchval("SELECT id FROM watchlisted_employer WHERE name = $1", employer)
    row = f"#listing-{entry}"
    await page.click(f"{row} details.listing-until summary")
    too_far = date.today() + timedelta(days=365 * 10 + 10)
    await page.fill(f"#f-until-{entry}", too_far.isoformat())
    await page.fill(f"#f-until-reason-{entry}", "The inspection found more sites")
    await _submit(visitor, f"{row} details.listing-until form")
    await visitor.shot("watchlist-too-far")
    assert t("too far ahead: a listing ends by", "слишком далеко: срок в списке заканчивается "
             "не позднее") in await page.inner_text(f"#e-until-{entry}")
    assert await page.input_value(f"#f-until-reason-{entry}") == "The inspection found more sites"
    assert await db.fetchval("SELECT listed_until FROM watchlisted_employer WHERE id = $1",
                             entry) is None
    until = date.today() + timedelta(days=365)
    await page.fill(f"#f-until-{entry}", until.isoformat())
    await _submit(visitor, f"{row} details.listing-until form")
    await visitor.shot("watchlist-until-changed")
    assert employer in await page.inner_text(".flash")
    assert await db.fetchval("SELECT listed_until FROM watchlisted_employer WHERE id = $1",
                             entry) == until
    changes = await db.fetch(
        "SELECT reason, data FROM audit_entry WHERE entity_type = 'watchlisted_employer' "
        "AND entity_id = $1 AND action = 'change_watchlist_until'", str(entry))
    assert [(c["reason"], c["data"]["after"]) for c in changes] == [
        ("The inspection found more sites", until.isoformat())]
    await visitor.goto("/ministry/barred?every=true")
    await visitor.shot("barred")
    assert await page.inner_text("h1") == t("Barred persons", "Лица под запретом")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_rating_alert_is_closed_with_a_note(
        visit: Any, client: Any, db: Any, regulator: dict[str, str], language: str) -> None:
    agency, _ = await active_licence(client, regulator)
    alert_id = await db.fetchval(
        "INSERT INTO rating_alert (agency_id, reason, detail, threshold, window_days, "
        "observed, latest_observed) VALUES ($1, 'upheld_findings', "
        "'3 findings upheld in 365 days', 3, 365, 3, 3) RETURNING id", agency.id)
    email = await create_user_direct(db, "regulator")
    visitor = await visit(language, mobile=language == "ru")
    page, t = visitor.page, visitor.t
    await visitor.login(email, PASSWORD)
    await visitor.goto("/ministry/ratings")
    await visitor.shot("ratings")
    await visitor.goto("/ministry/alerts")
    await visitor.shot("alerts")
    card = f"#alert-{alert_id}"
    assert agency.body["legal_name"] in await page.inner_text(card)
    await page.fill(f"{card} textarea[name=note]", "ok")
    await _submit(visitor, f"{card} form")
    await visitor.shot("note-too-short")
    # The refusal says the limit missed, not a bare "too short".
    assert await page.inner_text(f"#e-alert-{alert_id}-note") == t(
        "Too short: at least 3 characters.",
        "Слишком коротко: символов должно быть не меньше 3.")
    note = "Visited the office; the contracts were put right"
    await page.fill(f"{card} textarea[name=note]", note)
    await _submit(visitor, f"{card} form")
    await visitor.shot("alert-closed")
    assert agency.body["legal_name"] in await page.inner_text(".flash")
    assert await page.locator(card).count() == 0
    await visitor.goto("/ministry/alerts?status=closed")
    await visitor.shot("closed-alerts")
    assert await page.inner_text(f"{card} .close-note") == note
    await visitor.goto(f"/ministry/agencies/{agency.id}")
    assert note in await page.inner_text("#rating")
