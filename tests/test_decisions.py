"""Decisions through the API against the real PostgreSQL and worker: a settlement decision,
a mediation result and a deposit draw are previewed without writing anything, recorded only
when confirmed, and corrected only by the body that made them, within the window, with the
first version kept in their history and the audit log."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import Agency, active_licence, bearer, create_user_direct, token_for
from tests.factories_disputes import (
    Jurisdiction,
    attache_of,
    award,
    case_in,
    jurisdiction,
    new_body,
    ok,
    outcome,
    problem,
    step,
    stepped,
)

pytestmark = pytest.mark.asyncio

# The award the issue was seen on: RUB 160,000 against the agency.
AWARD = award("160000.00", "RUB", findings=[
    {"against": "agency", "summary": "placed the worker with an employer it never checked"}])


@dataclass
class World:
    admin: dict[str, str]
    regulator: dict[str, str]
    agency: Agency
    j: Jurisdiction


@pytest.fixture(scope="module")
async def world(app: Any, engines: dict[str, str]) -> AsyncIterator[World]:
    transport = httpx.ASGITransport(app=app, client=("10.251.2.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as c:
        conn = await asyncpg.connect(engines["database_url"])
        try:
            regulator = bearer(await token_for(c, await create_user_direct(conn, "regulator")))
            admin = bearer(await token_for(c, await create_user_direct(conn, "admin")))
        finally:
            await conn.close()
        agency, _ = await active_licence(c, regulator)
        yield World(admin, regulator, agency,
                    await jurisdiction(c, admin, regulator, agency))


async def written(db: asyncpg.Connection, dispute_id: int, agency_id: int) -> dict[str, Any]:
    """Everything recording a decision could write about a case and its agency."""
    row = await db.fetchrow(
        """
        SELECT (SELECT version FROM dispute WHERE id = $1) AS dispute_version,
               (SELECT count(*) FROM dispute_outcome WHERE dispute_id = $1) AS outcomes,
               (SELECT count(*) FROM dispute_outcome_version WHERE dispute_id = $1)
                   AS versions,
               (SELECT count(*) FROM dispute_finding WHERE dispute_id = $1) AS findings,
               (SELECT count(*) FROM dispute_event WHERE dispute_id = $1) AS events,
               (SELECT count(*) FROM dispute_recovery WHERE dispute_id = $1) AS recoveries,
               -- The worker's rating alerts come and go on their own: they are left out.
               (SELECT count(*) FROM audit_entry WHERE entity_type <> 'rating_alert') AS audit,
               (SELECT count(*) FROM notification WHERE kind <> 'rating.alert') AS notices,
               (SELECT count(*) FROM outbox) AS outbox,
               (SELECT count(*) FROM watchlisted_employer) AS watchlist,
               (SELECT count(*) FROM deposit_movement WHERE agency_id = $2) AS movements,
               (SELECT count(*) FROM deposit_account WHERE agency_id = $2) AS accounts
        """,
        dispute_id, agency_id,
    )
    return dict(row)


async def decided(client: httpx.AsyncClient, world: World, result: dict[str, Any] = AWARD
                  ) -> tuple[dict[str, Any], dict[str, str]]:
    """A case the settlement body decided with `result`, and the member's headers."""
    j = world.j
    case = await case_in(client, j, "referred", world.regulator)
    member = j.body.members[0].headers
    return await stepped(client, member, case["id"], "decide", outcome=result), member


def correction(result: dict[str, Any], reason: str | None = "the amount was mistyped",
               **over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"outcome": result, "confirm": True, **over}
    if reason is not None:
        body["reason"] = reason
    return body


async def test_a_preview_shows_what_would_be_recorded_and_writes_nothing(client, world, db):
    j = world.j
    case = await case_in(client, j, "referred", world.regulator)
    member = j.body.members[0].headers
    url = f"/disputes/{case['id']}/transitions/preview"
    before = await written(db, case["id"], world.agency.id)

    preview = ok(await client.post(url, headers=member, json={
        "action": "decide", "outcome": AWARD, "reason": "heard both parties"}))
    assert await written(db, case["id"], world.agency.id) == before
    assert (preview["kind"], preview["action"], preview["version"]) == ("record", "decide", 1)
    assert preview["parties"] == {
        "complainant": case["complainant"]["full_name"], "agency_id": world.agency.id,
        "agency_name": case["agency_name"], "employer_name": case["employer_name"],
        "decided_in": "settlement_body", "settlement_body_id": j.body.id,
        "claimed": case["claimed"]}
    assert preview["outcome"] == {
        "summary": AWARD["summary"], "awarded": {"amount": "160000.00", "currency": "RUB"},
        "payable_by": "agency", "payment_due": str(date.today() + timedelta(days=30)),
        "findings": [{"against": "agency", "summary": AWARD["findings"][0]["summary"],
                      "watchlist_employer": False}]}
    nxt = preview["next"]
    assert nxt["status_after"] == "decided"
    # The body member acting knows; the migrant, the centre, the attaché and the agency are told.
    assert nxt["notices"] == ["migrant", "centre", "attache", "agency"]
    assert (nxt["payable_by"], nxt["payment_due"], nxt["deposit_answers"]) == (
        "agency", preview["outcome"]["payment_due"], True)
    assert (nxt["rating_findings_before"], nxt["rating_findings_after"]) == (0, 1)
    until = datetime.fromisoformat(nxt["correctable_until"])
    assert abs(until - (datetime.now(UTC) + timedelta(days=14))) < timedelta(minutes=2)
    assert preview["previous"] is None and preview["changed"] == []

    # A preview is refused as the step itself would be, and still writes nothing.
    problem(await client.post(url, headers=member, json={
        "action": "decide", "outcome": AWARD | {"payable_by": None}}),
        422, "outcome.payable_by")
    problem(await client.post(url, headers=attache_of(j, case).headers, json={
        "action": "decide", "outcome": AWARD}), 403)
    problem(await client.post(url, headers=member, json={"action": "close"}), 409)
    problem(await client.post(url, headers=attache_of(j, case).headers,
                              json={"action": "withdraw", "reason": "paid"}), 422, "action")
    assert await written(db, case["id"], world.agency.id) == before

    # Recording it writes exactly what the preview showed.
    done = await stepped(client, member, case["id"], "decide", outcome=AWARD,
                         reason="heard both parties")
    result = done["outcome"]
    assert (result["awarded"], result["payable_by"], result["payment_due"]) == (
        preview["outcome"]["awarded"], "agency", preview["outcome"]["payment_due"])
    assert [(f["against"], f["summary"]) for f in result["findings"]] == [
        ("agency", AWARD["findings"][0]["summary"])]
    assert (result["version"], result["may_correct"]) == (1, True)
    assert [v["version"] for v in result["versions"]] == [1]


async def test_recording_without_confirmation_is_refused_naming_the_field(client, world, db):
    j = world.j
    case = await case_in(client, j, "referred", world.regulator)
    member = j.body.members[0].headers
    before = await written(db, case["id"], world.agency.id)
    for confirm in (False, None):
        extra = {} if confirm is None else {"confirm": confirm}
        response = await client.post(f"/disputes/{case['id']}/transitions", headers=member,
                                     json={"action": "decide", "outcome": AWARD, **extra})
        body = problem(response, 422, "confirm")
        assert "preview" in body["detail"]
    assert await written(db, case["id"], world.agency.id) == before
    seen = ok(await client.get(f"/disputes/{case['id']}", headers=member))
    assert (seen["status"], seen["outcome"]) == ("referred", None)

    # A mediation result is confirmed the same way.
    mediated = await case_in(client, j, "in_mediation", world.regulator)
    problem(await step(client, attache_of(j, mediated).headers, mediated["id"], "resolve",
                       outcome=outcome(), confirm=False), 422, "confirm")
    # Steps that record no decision need no confirmation.
    await stepped(client, attache_of(j, mediated).headers, mediated["id"], "refer")


async def test_a_correction_in_the_window_keeps_the_first_version_and_is_audited(
        client, world, db):
    j = world.j
    case, member = await decided(client, world)
    attache = attache_of(j, case)
    base = f"/disputes/{case['id']}/outcome/corrections"
    ok(await client.post(f"/disputes/{case['id']}/recoveries", headers=attache.headers,
                         json={"amount": {"amount": "10000", "currency": "RUB"}}))
    fixed = award("150000.00", "RUB", due=date.fromisoformat(case["outcome"]["payment_due"]),
                  findings=AWARD["findings"])

    # A correction needs a reason and a confirmation, and the version the person saw.
    problem(await client.post(base, headers=member, json=correction(fixed, reason=None)),
            422, "reason")
    problem(await client.post(base, headers=member,
                              json=correction(fixed) | {"confirm": False}), 422, "confirm")
    problem(await client.post(base, headers=member, json=correction(fixed, expected_version=2)),
            409, "expected_version")
    problem(await client.post(base, headers=member, json=correction(AWARD)), 422, "outcome")
    # What followed from the award stays true: 10 000 were paid in roubles.
    problem(await client.post(base, headers=member, json=correction(
        award("9000.00", "RUB"))), 422, "outcome.awarded.amount")
    problem(await client.post(base, headers=member, json=correction(
        award("150000.00", "KZT"))), 422, "outcome.awarded.currency")
    problem(await client.post(base, headers=member, json=correction(outcome())),
            422, "outcome.awarded.amount")

    before = await written(db, case["id"], world.agency.id)
    preview = ok(await client.post(f"{base}/preview", headers=member,
                                   json=correction(fixed) | {"confirm": False}))
    assert await written(db, case["id"], world.agency.id) == before
    assert (preview["kind"], preview["version"], preview["changed"]) == (
        "correction", 2, ["awarded"])
    assert preview["previous"]["awarded"] == {"amount": "160000.00", "currency": "RUB"}
    assert preview["outcome"]["awarded"] == {"amount": "150000.00", "currency": "RUB"}
    assert preview["reason"] == "the amount was mistyped"
    assert (preview["next"]["rating_findings_before"],
            preview["next"]["rating_findings_after"]) == (1, 1)

    corrected = ok(await client.post(base, headers=member,
                                     json=correction(fixed, expected_version=1)))
    result = corrected["outcome"]
    assert result["version"] == 2
    assert result["awarded"] == {"amount": "150000.00", "currency": "RUB"}
    assert result["recovered"]["amount"] == "10000.00"
    assert result["outstanding"] == {"amount": "140000.00", "currency": "RUB"}
    first, second = result["versions"]
    assert (first["version"], first["awarded"]["amount"], first["reason"]) == (
        1, "160000.00", None)
    assert (second["version"], second["awarded"]["amount"], second["reason"]) == (
        2, "150000.00", "the amount was mistyped")
    assert first["recorded_by_role"] == second["recorded_by_role"] == "settlement_body"
    # The first recording still dates the decision, and so its window.
    assert result["recorded_at"] == case["outcome"]["recorded_at"]
    assert corrected["version"] == case["version"] + 1

    # Who, when, what changed and why: in the audit log and on the case's timeline.
    entry = await db.fetchrow(
        "SELECT actor_role, actor_user_id, reason, data, occurred_at FROM audit_entry "
        "WHERE entity_type = 'dispute' AND entity_id = $1 AND action = 'correct_outcome'",
        str(case["id"]))
    assert entry is not None
    assert (entry["actor_role"], entry["actor_user_id"], entry["reason"]) == (
        "settlement_body", j.body.members[0].id, "the amount was mistyped")
    assert entry["data"]["changed"] == ["awarded"]
    assert entry["data"]["before"]["awarded"] == {"amount": "160000.00", "currency": "RUB"}
    assert entry["data"]["after"]["awarded"] == {"amount": "150000.00", "currency": "RUB"}
    decide_entry = await db.fetchrow(
        "SELECT data FROM audit_entry WHERE entity_type = 'dispute' AND entity_id = $1 "
        "AND action = 'decide'", str(case["id"]))
    assert decide_entry["data"]["outcome"]["awarded"]["amount"] == "160000.00"
    history = ok(await client.get(f"/disputes/{case['id']}/history", headers=member))
    assert [e["action"] for e in history["events"]][-1] == "correct_outcome"
    told = ok(await client.get("/notifications", headers=attache.headers))
    assert any(n["kind"] == "dispute.correct_outcome" and "version 2" in n["subject"]
               for n in told)
    # The first version cannot be rewritten, even from inside the database.
    with pytest.raises(asyncpg.RaiseError, match="append-only"):
        await db.execute("UPDATE dispute_outcome_version SET awarded_amount = 1 "
                         "WHERE dispute_id = $1", case["id"])


async def test_a_corrected_finding_reaches_the_rating_and_the_watchlist_stays(
        client, world, db):
    listed = {"against": "employer", "summary": "wages withheld for three months",
              "watchlist_employer": True}
    case, member = await decided(client, world, award(
        "500.00", "USD", payable_by="employer", findings=[AWARD["findings"][0], listed]))
    base = f"/disputes/{case['id']}/outcome/corrections"
    queued = await db.fetchval("SELECT max(id) FROM outbox")

    # The employer's watchlisting is not undone by dropping the finding that made it.
    problem(await client.post(base, headers=member, json=correction(
        award("500.00", "USD", payable_by="employer"), reason="no finding was made")),
        422, "outcome.findings")
    fixed = award("500.00", "USD", payable_by="employer", findings=[listed])
    preview = ok(await client.post(f"{base}/preview", headers=member,
                                   json=correction(fixed, reason="the agency was not heard")))
    assert preview["changed"] == ["findings"]
    assert (preview["next"]["rating_findings_before"],
            preview["next"]["rating_findings_after"]) == (1, 0)
    corrected = ok(await client.post(base, headers=member,
                                     json=correction(fixed, reason="the agency was not heard")))
    findings = corrected["outcome"]["findings"]
    assert [(f["against"], f["watchlisted_employer_id"] is not None) for f in findings] == [
        ("employer", True)]
    assert findings[0]["id"] == case["outcome"]["findings"][1]["id"]  # kept, not re-made
    dropped = await db.fetchrow(
        "SELECT superseded_in_version, superseded_at FROM dispute_finding WHERE id = $1",
        case["outcome"]["findings"][0]["id"])
    assert dropped["superseded_in_version"] == 2 and dropped["superseded_at"] is not None
    # The rating is told through its outbox topic, and no longer counts the dropped finding.
    causes = await db.fetch(
        "SELECT payload FROM outbox WHERE topic = 'agency.rating' AND entity_id = $1 "
        "AND id > $2", world.agency.id, queued)
    assert "dispute.correct_outcome" in [c["payload"]["cause"] for c in causes]
    counted = await db.fetchval(
        "SELECT count(*) FROM dispute_finding WHERE dispute_id = $1 AND against = 'agency' "
        "AND upheld AND superseded_at IS NULL", case["id"])
    assert counted == 0
    watchlist = ok(await client.get("/watchlist/employers", headers=world.regulator))
    assert [e["id"] for e in watchlist].count(findings[0]["watchlisted_employer_id"]) == 1
    assert [len(v["findings"]) for v in corrected["outcome"]["versions"]] == [2, 1]


async def test_after_the_window_a_correction_is_refused_saying_until_when(client, world, db):
    case, member = await decided(client, world)
    await db.execute("UPDATE dispute_outcome SET recorded_at = now() - interval '15 days' "
                     "WHERE dispute_id = $1", case["id"])
    recorded = await db.fetchval("SELECT recorded_at FROM dispute_outcome WHERE dispute_id = $1",
                                 case["id"])
    base = f"/disputes/{case['id']}/outcome/corrections"
    fixed = correction(award("150000.00", "RUB"))
    before = await written(db, case["id"], world.agency.id)
    for url in (base, f"{base}/preview"):
        body = problem(await client.post(url, headers=member, json=fixed), 409)
        assert body["code"] == "correction_window_closed"
        assert body["correction_days"] == 14
        assert datetime.fromisoformat(body["correctable_until"]) == recorded + timedelta(days=14)
        assert f"{recorded + timedelta(days=14):%Y-%m-%d %H:%M}" in body["detail"]
        assert "appeal" in body["detail"] and "new dispute" in body["detail"]
    assert await written(db, case["id"], world.agency.id) == before
    seen = ok(await client.get(f"/disputes/{case['id']}", headers=member))
    assert seen["outcome"]["may_correct"] is False


async def test_only_the_body_that_decided_corrects_it(client, world, db):
    j = world.j
    case, member = await decided(client, world)
    base = f"/disputes/{case['id']}/outcome/corrections"
    fixed = correction(award("150000.00", "RUB"))
    other_body = await new_body(client, world.admin, j.country)
    for who, status in ((attache_of(j, case).headers, 403), (world.regulator, 403),
                        (world.admin, 403), (world.agency.headers, 403),
                        (j.centre.headers, 403), (other_body.members[0].headers, 404)):
        for url in (base, f"{base}/preview"):
            problem(await client.post(url, headers=who, json=fixed), status)
        seen = await client.get(f"/disputes/{case['id']}", headers=who)
        if seen.status_code == 200:
            assert seen.json()["outcome"]["may_correct"] is False
    assert (await client.post(base, json=fixed)).status_code == 401
    ok(await client.post(base, headers=member, json=fixed))

    # A mediation result is the assigned attaché's to correct, and not its colleague's.
    mediated = await case_in(client, j, "in_mediation", world.regulator)
    attache = attache_of(j, mediated)
    colleague = next(a for a in j.mission.attaches if a.id != attache.id)
    await stepped(client, attache.headers, mediated["id"], "resolve", outcome=outcome())
    mediation = f"/disputes/{mediated['id']}/outcome/corrections"
    better = correction(outcome(summary="The employer agreed to pay in two instalments."),
                        reason="the terms of payment were left out")
    problem(await client.post(mediation, headers=colleague.headers, json=better), 404)
    problem(await client.post(mediation, headers=j.body.members[0].headers, json=better), 404)
    problem(await client.post(mediation, headers=world.regulator, json=better), 403)
    fixed_result = ok(await client.post(mediation, headers=attache.headers, json=better))
    assert fixed_result["outcome"]["summary"].endswith("two instalments.")
    # A case with no decision has nothing to correct.
    open_case = await case_in(client, j, "acknowledged", world.regulator)
    problem(await client.post(f"/disputes/{open_case['id']}/outcome/corrections",
                              headers=attache_of(j, open_case).headers, json=better), 409)


async def test_a_deposit_draw_is_previewed_and_made_only_when_confirmed(client, world, db):
    j = await jurisdiction(client, world.admin, world.regulator, world.agency)
    agency, _ = await active_licence(client, world.regulator)
    j.agency = agency
    case = await case_in(client, j, "in_mediation", world.regulator)
    await stepped(client, attache_of(j, case).headers, case["id"], "resolve",
                  outcome=award("1000.00", "KGS"))
    await db.execute("UPDATE dispute_outcome SET payment_due = current_date - 1 "
                     "WHERE dispute_id = $1", case["id"])
    url = f"/disputes/{case['id']}/deposit-draws"
    draw = {"reason": "the award was not paid by its deadline",
            "amount": {"amount": "600", "currency": "KGS"}}
    before = await written(db, case["id"], agency.id)

    preview = ok(await client.post(f"{url}/preview", headers=world.regulator, json=draw))
    assert await written(db, case["id"], agency.id) == before
    assert preview["amount"] == {"amount": "600.00", "currency": "KGS"}
    assert (preview["outstanding_before"]["amount"], preview["outstanding_after"]["amount"]) \
        == ("1000.00", "400.00")
    assert (preview["balance_before"], preview["balance_after"]) == (
        {"amount": "50000.00", "currency": "KGS"}, {"amount": "49400.00", "currency": "KGS"})
    assert preview["top_up_owed_after"] == {"amount": "600.00", "currency": "KGS"}
    assert preview["payment_due"] == str(date.today() - timedelta(days=1))
    assert preview["notices"][-1] == "agency" and "attache" in preview["notices"]
    assert (preview["rating_deposit_draws_before"],
            preview["rating_deposit_draws_after"]) == (0, 1)
    problem(await client.post(f"{url}/preview", headers=attache_of(j, case).headers,
                              json=draw), 403)

    problem(await client.post(url, headers=world.regulator, json=draw), 422, "confirm")
    assert await written(db, case["id"], agency.id) == before
    drawn = ok(await client.post(url, headers=world.regulator, json=draw | {"confirm": True}),
               201)
    assert (drawn["balance"], drawn["top_up_owed"]) == (preview["balance_after"],
                                                        preview["top_up_owed_after"])

    # Once part of the award came from the deposit, it stays payable by the agency.
    member_case = ok(await client.get(f"/disputes/{case['id']}",
                                      headers=attache_of(j, case).headers))
    problem(await client.post(f"/disputes/{case['id']}/outcome/corrections",
                              headers=attache_of(j, case).headers, json=correction(
                                  award("1000.00", "KGS", payable_by="employer"),
                                  reason="the employer is liable")),
            422, "outcome.payable_by")
    assert member_case["outcome"]["payable_by"] == "agency"
