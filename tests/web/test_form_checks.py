"""Forms whose pages say a missing answer themselves, in the page's language: the browser is
told not to block them with its own English message first, and the page's words come back
beside the field; and the migrant's complaint form tells to choose the agency found only
while it is still to be chosen."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx

from tests import factories_disputes as fd
from tests.conftest import active_licence, register_agency, unique
from tests.factories_vacancies import attache, employer, licensed_agency, vacancy_in

TOKENS = re.compile(r'name="(csrf_token|form_token)" value="([^"]+)"')
FORM_TAG = re.compile(r'<form\b[^>]*\bid="([\w-]+)"[^>]*>')


def _browser(app: Any, headers: dict[str, str], language: str) -> httpx.AsyncClient:
    """A browser signed in as the holder of `headers`, reading pages in `language`."""
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.23"
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    browser = httpx.AsyncClient(transport=transport, base_url="http://vetted.test")
    browser.cookies.set("vetted_session", headers["Authorization"].split()[1],
                        domain="vetted.test")
    browser.cookies.set("vetted_lang", language, domain="vetted.test")
    return browser


def _form_tags(page: str) -> dict[str, str]:
    return {match.group(1): match.group(0) for match in FORM_TAG.finditer(page)}


async def test_the_attaches_reject_form_asks_for_its_reason_in_the_pages_language(
        app: Any, client: httpx.AsyncClient, admin: dict[str, str],
        regulator: dict[str, str]) -> None:
    agency, _licence = await licensed_agency(client, regulator, ["RU"])
    verifier = await attache(client, admin, "RU")
    vacancy = await vacancy_in(client, "submitted", agency=agency, attache_headers=verifier,
                               employer_id=(await employer(client, agency, "RU"))["id"])
    url = f"/mission/vacancies/{vacancy['id']}"
    async with _browser(app, verifier, "ru") as browser:
        page = (await browser.get(url)).text
        tags = _form_tags(page)
        # The browser would stop an empty reason with its own English «Please fill out
        # this field.»: the page says it instead, in Russian, beside the field.
        assert "novalidate" in tags["reject-form"], tags["reject-form"]
        assert "novalidate" in tags["verify-form"], tags["verify-form"]
        assert "required" in page[page.index('id="reject-form"'):], "the field stays marked"
        start = page.index('id="reject-form"')
        sent = dict(TOKENS.findall(page[start:])[:2])
        version = re.search(r'name="expected_version" value="(\d+)"', page[start:])
        assert version is not None
        refused = await browser.post(url, data={
            **sent, "action": "reject", "reason": "", "expected_version": version.group(1)})
        assert refused.status_code == 422, refused.text[:500]
        error = re.search(r'id="e-reason"[^>]*>([^<]+)<', refused.text)
        assert error is not None and error.group(1).strip() == "Укажите причину отказа."
    stored = await client.get(f"/vacancies/{vacancy['id']}", headers=verifier)
    assert stored.json()["status"] == "submitted", stored.text


async def test_the_settlement_forms_on_a_case_are_left_to_the_page_to_check(
        app: Any, client: httpx.AsyncClient, admin: dict[str, str],
        regulator: dict[str, str]) -> None:
    agency, _ = await active_licence(client, regulator)
    j = await fd.jurisdiction(client, admin, regulator, agency)
    case = await fd.case_in(client, j, "referred", regulator)
    member = j.body.members[0]
    async with _browser(app, member.headers, "ru") as browser:
        tags = _form_tags((await browser.get(f"/mission/cases/{case['id']}")).text)
    assert "novalidate" in tags["outcome-form"], tags["outcome-form"]


async def test_the_complaint_form_asks_to_choose_the_agency_only_while_none_is_chosen(
        app: Any, client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    tag = unique()
    one = await register_agency(client, name=f"Ala-Too Recruitment {tag} Bishkek")
    await register_agency(client, name=f"Ala-Too Recruitment {tag} Osh")
    migrant = await fd.new_migrant(client, await fd.new_centre(client, admin))
    assert migrant.headers is not None
    hint = "Uni quyida «Agentlik» maydonida tanlang."
    async with _browser(app, migrant.headers, "uz") as browser:
        # The only agency found is chosen already: nothing is left to choose.
        found = await browser.get("/me/disputes/new",
                                  params={"agency_q": f"Ala-Too Recruitment {tag} Bishkek"})
        assert found.status_code == 200, found.text[:500]
        assert re.search(rf'<option value="{one.id}"[^>]*selected', found.text)
        assert hint not in found.text
        # Two found, none chosen yet: the hint says where to choose.
        several = await browser.get("/me/disputes/new",
                                    params={"agency_q": f"Ala-Too Recruitment {tag}"})
        assert several.text.count('data-agency="') == 2
        assert hint in several.text
