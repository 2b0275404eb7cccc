"""Search benchmark: loads synthetic vacancies, then measures through the HTTP API.

    .venv/bin/python -m bench.search --sizes 10000 100000

Reports, per size: HTTP search latency p50/p95 (free text, and with a selective
filter), ingest throughput (reindex) against the raw throughput of the embedding
model, and recall@10 of the HNSW index against an exact scan, filters included.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from tqdm import tqdm

from bench.synth import OCCUPATIONS, PLACES, QUERIES, vacancy
from core.db import connection, create_pool
from core.embedded import ensure_engines
from core.migrate import upgrade
from core.text import name_key
from matching import searching
from matching.embedder import get_embedder
from matching.rules import monthly_wage
from matching.search.base import SearchFilters, Visibility
from matching.search.postgres import PostgresSearch
from matching.searching import build_query

ROOT = Path(__file__).resolve().parent.parent
AGENCIES = 120
SUSPENDED_EVERY = 20  # one agency in twenty is suspended: its vacancies must never show


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
                          today: date) -> None:
    rng = random.Random(start)
    columns = ["agency_id", "employer_id", "external_ref", "title", "description",
               "occupation", "skills", "languages", "country", "city", "wage_amount",
               "wage_currency", "wage_period", "wage_monthly", "hours_per_week", "housing",
               "meals", "contract_months", "positions", "closing_date", "status",
               "verification_code"]
    records = []
    for n in range(start, start + count):
        v = vacancy(rng, n, today=today)
        agency_id, employers = agencies[n % len(agencies)]
        records.append((
            agency_id, employers[v["country"]], f"bench-{n}", v["title"], v["description"],
            v["occupation"], v["skills"], v["languages"], v["country"], v["city"],
            v["wage_amount"], v["wage_currency"], "month",
            monthly_wage(v["wage_amount"], "month", v["hours_per_week"]), v["hours_per_week"],
            "free", "paid", 12, 3, v["closing_date"], "published", secrets.token_hex(6),
        ))
    async with connection(pool) as conn:
        await conn.copy_records_to_table("vacancy", records=records, columns=columns)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host",
         "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=env,
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


def _latency(port: int, requests: int, selective: bool) -> tuple[float, float, int]:
    rng = random.Random(7)
    timings = []
    shown = 0
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        for i in range(requests + 20):
            params: dict[str, Any] = {"q": rng.choice(QUERIES), "k": 10}
            if selective:
                params |= {"country": "KZ", "occupation": rng.choice(OCCUPATIONS).en}
            started = time.perf_counter()
            response = client.get("/search/vacancies", params=params)
            elapsed = (time.perf_counter() - started) * 1000
            response.raise_for_status()
            if i >= 20:  # the first few warm caches up
                timings.append(elapsed)
                shown += len(response.json()["results"])
    return statistics.median(timings), _percentile(timings, 95), shown // requests


async def _hnsw_recall(pool: Any, embedder: Any, today: date, selective: bool) -> float:
    backend = PostgresSearch(pool)
    async with connection(pool) as conn:
        rows = await conn.fetch(
            "SELECT l.agency_id, l.countries FROM licence l WHERE l.status = 'active'")
    visibility = Visibility(today, {r["agency_id"]: frozenset(r["countries"]) for r in rows})
    rng = random.Random(11)
    overlaps = []
    for _ in range(100):
        text = rng.choice(QUERIES) + " " + rng.choice(OCCUPATIONS).en
        filters = SearchFilters(countries=["KZ"], occupation=rng.choice(OCCUPATIONS).en) \
            if selective else SearchFilters()
        vector = embedder.embed([text])[0]
        results = []
        for exact in (False, True):
            results.append([h.vacancy_id for h in await backend.search(build_query(
                text, vector=vector, filters=filters, visibility=visibility, k=10,
                mode="vector", exact=exact))])
        approx, truth = results
        if truth:
            overlaps.append(len(set(approx) & set(truth)) / len(truth))
    return statistics.mean(overlaps)


async def run(sizes: list[int], requests: int) -> list[dict[str, Any]]:
    data_dir = Path(tempfile.mkdtemp(prefix="vt-bench-"))
    engines = ensure_engines(database_url=None, redis_url=None, data_dir=data_dir)
    figures = []
    try:
        upgrade(engines.database_url)
        pool = await create_pool(engines.database_url, max_size=4)
        today = date.today()
        async with connection(pool) as conn:
            agencies = await _seed_agencies(conn, today)
        from core.config import get_settings

        embedder = get_embedder(get_settings().embedding_model)
        sample = [searching.embedding_text({**vacancy(random.Random(1), i, today=today),
                                            "id": i}) for i in range(1024)]
        embedder.embed(sample[:64])
        started = time.perf_counter()
        embedder.embed(sample)
        raw_rate = len(sample) / (time.perf_counter() - started)

        loaded = 0
        backend = PostgresSearch(pool)
        for size in sizes:
            await _load_vacancies(pool, size - loaded, loaded, agencies, today)
            loaded = size
            async with connection(pool) as conn:
                await conn.execute("TRUNCATE vacancy_search")
                await conn.execute("ANALYZE vacancy")
            bar = tqdm(total=size, desc=f"indexing {size:,}", unit="vacancy")
            started = time.perf_counter()
            await searching.reindex(pool, backend=backend, embedder=embedder,
                                    progress=bar.update)
            ingest_rate = size / (time.perf_counter() - started)
            bar.close()
            async with connection(pool) as conn:
                await conn.execute("ANALYZE vacancy_search")

            port = _free_port()
            env = {**os.environ, "DATABASE_URL": engines.database_url,
                   "REDIS_URL": engines.redis_url, "SEARCH_RATE_LIMIT": "1000000/minute",
                   "DATA_DIR": str(data_dir)}
            server = _serve(env, port)
            try:
                p50, p95, shown = _latency(port, requests, selective=False)
                f50, f95, f_shown = _latency(port, requests, selective=True)
            finally:
                server.terminate()
                server.wait(timeout=30)
            figures.append({
                "vacancies": size,
                "search_p50_ms": round(p50, 1), "search_p95_ms": round(p95, 1),
                "filtered_p50_ms": round(f50, 1), "filtered_p95_ms": round(f95, 1),
                "results_per_search": shown, "filtered_results_per_search": f_shown,
                "ingest_per_s": round(ingest_rate, 1),
                "raw_embedding_per_s": round(raw_rate, 1),
                "ingest_ratio": round(ingest_rate / raw_rate, 2),
                "hnsw_recall_at_10": round(await _hnsw_recall(pool, embedder, today, False), 3),
                "hnsw_recall_at_10_filtered": round(
                    await _hnsw_recall(pool, embedder, today, True), 3),
            })
            print(json.dumps(figures[-1]), flush=True)
        await pool.close()
    finally:
        engines.stop()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    figures = asyncio.run(run(sorted(args.sizes), args.requests))
    print(f"\n$ python -m bench.search --sizes {' '.join(map(str, args.sizes))} "
          f"--requests {args.requests}")
    header = ("vacancies", "search p50/p95 ms", "filtered p50/p95 ms", "ingest/s",
              "raw embed/s", "ingest ratio", "HNSW recall@10", "filtered recall@10")
    print(" | ".join(header))
    for f in figures:
        print(" | ".join([
            f"{f['vacancies']:,}", f"{f['search_p50_ms']}/{f['search_p95_ms']}",
            f"{f['filtered_p50_ms']}/{f['filtered_p95_ms']}", str(f["ingest_per_s"]),
            str(f["raw_embedding_per_s"]), str(f["ingest_ratio"]),
            str(f["hnsw_recall_at_10"]), str(f["hnsw_recall_at_10_filtered"]),
        ]))


if __name__ == "__main__":
    main()
