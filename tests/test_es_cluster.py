"""Elasticsearch as a cluster: the index spread over two nodes, and a node lost.

The search contract itself runs on the same two-node cluster (test_search_contract.py,
`elasticsearch-cluster`); here is what only a cluster has: where the shards and their
copies lie, and searches and writes that go on when one node stops.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

import pytest

from matching.search.elasticsearch import ElasticsearchSearch
from tests.es_node import index_name
from tests.test_es_backend import _document, _query

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def engine(es_cluster: Any) -> Any:
    backend = ElasticsearchSearch(",".join(es_cluster.urls), alias=index_name("cluster"),
                                  shards=2, replicas=1)
    yield backend
    await backend.close()


async def _copies(engine: ElasticsearchSearch) -> dict[int, dict[str, str]]:
    """Each shard of the live index: {"p" or "r": node} of its started copies."""
    [live] = await engine.live_indices()
    rows = (await engine._client.cat.shards(index=live, format="json")).body
    copies: dict[int, dict[str, str]] = defaultdict(dict)
    for row in rows:
        if row["state"] == "STARTED":
            copies[int(row["shard"])][row["prirep"]] = row["node"]
    return dict(copies)


async def test_the_index_lies_in_two_shards_each_with_a_copy_on_the_other_node(
        engine, es_cluster):
    await engine.upsert([_document(i) for i in range(1, 41)])
    await asyncio.to_thread(es_cluster.wait_for, status="green", nodes=2)
    copies = await _copies(engine)
    assert sorted(copies) == [0, 1]
    for shard in copies.values():
        assert set(shard) == {"p", "r"}
        assert shard["p"] != shard["r"]  # never a shard and its copy on one node
    # Both nodes hold data, and searches reach every shard.
    assert {node for shard in copies.values() for node in shard.values()} == {"es-1", "es-2"}
    assert await engine.count() == 40
    hits = await engine.search(_query(_document(17).embedding))
    assert hits[0].vacancy_id == 17


async def test_searches_and_writes_go_on_when_a_node_stops(engine, es_cluster):
    documents = [_document(i) for i in range(1, 41)]
    await engine.upsert(documents)
    await asyncio.to_thread(es_cluster.wait_for, status="green", nodes=2)
    # The node that is not master: with two master-eligible nodes, losing the master
    # leaves no majority to elect another (three nodes in production ride that out).
    master = await asyncio.to_thread(es_cluster.master)
    [lost] = [node for node in es_cluster.nodes if node is not master]
    await asyncio.to_thread(lost.stop)
    try:
        health = await asyncio.to_thread(es_cluster.wait_for, status="yellow", nodes=1,
                                         via=master)
        assert health["unassigned_primary_shards"] == 0  # the copies were promoted
        await engine.ping()  # yellow: ready, with every shard answering
        # Each shard answers from the node left, a copy promoted where the primary was lost.
        copies = await _copies(engine)
        assert sorted(copies) == [0, 1]
        assert all(shard == {"p": master.name} for shard in copies.values()), copies
        # Every document is still found, from the node left (the client sets the lost
        # node aside), and new writes land.
        assert await engine.count() == len(documents)
        for document in documents[::8]:
            hits = await engine.search(_query(document.embedding))
            assert hits[0].vacancy_id == document.vacancy_id
        await engine.upsert([_document(41)])
        assert await engine.indexed_versions([41]) == {41: 1}
        hits = await engine.search(_query(_document(41).embedding))
        assert hits[0].vacancy_id == 41
    finally:
        await asyncio.to_thread(lost.start)
        await asyncio.to_thread(es_cluster.wait_for, status="green", nodes=2)
    # Back: the node takes its copies again and the cluster is whole.
    assert all(set(shard) == {"p", "r"} for shard in (await _copies(engine)).values())
