"""Liveness and readiness: every engine the service needs, and the outbox being relayed."""

from __future__ import annotations

from tests.conftest import unique

READY = {"database": "ok", "broker": "ok", "search": "ok", "search_model": "ok",
         "outbox": "ok"}


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
