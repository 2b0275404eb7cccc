"""A migrant's own disputes through the API, against the real engines: they file for
themself (against a registered agency in any licence state, or a recruiter not in the
register), add evidence and messages; nobody else's migrant reads or adds to the case;
oversized evidence is refused whole; a repeated filing joins its open case; the attaché
reads what the migrant sent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest

from core.config import get_settings
from tests.conftest import Agency, act, active_licence, bearer, create_user_direct, token_for
from tests.factories_disputes import (
    Jurisdiction,
    attache_of,
    dispute_body,
    jurisdiction,
    new_migrant,
    ok,
    problem,
)

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

pytestmark = pytest.mark.asyncio


@dataclass
class World:
    admin: dict[str, str]
    regulator: dict[str, str]
    j: Jurisdiction
    suspended: Agency


@pytest.fixture(scope="module")
async def world(app: Any, engines: dict[str, str]) -> AsyncIterator[World]:
    transport = httpx.ASGITransport(app=app, client=("10.252.7.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as c:
        conn = await asyncpg.connect(engines["database_url"])
        try:
            regulator = bearer(await token_for(c, await create_user_direct(conn, "regulator")))
            admin = bearer(await token_for(c, await create_user_direct(conn, "admin")))
        finally:
            await conn.close()
        agency, _ = await active_licence(c, regulator)
        suspended, licence = await active_licence(c, regulator)
        ok(await act(c, regulator, licence["id"], "suspend", reason="wages unpaid"))
        yield World(admin, regulator, await jurisdiction(c, admin, regulator, agency),
                    suspended)


async def rows(db: asyncpg.Connection, table: str, dispute_id: int) -> int:
    found: int = await db.fetchval(f"SELECT count(*) FROM {table} WHERE dispute_id = $1",
                                   dispute_id)
    return found


async def test_a_migrant_files_adds_evidence_and_writes_and_the_attache_reads_it(
        client, world, db):
    j = world.j
    migrant = await new_migrant(client, j.centre)
    assert migrant.headers is not None
    body = dispute_body(j)
    filed = await client.post("/disputes", headers=migrant.headers, json=body)
    case = ok(filed, 201)
    assert case["migrant_id"] == migrant.id and case["filed_by_role"] == "migrant"
    assert filed.headers["location"] == f"/disputes/{case['id']}"
    assert case["mission_id"] == j.mission.id and case["assigned_attache_id"] is not None
    # The migrant sees it among their own, with its stage and deadline.
    mine = ok(await client.get("/disputes", headers=migrant.headers))
    assert [d["id"] for d in mine] == [case["id"]]
    assert mine[0]["stage"] == "acknowledge" and mine[0]["stage_deadline"]

    added = ok(await client.post(f"/disputes/{case['id']}/evidence", headers=migrant.headers,
                                 files=[("files", ("pay slip.pdf", PDF, "application/pdf"))]),
               201)
    assert [f["uploaded_by_role"] for f in added] == ["migrant"]
    message = ok(await client.post(
        f"/disputes/{case['id']}/messages", headers=migrant.headers,
        json={"body": "  The employer now says he will pay in spring.  "}), 201)
    assert message["body"] == "The employer now says he will pay in spring."
    assert message["author_role"] == "migrant"
    problem(await client.post(f"/disputes/{case['id']}/messages", headers=migrant.headers,
                              json={"body": "   "}), 422, "body")

    attache = attache_of(j, case)
    seen = ok(await client.get(f"/disputes/{case['id']}/messages", headers=attache.headers))
    assert [m["body"] for m in seen] == [message["body"]]
    evidence = ok(await client.get(f"/disputes/{case['id']}/evidence",
                                   headers=attache.headers))
    assert [f["filename"] for f in evidence] == ["pay slip.pdf"]
    answer = ok(await client.post(f"/disputes/{case['id']}/messages", headers=attache.headers,
                                  json={"body": "I have written to the employer."}), 201)
    thread = ok(await client.get(f"/disputes/{case['id']}/messages", headers=migrant.headers))
    assert [m["id"] for m in thread] == [message["id"], answer["id"]]
    assert thread[1]["author_role"] == "attache"
    # The agency concerned reads neither the messages nor their text in the history.
    problem(await client.get(f"/disputes/{case['id']}/messages",
                             headers=j.agency.headers), 403)
    history = ok(await client.get(f"/disputes/{case['id']}/history", headers=j.agency.headers))
    assert "spring" not in str(history)
    assert [e["action"] for e in history["events"]].count("add_message") == 2
    # The audit log records that a message was written, never what it says.
    logged = await db.fetch("SELECT data::text AS data FROM audit_entry "
                            "WHERE entity_type = 'dispute' AND entity_id = $1 "
                            "AND action = 'add_message'", str(case["id"]))
    assert len(logged) == 2 and not any("spring" in r["data"] for r in logged)


async def test_a_migrant_files_against_a_suspended_agency_or_an_unregistered_recruiter(
        client, world):
    j = world.j
    migrant = await new_migrant(client, j.centre)
    assert migrant.headers is not None
    against = ok(await client.post("/disputes", headers=migrant.headers,
                                   json=dispute_body(j, agency_id=world.suspended.id)), 201)
    assert against["agency_id"] == world.suspended.id
    recruiter = dispute_body(j, kind="recruitment_fees", agency_id=None, recruiter={
        "full_name": "Bakyt Recruiter", "phone": "+996 700 111 222",
        "found_via": "social_media"})
    case = ok(await client.post("/disputes", headers=migrant.headers, json=recruiter), 201)
    assert case["agency_id"] is None and case["recruiter"]["full_name"] == "Bakyt Recruiter"
    # The recruiter rules hold as for a centre: "another way" is said in words.
    refused = problem(await client.post("/disputes", headers=migrant.headers, json=dispute_body(
        j, kind="other", agency_id=None, recruiter={
            "full_name": "Bakyt Recruiter", "phone": "+996 700 111 222",
            "found_via": "other"})), 422)
    assert refused["code"] == "recruiter.found_via_detail"
    # Filing for somebody else is refused.
    other = await new_migrant(client, j.centre, login=False)
    problem(await client.post("/disputes", headers=migrant.headers, json=dispute_body(
        j, kind="other", migrant_id=other.id)), 422, "migrant_id")


async def test_another_migrant_neither_reads_nor_adds_to_the_case(client, world, db):
    j = world.j
    owner = await new_migrant(client, j.centre)
    stranger = await new_migrant(client, j.centre)
    assert owner.headers is not None and stranger.headers is not None
    case = ok(await client.post("/disputes", headers=owner.headers, json=dispute_body(j)), 201)
    base = f"/disputes/{case['id']}"
    for answer in (
        await client.get(base, headers=stranger.headers),
        await client.get(f"{base}/history", headers=stranger.headers),
        await client.get(f"{base}/messages", headers=stranger.headers),
        await client.get(f"{base}/evidence", headers=stranger.headers),
        await client.post(f"{base}/messages", headers=stranger.headers,
                          json={"body": "Let me in."}),
        await client.post(f"{base}/evidence", headers=stranger.headers,
                          files=[("files", ("x.pdf", PDF, "application/pdf"))]),
    ):
        problem(answer, 404)
    assert ok(await client.get("/disputes", headers=stranger.headers)) == []
    assert await rows(db, "dispute_message", case["id"]) == 0
    assert await rows(db, "dispute_evidence", case["id"]) == 0


async def test_oversized_evidence_is_refused_whole_with_its_limit(client, world, db, app,
                                                                  monkeypatch):
    j = world.j
    migrant = await new_migrant(client, j.centre)
    assert migrant.headers is not None
    case = ok(await client.post("/disputes", headers=migrant.headers, json=dispute_body(j)), 201)
    monkeypatch.setattr(get_settings(), "evidence_max_bytes", 4096)
    big = PDF + b"0" * 5000
    refused = problem(await client.post(
        f"/disputes/{case['id']}/evidence", headers=migrant.headers,
        files=[("files", ("contract.pdf", PDF, "application/pdf")),
               ("files", ("photos.pdf", big, "application/pdf"))]), 413)
    assert refused["field"] == "files[1]" and refused["code"] == "evidence.too_large"
    assert "'photos.pdf' is larger than the limit of 4 KB" in refused["detail"]
    assert refused["params"] == {"name": "photos.pdf", "limit": "4 KB", "limit_bytes": 4096}
    # Past the whole sending's limit, nothing of the body is read.
    # The body limit reads the settings the app was made with (another test may have
    # made get_settings() anew since).
    monkeypatch.setattr(app.state.settings, "upload_max_body_bytes", 8192)
    whole = problem(await client.post(
        f"/disputes/{case['id']}/evidence", headers=migrant.headers,
        files=[("files", ("huge.pdf", PDF + b"0" * 20_000, "application/pdf"))]), 413)
    assert "8192 bytes" in whole["detail"] and "nothing was saved" in whole["detail"]
    assert await rows(db, "dispute_evidence", case["id"]) == 0
    events = ok(await client.get(f"/disputes/{case['id']}/history", headers=migrant.headers))
    assert "add_evidence" not in [e["action"] for e in events["events"]]


async def test_a_repeated_filing_joins_the_open_case(client, world, db):
    j = world.j
    migrant = await new_migrant(client, j.centre)
    assert migrant.headers is not None
    first = ok(await client.post("/disputes", headers=migrant.headers,
                                 json=dispute_body(j)), 201)
    again = await client.post("/disputes", headers=migrant.headers, json=dispute_body(
        j, description="Still nothing paid, and now they do not answer the phone."))
    joined = ok(again, 200)
    assert joined["joined"] is True and joined["id"] == first["id"]
    assert again.headers["location"] == f"/disputes/{first['id']}"
    assert await db.fetchval("SELECT count(*) FROM dispute WHERE migrant_id = $1",
                             migrant.id) == 1
    # What they wrote the second time is on their own page of the case, not only the API's.
    page = await client.get(f"/me/disputes/{first['id']}", headers={
        "Cookie": f"vetted_session={migrant.headers['Authorization'].split()[1]}"})
    assert page.status_code == 200
    assert "now they do not answer the phone" in page.text
    # Filed by the migrant alone, their centre (which does not follow the case) is told its
    # reference, and nothing is written.
    centre = problem(await client.post("/disputes", headers=j.centre.headers,
                                       json=dispute_body(j, migrant_id=migrant.id)), 409)
    assert centre["code"] == "dispute.already_open"
    assert (centre["dispute_id"], centre["reference"]) == (first["id"], first["reference"])
    assert await db.fetchval("SELECT count(*) FROM dispute WHERE migrant_id = $1",
                             migrant.id) == 1


async def test_a_closed_case_takes_no_more_messages(client, world, db):
    j = world.j
    migrant = await new_migrant(client, j.centre)
    assert migrant.headers is not None
    case = ok(await client.post("/disputes", headers=migrant.headers, json=dispute_body(j)), 201)
    ok(await client.post(f"/disputes/{case['id']}/transitions", headers=migrant.headers,
                         json={"action": "withdraw", "reason": "the employer paid in full"}))
    refused = problem(await client.post(f"/disputes/{case['id']}/messages",
                                        headers=migrant.headers,
                                        json={"body": "One more thing."}), 409)
    assert refused["code"] == "dispute.case_over"
    assert await rows(db, "dispute_message", case["id"]) == 0
