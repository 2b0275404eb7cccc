"""Agency ratings against the real PostgreSQL, the worker's recomputation run here and
awaited: small and large histories, recomputation when an input changes, the review-queue
threshold, the public lookup and search results, access per role, bad input."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import pytest

from core import outbox
from core.db import UnitOfWork
from registry import service as registry_service
from registry import tasks
from tests.conftest import (
    Agency,
    act,
    active_licence,
    bearer,
    create_user_direct,
    relay_index,
    run_task,
    token_for,
    unique,
)
from tests.factories_disputes import (
    Centre,
    Jurisdiction,
    Migrant,
    attache_of,
    case_in,
    jurisdiction,
    new_centre,
    new_migrant,
    ok,
    outcome,
    problem,
    stepped,
)
from tests.factories_vacancies import attache, draft, employer, user_with_role, vacancy_in

pytestmark = pytest.mark.asyncio

@dataclass
class World:
    admin: dict[str, str]
    regulator: dict[str, str]
    centre: Centre
    migrant: Migrant  # placed again and again, each time with a vacancy of its own
    j: Jurisdiction  # a receiving country of its own; its agency is swapped per test


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
        centre = await new_centre(c, admin)
        agency, _ = await active_licence(c, regulator)
        yield World(admin, regulator, centre, await new_migrant(c, centre),
                    await jurisdiction(c, admin, regulator, agency))


# --- helpers ------------------------------------------------------------------------------


async def rating(client: httpx.AsyncClient, headers: dict[str, str], agency_id: int
                 ) -> dict[str, Any]:
    result: dict[str, Any] = ok(await client.get(f"/agencies/{agency_id}/rating",
                                                 headers=headers))
    return result


async def rating_when(client: httpx.AsyncClient, world: World, agency_id: int,
                      test: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
    """The agency's rating once every recomputation signalled so far is done, checked
    against `test`. The recomputation runs here: behind the ratings lock, so after any the
    worker has started, and nothing is left for a clock to wait on."""
    await settle_ratings()
    response = await client.get(f"/agencies/{agency_id}/rating", headers=world.regulator)
    assert response.status_code == 200 and test(response.json()), f"{what}: {response.text}"
    body: dict[str, Any] = response.json()
    return body


async def settle_ratings() -> None:
    """Recompute every rating whose inputs changed (the worker's job, run here)."""
    await run_task(tasks.recompute_ratings)


async def recompute_all() -> int:
    result: int = await run_task(tasks.recompute_all_ratings)
    return result


def parts(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["key"]: c for c in body["components"]}


async def placements(client: httpx.AsyncClient, db: asyncpg.Connection, world: World,
                     agency: Agency, count: int) -> None:
    """`count` verified placements of the world's migrant, each with a filled vacancy of
    its own (written straight to the database: two hundred placements through the API
    would take minutes and prove nothing more)."""
    boss = await employer(client, agency, "RU")
    template = await draft(client, agency, boss["id"])
    await db.execute(
        """
        WITH v AS (
            INSERT INTO vacancy (agency_id, employer_id, external_ref, title, description,
                occupation, skills, languages, country, city, wage_amount, wage_currency,
                wage_period, wage_monthly, hours_per_week, housing, meals, contract_months,
                positions, closing_date, status)
            SELECT agency_id, employer_id, 'placed-' || g || '-' || id, title, description,
                occupation, skills, languages, country, city, wage_amount, wage_currency,
                wage_period, wage_monthly, hours_per_week, housing, meals, contract_months,
                positions, closing_date, 'filled'
            FROM vacancy, generate_series(1, $2) AS g WHERE id = $1
            RETURNING id, agency_id
        )
        INSERT INTO referral (migrant_id, vacancy_id, centre_id, agency_id, status,
                              deployed_at)
        SELECT $3, v.id, $4, v.agency_id, 'deployed', now() FROM v
        """,
        template["id"], count, world.migrant.id, world.centre.id,
    )


def against(world: World, agency: Agency) -> Jurisdiction:
    """The world's jurisdiction, with cases filed against `agency`."""
    return dataclasses.replace(world.j, agency=agency, extra={})


async def disputes(client: httpx.AsyncClient, world: World, agency: Agency, count: int,
                   *, findings_against_agency: int = 0) -> None:
    """`count` cases against the agency; the last one resolved with that many findings."""
    j = against(world, agency)
    for i in range(count):
        last = i == count - 1
        case = await case_in(client, j, "in_mediation" if last else "assigned",
                             world.regulator)
        if last and findings_against_agency:
            await upheld(client, j, case, findings_against_agency)


async def upheld(client: httpx.AsyncClient, j: Jurisdiction, case: dict[str, Any],
                 findings: int) -> None:
    """Resolve a case in mediation with `findings` findings against the agency (and one
    against the employer, which the agency's rating does not count)."""
    await stepped(client, attache_of(j, case).headers, case["id"], "resolve", outcome=outcome(
        findings=[{"against": "agency", "summary": f"charged a recruitment fee ({n + 1})"}
                  for n in range(findings)]
        + [{"against": "employer", "summary": "withheld the wages"}]))


async def upheld_case(client: httpx.AsyncClient, world: World, agency: Agency,
                      findings: int) -> None:
    j = against(world, agency)
    await upheld(client, j, await case_in(client, j, "in_mediation", world.regulator),
                 findings)


# --- small and large histories ---------------------------------------------------------------


async def test_small_and_large_histories(client, world, db):
    veteran, _ = await active_licence(client, world.regulator)
    await placements(client, db, world, veteran, 200)
    await disputes(client, world, veteran, 2)

    newcomer, _ = await active_licence(client, world.regulator)
    await placements(client, db, world, newcomer, 1)

    unlucky, _ = await active_licence(client, world.regulator)  # one dispute on one placement
    await placements(client, db, world, unlucky, 1)
    await disputes(client, world, unlucky, 1)

    # Fifteen disputes on twenty placements, six findings upheld, and a suspension.
    bad, bad_licence = await active_licence(client, world.regulator)
    await placements(client, db, world, bad, 20)
    await disputes(client, world, bad, 15, findings_against_agency=6)
    assert (await act(client, world.regulator, bad_licence["id"], "suspend",
                      reason="fees charged to migrants")).status_code == 200

    assert await recompute_all() >= 4
    agencies = {"veteran": veteran, "newcomer": newcomer, "unlucky": unlucky, "bad": bad}
    rated = {name: await rating(client, world.regulator, a.id) for name, a in agencies.items()}

    assert {name: (r["inputs"]["placements"], r["inputs"]["disputes"],
                   r["inputs"]["upheld_findings"], r["inputs"]["suspensions"])
            for name, r in rated.items()} == {
        "veteran": (200, 2, 0, 0), "newcomer": (1, 0, 0, 0), "unlucky": (1, 1, 0, 0),
        "bad": (20, 15, 6, 1)}
    ranked = sorted(rated, key=lambda name: rated[name]["score"], reverse=True)
    # One clean placement does not outrank a long clean record; one dispute on one
    # placement (a raw rate of 1.0, the worst here) is not ranked last.
    assert ranked == ["veteran", "newcomer", "unlucky", "bad"], {
        n: r["score"] for n, r in rated.items()}
    assert parts(rated["unlucky"])["disputes"]["raw"] == 1.0
    assert parts(rated["bad"])["disputes"]["raw"] == 0.75

    for body in rated.values():
        assert round(sum(c["contribution"] for c in body["components"]), 2) == body["score"]
        assert body["formula_version"] == "1"
        assert 0 <= body["score"] <= 100
    # The young agency's rates lean on the register's; the veteran's are its own.
    assert parts(rated["newcomer"])["disputes"]["own_share"] < 0.1
    assert parts(rated["veteran"])["disputes"]["own_share"] > 0.95
    assert parts(rated["veteran"])["disputes"]["prior"] == pytest.approx(
        rated["veteran"]["population"]["prior_disputes"], abs=1e-4)


async def test_recomputing_changes_nothing_twice(client, world, db, app):
    agency, _ = await active_licence(client, world.regulator)
    await placements(client, db, world, agency, 3)
    await recompute_all()
    first = await rating(client, world.regulator, agency.id)
    # The same change signalled twice, and everything recomputed again: the same rating.
    async with UnitOfWork(app.state.pool) as uow:
        for _ in range(2):
            await registry_service.rating_inputs_changed(uow, agency_id=agency.id,
                                                         cause="test")
        await uow.commit()
    await settle_ratings()
    assert await _processed(db, agency.id)
    await recompute_all()
    again = await rating(client, world.regulator, agency.id)
    assert (again["score"], again["components"], again["inputs"]) == (
        first["score"], first["components"], first["inputs"])
    assert again["changed_at"] == first["changed_at"]
    assert again["computed_at"] > first["computed_at"]
    assert await db.fetchval("SELECT count(*) FROM agency_rating WHERE agency_id = $1",
                             agency.id) == 1


async def _processed(db: asyncpg.Connection, agency_id: int) -> bool:
    pending = await db.fetchval(
        "SELECT count(*) FROM outbox WHERE topic = 'agency.rating' AND entity_id = $1 "
        "AND processed_at IS NULL", agency_id)
    return pending == 0


async def test_each_relay_claims_only_its_own_topic(app):
    async with UnitOfWork(app.state.pool) as uow:  # rolled back: nothing stays behind
        await outbox.enqueue(uow, topic="vacancy.changed", entity_id=1)
        await outbox.enqueue(uow, topic=registry_service.RATING_TOPIC, entity_id=1,
                             relay_task=registry_service.RATING_TASK)
        mine = await outbox.claim(uow.conn, limit=1000, topics=[registry_service.RATING_TOPIC])
        assert {r["topic"] for r in mine} == {registry_service.RATING_TOPIC}
        theirs = await outbox.claim(uow.conn, limit=1000, topics=["vacancy.changed"])
        assert {r["topic"] for r in theirs} == {"vacancy.changed"}


# --- recomputed when an input changes (signalled on commit) -------------------------------


async def test_a_suspension_is_counted_at_once(client, world):
    agency, licence = await active_licence(client, world.regulator)
    before = await rating_when(client, world, agency.id,
                               lambda r: r["inputs"]["years_licensed"] == 0, "the first rating")
    assert (await act(client, world.regulator, licence["id"], "suspend",
                      reason="unpaid wages complaints")).status_code == 200
    after = await rating_when(client, world, agency.id,
                              lambda r: r["inputs"]["suspensions"] == 1, "the suspension")
    assert after["score"] < before["score"]
    sanctions = parts(after)["sanctions"]
    assert sanctions["counts"]["suspensions"] == 1
    assert sanctions["contribution"] < parts(before)["sanctions"]["contribution"]


async def test_a_deployed_referral_is_counted_at_once(client, world):
    agency, _ = await active_licence(client, world.regulator)
    before = await rating_when(client, world, agency.id, lambda r: True, "the first rating")
    assert before["inputs"]["placements"] == 0
    verifier = await attache(client, world.admin, "RU")
    boss = await employer(client, agency, "RU")
    vacancy = await vacancy_in(client, "published", agency=agency, attache_headers=verifier,
                               employer_id=boss["id"])
    migrant = await new_migrant(client, world.centre, prescreened=True)
    referral = ok(await client.post("/referrals", headers=world.centre.headers, json={
        "migrant_id": migrant.id, "vacancy_id": vacancy["id"]}), 201)
    for status in ("interviewed", "offered", "contract_signed", "deployed"):
        ok(await client.post(f"/referrals/{referral['id']}/transitions", headers=agency.headers,
                             json={"status": status}))
    after = await rating_when(client, world, agency.id,
                              lambda r: r["inputs"]["placements"] == 1, "the placement")
    assert after["score"] > before["score"]  # a clean placement leans less on the prior
    assert parts(after)["disputes"]["counts"] == {"disputes": 0, "placements": 1}


async def test_an_upheld_finding_is_counted_at_once(client, world):
    agency, _ = await active_licence(client, world.regulator)
    await rating_when(client, world, agency.id, lambda r: True, "the first rating")
    await upheld_case(client, world, agency, 1)
    after = await rating_when(client, world, agency.id,
                              lambda r: r["inputs"]["upheld_findings"] == 1, "the finding")
    assert after["inputs"]["disputes"] == 1
    assert after["inputs"]["upheld_findings_recent"] == 1  # the employer's is not counted
    assert parts(after)["upheld_findings"]["raw"] is None  # no placements of its own yet


# --- the review queue ------------------------------------------------------------------------


async def _queue(client: httpx.AsyncClient, world: World, agency_id: int,
                 status: str = "open") -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = ok(await client.get(
        "/regulator/review-queue", headers=world.regulator,
        params={"agency_id": agency_id, "status": status}))
    return result


async def _alert_notices(client: httpx.AsyncClient, world: World, agency_name: str
                         ) -> list[dict[str, Any]]:
    inbox = ok(await client.get("/notifications", headers=world.regulator))
    return [n for n in inbox if n["kind"] == "rating.alert" and agency_name in n["subject"]]


async def test_upheld_findings_at_the_threshold_put_the_agency_in_the_review_queue(
    client, world, db
):
    agency, _ = await active_licence(client, world.regulator)
    name = agency.body["legal_name"]

    async def findings_seen(n: int) -> dict[str, Any]:
        return await rating_when(client, world, agency.id,
                                 lambda r: r["inputs"]["upheld_findings_recent"] == n,
                                 f"{n} upheld findings")

    await upheld_case(client, world, agency, 2)  # threshold - 1
    await findings_seen(2)
    assert await _queue(client, world, agency.id) == []

    await upheld_case(client, world, agency, 1)  # the threshold
    rated = await findings_seen(3)
    [alert] = await _queue(client, world, agency.id)
    assert (alert["reason"], alert["observed"], alert["latest_observed"], alert["threshold"],
            alert["window_days"], alert["agency_name"]) == (
        "upheld_findings", 3, 3, 3, 365, name)
    assert alert["score"] == rated["score"] and alert["closed_at"] is None
    assert "3 findings upheld" in alert["detail"]
    assert rated["open_alerts"] == 1
    assert len(await _alert_notices(client, world, name)) == 1

    await upheld_case(client, world, agency, 1)  # above it: still one alert, brought up to date
    await findings_seen(4)
    await recompute_all()
    await recompute_all()
    [still] = await _queue(client, world, agency.id)
    assert (still["id"], still["observed"], still["latest_observed"]) == (alert["id"], 3, 4)
    assert len(await _alert_notices(client, world, name)) == 1

    url = f"/regulator/review-queue/{alert['id']}/close"
    note = "met the director; fees refunded to the four migrants"
    closed = ok(await client.post(url, headers=world.regulator, json={"note": note}))
    assert (closed["close_note"], closed["closed_at"] is not None) == (note, True)
    problem(await client.post(url, headers=world.regulator, json={"note": note}), 409)
    audit = await db.fetch("SELECT action, reason, actor_role FROM audit_entry "
                           "WHERE entity_type = 'rating_alert' AND entity_id = $1 ORDER BY id",
                           str(alert["id"]))
    assert [(a["action"], a["reason"], a["actor_role"]) for a in audit] == [
        ("open", alert["detail"], "system"), ("close", note, "regulator")]

    # Closed, it stays closed while nothing new is upheld; a new finding opens another.
    await recompute_all()
    assert await _queue(client, world, agency.id) == []
    assert [a["id"] for a in await _queue(client, world, agency.id, "closed")] == [alert["id"]]
    await upheld_case(client, world, agency, 1)
    await findings_seen(5)
    [reopened] = await _queue(client, world, agency.id)
    assert reopened["id"] != alert["id"] and reopened["observed"] == 5
    assert len(await _queue(client, world, agency.id, "all")) == 2


# --- shown in the public lookup and in search results -----------------------------------------


async def test_the_public_lookup_shows_the_rating_and_its_breakdown(client, world, db):
    _, licence = await active_licence(client, world.regulator)
    agency_id = licence["agency_id"]
    stored = await rating_when(client, world, agency_id, lambda r: True, "the rating")
    [result] = (await client.get("/public/licences",
                                 params={"q": licence["number"]})).json()["results"]
    shown = result["rating"]
    assert (shown["score"], shown["formula_version"]) == (stored["score"], "1")
    assert [c["key"] for c in shown["components"]] == [
        "disputes", "upheld_findings", "sanctions", "licence_history"]
    assert round(sum(c["contribution"] for c in shown["components"]), 2) == shown["score"]
    assert all(c["text"] and c["label"] for c in shown["components"])
    assert "counts" not in shown["components"][0]  # the summary, not the working

    # Every pending recomputation for this agency is done first, so none can bring the
    # rating back between the delete and the lookup.
    await settle_ratings()
    assert await _processed(db, agency_id)
    await db.execute("DELETE FROM agency_rating WHERE agency_id = $1", agency_id)
    [unrated] = (await client.get("/public/licences",
                                  params={"q": licence["number"]})).json()["results"]
    assert unrated["rating"] is None and unrated["status"] == "active"
    problem(await client.get(f"/agencies/{agency_id}/rating", headers=world.regulator), 404)


async def test_search_results_show_the_agencys_rating(client, world, db):
    agency, _ = await active_licence(client, world.regulator)
    stored = await rating_when(client, world, agency.id, lambda r: True, "the rating")
    verifier = await attache(client, world.admin, "RU")
    boss = await employer(client, agency, "RU")
    title = f"Tile setter {unique()}"
    vacancy = await vacancy_in(client, "published", agency=agency, attache_headers=verifier,
                               employer_id=boss["id"], title=title)
    await relay_index(db, [vacancy["id"]])
    response = await client.get("/search/vacancies", params={"q": title, "mode": "keyword"})
    results = ok(response)["results"]
    [hit] = [r for r in results if r["vacancy"]["id"] == vacancy["id"]]
    assert hit["explanation"]["licence"]["rating"] == stored["score"]


# --- access per role, bad input ----------------------------------------------------------------


async def test_access_per_role(client, world, app):
    own, _ = await active_licence(client, world.regulator)
    other, _ = await active_licence(client, world.regulator)
    async with UnitOfWork(app.state.pool) as uow:  # no worker needed: the service directly
        await registry_service.recompute_all_ratings(uow, now=datetime.now(UTC))
        await uow.commit()
    headers = {
        "anonymous": {},
        "migrant": await user_with_role(client, world.admin, "migrant"),
        "centre_staff": await user_with_role(client, world.admin, "centre_staff"),
        "settlement_body": await user_with_role(client, world.admin, "settlement_body"),
        "attache": await attache(client, world.admin, "RU"),
        "own agency": own.headers,
        "other agency": other.headers,
        "regulator": world.regulator,
        "admin": world.admin,
    }
    expected = {
        f"/agencies/{own.id}/rating": {"anonymous": 401, "migrant": 403, "centre_staff": 403,
                                       "settlement_body": 403, "attache": 403,
                                       "own agency": 200, "other agency": 404,
                                       "regulator": 200, "admin": 200},
        "/regulator/ratings": {"anonymous": 401, "migrant": 403, "centre_staff": 403,
                               "settlement_body": 403, "attache": 403, "own agency": 403,
                               "other agency": 403, "regulator": 200, "admin": 200},
        "/regulator/review-queue": {"anonymous": 401, "migrant": 403, "centre_staff": 403,
                                    "settlement_body": 403, "attache": 403,
                                    "own agency": 403, "other agency": 403,
                                    "regulator": 200, "admin": 200},
    }
    for url, by_role in expected.items():
        for role, status in by_role.items():
            response = await client.get(url, headers=headers[role])
            assert response.status_code == status, (url, role, response.text)
            if status != 200:
                assert response.headers["content-type"].startswith("application/problem+json")
    for role in ("anonymous", "own agency", "centre_staff", "attache"):
        response = await client.post("/regulator/review-queue/1/close", headers=headers[role],
                                     json={"note": "nothing to see here"})
        assert response.status_code == (401 if role == "anonymous" else 403), role

    listed = ok(await client.get("/regulator/ratings", headers=world.regulator,
                                 params={"order": "highest", "limit": 1000}))
    scores = [r["score"] for r in listed]
    assert scores == sorted(scores, reverse=True)
    mine = next(r for r in listed if r["agency_id"] == own.id)
    assert (mine["agency_name"], mine["status"]) == (own.body["legal_name"], "licensed")
    low = ok(await client.get("/regulator/ratings", headers=world.regulator,
                              params={"max_score": 50}))
    assert all(r["score"] <= 50 for r in low)


@pytest.mark.parametrize(("method", "path", "params", "body", "field"), [
    ("GET", "/regulator/ratings", {"limit": 0}, None, "limit"),
    ("GET", "/regulator/ratings", {"limit": "many"}, None, "limit"),
    ("GET", "/regulator/ratings", {"order": "sideways"}, None, "order"),
    ("GET", "/regulator/ratings", {"max_score": 101}, None, "max_score"),
    ("GET", "/regulator/ratings", {"offset": -1}, None, "offset"),
    ("GET", "/regulator/review-queue", {"status": "pending"}, None, "status"),
    ("GET", "/regulator/review-queue", {"agency_id": 0}, None, "agency_id"),
    ("GET", "/agencies/0/rating", {}, None, "agency_id"),
    ("GET", "/agencies/abc/rating", {}, None, "agency_id"),
    ("POST", "/regulator/review-queue/1/close", {}, {}, "note"),
    ("POST", "/regulator/review-queue/1/close", {}, {"note": "ok"}, "note"),
    ("POST", "/regulator/review-queue/1/close", {}, {"note": "   "}, "note"),
    ("POST", "/regulator/review-queue/1/close", {}, {"note": "x" * 2001}, "note"),
    ("POST", "/regulator/review-queue/1/close", {}, {"note": "fine", "extra": 1}, "extra"),
    ("POST", "/regulator/review-queue/0/close", {}, {"note": "fine"}, "alert_id"),
])
async def test_bad_input_is_a_422_naming_the_field(client, world, method, path, params, body,
                                                   field):
    response = await client.request(method, path, params=params, json=body,
                                    headers=world.regulator)
    problem(response, 422, field)


async def test_unknown_records_are_404(client, world):
    problem(await client.post("/regulator/review-queue/999999999/close",
                              headers=world.regulator, json={"note": "reviewed"}), 404)
    problem(await client.get("/agencies/999999999/rating", headers=world.regulator), 404)
