"""Search quality on our labelled set: recall@k and MRR for keyword, vector and hybrid search.

Runs against its own embedded PostgreSQL (or Elasticsearch node) in a temporary folder, with
the configured embedding model, so the figures come from the same code path as a real search:

    .venv/bin/python -m bench.evaluate            # the table
    .venv/bin/python -m bench.evaluate --json     # the same figures as JSON
    .venv/bin/python -m bench.evaluate --misses   # also each query a mode gets wrong
    .venv/bin/python -m bench.evaluate --split tune   # the half that settings are tuned on
    .venv/bin/python -m bench.evaluate --backend elasticsearch   # on a node of its own

The queries are judged by occupation: a query names an occupation (in English, Russian,
Kyrgyz, Uzbek or Tajik, misspelt, or Russian typed in Latin letters) and every advert of
that occupation is relevant; a cross-language query counts only the adverts in the other
language; an absent occupation has no relevant advert and the right answer is none. Odd
query ids are the held-out half the figures are reported on, even ids the half settings
may be tuned on, so a figure never comes from the data that chose it.
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
from collections.abc import Mapping, Sequence
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
from matching.occupations import Occupation
from matching.search.base import Hit, Mode, SearchBackend, SearchFilters, Visibility
from matching.search.elasticsearch import ElasticsearchSearch
from matching.search.postgres import PostgresSearch
from matching.searching import (
    build_document,
    build_query,
    embedding_text,
    is_match,
    near_enough,
    ranked_hits,
    vacancy_occupation,
)
from tools.es_node import EsNode, unavailable_reason

EVAL_DIR = Path(__file__).resolve().parent / "eval"
MODES: tuple[Mode, ...] = ("keyword", "vector", "hybrid")
QUERY_LANGUAGES = ("en", "ru", "ky", "uz", "tg")
QUERY_GROUPS = ("same", "cross", "typo", "translit", "absent")
# Report rows: all answerable queries, each language's own-language queries, then the
# kinds of query that test more than one language.
GROUPS = ("all", *QUERY_LANGUAGES, "cross", "typo", "translit")
SPLITS = ("held", "tune", "all")
AGENCY_ID = 1
FAR_FUTURE = date(2099, 12, 31)
assert set(MODES) == set(get_args(Mode))


@dataclass(frozen=True)
class Query:
    id: int
    text: str
    language: str
    group: str
    relevant: frozenset[int]
    # Right answers too, but not the ones the query is about: a cross-language query's
    # adverts in its own language. They are left out of its ranking, neither counted
    # nor in the way.
    also: frozenset[int]
    countries: tuple[str, ...]


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_queries(path: Path) -> list[Query]:
    return [
        Query(id=q["id"], text=q["text"], language=q["language"],
              group=q.get("group", "same"), relevant=frozenset(q["relevant"]),
              also=frozenset(q.get("also", ())),
              countries=tuple(q.get("filters", {}).get("countries", ())))
        for q in load_jsonl(path)
    ]


def check_set(vacancies: list[dict[str, Any]], queries: list[Query]) -> None:
    """Refuse a set whose labels name unknown vacancies or ones the query's filter excludes."""
    country = {v["id"]: v["country"] for v in vacancies}
    assert len(country) == len(vacancies), "duplicate vacancy ids"
    assert len({q.id for q in queries}) == len(queries), "duplicate query ids"
    for q in queries:
        assert q.language in QUERY_LANGUAGES, f"query {q.id}: language {q.language!r}"
        assert q.group in QUERY_GROUPS, f"query {q.id}: group {q.group!r}"
        if q.group == "absent":
            assert not q.relevant, f"query {q.id}: an absent occupation has no relevant advert"
        else:
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


def in_split(query: Query, split: str) -> bool:
    return split == "all" or (query.id % 2 == 1) == (split == "held")


def in_group(query: Query, group: str) -> bool:
    if query.group == "absent":
        return False
    if group == "all":
        return True
    if group in QUERY_LANGUAGES:
        return query.group == "same" and query.language == group
    return query.group == group


def judged(ranked: Sequence[int], query: Query) -> list[int]:
    return [v for v in ranked if v not in query.also]


def recall(ranked: Sequence[int], relevant: frozenset[int]) -> float:
    return len(relevant.intersection(ranked)) / len(relevant)


def reciprocal_rank(ranked: Sequence[int], relevant: frozenset[int]) -> float:
    return next((1.0 / i for i, v in enumerate(ranked, start=1) if v in relevant), 0.0)


Ranked = dict[Mode, dict[int, list[Hit]]]


async def run_queries(backend: SearchBackend, queries: list[Query], vectors: np.ndarray,
                      countries: frozenset[str], k: int) -> Ranked:
    """Every query in every mode, before the relevance floor: mode -> query id -> hits
    (a hit that came for an occupation the query names has the part "occupation")."""
    visibility = Visibility(today=date.today(), recruiting={AGENCY_ID: countries})
    results: Ranked = {m: {} for m in MODES}
    with tqdm(total=len(queries) * len(MODES), desc="searching", unit="query") as bar:
        for query, vector in zip(queries, vectors, strict=True):
            for mode in MODES:
                hits, asked = await ranked_hits(backend, build_query(
                    query.text, vector=vector,
                    filters=SearchFilters(countries=query.countries),
                    visibility=visibility, k=k, mode=mode,
                ), min_similarity=0.0)
                for hit in hits:
                    if hit.vacancy_id in asked:
                        hit.parts = {**hit.parts, "occupation": 1.0}
                results[mode][query.id] = hits
                bar.update()
    return results


def with_floor(results: Ranked, floor: float, occupation_of: Mapping[int, Occupation | None]
               ) -> dict[Mode, dict[int, list[int]]]:
    """The ranked vacancy ids: the hybrid ranking as a search shows it, with the relevance
    floor at `floor` (`occupation_of`: each vacancy's occupation); each leg alone as it
    ranks, for comparison."""
    return {mode: {qid: [h.vacancy_id for h in hits
                         if mode != "hybrid" or "occupation" in h.parts
                         or (is_match(h, floor)
                             and near_enough(h, occupation_of[h.vacancy_id], floor))]
                   for qid, hits in by_query.items()}
            for mode, by_query in results.items()}


def floor_sweep(queries: list[Query], results: Ranked, floors: Sequence[float],
                occupation_of: Mapping[int, Occupation | None]) -> str:
    """For each floor: the share of absent-occupation queries answered "no job matches",
    and the share of answerable queries that lose a right answer they had without it."""
    unfloored = with_floor(results, 0.0, occupation_of)["hybrid"]
    absent = [q for q in queries if q.group == "absent"]
    answerable = [q for q in queries if q.group != "absent"]
    lines = [f"{'floor':>6} {'absent: none':>13} {'answerable: lost':>17}"]
    for floor in floors:
        shown = with_floor(results, floor, occupation_of)["hybrid"]
        none = np.mean([not shown[q.id] for q in absent]) if absent else float("nan")
        lost = np.mean([recall(shown[q.id], q.relevant) < recall(unfloored[q.id], q.relevant)
                        for q in answerable])
        lines.append(f"{floor:>6.2f} {none:>13.3f} {lost:>17.3f}")
    return "\n".join(lines)


def score(queries: list[Query], results: dict[Mode, dict[int, list[int]]]
          ) -> dict[str, dict[str, Any]]:
    """group -> {"n": queries, mode: {"recall": mean recall@k, "mrr": mean reciprocal rank,
    "wrong": mean count of results that are no right answer}}."""
    figures: dict[str, dict[str, Any]] = {}
    for group in GROUPS:
        chosen = [q for q in queries if in_group(q, group)]
        entry: dict[str, Any] = {"n": len(chosen)}
        if not chosen:
            continue
        for mode in MODES:
            ranked = results[mode]
            entry[mode] = {
                "recall": float(np.mean([recall(judged(ranked[q.id], q), q.relevant)
                                         for q in chosen])),
                "mrr": float(np.mean([reciprocal_rank(judged(ranked[q.id], q), q.relevant)
                                      for q in chosen])),
                # Results shown that are no right answer: another trade offered as one.
                "wrong": float(np.mean([len(set(judged(ranked[q.id], q)) - q.relevant)
                                        for q in chosen])),
            }
        figures[group] = entry
    absent = [q for q in queries if q.group == "absent"]
    if absent:
        figures["absent"] = {"n": len(absent), **{
            mode: {"none": float(np.mean([not results[mode][q.id] for q in absent]))}
            for mode in MODES}}
    return figures


def command_line() -> str:
    python = os.path.relpath(sys.executable)
    if python.startswith(".."):
        python = sys.executable
    return shlex.join([python, "-m", "bench.evaluate", *sys.argv[1:]])


def table(figures: dict[str, dict[str, Any]], k: int) -> str:
    header = f"{'queries':<8}{'n':>4}  " + "  ".join(
        f"{mode + ' R@' + str(k):>13} {mode + ' MRR':>12}" for mode in MODES) + \
        f"  {'hybrid wrong':>12}"
    lines = [header, "-" * len(header)]
    for group in GROUPS:
        if group not in figures:
            continue
        entry = figures[group]
        cells = "  ".join(f"{entry[m]['recall']:>13.3f} {entry[m]['mrr']:>12.3f}"
                          for m in MODES)
        lines.append(f"{group:<8}{entry['n']:>4}  {cells}  {entry['hybrid']['wrong']:>12.2f}")
    if "absent" in figures:
        entry = figures["absent"]
        cells = "  ".join(f"{'none ' + format(entry[m]['none'], '.3f'):>26}" for m in MODES)
        lines.append(f"{'absent':<8}{entry['n']:>4}  {cells}")
    return "\n".join(lines)


def misses(queries: list[Query], results: dict[Mode, dict[int, list[int]]],
           titles: dict[int, str]) -> str:
    """Queries where some mode misses a relevant vacancy, with each mode's top three, and
    absent occupations the served ranking offers vacancies for."""
    lines = []
    for q in queries:
        if not q.relevant:
            # An absent occupation: missed when the served ranking offers anything.
            if results["hybrid"][q.id]:
                top = "; ".join(f"{v} {titles[v][:28]}" for v in results["hybrid"][q.id][:3])
                lines.append(f"\n#{q.id} [{q.language}] {q.text!r}  relevant=none\n"
                             f"  hybrid   offers {len(results['hybrid'][q.id])}  top: {top}")
            continue
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


async def evaluate(engine_url: str, embedder: Embedder, vacancies: list[dict[str, Any]],
                   queries: list[Query], k: int, *, elasticsearch: bool = False) -> Ranked:
    """The rankings on the PostgreSQL at `engine_url`, or on the Elasticsearch node there."""
    rows = [vacancy_row(v) for v in vacancies]
    vectors = embed(embedder, [embedding_text(r) for r in rows], "vacancies")
    query_vectors = embedder.embed_queries([q.text for q in queries])  # as searches do
    pool = None if elasticsearch else await create_pool(engine_url, max_size=2)
    backend: SearchBackend = PostgresSearch(pool) if pool is not None else \
        ElasticsearchSearch(engine_url, alias="vacancies-eval")
    try:
        await backend.upsert([build_document(r, v) for r, v in zip(rows, vectors, strict=True)])
        assert await backend.count() == len(rows)
        countries = frozenset(v["country"] for v in vacancies)
        return await run_queries(backend, queries, query_vectors, countries, k)
    finally:
        await backend.close()
        if pool is not None:
            await pool.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.evaluate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true",
                        help="also list the queries a mode does not fully answer")
    parser.add_argument("-k", type=int, default=10, help="results per query (default 10)")
    parser.add_argument("--floors", action="store_true",
                        help="instead of the table: what each relevance floor would do")
    parser.add_argument("--split", choices=SPLITS, default="held",
                        help="held: odd query ids, the half figures are reported on (default); "
                             "tune: even ids, the half settings may be tuned on; all")
    parser.add_argument("--backend", choices=("postgres", "elasticsearch"), default="postgres",
                        help="the engine searched (elasticsearch: a node started for the run "
                             "from tools/es-node)")
    args = parser.parse_args(argv)

    vacancies = load_jsonl(EVAL_DIR / "vacancies.jsonl")
    every_query = load_queries(EVAL_DIR / "queries.jsonl")
    check_set(vacancies, every_query)
    queries = [q for q in every_query if in_split(q, args.split)]
    model = get_settings().embedding_model
    embedder = get_embedder(model)

    # Short path: the server's unix socket lives in it. Removed at exit, after pgserver's
    # own exit handler (registered later, so run earlier) has left its lock file there.
    data_dir = Path(tempfile.mkdtemp(prefix="vt-eval-"))
    atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
    server = None
    es: EsNode | None = None
    try:
        if args.backend == "elasticsearch":
            if reason := unavailable_reason():
                raise SystemExit(f"cannot run the Elasticsearch node: {reason}")
            es = EsNode(data_dir / "es", heap="512m").start()
            engine_url = es.url
        else:
            engine_url, server = start_postgres(data_dir)
            upgrade(engine_url)
        results = asyncio.run(evaluate(engine_url, embedder, vacancies, queries, args.k,
                                       elasticsearch=es is not None))
    finally:
        if es is not None:
            es.stop()
        if server is not None:
            server.cleanup()

    occupation_of = {v["id"]: vacancy_occupation(vacancy_row(v)) for v in vacancies}
    if args.floors:
        print(f"$ {command_line()}")
        print(f"model {model}, {len(queries)} queries ({args.split} half), k={args.k}\n")
        print(floor_sweep(queries, results, [x / 100 for x in range(0, 62, 2)], occupation_of))
        return
    floor = get_settings().search_min_similarity
    ranked = with_floor(results, floor, occupation_of)
    figures = score(queries, ranked)
    if args.json:
        print(json.dumps({"command": command_line(), "model": model, "k": args.k,
                          "split": args.split, "backend": args.backend,
                          "vacancies": len(vacancies), "groups": figures}, indent=2))
        return
    print(f"$ {command_line()}")
    print(f"model {model}, {args.backend}, {len(vacancies)} vacancies, {len(queries)} "
          f"queries ({args.split} half), k={args.k}, relevance floor {floor}\n")
    print(table(figures, args.k))
    if args.misses:
        print(misses(queries, ranked, {v["id"]: v["title"] for v in vacancies}))


if __name__ == "__main__":
    main()
