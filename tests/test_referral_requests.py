"""Migrants ask their centre to refer them to a job: one open request per job, the centre's
queue, referring through the referral service or declining with a reason the migrant reads;
and a migrant's matches led by the migrant's occupation, other work labelled. Against the
real database and search index."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from tests.conftest import PASSWORD, bearer, relay_index, token_for, unique
from tests.factories_matching import (
    World,
    assert_problem,
    build_world,
    migrant_login,
    published_vacancy,
    register_migrant,
)


@pytest.fixture(scope="module")
async def world(app: Any) -> AsyncIterator[World]:
    async with build_world(app, "10.253.7.2") as w:
        yield w


async def ask(world: World, headers: dict[str, str], vacancy_id: int) -> Any:
    return await world.client.post("/referral-requests", json={"vacancy_id": vacancy_id},
                                   headers=headers)


async def test_a_request_reaches_the_centre_queue_and_is_referred_once(world: World) -> None:
    vacancy = await published_vacancy(world, world.agency_x)
    migrant, headers = await migrant_login(world.client, world.centre_a)
    asked = await ask(world, headers, vacancy)
    assert asked.status_code == 201, asked.text
    request = asked.json()
    assert request["status"] == "open" and request["vacancy"]["id"] == vacancy
    again = assert_problem(await ask(world, headers, vacancy), 409, "vacancy_id")
    assert again["code"] == "referral_request.duplicate"

    queue = await world.client.get("/referral-requests?status=open",
                                   headers=world.centre_a.headers)
    assert request["id"] in [r["id"] for r in queue.json()]
    other = await world.client.get("/referral-requests", headers=world.centre_b.headers)
    assert request["id"] not in [r["id"] for r in other.json()]
    assert_problem(await world.client.post(f"/referral-requests/{request['id']}/referral",
                                           headers=world.centre_b.headers), 404)

    referred = await world.client.post(f"/referral-requests/{request['id']}/referral",
                                       headers=world.centre_a.headers)
    assert referred.status_code == 200, referred.text
    assert referred.json()["status"] == "referred"
    referral = await world.client.get(f"/referrals/{referred.json()['referral_id']}",
                                      headers=headers)
    assert referral.status_code == 200 and referral.json()["migrant"]["id"] == migrant["id"]
    assert_problem(await world.client.post(f"/referral-requests/{request['id']}/referral",
                                           headers=world.centre_a.headers), 409)
    # Referred now: asking again says so.
    already = assert_problem(await ask(world, headers, vacancy), 409)
    assert already["code"] == "referral_request.already_referred"


async def test_a_declined_request_tells_the_migrant_why(world: World) -> None:
    vacancy = await published_vacancy(world, world.agency_x)
    _migrant, headers = await migrant_login(world.client, world.centre_a)
    request = (await ask(world, headers, vacancy)).json()
    url = f"/referral-requests/{request['id']}/decline"
    assert_problem(await world.client.post(url, json={"reason": ""},
                                           headers=world.centre_a.headers), 422, "reason")
    declined = await world.client.post(url, json={"reason": "The employer needs B2 Russian"},
                                       headers=world.centre_a.headers)
    assert declined.status_code == 200, declined.text
    mine = (await world.client.get("/referral-requests", headers=headers)).json()
    assert [(r["status"], r["decline_reason"]) for r in mine] == [
        ("declined", "The employer needs B2 Russian")]
    # Declined, it may be asked again.
    assert (await ask(world, headers, vacancy)).status_code == 201


async def test_requests_need_pre_screening_and_an_open_job(world: World) -> None:
    vacancy = await published_vacancy(world, world.agency_x)
    email = f"{unique('waiting-')}@mail.kg"
    await register_migrant(world.client, world.centre_a, email=email, password=PASSWORD)
    waiting = bearer(await token_for(world.client, email))
    missing = assert_problem(await ask(world, waiting, vacancy), 409)
    assert "medical_check" in missing["missing"]
    _migrant, headers = await migrant_login(world.client, world.centre_a)
    assert_problem(await ask(world, headers, 2**62), 422, "vacancy_id")
    assert_problem(await ask(world, world.centre_a.headers, vacancy), 403)


async def _matches_of_a_welder(world: World, *, skills: list[str],
                               params: dict[str, Any] | None = None) -> Any:
    """A pre-screened welder with a sign-in of their own, and their matches as they ask."""
    email = f"{unique('welder-')}@mail.kg"
    migrant = await register_migrant(world.client, world.centre_a, email=email,
                                     password=PASSWORD, occupation="Welder", skills=skills)
    await world.client.put(f"/migrants/{migrant['id']}/prescreening", json={
        "passport_valid": True, "medical_check": True, "orientation_done": True,
        "skills_test_passed": True}, headers=world.centre_a.headers)
    headers = bearer(await token_for(world.client, email))
    return await world.client.get(f"/migrants/{migrant['id']}/matches", params=params,
                                  headers=headers)


async def test_a_welders_matches_are_welding_jobs_and_other_work_is_labelled(
        world: World, db: asyncpg.Connection) -> None:
    welding = [await published_vacancy(world, world.agency_x, occupation=o)
               for o in ("Welder", "Сварщик")]
    others = [await published_vacancy(world, world.agency_x, occupation=o)
              for o in ("Cook", "Caregiver")]
    await relay_index(db, welding + others)
    # Other tests' welders rank beside these: ask for as many as a page allows.
    found = await _matches_of_a_welder(world, skills=["plov"], params={"k": 50})
    assert found.status_code == 200, found.text
    results = found.json()["results"]
    labelled = [(r["vacancy"]["id"], r["explanation"]["other_work"]) for r in results]
    own = [v for v, other in labelled if not other]
    assert set(welding) <= set(own), labelled
    assert not set(others) & set(own), labelled
    # Every job of the occupation comes before any other work.
    flags = [other for _v, other in labelled]
    assert flags == sorted(flags), labelled


async def test_a_city_typed_on_the_matches_ranks_them_and_brings_no_other_work(
        world: World, db: asyncpg.Connection) -> None:
    # Both in Moscow: the carer's job holds the city, not the welder's skills.
    welder = await published_vacancy(world, world.agency_x, occupation="Welder")
    carer = await published_vacancy(world, world.agency_x, occupation="Caregiver")
    await relay_index(db, [welder, carer])
    found = await _matches_of_a_welder(world, skills=["argon arc welding"],
                                       params={"q": "Москва", "k": 50})
    assert found.status_code == 200, found.text
    shown = {r["vacancy"]["id"]: r["explanation"] for r in found.json()["results"]}
    assert welder in shown and not shown[welder]["other_work"], shown
    assert not shown[welder]["other_city"]
    assert carer not in shown, "a job of other work offered for being in the city typed"


async def test_a_forged_job_number_on_the_ask_form_is_refused_in_words(world: World) -> None:
    """The form's job number comes from a page; one out of range, in other digits, or below
    one is refused as no job of the list, not a server error or "no longer open"."""
    _migrant, headers = await migrant_login(world.client, world.centre_a)
    session = f"vetted_session={headers['Authorization'].split()[1]}"
    page = await world.client.get("/me/requests", headers={"Cookie": session})
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert page.status_code == 200 and token, page.text
    cookie = {"Cookie": f"{session}; vetted_csrf={page.cookies['vetted_csrf']}"}
    for forged in ("99999999999999999999", str(2**63), "-1", "0", "١", "+5"):
        refused = await world.client.post("/me/referral-requests", headers=cookie, data={
            "vacancy_id": forged, "csrf_token": token.group(1)})
        assert refused.status_code == 422, (forged, refused.status_code)
        assert "Choose a job from the list." in refused.text, forged
    # An address naming no record is no page, not pydantic's words on one.
    for path in ("/me/disputes/abc", "/me/disputes/99999999999999999999"):
        missing = await world.client.get(path, headers=cookie)
        assert missing.status_code == 404, (path, missing.status_code)
        assert "Input should" not in missing.text


async def test_other_work_typed_on_the_matches_is_not_called_the_profiles_occupation(
        world: World, db: asyncpg.Connection) -> None:
    """A glazier typing «welder» is offered welders' jobs as other work: asked for, not
    the profile's occupation. (No test publishes a glazier's job: the other work has room.)"""
    await relay_index(db, [await published_vacancy(world, world.agency_x,
                                                   occupation="Welder")])
    email = f"{unique('glazier-')}@mail.kg"
    migrant = await register_migrant(world.client, world.centre_a, email=email,
                                     password=PASSWORD, occupation="Glazier",
                                     skills=["window fitting"])
    await world.client.put(f"/migrants/{migrant['id']}/prescreening", json={
        "passport_valid": True, "medical_check": True, "orientation_done": True,
        "skills_test_passed": True}, headers=world.centre_a.headers)
    token = await token_for(world.client, email)
    found = await world.client.get(f"/migrants/{migrant['id']}/matches",
                                   params={"q": "welder", "k": 50}, headers=bearer(token))
    welders = [r for r in found.json()["results"]
               if r["vacancy"]["occupation_code"] == "7212"]
    assert welders, found.json()
    welder = welders[0]["vacancy"]["id"]
    assert all(r["explanation"]["other_work"] for r in welders)
    assert all(r["explanation"]["occupation_asked"] == "7212" for r in welders)  # typed
    page = await world.client.get("/me/matches", params={"q": "welder"},
                                  headers={"Cookie": f"vetted_session={token}"})
    card = re.search(rf'<article class="result" data-vacancy="{welder}">.*?</article>',
                     page.text, re.S)
    assert card, page.text
    assert "The profile's occupation" not in card[0]
    assert "The occupation you asked for" in card[0]


@pytest.mark.parametrize("language", ["uz", "ky"])
async def test_no_requests_yet_names_the_page_and_button_as_the_menu_does(
        world: World, language: str) -> None:
    """«Men uchun ishlar»ni oching, said the page, beside a menu reading «Menga mos ishlar»."""
    from api.web.common import translations

    _migrant, headers = await migrant_login(world.client, world.centre_a)
    page = await world.client.get("/me/requests", headers={
        "Cookie": f"vetted_session={headers['Authorization'].split()[1]}; "
                  f"vetted_lang={language}"})
    _ = translations(language).gettext
    empty = re.search(r'<p class="panel">(.*?)</p>', page.text, re.S)
    assert empty, page.text
    for words in (_("Jobs for me"), _("Ask my centre to refer me")):
        assert words in empty[1], (words, empty[1])
