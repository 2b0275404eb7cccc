"""The public licence lookup: no login, Latin or Cyrillic, rate-limited per client."""

import pytest

from tests.conftest import act, active_licence, agency_body, apply, register_agency, unique
from tests.factories_disputes import problem

pytestmark = pytest.mark.asyncio


async def test_lookup_by_number_tolerates_case_spacing_and_cyrillic(client, regulator):
    _, licence = await active_licence(client, regulator)
    number = licence["number"]  # e.g. VT-KG-2026-00042
    typed = [
        number,
        number.lower().replace("-", " "),
        number.replace("-", ""),
        number.replace("VT", "ВТ").replace("KG", "КГ"),  # Cyrillic look-alikes
        # Digits typed as the letters drawn like them: Latin and Cyrillic O, I and l.
        number[:6] + number[6:].replace("0", "O"),
        number[:6] + number[6:].replace("0", "о").replace("1", "l"),
        number[:6] + number[6:].replace("0", "О").replace("1", "I"),
    ]
    for query in typed:
        response = await client.get("/public/licences", params={"q": query})
        assert response.status_code == 200, query
        body = response.json()
        assert body["matched_by"] == "licence_number", query
        [result] = body["results"]
        assert result["licence_number"] == number
        assert result["status"] == "active"
        assert result["may_recruit_today"] is True
        assert result["countries"] == ["RU", "KZ"]
        assert result["valid_until"] == licence["valid_until"]


async def test_a_number_one_digit_off_offers_the_licence_as_near(client, regulator):
    """«VT-KG-2026-0001» (a zero left out) answered «no such agency and no similar name»:
    the numbers one step away are offered, each perhaps another agency's."""
    _, licence = await active_licence(client, regulator)
    number = licence["number"]  # e.g. VT-KG-2026-00042
    head, serial = number.rsplit("-", 1)
    for typed in (f"{head}-{serial[1:]}", f"{head}-{serial[:-2]}{serial[-1]}{serial[-2]}"):
        if typed == number:
            continue  # swapping two equal digits changes nothing
        body = (await client.get("/public/licences", params={"q": typed})).json()
        if typed != f"{head}-{serial[1:]}" and body["matched_by"] == "licence_number":
            continue  # the digits swapped are another licence's number in this register
        assert body["matched_by"] == "near_number", typed
        assert number in [r["licence_number"] for r in body["results"]], typed
    far = (await client.get("/public/licences", params={"q": f"{head}-9{serial}9"})).json()
    assert number not in [r["licence_number"] for r in far["results"]]


async def test_each_near_result_says_it_is_not_the_number_asked_for(client, regulator):
    """A client reading one result of «VT-KG-2026-00007» alone took the real 00001, active,
    for the licence asked about: each result now says whether it is the one asked for."""
    _, licence = await active_licence(client, regulator)
    number = licence["number"]
    exact = (await client.get("/public/licences", params={"q": number})).json()
    assert [(r["licence_number"], r["exact"]) for r in exact["results"]] == [(number, True)]
    head, serial = number.rsplit("-", 1)
    near = (await client.get("/public/licences", params={"q": f"{head}-{serial[1:]}"})).json()
    assert near["matched_by"] == "near_number"
    assert number in [r["licence_number"] for r in near["results"]]
    assert all(r["exact"] is False for r in near["results"])


async def test_a_name_that_reads_as_a_registered_agencys_is_refused(client, regulator):
    """«Ala-Too Work Abroad LLC» was registered again, with a Cyrillic «А» and without its
    hyphen, by someone else: the licence check then showed three cards of that name, one
    licensed and two not."""
    tag = unique()
    name = f"Samal Work Abroad {tag} LLC"
    await active_licence(client, regulator, legal_name=name)
    for copy in (name, f"Ѕаmal Work Abroad {tag} LLC".replace("Ѕ", "S"),
                 f"Samal Work-Abroad {tag}", f"ОсОО Самал Ворк Аброад {tag}"):
        response = await client.post("/agencies", json=agency_body(copy))
        refused = problem(response, 409, "legal_name")
        assert refused["code"] == "agency.name_taken" and name in refused["detail"], copy
    body = (await client.get("/public/licences", params={"q": name})).json()
    assert [r["agency_name"] for r in body["results"]] == [name]
    # Another country's register may hold the same name.
    assert (await client.post("/agencies", json=agency_body(name, country="UZ"))
            ).status_code == 201


async def test_lookup_by_name_in_either_script(client, regulator):
    tag = unique()
    latin_name = f"Yulduz Ishchi Kuchi {tag} LLC"
    await active_licence(client, regulator, legal_name=latin_name)
    for query in (f"юлдуз ишчи кучи {tag}", f"YULDUZ  ishchi-kuchi {tag}",
                  f"ОсОО Iulduz Ishchi Kuchi {tag}"):
        body = (await client.get("/public/licences", params={"q": query})).json()
        assert body["matched_by"] == "agency_name", query
        assert [r["agency_name"] for r in body["results"]] == [latin_name], query
    # Words of the name in its own letters are the agency by its short name; in other
    # letters (Iulduz) only near: it may be another agency, so it is offered, not given.
    body = (await client.get("/public/licences", params={"q": f"YULDUZ  ishchi {tag}"})).json()
    assert body["matched_by"] == "name_part"
    assert [(r["agency_name"], r["exact"]) for r in body["results"]] == [(latin_name, True)]
    body = (await client.get("/public/licences", params={"q": f"Iulduz {tag}"})).json()
    assert body["matched_by"] == "near_name"
    # Other tests' agencies may be near too (one is called just "Yulduz").
    assert latin_name in [r["agency_name"] for r in body["results"]]


async def test_lookup_of_a_cyrillic_name_typed_in_latin(client, regulator):
    tag = unique()
    await active_licence(client, regulator, legal_name=f"ОсОО «Хужанд Сервис» {tag}")
    body = (await client.get("/public/licences", params={"q": f"khujand servis {tag}"})).json()
    assert len(body["results"]) == 1
    assert body["results"][0]["may_recruit_today"] is True


async def test_suspension_shows_at_once_and_forbids_recruiting(client, regulator):
    _, licence = await active_licence(client, regulator)
    await act(client, regulator, licence["id"], "suspend", reason="unpaid wages complaints")
    [result] = (await client.get("/public/licences",
                                 params={"q": licence["number"]})).json()["results"]
    assert result["status"] == "suspended"
    assert result["may_recruit_today"] is False
    assert "suspended" in result["explanation"]


async def test_applicants_and_unknown_agencies_may_not_recruit(client):
    tag = unique()
    agency = await register_agency(client, legal_name=f"Pending Agency {tag}")
    [result] = (await client.get("/public/licences", params={"q": tag})).json()["results"]
    assert result["status"] == "unlicensed"
    await apply(client, agency)
    [result] = (await client.get("/public/licences", params={"q": tag})).json()["results"]
    assert result["status"] == "applied"
    assert result["may_recruit_today"] is False
    nothing = (await client.get("/public/licences", params={"q": "zz" + unique()})).json()
    assert nothing == {"query": nothing["query"], "matched_by": "none", "results": []}


async def test_lookup_gives_no_personal_data(client, regulator):
    agency, licence = await active_licence(client, regulator)
    [result] = (await client.get("/public/licences",
                                 params={"q": licence["number"]})).json()["results"]
    text = str(result)
    for secret in (agency.body["people"][0]["document_number"], agency.body["account"]["email"]):
        assert secret not in text


async def test_lookup_is_rate_limited_per_client(client):
    statuses = [(await client.get("/public/licences", params={"q": "anything"})).status_code
                for _ in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    limited = await client.get("/public/licences", params={"q": "anything"})
    assert limited.headers["content-type"] == "application/problem+json"
    assert int(limited.headers["retry-after"]) >= 1
    assert "too many requests" in limited.json()["detail"]


async def test_lookup_rejects_empty_and_oversized_queries(client):
    for query in ("", "x", "y" * 201):
        response = await client.get("/public/licences", params={"q": query})
        assert response.status_code == 422
        assert response.json()["field"] == "q"
