"""The agency sign-up page runs on the shared form runner: a refusal by the registry is
placed beside its field under the status the API gives it, nothing is written, and a
registration signs its first staff member in (one sending of a form registers once)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import asyncpg
import httpx

from tests.conftest import PASSWORD, unique

TOKENS = re.compile(r'name="(csrf_token|form_token)" value="([^"]+)"')


def _browser(app: Any) -> httpx.AsyncClient:
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.9"
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    client = httpx.AsyncClient(transport=transport, base_url="http://vetted.test")
    client.cookies.set("vetted_lang", "en", domain="vetted.test")
    return client


async def _form(browser: httpx.AsyncClient, **typed: str) -> dict[str, str]:
    """A fresh sign-up form's tokens and a complete, valid agency."""
    tag = unique()
    fields = dict(TOKENS.findall((await browser.get("/agency/register")).text))
    assert set(fields) == {"csrf_token", "form_token"}
    return {**fields, "legal_name": f"Form Runner Agency {tag}",
            "registration_number": f"REG-{tag}", "country": "KG",
            "address": "12 Chui Avenue, Bishkek", "email": f"office-{tag}@example.kg",
            "phone": "+996 312 123456",
            "people-0-full_name": f"Aibek Sadyrov {tag}", "people-0-role": "owner",
            "people-0-date_of_birth": "1980-04-12", "people-0-document_country": "KG",
            "people-0-document_number": unique("AN"),
            "account.full_name": "Aida Staff", "account.email": f"staff-{tag}@example.kg",
            "account.password": PASSWORD, "account.password_again": PASSWORD, **typed}


async def _agencies(db: asyncpg.Connection, registration_number: str) -> int:
    count: int = await db.fetchval(
        "SELECT count(*) FROM agency WHERE registration_number = $1", registration_number)
    return count


async def test_sign_up_refusals_are_placed_with_the_api_s_status_and_a_success_signs_in(
        app: Any, db: asyncpg.Connection) -> None:
    async with _browser(app) as browser:
        first = await _form(browser)
        done = await browser.post("/agency/register", data=first)
        assert done.status_code == 303 and done.headers["location"] == "/agency"
        assert "vetted_session" in done.cookies
        assert await _agencies(db, first["registration_number"]) == 1

        # The same form sent again (signed in now, so under the new session's CSRF token)
        # goes where the first went and registers nothing more.
        resent = {**first, "csrf_token": (await _form(browser))["csrf_token"]}
        again = await browser.post("/agency/register", data=resent)
        assert again.status_code == 303 and again.headers["location"] == "/agency"
        assert await _agencies(db, first["registration_number"]) == 1

        # The same agency again: a conflict, beside the registration number.
        twice = await _form(browser, registration_number=first["registration_number"])
        refused = await browser.post("/agency/register", data=twice)
        assert refused.status_code == 409
        assert 'id="e-registration_number"' in refused.text
        assert await _agencies(db, first["registration_number"]) == 1

        # An account e-mail in use: the input is refused (422), beside the e-mail, and the
        # agency the registry began to write is not left behind.
        taken = await _form(browser, **{"account.email": first["account.email"]})
        refused = await browser.post("/agency/register", data=taken)
        assert refused.status_code == 422
        assert 'id="e-account.email"' in refused.text
        assert await _agencies(db, taken["registration_number"]) == 0
        # The password typed is never sent back into the page.
        assert PASSWORD not in refused.text


async def test_an_owners_date_of_birth_is_refused_in_the_pages_language(
        app: Any, db: asyncpg.Connection) -> None:
    """The Russian page said «Date of birth must be in the past» in English."""
    async with _browser(app) as browser:
        browser.cookies.set("vetted_lang", "ru", domain="vetted.test")
        for born, words in (("2031-05-05", "Дата рождения должна быть в прошлом."),
                            ("1900-01-01", "Такая ранняя дата рождения не может быть верной."),
                            ("2015-01-01", "Владельцу или руководителю должно быть не меньше "
                                           "18 лет.")):
            form = await _form(browser, **{"people-0-date_of_birth": born})
            refused = await browser.post("/agency/register", data=form)
            assert refused.status_code == 422, born
            assert words in refused.text, born
            assert await _agencies(db, form["registration_number"]) == 0
