"""The demo world `vetted run` seeds on first start, in databases of its own (created on the
test server and dropped afterwards), so its records never mix with other tests' data."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from api.demo import DOMAIN, LOGINS, DemoResult, format_logins, seed_demo
from api.web.common import PUBLIC_LANGUAGES, translations
from core.auth import Role
from core.clock import utc_today
from core.config import get_settings
from core.db import UnitOfWork, create_pool
from core.embedded import provision_roles
from core.migrate import upgrade
from core.users import authenticate, create_user, principal_for
from disputes import service as disputes_service
from matching import migrants as migrant_service
from matching import referrals as referral_service
from matching import searching
from matching import vacancies as vacancy_service
from matching.embedder import get_embedder
from matching.rules import VacancyStatus
from matching.search import make_backend
from matching.search.base import SearchFilters
from missions import service as attache_service
from ratings import service as ratings_service
from registry import service as registry_service

ROOT = Path(__file__).resolve().parent.parent

# Tables whose counts say whether anything was written.
TABLES = ("app_user", "agency", "licence", "employer", "vacancy", "migrant", "referral",
          "dispute", "routing_rule", "mission", "settlement_body", "audit_entry", "outbox")


@dataclass
class DemoDatabase:
    url: str
    owner_url: str
    pool: asyncpg.Pool


def _database_url(server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@asynccontextmanager
async def fresh_database(engines: dict[str, str]) -> AsyncIterator[DemoDatabase]:
    """A new database on the test server, set up and migrated as a deployment's is (the
    application role using it), dropped at the end."""
    name = f"demo_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(engines["superuser_url"])
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        await asyncio.to_thread(provision_roles, _database_url(engines["superuser_url"], name))
        url = _database_url(engines["database_url"], name)
        owner_url = _database_url(engines["owner_url"], name)
        upgrade(owner_url)
        pool = await create_pool(url, max_size=4)
        try:
            yield DemoDatabase(url, owner_url, pool)
        finally:
            await pool.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _seed(pool: asyncpg.Pool) -> DemoResult:
    async with UnitOfWork(pool) as uow:
        result = await seed_demo(uow, settings=get_settings())
        await uow.commit()
        return result


async def _counts(pool: asyncpg.Pool) -> dict[str, int]:
    async with pool.acquire() as conn:
        return {table: await conn.fetchval(f"SELECT count(*) FROM {table}")  # noqa: S608
                for table in TABLES}


@pytest.fixture(scope="module")
async def demo(engines: dict[str, str]) -> AsyncIterator[tuple[DemoDatabase, DemoResult]]:
    async with fresh_database(engines) as database:
        yield database, await _seed(database.pool)


@pytest.fixture(scope="module")
async def occupied(engines: dict[str, str]) -> AsyncIterator[DemoDatabase]:
    """A database that already has an account of its own, as a real deployment does."""
    async with fresh_database(engines) as database:
        async with database.pool.acquire() as conn:
            await create_user(conn, email="head@ministry.example.org", full_name="Head of Unit",
                              password="a real password", role="admin")
        yield database


async def _as(uow: UnitOfWork, email: str) -> Any:
    user_id = await authenticate(uow.conn, email=email, password=get_settings().demo_password)
    assert user_id is not None, f"{email} does not sign in with the demo password"
    principal = await principal_for(uow.conn, user_id)
    assert principal is not None
    return principal


async def test_every_demo_login_signs_in_with_its_role_and_organisation(demo):
    database, result = demo
    assert result.status == "seeded"
    assert {login.email for login in result.logins} == {login.email for login in LOGINS}
    assert all(login.email.endswith("@" + DOMAIN) for login in LOGINS)
    async with UnitOfWork(database.pool) as uow:
        for login in result.logins:
            who = await _as(uow, login.email)
            assert who.role == login.role, login.email
            bindings = {name: getattr(who, name) for name in
                        ("agency_id", "centre_id", "mission_id", "settlement_body_id")}
            bound = {name for name, value in bindings.items() if value is not None}
            if login.role == Role.AGENCY_STAFF:
                assert bound == {"agency_id"}
                agency = await registry_service.get_agency(uow, agency_id=who.agency_id,
                                                           actor=who)
                assert agency.legal_name == login.organisation
            elif login.role == Role.ATTACHE:
                assert bound == {"mission_id"}
                mission = await attache_service.get_mission(uow, mission_id=who.mission_id)
                assert mission is not None and mission["name"] == login.organisation
            elif login.role == Role.SETTLEMENT_BODY:
                assert bound == {"settlement_body_id"}
                body = await attache_service.get_settlement_body(
                    uow, settlement_body_id=who.settlement_body_id)
                assert body is not None and body["name"] == login.organisation
            elif login.role == Role.CENTRE_STAFF:
                assert bound == {"centre_id"}
                name = await uow.conn.fetchval("SELECT name FROM centre WHERE id = $1",
                                               who.centre_id)
                assert name == login.organisation
            elif login.role == Role.MIGRANT:
                assert bound == set()
                record = await migrant_service.get_own_migrant(uow, actor=who)
                assert record.full_name == login.full_name
                assert record.prescreening.complete
            else:
                assert login.role in (Role.REGULATOR, Role.ADMIN) and bound == set()
        wrong = await authenticate(uow.conn, email=LOGINS[0].email, password="not the one")
        assert wrong is None


async def test_the_demo_world_is_what_the_logins_table_promises(demo):
    database, _ = demo
    today = utc_today()
    now = datetime.now(UTC)
    async with UnitOfWork(database.pool) as uow:
        regulator = await _as(uow, f"regulator@{DOMAIN}")

        licences = await registry_service.list_licences(uow, actor=regulator)
        by_status = Counter(lic.status.value for lic in licences)
        assert by_status == {"active": 2, "under_review": 1, "suspended": 1}
        assert all(set(lic.countries) == {"RU", "KZ"} for lic in licences
                   if lic.status.value == "active")

        wages = {(w.country, w.currency) for w in await vacancy_service.list_minimum_wages(uow)}
        assert {("RU", "RUB"), ("KZ", "KZT")} <= wages

        employers = await vacancy_service.list_employers(uow, actor=regulator,
                                                         status="verified", today=today)
        assert {e.country for e in employers} == {"RU", "KZ"}

        vacancies = await vacancy_service.list_vacancies(uow, actor=regulator, statuses=None,
                                                         limit=1000, offset=0, today=today)
        assert 30 <= len(vacancies) <= 40
        states = Counter(v.status for v in vacancies)
        assert states[VacancyStatus.PUBLISHED] >= 20
        assert states[VacancyStatus.SUBMITTED] >= 3 and states[VacancyStatus.REJECTED] == 1
        published = [v for v in vacancies if v.status == VacancyStatus.PUBLISHED]
        assert {v.country for v in published} == {"RU", "KZ"}
        assert {v.wage.currency for v in published} == {"RUB", "KZT"}
        russian = [v for v in vacancies if re.search("[а-яА-Я]", v.title)]
        assert 0.4 <= len(russian) / len(vacancies) <= 0.6
        assert len({v.occupation for v in vacancies}) >= 20
        submitted = [v for v in vacancies if v.status == VacancyStatus.SUBMITTED]
        flags = {flag["code"] for v in submitted for flag in v.red_flags}
        assert {"wage_below_minimum", "worker_pays_fee", "hours_over_limit"} <= flags
        assert any(not v.red_flags for v in submitted), "one waits with nothing to flag"
        rejected = next(v for v in vacancies if v.status == VacancyStatus.REJECTED)
        assert rejected.status_reason and rejected.red_flags

        attache_ru = await _as(uow, f"attache.ru@{DOMAIN}")
        queue = await vacancy_service.list_vacancies(
            uow, actor=attache_ru, statuses=[VacancyStatus.SUBMITTED], limit=100, offset=0,
            today=today)
        assert len(queue) == 3 and all(v.country == "RU" for v in queue)

        migrants = await migrant_service.list_migrants(
            uow, actor=regulator, query=None, prescreened=None, centre_id=None, limit=100,
            offset=0)
        assert len(migrants) == 8
        assert all(m.consent_version == get_settings().consent_version for m in migrants)
        assert sum(m.prescreening.complete for m in migrants) == 7
        assert any(m.user_id is not None for m in migrants)

        referrals = await referral_service.list_referrals(
            uow, actor=regulator, statuses=None, vacancy_id=None, migrant_id=None, limit=100,
            offset=0, today=today)
        stages = {r.status.value for r in referrals}
        assert {"referred", "interviewed", "offered", "contract_signed", "deployed",
                "rejected"} <= stages
        deployed = next(r for r in referrals if r.status.value == "deployed")
        assert deployed.deployed_at is not None

        disputes = await disputes_service.list_disputes(
            uow, actor=regulator, statuses=None, agency_id=None, limit=100, offset=0, now=now)
        assert Counter(d.status.value for d in disputes) == {
            "assigned": 1, "acknowledged": 1, "referred": 1, "resolved": 1}
        assert all(d.queue is None and d.assigned_attache_id for d in disputes), \
            "every case was routed by a rule to an attaché"
        resolved = next(d for d in disputes if d.status.value == "resolved")
        case = await disputes_service.get_dispute(uow, dispute_id=resolved.id, actor=regulator,
                                                  now=now, today=today)
        assert case.outcome is not None and case.outcome.awarded is not None
        assert case.outcome.findings
        referred = next(d for d in disputes if d.status.value == "referred")
        body_member = await _as(uow, f"settlement.ru@{DOMAIN}")
        sees = await disputes_service.list_disputes(
            uow, actor=body_member, statuses=None, agency_id=None, limit=100, offset=0, now=now)
        assert [d.id for d in sees] == [referred.id]

        for country in ("RU", "KZ"):
            rules = await disputes_service.list_rules(uow, country=country, active=True,
                                                      mission_id=None)
            assert rules, f"no routing rule for {country}"


async def test_seeding_again_changes_nothing(demo):
    database, _ = demo
    before = await _counts(database.pool)
    again = await _seed(database.pool)
    assert again.status == "present" and again.logins == LOGINS
    assert await _counts(database.pool) == before


async def test_a_database_with_accounts_of_its_own_is_left_alone(occupied):
    before = await _counts(occupied.pool)
    result = await _seed(occupied.pool)
    assert result.status == "skipped" and result.logins == ()
    assert await _counts(occupied.pool) == before
    assert before["agency"] == 0 and before["app_user"] == 1


async def test_published_demo_vacancies_are_found_once_the_outbox_is_relayed(demo):
    database, _ = demo
    settings = get_settings()
    backend = make_backend("postgres", database.pool)
    embedder = get_embedder(settings.embedding_model)
    while True:
        async with UnitOfWork(database.pool) as uow:
            relayed = await searching.relay_batch(uow, backend=backend, embedder=embedder)
            await uow.commit()
        if relayed == 0:
            break
    today = utc_today()

    async def search(text: str, countries: list[str] | None = None) -> list[dict[str, Any]]:
        async with UnitOfWork(database.pool) as uow:
            assert await searching.pending_relay(uow) == 0
            return await searching.search_vacancies(
                uow, backend=backend, embedder=embedder, text=text,
                filters=SearchFilters(countries=countries or []), k=10, mode="hybrid",
                today=today)

    welders = [r["vacancy"] for r in await search("welder")]
    titles = {v["title"] for v in welders}
    assert {"MIG/MAG welder for steel structures", "Welder for steel structures"} <= titles
    assert welders[0]["occupation"] in ("welder", "сварщик")

    async with UnitOfWork(database.pool) as uow:
        regulator = await _as(uow, f"regulator@{DOMAIN}")
        vacancies = await vacancy_service.list_vacancies(
            uow, actor=regulator, statuses=None, limit=1000, offset=0, today=today)
        suspended = {lic.agency_id for lic in await registry_service.list_licences(
            uow, actor=regulator) if lic.status.value == "suspended"}
    visible = {v.id for v in vacancies
               if v.status == VacancyStatus.PUBLISHED and v.agency_id not in suspended}
    hidden = {v.id for v in vacancies} - visible
    found: set[int] = set()
    for text in ("construction", "стройка", "farm greenhouse", "driver", "hotel", "sewing",
                 "warehouse", "care", "Монолитчик на стройку в Подмосковье",
                 "Formwork carpenter, night shifts"):
        found |= {r["vacancy"]["id"] for r in await search(text)}
    assert found and found <= visible, "only published jobs of licensed agencies are found"
    assert not found & hidden
    kz = await search("construction worker", ["KZ"])
    assert kz and all(r["vacancy"]["country"] == "KZ" for r in kz)


def test_the_logins_table_names_every_account_with_the_password_and_a_first_step():
    table = format_logins(LOGINS, password="pass-word-42", base_url="http://127.0.0.1:8000")
    lines = table.splitlines()
    assert lines[0] == "Demo accounts: sign in at http://127.0.0.1:8000/login"
    header = lines[1]
    assert re.match(r"^\s+role\s+e-mail\s+password\s+try first$", header)
    column = header.index("e-mail")
    for login in LOGINS:
        line = next(line for line in lines if login.email in line)
        assert line.index(login.email) == column, "the columns line up"
        assert "pass-word-42" in line and line.rstrip().endswith(login.try_first)
    assert any("centre staff" in line and "Aibek" in line for line in lines)
    assert len(lines) == len(LOGINS) + 4  # title, header, rule, the accounts, anyone


async def _seed_demo_command(database: DemoDatabase) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"DATABASE_URL": database.url, "DATABASE_OWNER_URL": database.owner_url}
    return await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "api.cli", "seed-demo"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=600,
    )


async def test_the_seed_demo_command_prints_the_logins_or_says_why_not(demo, occupied):
    database, _ = demo
    shown = await _seed_demo_command(database)
    assert shown.returncode == 0, shown.stderr
    assert "the demo is already there" in shown.stdout
    assert all(login.email in shown.stdout for login in LOGINS)
    assert get_settings().demo_password in shown.stdout

    refused = await _seed_demo_command(occupied)
    assert refused.returncode == 1, refused.stdout
    assert "already has accounts of its own" in refused.stderr
    assert LOGINS[0].email not in refused.stdout + refused.stderr


def test_the_readme_lists_every_demo_account_with_what_to_try() -> None:
    """Whoever runs `make run` reads the accounts in the README before the terminal."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for login in LOGINS:
        assert re.search(rf"{re.escape(login.email)}\s+{re.escape(login.try_first)}\n",
                         readme), login.email


async def test_the_check_page_example_name_finds_the_demo_agency_in_every_language(demo):
    """The hint under the check form names an agency; in every language it is spelled,
    the demo finds that agency itself, not a "did you mean"."""
    database, _ = demo
    hint = "For example VT-KG-2025-00012 or Ala-Too Work Abroad"
    async with UnitOfWork(database.pool) as uow:
        for language in PUBLIC_LANGUAGES:
            example = translations(language).gettext(hint)
            name = example.split("00012", 1)[1].split(" ", 2)[2]  # after "or"
            found = await registry_service.lookup(uow, query=name, today=utc_today(),
                                                  ratings=ratings_service.rating_summaries)
            assert found.matched_by == "agency_name", (language, name)
            assert [r.agency_name for r in found.results] == ["Ala-Too Work Abroad LLC"]
