"""Search through the HTTP API against the real PostgreSQL index, fed by the outbox relay."""

import re

import asyncpg
import httpx
import pytest

from core.db import _init_connection
from matching import tasks
from tests.conftest import act, bearer, create_user_direct, relay_index, token_for
from tests.factories_vacancies import (
    SEARCH_QUERIES,
    attache,
    employer,
    language_towns,
    licensed_agency,
    moved,
    unique,
    vacancy_in,
)

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def market(client, regulator, admin, db):
    """Two agencies in RU and one in KZ with published vacancies, relayed to the index."""
    tag = unique()
    ru_attache = await attache(client, admin, "RU")
    kz_attache = await attache(client, admin, "KZ")
    agency, licence = await licensed_agency(client, regulator, ["RU", "KZ"])
    other, other_licence = await licensed_agency(client, regulator, ["RU"])
    ru_employer = await employer(client, agency, "RU")
    kz_employer = await employer(client, agency, "KZ", city="Almaty")
    other_employer = await employer(client, other, "RU")
    specs = [
        (agency, ru_attache, ru_employer["id"], dict(
            title=f"Welder {tag}", occupation="welder", skills=["MIG welding", "TIG welding"],
            description="Welding steel structures at a construction site. Hostel provided.",
            city="Moscow", wage={"amount": "120000.00", "currency": "RUB", "period": "month"},
            languages=[{"code": "ru", "level": "B1"}])),
        (agency, kz_attache, kz_employer["id"], dict(
            title=f"Greenhouse worker {tag}", occupation="farm worker",
            skills=["harvesting", "irrigation"], country="KZ", city="Almaty",
            description="Picking tomatoes and cucumbers in heated greenhouses near Almaty.",
            wage={"amount": "250000.00", "currency": "KZT", "period": "month"},
            languages=[{"code": "ru", "level": "A2"}])),
        (other, ru_attache, other_employer["id"], dict(
            title=f"Сварщик {tag}", occupation="welder", skills=["сварка"],
            description="Сварщик на стройку в Казани, общежитие и питание бесплатно.",
            city="Казань", wage={"amount": "110000.00", "currency": "RUB", "period": "month"},
            languages=[{"code": "ru", "level": "B1"}])),
        (other, ru_attache, other_employer["id"], dict(
            title=f"Warehouse picker {tag}", occupation="warehouse worker",
            skills=["order picking", "forklift"],
            description="Picking and packing orders in a logistics warehouse near Moscow.",
            city="Moscow", wage={"amount": "700.00", "currency": "RUB", "period": "hour"},
            hours_per_week="40", languages=[{"code": "ru", "level": "A2"},
                                            {"code": "en", "level": "A1"}])),
    ]
    published = []
    for owner, verifier, employer_id, over in specs:
        published.append(await vacancy_in(client, "published", agency=owner,
                                          attache_headers=verifier, employer_id=employer_id,
                                          **over))
    await relay_index(db, [v["id"] for v in published])
    return {"tag": tag, "vacancies": published, "licence": licence,
            "other_licence": other_licence, "ru_attache": ru_attache, "agency": agency}


async def _search(client, **params):
    response = await client.get("/search/vacancies", params=params)
    assert response.status_code == 200, response.text
    return response.json()["results"]


def _ids(results):
    return [r["vacancy"]["id"] for r in results]


async def test_free_text_finds_the_right_vacancy_with_an_explanation(client, market):
    welder, greenhouse, svarshchik, picker = market["vacancies"]
    results = await _search(client, q=f"welder steel {market['tag']}")
    assert results[0]["vacancy"]["id"] == welder["id"]
    explanation = results[0]["explanation"]
    assert explanation["licence"]["number"] == market["licence"]["number"]
    assert explanation["licence"]["status"] == "active"
    assert explanation["score_parts"]["keyword_rank"] == 1
    assert explanation["score_parts"]["keyword_tier"] == 1  # every word typed, the tag too
    assert explanation["score_parts"]["similarity"] > 0.3
    assert explanation["wage"]["monthly"] == "120000.00"
    assert "welding" in " ".join(explanation["matched_skills"]).lower()


async def test_russian_query_in_cyrillic_and_in_latin_letters(client, market):
    svarshchik = market["vacancies"][2]
    for query in (f"сварщик {market['tag']}", f"svarshchik {market['tag']}"):
        results = await _search(client, q=query, mode="keyword")
        assert _ids(results)[0] == svarshchik["id"], query


async def test_quotes_and_backslashes_in_a_query_are_words_not_syntax(client, market):
    welder = market["vacancies"][0]
    for query in (f"welder's steel {market['tag']}", f"welder \\' steel {market['tag']}",
                  f"'welder' & !steel | {market['tag']}:*"):
        results = await _search(client, q=query, mode="keyword")
        assert _ids(results)[0] == welder["id"], query


async def test_filters_are_applied(client, market):
    welder, greenhouse, svarshchik, picker = market["vacancies"]
    tag = market["tag"]
    kz = await _search(client, q=f"work {tag}", country="KZ", k=50)
    assert greenhouse["id"] in _ids(kz)
    assert all(r["vacancy"]["country"] == "KZ" for r in kz)
    moscow = await _search(client, q=tag, city="moscow", k=50)
    assert {welder["id"], picker["id"]} <= set(_ids(moscow))
    assert svarshchik["id"] not in _ids(moscow)
    welders = await _search(client, q=tag, occupation="Welder", k=50)
    assert {welder["id"], svarshchik["id"]} <= set(_ids(welders))
    assert picker["id"] not in _ids(welders)
    rich = await _search(client, q=tag, min_wage="115000", currency="RUB", k=50)
    assert welder["id"] in _ids(rich)
    # 700 an hour at 40 hours is about 121,333 a month: it passes too.
    assert picker["id"] in _ids(rich)
    assert svarshchik["id"] not in _ids(rich)
    russian_only = await _search(client, q=tag, language="ru", k=50)
    assert picker["id"] not in _ids(russian_only)
    assert welder["id"] in _ids(russian_only)


@pytest.mark.parametrize("typed", ["Москва", "Moskva", "MOSCOW", "Маскав", "msk"])
async def test_a_city_is_one_city_in_every_script_and_spelling(client, market, typed):
    welder, greenhouse, svarshchik, picker = market["vacancies"]
    found = await _search(client, q=market["tag"], city=typed, k=50)
    assert {welder["id"], picker["id"]} <= set(_ids(found))
    assert svarshchik["id"] not in _ids(found)


async def test_a_city_typed_in_cyrillic_is_found_by_its_latin_names(client, market):
    welder, greenhouse, svarshchik, picker = market["vacancies"]
    for typed in ("Kazan", "Qozon", "казань"):
        found = await _search(client, q=market["tag"], city=typed, k=50)
        assert svarshchik["id"] in _ids(found), typed
        assert not {welder["id"], picker["id"], greenhouse["id"]} & set(_ids(found)), typed
        assert {r["vacancy"]["city"] for r in found} <= {"Kazan", "Казань"}, typed
    unknown = await _search(client, q=market["tag"], city="Atlantis", k=50)
    assert unknown == []


async def test_a_selective_filter_still_returns_k_results(client, market):
    # However unrelated the words, every vacancy passing the filter can be returned by the
    # meaning leg (the served ranking would rightly say nothing matches).
    results = await _search(client, q="astronaut on the moon", country="KZ", k=1,
                            mode="vector")
    assert len(results) == 1


async def test_suspending_a_licence_hides_its_vacancies_at_once(client, regulator, market):
    svarshchik, picker = market["vacancies"][2:]
    before = await _search(client, q=market["tag"], k=50)
    assert {svarshchik["id"], picker["id"]} <= set(_ids(before))
    await act(client, regulator, market["other_licence"]["id"], "suspend",
              reason="complaints of unpaid wages")
    after = await _search(client, q=market["tag"], k=50)
    assert svarshchik["id"] not in _ids(after)
    assert picker["id"] not in _ids(after)
    await act(client, regulator, market["other_licence"]["id"], "reinstate",
              reason="wages paid")
    again = await _search(client, q=market["tag"], k=50)
    assert svarshchik["id"] in _ids(again)


async def test_a_closed_vacancy_leaves_the_index(client, market, db):
    welder = market["vacancies"][0]
    response = await client.post(f"/vacancies/{welder['id']}/transitions",
                                 json={"action": "close", "reason": "positions taken"},
                                 headers=market["agency"].headers)
    assert response.status_code == 200, response.text
    # Hidden at once, before the relay has run: search re-checks the source of truth.
    assert welder["id"] not in _ids(await _search(client, q=market["tag"], k=50))
    await relay_index(db, [welder["id"]])
    assert welder["id"] not in _ids(await _search(client, q=market["tag"], k=50))


async def test_modes_and_bad_parameters(client, market):
    tag = market["tag"]
    for mode in ("keyword", "vector", "hybrid"):
        assert await _search(client, q=f"greenhouse {tag}", mode=mode)
    bad = await client.get("/search/vacancies", params={"q": "x", "min_wage": "100"})
    assert bad.status_code == 422
    assert bad.json()["field"] == "currency"
    bad = await client.get("/search/vacancies", params={"q": "x", "country": "XX"})
    assert bad.status_code == 422
    bad = await client.get("/search/vacancies", params={"q": "x", "mode": "magic"})
    assert bad.status_code == 422
    assert bad.json()["field"] == "mode"


async def test_the_public_sees_the_terms_but_not_the_verifiers_notes(client, market):
    welder = market["vacancies"][0]
    own = await client.get(f"/vacancies/{welder['id']}", headers=market["agency"].headers)
    assert own.json()["red_flags"], "the agency sees the flags raised on its vacancy"
    public = await client.get(f"/vacancies/{welder['id']}")
    assert public.status_code == 200
    body = public.json()
    assert body["wage"] == own.json()["wage"]
    assert body["red_flags"] == []
    assert body["allowed_actions"] == []


async def test_matches_for_a_migrant_come_from_the_profile_once_prescreened(
    client, admin, market
):
    from tests.factories_matching import Centre, migrant_body, prescreen
    from tests.factories_vacancies import user_with_role

    welder, greenhouse, svarshchik, picker = market["vacancies"]
    centre_headers = await user_with_role(client, admin, "centre_staff")
    me = (await client.get("/auth/me", headers=centre_headers)).json()
    centre = Centre(id=me["centre_id"], headers=centre_headers)
    body = migrant_body(occupation="welder", skills=["MIG welding"],
                        desired_countries=["RU", "KZ"],
                        languages=[{"code": "ru", "level": "B2"}],
                        min_wage={"amount": "100000.00", "currency": "RUB"})
    migrant = (await client.post("/migrants", json=body, headers=centre_headers)).json()

    early = await client.get(f"/migrants/{migrant['id']}/matches", headers=centre_headers)
    assert early.status_code == 409
    assert set(early.json()["missing"]) >= {"passport_valid", "medical_check",
                                            "orientation_done", "skills_test_passed"}

    assert (await prescreen(client, centre, migrant["id"],
                            skills_test_passed=True)).status_code == 200
    response = await client.get(f"/migrants/{migrant['id']}/matches",
                                params={"q": market["tag"], "k": 50}, headers=centre_headers)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    ids = _ids(results)
    assert {welder["id"], svarshchik["id"]} <= set(ids)
    assert picker["id"] not in ids  # needs English, which the migrant does not speak
    assert greenhouse["id"] in ids  # paid in tenge: the rouble minimum cannot rule it out
    top = results[ids.index(welder["id"])]["explanation"]
    # Only the skills the migrant has: not the vacancy's TIG welding, though it is welding.
    assert top["matched_skills"] == ["MIG welding"]
    # Its words came from the profile and the words typed beside it, not typed alone.
    assert {r["explanation"]["query_from"] for r in results} == {"profile_and_search"}
    assert top["languages_met"] == ["ru B1"]
    # The same as codes, which pages word in the reader's language.
    assert [n for n in top["language_needs"] if n["code"] == "ru"] == [
        {"code": "ru", "level": "B1", "has": "B2", "met": True}]

    stranger = await user_with_role(client, admin, "centre_staff")
    hidden = await client.get(f"/migrants/{migrant['id']}/matches", headers=stranger)
    assert hidden.status_code == 404


async def test_an_occupation_is_one_occupation_in_every_language(client, market):
    welder, greenhouse, svarshchik, picker = market["vacancies"]
    for typed in ("welder", "Сварщик", "ширетүүчү", "payvandchi", "кафшергар", "7212"):
        found = await _search(client, q=market["tag"], occupation=typed, k=50)
        assert {welder["id"], svarshchik["id"]} <= set(_ids(found)), typed
        assert picker["id"] not in _ids(found), typed


async def test_the_occupation_filter_goes_by_the_code_the_agency_chose(
        client, regulator, admin, db):
    tag = unique()
    verifier = await attache(client, admin, "RU")
    agency, _ = await licensed_agency(client, regulator, ["RU"])
    works = await employer(client, agency, "RU")
    common = dict(description="Сварка металлоконструкций на заводе, общежитие бесплатно.",
                  city="Тула", languages=[{"code": "ru", "level": "A2"}])
    # Words that name no occupation, and words that name another one: the code decides.
    chosen = [await vacancy_in(client, "published", agency=agency, attache_headers=verifier,
                               employer_id=works["id"], title=f"Специалист по металлу {tag}",
                               occupation=words, occupation_code="7212", **common)
              for words in ("специалист по металлу", "повар")]
    ids = {v["id"] for v in chosen}
    await relay_index(db, ids)
    try:
        for typed in ("welder", "payvandchi", "7212"):
            found = await _search(client, q=tag, occupation=typed, k=50)
            assert ids <= set(_ids(found)), typed
            assert {r["vacancy"]["occupation_code"] for r in found
                    if r["vacancy"]["id"] in ids} == {"7212"}
        cooks = await _search(client, q=tag, occupation="повар", k=50)
        assert not ids & set(_ids(cooks))
    finally:
        # Closed, so that the rankings later tests expect of the whole index are not moved.
        for vacancy_id in ids:
            await moved(client, agency.headers, vacancy_id, "close")


async def test_a_query_naming_an_occupation_finds_it_in_any_language(
        client, regulator, admin, db):
    tag = unique()
    verifier = await attache(client, admin, "RU")
    agency, _ = await licensed_agency(client, regulator, ["RU"])
    farm = await employer(client, agency, "RU")
    tractor = await vacancy_in(
        client, "published", agency=agency, attache_headers=verifier, employer_id=farm["id"],
        title=f"Тракторист {tag}", occupation="тракторист", skills=["МТЗ", "вспашка"],
        description="Работа на тракторе в агрохолдинге, жильё предоставляется.",
        city="Краснодар", languages=[{"code": "ru", "level": "A2"}])
    await relay_index(db, [tractor["id"]])
    for typed in ("traktorchi", "tractor driver", "тракторчу"):
        results = await _search(client, q=typed, k=20)
        mine = [r for r in results if r["vacancy"]["id"] == tractor["id"]]
        assert mine, typed
        assert mine[0]["explanation"]["occupation_asked"] == "8341"
        assert mine[0]["vacancy"]["occupation_code"] == "8341"


async def test_a_related_trade_stands_in_and_says_so_when_none_of_the_trade_is_open(
        client, regulator, admin, db):
    """`коргари завод` (Tajik: factory worker) when no factory worker's vacancy is open,
    but an assembly line's is: that vacancy is offered as a related trade, never as the
    occupation asked for."""
    tag = unique()
    verifier = await attache(client, admin, "RU")
    agency, _ = await licensed_agency(client, regulator, ["RU"])
    plant = await employer(client, agency, "RU")
    line = await vacancy_in(
        client, "published", agency=agency, attache_headers=verifier, employer_id=plant["id"],
        title=f"Сборщик электроники {tag}", occupation="сборщик электроники",
        occupation_code="8212", description="Сборка плат на конвейере, общежитие.",
        city="Калуга", languages=[{"code": "ru", "level": "A2"}])
    await relay_index(db, [line["id"]])
    try:
        results = await _search(client, q=f"коргари завод {tag}", k=20)
        mine = [r for r in results if r["vacancy"]["id"] == line["id"]]
        assert mine
        assert mine[0]["explanation"]["occupation_asked"] is None
        assert mine[0]["explanation"]["occupation_related"] == "8212"
        page = await client.get("/jobs", params={"q": f"коргари завод {tag}"},
                                headers={"accept-language": "ru"})
        assert page.status_code == 200
        assert "по смежной профессии" in page.text
        assert "Профессия, которую вы искали" not in page.text
    finally:
        await moved(client, agency.headers, line["id"], "close")


async def test_a_code_typed_alone_finds_the_adverts_holding_it_and_no_others(client, market):
    """A reference like the market's tag is no words to the model: its closeness to a
    stranger's advert is chance and must not put that advert above the ones holding it."""
    assert any(c.isdigit() for c in market["tag"])
    results = await _search(client, q=market["tag"], k=20)
    assert set(_ids(results)) == {v["id"] for v in market["vacancies"]}
    for result in results:
        parts = result["explanation"]["score_parts"]
        assert parts["keyword_tier"] == 1 and parts["similarity"] is None, parts


async def test_a_query_that_matches_nothing_gets_no_jobs(client, market):
    assert await _search(client, q="xyzzy qwfp zhvk") == []


@pytest.fixture(scope="module")
async def towns(app, worker):
    """LANGUAGE_TOWNS through the API, relayed into the index by the worker."""
    transport = httpx.ASGITransport(app=app, client=("10.252.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as api:
        conn = await asyncpg.connect(app.state.settings.database_url)
        await _init_connection(conn)
        try:
            regulator = bearer(await token_for(api, await create_user_direct(conn, "regulator")))
            admin = bearer(await token_for(api, await create_user_direct(conn, "admin")))
        finally:
            await conn.close()
        built = await language_towns(api, regulator, await attache(api, admin, "RU"))
    # Relayed by the session's worker (a module fixture has no test connection).
    tasks.relay_outbox.delay().get(timeout=180)
    return built


@pytest.mark.parametrize(("text", "language", "town", "occupation"), SEARCH_QUERIES)
async def test_a_query_finds_its_occupation_in_another_language(
        client, towns, text, language, town, occupation):
    """Russian finds English adverts and English Russian ones; Uzbek and Kyrgyz find theirs."""
    results = await _search(client, q=text, city=towns[town]["city"])
    # The town's adverts only (those too far in meaning are not offered as matches).
    assert {r["vacancy"]["id"] for r in results} <= set(towns[town]["ids"].values())
    top = results[0]
    assert top["vacancy"]["id"] == towns[town]["ids"][occupation], (text, language)
    # Found by meaning or by the occupation the query names: no word of the query is in
    # the advert.
    assert top["explanation"]["score_parts"]["keyword_rank"] is None


@pytest.mark.parametrize(("language", "shown"), [
    ("en", "e.g. welder, сварщик, cook in Almaty"),
    ("ru", "например: сварщик, welder, повар в Алматы"),
])
async def test_the_search_box_suggests_what_to_type_in_the_page_language(
        client, language, shown):
    page = await client.get("/jobs", cookies={"vetted_lang": language})
    assert page.status_code == 200, page.text
    box = re.search(r'<input id="f-q"[^>]*>', page.text)
    assert box, page.text
    assert f'placeholder="{shown}"' in box.group(0)


async def test_a_day_gone_by_as_still_open_on_is_refused_in_words(client):
    """«Still open on 1 January 2020» showed jobs as if it were a filter."""
    page = await client.get("/jobs", params={"q": "сварщик", "open_until": "2020-01-01"},
                            cookies={"vetted_lang": "tg"})
    assert page.status_code == 422, page.text
    assert "Рӯзи имрӯз ё рӯзи дертарро интихоб кунед." in page.text
    assert 'class="result' not in page.text


async def test_the_pages_name_their_icon_and_it_is_served(client):
    page = await client.get("/jobs")
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page.text)
    assert icon, page.text
    served = await client.get(icon.group(1))
    assert served.status_code == 200
    assert served.headers["content-type"].startswith("image/svg+xml")


async def test_an_unknown_address_in_a_browser_is_a_page_in_its_language(client):
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    page = await client.get("/nope", headers=browser, cookies={"vetted_lang": "ru"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Такой страницы нет. Проверьте адрес" in page.text
    api = await client.get("/nope")  # an API client still gets problem+json
    assert api.status_code == 404
    assert api.headers["content-type"].startswith("application/problem+json")


async def test_a_page_refuses_what_no_field_holds_in_the_readers_words(client):
    """Not «Input should be a finite number» or «q: contains a control character» on an
    Uzbek page, nor a page of pydantic's words for an address naming no record."""
    uzbek = {"vetted_lang": "uz"}
    for params, said in (({"min_wage": "NaN", "currency": "RUB"}, "Son kiriting."),
                         ({"q": "oshpaz\x00"}, "boshqaruv belgisi")):
        page = await client.get("/jobs", params=params, cookies=uzbek)
        assert page.status_code in (200, 422), page.text
        assert said in page.text, (params, page.text)
        assert "Input should" not in page.text and "control character" not in page.text
    missing = await client.get("/jobs/١", cookies=uzbek)  # an Arabic-Indic one
    assert missing.status_code == 404
