"""Two versions of the search served side by side on one index, timed in alternating rounds.

Runs of `bench.search` an hour apart differ by more than most changes (the same code's
p50 has moved 30% with the machine): this compares the code of this checkout against
another checkout of the project (`--against`, a `git worktree` of the commit before, say)
on the same index and the same hour. Both APIs serve from the same engines with the query
cache off; each round times `--per-round` searches one at a time, the same number with a
country and occupation filter, and 8 clients at once, on each server in turn, the order
alternating; the CPU time of each API process and of the engine over its rounds is
counted, per search.

    python -m bench.compare --against ../before --size 100000 --backend postgres
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import tempfile
from pathlib import Path
from typing import Any

import psutil

from bench.search import (
    CLIENTS,
    ROOT,
    _build_postgres,
    _concurrent,
    _elasticsearch,
    _free_port,
    _ingest,
    _latency,
    _load_vacancies,
    _serve,
    backend_alias,
    open_lab,
)
from core.db import connection
from core.embedded import ensure_engines
from matching.search.postgres import PostgresSearch
from tools.es_node import EsNode


def _cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def _engine_cpu(name: str) -> dict[int, float]:
    """CPU seconds of each of the engine's processes now: every PostgreSQL process (one a
    connection), or the Elasticsearch node's JVM."""
    found: dict[int, float] = {}
    for process in psutil.process_iter(["name", "cmdline", "cpu_times"]):
        command = " ".join(process.info["cmdline"] or ())
        ours = "org.elasticsearch" in command if name == "elasticsearch" else (
            process.info["name"] == "postgres" or command.startswith("postgres:"))
        if ours and process.info["cpu_times"] is not None:
            found[process.pid] = process.info["cpu_times"].user + process.info["cpu_times"].system
    return found


def _engine_spent(name: str, before: dict[int, float]) -> float:
    """CPU seconds the engine spent since `before` (a process started since counts whole)."""
    return sum(now - before.get(pid, 0.0) for pid, now in _engine_cpu(name).items())


async def run(args: argparse.Namespace) -> dict[str, dict[str, list[float]]]:
    data_dir = Path(tempfile.mkdtemp(prefix="vt-compare-"))
    es = EsNode(data_dir / "es", heap=args.es_heap).start() \
        if args.backend == "elasticsearch" else None
    engines = ensure_engines(database_url=None, redis_url=None, data_dir=data_dir)
    servers: dict[str, Any] = {}
    try:
        pool, today, agencies, embedder = await open_lab(engines, args.vector_cache)
        embedder.replay = True
        await _load_vacancies(pool, args.size, 0, agencies, today)
        env = {**os.environ, "DATABASE_URL": engines.database_url,
               "REDIS_URL": engines.redis_url, "SEARCH_RATE_LIMIT": "1000000/minute",
               "DATA_DIR": str(data_dir), "SEARCH_BACKEND": args.backend,
               "EMBEDDING_QUERY_CACHE": "0"}
        env.pop("ELASTICSEARCH_URL", None)
        async with connection(pool) as conn:
            await conn.execute("ANALYZE vacancy")
        if es is None:
            await _build_postgres(pool, PostgresSearch(pool), embedder, args.size)
        else:
            backend = _elasticsearch(es.url, "compare")
            await _ingest(pool, backend, embedder, args.size, "elasticsearch")
            env |= {"ELASTICSEARCH_URL": es.url, "ELASTICSEARCH_INDEX": backend_alias(backend)}
            await backend.close()
        async with connection(pool) as conn:
            await conn.execute("ANALYZE vacancy_search")
        await pool.close()
        for label, root in (("this", ROOT), ("against", args.against.resolve())):
            port = _free_port()
            servers[label] = (_serve(env, port, root=root), port)
        figures: dict[str, dict[str, list[float]]] = {label: {} for label in servers}
        order = list(servers)
        for round_ in range(args.rounds):
            for label in order if round_ % 2 == 0 else order[::-1]:
                process, port = servers[label]
                api = psutil.Process(process.pid)
                api_cpu, engine_cpu = _cpu_seconds([api]), _engine_cpu(args.backend)
                one = _latency(port, args.per_round, selective=False, warm_up=20)
                filtered = _latency(port, args.per_round, selective=True, warm_up=20)
                many = _concurrent(port, CLIENTS, max(5, args.per_round // CLIENTS))
                searches = 2 * (args.per_round + 20) + CLIENTS * max(5, args.per_round // CLIENTS)
                row = figures[label]
                for key, value in (
                        ("p50", one[0]), ("p95", one[1]), ("filtered p50", filtered[0]),
                        ("filtered p95", filtered[1]), ("8 clients p95", many[1]),
                        ("8 clients searches/s", many[2]),
                        ("API CPU ms a search", (_cpu_seconds([api]) - api_cpu) * 1000 / searches),
                        ("engine CPU ms a search",
                         _engine_spent(args.backend, engine_cpu) * 1000 / searches)):
                    row.setdefault(key, []).append(value)
            print(f"round {round_ + 1} of {args.rounds}", flush=True)
        return figures
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait(timeout=30)
        engines.stop()
        if es is not None:
            es.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, required=True,
                        help="another checkout of the project, served beside this one")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--backend", choices=["postgres", "elasticsearch"], default="postgres")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--per-round", type=int, default=60)
    parser.add_argument("--es-heap", default="1g")
    parser.add_argument("--vector-cache", type=Path, default=ROOT / ".data" / "bench-vectors")
    args = parser.parse_args()
    figures = asyncio.run(run(args))
    print(f"\n{args.size:,} vacancies, {args.backend}, {args.rounds} rounds alternating; "
          f"medians over the rounds (this checkout against {args.against})")
    for key in figures["this"]:
        this = statistics.median(figures["this"][key])
        against = statistics.median(figures["against"][key])
        print(f"{key:24s} {against:8.1f} -> {this:8.1f}")


if __name__ == "__main__":
    main()
