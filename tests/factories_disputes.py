"""Setup for the dispute and attaché tests: a receiving country of their own for each
jurisdiction (so no other test's routing rule can match), missions with attachés,
settlement bodies with members, routing rules, centres, migrants and cases in any state."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import pycountry

from tests.conftest import PASSWORD, Agency, bearer, token_for, unique

PROBLEM_JSON = "application/problem+json"
CONSENT_VERSION = "2026-01"

# Countries other tests name outright (a minimum wage or fee rule they set, or one they
# expect unset), and the sending countries.
_TAKEN = {"KG", "TJ", "UZ", "RU", "KZ", "AE", "TR", "KR", "DE", "GB", "US", "PL", "LT",
          "AM", "QA", "OM", "MN", "TM"}
_POOL = sorted(c.alpha_2 for c in pycountry.countries if c.alpha_2 not in _TAKEN)
random.shuffle(_POOL)


def fresh_country() -> str:
    """A receiving country no other test in this session has used."""
    return _POOL.pop()


def problem(response: httpx.Response, status: int, field: str | None = None
            ) -> dict[str, Any]:
    """A problem+json answer with `status`, naming `field` when given."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["detail"], body
    if field is not None:
        assert body.get("field") == field, body
        if status == 422:
            assert body["errors"][0]["field"] == field, body
    return body


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


# --- accounts and organisations ----------------------------------------------------------


@dataclass
class Account:
    id: int
    email: str
    headers: dict[str, str]


async def account(client: httpx.AsyncClient, admin: dict[str, str], role: str,
                  **binding: int) -> Account:
    email = f"{unique(role + '-')}@example.org"
    user = ok(await client.post("/admin/users", headers=admin, json={
        "email": email, "full_name": f"Test {role}", "password": PASSWORD, "role": role,
        **binding}), 201)
    return Account(user["id"], email, bearer(await token_for(client, email)))


@dataclass
class Mission:
    id: int
    country: str
    attaches: list[Account]


async def new_mission(client: httpx.AsyncClient, admin: dict[str, str], country: str, *,
                      attaches: int = 1, regions: list[str] | None = None) -> Mission:
    mission = ok(await client.post("/missions", headers=admin, json={
        "name": unique("Labour office "), "sending_country": "KG", "country": country,
        "regions": regions or [], "email": f"{unique('mission-')}@mfa.kg",
        "phone": "+7 495 123 4567", "address": "Embassy street 1"}), 201)
    staff = [await account(client, admin, "attache", mission_id=mission["id"])
             for _ in range(attaches)]
    return Mission(mission["id"], country, staff)


@dataclass
class Body:
    id: int
    country: str
    members: list[Account]


async def new_body(client: httpx.AsyncClient, admin: dict[str, str], country: str, *,
                   kind: str = "labour_inspectorate", regions: list[str] | None = None,
                   dispute_kinds: list[str] | None = None, members: int = 1) -> Body:
    payload: dict[str, Any] = {"name": unique("Inspectorate "), "country": country,
                               "kind": kind, "regions": regions or []}
    if dispute_kinds is not None:
        payload["dispute_kinds"] = dispute_kinds
    body = ok(await client.post("/settlement-bodies", headers=admin, json=payload), 201)
    staff = [await account(client, admin, "settlement_body", settlement_body_id=body["id"])
             for _ in range(members)]
    return Body(body["id"], country, staff)


async def new_rule(client: httpx.AsyncClient, regulator: dict[str, str], *, country: str,
                   mission_id: int, **over: Any) -> dict[str, Any]:
    rule: dict[str, Any] = ok(await client.post("/routing-rules", headers=regulator, json={
        "name": unique("Rule "), "country": country, "mission_id": mission_id, **over}), 201)
    return rule


@dataclass
class Centre:
    id: int
    staff: Account

    @property
    def headers(self) -> dict[str, str]:
        return self.staff.headers


async def new_centre(client: httpx.AsyncClient, admin: dict[str, str]) -> Centre:
    centre = ok(await client.post("/admin/centres", headers=admin, json={
        "name": unique("Centre "), "country": "KG", "city": "Osh"}), 201)
    return Centre(centre["id"], await account(client, admin, "centre_staff",
                                              centre_id=centre["id"]))


@dataclass
class Migrant:
    id: int
    user_id: int | None
    headers: dict[str, str] | None
    record: dict[str, Any]


async def new_migrant(client: httpx.AsyncClient, centre: Centre, *, login: bool = True,
                      prescreened: bool = False, citizenship: str = "KG") -> Migrant:
    email = f"{unique('migrant-')}@mail.kg"
    body: dict[str, Any] = {
        "consent": True, "consent_version": CONSENT_VERSION,
        "full_name": f"Aibek Toktogulov {unique()}", "date_of_birth": "1990-05-01",
        "phone": "+996 555 987654", "email": email, "citizenship": citizenship,
        "passport_number": "AC" + "".join(random.choice("0123456789") for _ in range(7)),
        "occupation": "Cook", "skills": ["plov"], "experience_years": "3",
        "languages": [{"code": "ru", "level": "B1"}], "education": "secondary",
        "desired_countries": [],
    }
    if login:
        body["password"] = PASSWORD
    record = ok(await client.post("/migrants", json=body, headers=centre.headers), 201)
    if prescreened:
        ok(await client.put(f"/migrants/{record['id']}/prescreening", headers=centre.headers,
                            json={"passport_valid": True, "medical_check": True,
                                  "orientation_done": True, "skills_test_passed": True}))
    headers = bearer(await token_for(client, email)) if login else None
    return Migrant(record["id"], record["user_id"], headers, record)


# --- a jurisdiction and its cases -----------------------------------------------------------


@dataclass
class Jurisdiction:
    """A receiving country of its own: a mission, a settlement body and one rule for
    `region` that sends every case from there to them."""

    country: str
    region: str
    mission: Mission
    body: Body
    rule: dict[str, Any]
    agency: Agency
    centre: Centre
    extra: dict[str, Any] = field(default_factory=dict)


async def jurisdiction(client: httpx.AsyncClient, admin: dict[str, str],
                       regulator: dict[str, str], agency: Agency, *, attaches: int = 2
                       ) -> Jurisdiction:
    country = fresh_country()
    region = unique("Oblast ")
    mission = await new_mission(client, admin, country, attaches=attaches)
    body = await new_body(client, admin, country)
    rule = await new_rule(client, regulator, country=country, mission_id=mission.id,
                          region=region, settlement_body_id=body.id)
    return Jurisdiction(country, region, mission, body, rule, agency,
                        await new_centre(client, admin))


def dispute_body(j: Jurisdiction, **over: Any) -> dict[str, Any]:
    return {
        "kind": "unpaid_wages",
        "agency_id": j.agency.id,
        "employer_name": unique("Stroy Montazh "),
        "country": j.country,
        "region": j.region,
        "claimed": {"amount": "1200.00", "currency": "USD"},
        "description": "No wages were paid for the last three months of work on site.",
        **over,
    }


async def file_case(client: httpx.AsyncClient, j: Jurisdiction, migrant: Migrant | None = None,
                    *, headers: dict[str, str] | None = None, **over: Any) -> dict[str, Any]:
    """A case filed by the centre for a migrant of its own (a new one unless given, since
    one person's second filing of a complaint joins its open case), or with other `headers`
    by someone else; routed by the rules."""
    if migrant is None and headers is None:
        migrant = await new_migrant(client, j.centre)
    body = dispute_body(j, **over)
    if migrant is not None and headers is None:
        body.setdefault("migrant_id", migrant.id)
    case: dict[str, Any] = ok(await client.post("/disputes", json=body,
                                                headers=headers or j.centre.headers), 201)
    return case


# The steps that record a decision, and so are taken only when confirmed.
DECISIONS = ("resolve", "decide")


async def step(client: httpx.AsyncClient, headers: dict[str, str], dispute_id: int,
               action: str, **extra: Any) -> httpx.Response:
    """A step as a person takes it: a decision confirmed after its preview (unless the test
    says otherwise with confirm=...)."""
    if action in DECISIONS:
        extra.setdefault("confirm", True)
    return await client.post(f"/disputes/{dispute_id}/transitions",
                             json={"action": action, **extra}, headers=headers)


async def stepped(client: httpx.AsyncClient, headers: dict[str, str], dispute_id: int,
                  action: str, **extra: Any) -> dict[str, Any]:
    result: dict[str, Any] = ok(await step(client, headers, dispute_id, action, **extra))
    return result


def attache_of(j: Jurisdiction, case: dict[str, Any]) -> Account:
    """The mission's attaché the case is assigned to."""
    return next(a for a in j.mission.attaches if a.id == case["assigned_attache_id"])


def outcome(**over: Any) -> dict[str, Any]:
    return {"summary": "The employer agreed to pay the wages owed.", **over}


def award(amount: str = "1000.00", currency: str = "KGS", payable_by: str = "agency",
          due: date | None = None, **over: Any) -> dict[str, Any]:
    result = outcome(awarded={"amount": amount, "currency": currency}, payable_by=payable_by,
                     **over)
    if due is not None:
        result["payment_due"] = str(due)
    return result


# Each state a case can be brought to from "assigned", and who takes each step there:
# "attache", "body" (the settlement body), "centre", "regulator".
PATHS: dict[str, list[tuple[str, str, dict[str, Any]]]] = {
    "assigned": [],
    "acknowledged": [("attache", "acknowledge", {})],
    "in_mediation": [("attache", "acknowledge", {}), ("attache", "start_mediation", {})],
    "resolved": [("attache", "acknowledge", {}), ("attache", "start_mediation", {}),
                 ("attache", "resolve", {"outcome": outcome()})],
    "referred": [("attache", "acknowledge", {}), ("attache", "refer", {})],
    "decided": [("attache", "acknowledge", {}), ("attache", "refer", {}),
                ("body", "decide", {"outcome": outcome()})],
    "closed": [("attache", "acknowledge", {}), ("attache", "start_mediation", {}),
               ("attache", "resolve", {"outcome": outcome()}), ("attache", "close", {})],
    "withdrawn": [("centre", "withdraw", {"reason": "the employer paid in the meantime"})],
}


def headers_for(who: str, j: Jurisdiction, case: dict[str, Any],
                regulator: dict[str, str]) -> dict[str, str]:
    return {
        "attache": lambda: attache_of(j, case).headers,
        "body": lambda: j.body.members[0].headers,
        "centre": lambda: j.centre.headers,
        "regulator": lambda: regulator,
    }[who]()


async def case_in(client: httpx.AsyncClient, j: Jurisdiction, state: str,
                  regulator: dict[str, str], **over: Any) -> dict[str, Any]:
    """A new case brought to `state` through the API."""
    case = await file_case(client, j, **over)
    assert case["status"] == "assigned", case
    for who, action, extra in PATHS[state]:
        case = await stepped(client, headers_for(who, j, case, regulator), case["id"], action,
                             **extra)
    assert case["status"] == state
    return case
