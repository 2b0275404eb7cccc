"""Setup for the migrant and referral tests: centres and their staff, migrants, and
published vacancies of licensed agencies (built through the matching services, with a
real attaché verifying them)."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import asyncpg
import httpx

from core.auth import Principal
from core.clock import utc_today
from core.db import UnitOfWork
from core.users import principal_for
from matching import vacancies
from matching.rules import VacancyAction
from matching.schemas import EmployerIn, VacancyIn, VacancyTransitionIn, Wage
from tests.conftest import (
    PASSWORD,
    Agency,
    act,
    active_licence,
    bearer,
    create_user_direct,
    token_for,
    unique,
)
from tests.factories_vacancies import ACKNOWLEDGE_ALL

PROBLEM_JSON = "application/problem+json"
CONSENT_VERSION = "2026-01"  # Settings.consent_version's default


def assert_problem(response: httpx.Response, status: int, field: str | None = None
                   ) -> dict[str, Any]:
    """A problem+json body with `status`; for a named field, "field" (and "errors") name it."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    if field is not None:
        assert body.get("field") == field, body
        if status == 422:
            assert body["errors"][0]["field"] == field, body
    return body


@dataclass
class Centre:
    id: int
    headers: dict[str, str]


@dataclass
class LicensedAgency:
    agency: Agency
    licence_id: int
    actor: Principal

    @property
    def id(self) -> int:
        return self.agency.id

    @property
    def headers(self) -> dict[str, str]:
        return self.agency.headers


@dataclass
class World:
    """Accounts shared by a test module; each test makes its own migrants and referrals."""

    client: httpx.AsyncClient
    pool: asyncpg.Pool
    admin: dict[str, str]
    regulator: dict[str, str]
    attache: dict[str, str]
    settlement: dict[str, str]
    centre_a: Centre
    centre_b: Centre
    agency_x: LicensedAgency
    agency_y: LicensedAgency
    attaches: dict[str, Principal]  # receiving country -> an attaché of a mission there


async def _created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _principal(pool: asyncpg.Pool, email: str) -> Principal:
    async with pool.acquire() as conn:
        user_id = await conn.fetchval("SELECT id FROM app_user WHERE email = lower($1)", email)
        principal = await principal_for(conn, user_id)
    assert principal is not None
    return principal


async def _account(client: httpx.AsyncClient, admin: dict[str, str], role: str,
                   **binding: int) -> tuple[str, dict[str, str]]:
    email = f"{unique(role + '-')}@example.org"
    await _created(await client.post("/admin/users", headers=admin, json={
        "email": email, "full_name": f"Test {role}", "password": PASSWORD, "role": role,
        **binding}))
    return email, bearer(await token_for(client, email))


async def new_centre(client: httpx.AsyncClient, admin: dict[str, str], *, country: str = "KG",
                     city: str = "Osh") -> Centre:
    centre = await _created(await client.post("/admin/centres", headers=admin, json={
        "name": unique("Centre "), "country": country, "city": city}))
    _, headers = await _account(client, admin, "centre_staff", centre_id=centre["id"])
    return Centre(centre["id"], headers)


async def licensed_agency(client: httpx.AsyncClient, regulator: dict[str, str],
                          pool: asyncpg.Pool) -> LicensedAgency:
    """An agency with an active licence covering RU and KZ."""
    agency, licence = await active_licence(client, regulator)
    return LicensedAgency(agency, licence["id"], await _principal(pool, agency.email))


async def attache_for(world: World, country: str) -> Principal:
    if country not in world.attaches:
        mission = await _created(await world.client.post(
            "/admin/missions", headers=world.admin,
            json={"name": unique("Mission "), "sending_country": "KG", "country": country}))
        email, _ = await _account(world.client, world.admin, "attache",
                                  mission_id=mission["id"])
        world.attaches[country] = await _principal(world.pool, email)
    return world.attaches[country]


@asynccontextmanager
async def build_world(app: Any, address: str) -> AsyncIterator[World]:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as client:
        pool = app.state.pool
        async with pool.acquire() as conn:
            regulator = bearer(await token_for(client, await create_user_direct(conn,
                                                                                "regulator")))
            admin = bearer(await token_for(client, await create_user_direct(conn, "admin")))
        body = await _created(await client.post("/admin/settlement-bodies", headers=admin,
                                                 json={"name": unique("Body "),
                                                       "country": "RU"}))
        _, settlement = await _account(client, admin, "settlement_body",
                                       settlement_body_id=body["id"])
        world = World(
            client=client, pool=pool, admin=admin, regulator=regulator, attache={},
            settlement=settlement,
            centre_a=await new_centre(client, admin), centre_b=await new_centre(client, admin),
            agency_x=await licensed_agency(client, regulator, pool),
            agency_y=await licensed_agency(client, regulator, pool), attaches={},
        )
        principal = await attache_for(world, "RU")
        async with pool.acquire() as conn:
            email = await conn.fetchval("SELECT email FROM app_user WHERE id = $1",
                                        principal.user_id)
        world.attache = bearer(await token_for(client, email))
        yield world


# --- migrants ---------------------------------------------------------------------------


def passport_number() -> str:
    return "AN" + "".join(random.choice("0123456789") for _ in range(7))


def migrant_body(**over: Any) -> dict[str, Any]:
    return {
        "consent": True,
        "consent_version": CONSENT_VERSION,
        "full_name": f"Nurlan Toktogulov {unique()}",
        "date_of_birth": "1994-03-15",
        "phone": "+996 555 123456",
        "email": f"{unique('nurlan-')}@mail.kg",
        "citizenship": "KG",
        "passport_number": passport_number(),
        "occupation": "Cook",
        "skills": ["plov", "bread baking"],
        "experience_years": "4.5",
        "languages": [{"code": "ky", "level": "native"}, {"code": "ru", "level": "B2"}],
        "education": "vocational",
        "desired_countries": ["RU", "KZ"],
        "min_wage": {"amount": "60000.00", "currency": "RUB"},
        **over,
    }


async def register_migrant(client: httpx.AsyncClient, centre: Centre, **over: Any
                           ) -> dict[str, Any]:
    return await _created(await client.post("/migrants", json=migrant_body(**over),
                                            headers=centre.headers))


async def prescreen(client: httpx.AsyncClient, centre: Centre, migrant_id: int,
                    **checks: bool) -> httpx.Response:
    body = {"passport_valid": True, "medical_check": True, "orientation_done": True, **checks}
    return await client.put(f"/migrants/{migrant_id}/prescreening", json=body,
                            headers=centre.headers)


async def ready_migrant(client: httpx.AsyncClient, centre: Centre, **over: Any
                        ) -> dict[str, Any]:
    """A registered migrant whose pre-screening is complete."""
    migrant = await register_migrant(client, centre, **over)
    response = await prescreen(client, centre, migrant["id"], skills_test_passed=True)
    assert response.status_code == 200, response.text
    assert response.json()["prescreening"]["complete"], response.text
    return migrant


async def migrant_login(client: httpx.AsyncClient, centre: Centre
                        ) -> tuple[dict[str, Any], dict[str, str]]:
    """A pre-screened migrant with a sign-in, and the migrant's own headers."""
    email = f"{unique('self-')}@mail.kg"
    migrant = await ready_migrant(client, centre, email=email, password=PASSWORD)
    return migrant, bearer(await token_for(client, email))


# --- vacancies --------------------------------------------------------------------------


async def draft_vacancy(world: World, agency: LicensedAgency, *, country: str = "RU",
                        occupation: str = "Cook") -> int:
    today = utc_today()
    async with UnitOfWork(world.pool) as uow:
        employer = await vacancies.register_employer(
            uow, actor=agency.actor, today=today,
            data=EmployerIn(name=unique("Stroy Invest "), country=country, city="Moscow",
                            registration_number=unique("OGRN")),
        )
        vacancy = await vacancies.create_vacancy(
            uow, actor=agency.actor, today=today,
            data=VacancyIn(
                employer_id=employer.id, title=f"{occupation} {unique()}",
                description="Kitchen work in a canteen, two shifts, contract and housing.",
                occupation=occupation, skills=["plov"], country=country, city="Moscow",
                wage=Wage(amount=Decimal("90000.00"), currency="RUB", period="month"),
                hours_per_week=Decimal(40), housing="free", meals="free", contract_months=12,
                positions=5, closing_date=today + timedelta(days=60),
            ),
        )
        await uow.commit()
    return vacancy.id


async def move_vacancy(world: World, agency: LicensedAgency, vacancy_id: int,
                       *actions: VacancyAction, country: str = "RU") -> None:
    today = utc_today()
    attache = await attache_for(world, country)
    async with UnitOfWork(world.pool) as uow:
        for action in actions:
            actor = attache if action == VacancyAction.VERIFY else agency.actor
            await vacancies.transition_vacancy(
                uow, vacancy_id=vacancy_id, actor=actor, today=today,
                command=VacancyTransitionIn(
                    action=action,
                    reason="no longer needed" if action == VacancyAction.CLOSE else None,
                    acknowledgements=ACKNOWLEDGE_ALL if action == VacancyAction.VERIFY else {}),
            )
        await uow.commit()


async def published_vacancy(world: World, agency: LicensedAgency, *, country: str = "RU",
                            occupation: str = "Cook") -> int:
    """A vacancy verified by an attaché of its country and published by the agency."""
    vacancy_id = await draft_vacancy(world, agency, country=country, occupation=occupation)
    await move_vacancy(world, agency, vacancy_id, VacancyAction.SUBMIT, VacancyAction.VERIFY,
                       VacancyAction.PUBLISH, country=country)
    return vacancy_id


async def licence_action(world: World, agency: LicensedAgency, action: str) -> None:
    response = await act(world.client, world.regulator, agency.licence_id, action,
                         reason=f"test: {action}")
    assert response.status_code == 200, response.text
