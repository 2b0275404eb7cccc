"""A real Elasticsearch node for the tests, started by tools/es-node (loaded from conftest).

The node is built from Maven Central artifacts on first use and needs a JDK 21+ and Maven.
Without them the Elasticsearch tests are skipped, saying how to get them; with CI=true
they fail instead, since CI must run everything. TEST_ELASTICSEARCH_URL points the tests
at a node of your own instead (the outage test still starts its own).

`es_cluster` is two such nodes forming one cluster (the contract suite also runs on an
index of two shards with a replica each spread over them).

The session's app and Celery worker search PostgreSQL whatever the environment says:
the Elasticsearch tests build their own backend against this node.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from tools.es_node import HOW_TO_GET, EsCluster, EsNode, EsNodeError, unavailable_reason

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

os.environ.pop("ELASTICSEARCH_URL", None)
os.environ["SEARCH_BACKEND"] = "postgres"


@dataclass
class ExternalNode:
    url: str


def require_node_tools() -> None:
    """Skip (or, in CI, fail) when this machine cannot build and run the node."""
    reason = unavailable_reason()
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"CI runs the Elasticsearch tests, but: {reason}")
    pytest.skip(f"Elasticsearch tests skipped: {reason}. To run them: {HOW_TO_GET}")


def _started(node: EsNode) -> EsNode:
    try:
        return node.start()
    except EsNodeError as exc:  # Java and Maven are here, so this is a real failure
        pytest.fail(f"the Elasticsearch node did not start: {exc}")


@pytest.fixture(scope="session")
def es_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EsNode | ExternalNode]:
    """One node for the session (or the server at TEST_ELASTICSEARCH_URL)."""
    external = os.environ.get("TEST_ELASTICSEARCH_URL")
    if external:
        yield ExternalNode(external.rstrip("/"))
        return
    require_node_tools()
    node = _started(EsNode(tmp_path_factory.mktemp("es")))
    yield node
    node.stop()


@pytest.fixture(scope="session")
def es_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EsCluster]:
    """Two nodes of one cluster on 127.0.0.1, green with both; stopped at the end. Nodes
    without the language analyzers: the contract then also holds on an index of the
    `standard` analyzer alone (the single node has them, as the full distribution does)."""
    require_node_tools()
    cluster = EsCluster(tmp_path_factory.mktemp("es-cluster"), nodes=2, heap="320m",
                        language_analyzers=False)
    try:
        cluster.start()
    except EsNodeError as exc:
        pytest.fail(f"the Elasticsearch cluster did not form: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture
def es_launcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], EsNode]]:
    """Nodes of a test's own (to stop and restart them); all stopped at the end."""
    require_node_tools()
    nodes: list[EsNode] = []

    def launch() -> EsNode:
        node = _started(EsNode(tmp_path_factory.mktemp("es-own")))
        nodes.append(node)
        return node

    yield launch
    for node in nodes:
        node.stop()


def index_name(prefix: str) -> str:
    """An alias of a test's own, so tests never see each other's indices."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"

