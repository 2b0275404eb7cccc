"""Names spelled any way, through the public licence lookup and the centre's migrant search:
every spelling finds the licensed agency or the migrant, a near name is offered as "did you
mean" and never as the agency asked for, and close but different names never pass for each
other."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from core.text import name_key
from tests.conftest import act, active_licence, bearer, create_user_direct, token_for
from tests.factories_matching import Centre, new_centre, register_migrant
from tests.name_pairs import (
    AGENCIES_SAME,
    APART_AGENCIES,
    APART_PEOPLE,
    NEAR_AGENCIES,
    NEAR_PEOPLE,
    PEOPLE_SAME,
)

pytestmark = pytest.mark.asyncio

AGENCY_NAMES = list(dict.fromkeys(
    [group[0] for group in AGENCIES_SAME]
    + [registered for _, registered in NEAR_AGENCIES + APART_AGENCIES]))
PEOPLE_NAMES = list(dict.fromkeys(
    [group[0] for group in PEOPLE_SAME]
    + [registered for _, registered in NEAR_PEOPLE + APART_PEOPLE]))
SUSPENDED = "Nur-Sat"


def _client(app: Any) -> httpx.AsyncClient:
    """A client of its own address: the lookup is rate-limited per client."""
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://vetted.test")


async def lookup(app: Any, query: str) -> dict[str, Any]:
    async with _client(app) as client:
        response = await client.get("/public/licences", params={"q": query})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture(scope="module")
async def register(app: Any) -> dict[str, dict[str, Any]]:
    """The agencies of the table, each licensed (one suspended), by legal name."""
    found: dict[str, dict[str, Any]] = {}
    async with _client(app) as client:
        async with app.state.pool.acquire() as conn:
            regulator = bearer(await token_for(client, await create_user_direct(
                conn, "regulator")))
        for name in AGENCY_NAMES:
            _, licence = await active_licence(client, regulator, legal_name=name)
            found[name] = licence
        response = await act(client, regulator, found[SUSPENDED]["id"], "suspend",
                             reason="wages unpaid")
        assert response.status_code == 200, response.text
    return found


def _names(body: dict[str, Any]) -> list[str]:
    return [r["agency_name"] for r in body["results"]]


async def test_alatoo_in_either_script_finds_ala_too_licensed(app, register):
    for query in ("Alatoo", "Алатоо", "ALA TOO", "ала-тоо"):
        body = await lookup(app, query)
        assert body["matched_by"] == "agency_name", query
        [ala_too] = [r for r in body["results"] if r["licence_number"]
                     == register["Ala-Too"]["number"]]
        assert ala_too["agency_name"] == "Ala-Too"
        assert ala_too["status"] == "active" and ala_too["may_recruit_today"] is True
        assert ala_too["agency_address"] == "12 Chui Avenue, Bishkek"


@pytest.mark.parametrize(("written", "typed"),
                         [(g[0], other) for g in AGENCIES_SAME for other in g[1:]])
async def test_every_spelling_finds_the_agency(app, register, written, typed):
    body = await lookup(app, typed)
    assert body["matched_by"] == "agency_name"
    assert written in _names(body)
    # An answer for the name typed holds only agencies of that very name.
    assert {name_key(n) for n in _names(body)} == {name_key(typed)}


@pytest.mark.parametrize(("typed", "registered"), NEAR_AGENCIES)
async def test_a_near_name_is_offered_not_presented_as_the_agency(app, register, typed,
                                                                   registered):
    body = await lookup(app, typed)
    same = [n for n in AGENCY_NAMES if name_key(n) == name_key(typed)]
    if same:  # the table registers the name typed too: that agency is the answer
        assert body["matched_by"] == "agency_name"
        assert set(same) <= set(_names(body)) and registered not in _names(body)
        return
    assert body["matched_by"] == "near_name"
    assert registered in _names(body)
    [offered] = [r for r in body["results"] if r["agency_name"] == registered]
    assert offered["licence_number"] == register[registered]["number"]


@pytest.mark.parametrize(("typed", "registered"), APART_AGENCIES)
async def test_a_close_but_different_name_never_passes_for_the_agency(app, register, typed,
                                                                      registered):
    body = await lookup(app, typed)
    if body["matched_by"] == "agency_name":
        assert registered not in _names(body)
        assert {name_key(n) for n in _names(body)} == {name_key(typed)}
    if typed not in AGENCY_NAMES:
        assert body["matched_by"] != "agency_name"


async def test_near_names_tell_their_own_status(app, register):
    body = await lookup(app, "Nur Sad")
    assert body["matched_by"] == "near_name"
    [nur_sat] = [r for r in body["results"] if r["agency_name"] == SUSPENDED]
    assert nur_sat["status"] == "suspended" and nur_sat["may_recruit_today"] is False


async def test_nothing_near_is_not_in_the_register(app, register):
    body = await lookup(app, "Zarafshon Logistika")
    assert body == {"query": body["query"], "matched_by": "none", "results": []}


# --- the centre's migrant search -----------------------------------------------------------


@pytest.fixture(scope="module")
async def centre(app: Any) -> AsyncIterator[tuple[httpx.AsyncClient, Centre, dict[str, int]]]:
    """A centre of its own with a migrant for each person name of the table."""
    async with _client(app) as client:
        async with app.state.pool.acquire() as conn:
            admin = bearer(await token_for(client, await create_user_direct(conn, "admin")))
        here = await new_centre(client, admin)
        ids = {name: (await register_migrant(client, here, full_name=name))["id"]
               for name in PEOPLE_NAMES}
        yield client, here, ids


async def search(client: httpx.AsyncClient, here: Centre, query: str) -> list[int]:
    response = await client.get("/migrants", params={"q": query, "limit": 1000},
                                headers=here.headers)
    assert response.status_code == 200, response.text
    return [m["id"] for m in response.json()]


@pytest.mark.parametrize(("written", "typed"),
                         [(g[0], other) for g in PEOPLE_SAME for other in g[1:]])
async def test_every_spelling_finds_the_migrant(centre, written, typed):
    client, here, ids = centre
    assert ids[written] in await search(client, here, typed)


@pytest.mark.parametrize(("typed", "registered"), NEAR_PEOPLE)
async def test_a_vowel_spelled_another_way_finds_the_migrant(centre, typed, registered):
    client, here, ids = centre
    assert ids[registered] in await search(client, here, typed)


@pytest.mark.parametrize(("typed", "registered"), APART_PEOPLE)
async def test_a_close_but_different_name_does_not_find_the_migrant(centre, typed,
                                                                    registered):
    client, here, ids = centre
    assert ids[registered] not in await search(client, here, typed)


async def test_names_spelled_as_typed_come_before_other_spellings(app):
    async with _client(app) as client:
        async with app.state.pool.acquire() as conn:
            admin = bearer(await token_for(client, await create_user_direct(conn, "admin")))
        here = await new_centre(client, admin)
        gulnara = await register_migrant(client, here, full_name="Gulnara Karimova")
        gulnora = await register_migrant(client, here, full_name="Гулнора Каримова")
        other = await register_migrant(client, here, full_name="Dilnoza Karimova")
        assert await search(client, here, "Gulnara") == [gulnara["id"], gulnora["id"]]
        assert await search(client, here, "Гулнора") == [gulnora["id"], gulnara["id"]]
        assert await search(client, here, "Karimova Gulnora") == [gulnora["id"], gulnara["id"]]
        assert await search(client, here, "Otkir") == []
        renamed = await client.patch(f"/migrants/{other['id']}", headers=here.headers,
                                     json={"full_name": "Oʻtkir Karimov"})
        assert renamed.status_code == 200, renamed.text
        assert await search(client, here, "Ўткир") == [other["id"]]
        assert await search(client, here, "Otkir") == [other["id"]]
        assert await search(client, here, "Dilnoza") == []
