"""Search use cases: index documents, the outbox relay, reindexing, and explained results."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

import asyncpg

from core import outbox
from core.clock import utc_today
from core.config import get_settings
from core.db import UnitOfWork, connection
from core.text import is_stop_word, spelling_words
from core.validation import Money
from matching import language_asks, occupations, places, wage_asks
from matching import vacancies as vacancy_service
from matching.embedder import Embedder, model_languages
from matching.exceptions import SearchUnavailable
from matching.repository import vacancies as vacancy_repo
from matching.rows import VacancyResultRow
from matching.rules import DEFAULT_WEEKLY_HOURS, HOURS_NO_LAW_ALLOWS, minimum_for_hours
from matching.schemas import LEVELS
from matching.search.base import (
    RRF_K,
    BatchingBackend,
    Hit,
    IndexWriter,
    Mode,
    RebuildingBackend,
    SearchBackend,
    SearchDocument,
    SearchFilters,
    SearchQuery,
    SearchUnavailableError,
    Visibility,
    fuse,
    fused,
)
from matching.vacancies import INDEX_TOPIC
from registry import service as registry_service

_RELAY_LOCK = 0x5645_5454_4552  # "VETTER": the search-index relay
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")


class IndexWidthMismatch(RuntimeError):
    """The model's vectors and the search index's column are of different widths."""


async def check_index_width(conn: asyncpg.Connection, *, dimensions: int) -> None:
    """Refuse (IndexWidthMismatch) a model of `dimensions` (EMBEDDING_DIMENSIONS, which the
    model is held to when it loads) when the index's vector column is of another width:
    every vacancy it indexed and every search it embedded would fail."""
    column = await vacancy_repo.vector_width(conn)
    if column != dimensions:
        raise IndexWidthMismatch(
            f"the embedding model makes vectors of {dimensions} dimensions "
            f"(EMBEDDING_DIMENSIONS) but the search index's column "
            f"(vacancy_search.embedding) holds {column}: set EMBEDDING_DIMENSIONS to the "
            "model's width, run `vetted migrate`, then `vetted reindex`")


def text_language(text: str) -> Literal["english", "russian"]:
    """The stemming language of a text: Russian when Cyrillic letters dominate."""
    return "russian" if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)) else "english"


def occupation_key(text: str) -> str:
    """What the occupation filter compares: the taxonomy's key for an occupation it knows,
    named in any language (`cook`, `повар`, `oshpaz`) or by its ISCO code, else the text."""
    return occupations.occupation_key(text)


def vacancy_occupation(row: Mapping[str, Any]) -> occupations.Occupation | None:
    """A vacancy's occupation of the list: the code stored with it, else the one its words
    name (the list may have grown since the vacancy was saved)."""
    code = row.get("occupation_code")
    return (occupations.by_code(code) if code else None) or \
        occupations.occupation_for(row["occupation"])


def city_key(text: str, country: str | None = None) -> str:
    """What the city filter compares: one key for every name and spelling of a city the
    gazetteer knows (`Москва`, `Moskva`, `Moscow`), else the name's transliteration."""
    return places.city_key(text, country)


# The model reads at most a couple of hundred tokens, and the start of an advert says
# what the job is; the rest of a long description only costs time to embed.
EMBEDDED_DESCRIPTION_CHARS = 400


def embedding_text(row: Mapping[str, Any]) -> str:
    skills = ", ".join(row["skills"])
    description = row["description"][:EMBEDDED_DESCRIPTION_CHARS]
    return (f"{row['title']}. {row['occupation']}. Skills: {skills}. "
            f"{row['city']}, {row['country']}. {description}")


def build_document(row: Mapping[str, Any], embedding: Any) -> SearchDocument:
    language = text_language(f"{row['title']} {row['description']}")
    keywords = f"{row['occupation']} {' '.join(row['skills'])} {row['city']}"
    occupation = vacancy_occupation(row)
    return SearchDocument(
        vacancy_id=row["id"],
        agency_id=row["agency_id"],
        country=row["country"],
        city_key=city_key(row["city"], row["country"]),
        occupation_key=occupation.key if occupation else occupation_key(row["occupation"]),
        languages=sorted({lang["code"] for lang in row["languages"]}),
        wage_currency=row["wage_currency"],
        wage_monthly=row["wage_monthly"],
        closing_date=row["closing_date"],
        source_version=row["version"],
        language=language,
        title=row["title"],
        body=f"{keywords} {row['description']}",
        # Russian written in Latin letters ("svarshchik") finds Cyrillic vacancies, and a
        # city's name in any language and case (`Qozonda`, see `_place_spellings`) its
        # vacancies in any language.
        translit=" ".join(dict.fromkeys([
            *(spelling_words(f"{row['title']} {keywords}") if language == "russian" else ()),
            *places.city_spellings(row["city"], row["country"])])),
        embedding=embedding,
    )


def documents_for(rows: Sequence[Mapping[str, Any]], embedder: Embedder) -> list[SearchDocument]:
    if not rows:
        return []
    vectors = embedder.embed([embedding_text(r) for r in rows])
    return [build_document(r, v) for r, v in zip(rows, vectors, strict=True)]


# --- the outbox relay and reindexing ---------------------------------------------------


async def relay_batch(uow: UnitOfWork, *, backend: SearchBackend, embedder: Embedder,
                      limit: int = 256) -> int:
    """Apply one batch of pending outbox rows to the index; returns how many were relayed.

    The index is brought to the vacancy's current state, whatever the row said, so a
    row relayed twice (a worker that died before committing) changes nothing.
    """
    # One relay at a time: two relays racing on one vacancy could write an older state
    # after a newer one. Another relay already running will drain what is pending.
    if not await uow.conn.fetchval("SELECT pg_try_advisory_xact_lock($1)", _RELAY_LOCK):
        return 0
    rows = await outbox.claim(uow.conn, limit=limit, topics=[INDEX_TOPIC])
    if not rows:
        return 0
    ids = sorted({r["entity_id"] for r in rows if r["topic"] == INDEX_TOPIC})
    vacancies = await vacancy_repo.get_vacancies(uow.conn, ids)
    # Published, and no blocking red flag today (a raised minimum wage, a watchlisted
    # employer, a fee the origin country bars): search never offers a breach.
    published_ids = await vacancy_service.searchable(uow, vacancies, utc_today())
    published = [v for v in vacancies if v["id"] in published_ids]

    async def chunks() -> AsyncIterator[Sequence[Mapping[str, Any]]]:
        for start in range(0, len(published), _CHUNK):
            yield published[start:start + _CHUNK]

    if isinstance(backend, BatchingBackend):
        async with backend.batched_writes() as writer:
            await _embed_and_write(writer, chunks(), embedder)
    else:
        await _embed_and_write(backend, chunks(), embedder)
    await backend.delete([i for i in ids if i not in published_ids])
    await outbox.mark_processed(uow.conn, [r["id"] for r in rows])
    return len(rows)


async def reindex(
    pool: asyncpg.Pool, *, backend: SearchBackend, embedder: Embedder, batch: int = 256,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Rebuild the index from PostgreSQL: every published vacancy in, everything else out.

    Searches keep working throughout. A backend that can rebuild into a fresh index
    (Elasticsearch) fills one and switches to it at once; the others are brought up to
    date in place. The model embeds one batch in a thread while the previous batch is
    written, so the index writes hide behind the embedding.
    """
    if isinstance(backend, RebuildingBackend):
        async with backend.rebuild() as fresh:
            total, _ = await _write_published(pool, fresh, embedder, batch, progress)
        return total
    total, seen = await _write_published(pool, backend, embedder, batch, progress)
    stale = [i for i in await _indexed_ids(pool) if i not in seen]
    await backend.delete(stale)
    return total


# Vacancies the relay embeds at a time: small enough that the first write starts soon
# and the last one, which nothing hides, is short (relaying into 100,000: 31.4 adverts/s
# with 32, 29.6 with 64, 28.7 with 128).
_CHUNK = 32


async def _embed_and_write(target: IndexWriter,
                           batches: AsyncIterator[Sequence[Mapping[str, Any]]],
                           embedder: Embedder) -> None:
    """Embed each batch in a thread while the previous one is written to the index, so
    the index writes (the graph's inserts cost milliseconds each at 100,000) hide behind
    the model instead of adding to it."""
    loop = asyncio.get_running_loop()
    writing: asyncio.Task[None] | None = None
    try:
        async for rows in batches:
            documents = await loop.run_in_executor(None, documents_for, rows, embedder)
            if writing is not None:
                await writing
            writing = asyncio.create_task(target.upsert(documents))
        if writing is not None:
            await writing
    finally:
        if writing is not None and not writing.done():
            writing.cancel()


async def _write_published(
    pool: asyncpg.Pool, target: IndexWriter, embedder: Embedder, batch: int,
    progress: Callable[[int], None] | None,
) -> tuple[int, set[int]]:
    seen: set[int] = set()

    async def published() -> AsyncIterator[Sequence[Mapping[str, Any]]]:
        last_id = 0
        while True:
            async with UnitOfWork(pool, transaction=False) as uow:
                ids = await vacancy_repo.published_ids(uow.conn, after_id=last_id,
                                                       limit=batch)
                if not ids:
                    return
                rows = await vacancy_repo.get_vacancies(uow.conn, ids)
                offered = await vacancy_service.searchable(uow, rows, utc_today())
            seen.update(offered)
            last_id = ids[-1]
            yield [r for r in rows if r["id"] in offered]
            if progress:  # embedded, and being written
                progress(len(ids))

    await _embed_and_write(target, published(), embedder)
    return len(seen), seen


async def _indexed_ids(pool: asyncpg.Pool) -> list[int]:
    async with connection(pool) as conn:
        rows = await conn.fetch("SELECT vacancy_id FROM vacancy_search")
    return [r["vacancy_id"] for r in rows]


async def pending_relay(uow: UnitOfWork) -> int:
    return await outbox.pending_count(uow.conn, topics=[INDEX_TOPIC])


# --- searching -------------------------------------------------------------------------


@dataclass(frozen=True)
class Seeker:
    """What we know of the person searching, to explain each match."""

    skills: Sequence[str] = ()
    languages: Sequence[dict[str, str]] = ()


def _level_index(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else -1


def _explain_languages(required: list[dict[str, str]], seeker: Seeker
                       ) -> tuple[list[str], list[str], list[dict[str, Any]]]:
    """The languages met and missing as labels, and the same as codes (each need with the
    seeker's level, if any), which pages word in the reader's language."""
    spoken = {lang["code"]: lang["level"] for lang in seeker.languages}
    met, missing, needs = [], [], []
    for need in required:
        have = spoken.get(need["code"])
        label = f"{need['code']} {need['level']}"
        enough = have is not None and _level_index(have) >= _level_index(need["level"])
        if enough:
            met.append(label)
        else:
            missing.append(label + (f" (has {have})" if have else ""))
        needs.append({"code": need["code"], "level": need["level"], "has": have, "met": enough})
    return met, missing, needs


# Common English words that, read as transliterated Russian, would match half the index.
_ENGLISH_STOP_WORDS = frozenset({
    "about", "after", "also", "been", "being", "from", "have", "here", "into", "just",
    "like", "looking", "more", "most", "need", "only", "over", "some", "such", "than",
    "that", "their", "them", "then", "there", "these", "they", "this", "those", "very",
    "want", "what", "when", "where", "which", "while", "will", "with", "within",
    "without", "would", "your",
})

_SUFFIXES = ("ings", "ing", "ers", "er", "ed", "es", "s")


def _stem(word: str) -> str:
    """A rough stem, enough to see that "welder" asked for "welding"."""
    if _CYRILLIC.search(word):
        return word[:-2] if len(word) > 5 else word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _stems(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"\w+", text.lower()) if len(w) >= 3}


def _explain_skills(vacancy_skills: list[str], seeker: Seeker, typed: str) -> list[str]:
    """The vacancy's skills the seeker has (every word of it within one of theirs:
    `welding` for `MIG/MAG welding`, not `manual arc welding`); for a seeker whose skills
    are not known, those the words typed ask for. A profile's skills are the person's:
    a word typed (`welder` on a concrete worker's matches) is not said to be one of them."""
    wanted = {s.lower() for s in seeker.skills}
    had = [_stems(s) for s in seeker.skills]
    asked = set() if seeker.skills else _stems(typed)
    return [skill for skill in vacancy_skills if skill.lower() in wanted or (
        (stems := _stems(skill)) and (any(stems <= h for h in had) or stems & asked))]


def _explain_wage(row: VacancyResultRow, minimum: Decimal | None, hours_limit: Decimal
                  ) -> dict[str, Any]:
    """The wage against the minimum for the hours the job asks: a week longer than the
    legal one is compared with the minimum for those hours (`minimum_for_hours`), not
    with the legal week's, which would make 80 hours at twice the minimum read as "100%
    above"."""
    monthly: Decimal = row["wage_monthly"]
    wage: dict[str, Any] = {
        "amount": str(row["wage_amount"]), "currency": row["wage_currency"],
        "period": row["wage_period"], "monthly": str(monthly),
        "minimum_monthly": str(minimum) if minimum is not None else None,
        "minimum_for_hours": None, "hours": None,
    }
    if minimum is None:
        wage["verdict"] = f"no minimum wage on record for {row['country']} in " \
                          f"{row['wage_currency']}"
    else:
        least = minimum_for_hours(minimum, row["hours_per_week"], hours_limit)
        if least != minimum:
            wage["minimum_for_hours"] = str(least)
            wage["hours"] = str(row["hours_per_week"])
        ratio = monthly / least
        wage["ratio_to_minimum"] = float(round(ratio, 2))
        wage["verdict"] = ("below the minimum wage" if ratio < 1 else
                           f"{round((ratio - 1) * 100)}% above the minimum wage")
    return wage


@lru_cache(maxsize=8)
def _vector_languages(model: str, configured: tuple[str, ...] | None) -> frozenset[str]:
    return frozenset(model_languages(model) if configured is None else configured)


def vector_languages(model: str, configured: Sequence[str] | None) -> frozenset[str]:
    """The query languages whose vectors count: as configured, else what the model knows."""
    return _vector_languages(model, None if configured is None else tuple(configured))


def _place_spellings(word: str) -> list[str]:
    """For a word naming a city, in any language and case (`Qozonda`, `Москвага`): the
    city's names as every advert's Latin spellings hold them (`kazan`, `moskva`, `moscov`),
    whichever language the advert and its city are written in. Names shorter than five
    letters are left out: as prefixes they start other words (`perm`, permit)."""
    place = places.place_in(word)
    if place is None:
        return []
    return [spelling[:6] for spelling in places.spellings(place) if len(spelling) >= 5]


def build_query(text: str, *, vector: Any, filters: SearchFilters, visibility: Visibility,
                k: int, mode: Mode, exact: bool = False) -> SearchQuery:
    """The backend query for what a person typed."""
    settings = get_settings()
    words: list[tuple[str, tuple[str, ...]]] = []
    for word in dict.fromkeys(re.findall(r"\w+", text.lower())):
        if is_stop_word(word):
            continue  # looked for by neither engine (see SearchQuery.words_text)
        # A skeleton of one or two letters (`xxxx` reads `h`) begins half the words of
        # the index: a prefix that finds anything.
        prefixes = () if len(word) < 4 or word in _ENGLISH_STOP_WORDS else \
            tuple(dict.fromkeys([*(s[:6] for s in spelling_words(word) if len(s) >= 3),
                                 *_place_spellings(word)]))
        words.append((word, prefixes))
    terms = tuple(dict.fromkeys(p for _, prefixes in words for p in prefixes))
    weight = 1.0 if text_language(text) in vector_languages(
        settings.embedding_model, settings.embedding_languages) \
        else settings.foreign_vector_weight
    return SearchQuery(text=text, vector=vector, filters=filters, visibility=visibility, k=k,
                       mode=mode, exact=exact, translit_terms=terms, words=tuple(words),
                       vector_weight=weight)


# A query naming more occupations than this is a description, not a choice of work (a
# family's name, `водитель`, is one choice of its several trades).
MAX_NAMED_OCCUPATIONS = 2
# A guess from a query's words stands in for the model only where the model finds no
# vacancy this near in meaning: in English and Russian it reads the query better.
GUESS_BELOW_SIMILARITY = 0.3


def is_match(hit: Hit, floor: float) -> bool:
    """Whether a hit matches: it holds words of the query, or it is close enough in meaning,
    or it may be of kin standing in within the city typed (`near_enough` then decides), and
    it is not of another trade than the one the query names (a floor of 0 or less is none:
    cosine similarity can be negative)."""
    if floor > 0 and hit.other_occupation:
        return False
    return floor <= 0 or hit.kin_in_city or hit.keyword_rank is not None \
        or (hit.similarity is not None and hit.similarity >= floor) \
        or (hit.similarity is None and hit.vector_rank is None)


def near_enough(hit: Hit, occupation: occupations.Occupation | None, floor: float) -> bool:
    """Whether a hit of a vacancy of `occupation` (None: one the list does not know) may be
    shown under a relevance floor: one that came beside the occupations the query names,
    not holding every word typed, only when it is of their kin (`Hit.kin_only`); a floor
    of 0 or less keeps every hit."""
    return floor <= 0 or not hit.kin_only or occupation is None \
        or occupation.code in hit.kin_only


def above_floor(hits: list[Hit], floor: float) -> list[Hit]:
    """The hits that match (`is_match`)."""
    return [h for h in hits if is_match(h, floor)]


async def ranked_hits(backend: SearchBackend, query: SearchQuery, *,
                      min_similarity: float | None = None
                      ) -> tuple[list[Hit], dict[int, occupations.Occupation]]:
    """The ranking a person is shown (see `_ranked_hits`), the typed city's vacancies first.

    `строитель в Москве` asks for building work in Moscow: a builder's job in Almaty, of
    the very occupation named, follows Moscow's bricklayers and concrete workers, however
    much nearer its words are. The city's own ranking comes first, so the city's vacancies
    lead even where the whole ranking would leave them out of its first `k`; when they do
    not fill the answer, the others follow, each saying it is elsewhere. A city chosen in
    the filters, or typed with nothing else of the work (a search of that city alone),
    ranks once."""
    cities = places.cities_in(query.text) if query.text and not query.filters.city else []
    if len(cities) != 1 or occupations.city_alone(query.text) is not None:
        return await _ranked_hits(backend, query, min_similarity=min_similarity)
    in_city = replace(query, filters=replace(query.filters, city=cities[0].key))
    inside, asked_inside = await _ranked_hits(backend, in_city, min_similarity=min_similarity,
                                              kin_stand_in=True)
    for hit in inside:
        if hit.related_occupation:
            # A kin trade stood in within the city: the trade named may well be open
            # elsewhere, so it is no answer to «no open vacancy is of it»; the card says
            # only that it is in the city typed.
            hit.related_occupation = False
            asked_inside.pop(hit.vacancy_id, None)
    if len(inside) >= query.k:
        return inside, asked_inside  # the city fills the answer: nothing elsewhere is shown
    whole, asked = await _ranked_hits(backend, query, min_similarity=min_similarity)
    first = {h.vacancy_id for h in inside}
    asked = {i: o for i, o in asked.items() if i not in first} | asked_inside
    return [*inside, *(h for h in whole if h.vacancy_id not in first)][:query.k], asked


async def _ranked_hits(backend: SearchBackend, query: SearchQuery, *,
                       min_similarity: float | None = None, kin_stand_in: bool = False
                       ) -> tuple[list[Hit], dict[int, occupations.Occupation]]:
    """The backend's ranking, led by the vacancies of the occupations the query names
    (`kin_stand_in`: where none is found, any of their kin stands in, as for a city typed:
    Tver's bricklayer for `строитель в Твери`, where no builder's job is open).

    A query naming an occupation in any language the taxonomy knows (`сварщик`,
    `payvandchi`, `welder`) also asks for that occupation's vacancies whatever language
    they are written in; those come first: those holding the other words typed (a place,
    a name; every one of them before some), then the closest in meaning. Returns the hits and,
    for each hit that came for an occupation named, that occupation.
    """
    # The floor is the served ranking's; a leg asked for alone ranks everything it finds.
    floor = 0.0 if query.mode != "hybrid" else \
        get_settings().search_min_similarity if min_similarity is None else min_similarity
    if query.mode == "hybrid" and not query.filters.city \
            and (city := occupations.city_alone(query.text)) is not None:
        # `работа в Казани` asks for Kazan's vacancies: one in another city is no match,
        # however near the model puts it.
        query = replace(query, filters=replace(query.filters, city=city.key))
    if query.mode == "hybrid" and not query.filters.countries \
            and len(countries := places.countries_in(query.text)) == 1:
        # `сварщик в России`, `Qozogʻistonda ish`: the country typed is where the work is
        # asked for (no advert's words name its country).
        query = replace(query, filters=replace(query.filters, countries=countries))
        if occupations.country_alone(query.text):
            # Nothing else said of the work (`Россия`, `работа в России`): every vacancy
            # there is as near as another, those closing soonest first.
            browse = replace(query, text="", words=(), translit_terms=(), vector=None,
                             vector_later=None, mode="keyword")
            return above_floor(await backend.search(browse), floor), {}
    named: list[occupations.Occupation] = []
    besides, searched = query.text, None
    if query.mode == "hybrid" and not query.filters.occupation:
        named = [o for choice in occupations.choices_named(query.text)[:MAX_NAMED_OCCUPATIONS]
                 for o in choice]
        besides = occupations.words_besides(query.text)
        if not named:
            named, besides, searched = await _guessed(backend, query, besides)
    if not named:
        return above_floor(await _searched(backend, query, searched), floor), {}

    def occupation_leg(occupation: occupations.Occupation) -> SearchQuery:
        filters = replace(query.filters, occupation=occupation.key)
        if query.has_vector:
            return replace(query, filters=filters, mode="vector", near_filters=True)
        # Without the model: the occupation's vacancies, those closing soonest first.
        return replace(query, filters=filters, mode="keyword", text="", words=(),
                       translit_terms=())

    # Meaning alone hardly tells one welder's vacancy from another: those holding the words
    # typed beside the occupation (`сварщик Нива`) come first, those holding every such word
    # before those holding some, each in the order of meaning (word scores, which the
    # index's statistics sway, only say which hold them).
    def words_leg(occupation: occupations.Occupation) -> SearchQuery:
        return build_query(besides, vector=None, visibility=query.visibility, k=query.k,
                           mode="keyword",
                           filters=replace(query.filters, occupation=occupation.key))

    def legs(named: list[occupations.Occupation]) -> list[SearchQuery]:
        return [*(words_leg(o) for o in named if besides.strip()),
                *(occupation_leg(o) for o in named)]

    # The query's own words leg runs beside the occupations' legs; its meaning leg only
    # when their vacancies do not fill the answer, as it would rank only what follows them.
    own_words, found = await asyncio.gather(
        _words_leg(backend, query, needed=searched is None),
        asyncio.gather(*(backend.search(leg) for leg in legs(named))))
    own_meaning: list[Hit] | None = None
    stood_in = False
    covered: list[occupations.Occupation] = []
    found_covered: list[list[Hit]] = []
    # The trades a vacancy beside them may be of: those named, and their kin, whichever
    # stand in for them.
    near = frozenset(o.code for o in [*named, *occupations.kin(named)])
    if not any(found):
        # No open vacancy of the occupations named: the trades of their unit groups stand
        # in (`formwork carpenter` finds carpenters, `carpenter` formwork carpenters).
        kin = occupations.kin(named)[:MAX_NAMED_OCCUPATIONS]
        own_meaning, found_kin = await asyncio.gather(
            _meaning_leg(backend, query, needed=searched is None),
            asyncio.gather(*(backend.search(leg) for leg in legs(kin))))
        stood_in = any(found_kin)
        if stood_in:
            named, found = kin, found_kin
    elif len({h.vacancy_id for leg in found for h in leg}) < query.k:
        # A general name (`строитель`, `quruvchi`, `бинокор`) also asks for the trades it
        # covers. In Russian the words leg finds many of them (`строительство`); in
        # another language only these legs do.
        covered = occupations.covered(named)
        own_meaning, found_covered = await asyncio.gather(
            _meaning_leg(backend, query, needed=searched is None),
            asyncio.gather(*(backend.search(occupation_leg(o)) for o in covered)))
    words_legs = len(found) - len(named)
    if searched is not None:
        hits = searched
    elif own_meaning is not None:
        hits = fused(query, own_words, own_meaning)
    else:
        # The occupations' vacancies fill the answer: each keeps the words typed that it
        # holds, and its closeness in meaning from its occupation's leg.
        closeness = [h for leg in found[words_legs:] for h in leg]
        hits = fuse(own_words, closeness, len(own_words) + len(closeness),
                    vector_weight=query.vector_weight)
    ranked = {h.vacancy_id: h for h in hits}
    asked: dict[int, occupations.Occupation] = {}
    meaning = _interleaved(named, found[words_legs:], asked)
    holding = _interleaved(named, found[:words_legs], asked)
    place = {h.vacancy_id: i for i, h in enumerate(meaning)}
    held = {h.vacancy_id for h in holding}
    first = [ranked.get(h.vacancy_id, h) for h in [
        *sorted(holding, key=lambda h: (h.keyword_tier or 2,
                                        place.get(h.vacancy_id, len(place)))),
        *(h for h in meaning if h.vacancy_id not in held)]]
    for hit in first:
        hit.related_occupation = stood_in
    shown = {h.vacancy_id for h in first}
    for hit in _interleaved(covered, found_covered, asked):
        if hit.vacancy_id not in shown:
            hit = ranked.get(hit.vacancy_id, hit)
            hit.covered_trade = True
            first.append(hit)
    others = [h for h in hits if h.vacancy_id not in asked]
    if asked or kin_stand_in:
        # Beside the occupation's own vacancies, another vacancy is one of its kin
        # (`опалубщик` also shows carpenters), or holds every word typed (its title may
        # name the trade in words the list does not know): not any trade the model puts
        # near it (on a small index a cook is near enough to `сварщик` to pass the floor),
        # nor one holding only the place typed (`welding jobs in Dubai`: a painter there).
        near = near | {o.code for o in [*named, *occupations.kin(named)]}
        for hit in others:
            if hit.keyword_tier != 1:
                hit.kin_only = near
                hit.kin_in_city = kin_stand_in and (stood_in or not asked)
    else:
        # An occupation named that no open vacancy has is no job to offer: only a vacancy
        # holding every word typed is one (the words may be its title), never one of
        # another trade that is merely near in meaning or shares a word.
        for hit in others:
            hit.other_occupation = hit.keyword_tier != 1
    rest = above_floor(others, floor)
    return (first + rest)[:query.k], asked


async def _guessed(backend: SearchBackend, query: SearchQuery, besides: str
                  ) -> tuple[list[occupations.Occupation], str, list[Hit] | None]:
    """For a query naming no occupation: the one its telling words guess (`кафшергарҳо`),
    when the model finds nothing near what it says (a text in a language it does not
    read); the words typed beside it; and the search made to know that. One trade or none:
    a guess of two was as often wrong as right (`bench.guesses`), and its vacancies would
    read as the occupation asked for."""
    guessed, telling = occupations.occupations_guessed(query.text, most=1)
    if not guessed:
        return [], besides, None
    hits = await backend.search(query)
    if query.has_vector and any((h.similarity or 0.0) >= GUESS_BELOW_SIMILARITY for h in hits):
        return [], besides, hits
    return guessed, " ".join(w for w in besides.split() if w not in telling), hits


async def _searched(backend: SearchBackend, query: SearchQuery, hits: list[Hit] | None
                    ) -> list[Hit]:
    return hits if hits is not None else await backend.search(query)


async def _words_leg(backend: SearchBackend, query: SearchQuery, *, needed: bool
                     ) -> list[Hit]:
    """The query's own words leg, when `needed`."""
    return (await backend.legs(query, meaning=False))[0] if needed else []


async def _meaning_leg(backend: SearchBackend, query: SearchQuery, *, needed: bool
                       ) -> list[Hit] | None:
    """The query's own meaning leg, when `needed` (None when not run)."""
    return (await backend.legs(query, words=False))[1] if needed else None


def _interleaved(named: list[occupations.Occupation], legs: list[list[Hit]],
                 asked: dict[int, occupations.Occupation]) -> list[Hit]:
    """The legs' hits rank by rank, each vacancy once; `asked` learns each vacancy's
    occupation (the first leg to find it)."""
    hits: list[Hit] = []
    seen: set[int] = set()
    for rank in range(max((len(leg) for leg in legs), default=0)):
        for occupation, leg in zip(named, legs, strict=True):
            if rank < len(leg) and leg[rank].vacancy_id not in seen:
                seen.add(leg[rank].vacancy_id)
                asked.setdefault(leg[rank].vacancy_id, occupation)
                hits.append(leg[rank])
    return hits


class _LastVisibility:
    """The visibility made for the last search, kept while the licences read are the same
    mapping (see `recruiting_agencies`) on the same day, so what it derives is made once.
    The mapping and the visibility are swapped in as one pair."""

    last: tuple[Mapping[int, Any], Visibility] | None = None


def _visibility(recruiting: Mapping[int, Any], today: date) -> Visibility:
    last = _LastVisibility.last
    if last is not None and last[0] is recruiting and last[1].today == today:
        return last[1]
    visibility = Visibility(today=today, recruiting={a: r.countries
                                                     for a, r in recruiting.items()})
    _LastVisibility.last = (recruiting, visibility)
    return visibility


def only_codes(text: str) -> bool:
    """Whether every word typed holds a digit (`2b1f02c8`, `2026-17`: a reference or a
    code, not words)."""
    words = re.findall(r"\w+", text)
    return bool(words) and all(any(c.isdigit() for c in word) for word in words)


async def search_vacancies(
    uow: UnitOfWork, *, backend: SearchBackend, embedder: Embedder | None, text: str,
    filters: SearchFilters, k: int, mode: Mode, today: date, seeker: Seeker | None = None,
    exact: bool = False, min_similarity: float | None = None, kin_only: bool = True,
    typed: str | None = None,
) -> list[dict[str, Any]]:
    """Verified, open vacancies of licensed agencies for `text`, each with its explanation
    (`min_similarity`: another relevance floor than the setting's; 0 keeps every hit;
    `kin_only`: beside the occupations the text names, only their kin and vacancies
    holding every word typed, see `near_enough`; False when all are shown as other work;
    `typed`: what the person typed, when `text` also holds a profile's words)."""
    vector_later: asyncio.Future[Any] | None = None
    filtered = False
    if mode == "hybrid" and not filters.languages:
        # `без знания русского` asks for jobs that do not need Russian: a filter, and
        # words the search no longer looks for (they would find adverts naming Russian).
        allowed, rest = language_asks.waived(text)
        if allowed:
            typed, filtered = text if typed is None else typed, True
            filters, text = replace(filters, languages=list(allowed)), rest
    if mode == "hybrid" and filters.min_wage is None:
        # `от 100000 рублей` asks for the pay: a filter, when its currency is said or the
        # place typed has one; the figure is no word to look for in adverts.
        wage = wage_asks.asked_wage(text, tuple(filters.countries))
        if wage is not None and wage.currency is not None:
            typed, filtered = text if typed is None else typed, True
            filters, text = replace(filters, min_wage=wage.amount, wage_currency=wage.currency,
                                    strict_currency=True), wage.rest
    if (filtered or mode == "hybrid" and text.strip()) \
            and occupations.says_nothing_of_the_work(text):
        # `rus tilisiz ish` (work without Russian), `от 100000 рублей`, or only `ish`,
        # `кор`, `работа` (work): every such job is as near as another, those closing
        # soonest first. Searched for, such words find only the adverts that happen to hold
        # them in the reader's language, and none in Uzbek: "no job matches" would be
        # untrue.
        text, mode = "", "keyword"
    if mode == "hybrid" and only_codes(text):
        # The model reads words, not codes: its closeness for `2b1f02c8` is chance, and
        # would put a stranger's advert above the one holding the code typed.
        mode = "keyword"
    if mode != "keyword" and embedder is not None and text.strip():
        # The model reads the query while the licences and minimum wages are read.
        vector_later = embedder.embed_query(text)
    recruiting = await registry_service.recruiting_agencies(uow, today=today)
    # Read now, while the model is still busy with the query: after the search it would
    # be one more round trip on the way to the answer.
    wage_rows = await vacancy_repo.list_minimum_wages(uow.conn)
    minimums = {(m["country"], m["currency"]): m["monthly_amount"] for m in wage_rows}
    hours_limits = vacancy_service.weekly_hours_limits(wage_rows)
    visibility = _visibility(recruiting, today)
    floor = get_settings().search_min_similarity if min_similarity is None else min_similarity
    # A few more than asked, in case the index lags behind a just-closed vacancy.
    query = build_query(
        text, vector=None, filters=filters, visibility=visibility, k=k + 5, exact=exact,
        mode=mode if vector_later is not None or mode == "keyword" else "keyword")
    try:
        hits, asked = await ranked_hits(backend, replace(query, vector_later=vector_later),
                                        min_similarity=min_similarity)
    except SearchUnavailableError as exc:
        raise SearchUnavailable() from exc
    finally:
        if vector_later is not None and not vector_later.done():
            vector_later.cancel()
    rows = {r["id"]: r for r in await vacancy_repo.result_rows(uow.conn,
                                                                 [h.vacancy_id for h in hits])}
    seeker = seeker or Seeker()
    said = text if typed is None else typed
    # A city typed among the words (`повар Москва`) only ranks its vacancies first: one
    # elsewhere says so (a city chosen in the filters leaves none elsewhere).
    typed_cities = set() if filters.city else {p.key for p in places.cities_in(said)}
    # Typed with nothing else of the work (`кор дар Олмаато`), a city is why its vacancies
    # are found: their adverts hold its name only among the words the index keeps.
    city_alone = bool(typed_cities) and \
        occupations.says_nothing_of_the_work(places.without_places(said))
    results = []
    for hit in hits:
        row = rows.get(hit.vacancy_id)
        licence = recruiting.get(row["agency_id"]) if row else None
        # The source of truth decides, whatever the index still holds.
        if row is None or licence is None or row["status"] != "published" \
                or row["closing_date"] < today or row["country"] not in licence.countries:
            continue
        minimum = minimums.get((row["country"], row["wage_currency"]))
        limit = hours_limits.get(row["country"], DEFAULT_WEEKLY_HOURS)
        if minimum is not None and row["wage_monthly"] < minimum_for_hours(
                minimum, row["hours_per_week"], limit):
            continue  # a minimum raised since: the index catches up, the answer already has
        if row["hours_per_week"] > max(limit, HOURS_NO_LAW_ALLOWS):
            continue  # no reason an attaché gave makes such a week lawful
        if kin_only and not near_enough(hit, vacancy_occupation(row), floor):
            continue
        result = _result(row, hit, licence, minimum, limit, seeker, said,
                         asked.get(hit.vacancy_id))
        in_typed_city = city_key(row["city"], row["country"]) in typed_cities
        result["explanation"]["other_city"] = bool(typed_cities) and not in_typed_city
        result["explanation"]["in_city"] = row["city"] if in_typed_city else None
        result["explanation"]["city_alone"] = city_alone
        results.append(result)
        if len(results) == k:
            break
    return results


def _result(row: VacancyResultRow, hit: Hit, licence: Any, minimum: Decimal | None,
            hours_limit: Decimal, seeker: Seeker, typed: str,
            asked: occupations.Occupation | None) -> dict[str, Any]:
    met, missing, needs = _explain_languages(row["languages"], seeker)
    occupation = asked or vacancy_occupation(row)
    return {
        "vacancy": {
            "id": row["id"], "title": row["title"], "occupation": row["occupation"],
            "occupation_code": occupation.code if occupation else None,
            "employer": row["employer_name"], "agency_id": row["agency_id"],
            "agency": licence.agency_name, "country": row["country"], "city": row["city"],
            "skills": list(row["skills"]), "languages": row["languages"],
            "wage": {"amount": str(row["wage_amount"]), "currency": row["wage_currency"],
                     "period": row["wage_period"]},
            "hours_per_week": str(row["hours_per_week"]), "housing": row["housing"],
            "meals": row["meals"], "contract_months": row["contract_months"],
            "closing_date": str(row["closing_date"]),
            "verification_code": row["verification_code"],
        },
        "score": round(hit.score, 6),
        "explanation": {
            "matched_skills": _explain_skills(list(row["skills"]), seeker, typed),
            # The occupation the query named, when the vacancy is of it; or, when no open
            # vacancy is of it, the related trade this vacancy is of.
            "occupation_asked": asked.code if asked and not hit.related_occupation
            and not hit.covered_trade else None,
            "occupation_related": asked.code if asked and hit.related_occupation else None,
            # Or a trade the general name asked for covers.
            "occupation_covered": asked.code if asked and hit.covered_trade else None,
            "languages_met": met,
            "languages_missing": missing,
            "language_needs": needs,
            # Whether the person's languages are known: a need then is a gap of theirs, not
            # only a requirement of the job.
            "languages_known": bool(seeker.languages),
            "wage": _explain_wage(row, minimum, hours_limit),
            # The country's legal week, when the job's is longer (accepted by the attaché
            # with a reason, which the job's page shows).
            "hours_limit": str(hours_limit) if row["hours_per_week"] > hours_limit else None,
            "licence": {"number": licence.licence_number, "status": "active",
                        "valid_until": str(licence.valid_until),
                        "covers": sorted(licence.countries), "rating": licence.rating},
            "score_parts": {
                "keyword_rank": hit.keyword_rank, "keyword_score": hit.keyword_score,
                # 1: the advert holds every word typed; 2: some of them.
                "keyword_tier": hit.keyword_tier,
                "vector_rank": hit.vector_rank, "similarity": hit.similarity,
                # What each leg added to the fused score: the closeness in meaning, and the
                # lift for holding the words typed.
                "vector_part": hit.parts.get("vector"), "keyword_part": hit.parts.get("keyword"),
                # Each leg's reciprocal rank (1 / (60 + rank)), as the fusion once summed.
                "keyword_rrf": None if hit.keyword_rank is None
                else 1.0 / (RRF_K + hit.keyword_rank),
                "vector_rrf": None if hit.vector_rank is None else 1.0 / (RRF_K + hit.vector_rank),
            },
        },
    }


async def note_relay_failure(uow: UnitOfWork, *, error: str) -> None:
    """Count a failed attempt on the rows still pending, for operators to see."""
    rows = await outbox.claim(uow.conn, limit=256, topics=[INDEX_TOPIC])
    await outbox.record_failure(uow.conn, [r["id"] for r in rows], error)


async def matches_for_migrant(
    uow: UnitOfWork, *, backend: SearchBackend, embedder: Embedder | None, migrant_id: int,
    actor: Any, k: int, today: date, text: str = "",
) -> tuple[str, list[dict[str, Any]]]:
    """Vacancies for a pre-screened migrant, built from the profile (409 until screened).

    The profile's occupation and skills make the query (plus anything typed); its desired
    countries, minimum wage and languages filter it. Returns the query used and results.
    """
    from matching import migrants  # the profile lives with the migrants

    profile = await migrants.require_prescreened(uow, migrant_id=migrant_id, actor=actor)
    query = " ".join(filter(None, [text, profile.occupation, ", ".join(profile.skills)]))
    query_from = "profile_and_search" if text.strip() else "profile"
    filters = SearchFilters(
        countries=list(profile.desired_countries),
        min_wage=profile.min_wage.amount if profile.min_wage else None,
        wage_currency=profile.min_wage.currency if profile.min_wage else None,
        strict_currency=False,
        languages=list(profile.languages),
    )
    seeker = Seeker(skills=profile.skills,
                    languages=[{"code": c, "level": lvl} for c, lvl in profile.languages.items()])
    own = occupations.occupation_for(profile.occupation)
    if own is None:  # an occupation the list does not know: matched by its words alone
        results = await search_vacancies(uow, backend=backend, embedder=embedder, text=query,
                                         filters=filters, k=k, mode="hybrid", today=today,
                                         seeker=seeker, typed=text)
        return query, _from_profile(results, query_from, profile.min_wage)
    # The migrant's own occupation leads, every vacancy of it a match (in any language);
    # other work comes after, only for the other words (skills, what was typed), and says
    # it is other work: a welder is not offered a cook's job as a match.
    results = await search_vacancies(
        uow, backend=backend, embedder=embedder, text=query, k=k, mode="hybrid", today=today,
        filters=replace(filters, occupation=own.key), seeker=seeker, min_similarity=0.0,
        typed=text)
    for result in results:
        result["explanation"]["other_work"] = False
        # Of the occupation the profile names, whatever else the words typed named.
        result["explanation"]["occupation_asked"] = own.code
        result["explanation"]["occupation_related"] = None
        result["explanation"]["occupation_covered"] = None
    # A place typed only ranks the occupation's vacancies there first: other work is
    # looked for by the other words and the skills, not offered for being in that city.
    besides = " ".join(filter(None, [places.without_places(text), ", ".join(profile.skills)]))
    room = min(OTHER_WORK, k - len(results))
    if besides.strip() and room > 0:
        taken = {r["vacancy"]["id"] for r in results}
        # Other work is of an occupation typed, or found by the skills' words: only one
        # typed is said to have been asked for.
        typed = {o.code for o in occupations.occupations_named(text)}
        others = await search_vacancies(uow, backend=backend, embedder=embedder, text=besides,
                                        filters=filters, k=room + len(taken), mode="hybrid",
                                        today=today, seeker=seeker, kin_only=False,
                                        typed=text)
        for result in others:
            if result["vacancy"]["id"] in taken or result["vacancy"]["occupation_code"] == own.code:
                continue
            result["explanation"]["other_work"] = True
            for said in ("occupation_asked", "occupation_related", "occupation_covered"):
                if result["explanation"].get(said) not in typed:
                    result["explanation"][said] = None
            results.append(result)
            if len(results) >= len(taken) + room:
                break
    return query, _from_profile(results, query_from, profile.min_wage)


def _from_profile(results: list[dict[str, Any]], query_from: str, floor: Money | None
                  ) -> list[dict[str, Any]]:
    """Results whose explanation says their words came from the profile (`profile`), or
    from it and what was typed beside it (`profile_and_search`), not typed alone; and, with
    the profile's lowest acceptable wage, whether the job's wage was held against it: the
    search compares wages of that currency only and lets jobs paid in another one through
    (`strict_currency=False`), which must not read as meeting it."""
    for result in results:
        result["explanation"]["query_from"] = query_from
        result["explanation"]["lowest_acceptable"] = None if floor is None else {
            "amount": str(floor.amount), "currency": floor.currency,
            "compared": result["vacancy"]["wage"]["currency"] == floor.currency,
        }
    return results


# At most this many jobs of other occupations follow a migrant's matches.
OTHER_WORK = 5
