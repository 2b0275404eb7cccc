"""What only the Elasticsearch backend has to get right (the shared contract is elsewhere).

Mappings set in code (explicit vector index options, versioned, behind an alias), the
fallback from language analyzers to `standard`, the exact scan when kNN comes back short,
a failed rebuild that leaves the live index alone, and outages reported as such.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from core.config import get_settings
from matching.search.base import (
    SearchDocument,
    SearchFilters,
    SearchQuery,
    SearchUnavailableError,
    Visibility,
)
from matching.search.elasticsearch import MAPPING_VERSION, ElasticsearchSearch
from tests.es_node import index_name

pytestmark = pytest.mark.asyncio


def _document(vacancy_id: int, *, country: str = "RU", version: int = 1) -> SearchDocument:
    width = get_settings().embedding_dimensions
    vector = np.random.default_rng(vacancy_id).normal(size=width).astype(np.float32)
    return SearchDocument(
        vacancy_id=vacancy_id, agency_id=7, country=country, city_key="moscow",
        occupation_key="welder", languages=["ru"], wage_currency="RUB",
        wage_monthly=Decimal("100000.00"), closing_date=date.today() + timedelta(days=30),
        source_version=version, language="english", title=f"Welder {vacancy_id}",
        body="welding", translit="", embedding=vector / np.linalg.norm(vector))


def _query(vector: Any, **filters: Any) -> SearchQuery:
    return SearchQuery(text="", vector=vector, filters=SearchFilters(**filters),
                       visibility=Visibility(date.today(), {7: frozenset({"RU", "KZ"})}),
                       k=10, mode="vector")


@pytest.fixture
async def engine(es_node: Any) -> Any:
    backend = ElasticsearchSearch(es_node.url, alias=index_name("unit"))
    yield backend
    await backend.close()


async def test_the_index_is_versioned_behind_an_alias_with_explicit_vector_options(engine):
    await engine.upsert([_document(1)])
    [live] = await engine.live_indices()
    assert live.startswith(f"{engine.alias}-v{MAPPING_VERSION}-")
    mapping = (await engine._client.indices.get_mapping(index=live))[live]["mappings"]
    assert mapping["_meta"]["mapping_version"] == MAPPING_VERSION
    vector = mapping["properties"]["embedding"]
    assert vector["index_options"]["type"] == "hnsw"  # not quantized behind our back
    assert (vector["index_options"]["m"], vector["index_options"]["ef_construction"]) == (16, 128)
    # Language analyzers exactly when the node has them (the test node has them, as the
    # full distribution does; the test cluster's nodes do not).
    analyzers = await engine._client.options(ignore_status=400).indices.analyze(
        analyzer="russian", text="сварщики")
    has_russian = "tokens" in analyzers.body
    if has_russian:
        assert [t["token"] for t in analyzers.body["tokens"]] == ["сварщик"]
    assert mapping["_meta"]["language_analyzers"] is has_russian
    assert ("fields" in mapping["properties"]["title"]) is has_russian


async def test_a_short_knn_answer_falls_back_to_the_exact_scan(engine, monkeypatch):
    documents = [_document(i, country="KZ" if i % 10 == 0 else "RU") for i in range(1, 61)]
    await engine.upsert(documents)
    query_vector = documents[0].embedding

    async def starving_knn(query: SearchQuery, limit: int) -> list[tuple[int, float]]:
        return []  # a graph walk that found nothing that passes the filter

    monkeypatch.setattr(engine, "_knn", starving_knn)
    hits = await engine.search(_query(query_vector, countries=["KZ"]))
    kz = sorted((d for d in documents if d.country == "KZ"),
                key=lambda d: -float(np.dot(d.embedding, query_vector)))
    assert [h.vacancy_id for h in hits] == [d.vacancy_id for d in kz]
    assert hits[0].similarity == pytest.approx(float(np.dot(kz[0].embedding, query_vector)),
                                               abs=1e-4)


async def test_the_exact_scan_keeps_the_best_across_its_pages(engine, monkeypatch):
    from matching.search import elasticsearch as module

    documents = [_document(i) for i in range(1, 61)]
    await engine.upsert(documents)
    monkeypatch.setattr(module, "_SCAN_PAGE", 7)  # 60 vacancies: nine pages, the last short
    query_vector = documents[41].embedding
    hits = await engine.search(replace(_query(query_vector), exact=True))
    best = sorted(documents, key=lambda d: -float(np.dot(d.embedding, query_vector)))[:10]
    assert [h.vacancy_id for h in hits] == [d.vacancy_id for d in best]
    assert hits[0].vacancy_id == 42


async def test_a_rebuilt_index_takes_writes_and_refreshes_like_the_first(engine):
    await engine.upsert([_document(1), _document(2)])
    [first] = await engine.live_indices()
    async with engine.rebuild() as fresh:
        await fresh.upsert([_document(1, version=2)])
        await engine.upsert([_document(3)])  # relayed meanwhile: reaches both indices
    [live] = await engine.live_indices()
    assert live != first
    assert not await engine._client.indices.exists(index=first)
    settings = await engine._client.indices.get_settings(index=live)
    assert settings[live]["settings"]["index"].get("refresh_interval") in (None, "1s")
    assert await engine.indexed_versions([1, 2, 3]) == {1: 2, 3: 1}
    # It went live merged: a small index into one segment, one vector graph to walk.
    segments = await engine._client.indices.segments(index=live)
    [[shard]] = segments["indices"][live]["shards"].values()
    assert shard["num_search_segments"] == 1
    started = time.monotonic()
    await engine.upsert([_document(4)])  # waits for a refresh: must not hang
    assert time.monotonic() - started < 120  # (a hang guard: it would wait for ever)
    hits = await engine.search(_query(_document(4).embedding))
    assert hits[0].vacancy_id == 4


async def test_a_large_rebuilt_index_is_merged_into_segments_it_can_merge_again() -> None:
    from matching.search.elasticsearch import _segments_after_rebuild

    assert [_segments_after_rebuild(n) for n in (0, 1, 250_000)] == [1, 1, 1]
    assert [_segments_after_rebuild(n) for n in (250_001, 1_000_000)] == [2, 4]


async def test_a_failed_rebuild_leaves_the_live_index_answering(engine):
    await engine.upsert([_document(1), _document(2)])
    live = await engine.live_indices()
    with pytest.raises(RuntimeError, match="embedding failed"):
        async with engine.rebuild() as fresh:
            await fresh.upsert([_document(1)])
            raise RuntimeError("embedding failed")
    assert await engine.live_indices() == live
    assert await engine.count() == 2
    aliases = await engine._aliased()
    assert aliases[engine.alias + "-building"] == []


async def test_an_unreachable_engine_is_reported_as_unavailable_at_once():
    port = 1  # nothing listens there
    backend = ElasticsearchSearch(f"http://127.0.0.1:{port}", alias="vacancies", timeout=2)
    try:
        started = time.monotonic()
        with pytest.raises(SearchUnavailableError):
            await backend.search(_query(_document(1).embedding))
        with pytest.raises(SearchUnavailableError):
            await backend.upsert([_document(1)])
        assert time.monotonic() - started < 10
    finally:
        await backend.close()


async def test_elasticsearch_url_selects_the_backend_unless_told_otherwise(monkeypatch):
    from core.config import Settings

    monkeypatch.delenv("SEARCH_BACKEND", raising=False)
    monkeypatch.setenv("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
    assert Settings().search_backend == "elasticsearch"
    monkeypatch.setenv("SEARCH_BACKEND", "postgres")
    assert Settings().search_backend == "postgres"
    monkeypatch.delenv("ELASTICSEARCH_URL")
    monkeypatch.setenv("SEARCH_BACKEND", "elasticsearch")
    with pytest.raises(ValueError, match="ELASTICSEARCH_URL"):
        Settings()
