"""Agency ratings against the real PostgreSQL, recomputed by the worker's tasks: small and large
histories (too little history gives no figure), recomputation when an input changes (a
filed dispute moves nothing, an upheld finding and a sanction lower the score), a new
formula recomputing the stored ratings, the review-queue threshold, the public lookup and
search results, access per role, bad input."""

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
from core.auth import SYSTEM
from core.db import UnitOfWork
from core.errors import NotFound
from ratings import service as ratings_service
from ratings import tasks
from registry import service as registry_service
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
from tests.factories_ratings import licensed_for, recomputed, signal
from tests.factories_ratings import placements as placements_of
from tests.factories_vacancies import attache, employer, user_with_role, vacancy_in

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


async def rating_when(client: httpx.AsyncClient, world: World, db: asyncpg.Connection,
                      agency_id: int, test: Callable[[dict[str, Any]], bool], what: str
                      ) -> dict[str, Any]:
    """The agency's rating once its changes are recomputed; `test` must hold of it."""
    await recomputed(db, agency_id)
    body: dict[str, Any] = ok(await client.get(f"/agencies/{agency_id}/rating",
                                               headers=world.regulator))
    assert test(body), f"{what}: {body}"
    return body


async def recompute_all() -> int:
    result: int = await run_task(tasks.recompute_all_ratings)
    return result


def parts(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["key"]: c for c in body["components"]}


async def placements(client: httpx.AsyncClient, db: asyncpg.Connection, world: World,
                     agency: Agency, count: int) -> None:
    """`count` verified placements of the world's migrant."""
    await placements_of(client, db, agency, count, migrant_id=world.migrant.id,
                        centre_id=world.centre.id)


async def seasoned(client: httpx.AsyncClient, db: asyncpg.Connection, world: World, *,
                   placements_count: int = 20, years: int = 2) -> Agency:
    """A licensed agency with enough history for a score: placements and years licensed."""
    agency, _ = await active_licence(client, world.regulator)
    await placements(client, db, world, agency, placements_count)
    await licensed_for(db, agency, years)
    return agency


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
    newcomer, _ = await active_licence(client, world.regulator)  # licensed today, no record

    busy_but_young, _ = await active_licence(client, world.regulator)
    await placements(client, db, world, busy_but_young, 40)

    veteran = await seasoned(client, db, world, placements_count=200, years=3)
    await disputes(client, world, veteran, 2)
    twin = await seasoned(client, db, world, placements_count=200, years=3)  # no disputes

    # Fifteen disputes on twenty placements, six findings upheld, and a suspension.
    bad = await seasoned(client, db, world, placements_count=20, years=2)
    await disputes(client, world, bad, 15, findings_against_agency=6)
    [bad_licence] = ok(await client.get("/licences", headers=world.regulator,
                                        params={"agency_id": bad.id}))
    assert (await act(client, world.regulator, bad_licence["id"], "suspend",
                      reason="fees charged to migrants")).status_code == 200

    assert (await recompute_all()) >= 5
    agencies = {"newcomer": newcomer, "busy but young": busy_but_young, "veteran": veteran,
                "twin": twin, "bad": bad}
    rated = {name: await rating(client, world.regulator, a.id) for name, a in agencies.items()}

    assert {name: (r["inputs"]["placements"], r["inputs"]["months_licensed"],
                   r["inputs"]["disputes"], r["inputs"]["upheld_findings"],
                   r["inputs"]["suspensions"])
            for name, r in rated.items()} == {
        "newcomer": (0, 0, 0, 0, 0), "busy but young": (40, 0, 0, 0, 0),
        "veteran": (200, 36, 2, 0, 0), "twin": (200, 36, 0, 0, 0),
        "bad": (20, 24, 15, 6, 1)}

    # Too little history: no figure, no components to add one up from, and words instead.
    for name in ("newcomer", "busy but young"):
        body = rated[name]
        assert (body["status"], body["score"], body["components"]) == ("new", None, []), name
        assert body["status_text"] == "new: not enough history"
        assert "No figure until it has 10 verified placements and 12 months licensed" in \
            body["basis_text"]
    assert rated["busy but young"]["basis"]["placements"] == 40

    # Two disputes filed against the veteran change nothing: it scores as its twin does.
    assert rated["veteran"]["score"] == rated["twin"]["score"]
    assert rated["veteran"]["components"] == rated["twin"]["components"]
    assert rated["veteran"]["basis"]["disputes_filed"] == 2
    assert rated["veteran"]["basis"]["disputes_open"] == 2  # assigned, and in mediation
    assert rated["bad"]["score"] < rated["veteran"]["score"]
    assert rated["bad"]["basis"]["latest_suspension_on"] == str(datetime.now(UTC).date())

    for name in ("veteran", "twin", "bad"):
        body = rated[name]
        assert body["status"] == "rated" and body["status_text"] == "rated"
        assert round(sum(c["contribution"] for c in body["components"]), 2) == body["score"]
        assert body["formula_version"] == "2"
        assert 0 <= body["score"] <= 100
    assert rated["veteran"]["score"] > 85
    # The register is kept for comparison, not scored.
    assert rated["veteran"]["population"]["prior_upheld_findings"] == 0.02


async def test_recomputing_changes_nothing_twice(client, world, db, app):
    agency, _ = await active_licence(client, world.regulator)
    await placements(client, db, world, agency, 3)
    await recompute_all()
    first = await rating(client, world.regulator, agency.id)
    # The same change signalled twice, and everything recomputed again: the same rating.
    async with UnitOfWork(app.state.pool) as uow:
        for _ in range(2):
            await registry_service.agency_record_changed(uow, agency_id=agency.id,
                                                         cause="test")
        await uow.commit()
    await recomputed(db, agency.id)
    await recompute_all()
    again = await rating(client, world.regulator, agency.id)
    assert (again["score"], again["components"], again["inputs"]) == (
        first["score"], first["components"], first["inputs"])
    assert again["changed_at"] == first["changed_at"]
    assert again["computed_at"] > first["computed_at"]
    assert await db.fetchval("SELECT count(*) FROM agency_rating WHERE agency_id = $1",
                             agency.id) == 1


async def test_each_relay_claims_only_its_own_topic(app):
    async with UnitOfWork(app.state.pool) as uow:  # rolled back: nothing stays behind
        await outbox.enqueue(uow, topic="vacancy.changed", entity_id=1)
        await outbox.enqueue(uow, topic=ratings_service.RATING_TOPIC, entity_id=1)
        mine = await outbox.claim(uow.conn, limit=1000, topics=[ratings_service.RATING_TOPIC])
        assert {r["topic"] for r in mine} == {ratings_service.RATING_TOPIC}
        theirs = await outbox.claim(uow.conn, limit=1000, topics=["vacancy.changed"])
        assert {r["topic"] for r in theirs} == {"vacancy.changed"}


# --- recomputed when an input changes ---------------------------------------------------------


async def test_a_suspension_is_counted_at_once(client, world, db, app):
    agency = await seasoned(client, db, world)
    await signal(app, agency.id)
    before = await rating_when(client, world, db, agency.id,
                               lambda r: r["inputs"]["months_licensed"] >= 24, "the rating")
    assert before["status"] == "rated"
    [licence] = ok(await client.get("/licences", headers=world.regulator,
                                    params={"agency_id": agency.id}))
    assert (await act(client, world.regulator, licence["id"], "suspend",
                      reason="unpaid wages complaints")).status_code == 200
    after = await rating_when(client, world, db, agency.id,
                              lambda r: r["inputs"]["suspensions"] == 1, "the suspension")
    assert after["score"] < before["score"]
    sanctions = parts(after)["sanctions"]
    assert sanctions["counts"]["suspensions"] == 1
    assert sanctions["contribution"] < parts(before)["sanctions"]["contribution"]
    assert after["basis"]["latest_suspension_on"] == str(datetime.now(UTC).date())
    assert "1 suspension (latest on " in after["basis_text"]


async def test_a_deployed_referral_is_counted_at_once(client, world, db):
    agency, _ = await active_licence(client, world.regulator)
    before = await rating_when(client, world, db, agency.id, lambda r: True, "the first rating")
    assert (before["inputs"]["placements"], before["status"]) == (0, "new")
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
    after = await rating_when(client, world, db, agency.id,
                              lambda r: r["inputs"]["placements"] == 1, "the placement")
    # One placement is not enough history for a figure; it is counted in the words.
    assert (after["status"], after["score"], after["basis"]["placements"]) == ("new", None, 1)


async def test_an_upheld_finding_lowers_the_score_and_a_filed_dispute_does_not(
        client, world, db, app):
    agency = await seasoned(client, db, world)
    await signal(app, agency.id)
    before = await rating_when(client, world, db, agency.id,
                               lambda r: r["inputs"]["placements"] == 20, "the first rating")
    assert before["status"] == "rated"
    public_number = ok(await client.get("/licences", headers=world.regulator,
                                        params={"agency_id": agency.id}))[0]["number"]

    async def public() -> dict[str, Any]:
        [found] = ok(await client.get("/public/licences",
                                      params={"q": public_number}))["results"]
        shown: dict[str, Any] = found["rating"]
        return shown

    # Filed: counted beside the score, the score the same, in the API and the public check.
    j = against(world, agency)
    case = await case_in(client, j, "assigned", world.regulator)  # routed as it is filed
    filed = await rating_when(client, world, db, agency.id,
                              lambda r: r["inputs"]["disputes"] == 1, "the filed dispute")
    assert (filed["score"], filed["components"]) == (before["score"], before["components"])
    assert (filed["basis"]["disputes_filed"], filed["basis"]["disputes_open"]) == (1, 1)
    shown = await public()
    assert (shown["status"], shown["score"]) == ("rated", before["score"])
    assert shown["basis"]["disputes_filed"] == 1
    assert "1 dispute filed against it (1 still open), not counted" in shown["basis_text"]

    # Withdrawn: no longer counted at all, and the score still the same.
    await stepped(client, j.centre.headers, case["id"], "withdraw",
                  reason="the employer paid in the meantime")
    gone = await rating_when(client, world, db, agency.id,
                             lambda r: r["inputs"]["disputes"] == 0, "the withdrawal")
    assert gone["score"] == before["score"]

    # Upheld: the finding lowers the score, and its date is told.
    await upheld_case(client, world, agency, 1)
    after = await rating_when(client, world, db, agency.id,
                              lambda r: r["inputs"]["upheld_findings"] == 1, "the finding")
    assert after["score"] < before["score"]
    assert after["inputs"]["upheld_findings_recent"] == 1  # the employer's is not counted
    assert parts(after)["upheld_findings"]["raw"] == 0.05
    assert after["basis"]["latest_upheld_finding_on"] == str(datetime.now(UTC).date())
    assert (await public())["score"] == after["score"]


# --- a new formula recomputes ------------------------------------------------------------------


async def test_a_rating_of_another_formula_is_hidden_and_recomputed(client, world, db, app):
    agency = await seasoned(client, db, world, placements_count=12, years=1)
    [licence] = ok(await client.get("/licences", headers=world.regulator,
                                    params={"agency_id": agency.id}))
    now = datetime.now(UTC)
    # One transaction, rolled back: no worker can recompute it between the steps.
    async with UnitOfWork(app.state.pool) as uow:
        await ratings_service.recompute_all_ratings(uow, now=now)
        current = await ratings_service.get_rating(uow, agency_id=agency.id,
                                                    actor=SYSTEM)
        assert (current.status, current.formula_version) == ("rated", "2")
        # As a rating stored by the previous formula would be after an upgrade.
        await uow.conn.execute(
            "UPDATE agency_rating SET formula_version = '1', score = 75.9 "
            "WHERE agency_id = $1", agency.id)
        [shown] = (await registry_service.lookup(
            uow, query=licence["number"], today=now.date(),
            ratings=ratings_service.rating_summaries)).results
        assert shown.rating is None  # never a figure made by rules no longer in force
        with pytest.raises(NotFound):
            await ratings_service.get_rating(uow, agency_id=agency.id, actor=SYSTEM)
        assert agency.id not in {r.agency_id for r in await ratings_service.list_ratings(
            uow, lowest_first=True, max_score=None, limit=10_000, offset=0)}

        # The next recomputation finds it with no event, and brings it to this formula.
        done = await ratings_service.recompute_pending_ratings(uow, now=now)
        assert agency.id in done
        again = await ratings_service.get_rating(uow, agency_id=agency.id, actor=SYSTEM)
        assert (again.formula_version, again.score) == ("2", current.score)
        [shown] = (await registry_service.lookup(
            uow, query=licence["number"], today=now.date(),
            ratings=ratings_service.rating_summaries)).results
        assert shown.rating is not None and shown.rating.score == current.score


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
        return await rating_when(client, world, db, agency.id,
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


async def test_the_public_lookup_shows_the_rating_and_what_it_rests_on(client, world, db,
                                                                       app):
    agency, licence = await active_licence(client, world.regulator)
    agency_id = agency.id
    await rating_when(client, world, db, agency_id, lambda r: r["basis"]["licensed_since"],
                      "the rating once licensed")
    [result] = (await client.get("/public/licences",
                                 params={"q": licence["number"]})).json()["results"]
    shown = result["rating"]
    assert (shown["status"], shown["status_text"], shown["score"], shown["components"]) == (
        "new", "new: not enough history", None, [])
    assert shown["basis"] == {
        "placements": 0, "years_licensed": 0.0, "months_licensed": 0,
        "licensed_since": str(datetime.now(UTC).date()), "renewals": 0, "upheld_findings": 0,
        "latest_upheld_finding_on": None, "suspensions": 0, "latest_suspension_on": None,
        "revocations": 0, "latest_revocation_on": None, "deposit_draws": 0,
        "latest_deposit_draw_on": None, "disputes_filed": 0, "disputes_open": 0,
        "placements_needed": 10, "months_licensed_needed": 12}

    await placements(client, db, world, agency, 10)
    await licensed_for(db, agency, 1)
    await signal(app, agency_id)
    stored = await rating_when(client, world, db, agency_id, lambda r: r["status"] == "rated",
                               "a rating with enough history")
    [result] = (await client.get("/public/licences",
                                 params={"q": licence["number"]})).json()["results"]
    shown = result["rating"]
    assert (shown["score"], shown["formula_version"]) == (stored["score"], "2")
    assert [c["key"] for c in shown["components"]] == [
        "upheld_findings", "sanctions", "licence_history", "placements"]
    assert round(sum(c["contribution"] for c in shown["components"]), 2) == shown["score"]
    assert all(c["text"] and c["label"] for c in shown["components"])
    assert "counts" not in shown["components"][0]  # the summary, not the working
    assert shown["basis"]["placements"] == 10 and shown["basis"]["months_licensed"] >= 12


async def test_search_results_show_the_agencys_rating(client, world, db, app):
    agency = await seasoned(client, db, world)
    await signal(app, agency.id)
    stored = await rating_when(client, world, db, agency.id, lambda r: r["status"] == "rated",
                               "the rating")
    newcomer, _ = await active_licence(client, world.regulator)
    await rating_when(client, world, db, newcomer.id, lambda r: True, "the newcomer's rating")
    verifier = await attache(client, world.admin, "RU")
    title = f"Tile setter {unique()}"
    ids = {}
    for name, posting in (("seasoned", agency), ("newcomer", newcomer)):
        boss = await employer(client, posting, "RU")
        vacancy = await vacancy_in(client, "published", agency=posting,
                                   attache_headers=verifier, employer_id=boss["id"],
                                   title=title)
        ids[vacancy["id"]] = name
    await relay_index(db, list(ids))
    response = await client.get("/search/vacancies", params={"q": title, "mode": "keyword"})
    shown = {ids[r["vacancy"]["id"]]: r["explanation"]["licence"]["rating"]
             for r in ok(response)["results"] if r["vacancy"]["id"] in ids}
    assert shown == {"seasoned": stored["score"], "newcomer": None}


# --- access per role, bad input ----------------------------------------------------------------


async def test_access_per_role(client, world, app):
    own, _ = await active_licence(client, world.regulator)
    other, _ = await active_licence(client, world.regulator)
    async with UnitOfWork(app.state.pool) as uow:  # no worker needed: the service directly
        await ratings_service.recompute_all_ratings(uow, now=datetime.now(UTC))
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
    rated = [s for s in scores if s is not None]
    # Scores high to low, then the agencies too new for one.
    assert scores == sorted(rated, reverse=True) + [None] * (len(scores) - len(rated))
    mine = next(r for r in listed if r["agency_id"] == own.id)
    assert (mine["agency_name"], mine["status"], mine["rating_status"], mine["score"],
            mine["rating_status_text"], mine["disputes_filed"]) == (
        own.body["legal_name"], "licensed", "new", None, "new: not enough history", 0)
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
