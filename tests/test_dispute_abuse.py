"""Filing disputes cannot be abused, and a case tells no one more than they may know:
a second filing of one complaint joins its open case (also when two arrive at the same
moment), filings per complainant are limited per day, the agency concerned learns that
evidence was added but nothing about the files, and evidence is named after what its
bytes are. The pure rules first, table-driven; then the API against the real engines."""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest

from disputes.evidence_files import named_as
from disputes.rules import complainant_key, event_data_for, party_key
from tests.conftest import Agency, active_licence, bearer, create_user_direct, token_for
from tests.factories_disputes import (
    Jurisdiction,
    attache_of,
    dispute_body,
    file_case,
    jurisdiction,
    new_migrant,
    ok,
    problem,
    stepped,
)

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200) + b"\xff\xd9"


# --- the pure rules -------------------------------------------------------------------------


@pytest.mark.parametrize(("migrant_id", "name", "phone", "home", "key"), [
    (7, "Aibek Toktogulov", "+996 555 123456", "KG", "migrant:7"),
    (7, "Someone Else", None, None, "migrant:7"),  # the record decides, not the words
    (None, "Dilnoza Karimova", "+7 (900) 111-22-33", "KG", "phone:79001112233"),
    (None, "Dilnoza Karimova", "8 900 111 22 33", "KG", "phone:79001112233"),
    (None, "Dilnoza Karimova", "0555 123 456", "KG", "phone:996555123456"),
    (None, "Karimova Dilnoza", "12", "KG", "name:dilnoza karimova"),  # no usable phone
    (None, "Dilnoza Karimova", None, None, "name:dilnoza karimova"),
])
def test_who_complains(migrant_id: int | None, name: str, phone: str | None,
                       home: str | None, key: str) -> None:
    found = complainant_key(migrant_id=migrant_id, name=name, phone=phone, home=home)
    if key.startswith("name:"):
        assert found.startswith("name:")
        # Spelling-tolerant and in any word order, as recruiters' names are.
        assert found == complainant_key(migrant_id=None, name="Dilnoza Karimova", phone=None,
                                        home=None)
    else:
        assert found == key


@pytest.mark.parametrize(("agency_id", "recruiter_phone_key", "key"), [
    (3, None, "agency:3"),
    (3, "996555123456", "agency:3"),
    (None, "996555123456", "recruiter:996555123456"),
])
def test_against_whom(agency_id: int | None, recruiter_phone_key: str | None, key: str) -> None:
    assert party_key(agency_id=agency_id, recruiter_phone_key=recruiter_phone_key) == key


def test_a_case_is_against_someone() -> None:
    with pytest.raises(ValueError):
        party_key(agency_id=None, recruiter_phone_key=None)


_FILES = {"files": [{"id": 4, "sha256": "ab" * 32, "size_bytes": 77,
                     "content_type": "application/pdf"},
                    {"id": 5, "sha256": "cd" * 32, "size_bytes": 80,
                     "content_type": "image/png"}]}


@pytest.mark.parametrize(("action", "data", "sees_evidence", "shown"), [
    ("add_evidence", _FILES, True, _FILES),
    ("add_evidence", _FILES, False, {"file_count": 2}),
    ("add_evidence", {}, False, {"file_count": 0}),
    ("assign", {"attache_id": 9}, False, {"attache_id": 9}),
    ("join", {"statement": "again"}, False, {"statement": "again"}),
])
def test_what_each_side_sees_of_a_step(action: str, data: dict[str, object],
                                        sees_evidence: bool, shown: dict[str, object]) -> None:
    assert event_data_for(action, data, sees_evidence=sees_evidence) == shown


@pytest.mark.parametrize(("name", "content_type", "kept"), [
    ("payslip.pdf", "application/pdf", "payslip.pdf"),
    ("payslip.PDF", "application/pdf", "payslip.pdf"),
    ("payslip.exe", "application/pdf", "payslip.pdf"),
    ("payslip.html", "application/pdf", "payslip.pdf"),
    ("photo.jpg", "image/png", "photo.png"),
    ("photo.JPEG", "image/jpeg", "photo.jpeg"),
    ("photo.png", "image/jpeg", "photo.jpg"),
    ("scan", "image/png", "scan.png"),
    ("Report 2.5 final", "application/pdf", "Report 2.5 final.pdf"),
    ("contract.pdf.exe", "application/pdf", "contract.pdf.pdf"),
])
def test_evidence_is_named_after_what_its_bytes_are(name: str, content_type: str,
                                                   kept: str) -> None:
    assert named_as(name, content_type) == kept


# --- against the real engines ---------------------------------------------------------------


@dataclass
class World:
    admin: dict[str, str]
    regulator: dict[str, str]
    other_agency: Agency
    j: Jurisdiction


@pytest.fixture(scope="module")
async def world(app: Any, engines: dict[str, str]) -> AsyncIterator[World]:
    transport = httpx.ASGITransport(app=app, client=("10.251.7.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as c:
        conn = await asyncpg.connect(engines["database_url"])
        try:
            regulator = bearer(await token_for(c, await create_user_direct(conn, "regulator")))
            admin = bearer(await token_for(c, await create_user_direct(conn, "admin")))
        finally:
            await conn.close()
        agency, _ = await active_licence(c, regulator)
        other, _ = await active_licence(c, regulator)
        yield World(admin, regulator, other, await jurisdiction(c, admin, regulator, agency))


async def count_cases(db: asyncpg.Connection, agency_id: int) -> int:
    found: int = await db.fetchval("SELECT count(*) FROM dispute WHERE agency_id = $1",
                                   agency_id)
    return found


async def events(client: httpx.AsyncClient, headers: dict[str, str], dispute_id: int
                 ) -> list[dict[str, Any]]:
    history = ok(await client.get(f"/disputes/{dispute_id}/history", headers=headers))
    found: list[dict[str, Any]] = history["events"]
    return found


@pytest.mark.asyncio
async def test_the_same_complaint_joins_its_open_case(client, world, db):
    j = world.j
    migrant = await new_migrant(client, j.centre)
    first = await file_case(client, j, migrant)
    before = await count_cases(db, j.agency.id)

    again = await client.post("/disputes", headers=j.centre.headers, json=dispute_body(
        j, migrant_id=migrant.id, description="They still have not paid; now four months."))
    joined = ok(again, 200)
    assert joined["joined"] is True and first["joined"] is False
    assert joined["id"] == first["id"] and joined["reference"] == first["reference"]
    assert again.headers["location"] == f"/disputes/{first['id']}"
    assert await count_cases(db, j.agency.id) == before
    # What the second filing said is in the case's history, for those who handle it.
    attache = attache_of(j, first)
    for headers in (j.centre.headers, attache.headers):
        [join] = [e for e in await events(client, headers, first["id"]) if e["action"] == "join"]
        assert join["data"]["statement"] == "They still have not paid; now four months."
        assert join["actor_role"] == "centre_staff"
    notices = ok(await client.get("/notifications", headers=attache.headers))
    assert any(n["kind"] == "dispute.joined" and first["reference"] in n["subject"]
               for n in notices)
    # ...and not in the audit log, which can never be erased.
    logged = await db.fetchval(
        "SELECT data::text FROM audit_entry WHERE entity_type = 'dispute' AND entity_id = $1 "
        "AND action = 'join'", str(first["id"]))
    assert logged is not None and "four months" not in logged

    # The migrant filing it themself joins the same case: they are the same complainant.
    assert migrant.headers is not None
    mine = ok(await client.post("/disputes", headers=migrant.headers,
                                json=dispute_body(j)), 200)
    assert (mine["id"], mine["joined"]) == (first["id"], True)

    # Another kind, or another agency, is another complaint.
    other_kind = ok(await client.post("/disputes", headers=j.centre.headers, json=dispute_body(
        j, migrant_id=migrant.id, kind="excessive_hours")), 201)
    other_agency = ok(await client.post("/disputes", headers=j.centre.headers,
                                        json=dispute_body(j, migrant_id=migrant.id,
                                                          agency_id=world.other_agency.id)),
                      201)
    assert len({first["id"], other_kind["id"], other_agency["id"]}) == 3
    assert not other_kind["joined"] and not other_agency["joined"]

    # Once the case is over, the same complaint opens a new one.
    await stepped(client, j.centre.headers, first["id"], "withdraw",
                  reason="filed by mistake")
    reopened = ok(await client.post("/disputes", headers=j.centre.headers,
                                    json=dispute_body(j, migrant_id=migrant.id)), 201)
    assert reopened["id"] != first["id"] and not reopened["joined"]


@pytest.mark.asyncio
async def test_a_complaint_someone_else_follows_is_refused_with_its_reference(
        client, world, db):
    j = world.j
    # The migrant filed alone: their centre does not follow that case...
    migrant = await new_migrant(client, j.centre)
    assert migrant.headers is not None
    own = ok(await client.post("/disputes", headers=migrant.headers, json=dispute_body(j)), 201)
    problem(await client.get(f"/disputes/{own['id']}", headers=j.centre.headers), 404)
    before = await count_cases(db, j.agency.id)
    # ...so the same complaint from the centre is refused, naming the case, writing nothing.
    refused = problem(await client.post("/disputes", headers=j.centre.headers,
                                        json=dispute_body(j, migrant_id=migrant.id)), 409, "kind")
    assert refused["code"] == "dispute.already_open"
    assert (refused["dispute_id"], refused["reference"]) == (own["id"], own["reference"])
    assert await count_cases(db, j.agency.id) == before
    assert [e["action"] for e in await events(client, migrant.headers, own["id"])
            ].count("join") == 0

    # An attaché files for a person without a record; another attaché of the mission, who
    # does not have the case, hears the same complaint (the number written another way).
    person = {"full_name": "Gulnara Asanova", "phone": "+7 900 555 7788"}
    first = ok(await client.post("/disputes", headers=j.mission.attaches[0].headers,
                                 json=dispute_body(j, complainant=person)), 201)
    handler = attache_of(j, first)
    other = next(a for a in j.mission.attaches if a.id != handler.id)
    before = await count_cases(db, j.agency.id)
    refused = problem(await client.post("/disputes", headers=other.headers, json=dispute_body(
        j, complainant={**person, "phone": "8 (900) 555-77-88"})), 409, "kind")
    assert refused["code"] == "dispute.already_open"
    assert (refused["dispute_id"], refused["reference"]) == (first["id"], first["reference"])
    assert await count_cases(db, j.agency.id) == before
    # The attaché who has the case joins it.
    joined = ok(await client.post("/disputes", headers=handler.headers,
                                  json=dispute_body(j, complainant=person)), 200)
    assert joined["id"] == first["id"]


@pytest.mark.asyncio
async def test_reports_of_one_recruiter_join_however_the_phone_was_written(client, world):
    j = world.j
    migrant = await new_migrant(client, j.centre)
    recruiter = {"full_name": "Bakyt Recruiterov", "phone": "+996 555 404 404",
                 "found_via": "street_market"}
    first = ok(await client.post("/disputes", headers=j.centre.headers, json=dispute_body(
        j, migrant_id=migrant.id, agency_id=None, recruiter=recruiter)), 201)
    again = ok(await client.post("/disputes", headers=j.centre.headers, json=dispute_body(
        j, migrant_id=migrant.id, agency_id=None,
        recruiter={**recruiter, "full_name": "Бакыт", "phone": "0555 404404"})), 200)
    assert again["id"] == first["id"]
    other = ok(await client.post("/disputes", headers=j.centre.headers, json=dispute_body(
        j, migrant_id=migrant.id, agency_id=None,
        recruiter={**recruiter, "phone": "+996 555 404 405"})), 201)
    assert other["id"] != first["id"]


async def _waiting_on_a_lock(db: asyncpg.Connection, count: int) -> None:
    """Until `count` other sessions wait for a lock (the filings, held at their insert)."""
    for _ in range(6000):
        if await db.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query LIKE 'INSERT INTO dispute %'") >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{count} filings never reached their insert")


@pytest.mark.asyncio
async def test_two_filings_at_the_same_moment_open_one_case(client, world, db, engines):
    j = world.j
    migrant = await new_migrant(client, j.centre)
    before = await count_cases(db, j.agency.id)
    # Both filings find no open case, then wait at their insert until this lock goes, so
    # that only the database can keep them from opening two cases.
    blocker = await asyncpg.connect(engines["database_url"])
    try:
        held = blocker.transaction()
        await held.start()
        await blocker.execute("LOCK TABLE dispute IN SHARE MODE")
        filings = [asyncio.create_task(client.post(
            "/disputes", headers=j.centre.headers, json=dispute_body(
                j, migrant_id=migrant.id, description=f"Filed at once ({n}): no wages paid.")))
            for n in (1, 2)]
        await _waiting_on_a_lock(db, 2)
        await held.rollback()
        answers = await asyncio.gather(*filings)
    finally:
        await blocker.close()
    assert sorted(a.status_code for a in answers) == [200, 201], [a.text for a in answers]
    cases = [a.json() for a in answers]
    assert cases[0]["id"] == cases[1]["id"]
    assert sorted(c["joined"] for c in cases) == [False, True]
    assert await count_cases(db, j.agency.id) == before + 1
    [join] = [e for e in await events(client, j.centre.headers, cases[0]["id"])
              if e["action"] == "join"]
    assert join["data"]["statement"].startswith("Filed at once")


@pytest.mark.asyncio
async def test_filings_per_complainant_are_limited_per_day(client, world, db, app,
                                                           monkeypatch):
    monkeypatch.setattr(app.state.settings, "dispute_filing_rate_limit", "2/day")
    j = world.j
    migrant = await new_migrant(client, j.centre)
    assert migrant.headers is not None
    ok(await client.post("/disputes", headers=j.centre.headers,
                         json=dispute_body(j, migrant_id=migrant.id)), 201)
    # Whoever files for them counts: here the migrant themself, for another kind.
    ok(await client.post("/disputes", headers=migrant.headers,
                         json=dispute_body(j, kind="excessive_hours")), 201)
    before = await count_cases(db, j.agency.id)
    for headers, body in ((j.centre.headers, dispute_body(j, migrant_id=migrant.id,
                                                          kind="unsafe_conditions")),
                          (migrant.headers, dispute_body(j, kind="other"))):
        refused = await client.post("/disputes", headers=headers, json=body)
        answer = problem(refused, 429)
        assert answer["code"] == "dispute.filing_limit" and answer["limit"] == "2/day"
        wait = int(refused.headers["retry-after"])
        assert 0 < wait <= 24 * 3600 and answer["retry_after"] == wait
    assert await count_cases(db, j.agency.id) == before
    # Bad input is still told as such, and counts for nothing.
    problem(await client.post("/disputes", headers=j.centre.headers,
                              json=dispute_body(j, migrant_id=migrant.id, region="")), 422)
    # Another person is not held back.
    other = await new_migrant(client, j.centre)
    ok(await client.post("/disputes", headers=j.centre.headers,
                         json=dispute_body(j, migrant_id=other.id, kind="unsafe_conditions")),
       201)


@pytest.mark.asyncio
async def test_a_filing_refused_for_its_file_takes_nothing_of_the_days_allowance(
        client, world, db, app, monkeypatch):
    """Five sendings of a complaint refused for an .exe attached filed nothing, yet used up
    the day's filings: the next, with a good file, was told «you have filed all the
    complaints allowed in a day»."""
    monkeypatch.setattr(app.state.settings, "dispute_filing_rate_limit", "1/day")
    j = world.j
    migrant = await new_migrant(client, j.centre)
    transport = httpx.ASGITransport(app=app, client=("10.251.7.2", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as page:
        page.cookies.set("vetted_session", j.centre.headers["Authorization"].split()[1],
                         domain="vetted.test")
        page.cookies.set("vetted_lang", "en", domain="vetted.test")

        async def send(name: str, content: bytes) -> httpx.Response:
            form = await page.get("/centre/disputes/new", params={"migrant": migrant.id})
            tokens = dict(re.findall(r'name="(csrf_token|form_token)" value="([^"]+)"',
                                     form.text))
            body = dispute_body(j, migrant_id=migrant.id)
            fields = {**tokens, "kind": body["kind"], "migrant_id": str(migrant.id),
                      "agency_id": str(body["agency_id"]), "country": body["country"],
                      "region": body["region"], "description": body["description"]}
            return await page.post("/centre/disputes/new", data=fields, files={
                "files": (name, content, "application/octet-stream")})

        before = await count_cases(db, j.agency.id)
        for _ in range(2):
            refused = await send("payslip.exe", b"MZ\x90\x00" + bytes(500))
            assert refused.status_code == 422, refused.text
            assert "payslip.exe" in refused.text
        assert await count_cases(db, j.agency.id) == before
        pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
        filed = await send("payslip.pdf", pdf)
        assert filed.status_code == 303, filed.text
        assert await count_cases(db, j.agency.id) == before + 1
        # The one filing the day allows is now used.
        other = await send("payslip.pdf", pdf)
        assert other.status_code == 429, other.text


@pytest.mark.asyncio
async def test_the_agency_learns_evidence_was_added_but_nothing_about_it(client, world):
    j = world.j
    migrant = await new_migrant(client, j.centre)
    case = await file_case(client, j, migrant)
    attache = attache_of(j, case)
    stored = ok(await client.post(f"/disputes/{case['id']}/evidence", headers=j.centre.headers,
                                  files=[("files", ("payslip.pdf", PDF, "application/pdf")),
                                         ("files", ("photo.png", PNG, "image/png"))]), 201)
    digests = [hashlib.sha256(PDF).hexdigest(), hashlib.sha256(PNG).hexdigest()]

    [seen] = [e for e in await events(client, j.agency.headers, case["id"])
              if e["action"] == "add_evidence"]
    assert seen["data"] == {"file_count": 2}
    agency_history = (await client.get(f"/disputes/{case['id']}/history",
                                       headers=j.agency.headers)).text
    for secret in (*digests, "application/pdf", "image/png", "size_bytes"):
        assert secret not in agency_history

    # The complainant's side, the attaché and the regulator see the files as before.
    for headers in (j.centre.headers, migrant.headers, attache.headers, world.regulator):
        [full] = [e for e in await events(client, headers, case["id"])
                  if e["action"] == "add_evidence"]
        assert [(f["id"], f["sha256"], f["content_type"]) for f in full["data"]["files"]] == [
            (s["id"], s["sha256"], s["content_type"]) for s in stored]
    # The settlement body, once the case is referred to it.
    await stepped(client, attache.headers, case["id"], "acknowledge")
    await stepped(client, attache.headers, case["id"], "refer")
    [body_view] = [e for e in await events(client, j.body.members[0].headers, case["id"])
                   if e["action"] == "add_evidence"]
    assert [f["sha256"] for f in body_view["data"]["files"]] == digests


@pytest.mark.asyncio
async def test_evidence_is_kept_and_served_under_the_extension_of_its_type(client, world):
    j = world.j
    case = await file_case(client, j)
    stored = ok(await client.post(f"/disputes/{case['id']}/evidence", headers=j.centre.headers,
                                  files=[("files", ("payslip.exe", PDF, "application/pdf")),
                                         ("files", ("photo.html", JPEG, "text/html"))]), 201)
    assert [(s["filename"], s["content_type"]) for s in stored] == [
        ("payslip.pdf", "application/pdf"), ("photo.jpg", "image/jpeg")]
    listed = ok(await client.get(f"/disputes/{case['id']}/evidence", headers=j.centre.headers))
    assert [e["filename"] for e in listed] == ["payslip.pdf", "photo.jpg"]
    served = await client.get(f"/disputes/{case['id']}/evidence/{stored[0]['id']}",
                              headers=j.centre.headers)
    assert served.status_code == 200 and served.content == PDF
    assert served.headers["content-disposition"].endswith("payslip.pdf")
    assert ".exe" not in served.headers["content-disposition"]
