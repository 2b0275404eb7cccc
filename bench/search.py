"""Search benchmark: loads synthetic vacancies, then measures through the HTTP API.

    .venv/bin/python -m bench.search --sizes 10000 100000
    .venv/bin/python -m bench.search --sizes 10000 --backend postgres elasticsearch

Reports, per size and backend, on the same data: HTTP search latency p50/p95 (free
text, and with a selective filter, one request at a time; and free text from 8 clients
at once, with the searches served a second), every search embedding its query, with the
model's own median time for a query beside it; ingest throughput against the raw
throughput of the embedding model (the whole index built by the reindex, and `--relay-extra` new
adverts relayed through the outbox into the index already holding the size, as
agencies' vacancies arrive in service), recall@10 of the vector index against an exact scan,
filters included (and, with `--sweep`, at other depths of the graph's walk), recall@10 of
the ranking a person is shown against the same ranking with exact vector legs, and
memory: the PostgreSQL index size, or the Elasticsearch node's
resident memory (RSS of its JVM) and store size. For Elasticsearch it also rebuilds the
index with the quantized vector types (`--es-quantized`) and reports the recall each
costs. The Elasticsearch node is the local one of tools/es-node (JDK 21+ and Maven).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from tqdm import tqdm

from bench.synth import OCCUPATIONS, PLACES, QUERIES, vacancy
from bench.vectors import CachedEmbedder, DerivedVectors, VectorCache
from core.db import UnitOfWork, connection, create_pool
from core.embedded import ensure_engines
from core.migrate import upgrade
from core.text import name_key
from matching import occupations, searching
from matching.embedder import get_embedder
from matching.repository import vacancies as vacancy_repo
from matching.rules import monthly_wage
from matching.search.base import Hit, SearchBackend, SearchFilters, Visibility
from matching.search.postgres import PostgresSearch
from matching.searching import build_query
from matching.vacancies import INDEX_TOPIC
from tools.es_node import EsNode, unavailable_reason

ROOT = Path(__file__).resolve().parent.parent
AGENCIES = 120
SUSPENDED_EVERY = 20  # one agency in twenty is suspended: its vacancies must never show
CLIENTS = 8  # searching at once, for the concurrent figure
# Searches not timed before each latency run: caches warm up, and so does a freshly
# started node's JVM, which compiles a search's code paths only after many of them.
WARM_UP = 200


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def _seed_agencies(conn: Any, today: date) -> list[tuple[int, dict[str, int]]]:
    """Agencies with licences covering every country, and one employer per country."""
    out = []
    for i in range(AGENCIES):
        agency_id = await conn.fetchval(
            "INSERT INTO agency (legal_name, name_key, registration_number, country, address,"
            " email, phone) VALUES ($1, $2, $3, 'KG', 'Bishkek', 'a@b.kg', '+996312000000')"
            " RETURNING id", f"Bench Agency {i}", name_key(f"Bench Agency {i}"), f"B-{i}")
        status = "suspended" if i % SUSPENDED_EVERY == 0 else "active"
        await conn.execute(
            "INSERT INTO licence (agency_id, number, number_key, status, countries,"
            " deposit_amount, deposit_currency, valid_from, valid_until)"
            " VALUES ($1, $2, $3, $4, $5, 1000, 'KGS', $6, $7)",
            agency_id, f"VT-KG-2026-B{i:04d}", f"VTKG2026B{i:04d}", status, list(PLACES),
            today.replace(year=today.year - 1), today.replace(year=today.year + 2))
        employers = {}
        for country, (_, cities, _) in PLACES.items():
            employers[country] = await conn.fetchval(
                "INSERT INTO employer (agency_id, name, name_key, country, city,"
                " registration_number, status) VALUES ($1, $2, $3, $4, $5, $6, 'verified')"
                " RETURNING id", agency_id, f"Employer {i} {country}",
                name_key(f"Employer {i} {country}"), country, cities[0], f"E-{i}-{country}")
        out.append((agency_id, employers))
    return out


async def _load_vacancies(pool: Any, count: int, start: int, agencies: list[Any],
                          today: date, derived: DerivedVectors | None = None) -> None:
    """`count` adverts from number `start` on, copied in chunks; with `derived`, each one
    is also shown to it, to learn from or to be given a derived vector."""
    rng = random.Random(start)
    columns = ["agency_id", "employer_id", "external_ref", "title", "description",
               "occupation", "skills", "languages", "country", "city", "wage_amount",
               "wage_currency", "wage_period", "wage_monthly", "hours_per_week", "housing",
               "meals", "contract_months", "positions", "closing_date", "status",
               "verification_code", "occupation_code"]
    codes: dict[str, str | None] = {}  # as the API stores it: the code its words name
    records = []
    for n in range(start, start + count):
        v = vacancy(rng, n, today=today)
        agency_id, employers = agencies[n % len(agencies)]
        if v["occupation"] not in codes:
            found = occupations.occupation_for(v["occupation"])
            codes[v["occupation"]] = found.code if found else None
        if derived is not None:
            cyrillic = any("\u0400" <= c <= "\u04ff" for c in v["title"])
            derived.see(n, (v["occupation"], v["country"], str(cyrillic)),
                        searching.embedding_text(v))
        records.append((
            agency_id, employers[v["country"]], f"bench-{n}", v["title"], v["description"],
            v["occupation"], v["skills"], v["languages"], v["country"], v["city"],
            v["wage_amount"], v["wage_currency"], "month",
            monthly_wage(v["wage_amount"], "month", v["hours_per_week"]), v["hours_per_week"],
            v["housing"], "paid", v["contract_months"], 3, v["closing_date"], "published",
            secrets.token_hex(6), codes[v["occupation"]],
        ))
        if len(records) == 50_000 or n == start + count - 1:
            async with connection(pool) as conn:
                await conn.copy_records_to_table("vacancy", records=records, columns=columns)
            records = []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(env: dict[str, str], port: int, *, root: Path = ROOT) -> subprocess.Popen[bytes]:
    """The API of the checkout at `root`, on `port`, once it is ready."""
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host",
         "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=root, env=env,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("the API did not become ready")


def _latency(port: int, requests: int, selective: bool, *, warm_up: int = WARM_UP
             ) -> tuple[float, float, int]:
    """Median and p95 of `requests` searches, one at a time on a kept-alive connection.

    The client is the standard library's: the figure is the service's time, and a
    heavier client (httpx costs 0.4 ms more per request here) would add its own."""
    rng = random.Random(7)
    timings = []
    shown = 0
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        for i in range(requests + warm_up):
            params: dict[str, Any] = {"q": rng.choice(QUERIES), "k": 10}
            if selective:
                params |= {"country": "KZ", "occupation": rng.choice(OCCUPATIONS).en}
            path = "/search/vacancies?" + urlencode(params)
            started = time.perf_counter()
            client.request("GET", path)
            response = client.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                raise SystemExit(f"search answered {response.status}: {body[:300]!r}")
            if i >= warm_up:
                timings.append(elapsed)
                shown += len(json.loads(body)["results"])
    finally:
        client.close()
    return statistics.median(timings), _percentile(timings, 95), shown // requests


def _concurrent(port: int, clients: int, requests: int) -> tuple[float, float, float]:
    """Median and p95 latency, and searches a second, of `clients` clients searching at
    once, each one request at a time on its own kept-alive connection."""
    timings: list[float] = []
    failures: list[str] = []

    def client(seed: int) -> None:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            for _ in range(requests):
                started = time.perf_counter()
                connection.request("GET", "/search/vacancies?" + urlencode(
                    {"q": rng.choice(QUERIES), "k": 10}))
                response = connection.getresponse()
                body = response.read()
                timings.append((time.perf_counter() - started) * 1000)
                if response.status != 200:
                    failures.append(f"{response.status}: {body[:300]!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"search answered {failures[0]}")
    return statistics.median(timings), _percentile(timings, 95), len(timings) / elapsed


def model_p50(model: Any, rounds: int = 3) -> float:
    """The model's own median time for one query, over the latency runs' queries (the
    first round not timed): what a search spends before any engine is asked."""
    timings = []
    for i in range(rounds + 1):
        for text in QUERIES:
            started = time.perf_counter()
            model.embed_queries([text])
            if i:
                timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


async def _visibility(pool: Any, today: date) -> Visibility:
    async with connection(pool) as conn:
        rows = await conn.fetch(
            "SELECT l.agency_id, l.countries FROM licence l WHERE l.status = 'active'")
    return Visibility(today, {r["agency_id"]: frozenset(r["countries"]) for r in rows})


def recall_queries(mixed: bool) -> list[str]:
    """What people type (the latency run's queries, alone and with a city), or, with
    `mixed`, a query and an unrelated occupation run together: a harder case, whose
    vectors fall between the adverts' clusters."""
    rng = random.Random(11)
    if mixed:
        return [rng.choice(QUERIES) + " " + rng.choice(OCCUPATIONS).en for _ in range(100)]
    cities = [city for _, cities, _ in PLACES.values() for city in cities]
    return [*QUERIES, *(f"{q} {rng.choice(cities)}" for q in QUERIES)]


async def _truth(truth: SearchBackend, pool: Any, embedder: Any, today: date,
                 selective: bool, *, mixed: bool = False) -> list[tuple[Any, list[Hit]]]:
    """The recall queries with `truth`'s exact top ten for each (those with none left out),
    read once for every index and setting measured against them."""
    visibility = await _visibility(pool, today)
    rng = random.Random(13)
    texts = recall_queries(mixed)
    cases = []
    for text, vector in zip(texts, embedder.embed_queries(texts), strict=True):
        filters = SearchFilters(countries=["KZ"], occupation=rng.choice(OCCUPATIONS).en) \
            if selective else SearchFilters()
        query = build_query(text, vector=vector, filters=filters, visibility=visibility,
                            k=10, mode="vector")
        exact = await truth.search(replace(query, exact=True))
        if exact:
            cases.append((query, exact))
    return cases


async def _recall(backend: SearchBackend, cases: list[tuple[Any, list[Hit]]]
                  ) -> tuple[float, float]:
    """Recall@10 of `backend`'s vector index against the exact top tens, and the median
    time of its vector search in process (no HTTP, no model).

    A result tied with the tenth exact one (equal similarity, to float noise) counts as
    found: identical adverts have identical vectors, and either of a tie is right.
    """
    overlaps, timings = [], []
    for query, exact in cases:
        started = time.perf_counter()
        approx = await backend.search(query)
        timings.append((time.perf_counter() - started) * 1000)
        wanted = {h.vacancy_id for h in exact}
        floor = min(h.similarity or 0.0 for h in exact) - 1e-5
        found = sum(1 for h in approx
                    if h.vacancy_id in wanted or (h.similarity or -1.0) >= floor)
        overlaps.append(min(found, len(exact)) / len(exact))
    return statistics.mean(overlaps), statistics.median(timings)


async def _ingest(pool: Any, backend: SearchBackend, embedder: Any, size: int,
                  label: str) -> float:
    bar = tqdm(total=size, desc=f"indexing {size:,} ({label})", unit="vacancy")
    started = time.perf_counter()
    await searching.reindex(pool, backend=backend, embedder=embedder, progress=bar.update)
    rate = size / (time.perf_counter() - started)
    bar.close()
    return rate


async def _build_postgres(pool: Any, backend: SearchBackend, embedder: Any,
                          size: int) -> tuple[float, float]:
    """A PostgreSQL index of cached vectors built the way a large one is loaded: the rows
    written with the vector graph dropped, then the graph built in one pass, in parallel
    (an insert into a full graph costs milliseconds; at 100,000 rows one by one the build
    takes an hour here). The index is made again from its own definition, so it is the
    one the migrations made. Vacancies indexed per second, graph included, and the
    graph's build in seconds."""
    async with connection(pool) as conn:
        definition = await conn.fetchval(
            "SELECT pg_get_indexdef(to_regclass('ix_vacancy_search_embedding'))")
        await conn.execute("DROP INDEX ix_vacancy_search_embedding")
    try:
        rate = await _ingest(pool, backend, embedder, size, "postgres, graph dropped")
    finally:
        async with connection(pool) as conn:
            # The graph is built in memory when it fits (about 3 kB a vacancy at 512
            # dimensions and 16 links), far faster than when it spills to disk.
            memory_mb = max(4096, size * 8 // 1024)
            await conn.execute(f"SET maintenance_work_mem = '{memory_mb}MB'")
            await conn.execute("SET max_parallel_maintenance_workers = 2")
            started = time.perf_counter()
            await conn.execute(definition)
            built = time.perf_counter() - started
    return size / (size / rate + built), round(built, 1)


async def _fill_truth(pool: Any, truth: SearchBackend, embedder: Any, size: int) -> None:
    """PostgreSQL's index of the same adverts, kept for its exact scan alone: the truth of
    a run measuring Elasticsearch only (whose own exact scan, without painless, reads every
    vector through the client). Written from the vectors the measured index was built from
    and with no graph, which an exact scan does not walk."""
    async with connection(pool) as conn:
        await conn.execute("TRUNCATE vacancy_search")
        await conn.execute("DROP INDEX IF EXISTS ix_vacancy_search_embedding")
    replay, embedder.replay = embedder.replay, True
    try:
        await _ingest(pool, truth, embedder, size, "postgres, the exact truth only")
    finally:
        embedder.replay = replay
    async with connection(pool) as conn:
        await conn.execute("ANALYZE vacancy_search")


async def _measure(name: str, backend: SearchBackend, *, pool: Any, engines: Any,
                   data_dir: Path, embedder: Any, truth: SearchBackend, today: date,
                   size: int, requests: int, es: EsNode | None,
                   cases: dict[tuple[int, str], Any], sweep: list[int],
                   fill_truth: bool) -> dict[str, Any]:
    """Ingest `size` vacancies into `backend`, then time searches through the HTTP API.

    With the embedder replaying cached vectors the build is not an ingest figure: it is
    reported as the rate of index writes alone."""
    if name == "postgres":
        async with connection(pool) as conn:
            await conn.execute("TRUNCATE vacancy_search")
            await conn.execute("ANALYZE vacancy")
    build: dict[str, Any] = {}
    if name == "postgres" and embedder.replay:
        ingest_rate, build["graph_build_s"] = await _build_postgres(pool, backend, embedder,
                                                                    size)
    else:
        ingest_rate = await _ingest(pool, backend, embedder, size, name)
    # Every search embeds its query: the latency runs repeat a few dozen queries, which a
    # kept vector would otherwise answer without the model after the first time.
    env = {**os.environ, "DATABASE_URL": engines.database_url,
           "REDIS_URL": engines.redis_url, "SEARCH_RATE_LIMIT": "1000000/minute",
           "DATA_DIR": str(data_dir), "SEARCH_BACKEND": name, "EMBEDDING_QUERY_CACHE": "0"}
    env.pop("ELASTICSEARCH_URL", None)
    memory: dict[str, Any] = {}
    if name == "postgres":
        async with connection(pool) as conn:
            await conn.execute("ANALYZE vacancy_search")
            memory["index_mb"] = round(await conn.fetchval(
                "SELECT pg_total_relation_size('vacancy_search')") / 2**20, 1)
    else:
        assert es is not None
        env |= {"ELASTICSEARCH_URL": es.url, "ELASTICSEARCH_INDEX": backend_alias(backend)}
        memory["store_mb"] = round(await _store_bytes(backend) / 2**20, 1)
    port = _free_port()
    server = _serve(env, port)
    try:
        p50, p95, shown = _latency(port, requests, selective=False)
        f50, f95, f_shown = _latency(port, requests, selective=True)
        c50, c95, c_rate = _concurrent(port, CLIENTS, max(10, requests // CLIENTS))
    finally:
        server.terminate()
        server.wait(timeout=30)
    if es is not None and name == "elasticsearch":
        memory["jvm_rss_mb"] = round((es.rss_bytes() or 0) / 2**20)
    return {
        "vacancies": size, "backend": name,
        "search_p50_ms": round(p50, 1), "search_p95_ms": round(p95, 1),
        "filtered_p50_ms": round(f50, 1), "filtered_p95_ms": round(f95, 1),
        "concurrent_p50_ms": round(c50, 1), "concurrent_p95_ms": round(c95, 1),
        "concurrent_searches_per_s": round(c_rate, 1),
        "results_per_search": shown, "filtered_results_per_search": f_shown,
        ("index_writes_per_s" if embedder.replay else "ingest_per_s"): round(ingest_rate, 1),
        **memory, **build,
        **await _recalls(backend, name, truth, pool=pool, embedder=embedder, today=today,
                         size=size, cases=cases, sweep=sweep, fill_truth=fill_truth),
    }


async def _served_recall(backend: SearchBackend, pool: Any, embedder: Any, today: date,
                         *, mixed: bool) -> float:
    """Recall@10 of the ranking a person is shown (`ranked_hits`: the words, the vector
    index and the legs of the occupations named, fused) against the same ranking with
    every vector leg an exact scan, on the same engine: what the index's misses cost the
    answer."""
    visibility = await _visibility(pool, today)
    texts = recall_queries(mixed)
    overlaps = []
    for text, vector in zip(texts, embedder.embed_queries(texts), strict=True):
        shown = []
        for exact in (False, True):
            query = build_query(text, vector=vector, filters=SearchFilters(),
                                visibility=visibility, k=10, mode="hybrid", exact=exact)
            hits, _ = await searching.ranked_hits(backend, query)
            shown.append({h.vacancy_id for h in hits[:10]})
        if shown[1]:
            overlaps.append(len(shown[0] & shown[1]) / len(shown[1]))
    return statistics.mean(overlaps)


_RECALL_SETS = {"all": (False, False), "filtered": (True, False), "mixed": (False, True)}


async def _recalls(backend: SearchBackend, name: str, truth: SearchBackend, *, pool: Any,
                   embedder: Any, today: date, size: int, cases: dict[tuple[int, str], Any],
                   sweep: list[int], fill_truth: bool) -> dict[str, Any]:
    """Recall@10 of the index as served, and for each depth of `sweep` (PostgreSQL's
    `hnsw.ef_search`, Elasticsearch's `num_candidates`) recall and the vector search's
    median time in process: what a deeper walk buys and costs. With `fill_truth`, the
    truth's engine is given this size's adverts first."""
    if fill_truth and any((size, kind) not in cases for kind in _RECALL_SETS):
        await _fill_truth(pool, truth, embedder, size)
    for kind, (selective, mixed) in _RECALL_SETS.items():
        if (size, kind) not in cases:
            cases[size, kind] = await _truth(truth, pool, embedder, today, selective,
                                             mixed=mixed)
    figures: dict[str, Any] = {}
    for kind in _RECALL_SETS:
        recall, _ = await _recall(backend, cases[size, kind])
        figures["recall_at_10" + ("" if kind == "all" else f"_{kind}")] = round(recall, 3)
    engine: Any = backend
    if name == "postgres" or await engine._has_painless():
        # Elasticsearch's exact scan without painless reads every vector through the
        # client: too slow for every leg of every query at this size.
        for kind, mixed in (("served", False), ("served_mixed", True)):
            figures[f"recall_at_10_{kind}"] = round(await _served_recall(
                backend, pool, embedder, today, mixed=mixed), 3)
    deeper: list[dict[str, Any]] = []
    for depth in sweep:
        variant: Any = PostgresSearch(pool, ef_search=depth) if name == "postgres" else \
            _elasticsearch(engine.url, engine.alias, num_candidates=depth)
        try:
            row: dict[str, Any] = {"depth": depth}
            for kind in _RECALL_SETS:
                recall, took = await _recall(variant, cases[size, kind])
                row[kind] = round(recall, 3)
                row[f"{kind}_ms"] = round(took, 1)
            deeper.append(row)
        finally:
            await variant.close()
    if deeper:
        figures["sweep"] = deeper
    return figures


async def _relay_ingest(pool: Any, backend: SearchBackend, model: Any, agencies: list[Any],
                        today: date, size: int, extra: int) -> tuple[float, float]:
    """Adverts per second added to an index already holding `size`, the way vacancies
    arrive in service: outbox rows relayed in batches, each advert embedded for real;
    and the model's own rate on the same adverts, embedded just before in one call, so
    the ratio compares the two in the same state of the machine (the rate measured at
    the start of a run, before the engines' builds and merges, drifts by a fifth or more
    from one moment to the next). The added adverts are removed afterwards, so the other
    figures stay at `size`."""
    async with connection(pool) as conn:
        before = await conn.fetchval("SELECT coalesce(max(id), 0) FROM vacancy")
    await _load_vacancies(pool, extra, 10_000_000 + size, agencies, today)
    async with connection(pool) as conn:
        ids = [r["id"] for r in await conn.fetch(
            "SELECT id FROM vacancy WHERE id > $1 ORDER BY id", before)]
        texts = [searching.embedding_text(dict(r))
                 for r in await vacancy_repo.get_vacancies(conn, ids)]
        await conn.execute(
            "INSERT INTO outbox (topic, entity_id, payload) "
            "SELECT $1, id, '{}'::jsonb FROM unnest($2::bigint[]) AS id", INDEX_TOPIC, ids)
    started = time.perf_counter()
    model.embed(texts)
    raw_rate = len(texts) / (time.perf_counter() - started)
    bar = tqdm(total=len(ids), desc=f"relaying {len(ids):,} into {size:,}", unit="vacancy")
    started = time.perf_counter()
    while True:
        async with UnitOfWork(pool) as uow:
            relayed = await searching.relay_batch(uow, backend=backend, embedder=model)
            await uow.commit()
        if relayed == 0:
            break
        bar.update(relayed)
    rate = len(ids) / (time.perf_counter() - started)
    bar.close()
    await backend.delete(ids)
    async with connection(pool) as conn:
        await conn.execute("DELETE FROM outbox WHERE entity_id = ANY($1) AND topic = $2",
                           ids, INDEX_TOPIC)
        await conn.execute("DELETE FROM vacancy WHERE id = ANY($1)", ids)
    return rate, raw_rate


def backend_alias(backend: Any) -> str:
    alias: str = backend.alias
    return alias


async def _store_bytes(backend: Any) -> int:
    [index] = await backend.live_indices()
    stats = await backend._client.indices.stats(index=index, metric="store")
    size: int = stats["indices"][index]["total"]["store"]["size_in_bytes"]
    return size


def _elasticsearch(url: str, alias: str, vector_index: str = "hnsw",
                   num_candidates: int | None = None) -> SearchBackend:
    from matching.search.elasticsearch import ElasticsearchSearch

    depth = {} if num_candidates is None else {"num_candidates": num_candidates}
    return ElasticsearchSearch(url, alias=alias, vector_index=vector_index, timeout=120,
                               **depth)


def fill_cache(sizes: list[int], vector_cache: Path) -> None:
    """Embed, once, the adverts the runs at these sizes load, for later `--replay-from`."""
    from core.config import get_settings

    settings = get_settings()
    cache = VectorCache(vector_cache, model=settings.embedding_model,
                        max_tokens=settings.embedding_max_tokens)
    model = get_embedder(settings.embedding_model)
    today = date.today()
    loaded = 0
    bar = tqdm(total=max(sizes), desc="embedding adverts for the cache", unit="vacancy")
    for size in sorted(sizes):
        rng = random.Random(loaded)  # the same stream as _load_vacancies
        texts = [searching.embedding_text({**vacancy(rng, n, today=today), "id": n})
                 for n in range(loaded, size)]
        for start in range(0, len(texts), 1024):
            chunk = [t for t in texts[start:start + 1024] if cache.get(t) is None]
            if chunk:
                cache.put(chunk, model.embed(chunk))
            bar.update(min(1024, len(texts) - start))
        cache.flush()
        loaded = size
    bar.close()
    print(f"{len(cache):,} vectors in {cache.folder}")


async def open_lab(engines: Any, vector_cache: Path
                   ) -> tuple[Any, date, list[tuple[int, dict[str, int]]], CachedEmbedder]:
    """The bench's database: the schema made, the agencies seeded, a pool on it; and the
    model, answering from the vectors kept in `vector_cache` when told to replay."""
    upgrade(engines.database_owner_url)
    # The bench loads rows in bulk, empties and analyses the index as the schema's owner;
    # the API it times connects as the application role (engines.database_url).
    pool = await create_pool(engines.database_owner_url, max_size=4)
    today = date.today()
    async with connection(pool) as conn:
        agencies = await _seed_agencies(conn, today)
    from core.config import get_settings

    settings = get_settings()
    embedder = CachedEmbedder(get_embedder(settings.embedding_model), VectorCache(
        vector_cache, model=settings.embedding_model, max_tokens=settings.embedding_max_tokens))
    return pool, today, agencies, embedder


async def run(sizes: list[int], requests: int, backends: list[str],
              quantized: list[str], es_heap: str, vector_cache: Path,
              replay_from: int | None, relay_extra: int,
              derive_beyond: int | None = None, sweep: list[int] | None = None
              ) -> tuple[list[Any], list[Any]]:
    data_dir = Path(tempfile.mkdtemp(prefix="vt-bench-"))
    es: EsNode | None = None
    if "elasticsearch" in backends:
        reason = unavailable_reason()
        if reason:
            raise SystemExit(f"cannot run the Elasticsearch node: {reason}")
        es = EsNode(data_dir / "es", heap=es_heap).start()
    engines = ensure_engines(database_url=None, redis_url=None, data_dir=data_dir)
    figures: list[dict[str, Any]] = []
    quantization: list[dict[str, Any]] = []
    try:
        pool, today, agencies, embedder = await open_lab(engines, vector_cache)
        from core.config import get_settings

        settings = get_settings()
        model = embedder.model
        if derive_beyond is not None:
            embedder.derived = DerivedVectors(embedder.cache, derive_beyond)
        sample_rng = random.Random(1)  # one stream: a realistic mix of distinct adverts
        sample = [searching.embedding_text({**vacancy(sample_rng, i, today=today), "id": i})
                  for i in range(1024)]
        model.embed(sample[:64])
        started = time.perf_counter()
        model.embed(sample)
        raw_rate = len(sample) / (time.perf_counter() - started)

        loaded = 0
        engines_by_name: dict[str, SearchBackend] = {
            "postgres": PostgresSearch(pool, ef_search=settings.pgvector_ef_search)}
        if es is not None:
            engines_by_name["elasticsearch"] = _elasticsearch(es.url, "bench")
        # Exact ground truth from PostgreSQL's exact scan; when PostgreSQL is not measured,
        # its index is filled for that scan alone.
        truth = engines_by_name["postgres"]
        fill_truth = "postgres" not in backends
        # The exact top tens of each size, read once the truth's engine holds that size:
        # it is measured first.
        cases: dict[tuple[int, str], Any] = {}
        backends = sorted(backends, key=lambda b: engines_by_name[b] is not truth)
        try:
            for size in sizes:
                await _load_vacancies(pool, size - loaded, loaded, agencies, today,
                                      embedder.derived)
                loaded = size
                for name in backends:
                    # Every ingest figure embeds for real; past `replay_from` the index is
                    # built from vectors embedded by an earlier run (`--fill-cache`).
                    embedder.replay = replay_from is not None and size >= replay_from
                    row = await _measure(
                        name, engines_by_name[name], pool=pool, engines=engines,
                        data_dir=data_dir, embedder=embedder, truth=truth, today=today,
                        size=size, requests=requests, es=es, cases=cases,
                        sweep=sweep or [], fill_truth=fill_truth)
                    row["raw_embedding_per_s"] = round(raw_rate, 1)
                    model_ms = model_p50(model)
                    row["model_query_p50_ms"] = round(model_ms, 1)
                    row["search_minus_model_p50_ms"] = round(row["search_p50_ms"] - model_ms,
                                                             1)
                    if "ingest_per_s" in row:
                        row["ingest_ratio"] = round(row["ingest_per_s"] / raw_rate, 2)
                    if relay_extra:
                        relay_rate, beside = await _relay_ingest(
                            pool, engines_by_name[name], model, agencies, today, size,
                            relay_extra)
                        row["relay_ingest_per_s"] = round(relay_rate, 1)
                        row["relay_raw_embedding_per_s"] = round(beside, 1)
                        row["relay_ingest_ratio"] = round(relay_rate / beside, 2)
                    figures.append(row)
                    print(json.dumps(row), flush=True)
                if es is None:
                    continue
                for vector_index in quantized:
                    # Same vectors, another index type: what quantization costs in recall.
                    variant = _elasticsearch(es.url, f"bench-{vector_index}", vector_index)
                    try:
                        embedder.replay = True
                        await _ingest(pool, variant, embedder, size, vector_index)
                        quantization.append({
                            "vacancies": size, "vector_index": vector_index,
                            "recall_at_10": round(
                                (await _recall(variant, cases[size, "all"]))[0], 3),
                            "recall_at_10_filtered": round(
                                (await _recall(variant, cases[size, "filtered"]))[0], 3),
                            "store_mb": round(await _store_bytes(variant) / 2**20, 1),
                        })
                        print(json.dumps(quantization[-1]), flush=True)
                    finally:
                        await variant.close()
        finally:
            embedder.cache.flush()
            for backend in engines_by_name.values():
                await backend.close()
            await pool.close()
    finally:
        engines.stop()
        if es is not None:
            es.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    return figures, quantization


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--backend", nargs="+", choices=["postgres", "elasticsearch"],
                        default=["postgres"], dest="backends",
                        help="engines to measure on the same data, side by side")
    parser.add_argument("--es-quantized", nargs="*", default=["int8_hnsw", "bbq_hnsw"],
                        choices=["int8_hnsw", "int4_hnsw", "bbq_hnsw"],
                        help="quantized vector index types whose recall to report")
    parser.add_argument("--es-heap", default="512m", help="heap of the Elasticsearch node")
    parser.add_argument("--vector-cache", type=Path, default=ROOT / ".data" / "bench-vectors",
                        help="where vectors are kept between runs")
    parser.add_argument("--fill-cache", action="store_true",
                        help="only embed the adverts of these sizes into the cache")
    parser.add_argument("--replay-from", type=int, default=None, metavar="SIZE",
                        help="build indices of this size and larger from cached vectors "
                             "(reported as index writes/s, not ingest)")
    parser.add_argument("--relay-extra", type=int, default=2000, metavar="N",
                        help="new adverts relayed into each full index for the ingest "
                             "figure at that size (0: none)")
    parser.add_argument("--derive-beyond", type=int, default=None, metavar="N",
                        help="give adverts past the first N (which must be in the cache) "
                             "vectors derived from those N instead of embedded ones; "
                             "needs --replay-from")
    parser.add_argument("--sweep", type=int, nargs="*", default=[], metavar="DEPTH",
                        help="also measure recall and the vector search's time at these "
                             "depths of the graph's walk (PostgreSQL's hnsw.ef_search, "
                             "Elasticsearch's num_candidates)")
    args = parser.parse_args()
    if args.derive_beyond is not None and args.replay_from is None:
        parser.error("--derive-beyond builds from cached vectors: give --replay-from too")
    if args.fill_cache:
        fill_cache(args.sizes, args.vector_cache)
        return
    backends = list(dict.fromkeys(args.backends))
    figures, quantization = asyncio.run(run(sorted(args.sizes), args.requests, backends,
                                            args.es_quantized, args.es_heap,
                                            args.vector_cache, args.replay_from,
                                            args.relay_extra, args.derive_beyond,
                                            args.sweep))
    replay = f" --replay-from {args.replay_from}" if args.replay_from is not None else ""
    if args.derive_beyond is not None:
        replay += f" --derive-beyond {args.derive_beyond}"
    print(f"\n$ python -m bench.search --sizes {' '.join(map(str, args.sizes))} "
          f"--requests {args.requests} --backend {' '.join(backends)}{replay}")
    header = ("vacancies", "backend", "search p50/p95 ms", "model p50 ms (search minus it)",
              "filtered p50/p95 ms",
              f"{CLIENTS} clients p50/p95 ms (searches/s)",
              "ingest/s (* index writes/s, cached vectors)",
              "raw embed/s", "ingest ratio",
              "relayed into full index/s (the model beside it; ratio)", "recall@10",
              "filtered recall@10", "recall@10 mixed queries",
              "recall@10 as shown (mixed)", "memory")
    print(" | ".join(header))
    for f in figures:
        graph = f", graph built in {f['graph_build_s']:.0f} s" if "graph_build_s" in f else ""
        memory = (f"index {f['index_mb']} MB{graph}" if f["backend"] == "postgres" else
                  f"JVM RSS {f['jvm_rss_mb']} MB, store {f['store_mb']} MB")
        print(" | ".join([
            f"{f['vacancies']:,}", f["backend"], f"{f['search_p50_ms']}/{f['search_p95_ms']}",
            f"{f['model_query_p50_ms']} ({f['search_minus_model_p50_ms']})",
            f"{f['filtered_p50_ms']}/{f['filtered_p95_ms']}",
            f"{f['concurrent_p50_ms']}/{f['concurrent_p95_ms']} "
            f"({f['concurrent_searches_per_s']})",
            str(f["ingest_per_s"]) if "ingest_per_s" in f else f"{f['index_writes_per_s']}*",
            str(f["raw_embedding_per_s"]), str(f.get("ingest_ratio", "-")),
            f"{f['relay_ingest_per_s']} ({f['relay_raw_embedding_per_s']}; "
            f"{f['relay_ingest_ratio']})" if "relay_ingest_per_s" in f else "-",
            str(f["recall_at_10"]), str(f["recall_at_10_filtered"]),
            str(f["recall_at_10_mixed"]),
            f"{f['recall_at_10_served']} ({f['recall_at_10_served_mixed']})"
            if "recall_at_10_served" in f else "-", memory,
        ]))
    sweeps = [f for f in figures if "sweep" in f]
    if sweeps:
        print("\nvacancies | backend | depth | recall@10 (vector search ms, in process) "
              "| filtered | mixed")
        for f in sweeps:
            for row in f["sweep"]:
                print(" | ".join([f"{f['vacancies']:,}", f["backend"], str(row["depth"]),
                                  *(f"{row[kind]} ({row[kind + '_ms']})"
                                    for kind in ("all", "filtered", "mixed"))]))
    if quantization:
        es_rows = {f["vacancies"]: f for f in figures if f["backend"] == "elasticsearch"}
        print("\nElasticsearch vector index type | vacancies | recall@10 | filtered recall@10 "
              "| store")
        for size, f in es_rows.items():
            print(f"hnsw (float, ours) | {size:,} | {f['recall_at_10']} | "
                  f"{f['recall_at_10_filtered']} | {f['store_mb']} MB")
            for q in (q for q in quantization if q["vacancies"] == size):
                print(f"{q['vector_index']} | {size:,} | {q['recall_at_10']} | "
                      f"{q['recall_at_10_filtered']} | {q['store_mb']} MB")


if __name__ == "__main__":
    main()
