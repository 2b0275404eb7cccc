"""Liveness and readiness (every engine the service needs, and the outbox being relayed),
the API document, and request bodies bounded before anything reads them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from core.config import get_settings
from tests.conftest import Streamed, unique

READY = {"database": "ok", "broker": "ok", "search": "ok", "search_model": "ok",
         "outbox": "ok"}


def problem(response: httpx.Response, status: int, field: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["field"] == field and body["detail"], body
    return body


async def test_health_and_readiness(client, app):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    await app.state.embedder
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == READY


async def test_readiness_fails_naming_the_outbox_when_an_entry_waits_too_long(client, app, db):
    limit = app.state.settings.ready_outbox_max_age_seconds
    assert limit > 0
    # An entry nobody relays (no relay claims this topic), written longer ago than allowed.
    entry = await db.fetchval(
        "INSERT INTO outbox (topic, entity_id, created_at) "
        "VALUES ($1, 0, now() - make_interval(secs => $2)) RETURNING id",
        unique("test.stale-"), limit + 3600)
    try:
        ready = await client.get("/readyz")
        assert ready.status_code == 503
        body = ready.json()
        assert body["status"] == "not ready"
        assert body["checks"]["outbox"].startswith("stale: the oldest entry not yet relayed")
        assert f"limit {limit:.0f} s" in body["checks"]["outbox"]
        assert {k: v for k, v in body["checks"].items() if k != "outbox"} == {
            k: v for k, v in READY.items() if k != "outbox"}
    finally:
        await db.execute("DELETE FROM outbox WHERE id = $1", entry)
    assert (await client.get("/readyz")).status_code == 200


async def test_openapi_document_lists_the_registry(client):
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert "/public/licences" in paths
    assert "/licences/{licence_id}/transitions" in paths


# --- bodies are bounded before anything reads them ---------------------------------------

MB = 1024 * 1024


@pytest.mark.parametrize(("content_type", "head"), [
    ("application/json", b'"'),
    ("application/x-www-form-urlencoded", b"a="),
    ("multipart/form-data; boundary=x",
     b'--x\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n'),
], ids=["json", "form", "multipart"])
async def test_a_body_past_the_limit_is_refused_as_it_streams(client, content_type, head):
    """200 MB sent in chunks, no Content-Length: the reading stops at the limit."""
    limit = get_settings().max_body_bytes
    body = Streamed(200 * MB, head=head)
    response = await client.request("GET", "/healthz", content=body,
                                    headers={"Content-Type": content_type})
    answer = problem(response, 413, "body")
    assert answer["limit_bytes"] == limit and str(limit) in answer["detail"]
    assert limit < body.sent <= limit + Streamed.CHUNK


async def test_a_declared_length_past_the_limit_is_refused_unread(client):
    body = Streamed(200 * MB)
    response = await client.request("GET", "/healthz", content=body, headers={
        "Content-Type": "application/json", **body.declared()})
    problem(response, 413, "body")
    assert body.sent == 0


async def test_a_body_nobody_reads_is_not_read(client):
    body = Streamed(200 * MB)
    response = await client.request("GET", "/healthz", content=body)
    assert response.json() == {"status": "ok"}
    assert body.sent == 0


async def test_the_limit_itself_is_accepted(client):
    """The control: a JSON body of exactly the limit is read and passed on."""
    limit = get_settings().max_body_bytes
    text = b'"' + b"a" * (limit - 2) + b'"'
    response = await client.request("GET", "/healthz", content=text,
                                    headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    problem(await client.request("GET", "/healthz", content=text + b" ",
                                 headers={"Content-Type": "application/json"}), 413, "body")


async def test_a_page_says_in_its_reader_language_that_a_body_is_too_large(client):
    response = await client.post("/login", content=Streamed(2 * MB), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "ru"})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert "Слишком большой запрос" in response.text
    # It names the limit, in the reader's units, and says how to keep what was typed.
    assert "больше 1 МБ" in response.text and "«Назад»" in response.text
