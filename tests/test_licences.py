"""The licence lifecycle through the API, against the real database."""

import asyncio
from datetime import date, timedelta

import pytest

from api.web.notice_texts import worded
from core.auth import Role
from tests.conftest import act, active_licence, apply, register_agency

pytestmark = pytest.mark.asyncio


async def _audit(db, licence_id):
    return await db.fetch(
        "SELECT action, from_state, to_state, reason, actor_role, actor_label "
        "FROM audit_entry WHERE entity_type = 'licence' AND entity_id = $1 ORDER BY id",
        str(licence_id),
    )


async def test_full_lifecycle_is_audited_with_actor_and_reason(client, regulator, db):
    agency = await register_agency(client)
    licence = await apply(client, agency, ["RU", "KZ"])
    assert licence["status"] == "applied"
    assert licence["number"] is None
    assert licence["allowed_actions"] == ["start_review", "refuse"]

    steps = [
        ("start_review", "under_review"),
        ("grant", "active"),
        ("suspend", "suspended"),
        ("reinstate", "active"),
    ]
    for action, expected in steps:
        response = await act(client, regulator, licence["id"], action, reason=f"why {action}")
        assert response.status_code == 200, response.text
        assert response.json()["status"] == expected

    granted = response.json()
    assert granted["number"].startswith("VT-KG-")
    assert date.fromisoformat(granted["valid_from"]) == date.today()
    assert granted["valid_until"] == (
        date.today().replace(year=date.today().year + 3) - timedelta(days=1)
    ).isoformat()

    revoked = await act(client, regulator, licence["id"], "revoke", reason="forged contracts")
    assert revoked.json()["status"] == "revoked"
    assert revoked.json()["allowed_actions"] == []

    entries = await _audit(db, licence["id"])
    assert [(e["action"], e["from_state"], e["to_state"]) for e in entries] == [
        ("apply", None, "applied"),
        ("start_review", "applied", "under_review"),
        ("grant", "under_review", "active"),
        ("suspend", "active", "suspended"),
        ("reinstate", "suspended", "active"),
        ("revoke", "active", "revoked"),
    ]
    assert entries[0]["actor_role"] == "agency_staff"
    assert all(e["actor_role"] == "regulator" for e in entries[1:])
    assert entries[3]["reason"] == "why suspend"
    assert entries[5]["reason"] == "forged contracts"


async def _licence_in(client, regulator, state):
    """A licence brought to `state` through the API."""
    paths = {
        "applied": [],
        "under_review": ["start_review"],
        "refused": ["refuse"],
        "active": ["start_review", "grant"],
        "suspended": ["start_review", "grant", "suspend"],
        "revoked": ["start_review", "grant", "revoke"],
    }
    agency = await register_agency(client)
    licence = await apply(client, agency)
    for action in paths[state]:
        assert (await act(client, regulator, licence["id"], action)).status_code == 200
    return licence["id"]


ACTIONS = ["start_review", "grant", "refuse", "suspend", "reinstate", "revoke", "renew"]
LEGAL = {
    "applied": {"start_review", "refuse"},
    "under_review": {"grant", "refuse"},
    "active": {"suspend", "revoke", "renew"},
    "suspended": {"reinstate", "revoke"},
    "refused": set(),
    "revoked": set(),
}


@pytest.mark.parametrize("state", list(LEGAL))
async def test_every_illegal_transition_is_a_409_naming_what_is_allowed(client, regulator, db,
                                                                       state):
    licence_id = await _licence_in(client, regulator, state)
    before = await db.fetchval("SELECT count(*) FROM audit_entry")
    for action in ACTIONS:
        if action in LEGAL[state]:
            continue
        response = await act(client, regulator, licence_id, action)
        assert response.status_code == 409, (state, action, response.text)
        problem = response.json()
        assert response.headers["content-type"] == "application/problem+json"
        assert problem["current_status"] == state
        assert set(problem["allowed_actions"]) == LEGAL[state]
        assert f"cannot {action.replace('_', ' ')}" in problem["detail"]
    current = await client.get(f"/licences/{licence_id}", headers=regulator)
    assert current.json()["status"] == state
    assert await db.fetchval("SELECT count(*) FROM audit_entry") == before


async def test_nobody_can_expire_a_licence_by_hand(client, regulator):
    _, licence = await active_licence(client, regulator)
    response = await act(client, regulator, licence["id"], "expire")
    assert response.status_code == 409
    assert "on their own" in response.json()["detail"]


async def test_renewal_keeps_the_number_and_extends_validity_without_gap(client, regulator, db):
    agency, licence = await active_licence(client, regulator)
    # Not offered before the agency asks (the regulator's page showed it, to refuse it).
    assert "renew" not in licence["allowed_actions"]
    early = await act(client, regulator, licence["id"], "renew")
    assert early.status_code == 409
    assert "not requested a renewal" in early.json()["detail"]

    requested = await client.post(f"/licences/{licence['id']}/renewal-request",
                                  headers=agency.headers)
    assert requested.status_code == 200, requested.text
    assert requested.json()["renewal_requested_at"] is not None
    assert "renew" in requested.json()["allowed_actions"]
    twice = await client.post(f"/licences/{licence['id']}/renewal-request",
                              headers=agency.headers)
    assert twice.status_code == 409

    renewed = await act(client, regulator, licence["id"], "renew", reason=None)
    assert renewed.status_code == 200, renewed.text
    body = renewed.json()
    assert body["number"] == licence["number"]
    assert body["status"] == "active"
    assert body["renewal_count"] == 1
    assert body["renewal_requested_at"] is None
    old_until = date.fromisoformat(licence["valid_until"])
    assert date.fromisoformat(body["valid_from"]) == old_until + timedelta(days=1)
    assert date.fromisoformat(body["valid_until"]) > old_until.replace(year=old_until.year + 2)


async def test_a_second_application_while_one_is_open_is_a_conflict(client, regulator):
    agency = await register_agency(client)
    await apply(client, agency)
    again = await client.post(
        f"/agencies/{agency.id}/licences",
        json={"countries": ["RU"], "deposit": {"amount": "1.00", "currency": "KGS"}},
        headers=agency.headers,
    )
    assert again.status_code == 409
    assert "already has an application" in again.json()["detail"]


async def test_grant_may_cover_a_subset_of_the_countries_applied_for(client, regulator):
    agency = await register_agency(client)
    licence = await apply(client, agency, ["RU", "KZ", "TR"])
    await act(client, regulator, licence["id"], "start_review")
    wider = await act(client, regulator, licence["id"], "grant", countries=["RU", "AE"])
    assert wider.status_code == 422
    assert wider.json()["field"] == "countries"
    granted = await act(client, regulator, licence["id"], "grant", countries=["RU", "KZ"])
    assert granted.json()["countries"] == ["RU", "KZ"]


async def test_concurrent_transitions_of_one_licence_exactly_one_wins(client, regulator, db):
    _, licence = await active_licence(client, regulator)
    before = await db.fetchval(
        "SELECT count(*) FROM audit_entry WHERE entity_type = 'licence' AND entity_id = $1",
        str(licence["id"]),
    )
    results = await asyncio.gather(*[
        act(client, regulator, licence["id"], "suspend", reason=f"inspection {i}")
        for i in range(2)
    ])
    assert sorted(r.status_code for r in results) == [200, 409]
    after = await db.fetchval(
        "SELECT count(*) FROM audit_entry WHERE entity_type = 'licence' AND entity_id = $1",
        str(licence["id"]),
    )
    assert after == before + 1


async def test_concurrent_different_actions_on_the_same_version_exactly_one_wins(
    client, regulator, db
):
    _, licence = await active_licence(client, regulator)
    version = licence["version"]
    results = await asyncio.gather(
        act(client, regulator, licence["id"], "suspend", expected_version=version),
        act(client, regulator, licence["id"], "revoke", expected_version=version),
    )
    assert sorted(r.status_code for r in results) == [200, 409]
    loser = next(r for r in results if r.status_code == 409).json()
    assert loser["field"] == "expected_version"
    status = await db.fetchval("SELECT status FROM licence WHERE id = $1", licence["id"])
    winner = next(r for r in results if r.status_code == 200).json()
    assert status == winner["status"]


async def test_regulator_views_applications_expiry_and_csv(client, regulator):
    agency = await register_agency(client)
    pending = await apply(client, agency)
    queue = (await client.get("/regulator/applications?limit=1000", headers=regulator)).json()
    assert pending["id"] in [lic["id"] for lic in queue]
    assert all(lic["status"] in ("applied", "under_review") for lic in queue)

    _, active = await active_licence(client, regulator)
    horizon = (date.today() + timedelta(days=4 * 365)).isoformat()
    listed = await client.get(
        f"/licences?status=active&country=KZ&expiring_before={horizon}&limit=1000",
        headers=regulator,
    )
    assert active["id"] in [lic["id"] for lic in listed.json()]
    dates = [lic["valid_until"] for lic in listed.json()]
    assert dates == sorted(dates)

    csv = await client.get("/licences.csv?status=active", headers=regulator)
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.splitlines()
    assert lines[0].startswith("id,number,status,agency_id,agency_name")
    assert any(line.startswith(f"{active['id']},{active['number']},active,") for line in lines)


async def test_agency_history_comes_from_the_audit_log(client, regulator):
    agency, licence = await active_licence(client, regulator)
    history = await client.get(f"/agencies/{agency.id}/history", headers=regulator)
    assert history.status_code == 200
    actions = [(e["entity_type"], e["action"]) for e in history.json()]
    assert actions == [("agency", "register"), ("licence", "apply"),
                       ("licence", "start_review"), ("licence", "grant")]


async def test_agency_is_notified_of_each_decision(client, regulator):
    agency, licence = await active_licence(client, regulator)
    inbox = (await client.get("/notifications", headers=agency.headers)).json()
    kinds = [n["kind"] for n in inbox]
    assert "licence.grant" in kinds
    assert "licence.start_review" in kinds
    # The grant names the licence by the number it gets, not by a row's id.
    [granted] = [n for n in inbox if n["kind"] == "licence.grant"]
    assert licence["number"] in granted["subject"], granted
    # Under review it has no number yet: an application, named by the id its pages show.
    [review] = [n for n in inbox if n["kind"] == "licence.start_review"]
    assert review["subject"].startswith(f"Application {licence['id']}:"), review
    subject, _body = worded(review["kind"], review["params"], role=Role.AGENCY_STAFF,
                            language="ru") or ("", "")
    assert subject.startswith(f"Заявка {licence['id']}:"), subject
