"""Prometheus metrics, exposed by the API at /metrics.

Two kinds. The API's own (request latency, search legs, outages) are kept in the API
process by prometheus-client. What the worker counts (relay failures, notices that
could not be delivered) is kept in Redis, which every process already reaches, so the
API's one /metrics shows the whole deployment whichever container or process the
worker runs in; and what is a state, not an event (the outbox backlog), is read from
PostgreSQL when scraped.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import redis
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

log = logging.getLogger("vetted.metrics")

# From a cached page (a millisecond) to a request held by an outage (the 5 s bounds of
# core.config, and the statement timeout beyond).
_REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# A search leg: an index lookup takes milliseconds; the model's query vector tens.
_LEG_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0)

REQUEST_SECONDS = Histogram(
    "vetted_http_request_duration_seconds",
    "Time from a request's arrival to its answer, by route template and status class.",
    ["method", "route", "status"], buckets=_REQUEST_BUCKETS)
SEARCH_LEG_SECONDS = Histogram(
    "vetted_search_leg_duration_seconds",
    "Time of one leg of a search in the engine (keyword, vector, browse), by backend.",
    ["backend", "leg"], buckets=_LEG_BUCKETS)
QUERY_VECTOR_SECONDS = Histogram(
    "vetted_search_query_vector_duration_seconds",
    "Time the model takes to turn a search's words into a vector (a query repeated lately "
    "is answered from memory and not counted).", buckets=_LEG_BUCKETS)
UNAVAILABLE_ANSWERS = Counter(
    "vetted_unavailable_responses",
    "Requests answered 503 because an engine they need was away, by engine.",
    ["engine"])


def status_class(status: int) -> str:
    return f"{status // 100}xx"


@contextmanager
def timed(histogram: Histogram, **labels: str) -> Iterator[None]:
    """Observe the time the block takes, whether it returns or raises."""
    started = time.perf_counter()
    try:
        yield
    finally:
        histogram.labels(**labels).observe(time.perf_counter() - started)


# --- counters every process adds to, kept in Redis ----------------------------------

SHARED_KEY = "vetted:metrics:counters"


class _SharedRedis:
    """This process's connection for counting (made on first use, again after a fork)."""

    client: redis.Redis | None = None
    pid = 0


def _shared_redis() -> redis.Redis:
    if _SharedRedis.client is None or _SharedRedis.pid != os.getpid():
        from core.config import get_settings

        settings = get_settings()
        if not settings.redis_url:
            raise RuntimeError("REDIS_URL is not set")
        timeout = settings.redis_timeout_seconds
        _SharedRedis.client = redis.Redis.from_url(
            settings.redis_url, socket_timeout=timeout, socket_connect_timeout=timeout)
        _SharedRedis.pid = os.getpid()
    return _SharedRedis.client


class SharedCounter:
    """A counter any process adds to (from synchronous code: a worker's task), read by the
    API's /metrics. Counting never fails the work counted: with Redis away, the count is
    lost and the log line that goes with it remains."""

    def __init__(self, name: str, documentation: str, labels: Sequence[str]) -> None:
        self.name = name
        self.documentation = documentation
        self.labels = tuple(labels)

    def _field(self, values: Mapping[str, str]) -> str:
        return json.dumps([self.name, [values[k] for k in self.labels]])

    def inc(self, **values: str) -> None:
        if set(values) != set(self.labels):
            raise ValueError(f"{self.name} counts by {self.labels}, not {tuple(values)}")
        try:
            _shared_redis().hincrby(SHARED_KEY, self._field(values), 1)
        except Exception as exc:
            log.warning("could not count %s in Redis: %r", self.name, exc)

    def family(self, stored: Mapping[str, str]) -> CounterMetricFamily:
        """This counter's samples among the stored fields."""
        family = CounterMetricFamily(self.name, self.documentation, labels=self.labels)
        for field, value in sorted(stored.items()):
            try:
                name, label_values = json.loads(field)
            except ValueError:
                continue
            if name == self.name and len(label_values) == len(self.labels):
                family.add_metric([str(v) for v in label_values], float(value))
        return family


RELAY_FAILURES = SharedCounter(
    "vetted_outbox_relay_failures",
    "Relay runs that failed (the search engine or PostgreSQL away, a handler's error) and "
    "will be retried, by outbox topic.", ["topic"])
NOTICES_UNDELIVERED = SharedCounter(
    "vetted_notices_undelivered",
    "Notices that could not be delivered outside the app, by channel.", ["channel"])
NOTICES_DELIVERED = SharedCounter(
    "vetted_notices_delivered",
    "Notices delivered outside the app, by channel.", ["channel"])
SHARED_COUNTERS = (RELAY_FAILURES, NOTICES_UNDELIVERED, NOTICES_DELIVERED)


async def read_shared(client: Any) -> dict[str, str]:
    """Every shared counter's stored value (`client`: an asyncio Redis client)."""
    stored = await client.hgetall(SHARED_KEY)
    return {(k.decode() if isinstance(k, bytes) else k):
            (v.decode() if isinstance(v, bytes) else v) for k, v in stored.items()}


# --- what a scrape reads -------------------------------------------------------------


def outbox_families(backlog: Sequence[Mapping[str, Any]]) -> list[Metric]:
    """The outbox backlog as gauges, from rows of topic, entries, oldest_age_seconds."""
    pending = GaugeMetricFamily(
        "vetted_outbox_pending_entries",
        "Outbox entries not yet relayed, by topic (none while the backlog is empty).",
        labels=["topic"])
    oldest = GaugeMetricFamily(
        "vetted_outbox_oldest_pending_age_seconds",
        "Age of the oldest outbox entry not yet relayed, by topic.", labels=["topic"])
    for row in backlog:
        pending.add_metric([row["topic"]], float(row["entries"]))
        oldest.add_metric([row["topic"]], max(0.0, float(row["oldest_age_seconds"])))
    return [pending, oldest]


def source_family(readable: Mapping[str, bool]) -> Metric:
    family = GaugeMetricFamily(
        "vetted_metrics_source_up",
        "Whether a scrape could read a source of its values (1) or not (0): the outbox in "
        "PostgreSQL, the shared counters in Redis.", labels=["source"])
    for source, ok in sorted(readable.items()):
        family.add_metric([source], 1.0 if ok else 0.0)
    return family


class _Read(Collector):
    def __init__(self, families: Iterable[Metric]) -> None:
        self._families = list(families)

    def collect(self) -> Iterable[Metric]:
        return self._families


def exposition(read_now: Iterable[Metric]) -> bytes:
    """This process's metrics, then the ones read for this scrape, in the text format."""
    scraped = CollectorRegistry(auto_describe=False)
    scraped.register(_Read(read_now))
    return generate_latest(REGISTRY) + generate_latest(scraped)
