"""The PostgreSQL backend: pgvector HNSW for meaning, full-text search for words.

Both legs apply the same filters and the visibility rule inside the query. When a
narrowing filter leaves fewer than _EXACT_BELOW vacancies, both legs read those
rows directly instead of an index. Otherwise the vector leg asks the HNSW index
first, and when a selective filter leaves it short of k results it re-runs as an
exact scan over the filtered rows, so a filtered search returns k results whenever
k vacancies match.
"""

from __future__ import annotations

import asyncio
import bisect
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractContextManager, asynccontextmanager
from typing import Any

import asyncpg

from core import metrics
from core.db import connection, create_pool, vector_bytes
from core.text import has_cyrillic
from matching.search.base import Hit, SearchDocument, SearchQuery, fused

_FILTERS = """
    (s.agency_id::text || ':' || s.country) = ANY (string_to_array($1::text, ','))
    AND s.closing_date >= $2
    AND (cardinality($3::bpchar[]) = 0 OR s.country = ANY ($3::bpchar[]))
    AND ($4::text IS NULL OR s.city_key = $4)
    AND ($5::text IS NULL OR s.occupation_key = $5)
    AND ($6::numeric IS NULL OR (s.wage_currency = $7 AND s.wage_monthly >= $6)
         OR (NOT $9::boolean AND s.wage_currency <> $7))
    AND (cardinality($8::text[]) = 0 OR s.languages <@ $8::text[])
"""

# Each word of the query becomes the alternatives that may stand for it: its stems (a Latin
# word stemmed as English, a Cyrillic one as Russian; stop words have none) and the
# spelling-skeleton prefixes of its Latin form. `every_word` asks for all the words,
# `any_word` for at least one; both rank with ts_rank_cd over all the alternatives.
_STEMS = """
    SELECT w.word, tsvector_to_array(to_tsvector(
        CASE WHEN w.word ~ '[\u0400-\u04FF]' THEN 'russian' ELSE 'english' END::regconfig,
        w.word)) AS stems
    FROM unnest($1::text[]) AS w(word)
"""

# Stems of words already seen, so a search asks PostgreSQL only for new words.
_STEMS_KEPT = 50_000


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsqueries(words: Sequence[tuple[str, Sequence[str], Sequence[str]]]) -> tuple[str, str]:
    """The `every_word` and `any_word` queries for words given as (word, stems, prefixes).

    The prefixes of a word typed in Cyrillic are looked for among the Latin spellings of
    the Russian adverts alone (weight D, as Elasticsearch's `translit` field): among the
    stems of English adverts they find words that only sound alike (`программист`, the
    `programme` of an advert for pig-farm workers)."""
    alternatives = []
    for word, stems, prefixes in words:
        mark = ":*D" if has_cyrillic(word) else ":*"
        terms = sorted({_lexeme(t) for t in stems} | {_lexeme(p) + mark for p in prefixes
                                                       if p})
        if terms:
            alternatives.append(" | ".join(terms))
    return (" & ".join(f"({a})" for a in alternatives), " | ".join(alternatives))


# How many matching vacancies a search ranks at most, in each tier. Past this, a broad
# word ("work") would make every search rank a large part of the index; the vacancies
# holding every word are looked at first, so what is left out matched the least.
_RANKED_AT_MOST = 200

# Below this many vacancies passing the filters, the vector leg scans them exactly.
_EXACT_BELOW = 2000

# Words held by at most this share of the index are looked up in the words' index under
# a filter on the occupation alone: the lookup costs in proportion to the vacancies
# holding the words, the read of the occupation's rows in proportion to them (at 100,000,
# where an occupation has about 2,000, as much as a lookup of about 40,000). With any
# other filter beside it, so few rows are left that reading them costs less.
_LOOKED_UP_BELOW = 0.4
# How long the words' shares read from PostgreSQL's statistics are used before read again.
_SHARES_KEPT_S = 600.0

# How deep the graph is first walked for a query naming the occupation filtered on (at
# least four times the vacancies asked for): its nearest vacancies are that occupation's,
# so a short walk finds the same first ten as the full one, for under half the work (2 ms
# against 5 at 100,000).
NEAR_EF_SEARCH = 40


def session_settings(ef_search: int) -> dict[str, str]:
    """What a search's connection is set to. The words' GIN index, never a scan of every
    document (a scan costs in proportion to the whole index, the GIN lookup to the
    matches only, and a LIMIT can make the planner think the scan ends early); the HNSW
    graph searched `ef_search` candidates deep; and each statement planned for its own
    values: a plan made once for any words and any vector (which PostgreSQL may switch to
    after five runs of a prepared statement) can lose the indexes altogether."""
    return {"enable_seqscan": "off", "hnsw.ef_search": str(int(ef_search)),
            "plan_cache_mode": "force_custom_plan"}


def _latest(documents: Sequence[SearchDocument]) -> list[SearchDocument]:
    """Each vacancy once, at its highest version: one INSERT may not touch a row twice."""
    latest: dict[int, SearchDocument] = {}
    for d in documents:
        if d.vacancy_id not in latest or d.source_version >= latest[d.vacancy_id].source_version:
            latest[d.vacancy_id] = d
    return list(latest.values())


class PostgresSearch:
    """Searches run on `search_pool` when given: connections opened with the search's
    settings and handed back without a reset (see `open`); else on `pool`, each setting
    the session first (one more round trip, and the pool's reset another)."""

    name = "postgres"

    def __init__(self, pool: asyncpg.Pool, *, ef_search: int = 200,
                 search_pool: asyncpg.Pool | None = None,
                 acquire_timeout: float | None = None) -> None:
        self._pool = pool
        self._ef_search = ef_search
        self._search_pool = search_pool
        self._acquire_timeout = acquire_timeout
        self._session = session_settings(ef_search)
        self._stems: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self._shares: _Shares | None = None

    @classmethod
    async def open(cls, pool: asyncpg.Pool, dsn: str, *, ef_search: int = 200,
                   connections: int = 10, acquire_timeout: float = 60.0,
                   command_timeout: float | None = None) -> PostgresSearch:
        """A backend serving searches on connections of its own (closed by `close`); a
        search that cannot get one within `acquire_timeout` raises core's `Unavailable`."""
        search_pool = await create_pool(dsn, max_size=connections,
                                        session=session_settings(ef_search),
                                        connect_timeout=acquire_timeout,
                                        command_timeout=command_timeout)
        return cls(pool, ef_search=ef_search, search_pool=search_pool,
                   acquire_timeout=acquire_timeout)

    @asynccontextmanager
    async def _searching(self) -> AsyncIterator[asyncpg.Connection]:
        if self._search_pool is not None:
            async with connection(self._search_pool, wait=self._acquire_timeout) as conn:
                yield conn
            return
        # The pool's reset undoes the SETs.
        async with connection(self._pool, wait=self._acquire_timeout) as conn:
            await conn.execute(";".join(f"SET {name} = {value}"
                                        for name, value in self._session.items()))
            yield conn

    async def _stems_of(self, conn: asyncpg.Connection, words: list[str]
                        ) -> list[tuple[str, ...]]:
        unique = dict.fromkeys(words)
        found = {w: self._stems[w] for w in unique if w in self._stems}
        missing = [w for w in unique if w not in found]
        if missing:
            for row in await conn.fetch(_STEMS, missing):
                found[row["word"]] = tuple(row["stems"])
        for word, stems in found.items():  # the newest last, so the oldest leave first
            self._stems[word] = stems
            self._stems.move_to_end(word)
        while len(self._stems) > _STEMS_KEPT:
            self._stems.popitem(last=False)
        return [found[w] for w in words]

    async def _shares_of(self, conn: asyncpg.Connection) -> _Shares:
        """The share of the index holding each of its commonest words, from the statistics
        PostgreSQL keeps of the documents (none before the table is first analysed)."""
        if self._shares is None or self._shares.stale:
            row = await conn.fetchrow(
                "SELECT most_common_elems::text::text[] AS words, most_common_elem_freqs AS shares"
                " FROM pg_stats WHERE tablename = 'vacancy_search' AND attname = 'document'"
                " AND schemaname = current_schema()")
            self._shares = _Shares(row["words"], row["shares"]) if row and row["words"] \
                else _Shares([], [])
        return self._shares

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        if not documents:
            return
        # One statement for the whole batch (arrays unnested in step), not one per row.
        # A vacancy's languages travel as one text each: arrays of arrays must be square.
        async with connection(self._pool) as conn:
            await conn.execute(
                """
                INSERT INTO vacancy_search AS s (vacancy_id, agency_id, country, city_key,
                    occupation_key, languages, wage_currency, wage_monthly, closing_date,
                    source_version, document, embedding, indexed_at)
                SELECT d.vacancy_id, d.agency_id, d.country, d.city_key, d.occupation_key,
                    coalesce(string_to_array(d.languages, ' '), '{}'), d.wage_currency,
                    d.wage_monthly, d.closing_date, d.source_version,
                    setweight(to_tsvector(d.language::regconfig, d.title), 'A')
                    || setweight(to_tsvector(d.language::regconfig, d.body), 'B')
                    || setweight(to_tsvector('simple', d.translit), 'D'),
                    d.embedding, now()
                FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[],
                            $6::text[], $7::text[], $8::numeric[], $9::date[], $10::bigint[],
                            $11::text[], $12::text[], $13::text[], $14::text[], $15::vector[])
                    AS d(vacancy_id, agency_id, country, city_key, occupation_key, languages,
                         wage_currency, wage_monthly, closing_date, source_version, language,
                         title, body, translit, embedding)
                ORDER BY d.vacancy_id
                ON CONFLICT (vacancy_id) DO UPDATE SET
                    agency_id = EXCLUDED.agency_id, country = EXCLUDED.country,
                    city_key = EXCLUDED.city_key, occupation_key = EXCLUDED.occupation_key,
                    languages = EXCLUDED.languages, wage_currency = EXCLUDED.wage_currency,
                    wage_monthly = EXCLUDED.wage_monthly,
                    closing_date = EXCLUDED.closing_date,
                    source_version = EXCLUDED.source_version, document = EXCLUDED.document,
                    embedding = EXCLUDED.embedding, indexed_at = now()
                WHERE s.source_version <= EXCLUDED.source_version
                """,
                *(list(column) for column in zip(*(
                    (d.vacancy_id, d.agency_id, d.country, d.city_key, d.occupation_key,
                     " ".join(d.languages), d.wage_currency, d.wage_monthly, d.closing_date,
                     d.source_version, d.language, d.title, d.body, d.translit,
                     vector_bytes(d.embedding))
                    for d in _latest(documents)), strict=True)),
            )

    async def delete(self, vacancy_ids: Sequence[int]) -> None:
        if vacancy_ids:
            async with connection(self._pool) as conn:
                await conn.execute("DELETE FROM vacancy_search WHERE vacancy_id = ANY($1)",
                                   list(vacancy_ids))

    async def indexed_versions(self, vacancy_ids: Sequence[int]) -> dict[int, int]:
        async with connection(self._pool) as conn:
            rows = await conn.fetch(
                "SELECT vacancy_id, source_version FROM vacancy_search "
                "WHERE vacancy_id = ANY($1)", list(vacancy_ids),
            )
        return {r["vacancy_id"]: r["source_version"] for r in rows}

    async def count(self) -> int:
        async with connection(self._pool) as conn:
            n: int = await conn.fetchval("SELECT count(*) FROM vacancy_search")
        return n

    async def ping(self) -> None:
        async with self._searching() as conn:
            await conn.fetchval("SELECT 1")

    async def close(self) -> None:
        """Close the search connections, if this backend opened them (the pool given for
        index writes belongs to the caller)."""
        if self._search_pool is not None:
            await self._search_pool.close()

    @staticmethod
    def _params(query: SearchQuery) -> list[Any]:
        f = query.filters
        return [
            # "agency:country" pairs, tested row by row: a join against the pairs would
            # turn the planner away from the HNSW index to sorting every row. Sent as one
            # text: the driver encodes a text[] element by element, 0.5 ms for 700 pairs,
            # and PostgreSQL folds the split into a constant once per query.
            ",".join(query.visibility.keys),
            f.closing_from(query.visibility.today), list(f.countries),
            f.city, f.occupation, f.min_wage, f.wage_currency, list(f.languages),
            f.strict_currency,
        ]

    async def _keyword(self, conn: asyncpg.Connection, query: SearchQuery, params: list[Any],
                       limit: int) -> list[Hit]:
        words = [word for word, _ in query.words] or [query.words_text]
        prefixes = [p for _, p in query.words] or [query.translit_terms]
        stems = await self._stems_of(conn, words)
        every_word, any_word = tsqueries(list(zip(words, stems, prefixes, strict=True)))
        if _narrowing(query) and (not _occupation_alone(query) or (
                await self._shares_of(conn)).held_by(stems, prefixes) > _LOOKED_UP_BELOW):
            # Few vacancies may pass the filters, and many hold the words: then the words
            # are read row by row, as the GIN index would otherwise gather every vacancy
            # holding a word (76,000 for `sewing factory work` at 100,000) only to keep the
            # few the filters let through. Rarer words are looked up below. One
            # statement counts them, up to _EXACT_BELOW, and ranks them when fewer, in the
            # same two tiers and order as below. Only the documents holding a word are
            # kept past the read (at 100,000, a tenth of an occupation's).
            rows = await conn.fetch(
                f"""
                WITH q(every_word, any_word) AS (
                    SELECT to_tsquery('simple', $10), to_tsquery('simple', $11)),
                narrowed AS MATERIALIZED (
                    SELECT s.vacancy_id,
                           CASE WHEN s.document @@ q.any_word THEN s.document END AS document
                    FROM vacancy_search s, q WHERE {_FILTERS}
                    LIMIT {_EXACT_BELOW}),
                matched AS MATERIALIZED (
                    SELECT m.vacancy_id, m.document, m.tier,
                           row_number() OVER (PARTITION BY m.tier ORDER BY m.vacancy_id) AS nth
                    FROM (SELECT c.vacancy_id, c.document,
                                 CASE WHEN c.document @@ q.every_word THEN 1 ELSE 2 END AS tier
                          FROM narrowed c, q WHERE c.document IS NOT NULL) AS m)
                SELECT n.matching, r.vacancy_id, r.score, r.tier
                FROM (SELECT count(*) AS matching FROM narrowed) AS n
                LEFT JOIN LATERAL (
                    SELECT x.vacancy_id, ts_rank_cd(x.document, q.any_word) AS score, x.tier
                    FROM matched x, q
                    WHERE x.nth <= $13 AND (x.tier = 1 OR (
                        SELECT count(*) FROM matched WHERE tier = 1) < $12)
                    ORDER BY x.tier, score DESC, x.vacancy_id LIMIT $12
                ) AS r ON n.matching < {_EXACT_BELOW}
                ORDER BY r.tier, r.score DESC, r.vacancy_id
                """,
                *params, every_word, any_word, limit, _RANKED_AT_MOST,
            )
            if rows[0]["matching"] < _EXACT_BELOW:
                return _keyword_hits([r for r in rows if r["vacancy_id"] is not None])
        # Vacancies holding every word as typed first: the index looks those words up,
        # where each prefix (`driver:*`) has it gather every vacancy holding any word that
        # starts so. When they are enough, they are the first tier as the statement below
        # would find it, drawn from its best part; else the statement below. A word with
        # no stem (a stop word) keeps its prefixes, so these are always among its matches.
        # At 100,000: words leg median 3.7 -> 2.6 ms over the benchmark's 61 queries, the
        # same top ten against ranking every match (overlap 0.661 either way).
        exact_every, _ = tsqueries([(w, st, () if st else pre)
                                    for w, st, pre in zip(words, stems, prefixes, strict=True)])
        if exact_every and exact_every != every_word:
            rows = await conn.fetch(
                f"""
                SELECT c.vacancy_id, ts_rank_cd(c.document, to_tsquery('simple', $11)) AS score,
                       1 AS tier
                FROM (SELECT s.vacancy_id, s.document FROM vacancy_search s
                      WHERE s.document @@ to_tsquery('simple', $10) AND {_FILTERS}
                      LIMIT $13) AS c
                ORDER BY score DESC, c.vacancy_id LIMIT $12
                """,
                *params, exact_every, any_word, limit, _RANKED_AT_MOST,
            )
            if len(rows) == limit:
                return _keyword_hits(rows)
        rows = await conn.fetch(
            f"""
            WITH q(every_word, any_word) AS (
                SELECT to_tsquery('simple', $10), to_tsquery('simple', $11)),
            every_word AS (
                SELECT c.vacancy_id, ts_rank_cd(c.document, q.any_word) AS score
                FROM (SELECT s.vacancy_id, s.document FROM vacancy_search s, q
                      WHERE s.document @@ q.every_word AND {_FILTERS}
                      LIMIT $13) AS c, q
                ORDER BY score DESC, c.vacancy_id LIMIT $12),
            any_word AS (
                SELECT c.vacancy_id, ts_rank_cd(c.document, q.any_word) AS score
                FROM (SELECT s.vacancy_id, s.document FROM vacancy_search s, q
                      WHERE (SELECT count(*) FROM every_word) < $12
                        AND s.document @@ q.any_word AND NOT s.document @@ q.every_word
                        AND {_FILTERS}
                      LIMIT $13) AS c, q
                ORDER BY score DESC, c.vacancy_id LIMIT $12)
            SELECT vacancy_id, score, 1 AS tier FROM every_word
            UNION ALL
            SELECT vacancy_id, score, 2 AS tier FROM any_word
            ORDER BY tier, score DESC, vacancy_id
            LIMIT $12
            """,
            *params, every_word, any_word, limit, _RANKED_AT_MOST,
        )
        return _keyword_hits(rows)

    async def _vector(self, conn: asyncpg.Connection, query: SearchQuery, params: list[Any],
                      limit: int) -> list[Hit]:
        assert query.vector is not None
        vector = query.vector
        rows: list[Any] = []
        walk_first = not query.exact and query.near_filters
        if walk_first:
            # A query naming the occupation filtered on: its nearest vacancies are mostly
            # of it, so the graph's walk finds enough of them, exactly those an exact
            # scan would rank first, without the rows being counted. A short walk first:
            # trusted when nearly all it met pass the filters (the query lies inside the
            # occupation); one that strays (`уборка офисов bricklayer` lies between two
            # trades) walks again at full depth.
            short = max(NEAR_EF_SEARCH, 4 * limit)
            rows = await self._nearest(conn, params, vector, short, ef_search=short)
            if len(rows) >= max(limit, short * 3 // 4):
                return _vector_hits(rows[:limit])
            rows = await self._nearest(conn, params, vector, limit)
            if len(rows) >= min(limit, query.k):
                return _vector_hits(rows)
        if not query.exact and _narrowing(query):
            # The filters may leave so few vacancies that scanning them all is cheaper than
            # walking the HNSW graph (which would mostly find vacancies the filters refuse).
            # One statement counts them, up to _EXACT_BELOW, and ranks them when fewer: the
            # filtered rows are read once, not once to count and again to rank.
            counted = await conn.fetch(
                f"""
                SELECT vacancy_id, 1 - distance AS similarity, matching FROM (
                    SELECT c.vacancy_id, c.embedding <=> $10::vector AS distance,
                           count(*) OVER () AS matching
                    FROM (SELECT s.vacancy_id, s.embedding FROM vacancy_search s
                          WHERE {_FILTERS} LIMIT {_EXACT_BELOW}) AS c
                ) AS d
                ORDER BY distance, vacancy_id LIMIT $11
                """,
                *params, vector, limit,
            )
            if not counted or counted[0]["matching"] < _EXACT_BELOW:
                return _vector_hits(counted)
        if not query.exact and not walk_first:
            rows = await self._nearest(conn, params, vector, limit)
        if query.exact or len(rows) < min(limit, query.k):
            # `+ 0` keeps the planner off the HNSW index: an exact scan of the filtered rows.
            rows = await conn.fetch(
                f"""
                SELECT s.vacancy_id, 1 - (s.embedding <=> $10::vector) AS similarity
                FROM vacancy_search s WHERE {_FILTERS}
                ORDER BY (s.embedding <=> $10::vector) + 0, s.vacancy_id LIMIT $11
                """,
                *params, vector, limit,
            )
        return _vector_hits(rows)

    async def _nearest(self, conn: asyncpg.Connection, params: list[Any], vector: Any,
                       limit: int, *, ef_search: int | None = None) -> list[Any]:
        """The graph's nearest vacancies that pass the filters, among those it walks
        (`ef_search` deep, when not the connection's own depth)."""
        statement = f"""
            SELECT s.vacancy_id, 1 - (s.embedding <=> $10::vector) AS similarity
            FROM vacancy_search s WHERE {_FILTERS}
            ORDER BY s.embedding <=> $10::vector LIMIT $11
            """
        if ef_search is None or ef_search >= self._ef_search:
            return await conn.fetch(statement, *params, vector, limit)
        async with conn.transaction():  # the depth is the connection's again at its end
            await conn.execute(f"SET LOCAL hnsw.ef_search = {int(ef_search)}")
            return await conn.fetch(statement, *params, vector, limit)

    async def _browse(self, conn: asyncpg.Connection, query: SearchQuery) -> list[Hit]:
        rows = await conn.fetch(
            f"""
            SELECT s.vacancy_id FROM vacancy_search s WHERE {_FILTERS}
            ORDER BY s.closing_date, s.vacancy_id LIMIT $10
            """,
            *self._params(query), query.k,
        )
        return [Hit(r["vacancy_id"]) for r in rows]

    def _leg(self, leg: str) -> AbstractContextManager[None]:
        """Times a leg in the engine, from asking for a connection to the last row."""
        return metrics.timed(metrics.SEARCH_LEG_SECONDS, backend=self.name, leg=leg)

    async def search(self, query: SearchQuery) -> list[Hit]:
        if not query.text.strip() and not query.has_vector:
            with self._leg("browse"):
                async with self._searching() as conn:
                    # No words: the filtered vacancies, those closing soonest first.
                    return await self._browse(conn, query)
        return fused(query, *await self.legs(query))

    async def legs(self, query: SearchQuery, *, words: bool = True, meaning: bool = True
                   ) -> tuple[list[Hit], list[Hit]]:
        depth = max(50, query.k * 5)
        params = self._params(query)

        async def keyword_leg() -> list[Hit]:
            if not words or query.mode not in ("hybrid", "keyword") \
                    or not query.words_text.strip():
                return []
            if query.mode == "hybrid" and query.has_vector:
                # Once the model has read the query: the words leg beside the model takes
                # a core from it, and the model is on the way to the answer (on two
                # cores, p50 0.7 ms shorter than starting both at once).
                await query.with_vector()
            with self._leg("keyword"):
                async with self._searching() as conn:
                    return await self._keyword(conn, query, params, depth)

        async def vector_leg() -> list[Hit]:
            if not meaning or query.mode not in ("hybrid", "vector") or not query.has_vector:
                return []
            with_vector = await query.with_vector()
            with self._leg("vector"):
                async with self._searching() as conn:
                    return await self._vector(conn, with_vector, params,
                                              depth if query.mode == "hybrid" else query.k)

        # The two legs run side by side, each on its own connection.
        keyword, vector = await asyncio.gather(keyword_leg(), vector_leg())
        return keyword, vector


def _vector_hits(rows: Sequence[Any]) -> list[Hit]:
    return [Hit(r["vacancy_id"], vector_rank=i, similarity=float(r["similarity"]))
            for i, r in enumerate(rows, start=1)]


def _narrowing(query: SearchQuery) -> bool:
    """Whether a filter may leave few vacancies (countries alone leave many)."""
    f = query.filters
    return bool(f.city or f.occupation or f.languages or f.min_wage is not None)


def _occupation_alone(query: SearchQuery) -> bool:
    """Whether the occupation is the only filter (besides who may be shown)."""
    f = query.filters
    return bool(f.occupation) and not (f.countries or f.city or f.languages
                                       or f.min_wage is not None)


def _keyword_hits(rows: Sequence[Any]) -> list[Hit]:
    return [Hit(r["vacancy_id"], keyword_rank=i, keyword_score=float(r["score"]),
                keyword_tier=r["tier"]) for i, r in enumerate(rows, start=1)]


class _Shares:
    """What share of the index holds each of its commonest words (PostgreSQL's statistics
    of the documents); a word not among them is held by fewer."""

    def __init__(self, words: Sequence[str], shares: Sequence[float]) -> None:
        ordered = sorted(zip(words, shares[:len(words)], strict=True))
        self._words = [w for w, _ in ordered]
        self._sums = [0.0]
        for _, share in ordered:
            self._sums.append(self._sums[-1] + share)
        self._read_at = time.monotonic()

    @property
    def stale(self) -> bool:
        return time.monotonic() - self._read_at > _SHARES_KEPT_S

    def held_by(self, stems: Sequence[Sequence[str]], prefixes: Sequence[Sequence[str]]
                ) -> float:
        """How much of the words' index a lookup of the words (each given as its stems
        and prefixes) reads, as a share of the vacancies: the shares holding each stem and
        each word a prefix starts, summed (a word not among the commonest counts nothing);
        1.0 when nothing is known of the index."""
        if not self._words:
            return 1.0
        # A stem is one word of the index; a prefix, every word from it to its longest.
        spans = [*((t, t) for ts in stems for t in ts),
                 *((p, p + "\uffff") for ps in prefixes for p in ps if p)]
        held = 0.0
        for first, last in spans:
            held += self._sums[bisect.bisect_right(self._words, last)] - \
                self._sums[bisect.bisect_left(self._words, first)]
        return min(held, 1.0)
