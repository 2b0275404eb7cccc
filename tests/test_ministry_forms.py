"""The regulator's forms, sent as a browser sends them: every field's mistake is said at once
(not one more on each try), and dates past any sensible horizon are refused in words."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest

from registry.rules import add_years
from tests.conftest import act, apply, register_agency, unique

TOKENS = re.compile(r'name="(csrf_token|form_token)" value="([^"]+)"')


@pytest.fixture
async def page(app: Any, regulator: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    """The regulator's browser, in Russian."""
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.9"
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as c:
        c.cookies.set("vetted_session", regulator["Authorization"].split()[1],
                      domain="vetted.test")
        c.cookies.set("vetted_lang", "ru", domain="vetted.test")
        yield c


def _error(answer: httpx.Response, fid: str) -> str | None:
    found = re.search(rf'id="e-{fid}"[^>]*>([^<]+)<', answer.text)
    return found.group(1).strip() if found else None


async def test_a_grant_says_a_reason_too_long_and_a_start_too_far_at_once(
        client: httpx.AsyncClient, regulator: dict[str, str], page: httpx.AsyncClient
) -> None:
    agency = await register_agency(client)
    licence = await apply(client, agency)
    assert (await act(client, regulator, licence["id"], "start_review")).status_code == 200
    url = f"/ministry/licences/{licence['id']}"
    form = (await page.get(url)).text
    start = form.index('id="act-grant"')
    fields = dict(TOKENS.findall(form[start:]))
    version = re.search(r'name="expected_version" value="(\d+)"', form[start:])
    assert version is not None
    sent = await page.post(f"{url}/act", data={
        **fields, "action": "grant", "expected_version": version.group(1),
        "reason": "x" * 5000, "valid_from": "9999-12-31", "countries": ["RU"]})
    assert sent.status_code == 422, sent.text
    assert _error(sent, "grant-reason") == \
        "Слишком длинно: символов должно быть не больше 2\xa0000."
    assert _error(sent, "grant-valid_from") == \
        "Срок действия лицензии не может начинаться позже чем через 90 дней."
    held = (await client.get(f"/licences/{licence['id']}", headers=regulator)).json()
    assert held["status"] == "under_review"


async def test_a_watchlist_entry_lasts_at_most_ten_years(
        client: httpx.AsyncClient, regulator: dict[str, str], page: httpx.AsyncClient
) -> None:
    today = date.today()
    name = f"Far Works {unique()}"
    body = {"name": name, "country": "RU", "reason": "wages unpaid"}
    refused = await client.post("/watchlist/employers", headers=regulator,
                                json={**body, "listed_until": "9999-12-31"})
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "watchlist.until_too_far"
    assert refused.json()["field"] == "listed_until"
    latest = add_years(today, 10)
    kept = await client.post("/watchlist/employers", headers=regulator,
                             json={**body, "listed_until": latest.isoformat()})
    assert kept.status_code == 201, kept.text

    # On the page, with a reason too long besides: both said at once, nothing listed.
    other = f"Far Works {unique()}"
    form = (await page.get("/ministry/watchlist")).text
    sent = await page.post("/ministry/watchlist", data={
        **dict(TOKENS.findall(form)), "name": other, "country": "RU",
        "reason": "x" * 5000, "listed_until": "9999-12-31"})
    assert sent.status_code == 422, sent.text
    assert "слишком далеко" in sent.text and "10 лет" not in sent.text
    assert "Слишком длинно" in sent.text
    listed = (await client.get("/watchlist/employers", headers=regulator)).json()
    assert other not in {e["name"] for e in listed}
