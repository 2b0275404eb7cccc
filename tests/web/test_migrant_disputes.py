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
        await page.click("#dispute-form button[type=submit]")
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
        await page.click("#dispute-form button[type=submit]")
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

