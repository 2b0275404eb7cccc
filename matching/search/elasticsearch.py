"""The Elasticsearch backend: dense_vector kNN for meaning, BM25 for words, the same filters.

The only module that imports `elasticsearch`. It keeps the contract of the PostgreSQL
backend (matching/search/postgres.py):

- Both legs apply the filters and the visibility rule inside the query; visibility is a
  `terms` filter on "agency_id:country" pairs, so a suspended licence hides its vacancies
  at once, whatever the index holds.
- The vector leg is a kNN search with the filter inside the kNN clause (pre-filtering), so
  a selective filter does not starve it; if it still brings back fewer than k while more
  vacancies match, it re-runs as an exact scan of the filtered vacancies.
- The two rankings are fused here with matching.search.base.fuse (Elasticsearch's own RRF
  needs a paid licence).
- Writes are bulk requests with external versioning on the vacancy's version, so a write
  applied twice, or an older one arriving late, changes nothing.

Mappings and settings live here and carry MAPPING_VERSION. Searches read an alias
("vacancies"); the concrete index is "<alias>-v<version>-<time>". `rebuild()` fills a new
index while the old one keeps answering, and switches the alias in one atomic request;
changes relayed meanwhile are written to both.

Language analyzers ("english", "russian") are part of the full distribution
(docker-compose) and of the test node (`tools/es-node`), not of every node; the index uses
them when the node has them and falls back to the built-in `standard` analyzer otherwise. Likewise
the exact scan runs as a painless script_score query where painless exists, and in this
process otherwise.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from datetime import UTC, datetime
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import orjson
from elasticsearch import ApiError, AsyncElasticsearch, TransportError
from elasticsearch.serializer import NdjsonSerializer, OrjsonSerializer

from core import metrics
from core.config import get_settings
from matching.search.base import (
    Hit,
    SearchDocument,
    SearchQuery,
    SearchUnavailableError,
    fused,
)

if TYPE_CHECKING:
    from core.config import Settings

log = logging.getLogger("vetted.search.elasticsearch")

MAPPING_VERSION = 1
VECTOR_INDEX_TYPES = ("hnsw", "int8_hnsw", "int4_hnsw", "bbq_hnsw")
_BUILDING = "-building"
_SCAN_PAGE = 1000
# A rebuilt index is merged into segments of at most this many vacancies. One segment
# (one vector graph) searches fastest, but merging a million vectors into one graph takes
# longer than an hour on two cores, and a segment above the merge policy's 5 GB is left
# out of later merges while the relay keeps writing to it.
_SEGMENT_VACANCIES = 250_000
_MAX_CANDIDATES = 10_000  # Elasticsearch's limit for num_candidates
_EVERY_WORD = "every_word"
_KEYWORD_FIELDS = ["title^3", "title.english^3", "title.russian^3",
                   "body", "body.english", "body.russian", "translit^0.5"]


class _OrjsonNdjson(NdjsonSerializer):
    """`_msearch` and `_bulk` bodies, line by line, written and read by orjson."""

    def json_dumps(self, data: Any) -> bytes:
        return orjson.dumps(data, default=self.default, option=orjson.OPT_SERIALIZE_NUMPY)

    def json_loads(self, data: bytes) -> Any:
        return orjson.loads(data)


# The client's bodies carry vectors as numpy arrays of float32, which orjson writes as
# they are: a query's 512 numbers in 9 µs against 390 through lists of Python floats and
# the standard library, in 5.4 KB against 10 KB for the node to parse.
_SERIALIZERS = {OrjsonSerializer.mimetype: OrjsonSerializer(),
                _OrjsonNdjson.mimetype: _OrjsonNdjson()}


def _cents(amount: Decimal) -> int:
    """Money as whole minor units: comparisons stay exact, as with numeric(16, 2)."""
    return int((amount * 100).to_integral_value(rounding=ROUND_CEILING))


# Hits carry the vacancy's id from its doc values: no stored field is read (a stored
# field costs a block of compressed documents to be decompressed for each hit).
_IDS_ONLY: dict[str, Any] = {"stored_fields": "_none_", "docvalue_fields": ["vacancy_id"]}


def _float32(vector: Any) -> np.ndarray:
    """A vector as the serializers write it: contiguous float32 (orjson writes no other
    layout of an array)."""
    return np.ascontiguousarray(vector, dtype=np.float32)


def _vacancy_id(hit: dict[str, Any]) -> int:
    return int(hit["fields"]["vacancy_id"][0])


def _answer_error(answer: dict[str, Any]) -> Exception:
    """One search of an `_msearch` that failed, as the error a search alone would raise."""
    status = int(answer.get("status") or 500)
    error = answer.get("error")
    reason = error.get("reason") if isinstance(error, dict) else error
    if status == 429 or status >= 500:
        return SearchUnavailableError(f"Elasticsearch could not search ({status}): {reason}")
    return RuntimeError(f"Elasticsearch refused a search ({status}): {error}")


def _unavailable(exc: Exception) -> bool:
    if isinstance(exc, TransportError):  # refused, reset, timed out
        return True
    return isinstance(exc, ApiError) and (exc.meta.status == 429 or exc.meta.status >= 500)


class ElasticsearchSearch:
    name = "elasticsearch"

    def __init__(
        self, url: str, *, alias: str = "vacancies", dimensions: int | None = None,
        vector_index: str = "hnsw", hnsw_m: int = 16, hnsw_ef_construction: int = 128,
        num_candidates: int = 300, shards: int = 1, replicas: int = 0,
        timeout: float = 10.0,
    ) -> None:
        if vector_index not in VECTOR_INDEX_TYPES:
            raise ValueError(f"vector_index must be one of {VECTOR_INDEX_TYPES}")
        self.url = url
        self.alias = alias
        # The model's width, as the settings give it, unless told otherwise.
        self.dimensions = dimensions or get_settings().embedding_dimensions
        self.vector_index = vector_index
        self.hnsw_m = hnsw_m
        self.hnsw_ef_construction = hnsw_ef_construction
        self.num_candidates = num_candidates
        self.shards = shards
        self.replicas = replicas
        # Several nodes of a cluster, comma-separated: requests go round them, and a node
        # that does not answer is set aside while the others serve.
        hosts = [host.strip() for host in url.split(",") if host.strip()]
        # Few retries: with the node down, a search should answer 503 at once, and the
        # relay retries on its own schedule. The one retry goes to another node if any.
        self._client = AsyncElasticsearch(hosts, request_timeout=timeout, max_retries=1,
                                          retry_on_timeout=False, serializers=_SERIALIZERS)
        self._painless: bool | None = None
        self._language_analyzers: bool | None = None
        self._version_checked = False
        self._sending: set[asyncio.Task[None]] = set()
        # Searches asked for in one turn of the event loop, sent together (`_search`).
        self._pending: list[tuple[dict[str, Any], asyncio.Future[list[dict[str, Any]]]]] = []

    @classmethod
    def from_settings(cls, settings: Settings) -> ElasticsearchSearch:
        if not settings.elasticsearch_url:
            raise ValueError("SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL "
                             "(`make es-node` runs a local node)")
        return cls(
            settings.elasticsearch_url, alias=settings.elasticsearch_index,
            dimensions=settings.embedding_dimensions,
            vector_index=settings.elasticsearch_vector_index,
            hnsw_m=settings.elasticsearch_hnsw_m,
            hnsw_ef_construction=settings.elasticsearch_hnsw_ef_construction,
            num_candidates=settings.elasticsearch_num_candidates,
            shards=settings.elasticsearch_shards, replicas=settings.elasticsearch_replicas,
            timeout=settings.elasticsearch_timeout_seconds,
        )

    async def close(self) -> None:
        await self._client.close()

    async def ping(self) -> None:
        """The cluster answers and has every primary shard (not red). Its health, not the
        root page: the server jar the tests run has no handler for GET /."""
        with self._answering():
            health = await self._client.cluster.health()
        if health.body.get("status") == "red":
            raise SearchUnavailableError(f"Elasticsearch at {self.url} is red: a primary "
                                         "shard is missing")

    def _leg(self, leg: str) -> AbstractContextManager[None]:
        """Times a leg in the engine: its requests, the exact scan's fallback included."""
        return metrics.timed(metrics.SEARCH_LEG_SECONDS, backend=self.name, leg=leg)

    @contextmanager
    def _answering(self) -> Iterator[None]:
        """Engine outages become SearchUnavailableError; anything else is a bug, raised as is."""
        try:
            yield
        except (TransportError, ApiError) as exc:
            if _unavailable(exc):
                raise SearchUnavailableError(
                    f"Elasticsearch at {self.url} is not answering: {exc}") from exc
            raise

    # --- the index: mappings, settings, alias ----------------------------------------

    def _text_field(self, language: bool) -> dict[str, Any]:
        field: dict[str, Any] = {"type": "text", "analyzer": "standard"}
        if language:
            field["fields"] = {"english": {"type": "text", "analyzer": "english"},
                               "russian": {"type": "text", "analyzer": "russian"}}
        return field

    def _vector_options(self) -> dict[str, Any]:
        # Explicit: left alone, recent versions quantize 384-dimension vectors (int8 or
        # BBQ), trading recall for memory. The benchmark reports what each type costs.
        return {"type": self.vector_index, "m": self.hnsw_m,
                "ef_construction": self.hnsw_ef_construction}

    def mappings(self, *, language_analyzers: bool) -> dict[str, Any]:
        keyword = {"type": "keyword"}
        return {
            "dynamic": "strict",
            "_meta": {"mapping_version": MAPPING_VERSION,
                      "language_analyzers": language_analyzers,
                      "vector_index": self.vector_index},
            "properties": {
                "vacancy_id": {"type": "long"},
                "agency_id": {"type": "long"},
                "country": keyword,
                # (agency, destination) pairs: what the visibility rule filtered on before
                # it asked for agencies and countries; kept in the mapping's version.
                "agency_country": keyword,
                "city_key": keyword,
                "occupation_key": keyword,
                "languages": keyword,
                "language_count": {"type": "integer"},
                "wage_currency": keyword,
                "wage_monthly_cents": {"type": "long"},
                "closing_date": {"type": "date", "format": "strict_date"},
                "source_version": {"type": "long"},
                "language": keyword,
                "title": self._text_field(language_analyzers),
                "body": self._text_field(language_analyzers),
                "translit": {"type": "text", "analyzer": "standard",
                             "index_prefixes": {"min_chars": 2, "max_chars": 6}},
                "embedding": {"type": "dense_vector", "dims": self.dimensions, "index": True,
                              "similarity": "cosine", "index_options": self._vector_options()},
            },
        }

    def index_settings(self) -> dict[str, Any]:
        return {"number_of_shards": self.shards, "number_of_replicas": self.replicas}

    async def _create_index(self, name: str, *, aliases: dict[str, Any]) -> None:
        """Create `name`, with language analyzers where the node has them."""
        attempts = [True, False] if self._language_analyzers in (None, True) else [False]
        for language in attempts:
            try:
                await self._client.indices.create(
                    index=name, settings=self.index_settings(),
                    mappings=self.mappings(language_analyzers=language), aliases=aliases)
            except ApiError as exc:
                error = str(exc)
                if exc.meta.status == 400 and "resource_already_exists" in error:
                    return
                if language and exc.meta.status == 400 and "analyzer" in error:
                    log.info("no language analyzers on this node; using `standard`: %s", exc)
                    self._language_analyzers = False
                    continue
                raise
            self._language_analyzers = language
            return

    async def _aliased(self) -> dict[str, list[str]]:
        """The indices behind the search alias and behind the rebuild's alias."""
        names = [self.alias, self.alias + _BUILDING]
        response = await self._client.options(ignore_status=404).indices.get_alias(name=names)
        found: dict[str, list[str]] = {name: [] for name in names}
        for index, entry in response.body.items():
            if isinstance(entry, dict):
                for alias in entry.get("aliases", {}):
                    if alias in found:
                        found[alias].append(index)
        return found

    async def live_indices(self) -> list[str]:
        """The concrete indices searches read now (one, between rebuilds)."""
        with self._answering():
            return (await self._aliased())[self.alias]

    async def _write_aliases(self) -> list[str]:
        """Where writes go: the live alias (created on first use) and a rebuild in progress."""
        aliased = await self._aliased()
        if not aliased[self.alias]:
            # Writes happen under the relay's lock, so one process creates the first index.
            await self._create_index(f"{self.alias}-v{MAPPING_VERSION}-initial",
                                     aliases={self.alias: {}})
        elif not self._version_checked:
            self._version_checked = True
            current = f"{self.alias}-v{MAPPING_VERSION}-"
            if not all(index.startswith(current) for index in aliased[self.alias]):
                log.warning("the index behind %r (%s) predates mapping version %d: run "
                            "`vetted reindex`", self.alias, aliased[self.alias],
                            MAPPING_VERSION)
        return [self.alias] + ([self.alias + _BUILDING] if aliased[self.alias + _BUILDING]
                               else [])

    # --- writes ----------------------------------------------------------------------

    def _source(self, d: SearchDocument) -> dict[str, Any]:
        return {
            "vacancy_id": d.vacancy_id, "agency_id": d.agency_id, "country": d.country,
            "agency_country": f"{d.agency_id}:{d.country}",
            "city_key": d.city_key, "occupation_key": d.occupation_key,
            "languages": list(d.languages), "language_count": len(d.languages),
            "wage_currency": d.wage_currency, "wage_monthly_cents": _cents(d.wage_monthly),
            "closing_date": d.closing_date.isoformat(), "source_version": d.source_version,
            "language": d.language, "title": d.title, "body": d.body, "translit": d.translit,
            "embedding": _float32(d.embedding),
        }

    def _index_operations(self, target: str, documents: Sequence[SearchDocument],
                          *, require_alias: bool) -> list[dict[str, Any]]:
        operations: list[dict[str, Any]] = []
        for d in documents:
            action: dict[str, Any] = {
                "_index": target, "_id": str(d.vacancy_id),
                # external_gte: the same version again is a no-op, an older one is refused.
                "version": d.source_version, "version_type": "external_gte",
            }
            if require_alias:
                action["require_alias"] = True  # never auto-create an index by that name
            operations += [{"index": action}, self._source(d)]
        return operations

    async def _bulk(self, operations: list[dict[str, Any]], *, refresh: Any = False,
                    missing_ok: bool = False) -> None:
        if not operations:
            return
        response = await self._client.bulk(operations=operations, refresh=refresh)
        if not response["errors"]:
            return
        failures = []
        for item in response["items"]:
            for _op, result in item.items():
                error = result.get("error")
                if not error:
                    continue
                if error.get("type") == "version_conflict_engine_exception":
                    continue  # a newer version is indexed already
                if missing_ok and error.get("type") == "index_not_found_exception":
                    continue
                failures.append((result.get("status"), error.get("type"), error.get("reason")))
        if not failures:
            return
        if any(status == 429 or (status or 0) >= 500 for status, _, _ in failures):
            raise SearchUnavailableError(f"Elasticsearch refused {len(failures)} writes: "
                                         f"{failures[:3]}")
        raise RuntimeError(f"Elasticsearch rejected {len(failures)} writes: {failures[:3]}")

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        if not documents:
            return
        async with self.batched_writes() as writer:
            await writer.upsert(documents)

    @asynccontextmanager
    async def batched_writes(self) -> AsyncIterator[_LiveWriter]:
        """Upserts to the live index (and a rebuild in progress), visible to searches, as
        with a PostgreSQL commit, once the block is left: one refresh for all of them
        instead of waiting for one after each bulk request."""
        writer = _LiveWriter(self)
        yield writer
        if writer.written:
            with self._answering():
                await self._client.indices.refresh(index=self.alias)

    async def delete(self, vacancy_ids: Sequence[int]) -> None:
        if not vacancy_ids:
            return
        with self._answering():
            aliased = await self._aliased()
            for target, refresh in ((self.alias, "wait_for"), (self.alias + _BUILDING, False)):
                if aliased[target]:
                    await self._bulk([{"delete": {"_index": target, "_id": str(i)}}
                                      for i in vacancy_ids], refresh=refresh, missing_ok=True)

    async def indexed_versions(self, vacancy_ids: Sequence[int]) -> dict[int, int]:
        if not vacancy_ids:
            return {}
        with self._answering():
            response = await self._client.options(ignore_status=404).mget(
                index=self.alias, ids=[str(i) for i in vacancy_ids], source=False)
        return {int(doc["_id"]): int(doc["_version"])
                for doc in response.body.get("docs", []) if doc.get("found")}

    async def count(self) -> int:
        with self._answering():
            response = await self._client.options(ignore_status=404).count(index=self.alias)
        return int(response.body.get("count", 0))

    @asynccontextmanager
    async def rebuild(self) -> AsyncIterator[_IndexWriter]:
        """A new, empty index to fill; on leaving the block the alias moves to it at once.

        Until then searches read the old index, and the relay writes every change to both.
        If the block raises, the new index is dropped and the old one stays live.
        """
        building = self.alias + _BUILDING
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        name = f"{self.alias}-v{MAPPING_VERSION}-{stamp}"
        with self._answering():
            # A rebuild that died half-way leaves its index behind: drop it.
            for stale in (await self._aliased())[building]:
                await self._client.options(ignore_status=404).indices.delete(index=stale)
            await self._create_index(name, aliases={building: {}})
            await self._client.indices.put_settings(index=name,
                                                    settings={"refresh_interval": "-1"})
        try:
            yield _IndexWriter(self, name)
            with self._answering():
                await self._client.indices.put_settings(index=name,
                                                        settings={"refresh_interval": None})
                await self._client.indices.refresh(index=name)
                # Few segments before it goes live: the bulk writes leave many, each with
                # a vector graph of its own that every kNN search walks, and their merges
                # would otherwise run in the background under the first searches.
                count = (await self._client.count(index=name)).body["count"]
                await self._client.options(request_timeout=3 * 3600).indices.forcemerge(
                    index=name, max_num_segments=_segments_after_rebuild(count))
                old = [index for index in (await self._aliased())[self.alias] if index != name]
                actions: list[dict[str, Any]] = [
                    {"remove": {"index": index, "alias": self.alias}} for index in old]
                actions += [{"add": {"index": name, "alias": self.alias}},
                            {"remove": {"index": name, "alias": building}}]
                await self._client.indices.update_aliases(actions=actions)
        except BaseException:
            try:
                await self._client.options(ignore_status=404).indices.delete(index=name)
            except (TransportError, ApiError):
                log.warning("could not drop the unfinished index %s", name, exc_info=True)
            raise
        # The new index is live; the old ones only take space now.
        for index in old:
            try:
                await self._client.options(ignore_status=404).indices.delete(index=index)
            except (TransportError, ApiError):
                log.warning("could not drop the replaced index %s", index, exc_info=True)

    # --- searching -------------------------------------------------------------------

    def filters(self, query: SearchQuery) -> list[dict[str, Any]]:
        """The filters and the visibility rule, as Elasticsearch filter clauses."""
        f = query.filters
        groups = query.visibility.by_countries
        if not groups:
            return [{"match_none": {}}]
        # Agencies and countries, for each set of countries licensed: a few terms where the
        # "agency:country" pairs are hundreds (720 at the benchmark's 120 agencies), which
        # the node parses for every leg (1.2-2 ms a request at 100,000).
        shown = [{"bool": {"filter": [{"terms": {"agency_id": list(agencies)}},
                                      {"terms": {"country": list(countries)}}]}}
                 for countries, agencies in groups]
        clauses: list[dict[str, Any]] = [
            shown[0] if len(shown) == 1 else {"bool": {"should": shown,
                                                       "minimum_should_match": 1}},
            {"range": {"closing_date": {
                "gte": f.closing_from(query.visibility.today).isoformat()}}},
        ]
        if f.countries:
            clauses.append({"terms": {"country": list(f.countries)}})
        if f.city is not None:
            clauses.append({"term": {"city_key": f.city}})
        if f.occupation is not None:
            clauses.append({"term": {"occupation_key": f.occupation}})
        if f.min_wage is not None:
            if f.wage_currency is None:
                clauses.append({"match_none": {}})
            else:
                same = {"term": {"wage_currency": f.wage_currency}}
                meets = {"bool": {"filter": [
                    same, {"range": {"wage_monthly_cents": {"gte": _cents(f.min_wage)}}}]}}
                clauses.append(meets if f.strict_currency else {"bool": {
                    "should": [meets, {"bool": {"must_not": [same]}}],
                    "minimum_should_match": 1}})
        if f.languages:
            # Every language the vacancy requires is one the seeker speaks.
            clauses.append({"bool": {"should": [
                {"terms_set": {"languages": {"terms": list(f.languages),
                                             "minimum_should_match_field": "language_count"}}},
                {"bool": {"must_not": [{"exists": {"field": "languages"}}]}},
            ], "minimum_should_match": 1}})
        return clauses

    async def _search(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        """The hits of one search. The searches asked for in the same turn of the event
        loop (the legs of one search, and the occupation legs beside it) go to the node
        as one `_msearch`: one round trip, and one request for this process to build and
        parse, where each request costs about as much here as the node's own work."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[list[dict[str, Any]]] = loop.create_future()
        self._pending.append((body, future))
        if len(self._pending) == 1:
            # Two turns: a leg that starts one step later still joins the batch.
            loop.call_soon(loop.call_soon, self._send_pending)
        return await future

    def _send_pending(self) -> None:
        batch, self._pending = self._pending, []
        task = asyncio.get_running_loop().create_task(self._msearch(batch))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _msearch(self, batch: list[tuple[dict[str, Any],
                                               asyncio.Future[list[dict[str, Any]]]]]) -> None:
        # Over several shards a word's weight is each shard's own count of it unless its
        # counts are gathered first: the same job would rank otherwise by where it lies.
        header: dict[str, Any] = {"index": self.alias, "ignore_unavailable": True}
        if self.shards > 1:
            header["search_type"] = "dfs_query_then_fetch"
        searches: list[dict[str, Any]] = []
        for body, _ in batch:
            searches += [header, body]
        try:
            response = await self._client.msearch(searches=searches)
        except Exception as exc:  # each search waiting gets it, outages included
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for (_, future), answer in zip(batch, response["responses"], strict=True):
            if future.done():
                continue  # its search was cancelled
            if "error" in answer:
                future.set_exception(_answer_error(answer))
            else:
                future.set_result(answer["hits"]["hits"])

    async def _keyword(self, query: SearchQuery, limit: int) -> list[Hit]:
        should: list[dict[str, Any]] = [{"multi_match": {
            "query": query.words_text, "fields": _KEYWORD_FIELDS, "type": "best_fields",
            "tie_breaker": 0.3}}]
        # Russian typed in Latin letters: spelling-skeleton prefixes of the words.
        should += [{"prefix": {"translit": {"value": term, "boost": 0.5}}}
                   for term in query.translit_terms]
        if query.words:
            # Scores nothing; names the hits holding every word (as typed or by its
            # spelling prefixes), the first tier of the contract's words leg. A word the
            # analyzers drop holds for every vacancy (stop words never come this far).
            should.append({"bool": {"_name": _EVERY_WORD, "boost": 0, "filter": [
                {"bool": {"should": [
                    {"multi_match": {"query": word, "fields": _KEYWORD_FIELDS,
                                     "zero_terms_query": "all"}},
                    *({"prefix": {"translit": prefix}} for prefix in prefixes)],
                    "minimum_should_match": 1}}
                for word, prefixes in query.words]}})
        hits = await self._search({
            "query": {"bool": {"should": should, "minimum_should_match": 1,
                               "filter": self.filters(query)}},
            "sort": ["_score", {"vacancy_id": "asc"}], "size": limit, **_IDS_ONLY,
            "track_total_hits": False,
        })
        return [Hit(_vacancy_id(h), keyword_rank=i, keyword_score=float(h["sort"][0]),
                    keyword_tier=1 if _EVERY_WORD in h.get("matched_queries", ()) else 2)
                for i, h in enumerate(hits, start=1)]

    async def _knn(self, query: SearchQuery, limit: int) -> list[tuple[int, float]]:
        assert query.vector is not None
        # A knn query, not the top-level knn section: that one runs as a phase of its own
        # (one more pass over the shard) before the query phase.
        hits = await self._search({
            "query": {"knn": {
                "field": "embedding", "query_vector": self._vector(query), "k": limit,
                "num_candidates": min(_MAX_CANDIDATES, max(self.num_candidates, limit)),
                "filter": self.filters(query)}},
            "size": limit, **_IDS_ONLY, "track_total_hits": False,
        })
        # cosine similarity s is scored as (1 + s) / 2
        return [(_vacancy_id(h), 2.0 * float(h["_score"]) - 1.0) for h in hits]

    async def _has_painless(self) -> bool:
        if self._painless is None:
            response = await self._client.get_script_languages()
            self._painless = any(c.get("language") == "painless"
                                 for c in response.get("language_contexts", []))
        return self._painless

    async def _exact(self, query: SearchQuery, limit: int) -> list[tuple[int, float]]:
        """Exact cosine similarity over every vacancy that passes the filters."""
        vector = self._vector(query)
        if await self._has_painless():
            hits = await self._search({
                "query": {"script_score": {
                    "query": {"bool": {"filter": self.filters(query)}},
                    "script": {"source": "cosineSimilarity(params.v, 'embedding') + 1.0",
                               "params": {"v": vector}}}},
                "sort": ["_score", {"vacancy_id": "asc"}], "size": limit, **_IDS_ONLY,
                "track_total_hits": False,
            })
            return [(_vacancy_id(h), float(h["sort"][0]) - 1.0) for h in hits]
        # No scripting on this node (the test node has no painless): read the filtered
        # vectors a page at a time and score them here, keeping only the best `limit`, so
        # memory stays one page whatever the filters leave. Only selective filters or
        # explicit exact searches come this way.
        q = np.asarray(vector, dtype=np.float32)
        q_norm = max(float(np.linalg.norm(q)), 1e-12)
        best: list[tuple[int, float]] = []
        after: list[Any] | None = None
        while True:
            body: dict[str, Any] = {
                "query": {"bool": {"filter": self.filters(query)}},
                "sort": [{"vacancy_id": "asc"}], "size": _SCAN_PAGE, "_source": False,
                "fields": ["embedding"], "track_total_hits": False,
            }
            if after is not None:
                body["search_after"] = after
            hits = await self._search(body)
            if hits:
                matrix = np.asarray([h["fields"]["embedding"] for h in hits], dtype=np.float32)
                norms = np.linalg.norm(matrix, axis=1) * q_norm
                similarity = matrix @ q / np.clip(norms, 1e-12, None)
                best += [(int(h["_id"]), float(sim))
                         for h, sim in zip(hits, similarity, strict=True)]
                best = sorted(best, key=lambda pair: (-pair[1], pair[0]))[:limit]
            if len(hits) < _SCAN_PAGE:
                break
            after = hits[-1]["sort"]
        return best

    async def _count(self, query: SearchQuery) -> int:
        response = await self._client.count(
            index=self.alias, ignore_unavailable=True,
            query={"bool": {"filter": self.filters(query)}})
        return int(response["count"])

    async def _vector_leg(self, query: SearchQuery, limit: int) -> list[Hit]:
        if query.exact:
            found = await self._exact(query, limit)
        else:
            found = await self._knn(query, limit)
            # No starvation: fewer than asked while more vacancies pass the filters means
            # the graph walk missed them; the exact scan cannot.
            if len(found) < min(limit, query.k) and await self._count(query) > len(found):
                found = await self._exact(query, limit)
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        return [Hit(vacancy_id, vector_rank=i, similarity=similarity)
                for i, (vacancy_id, similarity) in enumerate(found, start=1)]

    async def _browse(self, query: SearchQuery) -> list[Hit]:
        hits = await self._search({
            "query": {"bool": {"filter": self.filters(query)}},
            "sort": [{"closing_date": "asc"}, {"vacancy_id": "asc"}], "size": query.k,
            **_IDS_ONLY, "track_total_hits": False,
        })
        return [Hit(_vacancy_id(h)) for h in hits]

    @staticmethod
    def _vector(query: SearchQuery) -> np.ndarray:
        assert query.vector is not None
        return _float32(query.vector)

    async def search(self, query: SearchQuery) -> list[Hit]:
        if not query.text.strip() and not query.has_vector:
            # No words: the filtered vacancies, those closing soonest first.
            with self._answering(), self._leg("browse"):
                return await self._browse(query)
        return fused(query, *await self.legs(query))

    async def legs(self, query: SearchQuery, *, words: bool = True, meaning: bool = True
                   ) -> tuple[list[Hit], list[Hit]]:
        depth = max(50, query.k * 5)

        async def keyword_leg() -> list[Hit]:
            if not words or query.mode not in ("hybrid", "keyword") \
                    or not query.words_text.strip():
                return []
            with self._leg("keyword"):
                return await self._keyword(query, depth)

        async def vector_leg() -> list[Hit]:
            if not meaning or query.mode not in ("hybrid", "vector") or not query.has_vector:
                return []
            with_vector = await query.with_vector()
            with self._leg("vector"):
                return await self._vector_leg(with_vector, depth if query.mode == "hybrid"
                                              else query.k)

        with self._answering():
            keyword, vector = await asyncio.gather(keyword_leg(), vector_leg())
        return keyword, vector


class _LiveWriter:
    """Writes to the live index and to a rebuild in progress, without a refresh."""

    def __init__(self, backend: ElasticsearchSearch) -> None:
        self._backend = backend
        self._targets: list[str] | None = None  # looked up at the first write
        self.written = False

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        if not documents:
            return
        with self._backend._answering():
            if self._targets is None:
                self._targets = await self._backend._write_aliases()
            live, *building = self._targets
            self.written = True
            await self._backend._bulk(self._backend._index_operations(
                live, documents, require_alias=True))
            for target in building:
                # A rebuild in progress gets the change too; if it has just finished,
                # the alias is gone and the write above already reached the new index.
                await self._backend._bulk(self._backend._index_operations(
                    target, documents, require_alias=True), missing_ok=True)


class _IndexWriter:
    """Writes into one concrete index being rebuilt (no refresh per batch)."""

    def __init__(self, backend: ElasticsearchSearch, index: str) -> None:
        self._backend = backend
        self.index = index

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        with self._backend._answering():
            await self._backend._bulk(self._backend._index_operations(
                self.index, documents, require_alias=False))


def _segments_after_rebuild(vacancies: int) -> int:
    """How many segments a rebuilt index of this many vacancies is merged into."""
    return max(1, -(-vacancies // _SEGMENT_VACANCIES))
