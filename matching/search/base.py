"""The search interface every backend implements, and the shapes it speaks in."""

from __future__ import annotations

from collections.abc import Awaitable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Literal, Protocol, runtime_checkable

import numpy as np

from core.text import without_stop_words

Mode = Literal["hybrid", "keyword", "vector"]


@dataclass(frozen=True)
class SearchDocument:
    """What the index holds for one published vacancy."""

    vacancy_id: int
    agency_id: int
    country: str
    city_key: str
    occupation_key: str
    languages: list[str]
    wage_currency: str
    wage_monthly: Decimal
    closing_date: date
    source_version: int
    language: Literal["english", "russian"]
    title: str
    body: str
    translit: str
    embedding: np.ndarray


@dataclass(frozen=True)
class SearchFilters:
    countries: Sequence[str] = ()
    city: str | None = None
    occupation: str | None = None
    min_wage: Decimal | None = None
    wage_currency: str | None = None
    # False: vacancies paid in another currency pass the minimum (they cannot be compared).
    strict_currency: bool = True
    # Languages the seeker speaks: a vacancy passes if it requires no other language.
    languages: Sequence[str] = ()
    # Still open on this day: time left to prepare documents and apply.
    open_until: date | None = None

    def closing_from(self, today: date) -> date:
        """The earliest closing date a vacancy shown today may have."""
        return max(today, self.open_until) if self.open_until else today


@dataclass(frozen=True)
class Visibility:
    """Who may be shown today: agency id -> destination countries its licence covers."""

    today: date
    recruiting: Mapping[int, frozenset[str]]

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """The "agency:country" pairs shown (made once per visibility)."""
        return tuple(f"{agency}:{country}" for agency, covered in self.recruiting.items()
                     for country in sorted(covered))

    @cached_property
    def by_countries(self) -> tuple[tuple[tuple[str, ...], tuple[int, ...]], ...]:
        """The agencies shown, grouped by the countries their licences cover: (countries,
        agency ids) for each set covered (most agencies cover the same few)."""
        groups: dict[frozenset[str], list[int]] = {}
        for agency, covered in self.recruiting.items():
            if covered:
                groups.setdefault(covered, []).append(agency)
        return tuple(sorted((tuple(sorted(covered)), tuple(sorted(agencies)))
                            for covered, agencies in groups.items()))


@dataclass
class Hit:
    vacancy_id: int
    score: float = 0.0
    keyword_rank: int | None = None
    keyword_score: float | None = None
    # 1 when the vacancy holds every word of the query (each as typed or by its spelling
    # prefixes), 2 when it holds only some; None outside the words leg.
    keyword_tier: int | None = None
    vector_rank: int | None = None
    similarity: float | None = None
    parts: dict[str, float] = field(default_factory=dict)
    # The query names an occupation no open vacancy has, and this one (of another trade)
    # does not hold every word typed: no match, however near (see `is_match`).
    other_occupation: bool = False
    # It came for a trade related to the one the query names, which no open vacancy has.
    related_occupation: bool = False
    # It came beside the vacancies of the occupations the query names without holding
    # every word typed: shown only when it is of one of these occupations (codes; those
    # trades and their kin) or of none the list knows (see `searching.near_enough`).
    kin_only: frozenset[str] = frozenset()
    # In the city typed, where no vacancy of the occupations named is open, it may be of
    # their kin: shown when it is (`kin_only`), however far the model puts it.
    kin_in_city: bool = False
    # Of a trade a general name typed covers (a bricklayer's for `quruvchi`, builder),
    # shown after that name's own vacancies.
    covered_trade: bool = False


@dataclass(frozen=True)
class SearchQuery:
    text: str
    vector: np.ndarray | None
    filters: SearchFilters
    visibility: Visibility
    k: int = 10
    mode: Mode = "hybrid"
    exact: bool = False
    # The query's meaning lies inside its filters (it names the occupation filtered on),
    # so its nearest vacancies mostly pass them: an index may walk its graph before it
    # counts what the filters leave.
    near_filters: bool = False
    # Spelling-skeleton prefixes of the words, so Russian typed in Latin letters (any
    # transliteration habit, any ending) finds Cyrillic adverts.
    translit_terms: tuple[str, ...] = ()
    # Each word of the query with its own spelling-skeleton prefixes, for backends that
    # look for vacancies holding every word before those holding any.
    words: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # How much the meaning (vector) leg counts in the fusion, against the words leg.
    vector_weight: float = 1.0
    # The query's vector still being computed, awaited by whatever needs it.
    vector_later: Awaitable[np.ndarray] | None = None

    @cached_property
    def words_text(self) -> str:
        """What the words leg looks for: the text less its stop words (`в`, `the`), which
        PostgreSQL's text search drops and Elasticsearch's `standard` fields would keep,
        so a stop word matches no vacancy on either engine."""
        return without_stop_words(self.text)

    @property
    def has_vector(self) -> bool:
        return self.vector is not None or self.vector_later is not None

    async def with_vector(self) -> SearchQuery:
        """This query with its vector computed (when it has one)."""
        if self.vector is not None or self.vector_later is None:
            return self
        return replace(self, vector=await self.vector_later, vector_later=None)


class SearchUnavailableError(Exception):
    """The engine cannot be reached; the caller answers 503 and loses nothing."""


class SearchBackend(Protocol):
    name: str

    async def upsert(self, documents: Sequence[SearchDocument]) -> None: ...

    async def delete(self, vacancy_ids: Sequence[int]) -> None: ...

    async def search(self, query: SearchQuery) -> list[Hit]: ...

    async def legs(self, query: SearchQuery, *, words: bool = True, meaning: bool = True
                   ) -> tuple[list[Hit], list[Hit]]:
        """The two legs of a query with words or a vector, unfused: the words leg's hits
        and the meaning leg's, each as deep as `search` ranks it before fusing (`fused`
        of them is `search`'s answer). A leg not asked for (`words`, `meaning`) is not
        run and comes back empty."""
        ...

    async def indexed_versions(self, vacancy_ids: Sequence[int]) -> dict[int, int]: ...

    async def count(self) -> int: ...

    async def ping(self) -> None:
        """Return once the engine answers; raise when it does not (readiness)."""

    async def close(self) -> None: ...


class IndexWriter(Protocol):
    async def upsert(self, documents: Sequence[SearchDocument]) -> None: ...


@runtime_checkable
class RebuildingBackend(Protocol):
    """A backend that rebuilds into a fresh index and switches to it at once (an alias)."""

    def rebuild(self) -> AbstractAsyncContextManager[IndexWriter]: ...


@runtime_checkable
class BatchingBackend(Protocol):
    """A backend whose writes are cheaper made visible once for many (Elasticsearch's
    refresh): the writer's upserts become visible to searches when the block is left."""

    def batched_writes(self) -> AbstractAsyncContextManager[IndexWriter]: ...


RRF_K = 60

# What holding the words typed adds to a vacancy's closeness in meaning (cosine): every
# word (a code, a name, a one-word job) lifts it past vacancies only somewhat closer;
# some of the words lifts it a little, as a tie-break among alike meanings. Chosen on the
# tuning half of `bench/eval` (`bench.evaluate --split tune`): any every-word lift from
# 0.1 to 0.3 gave the same figures, a some-words lift of 0.05 to 0.08 the best ones; at
# 0.2 and above the words' vacancies crowd out those in other languages.
EVERY_WORD_LIFT = 0.15
SOME_WORDS_LIFT = 0.05


def fused(query: SearchQuery, keyword: list[Hit], vector: list[Hit]) -> list[Hit]:
    """The answer to `query` from its legs' hits (`SearchBackend.legs`)."""
    if query.mode == "keyword":
        return fuse(keyword, [], query.k)
    if query.mode == "vector":
        return fuse([], vector, query.k)
    return fuse(keyword, vector, query.k, vector_weight=query.vector_weight)


def fuse(keyword: list[Hit], vector: list[Hit], k: int, *, vector_weight: float = 1.0
         ) -> list[Hit]:
    """Both legs' hits on one scale: closeness in meaning (cosine, times the weight the
    query's language earns), lifted by holding the words typed (each hit keeps its own
    ranks and scores).

    A hit of the words leg that the meaning leg did not rank counts the least closeness
    the meaning leg returned (it is no closer than that). Reciprocal ranks, used before,
    put any vacancy holding one common word of a long query ("work") above one in another
    language that means all of it, and lost to the meaning leg alone on data they were
    not tuned on.
    """
    merged: dict[int, Hit] = {}
    for hit in keyword:
        merged[hit.vacancy_id] = Hit(hit.vacancy_id, keyword_rank=hit.keyword_rank,
                                     keyword_score=hit.keyword_score,
                                     keyword_tier=hit.keyword_tier)
    for hit in vector:
        into = merged.setdefault(hit.vacancy_id, Hit(hit.vacancy_id))
        into.vector_rank = hit.vector_rank
        into.similarity = hit.similarity
    least = min((h.similarity for h in vector if h.similarity is not None), default=0.0)
    for hit in merged.values():
        closeness = hit.similarity if hit.similarity is not None else least
        vector_part = vector_weight * closeness if vector else 0.0
        keyword_part = 0.0 if hit.keyword_rank is None else \
            EVERY_WORD_LIFT if hit.keyword_tier in (None, 1) else SOME_WORDS_LIFT
        hit.parts = {"keyword": keyword_part, "vector": vector_part}
        hit.score = keyword_part + vector_part
    # A tie (no meaning leg, or alike meanings) goes to the better place in the words leg,
    # then to the closer meaning.
    ranked = sorted(merged.values(),
                    key=lambda h: (-h.score, h.keyword_rank or len(merged) + 1,
                                   -(h.similarity or 0.0), h.vacancy_id))
    return ranked[:k]
