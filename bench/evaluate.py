"""Search quality on our labelled set: recall@k and MRR for keyword, vector and hybrid search.

Runs against its own embedded PostgreSQL in a temporary folder, with the configured
embedding model, so the figures come from the same code path as a real search:

    .venv/bin/python -m bench.evaluate            # the table
    .venv/bin/python -m bench.evaluate --json     # the same figures as JSON
    .venv/bin/python -m bench.evaluate --misses   # also each query a mode gets wrong
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import os
import shlex
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

import numpy as np
from tqdm import tqdm

from core.config import get_settings
from core.db import create_pool
from core.embedded import start_postgres
from core.migrate import upgrade
from matching.embedder import Embedder, get_embedder
from matching.search.base import Mode, SearchBackend, SearchFilters, Visibility
from matching.search.postgres import PostgresSearch
from matching.searching import build_document, build_query, embedding_text, text_language

EVAL_DIR = Path(__file__).resolve().parent / "eval"
MODES: tuple[Mode, ...] = ("keyword", "vector", "hybrid")
# Query languages: English, Russian (in Cyrillic or Latin letters), Kyrgyz, Uzbek (Latin
# letters), Tajik.
LANGUAGES = ("en", "ru", "ky", "uz", "tg")
ADVERT_LANGUAGE = {"english": "en", "russian": "ru"}


@dataclass(frozen=True)
class Group:
    """Queries in `languages`, judged on their relevant adverts written in `adverts`
    (all of them when None): "ru→en" is what a Russian query finds among English adverts."""

    name: str
    languages: tuple[str, ...]
    adverts: str | None = None


GROUPS = (
    Group("all", LANGUAGES), Group("en", ("en",)), Group("ru", ("ru",)),
    Group("ky", ("ky",)), Group("uz", ("uz",)), Group("tg", ("tg",)),
    Group("en→en", ("en",), "en"), Group("en→ru", ("en",), "ru"),
    Group("ru→ru", ("ru",), "ru"), Group("ru→en", ("ru",), "en"),
)
AGENCY_ID = 1
FAR_FUTURE = date(2099, 12, 31)
assert set(MODES) == set(get_args(Mode))


@dataclass(frozen=True)
class Query:
    id: int
    text: str
    language: str
    relevant: frozenset[int]
    countries: tuple[str, ...]


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_queries(path: Path) -> list[Query]:
    return [
        Query(id=q["id"], text=q["text"], language=q["language"],
              relevant=frozenset(q["relevant"]),
              countries=tuple(q.get("filters", {}).get("countries", ())))
        for q in load_jsonl(path)
    ]


def check_set(vacancies: list[dict[str, Any]], queries: list[Query]) -> None:
    """Refuse a set whose labels name unknown vacancies or ones the query's filter excludes."""
    country = {v["id"]: v["country"] for v in vacancies}
    assert len(country) == len(vacancies), "duplicate vacancy ids"
    assert len({q.id for q in queries}) == len(queries), "duplicate query ids"
    for q in queries:
        assert q.language in LANGUAGES, f"query {q.id}: language {q.language!r}"
        assert 1 <= len(q.relevant) <= 6, f"query {q.id}: {len(q.relevant)} relevant"
        unknown = [v for v in q.relevant if v not in country]
        assert not unknown, f"query {q.id}: unknown vacancies {unknown}"
        outside = [v for v in q.relevant if q.countries and country[v] not in q.countries]
        assert not outside, f"query {q.id}: relevant {outside} outside its country filter"


def vacancy_row(vacancy: dict[str, Any]) -> dict[str, Any]:
    """The row shape matching.searching expects from the vacancies table."""
    return {
        "id": vacancy["id"], "agency_id": AGENCY_ID, "title": vacancy["title"],
        "description": vacancy["description"], "occupation": vacancy["occupation"],
        "skills": vacancy["skills"], "languages": vacancy["languages"],
        "country": vacancy["country"], "city": vacancy["city"],
        "wage_currency": vacancy["wage_currency"],
        "wage_monthly": Decimal(str(vacancy["wage_amount"])),
        "closing_date": FAR_FUTURE, "version": 1,
    }


def embed(embedder: Embedder, texts: list[str], what: str, batch: int = 32) -> np.ndarray:
    parts = [embedder.embed(texts[i:i + batch])
             for i in tqdm(range(0, len(texts), batch), desc=f"embedding {what}", unit="batch")]
    return np.concatenate(parts)


def recall(ranked: Sequence[int], relevant: frozenset[int]) -> float:
    return len(relevant.intersection(ranked)) / len(relevant)


def reciprocal_rank(ranked: Sequence[int], relevant: frozenset[int]) -> float:
    return next((1.0 / i for i, v in enumerate(ranked, start=1) if v in relevant), 0.0)


def advert_languages(vacancies: list[dict[str, Any]]) -> dict[int, str]:
    """Each advert's language ("en" or "ru"), as the index decides it."""
    return {v["id"]: ADVERT_LANGUAGE[text_language(f"{v['title']} {v['description']}")]
            for v in vacancies}


async def run_queries(backend: SearchBackend, queries: list[Query], vectors: np.ndarray,
                      countries: frozenset[str], k: int) -> dict[Mode, dict[int, list[int]]]:
    """Every query in every mode: mode -> query id -> the ranked vacancy ids."""
    visibility = Visibility(today=date.today(), recruiting={AGENCY_ID: countries})
    results: dict[Mode, dict[int, list[int]]] = {m: {} for m in MODES}
    with tqdm(total=len(queries) * len(MODES), desc="searching", unit="query") as bar:
        for query, vector in zip(queries, vectors, strict=True):
            for mode in MODES:
                hits = await backend.search(build_query(
                    query.text, vector=vector,
                    filters=SearchFilters(countries=query.countries),
                    visibility=visibility, k=k, mode=mode,
                ))
                results[mode][query.id] = [h.vacancy_id for h in hits]
                bar.update()
    return results


def score(queries: list[Query], results: dict[Mode, dict[int, list[int]]],
          languages: dict[int, str]) -> dict[str, dict[str, Any]]:
    """group -> {"n": queries, mode: {"recall": mean recall@k, "mrr": mean reciprocal rank}}.

    A group that looks at adverts of one language judges each query on its relevant
    adverts in that language alone, and leaves out the queries that have none."""
    figures: dict[str, dict[str, Any]] = {}
    for group in GROUPS:
        judged = [(q, frozenset(v for v in q.relevant
                                if group.adverts in (None, languages[v])))
                  for q in queries if q.language in group.languages]
        judged = [(q, relevant) for q, relevant in judged if relevant]
        entry: dict[str, Any] = {"n": len(judged)}
        for mode in MODES:
            ranked = results[mode]
            entry[mode] = {
                "recall": float(np.mean([recall(ranked[q.id], relevant)
                                         for q, relevant in judged])) if judged else 0.0,
                "mrr": float(np.mean([reciprocal_rank(ranked[q.id], relevant)
                                      for q, relevant in judged])) if judged else 0.0,
            }
        figures[group.name] = entry
    return figures


def command_line() -> str:
    python = os.path.relpath(sys.executable)
    if python.startswith(".."):
        python = sys.executable
    return shlex.join([python, "-m", "bench.evaluate", *sys.argv[1:]])


def table(figures: dict[str, dict[str, Any]], k: int) -> str:
    header = f"{'queries':<8}{'n':>4}  " + "  ".join(
        f"{mode + ' R@' + str(k):>13} {mode + ' MRR':>12}" for mode in MODES)
    lines = [header, "-" * len(header)]
    for group in GROUPS:
        entry = figures[group.name]
        cells = "  ".join(f"{entry[m]['recall']:>13.3f} {entry[m]['mrr']:>12.3f}"
                          for m in MODES)
        lines.append(f"{group.name:<8}{entry['n']:>4}  {cells}")
    return "\n".join(lines)


def misses(queries: list[Query], results: dict[Mode, dict[int, list[int]]],
           titles: dict[int, str]) -> str:
    """Queries where some mode misses a relevant vacancy, with each mode's top three."""
    lines = []
    for q in queries:
        if all(recall(results[m][q.id], q.relevant) == 1.0 for m in MODES):
            continue
        lines.append(f"\n#{q.id} [{q.language}] {q.text!r}  relevant={sorted(q.relevant)}")
        for mode in MODES:
            ranked = results[mode][q.id]
            found = [f"{v}@{i}" for i, v in enumerate(ranked, start=1) if v in q.relevant]
            top = "; ".join(f"{v} {titles[v][:28]}" for v in ranked[:3])
            lines.append(f"  {mode:<8} R={recall(ranked, q.relevant):.2f} "
                         f"found={','.join(found) or '-'}  top: {top}")
    return "\n".join(lines)


async def evaluate(database_url: str, embedder: Embedder, vacancies: list[dict[str, Any]],
                   queries: list[Query], k: int) -> dict[Mode, dict[int, list[int]]]:
    rows = [vacancy_row(v) for v in vacancies]
    vectors = embed(embedder, [embedding_text(r) for r in rows], "vacancies")
    query_vectors = embedder.embed_queries([q.text for q in queries])  # as searches do
    pool = await create_pool(database_url, max_size=2)
    try:
        backend = PostgresSearch(pool)
        await backend.upsert([build_document(r, v) for r, v in zip(rows, vectors, strict=True)])
        assert await backend.count() == len(rows)
        countries = frozenset(v["country"] for v in vacancies)
        return await run_queries(backend, queries, query_vectors, countries, k)
    finally:
        await pool.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.evaluate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true",
                        help="also list the queries a mode does not fully answer")
    parser.add_argument("-k", type=int, default=10, help="results per query (default 10)")
    args = parser.parse_args(argv)

    vacancies = load_jsonl(EVAL_DIR / "vacancies.jsonl")
    queries = load_queries(EVAL_DIR / "queries.jsonl")
    check_set(vacancies, queries)
    model = get_settings().embedding_model
    embedder = get_embedder(model)

    # Short path: the server's unix socket lives in it. Removed at exit, after pgserver's
    # own exit handler (registered later, so run earlier) has left its lock file there.
    data_dir = Path(tempfile.mkdtemp(prefix="vt-eval-"))
    atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
    server = None
    try:
        database_url, server = start_postgres(data_dir)
        upgrade(database_url)
        results = asyncio.run(evaluate(database_url, embedder, vacancies, queries, args.k))
    finally:
        if server is not None:
            server.cleanup()

    figures = score(queries, results, advert_languages(vacancies))
    if args.json:
        print(json.dumps({"command": command_line(), "model": model, "k": args.k,
                          "vacancies": len(vacancies), "groups": figures}, indent=2))
        return
    print(f"$ {command_line()}")
    print(f"model {model}, {len(vacancies)} vacancies, {len(queries)} queries, k={args.k}\n")
    print(table(figures, args.k))
    if args.misses:
        print(misses(queries, results, {v["id"]: v["title"] for v in vacancies}))


if __name__ == "__main__":
    main()
