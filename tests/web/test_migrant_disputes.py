"""A migrant's own disputes in a browser, in English (on a phone) and in Russian: they file
a dispute themself with a file, a refused form keeps what was typed and its marks, the case
page names who handles it, the migrant writes to the attaché and adds evidence, and the
attaché reads both on the case."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests import factories_disputes as fd
from tests.conftest import PASSWORD, active_licence
from tests.factories_vacancies import attache, employer, licensed_agency, vacancy_in
from tests.web.conftest import LANGUAGES, Visitor

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


async def _look(visitor: Visitor, name: str) -> None:
    """A screenshot; on a phone, also that nothing is wider than its screen."""
    await visitor.shot(name)
    width = visitor.page.viewport_size["width"]
    if width < 600:
        used = await visitor.page.evaluate("document.documentElement.scrollWidth")
        assert used <= width, f"{name}: the page is {used}px wide on a {width}px screen"


@pytest.fixture
async def place(client: httpx.AsyncClient, regulator: dict[str, str], admin: dict[str, str]
                ) -> dict[str, Any]:
    agency, _licence = await active_licence(client, regulator)
    j = await fd.jurisdiction(client, admin, regulator, agency)
    migrant = await fd.new_migrant(client, j.centre)
    mission = fd.ok(await client.get(f"/missions/{j.mission.id}", headers=admin))
    body = fd.ok(await client.get(f"/settlement-bodies/{j.body.id}", headers=admin))
    return {"j": j, "migrant": migrant, "agency_name": agency.body["legal_name"],
            "mission": mission["name"], "body": body["name"]}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_migrant_files_a_dispute_writes_and_adds_evidence_the_attache_reads_it(
        visit: Any, client: httpx.AsyncClient, place: dict[str, Any], language: str
) -> None:
    j, migrant = place["j"], place["migrant"]
    visitor = await visit(language, mobile=language == "en")
    page, t = visitor.page, visitor.t
    await visitor.login(migrant.record["email"], PASSWORD)
    await visitor.goto("/me/disputes")
    await _look(visitor, "no-disputes")
    # One word for one thing: the list, its button and the way back name it alike.
    assert await page.inner_text("h1") == t("My disputes", "Мои жалобы")
    assert await page.inner_text("#file-dispute") == t("File a dispute", "Подать жалобу")
    async with page.expect_navigation():
        await page.click("#file-dispute")
    await _look(visitor, "new-dispute")
    assert await page.inner_text("main p a[href='/me/disputes']") == t(
        "Back to my disputes", "К моим жалобам")
    # The case goes to the attaché; the settlement body only if mediation does not settle it.
    said = await page.inner_text("main p.muted >> nth=0")
    assert t("goes at once to the labour attaché for the place where you work",
             "сразу попадает к трудовому атташе по месту вашей работы") in said
    assert t("the attaché passes it to the settlement body",
             "атташе передаст его в орган по спорам") in said

    # The country of work offers where migrants go first, Russia at the top.
    offered = await page.locator("#f-country option").evaluate_all(
        "options => options.map(o => o.value).filter(v => v)")
    assert offered[:2] == ["RU", "KZ"], offered[:5]
    await page.select_option("#f-kind", "unpaid_wages")
    await page.fill("#f-description", "Unpaid.")  # too short: refused
    await page.select_option("#f-agency_id", str(j.agency.id))
    await page.select_option("#f-country", j.country)
    await page.fill("#f-region", j.region)
    await page.fill("#f-claimed_amount", "1200")
    await page.select_option("#f-claimed_currency", "USD")
    async with page.expect_navigation():
        await page.click("#dispute-form button.primary")
    await _look(visitor, "refused")
    assert await page.get_attribute("#f-description", "aria-invalid") == "true"
    assert await page.input_value("#f-region") == j.region
    assert await page.input_value("#f-agency_id") == str(j.agency.id)
    # The required fields keep their mark (and their required attribute, which an error's
    # attributes once ran into) when the form comes back.
    for name in ("kind", "description", "country", "region"):
        assert await page.locator(f"label[for=f-{name}] .req").count() == 1, name
        assert await page.get_attribute(f"#f-{name}", "required") is not None, name

    statement = t("No wages were paid for three months on the site.",
                  "Три месяца на объекте не платили зарплату.")
    await page.fill("#f-description", statement)
    await page.set_input_files("#f-files", files=[{
        "name": "payslip.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    async with page.expect_navigation():
        await page.click("#dispute-form button.primary")
    await _look(visitor, "case")
    assert "/me/disputes/" in page.url
    dispute_id = int(page.url.rsplit("/", 1)[-1].split("#")[0])
    assert t("is filed and sent to the labour attaché", "подано и направлено трудовому "
             "атташе") in await page.content()
    handling = await page.inner_text("#handling")
    assert place["mission"] in handling
    assert t("Labour attaché", "Трудовой атташе") in handling
    assert place["body"] in handling
    assert "payslip.pdf" in await page.inner_text("#evidence")
    assert place["agency_name"] in await page.inner_text("#case")

    words = t("The employer now promises to pay in spring.",
              "Работодатель теперь обещает заплатить весной.")
    await page.fill("#f-body", words)
    async with page.expect_navigation():
        await page.click("#message-form button[type=submit]")
    await _look(visitor, "message")
    assert words in await page.inner_text("#messages")
    await page.set_input_files("#f-files", files=[{
        "name": "contract.pdf", "mimeType": "application/pdf", "buffer": PDF + b"%more"}])
    async with page.expect_navigation():
        await page.click("#evidence-form button[type=submit]")
    assert "contract.pdf" in await page.inner_text("#evidence")
    # A file that is not what it says is refused in words, and nothing is added.
    await page.set_input_files("#f-files", files=[{
        "name": "photo.png", "mimeType": "image/png", "buffer": b"not an image at all"}])
    async with page.expect_navigation():
        await page.click("#evidence-form button[type=submit]")
    await _look(visitor, "evidence-refused")
    refusal = await page.inner_text("#evidence-form")
    assert "photo.png" in refusal
    assert t("not one of the accepted types", "не относится к допустимым типам") in refusal
    assert "photo.png" not in await page.locator("#evidence ul").inner_text()

    await visitor.goto("/me/disputes")
    await _look(visitor, "disputes")
    row = await page.inner_text(f"#disputes tr[data-dispute='{dispute_id}']")
    assert place["mission"] in row and place["agency_name"] in row
    assert t("takes up your case by", "возьмёт ваше дело в работу до") in row

    # A case that is not theirs reads as absent.
    response = await visitor.goto(f"/me/disputes/{dispute_id + 10_000_000}")
    assert response.status == 404

    # The attaché reads the message and the files on the case.
    assert migrant.headers is not None
    case = fd.ok(await client.get(f"/disputes/{dispute_id}", headers=migrant.headers))
    assigned = next(a for a in j.mission.attaches if a.id == case["assigned_attache_id"])
    staff = await visit(language)
    await staff.login(assigned.email, PASSWORD)
    await staff.goto(f"/mission/cases/{dispute_id}")
    await _look(staff, "attache-case")
    assert words in await staff.page.inner_text("#messages")
    files = await staff.page.inner_text("#evidence")
    assert "payslip.pdf" in files and "contract.pdf" in files
    # A small file's size reads in bytes, as on the migrant's page, never as "0 KB".
    assert t(f"{len(PDF)} bytes", f"{len(PDF)} байт") in files and "0 KB" not in files



@pytest.fixture
async def referred(client: httpx.AsyncClient, regulator: dict[str, str],
                   admin: dict[str, str], place: dict[str, Any]) -> dict[str, Any]:
    """The place's migrant, referred by their centre to a job in Russia of another agency
    than the place's."""
    j = place["j"]
    agency, _licence = await licensed_agency(client, regulator, ["RU"])
    vacancy = await vacancy_in(client, "published", agency=agency,
                               attache_headers=await attache(client, admin, "RU"),
                               employer_id=(await employer(client, agency, "RU"))["id"])
    screened = await client.put(f"/migrants/{place['migrant'].id}/prescreening",
                                headers=j.centre.headers, json={
                                    "passport_valid": True, "medical_check": True,
                                    "orientation_done": True, "skills_test_passed": True})
    assert screened.status_code == 200, screened.text
    referral = fd.ok(await client.post("/referrals", headers=j.centre.headers, json={
        "migrant_id": place["migrant"].id, "vacancy_id": vacancy["id"]}), 201)
    return {"referral": referral, "agency": agency, "name": agency.body["legal_name"]}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_finding_the_agency_keeps_what_was_typed_and_every_error_shows_at_once(
        visit: Any, client: httpx.AsyncClient, place: dict[str, Any],
        referred: dict[str, Any], language: str) -> None:
    """Looking the agency up after writing what happened loses none of it (the search is a
    button of the filing form); a referral to another agency's job in another country is
    refused on both counts at once, each beside its field."""
    j, migrant = place["j"], place["migrant"]
    visitor = await visit(language, mobile=True)
    page, t = visitor.page, visitor.t
    await visitor.login(migrant.record["email"], PASSWORD)
    await visitor.goto("/me/disputes/new")
    description = "The agency took 35000 som from me and never sent me to the job."
    await page.select_option("#f-kind", "recruitment_fees")
    await page.fill("#f-description", description)
    await page.fill("#f-claimed_amount", "35000")
    await page.select_option("#f-claimed_currency", "USD")
    await page.fill("#f-region", j.region)
    await page.fill("#f-agency_q", referred["name"])
    async with page.expect_navigation():
        await page.click("#agency-search button")
    await _look(visitor, "agency-found")
    assert referred["name"] in await page.inner_text("#agency-results")
    assert await page.input_value("#f-agency_id") == str(referred["agency"].id)
    assert await page.input_value("#f-kind") == "recruitment_fees"
    assert await page.input_value("#f-description") == description
    assert await page.input_value("#f-claimed_amount") == "35000"
    assert await page.input_value("#f-claimed_currency") == "USD"
    assert await page.input_value("#f-region") == j.region
    assert await page.input_value("#f-agency_q") == referred["name"]

    # The referral's job is another agency's, in another country than the one chosen.
    await page.select_option("#f-referral_id", str(referred["referral"]["id"]))
    await page.select_option("#f-agency_id", str(j.agency.id))
    await page.select_option("#f-country", j.country)
    async with page.expect_navigation():
        await page.click("#dispute-form button.primary")
    await _look(visitor, "two-errors")
    assert await page.inner_text("#e-agency_id") == t(
        "This referral was to a job of another agency.",
        "Это направление было на вакансию другого агентства.")
    assert t("This job is in another country", "Эта работа в другой стране") in \
        await page.inner_text("#e-country")
    assert await page.input_value("#f-description") == description
    assert migrant.headers is not None
    assert fd.ok(await client.get("/disputes", headers=migrant.headers)) == []


@pytest.mark.parametrize(("language", "asked"), [
    ("en", "Write the message."), ("ru", "Напишите сообщение."), ("uz", "Xabarni yozing."),
    ("tg", "Паёмро нависед."),
])
async def test_an_empty_message_is_asked_for_and_the_case_number_does_not_break(
        visit: Any, client: httpx.AsyncClient, place: dict[str, Any], language: str,
        asked: str) -> None:
    """On a phone: an empty message is asked for in plain words, not as "too short", and
    the case number keeps together at its hyphens, in the heading, the list and the notices
    alike."""
    j, migrant = place["j"], place["migrant"]
    case = await fd.file_case(client, j, migrant)
    number = case["reference"].replace("-", "\u2011")
    visitor = await visit(language, mobile=True)
    page = visitor.page
    await visitor.login(migrant.record["email"], PASSWORD)
    await visitor.goto(f"/me/disputes/{case['id']}")
    assert number in await page.inner_text("h1")
    async with page.expect_navigation():
        await page.click("#message-form button[type=submit]")
    await _look(visitor, "empty-message")
    assert await page.inner_text("#e-body") == asked

    await visitor.goto("/me/disputes")
    assert number in await page.inner_text("#disputes")
    await visitor.goto("/me")
    notices = await page.inner_text("#notices")
    assert number in notices and case["reference"] not in notices
