"""One search contract, two engines: every test here runs against PostgreSQL and Elasticsearch
(one node, and a cluster of two with the index sharded and replicated).

The `backend` fixture is parametrized; nothing below knows which engine it talks to
(except one extra look at the alias after a rebuild). Vacancies are created through
the API, as users create them, and reach the backend under test through its upserts or
the outbox relay; searches go through matching.searching, as the endpoint does.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import asyncpg
import httpx
import numpy as np
import pytest

from core.clock import utc_today
from core.db import UnitOfWork, _init_connection, connection
from matching import searching
from matching import vacancies as vacancy_service
from matching.repository import vacancies as vacancy_repo
from matching.search.base import (
    EVERY_WORD_LIFT,
    SOME_WORDS_LIFT,
    SearchBackend,
    SearchFilters,
    SearchQuery,
    Visibility,
)
from matching.vacancies import INDEX_TOPIC
from tests.conftest import act, bearer, create_user_direct, token_for, unique
from tests.es_node import index_name
from tests.factories_vacancies import (
    SEARCH_QUERIES,
    attache,
    employer,
    language_towns,
    licensed_agency,
    move,
    vacancy_in,
)

pytestmark = pytest.mark.asyncio


# --- the engines and the data ------------------------------------------------------------


@pytest.fixture(scope="session", params=["postgres", "elasticsearch", "elasticsearch-cluster"])
async def backend(request: pytest.FixtureRequest, app: Any) -> AsyncIterator[SearchBackend]:
    if request.param == "postgres":
        from matching.search.postgres import PostgresSearch

        # As the service serves searches: on connections of its own, opened with the
        # search's settings. The demo's test searches through the API pool instead.
        served = await PostgresSearch.open(app.state.pool, app.state.settings.database_url)
        yield served
        await served.close()
        return
    from matching.search.elasticsearch import ElasticsearchSearch

    if request.param == "elasticsearch-cluster":
        # Two nodes; the index in two shards, each with a copy on the other node.
        cluster = request.getfixturevalue("es_cluster")
        engine = ElasticsearchSearch(",".join(cluster.urls), alias=index_name("contract"),
                                     shards=2, replicas=1)
    else:
        node = request.getfixturevalue("es_node")
        engine = ElasticsearchSearch(node.url, alias=index_name("contract"))
    yield engine
    await engine.close()


@pytest.fixture(scope="session")
async def embedder(app: Any) -> Any:
    return await app.state.embedder


@pytest.fixture(scope="session")
def pool(app: Any) -> asyncpg.Pool:
    return app.state.pool


@pytest.fixture(scope="session")
async def api(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A client for the whole session: the market is built once and searched on both engines."""
    transport = httpx.ASGITransport(app=app, client=("10.251.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as client:
        yield client


@pytest.fixture(scope="session")
async def people(api: httpx.AsyncClient, engines: dict[str, str]) -> dict[str, Any]:
    conn = await asyncpg.connect(engines["database_url"])
    await _init_connection(conn)
    try:
        regulator = bearer(await token_for(api, await create_user_direct(conn, "regulator")))
        admin = bearer(await token_for(api, await create_user_direct(conn, "admin")))
    finally:
        await conn.close()
    return {"regulator": regulator, "admin": admin,
            "ru_attache": await attache(api, admin, "RU"),
            "kz_attache": await attache(api, admin, "KZ")}


@pytest.fixture(scope="session")
async def market(api: httpx.AsyncClient, people: dict[str, Any]) -> dict[str, Any]:
    """Agency A (RU, KZ) and agency B (RU) with four published vacancies; C for write tests."""
    tag = unique()
    today = date.today()
    a, a_licence = await licensed_agency(api, people["regulator"], ["RU", "KZ"])
    b, b_licence = await licensed_agency(api, people["regulator"], ["RU"])
    c, _ = await licensed_agency(api, people["regulator"], ["RU"])
    a_ru = await employer(api, a, "RU")
    a_kz = await employer(api, a, "KZ", city="Almaty")
    b_ru = await employer(api, b, "RU")
    c_ru = await employer(api, c, "RU")
    specs = [
        (a, people["ru_attache"], a_ru["id"], dict(
            title=f"Welder {tag}", occupation="welder", skills=["MIG welding", "TIG welding"],
            description="Welding steel structures at a construction site. Hostel provided.",
            city="Moscow", wage={"amount": "120000.00", "currency": "RUB", "period": "month"},
            languages=[{"code": "ru", "level": "B1"}], closing_date=str(today + timedelta(90)))),
        (a, people["kz_attache"], a_kz["id"], dict(
            title=f"Greenhouse worker {tag}", occupation="farm worker",
            skills=["harvesting", "irrigation"], country="KZ", city="Almaty",
            description="Picking tomatoes and cucumbers in heated greenhouses near Almaty.",
            wage={"amount": "250000.00", "currency": "KZT", "period": "month"},
            languages=[{"code": "ru", "level": "A2"}], closing_date=str(today + timedelta(30)))),
        (b, people["ru_attache"], b_ru["id"], dict(
            title=f"Сварщик {tag}", occupation="welder", skills=["сварка"],
            description="Сварщик на стройку в Казани, общежитие и питание бесплатно.",
            city="Kazan", wage={"amount": "110000.00", "currency": "RUB", "period": "month"},
            languages=[{"code": "ru", "level": "B1"}], closing_date=str(today + timedelta(60)))),
        (b, people["ru_attache"], b_ru["id"], dict(
            title=f"Warehouse picker {tag}", occupation="warehouse worker",
            skills=["order picking", "forklift"],
            description="Picking and packing orders in a logistics warehouse near Moscow.",
            city="Moscow", wage={"amount": "700.00", "currency": "RUB", "period": "hour"},
            hours_per_week="40", languages=[{"code": "ru", "level": "A2"},
                                            {"code": "en", "level": "A1"}],
            closing_date=str(today + timedelta(45)))),
    ]
    published = [await vacancy_in(api, "published", agency=owner, attache_headers=verifier,
                                  employer_id=employer_id, **over)
                 for owner, verifier, employer_id, over in specs]
    closed = await vacancy_in(api, "closed", agency=a, attache_headers=people["ru_attache"],
                              employer_id=a_ru["id"], title=f"Closed welder {tag}")
    return {"tag": tag, "a": a, "b": b, "c": c, "c_employer": c_ru["id"],
            "a_licence": a_licence, "b_licence": b_licence, "vacancies": published,
            "closed": closed, "ids": [v["id"] for v in published]}


async def _rows(pool: asyncpg.Pool, ids: list[int]) -> list[dict[str, Any]]:
    async with connection(pool) as conn:
        return [dict(r) for r in await vacancy_repo.get_vacancies(conn, ids)]


@pytest.fixture(scope="session")
async def indexed(backend: SearchBackend, market: dict[str, Any], pool: asyncpg.Pool,
                  embedder: Any) -> dict[str, Any]:
    """The market, written into the backend under test."""
    await backend.upsert(searching.documents_for(await _rows(pool, market["ids"]), embedder))
    return market


# --- helpers -----------------------------------------------------------------------------


def _visibility(market: dict[str, Any], today: date | None = None, **recruiting: set[str]
                ) -> Visibility:
    """Who recruits where, by the market's agency letters: _visibility(m, a={"RU"})."""
    return Visibility(today=today or utc_today(),
                      recruiting={market[letter].id: frozenset(countries)
                                  for letter, countries in recruiting.items()})


async def _find(pool: asyncpg.Pool, backend: SearchBackend, embedder: Any, text: str, *,
                k: int = 10, mode: Any = "hybrid", min_similarity: float | None = None,
                **filters: Any) -> list[dict[str, Any]]:
    async with UnitOfWork(pool) as uow:
        return await searching.search_vacancies(
            uow, backend=backend, embedder=embedder if mode != "keyword" else None, text=text,
            filters=SearchFilters(**filters), k=k, mode=mode, today=utc_today(),
            min_similarity=min_similarity)


def _ids(results: list[dict[str, Any]]) -> list[int]:
    return [r["vacancy"]["id"] for r in results]


async def _relay(pool: asyncpg.Pool, backend: SearchBackend, embedder: Any, ids: list[int]
                 ) -> None:
    """Changes of `ids` through the outbox relay into `backend`, exactly as the worker does.

    The rows are written and relayed in one transaction, so the session's Celery worker
    (which feeds PostgreSQL) never sees them.
    """
    for _ in range(100):
        async with UnitOfWork(pool) as uow:
            await uow.conn.executemany("INSERT INTO outbox (topic, entity_id) VALUES ($1, $2)",
                                       [(INDEX_TOPIC, i) for i in ids])
            relayed = 0
            while batch := await searching.relay_batch(uow, backend=backend,
                                                       embedder=embedder):
                relayed += batch
            pending = await uow.conn.fetchval(
                "SELECT count(*) FROM outbox WHERE entity_id = ANY($1) AND topic = $2 "
                "AND processed_at IS NULL", ids, INDEX_TOPIC)
            if relayed and pending == 0:
                await uow.commit()
                return
        await asyncio.sleep(0.2)  # another relay held the lock: ours rolled back, try again
    raise AssertionError("the relay lock was never free")


async def _publisher(api: httpx.AsyncClient, people: dict[str, Any], occupation: str,
                     city: str) -> tuple[Any, Callable[..., Awaitable[dict[str, Any]]]]:
    """A new agency recruiting for Russia, and what publishes its vacancies of
    `occupation` in `city` (unless told otherwise): `await publish(title=..., ...)`."""
    agency, _ = await licensed_agency(api, people["regulator"], ["RU"])
    hiring = await employer(api, agency, "RU")

    async def publish(**over: Any) -> dict[str, Any]:
        return await vacancy_in(api, "published", agency=agency,
                                attache_headers=people["ru_attache"], employer_id=hiring["id"],
                                **{"occupation": occupation, "city": city, **over})

    return agency, publish


async def _trades_in_a_town(backend: Any, pool: Any, embedder: Any, api: httpx.AsyncClient,
                            people: dict[str, Any], town: str,
                            trades: tuple[tuple[str, str, str], ...]
                            ) -> tuple[dict[str, int], str]:
    """One published, indexed vacancy of each (trade, title, skill) in a town of its own;
    their ids by trade, and the town's key."""
    city = f"{town} {unique()}"
    ids = {}
    for trade, title, skill in trades:
        _, publish = await _publisher(api, people, trade, city)
        ids[trade] = (await publish(title=title, skills=[skill],
                                    description=f"{title}, вахта, проживание бесплатно."))["id"]
    await backend.upsert(searching.documents_for(await _rows(pool, list(ids.values())),
                                                 embedder))
    return ids, searching.city_key(city)


# --- words, meaning, explanations -------------------------------------------------------


async def test_words_and_meaning_find_the_right_vacancy_with_an_explanation(
        backend, indexed, pool, embedder):
    welder = indexed["vacancies"][0]
    results = await _find(pool, backend, embedder, f"welder steel {indexed['tag']}")
    assert _ids(results)[0] == welder["id"]
    explanation = results[0]["explanation"]
    assert explanation["licence"]["number"] == indexed["a_licence"]["number"]
    assert explanation["licence"]["status"] == "active"
    parts = explanation["score_parts"]
    assert parts["keyword_rank"] == 1
    assert parts["similarity"] > 0.3
    assert parts["keyword_rrf"] > 0 and parts["vector_rrf"] > 0
    assert explanation["wage"]["monthly"] == "120000.00"
    assert "welding" in " ".join(explanation["matched_skills"]).lower()
    assert explanation["languages_met"] == [] and explanation["languages_missing"] == ["ru B1"]


async def test_russian_in_cyrillic_and_in_latin_letters(backend, indexed, pool, embedder):
    svarshchik = indexed["vacancies"][2]
    for text in (f"сварщик {indexed['tag']}", f"svarshchik {indexed['tag']}",
                 f"swarschik {indexed['tag']}"):
        results = await _find(pool, backend, embedder, text, mode="keyword")
        assert _ids(results)[0] == svarshchik["id"], text


async def test_the_fusion_lifts_closeness_in_meaning_by_the_words_held(
        backend, indexed, pool, embedder):
    greenhouse = indexed["vacancies"][1]
    text = f"greenhouse tomatoes {indexed['tag']}"
    vector = (await embedder.embed_query(text))
    visibility = _visibility(indexed, a={"RU", "KZ"}, b={"RU"})

    def query(mode: Any, weight: float = 1.0) -> SearchQuery:
        built = searching.build_query(text, vector=vector, filters=SearchFilters(),
                                      visibility=visibility, k=4, mode=mode)
        return dataclasses.replace(built, vector_weight=weight)

    hybrid = await backend.search(query("hybrid"))
    assert [h.vacancy_id for h in hybrid][0] == greenhouse["id"]
    assert hybrid[0].keyword_rank == 1 and hybrid[0].vector_rank == 1
    assert hybrid[0].keyword_tier == 1  # it holds every word typed, the tag too
    assert sorted(h.vacancy_id for h in hybrid) == sorted(indexed["ids"])
    least = min(h.similarity for h in hybrid if h.similarity is not None)
    for hit in hybrid:
        lift = 0.0 if hit.keyword_rank is None else \
            EVERY_WORD_LIFT if hit.keyword_tier == 1 else SOME_WORDS_LIFT
        closeness = least if hit.similarity is None else hit.similarity
        assert hit.parts == pytest.approx({"keyword": lift, "vector": closeness})
        assert hit.score == pytest.approx(lift + closeness)
    assert [h.score for h in hybrid] == sorted((h.score for h in hybrid), reverse=True)

    words = await backend.search(query("keyword"))
    assert words and all(h.vector_rank is None and h.keyword_rank for h in words)
    meaning_only = await backend.search(query("vector"))
    assert [h.vector_rank for h in meaning_only] == [1, 2, 3, 4]
    assert all(h.keyword_rank is None for h in meaning_only)
    similarities = [h.similarity for h in meaning_only]
    assert similarities == sorted(similarities, reverse=True)
    # Where the model does not know the language, the meaning leg counts for nothing.
    no_meaning = await backend.search(query("hybrid", weight=0.0))
    assert all(h.parts["vector"] == 0.0 for h in no_meaning)
    assert [h.vacancy_id for h in no_meaning][0] == greenhouse["id"]


@pytest.fixture(scope="session")
async def towns(api: httpx.AsyncClient, people: dict[str, Any]) -> dict[str, Any]:
    """LANGUAGE_TOWNS, created through the API (once for both engines)."""
    return await language_towns(api, people["regulator"], people["ru_attache"])


@pytest.fixture(scope="session")
async def towns_indexed(backend: SearchBackend, towns: dict[str, Any], pool: asyncpg.Pool,
                        embedder: Any) -> dict[str, Any]:
    ids = [i for town in towns.values() for i in town["ids"].values()]
    await backend.upsert(searching.documents_for(await _rows(pool, ids), embedder))
    return towns


@pytest.mark.parametrize(("text", "language", "town", "occupation"), SEARCH_QUERIES)
async def test_a_query_finds_its_occupation_in_another_language(
        backend, towns_indexed, pool, embedder, text, language, town, occupation):
    city = searching.city_key(towns_indexed[town]["city"])
    results = await _find(pool, backend, embedder, text, city=city)
    # The town's adverts only (those too far in meaning are not offered as matches).
    assert set(_ids(results)) <= set(towns_indexed[town]["ids"].values())
    assert _ids(results)[0] == towns_indexed[town]["ids"][occupation], (text, language)
    parts = results[0]["explanation"]["score_parts"]
    assert parts["keyword_rank"] is None  # by meaning, or by the occupation it names


async def test_an_occupation_no_open_vacancy_has_finds_no_job(
        backend, towns_indexed, pool, embedder):
    """A query naming a trade the town has no vacancy of is told that no job matches: the
    town's vacancies of another trade are not offered, though one shares a word (`driver`)
    and others are near in meaning."""
    for town, texts, near in (("english", ("bus driver", "waiter"), "taxi driver"),
                              ("russian", ("водитель автобуса", "официант"), "водитель такси")):
        city = searching.city_key(towns_indexed[town]["city"])
        for text in texts:
            assert await _find(pool, backend, embedder, text, city=city) == [], (town, text)
        found = await _find(pool, backend, embedder, near, city=city)
        assert _ids(found)[0] == towns_indexed[town]["ids"]["taxi driver"], (town, near)


async def test_a_word_every_driver_is_called_finds_each_kind_of_driver_under_its_own_trade(
        backend, pool, embedder, api, people):
    """`водитель` (`haydovchi`, `ронанда`) is said of a lorry's driver as of a taxi's: a
    search for it finds the drivers of every kind, each shown as the trade its advert
    names, never a lorry driver's job as a taxi driver's."""
    city = f"Нижнекамск {unique()}"
    _, driver = await _publisher(api, people, "водитель", city)
    lorry = await driver(title="Водитель категории C на грузовик 10 тонн", skills=["права C"],
                         description="Развоз товаров по магазинам на грузовике.")
    taxi = await driver(title="Водитель такси на автомобиль парка", skills=["права B"],
                        description="Работа в таксопарке, смены по 12 часов.")
    bus = await driver(title="Водитель автобуса на городские маршруты", skills=["права D"],
                       description="Городские маршруты, автобусы парка.")
    _, cooking = await _publisher(api, people, "повар", city)
    cook = await cooking(title="Повар в столовую", skills=["выпечка"],
                         description="Первые и вторые блюда.")
    trades = {lorry["id"]: "8332", taxi["id"]: "8322.01", bus["id"]: "8331"}
    await backend.upsert(searching.documents_for(
        await _rows(pool, [*trades, cook["id"]]), embedder))
    for typed in ("водитель", "haydovchi", "ронанда", "айдоочулар"):
        results = await _find(pool, backend, embedder, typed,
                              city=searching.city_key(city))
        shown = {r["vacancy"]["id"]: r["vacancy"]["occupation_code"] for r in results[:3]}
        assert shown == trades, typed
        assert cook["id"] not in _ids(results)[:3], typed


async def test_beside_the_occupation_named_only_its_kin_are_offered_by_meaning(
        backend, pool, embedder, api, people):
    """`опалубщик` finds the formwork carpenter, then the carpenter (a trade of its unit
    group) if near enough in meaning; never the cook or the forklift driver of the same
    town, however near the model puts them (on a small index they pass the floor)."""
    ids, town = await _trades_in_a_town(
        backend, pool, embedder, api, people, "Новокуйбышевск",
        (("опалубщик", "Опалубщик на монолитные работы", "опалубка"),
         ("плотник", "Плотник на строительство домов", "деревянные дома"),
         ("повар", "Повар в рабочую столовую", "выпечка"),
         ("водитель погрузчика", "Водитель погрузчика на склад", "погрузчик")))
    served = await _find(pool, backend, embedder, "опалубщик", city=town)
    assert _ids(served)[0] == ids["опалубщик"]
    assert not {ids["повар"], ids["водитель погрузчика"]} & set(_ids(served))
    # With a floor any vacancy passes, the kin are still offered and the others not.
    low = await _find(pool, backend, embedder, "опалубщик", city=town, min_similarity=0.01)
    assert _ids(low) == [ids["опалубщик"], ids["плотник"]]
    unfloored = await _find(pool, backend, embedder, "опалубщик", city=town,
                            min_similarity=0.0)
    assert set(_ids(unfloored)) == set(ids.values())  # a floor of 0 keeps every hit


async def test_a_builder_is_offered_the_building_trades_and_a_bricklayer_not_the_builders(
        backend, pool, embedder, api, people):
    """`строитель` names the general construction worker; whoever types it takes a
    bricklayer's or a plasterer's job too (after the builders'), not an electrician's or
    a cook's. A bricklayer asking is offered no builder's job for it."""
    ids, town = await _trades_in_a_town(
        backend, pool, embedder, api, people, "Новочебоксарск",
        (("строитель", "Строитель на жилой комплекс", "стройка"),
         ("каменщик", "Каменщик на кладку кирпича", "кладка"),
         ("штукатур", "Штукатур на отделку квартир", "штукатурка"),
         ("электрик", "Электрик на монтаж проводки", "проводка"),
         ("повар", "Повар в рабочую столовую", "выпечка")))
    low = _ids(await _find(pool, backend, embedder, "строитель", city=town,
                           min_similarity=0.01))
    assert low[0] == ids["строитель"], low
    assert {ids["каменщик"], ids["штукатур"]} <= set(low), low
    assert not {ids["электрик"], ids["повар"]} & set(low), low
    bricklayer = _ids(await _find(pool, backend, embedder, "каменщик", city=town,
                                  min_similarity=0.01))
    assert bricklayer[0] == ids["каменщик"] and ids["строитель"] not in bricklayer, bricklayer


async def test_a_word_typed_beside_an_occupation_puts_its_vacancy_first(
        backend, pool, embedder, api, people):
    """Among vacancies of the occupation named, the one holding the other word typed (an
    employer's name, a reference) leads, though others read closer to the occupation."""
    tag = unique()
    _, tractor_driver = await _publisher(api, people, "тракторист", "Краснодар")

    plain = [await tractor_driver(title="Тракторист", skills=["трактор"],
                                  description="Тракторист на трактор.") for _ in range(6)]
    wanted = await tractor_driver(
        title="Механизатор на уборку урожая", skills=["комбайн", "сеялка"],
        description=f"Агрохолдинг {tag}: посевная и уборочная, вахта 60/30, питание.")
    ids = [v["id"] for v in [*plain, wanted]]
    await backend.upsert(searching.documents_for(await _rows(pool, ids), embedder))
    for typed in (f"тракторист {tag}", f"tractor driver {tag}", f"traktorchi {tag}"):
        results = await _find(pool, backend, embedder, typed)
        assert _ids(results)[0] == wanted["id"], typed
        assert set(_ids(results)) >= set(ids), typed  # the others still follow


async def test_a_vacancy_holding_every_word_typed_beside_leads_those_holding_some(
        backend, pool, embedder, api, people):
    """`тракторист комбайн <reference>`: the one vacancy holding both words leads the
    tractor drivers holding only `комбайн`, though those read closer in meaning."""
    tag = unique()
    _, tractor_driver = await _publisher(api, people, "тракторист", "Краснодар")

    near = [await tractor_driver(title="Тракторист на комбайн",
                                 skills=["комбайн", "трактор"],
                                 description="Тракторист на комбайн и трактор, уборка.")
            for i in range(6)]
    wanted = await tractor_driver(
        title="Механизатор", skills=["сеялка"],
        description=f"Агрохолдинг {tag}: посевная, вахта 60/30, питание. Комбайн.")
    ids = [v["id"] for v in [*near, wanted]]
    await backend.upsert(searching.documents_for(await _rows(pool, ids), embedder))
    results = await _find(pool, backend, embedder, f"тракторист комбайн {tag}")
    assert _ids(results)[0] == wanted["id"]
    assert set(_ids(results)) >= set(ids)


async def test_an_occupation_whose_vacancies_fill_the_answer_is_searched_by_its_legs_alone(
        backend, pool, embedder, api, people):
    """`тракторист <reference>` where more tractor drivers are open than asked for: the
    answer is theirs, the one holding the reference first, each with its closeness in
    meaning and the words it holds; the query's own meaning leg, which would rank only
    what follows them, is not run (the operators' timings count one meaning leg, the
    occupation's). With fewer of them than asked for it is run, for what follows."""
    from prometheus_client import REGISTRY

    def meaning_legs() -> float:
        return REGISTRY.get_sample_value("vetted_search_leg_duration_seconds_count",
                                         {"backend": backend.name, "leg": "vector"}) or 0.0

    tag, city = unique(), f"Тихорецк {unique()}"
    _, tractor_driver = await _publisher(api, people, "тракторист", city)
    plain = [await tractor_driver(title="Тракторист", skills=["трактор"],
                                  description="Тракторист на трактор МТЗ.") for _ in range(7)]
    wanted = await tractor_driver(title="Тракторист на посевную", skills=["сеялка"],
                                  description=f"Агрохолдинг {tag}: посевная, питание.")
    ids = [v["id"] for v in [*plain, wanted]]
    await backend.upsert(searching.documents_for(await _rows(pool, ids), embedder))
    town = searching.city_key(city)

    before = meaning_legs()
    filled = await _find(pool, backend, embedder, f"тракторист {tag}", k=3, city=town)
    assert meaning_legs() - before == 1
    assert _ids(filled)[0] == wanted["id"] and set(_ids(filled)) <= set(ids)
    assert len(filled) == 3
    for result in filled:
        parts = result["explanation"]["score_parts"]
        assert result["explanation"]["occupation_asked"] is not None
        assert parts["similarity"] is not None and parts["vector_part"] > 0
    assert filled[0]["explanation"]["score_parts"]["keyword_rank"] is not None

    before = meaning_legs()
    unfilled = await _find(pool, backend, embedder, f"тракторист {tag}", k=10, city=town)
    assert meaning_legs() - before == 2
    assert _ids(unfilled)[0] == wanted["id"] and set(_ids(unfilled)) == set(ids)


async def test_stop_words_typed_find_no_vacancy_by_themselves(
        backend, pool, embedder, api, people):
    """`в`, `the`: words every advert holds are no words to look for. A vacancy holding
    them and not the reference typed is not found by words, and those holding the
    reference hold every word typed, on both engines."""
    tag = unique()
    agency, baker = await _publisher(api, people, "пекарь", "Тверь")

    holding_both = await baker(title="Пекарь", skills=["выпечка"],
                               description=f"Пекарь в пекарню {tag}, the night shift.")
    holding_tag = await baker(title="Пекарь", skills=["тесто"],
                              description=f"Пекарня {tag}: ночная смена, жильё.")
    stop_words_only = [await baker(title="Пекарь", skills=["выпечка"],
                                   description="Пекарь в пекарню, the night shift.")
                       for _ in range(3)]
    ids = [v["id"] for v in [holding_both, holding_tag, *stop_words_only]]
    await backend.upsert(searching.documents_for(await _rows(pool, ids), embedder))
    for typed in (f"{tag} в", f"the {tag}", f"в the {tag} и"):
        results = await _find(pool, backend, embedder, typed, mode="keyword", k=20)
        assert set(_ids(results)) == {holding_both["id"], holding_tag["id"]}, typed
    for typed in ("в", "the", "в и the"):
        assert await _find(pool, backend, embedder, typed, mode="keyword") == [], typed
    bakers = SearchFilters(occupation=searching.occupation_key("пекарь"))
    hits = await backend.search(searching.build_query(
        f"пекарь в {tag}", vector=None, filters=bakers,
        visibility=_visibility({"a": agency}, a={"RU"}), k=20, mode="keyword"))
    tiers = {h.vacancy_id: h.keyword_tier for h in hits}
    assert tiers[holding_both["id"]] == tiers[holding_tag["id"]] == 1
    assert all(tiers.get(v["id"]) != 1 for v in stop_words_only)


async def test_a_word_typed_in_cyrillic_finds_no_english_word_that_only_sounds_alike(
        backend, pool, embedder, api, people):
    """`программист` is no `programme`. The Latin spelling of a Russian word is looked
    for among the Russian adverts' spellings, not among English words, on both engines:
    a migrant asking for a programmer is not offered a pig farm by its words. The
    Russian advert is found, by the word's forms and by its Latin spelling."""
    agency, publish = await _publisher(api, people, "farm worker", "Тверь")
    farm = await publish(title="Livestock farm worker", skills=["animal feeding"],
                         description="A pig farm hires workers through the EPS programme.")
    coder = await publish(title="Программист", skills=["учёт кормов"],
                          description="Программист в отдел учёта фермы, полный день.")
    await backend.upsert(searching.documents_for(await _rows(pool, [farm["id"], coder["id"]]),
                                                 embedder))
    theirs = _visibility({"a": agency}, a={"RU"})

    async def found(typed: str) -> list[int]:
        return [h.vacancy_id for h in await backend.search(searching.build_query(
            typed, vector=None, filters=SearchFilters(), visibility=theirs, k=20,
            mode="keyword"))]

    for typed in ("программист", "программисты"):
        assert await found(typed) == [coder["id"]], typed
    assert coder["id"] in await found("programmist")

async def test_a_city_typed_in_a_case_of_any_language_finds_its_vacancies_by_words(
        backend, pool, embedder, api, people):
    """`Qozonda` (Uzbek: in Kazan), `Казанда` (Kyrgyz) and `Москвага` (to Moscow) hold
    the city in a case ending no engine's analyzer knows: the words leg finds the advert
    of that city, written in Russian or in English, among those holding the other words."""
    tag = unique()
    agency, publish = await _publisher(api, people, "пекарь", "Казань")
    kazan = await publish(title=f"Пекарь {tag}", skills=["выпечка"],
                          description="Ночная смена, жильё.")
    moscow = await publish(title=f"Baker {tag}", skills=["bread"], city="Moscow",
                           description="Night shifts, a hostel.")
    await backend.upsert(searching.documents_for(
        await _rows(pool, [kazan["id"], moscow["id"]]), embedder))
    theirs = _visibility({"a": agency}, a={"RU"})
    for typed, city in (("Qozonda", kazan), ("Казанда", kazan), ("Қазонда", kazan),
                        ("Moskvada", moscow), ("Москвага", moscow), ("Маскавда", moscow)):
        hits = await backend.search(searching.build_query(
            f"{typed} {tag}", vector=None, filters=SearchFilters(), visibility=theirs, k=20,
            mode="keyword"))
        tiers = {h.vacancy_id: h.keyword_tier for h in hits}
        assert tiers == {kazan["id"]: 2, moscow["id"]: 2} | {city["id"]: 1}, typed


async def test_a_city_asked_for_alone_is_a_search_of_its_vacancies(
        backend, pool, embedder, api, people):
    """`работа в Казани` (work in Kazan) says nothing of the work: a vacancy elsewhere is
    no match, however near the model puts it, in whatever language the city is typed."""
    agency, publish = await _publisher(api, people, "пекарь", "Казань")
    kazan = await publish(title="Пекарь в пекарню", skills=["выпечка"],
                          description="Ночная смена, жильё.")
    samara = await publish(title="Пекарь в пекарню", skills=["выпечка"], city="Самара",
                           description="Ночная смена, жильё.")
    await backend.upsert(searching.documents_for(
        await _rows(pool, [kazan["id"], samara["id"]]), embedder))
    for typed in ("работа в Казани", "Qozonda ish", "Казанда жумуш", "jobs in Kazan"):
        results = await _find(pool, backend, embedder, typed, k=50)
        assert kazan["id"] in _ids(results), typed
        assert {r["vacancy"]["city"] for r in results} <= {"Казань", "Kazan"}, typed
        assert not any(r["explanation"]["other_city"] for r in results), typed
        # The city is the reason, not words the adverts show.
        assert all(r["explanation"]["city_alone"] and r["explanation"]["in_city"]
                   for r in results), typed
    # Beside a trade the city typed only ranks: a baker elsewhere follows, and says so.
    beside = {r["vacancy"]["id"]: r["explanation"]
              for r in await _find(pool, backend, embedder, "пекарь в Казани", k=50)}
    assert beside[kazan["id"]]["other_city"] is False
    assert beside[samara["id"]]["other_city"] is True
    assert beside[kazan["id"]]["in_city"] == "Казань" and not beside[kazan["id"]]["city_alone"]


async def test_a_city_typed_beside_a_trade_ranks_its_kin_before_the_trade_elsewhere(
        backend, pool, embedder, api, people):
    """`строитель в Твери` (a builder in Tver) asks for building work in Tver: the
    bricklayer there comes before a builder's job in another city, though the builder's is
    of the very occupation named, and the one elsewhere says so. Tver's cook is no
    builder's kin."""
    _, publish = await _publisher(api, people, "bricklayer", "Тверь")
    tver = await publish(title="Каменщик на стройку", skills=["кладка кирпича"],
                         description="Кладка кирпича, жильё бесплатно.")
    elsewhere = await publish(title="Строитель на жилой комплекс", city="Самара",
                              occupation="construction worker", skills=["строительные работы"],
                              description="Строитель, жильё бесплатно.")
    cook = await publish(title="Повар в столовую", occupation="cook", skills=["выпечка"],
                         description="Повар, жильё бесплатно.")
    labourer = await publish(title="Подсобный рабочий на стройку",
                             occupation="construction labourer", skills=["погрузка"],
                             description="Подсобные работы на стройке, жильё бесплатно.")
    await backend.upsert(searching.documents_for(
        await _rows(pool, [tver["id"], elsewhere["id"], cook["id"], labourer["id"]]),
        embedder))
    for typed in ("строитель в Твери", "qurilishchi Tverda"):
        results = await _find(pool, backend, embedder, typed, k=50)
        order = _ids(results)
        assert tver["id"] in order and elsewhere["id"] in order, typed
        # The city does not make any of its jobs a builder's kin.
        assert cook["id"] not in order, typed
        assert order.index(tver["id"]) < order.index(elsewhere["id"]), typed
        shown = {r["vacancy"]["id"]: r["explanation"] for r in results}
        assert shown[tver["id"]]["in_city"] == "Тверь", typed
        # A builder's job is open in Samara: Tver's labourer is not «of a related trade,
        # since none of the trade asked is open».
        assert shown[labourer["id"]]["in_city"] == "Тверь", typed
        assert shown[labourer["id"]]["occupation_related"] is None, typed
        assert shown[elsewhere["id"]]["other_city"] is True, typed
        # Every vacancy in the city typed leads every one elsewhere.
        inside = [r["explanation"]["in_city"] is not None for r in results]
        assert inside == sorted(inside, reverse=True), typed


async def test_a_country_typed_is_where_the_work_is_asked_for(
        backend, pool, embedder, api, people):
    """`пекарь в Казахстане` finds the baker in Kazakhstan, not the one in Russia nearer in
    words; `работа в России`, `Rossiyada ish` and `Россия` say nothing else of the work,
    and find Russia's vacancies, those closing soonest first (the model finds no job near
    a country's name). A country chosen in the filters stands over one typed."""
    agency, _ = await licensed_agency(api, people["regulator"], ["RU", "KZ"])
    in_russia, in_kazakhstan = await employer(api, agency, "RU"), \
        await employer(api, agency, "KZ", city="Almaty")
    soon = str(date.today() + timedelta(days=1))
    russian = await vacancy_in(
        api, "published", agency=agency, attache_headers=people["ru_attache"],
        employer_id=in_russia["id"], title="Пекарь в пекарню", occupation="пекарь",
        skills=["выпечка"], description="Пекарь в Казахстане не нужен: пекарня в Казани.",
        city="Казань", closing_date=soon)
    kazakh = await vacancy_in(
        api, "published", agency=agency, attache_headers=people["kz_attache"],
        employer_id=in_kazakhstan["id"], title="Пекарь на хлебозавод", occupation="пекарь",
        skills=["выпечка"], description="Хлебозавод, ночная смена, общежитие.",
        country="KZ", city="Алматы",
        wage={"amount": "250000.00", "currency": "KZT", "period": "month"})
    ids = [russian["id"], kazakh["id"]]
    await backend.upsert(searching.documents_for(await _rows(pool, ids), embedder))

    for typed in ("пекарь в Казахстане", "Qozogʻistonda novvoy"):
        results = await _find(pool, backend, embedder, typed, k=50)
        assert kazakh["id"] in _ids(results), typed
        assert {r["vacancy"]["country"] for r in results} == {"KZ"}, typed
    for typed in ("работа в России", "Rossiyada ish", "Россия"):
        results = await _find(pool, backend, embedder, typed, k=50)
        assert russian["id"] in _ids(results), typed
        assert {r["vacancy"]["country"] for r in results} == {"RU"}, typed
    chosen = await _find(pool, backend, embedder, "пекарь в Казахстане", k=50,
                         countries=["RU"])
    assert russian["id"] in _ids(chosen) and kazakh["id"] not in _ids(chosen)


async def test_a_language_typed_as_not_needed_is_a_filter_not_words(
        backend, pool, embedder, api, people):
    """`пекарь без знания русского` asks for bakers whose job does not need Russian: the
    one needing it is not offered, though its advert holds the words typed; and `без
    знания языка` asks for jobs that need no language at all."""
    agency, publish = await _publisher(api, people, "пекарь", "Казань")
    needs_russian = await publish(
        title="Пекарь в пекарню", skills=["выпечка"], languages=[{"code": "ru", "level": "B1"}],
        description="Нужно знание русского языка: работа с покупателями.")
    needs_english = await publish(
        title="Пекарь в пекарню", skills=["выпечка"], languages=[{"code": "en", "level": "A2"}],
        description="Ночная смена, жильё.")
    needs_none = await publish(title="Пекарь в пекарню", skills=["выпечка"], languages=[],
                               description="Ночная смена, жильё, без языка.")
    ids = [needs_russian["id"], needs_english["id"], needs_none["id"]]
    await backend.upsert(searching.documents_for(await _rows(pool, ids), embedder))
    for typed in ("пекарь без знания русского", "novvoy rus tilisiz", "baker no Russian needed"):
        found = set(_ids(await _find(pool, backend, embedder, typed, k=50)))
        assert {needs_english["id"], needs_none["id"]} <= found, typed
        assert needs_russian["id"] not in found, typed
    # With nothing else of the work (`ish`, `кор`: work), every such job in the city.
    for typed in ("rus tilisiz ish", "кор бе забони русӣ", "работа без знания русского"):
        found = set(_ids(await _find(pool, backend, embedder, typed, k=50,
                                     city=searching.city_key("Казань"))))
        assert {needs_english["id"], needs_none["id"]} <= found, typed
        assert needs_russian["id"] not in found, typed
    found = set(_ids(await _find(pool, backend, embedder, "пекарь без знания языка", k=50)))
    assert needs_none["id"] in found
    assert not {needs_russian["id"], needs_english["id"]} & found


async def test_a_builder_asked_in_any_language_finds_the_trades_a_builder_takes(
        backend, pool, embedder, api, people):
    """`строитель` found a town's bricklayers through the words `строительство`; `quruvchi`,
    `курулушчу` and `бинокор` (builder) found only the builder's own job. A general name
    asks for the trades it covers, after its own vacancies, in every language; a cook's job
    is not one of them."""
    ids, town = await _trades_in_a_town(backend, pool, embedder, api, people, "Кирово", (
        ("строитель", "Строитель на объект", "строительство"),
        ("каменщик", "Каменщик на кладку", "кладка кирпича"),
        ("повар", "Повар в столовую", "приготовление пищи")))
    for typed in ("quruvchi", "курулушчу", "бинокор", "строитель"):
        results = await _find(pool, backend, embedder, typed, k=50, city=town)
        order = _ids(results)
        assert order[:2] == [ids["строитель"], ids["каменщик"]], typed
        assert ids["повар"] not in order, typed
        why = {r["vacancy"]["id"]: r["explanation"] for r in results}
        assert why[ids["каменщик"]]["occupation_covered"] == "7112", typed
        assert why[ids["каменщик"]]["occupation_asked"] is None, typed
        assert why[ids["строитель"]]["occupation_asked"] == "7111", typed


async def test_letters_that_are_no_word_find_nothing(backend, pool, embedder, api, people):
    """`xxxx` and `zzzz` read as the spellings `h` and `z` of a Latin-typed Russian word, and
    found every advert holding a word that begins so («хлебозавод», «зал»): the page said the
    words typed appear in them."""
    town = f"Хилок {unique()}"
    _, publish = await _publisher(api, people, "пекарь", town)
    baker = await publish(title="Пекарь на хлебозавод", skills=["выпечка"],
                          description="Хлебозавод, зал выпечки, хостел рядом.")
    await backend.upsert(searching.documents_for(await _rows(pool, [baker["id"]]), embedder))
    for typed in ("xxxx", "zzzz", "hhhh"):
        results = await _find(pool, backend, embedder, typed, k=50, city=searching.city_key(town))
        assert all(r["explanation"]["score_parts"].get("keyword_rank") is None
                   for r in results), typed


async def test_words_saying_only_work_find_every_job(backend, pool, embedder, api, people):
    """`ish`, `кор`, `жумуш`, `работа`, `job` (work) say nothing of which work: every job
    open is as near an answer as another, not only the adverts that happen to hold the word
    in the language typed (in Uzbek, none: the page said no job matched)."""
    town = f"Ишим {unique()}"
    _, publish = await _publisher(api, people, "пекарь", town)
    baker = await publish(title="Пекарь в пекарню", skills=["выпечка"],
                          description="Ночная смена, жильё.")
    worker = await publish(title="Пекарь-работник на хлебозавод", skills=["выпечка"],
                           description="Работа в пекарне, любая смена.")
    await backend.upsert(searching.documents_for(
        await _rows(pool, [baker["id"], worker["id"]]), embedder))
    for typed in ("ish", "ish kerak", "кор", "жумуш", "работа", "job", "vakansiya"):
        found = set(_ids(await _find(pool, backend, embedder, typed, k=50,
                                     city=searching.city_key(town))))
        assert found == {baker["id"], worker["id"]}, typed


async def test_a_wage_typed_is_a_filter_not_words(backend, pool, embedder, api, people):
    """`от 100000 рублей` asked for one job in a run of the demo: the one whose advert held
    «100000». A wage typed with its currency (or in a city whose currency it is) is the
    minimum wage filter, in the five languages, and its figure no word to look for."""
    town = f"Новоалтайск {unique()}"
    _, publish = await _publisher(api, people, "пекарь", town)
    well = await publish(title="Пекарь в пекарню", skills=["выпечка"],
                         wage={"amount": "120000", "currency": "RUB", "period": "month"},
                         description="Ночная смена, жильё.")
    less = await publish(title="Пекарь в пекарню", skills=["выпечка"],
                         wage={"amount": "60000", "currency": "RUB", "period": "month"},
                         description="Зарплата 100000 по итогам года, жильё.")
    ids = [well["id"], less["id"]]
    await backend.upsert(searching.documents_for(await _rows(pool, ids), embedder))
    city = searching.city_key(town)
    for typed in ("от 100000 рублей", "пекарь от 100 тыс руб", "novvoy 100000 rubldan",
                  "baker from 100,000 rubles", "нонпаз маош аз 100000 рубл"):
        found = set(_ids(await _find(pool, backend, embedder, typed, k=50, city=city)))
        assert well["id"] in found and less["id"] not in found, (typed, found)


# --- filters and visibility -------------------------------------------------------------


async def test_filters(backend, indexed, pool, embedder):
    welder, greenhouse, svarshchik, picker = indexed["vacancies"]
    tag = indexed["tag"]
    kz = await _find(pool, backend, embedder, f"work {tag}", countries=["KZ"], k=50)
    assert greenhouse["id"] in _ids(kz)
    assert all(r["vacancy"]["country"] == "KZ" for r in kz)
    moscow = await _find(pool, backend, embedder, tag, city=searching.city_key("Moscow"), k=50)
    assert {welder["id"], picker["id"]} <= set(_ids(moscow))
    assert svarshchik["id"] not in _ids(moscow)
    welders = await _find(pool, backend, embedder, tag,
                          occupation=searching.occupation_key("Welder"), k=50)
    assert {welder["id"], svarshchik["id"]} <= set(_ids(welders))
    assert picker["id"] not in _ids(welders)
    rich = await _find(pool, backend, embedder, tag, min_wage=Decimal(115000),
                       wage_currency="RUB", k=50)
    # 700 an hour at 40 hours is about 121,333 a month: it passes too.
    assert {welder["id"], picker["id"]} <= set(_ids(rich))
    assert svarshchik["id"] not in _ids(rich) and greenhouse["id"] not in _ids(rich)
    lenient = await _find(pool, backend, embedder, tag, min_wage=Decimal(115000),
                          wage_currency="RUB", strict_currency=False, k=50)
    assert greenhouse["id"] in _ids(lenient)  # paid in tenge: cannot be compared
    assert svarshchik["id"] not in _ids(lenient)
    exact_minimum = await _find(pool, backend, embedder, tag, min_wage=Decimal("120000.00"),
                                wage_currency="RUB", k=50)
    assert welder["id"] in _ids(exact_minimum)
    russian_only = await _find(pool, backend, embedder, tag, languages=["ru"], k=50)
    assert picker["id"] not in _ids(russian_only)
    assert welder["id"] in _ids(russian_only)
    both = await _find(pool, backend, embedder, tag, languages=["ru", "en"], k=50)
    assert picker["id"] in _ids(both)
    # Closing in 30, 45, 60 and 90 days: still open 50 days from now leaves two.
    later = await _find(pool, backend, embedder, tag, k=50,
                        open_until=date.today() + timedelta(days=50))
    assert {welder["id"], svarshchik["id"]} <= set(_ids(later))
    assert greenhouse["id"] not in _ids(later) and picker["id"] not in _ids(later)


async def test_only_agencies_recruiting_in_the_country_are_shown(backend, indexed, embedder):
    welder, greenhouse, svarshchik, picker = indexed["vacancies"]

    async def shown(visibility: Visibility) -> set[int]:
        hits = await backend.search(searching.build_query(
            indexed["tag"], vector=None, filters=SearchFilters(), visibility=visibility,
            k=50, mode="keyword"))
        return {h.vacancy_id for h in hits}

    assert await shown(_visibility(indexed, a={"RU", "KZ"}, b={"RU"})) == set(indexed["ids"])
    # A's licence no longer covers Kazakhstan; B does not recruit at all.
    assert await shown(_visibility(indexed, a={"RU"})) == {welder["id"]}
    # B may recruit, but only for Kazakhstan, where it has no vacancies.
    assert await shown(_visibility(indexed, b={"KZ"})) == set()
    assert await shown(_visibility(indexed)) == set()
    later = utc_today() + timedelta(days=50)  # the greenhouse and the picker have closed
    assert await shown(_visibility(indexed, later, a={"RU", "KZ"}, b={"RU"})) == {
        welder["id"], svarshchik["id"]}


async def test_suspending_a_licence_hides_its_vacancies_at_once(
        backend, indexed, pool, embedder, api, people):
    svarshchik, picker = indexed["vacancies"][2:]
    tag = indexed["tag"]
    assert {svarshchik["id"], picker["id"]} <= set(_ids(
        await _find(pool, backend, embedder, tag, k=50)))
    licence = indexed["b_licence"]["id"]
    response = await act(api, people["regulator"], licence, "suspend",
                         reason="complaints of unpaid wages")
    assert response.status_code == 200, response.text
    try:
        hidden = _ids(await _find(pool, backend, embedder, tag, k=50))
        assert svarshchik["id"] not in hidden and picker["id"] not in hidden
        assert indexed["vacancies"][0]["id"] in hidden
    finally:
        response = await act(api, people["regulator"], licence, "reinstate", reason="paid")
        assert response.status_code == 200, response.text
    assert svarshchik["id"] in _ids(await _find(pool, backend, embedder, tag, k=50))


# --- no starvation, exact search, browsing -----------------------------------------------


async def test_a_selective_filter_never_starves_the_results(backend, indexed, pool, embedder):
    greenhouse = indexed["vacancies"][1]
    # However unrelated the words, a vacancy that passes the filters is returned by the
    # meaning leg (the served ranking would rightly say nothing matches).
    results = await _find(pool, backend, embedder, "astronaut on the moon", countries=["KZ"],
                          k=1, mode="vector")
    assert len(results) == 1
    # Asking for ten where exactly one vacancy passes: that one, by meaning alone.
    vector = await embedder.embed_query("astronaut on the moon")
    hits = await backend.search(searching.build_query(
        "astronaut on the moon", vector=vector, visibility=_visibility(indexed, a={"KZ"}),
        filters=SearchFilters(city=searching.city_key("Almaty")), k=10, mode="vector"))
    assert [h.vacancy_id for h in hits] == [greenhouse["id"]]
    three = await backend.search(searching.build_query(
        "astronaut on the moon", vector=vector,
        visibility=_visibility(indexed, a={"RU", "KZ"}, b={"RU"}),
        filters=SearchFilters(countries=["RU"]), k=10, mode="hybrid"))
    assert sorted(h.vacancy_id for h in three) == sorted(
        v["id"] for v in indexed["vacancies"] if v["country"] == "RU")


async def test_searches_run_with_their_settings_and_leave_other_connections_alone(app):
    from matching.search.postgres import PostgresSearch

    served = await PostgresSearch.open(app.state.pool, app.state.settings.database_url,
                                       ef_search=77)
    plain = PostgresSearch(app.state.pool, ef_search=77)
    try:
        for backend in (served, plain):
            async with backend._searching() as conn:
                assert await conn.fetchval("SHOW hnsw.ef_search") == "77"
                assert await conn.fetchval("SHOW enable_seqscan") == "off"
                assert await conn.fetchval("SHOW plan_cache_mode") == "force_custom_plan"
        # The settings set on a connection of the shared pool went with it.
        conns = [await app.state.pool.acquire() for _ in range(app.state.pool.get_size())]
        try:
            for conn in conns:
                assert await conn.fetchval("SHOW enable_seqscan") == "on"
        finally:
            for conn in conns:
                await app.state.pool.release(conn)
    finally:
        await served.close()


async def test_a_narrowing_filter_ranks_words_as_the_index_does(app, market, pool, embedder,
                                                                 monkeypatch):
    from matching.search import postgres

    welder, _, _, picker = market["vacancies"]
    served = await postgres.PostgresSearch.open(pool, app.state.settings.database_url)
    try:
        await served.upsert(searching.documents_for(await _rows(pool, market["ids"]), embedder))
        # The picker holds every word, the welder only the tag: two tiers.
        query = searching.build_query(
            f"picking {market['tag']}", vector=None, k=10, mode="keyword",
            filters=SearchFilters(city=searching.city_key("Moscow")),
            visibility=_visibility(market, a={"RU", "KZ"}, b={"RU"}))

        async def ranked() -> list[tuple[int, float]]:
            return [(h.vacancy_id, round(h.keyword_score or 0.0, 6))
                    for h in await served.search(query)]

        few = await ranked()  # the filtered rows read one by one
        monkeypatch.setattr(postgres, "_EXACT_BELOW", 1)
        many = await ranked()  # too many pass the filters: the words' index instead
        monkeypatch.setattr(postgres, "_narrowing", lambda query: False)
        unfiltered_way = await ranked()
    finally:
        await served.close()
    assert [i for i, _ in few] == [picker["id"], welder["id"]]
    assert few == many == unfiltered_way


async def test_an_occupation_alone_has_rare_words_looked_up_and_common_ones_read(
        app, market, pool, monkeypatch):
    """Under a filter on the occupation alone, words few vacancies hold are looked up in
    the words' index, common ones read from the occupation's rows: the same ranking."""
    from matching.search import postgres

    tag = unique("zq")
    ids = [9_200_000_000 + i for i in range(12)]
    documents = [searching.SearchDocument(
        vacancy_id=vacancy_id, agency_id=market["a"].id, country="RU", city_key="moscow",
        occupation_key=f"{tag}-job", languages=["ru"], wage_currency="RUB",
        wage_monthly=Decimal(120000), closing_date=date.today() + timedelta(days=30),
        source_version=1, language="english",
        title=f"Job {tag}" + (" night shifts" if i % 3 == 0 else " night" if i % 3 == 1 else ""),
        body="work " * (i % 4 + 1), translit="",
        embedding=np.ones(app.state.settings.embedding_dimensions, dtype=np.float32))
        for i, vacancy_id in enumerate(ids)]
    served = await postgres.PostgresSearch.open(pool, app.state.settings.database_url)
    ways: dict[str, list[tuple[int, float, int | None]]] = {}
    try:
        await served.upsert(documents)
        query = searching.build_query(
            "night shifts", vector=None, k=10, mode="keyword",
            filters=SearchFilters(occupation=f"{tag}-job"),
            visibility=_visibility(market, a={"RU"}))
        for way, share in (("looked up", 1.0), ("read", -1.0)):
            monkeypatch.setattr(postgres, "_LOOKED_UP_BELOW", share)
            ways[way] = [(h.vacancy_id, round(h.keyword_score or 0.0, 6), h.keyword_tier)
                         for h in await served.search(query)]
    finally:
        await served.delete(ids)
        await served.close()
    assert ways["looked up"] == ways["read"]
    assert [i for i, _, tier in ways["read"] if tier == 1] == ids[0::3]
    assert len(ways["read"]) == 8

    shares = postgres._Shares(["night", "nightclub", "shift", "work"], [0.02, 0.01, 0.05, 0.7])
    assert shares.held_by([["night"], ["shift"]], [[], []]) == pytest.approx(0.07)
    assert shares.held_by([["night"]], [["nig"]]) == pytest.approx(0.05)  # night, nightclub
    assert shares.held_by([["welder"]], [[]]) == 0.0  # not among the commonest
    assert shares.held_by([["work"], ["work"]], [["w"], []]) == 1.0
    assert postgres._Shares([], []).held_by([["night"]], [[]]) == 1.0  # nothing known


async def test_a_common_phrase_ranks_the_vacancies_holding_every_word(app, market, pool,
                                                                      embedder):
    """More vacancies hold every word as typed than a search shows: those are looked up as
    they are, without gathering every word that merely starts the same, and ranked as
    the full statement would rank them."""
    from matching.search import postgres

    tag = unique("zq")
    vector = embedder.embed(["welding"])[0]
    ids = [9_000_000_000 + i for i in range(60)]
    documents = [searching.SearchDocument(
        vacancy_id=vacancy_id, agency_id=market["a"].id, country="RU", city_key="moscow",
        occupation_key="welder", languages=["ru"], wage_currency="RUB",
        wage_monthly=Decimal(120000), closing_date=date.today() + timedelta(days=30),
        source_version=1, language="english", title=f"Welding job {tag} {i}",
        body="welding " * (i % 7 + 1) + "steel structures", translit="", embedding=vector)
        for i, vacancy_id in enumerate(ids)]
    served = await postgres.PostgresSearch.open(pool, app.state.settings.database_url)
    try:
        await served.upsert(documents)
        query = searching.build_query(
            f"welding {tag}", vector=None, k=10, mode="keyword", filters=SearchFilters(),
            visibility=_visibility(market, a={"RU"}))
        hits = await served.search(query)
        words = [word for word, _ in query.words]
        async with connection(pool) as conn:
            stems = await served._stems_of(conn, words)
            _, any_word = postgres.tsqueries(
                [(word, st, p) for (word, p), st in zip(query.words, stems, strict=True)])
            truth = await conn.fetch(
                "SELECT vacancy_id, ts_rank_cd(document, to_tsquery('simple', $2)) AS score "
                "FROM vacancy_search WHERE vacancy_id = ANY($1) "
                "ORDER BY score DESC, vacancy_id LIMIT 10", ids, any_word)
    finally:
        await served.delete(ids)
        await served.close()
    assert [(h.vacancy_id, pytest.approx(h.keyword_score)) for h in hits] == \
        [(r["vacancy_id"], float(r["score"])) for r in truth]


async def test_a_query_naming_its_occupation_finds_the_nearest_of_it_by_a_short_walk_or_a_full_one(
        app, market, pool, embedder):
    """The occupation's leg walks the graph a short way first and keeps what it found only
    when the walk stayed among that occupation's vacancies; either way its ten are the ten
    nearest of the occupation, and the connection is left at its own depth."""
    from matching.search import postgres

    rng = np.random.default_rng(7)
    ours, theirs = (v / np.linalg.norm(v) for v in rng.normal(size=(2, embedder.dimensions)))

    def near(centre: np.ndarray) -> np.ndarray:
        v = centre + rng.normal(scale=0.15, size=centre.shape) / np.sqrt(centre.size)
        return (v / np.linalg.norm(v)).astype(np.float32)

    tag = unique("near")
    ids = [9_100_000_000 + i for i in range(120)]
    documents = [searching.SearchDocument(
        vacancy_id=vacancy_id, agency_id=market["a"].id, country="RU", city_key="moscow",
        occupation_key=f"{tag}-{'ours' if i < 60 else 'theirs'}", languages=["ru"],
        wage_currency="RUB", wage_monthly=Decimal(120000),
        closing_date=date.today() + timedelta(days=30), source_version=1, language="english",
        title=f"Job {tag} {i}", body="work", translit="",
        embedding=near(ours if i < 60 else theirs)) for i, vacancy_id in enumerate(ids)]
    served = await postgres.PostgresSearch.open(pool, app.state.settings.database_url)
    try:
        await served.upsert(documents)
        # Inside the occupation, and between it and another (nearer the other): the walk
        # strays there, and the full one runs.
        for centre in (ours, 0.3 * ours + 0.7 * theirs):
            query = searching.build_query(
                "", vector=near(centre / np.linalg.norm(centre)), k=10, mode="vector",
                filters=SearchFilters(occupation=f"{tag}-ours"),
                visibility=_visibility(market, a={"RU"}))
            params = served._params(query)
            async with served._searching() as conn:
                walked = await served._vector(
                    conn, dataclasses.replace(query, near_filters=True), params, 10)
                depth = await conn.fetchval("SHOW hnsw.ef_search")
            exact = await served.search(dataclasses.replace(query, exact=True))
            assert [h.vacancy_id for h in walked] == [h.vacancy_id for h in exact]
            assert all(h.vacancy_id < ids[60] for h in exact)
            assert depth == "200"
    finally:
        await served.delete(ids)
        await served.close()


async def test_exact_search_ranks_by_true_cosine_similarity(backend, indexed, pool, embedder):
    text = "welding job with a hostel"
    vector = await embedder.embed_query(text)
    documents = searching.documents_for(await _rows(pool, indexed["ids"]), embedder)
    truth = sorted((-float(np.dot(d.embedding, vector)), d.vacancy_id) for d in documents)
    for exact in (True, False):  # on four vacancies the index must agree with the truth
        hits = await backend.search(searching.build_query(
            text, vector=vector, visibility=_visibility(indexed, a={"RU", "KZ"}, b={"RU"}),
            filters=SearchFilters(), k=10, mode="vector", exact=exact))
        assert [h.vacancy_id for h in hits] == [i for _, i in truth], exact
        assert [h.similarity for h in hits] == pytest.approx([-s for s, _ in truth], abs=1e-4)


async def test_without_words_the_filtered_vacancies_closing_soonest_come_first(
        backend, indexed):
    welder, greenhouse, svarshchik, picker = indexed["vacancies"]
    hits = await backend.search(searching.build_query(
        "", vector=None, visibility=_visibility(indexed, a={"RU", "KZ"}, b={"RU"}),
        filters=SearchFilters(), k=10, mode="hybrid"))
    assert [h.vacancy_id for h in hits] == [
        greenhouse["id"], picker["id"], svarshchik["id"], welder["id"]]
    only_two = await backend.search(searching.build_query(
        "", vector=None, visibility=_visibility(indexed, a={"RU", "KZ"}, b={"RU"}),
        filters=SearchFilters(countries=["RU"]), k=2, mode="hybrid"))
    assert [h.vacancy_id for h in only_two] == [picker["id"], svarshchik["id"]]


# --- writes: idempotent upserts, the relay, reindexing -----------------------------------


async def _published_by_c(api: httpx.AsyncClient, market: dict[str, Any],
                          people: dict[str, Any], title: str) -> dict[str, Any]:
    return await vacancy_in(api, "published", agency=market["c"],
                            attache_headers=people["ru_attache"],
                            employer_id=market["c_employer"], title=title)


async def test_upserts_are_idempotent_and_never_go_back_a_version(
        backend, indexed, pool, embedder, api, people):
    tag = unique()
    vacancy = await _published_by_c(api, indexed, people, f"Plasterer first{tag}")
    # Through the relay first, so that no relay still to come (the session's worker feeds
    # PostgreSQL) writes this vacancy again behind the test's back.
    await _relay(pool, backend, embedder, [vacancy["id"]])
    [document] = searching.documents_for(await _rows(pool, [vacancy["id"]]), embedder)
    await backend.upsert([document])
    total = await backend.count()
    await backend.upsert([document, document])
    assert await backend.count() == total
    assert await backend.indexed_versions([vacancy["id"]]) == {
        vacancy["id"]: document.source_version}

    # An older state arriving late (a slow relay) changes nothing.
    older = dataclasses.replace(document, source_version=document.source_version - 1,
                                title=f"Obsolete older{tag}")
    await backend.upsert([older])
    assert await backend.indexed_versions([vacancy["id"]]) == {
        vacancy["id"]: document.source_version}
    visibility = _visibility(indexed, c={"RU"})

    async def found(text: str) -> list[int]:
        return [h.vacancy_id for h in await backend.search(searching.build_query(
            text, vector=None, filters=SearchFilters(), visibility=visibility, k=5,
            mode="keyword"))]

    assert await found(f"older{tag}") == []
    assert await found(f"first{tag}") == [vacancy["id"]]
    # A newer one replaces it.
    newer = dataclasses.replace(document, source_version=document.source_version + 1,
                                title=f"Tiler newer{tag}")
    await backend.upsert([newer])
    assert await found(f"newer{tag}") == [vacancy["id"]]
    assert await found(f"first{tag}") == []

    await backend.delete([vacancy["id"]])
    await backend.delete([vacancy["id"]])  # deleting what is gone is fine
    assert await backend.indexed_versions([vacancy["id"]]) == {}
    assert await backend.count() == total - 1


async def test_the_relay_applies_each_change_once(backend, indexed, pool, embedder, api, people):
    tag = unique()
    vacancy = await _published_by_c(api, indexed, people, f"Roofer {tag}")
    await _relay(pool, backend, embedder, [vacancy["id"]])
    assert await backend.indexed_versions([vacancy["id"]]) == {vacancy["id"]: vacancy["version"]}
    total = await backend.count()
    # The same change relayed again (a redelivered task) leaves one document, unchanged.
    await _relay(pool, backend, embedder, [vacancy["id"]])
    assert await backend.count() == total
    assert await backend.indexed_versions([vacancy["id"]]) == {vacancy["id"]: vacancy["version"]}
    results = await _find(pool, backend, embedder, f"roofer {tag}")
    assert _ids(results)[0] == vacancy["id"]

    response = await move(api, indexed["c"].headers, vacancy["id"], "close",
                          reason="positions taken")
    assert response.status_code == 200, response.text
    await _relay(pool, backend, embedder, [vacancy["id"]])
    assert await backend.indexed_versions([vacancy["id"]]) == {}
    assert vacancy["id"] not in _ids(await _find(pool, backend, embedder, f"roofer {tag}"))


async def test_reindex_rebuilds_from_postgresql_while_searches_keep_working(
        backend, indexed, pool, embedder):
    welder = indexed["vacancies"][0]
    closed = indexed["closed"]
    # A stale document: the vacancy is closed, but the index still has it.
    await backend.upsert(searching.documents_for(await _rows(pool, [closed["id"]]), embedder))
    assert closed["id"] in await backend.indexed_versions([closed["id"]])
    live_indices = getattr(backend, "live_indices", None)
    before = await live_indices() if live_indices else None

    rebuild = asyncio.create_task(searching.reindex(pool, backend=backend, embedder=embedder,
                                                    batch=32))
    searches = 0
    while not rebuild.done():
        results = await _find(pool, backend, embedder, f"welder steel {indexed['tag']}")
        assert _ids(results)[0] == welder["id"]
        searches += 1
        await asyncio.sleep(0.05)
    total = await rebuild
    assert searches > 0

    # Every published vacancy search may offer: none with a blocking red flag today (other
    # tests publish some and then raise a minimum wage or watchlist an employer).
    async with UnitOfWork(pool, transaction=False) as uow:
        ids = [r["id"] for r in await uow.conn.fetch(
            "SELECT id FROM vacancy WHERE status = 'published'")]
        offered = await vacancy_service.searchable(
            uow, await vacancy_repo.get_vacancies(uow.conn, ids), utc_today())
    assert total == len(offered)
    assert await backend.count() == len(offered)
    assert await backend.indexed_versions([closed["id"]]) == {}
    assert _ids(await _find(pool, backend, embedder, f"welder steel {indexed['tag']}"))[0] == \
        welder["id"]
    if live_indices:  # an engine that rebuilds into a new index has switched its alias
        after = await live_indices()
        assert len(after) == 1 and after != before


# --- readiness and timing -----------------------------------------------------------------


async def test_the_engine_answers_readiness_and_each_leg_it_runs_is_timed(
        backend, indexed, pool, embedder):
    from prometheus_client import REGISTRY

    await backend.ping()  # what /readyz asks

    def timed(leg: str) -> float:
        return REGISTRY.get_sample_value("vetted_search_leg_duration_seconds_count",
                                         {"backend": backend.name, "leg": leg}) or 0.0

    before = {leg: timed(leg) for leg in ("keyword", "vector")}
    assert await _find(pool, backend, embedder, f"welder steel {indexed['tag']}")
    assert all(timed(leg) > count for leg, count in before.items()), before
