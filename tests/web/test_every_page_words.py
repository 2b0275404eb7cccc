"""Every page of the web app, as each of its readers sees it, in each language the page is
written in, holds no untranslated words: no English left on a page in another language, no
text of ours shown without its translation (or through the Russian fallback where the
language has its own), and no raw code of the domain (`left_for_work`, `draft`,
`submitted → verified`).

The pages are those of `app.routes` (every GET route of the web app), filled from the demo
world (`api.demo`, in a database of its own) with one record per state the reader may see;
a route this test cannot fill must be named in UNFILLED, so a new page is never missed.
What the demo's people typed (names, adverts, reasons) is data, not our words: the demo's
own strings are taken out of a page's text before it is read.
"""

from __future__ import annotations

import ast
import asyncio
import enum
import importlib
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from babel.messages.pofile import read_po
from fastapi.routing import APIRoute, iter_route_contexts

from api.demo import DOMAIN, REGULATOR_EMAIL
from api.web.common import (
    LANGUAGES,
    LOCALE_DIR,
    PUBLIC_LANGUAGES,
    STAFF_LANGUAGES,
    has_translation,
    is_staff_path,
    translations,
)
from core.config import get_settings
from tests.test_demo import DemoDatabase, _seed, fresh_database

ROOT = Path(__file__).resolve().parents[2]

# Who reads the pages: the demo's accounts (None: nobody signed in).
READERS: dict[str, str | None] = {
    "public": None,
    "migrant": f"migrant@{DOMAIN}",
    "centre": f"centre@{DOMAIN}",
    "agency": f"agency.alatoo@{DOMAIN}",
    "mission": f"attache.ru@{DOMAIN}",
    "settlement": f"settlement.ru@{DOMAIN}",
    "ministry": REGULATOR_EMAIL,
    "admin": f"admin@{DOMAIN}",
}
# The readers of each page group, by the path's beginning (the first that matches).
READERS_BY_PREFIX: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("/agency/register", ("public",)),
    ("/centre", ("centre",)),
    ("/agency", ("agency",)),
    ("/mission/cases", ("mission", "settlement")),
    ("/mission", ("mission",)),
    ("/ministry/accounts", ("admin",)),
    ("/ministry", ("ministry",)),
    ("/me", ("migrant",)),
    ("/papers", ("centre", "migrant")),
    ("/settings", ("migrant", "centre")),
    # The frame of a public page carries the menu of whoever is signed in.
    ("/jobs", ("public", "migrant", "centre", "agency", "mission", "ministry")),
    ("/", ("public",)),
)

# Routes that are not pages, or that no reader can be shown from the demo world.
UNFILLED = {
    # Files, not pages: PDFs, an image and uploaded evidence (the papers' PDFs are read by
    # tests/test_papers.py; the demo world has no evidence files).
    "/jobs/{vacancy_id}/card.pdf",
    "/papers/referrals/{referral_id}/pdf",
    "/papers/disputes/{dispute_id}/pdf",
    "/agency/vacancies/{vacancy_id}/qr.png",
    "/ministry/licences.csv",
    "/centre/disputes/{dispute_id}/evidence/{evidence_id}",
    "/mission/cases/{dispute_id}/evidence/{evidence_id}",
    "/me/disputes/{dispute_id}/evidence/{evidence_id}",
}

# Query strings a page is shown with besides none ("" keeps the bare page): a search with
# its results, a check's answers, a form's later steps. Filled in from the world as
# `{name}`.
VARIANTS: dict[str, tuple[str, ...]] = {
    "/jobs": ("", "?q=welder", "?q=сварщик&country=RU"),
    "/check": ("", "?number=Ala-Too", "?number={licence_number}",
               "?number={suspended_number}", "?number=Nobody+Such+Agency",
               "?code={code}", "?code=ZZZZ9999", "?code=x"),
    "/centre/search": ("", "?q=welder"),
    "/centre/migrants": ("", "?q=Aibek"),
    "/centre/refer": ("?vacancy={open_vacancy}", "?vacancy={open_vacancy}&migrant={migrant}"),
    "/centre/disputes/new": ("", "?migrant={migrant}", "?migrant={migrant}&agency_q=Ala",
                             "?migrant={migrant}&referral={referral}"),
    "/me/disputes/new": ("", "?agency_q=Ala"),
    "/unsubscribe": ("?token={unsubscribe}", "?token=nobody"),
    "/ministry/licences": ("", "?status=suspended"),
}

# Faults known and not mended yet, each with why: (pages, texts) as patterns. The test fails
# when one no longer occurs, so that it is taken out here once it is mended.
KNOWN: dict[str, tuple[str, str]] = {}

# --- what a page says ---------------------------------------------------------------------

READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
SKIPPED = {"script", "style", "template", "noscript"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class _Reader(HTMLParser):
    """The texts a person reads on a page: its text, and the attributes shown or spoken."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for name in READ_ATTRIBUTES:
            if named.get(name):
                self.texts.append(str(named[name]))
        if tag == "input" and named.get("type") in ("submit", "button", "reset") \
                and named.get("value"):
            self.texts.append(str(named["value"]))
        if tag in SKIPPED:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(data)


def page_texts(html: str) -> list[str]:
    reader = _Reader()
    reader.feed(html)
    return [" ".join(text.split()) for text in reader.texts]


# Words that, on a page in another language, can only be English left untranslated (none is
# a word of Russian, Kyrgyz, Tajik or Uzbek in the Latin script).
_ENGLISH_WORDS = """
the and of to for with from your you this that these those not no yes is are was were be
been has have had will would can could may must should shall what which who whom whose when
where why how all any each every some more most other such only own same than too very just
but about above after again against before below between into through during under until
while our out over here there then once both few nor off up down further also
page pages sign signed save send cancel back next previous search find found show
shown open close closed edit new add remove delete change changed choose chosen check
checked filter filters apply reset list name names number date dates status reason reasons
note notes none free paid month week hour day days year years wage wages job jobs agency
agencies licence licences vacancy vacancies employer employers migrant migrants referral
referrals dispute disputes case cases rule rules country countries city region address
phone email password account home help language menu settings notice notices yet
draft submitted verified rejected published active suspended revoked expired applied
review refused referred interviewed offered deployed acknowledged assigned resolved filed
withdrawn mediation owner director secondary vocational higher native warning blocking
unverified pending
"""
ENGLISH = set(_ENGLISH_WORDS.split())
# Words English shares with a language of ours, or that are names: never counted.
SHARED = {"vetted", "english", "migrant", "ok", "pdf", "qr", "id", "e"}

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
# Addresses, links and an API request named for staff to make ("GET /audit/verify") are
# written the same in every language.
MAIL_OR_LINK = re.compile(r"\S+@\S+|https?://\S+|\b[\w.-]+\.(?:kg|uz|tj|ru|kz|vetted)\b"
                          r"|\b(?:GET|POST|PUT|PATCH|DELETE) /\S+")
WORD = re.compile(r"[^\W\d_]+(?:[ʻ'’][^\W\d_]+)*")
CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
# What the test types into the forms, and names our texts give as examples.
TYPED = ["Nobody Such Agency", "Ala-Too Work Abroad", "Ala-Too", "welder", "Aibek"]


def _demo_strings() -> list[str]:
    """Every string the demo world writes (names, adverts, reasons): data, not our words.
    Short lower-case ones are codes the pages must put into words, so they stay."""
    tree = ast.parse((ROOT / "api" / "demo.py").read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = " ".join(node.value.split())
            if len(text) >= 4 and (" " in text or not text.islower()):
                found.add(text)
    return sorted(found, key=len, reverse=True)


def _enum_values() -> set[str]:
    """The domain's codes (statuses, actions, kinds), which a page must never show raw."""
    for module in ("core.auth", "registry.rules", "matching.rules", "disputes.rules",
                   "missions.rules", "ratings.rules"):
        importlib.import_module(module)
    values: set[str] = set()
    classes: list[type] = [enum.StrEnum]
    while classes:
        cls = classes.pop()
        classes += cls.__subclasses__()
        if cls is not enum.StrEnum and cls.__module__.split(".")[0] in (
                "core", "registry", "matching", "disputes", "missions", "ratings"):
            values |= {str(member.value) for member in cls}  # type: ignore[var-annotated]
    return values


def _msgids() -> dict[str, set[str]]:
    """Our texts (every msgid of the catalogues), with the languages that translate each."""
    found: dict[str, set[str]] = {}
    for po in sorted(LOCALE_DIR.glob("*/*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.parent.name)
        for message in catalog:
            if message.id and isinstance(message.id, str):
                found.setdefault(message.id, set())
                if message.string:
                    found[message.id].add(po.parent.name)
    return found


@dataclass
class Words:
    """What a page's texts are held to."""

    data: list[str]
    enums: set[str]
    msgids: dict[str, set[str]]
    russian: dict[str, str] = field(default_factory=dict)  # Russian text -> msgid
    english: set[str] = field(default_factory=set)  # English words and the domain's codes

    def __post_init__(self) -> None:
        self.english = ENGLISH | {value for value in self.enums if value.isalpha()}
        ru = translations("ru")
        for msgid in self.msgids:
            shown = ru.gettext(msgid)
            if shown != msgid:
                self.russian.setdefault(" ".join(shown.split()), msgid)

    def without_data(self, text: str) -> str:
        text = MAIL_OR_LINK.sub(" ", text)
        for known in self.data:
            if known in text:
                text = text.replace(known, " ")
        for name in LANGUAGES.values():
            text = text.replace(name, " ")
        return text

    def faults(self, texts: list[str], language: str) -> Iterator[str]:
        # On an English page a status's words may be its code ("filed"): only codes of
        # several words give themselves away there.
        for raw in texts:
            text = self.without_data(raw)
            if not text.strip():
                continue
            for code in SNAKE.findall(text):
                yield f"a raw code {code!r} in {raw!r}"
            if language == "en":
                continue
            whole = " ".join(raw.split())
            if whole in self.msgids and not has_translation(language, whole) \
                    and whole.casefold() not in SHARED:
                yield f"no {language} translation of {whole!r}"
            elif language in ("ky", "uz", "tg") and whole in self.russian \
                    and not has_translation(language, self.russian[whole]):
                yield f"Russian instead of {language} for {self.russian[whole]!r}"
            english = sorted({word for word in WORD.findall(text)
                              if word.casefold() in self.english
                              and word.casefold() not in SHARED
                              and not (word.isupper() and len(word) <= 3)})  # codes: RU, NO
            if english:
                yield f"English words or codes {english} in {raw!r}"


# --- the world ------------------------------------------------------------------------------

@dataclass
class World:
    database: DemoDatabase
    values: dict[str, str]  # what VARIANTS fill in
    # (reader, path parameter) -> the records to show; ("path", route) for one route's own
    ids: dict[tuple[str, str], list[int]]
    tokens: list[str]  # password reset links


async def _one_per(conn: Any, sql: str, *args: Any) -> list[int]:
    """The first record of each state (the query's rows are `id, state`)."""
    seen: dict[Any, int] = {}
    for row in await conn.fetch(sql, *args):
        seen.setdefault(row[1], row[0])
    return sorted(seen.values())


async def _world(database: DemoDatabase) -> World:
    from core import notice_delivery
    from core.db import UnitOfWork
    from core.password_reset import request_reset, send_next
    from ratings import service as ratings_service

    async with UnitOfWork(database.pool) as uow:
        await ratings_service.recompute_all_ratings(uow, now=datetime.now(UTC))
        await uow.commit()
    tokens: list[str] = []

    async def keep(mail: Any) -> None:
        tokens.append(mail.token)

    async with UnitOfWork(database.pool) as uow:
        await request_reset(uow, email=REGULATOR_EMAIL, language="en", account_limit=5,
                            window=timedelta(days=1))
        await send_next(uow, now=datetime.now(UTC), send=keep)
        await uow.commit()

    async with database.pool.acquire() as conn:
        user = {reader: await conn.fetchval("SELECT id FROM app_user WHERE email = $1", email)
                for reader, email in READERS.items() if email}
        who = {reader: await conn.fetchrow("SELECT * FROM app_user WHERE id = $1", user_id)
               for reader, user_id in user.items()}
        agency = who["agency"]["agency_id"]
        centre = who["centre"]["centre_id"]
        mission_country = await conn.fetchval("SELECT country FROM mission WHERE id = $1",
                                              who["mission"]["mission_id"])
        published = await conn.fetch(
            "SELECT v.id, v.title, v.verification_code FROM vacancy v JOIN licence l "
            "ON l.agency_id = v.agency_id AND l.status = 'active' "
            "WHERE v.status = 'published' ORDER BY v.id")
        ids: dict[tuple[str, str], list[int]] = {}
        # A job's public page, whoever reads it: one advert in English, one in Russian.
        ids[("path", "/jobs/{vacancy_id}")] = [published[0]["id"], next(
            row["id"] for row in published if CYRILLIC.search(row["title"]))]
        ids[("centre", "vacancy_id")] = [published[0]["id"]]
        ids[("agency", "vacancy_id")] = await _one_per(
            conn, "SELECT id, status FROM vacancy WHERE agency_id = $1 ORDER BY id", agency)
        ids[("path", "/agency/vacancies/{vacancy_id}/edit")] = await _one_per(
            conn, "SELECT id, status FROM vacancy WHERE agency_id = $1 AND status = 'draft' "
            "ORDER BY id", agency)
        ids[("mission", "vacancy_id")] = await _one_per(
            conn, "SELECT id, status FROM vacancy WHERE country = $1 AND status <> 'draft' "
            "ORDER BY id", mission_country)
        ids[("agency", "employer_id")] = await _one_per(
            conn, "SELECT id, status FROM employer WHERE agency_id = $1 ORDER BY id", agency)
        # One pre-screened and one not, one with an account of their own and one without.
        migrants = await _one_per(
            conn, "SELECT id, (prescreened_at IS NULL, user_id IS NULL) FROM migrant "
            "WHERE centre_id = $1 ORDER BY id", centre)
        ids[("centre", "migrant_id")] = migrants
        referrals = await _one_per(
            conn, "SELECT id, status FROM referral WHERE centre_id = $1 ORDER BY id", centre)
        ids[("centre", "referral_id")] = referrals
        ids[("migrant", "referral_id")] = await _one_per(
            conn, "SELECT r.id, r.status FROM referral r JOIN migrant m ON m.id = r.migrant_id "
            "WHERE m.user_id = $1 ORDER BY r.id", user["migrant"])
        ids[("centre", "dispute_id")] = await _one_per(
            conn, "SELECT id, status FROM dispute WHERE filing_centre_id = $1 ORDER BY id",
            centre)
        ids[("migrant", "dispute_id")] = await _one_per(
            conn, "SELECT id, status FROM dispute WHERE migrant_user_id = $1 ORDER BY id",
            user["migrant"])
        ids[("mission", "dispute_id")] = await _one_per(
            conn, "SELECT id, status FROM dispute WHERE country = $1 ORDER BY id",
            mission_country)
        ids[("settlement", "dispute_id")] = await _one_per(
            conn, "SELECT d.id, d.status FROM dispute d WHERE d.status = 'referred' "
            "ORDER BY d.id")
        ids[("ministry", "licence_id")] = await _one_per(
            conn, "SELECT id, status FROM licence ORDER BY id")
        ids[("ministry", "agency_id")] = [r["id"] for r in await conn.fetch(
            "SELECT id FROM agency ORDER BY id")]
        ids[("ministry", "rule_id")] = [r["id"] for r in await conn.fetch(
            "SELECT id FROM routing_rule ORDER BY id")]
        licence_number = await conn.fetchval(
            "SELECT number FROM licence WHERE status = 'active' ORDER BY id LIMIT 1")
        suspended_number = await conn.fetchval(
            "SELECT number FROM licence WHERE status = 'suspended' ORDER BY id LIMIT 1")
        open_vacancy = published[0]["id"]
    values = {
        "licence_number": licence_number, "suspended_number": suspended_number,
        "code": published[0]["verification_code"], "open_vacancy": str(open_vacancy),
        "migrant": str(migrants[0]), "referral": str(referrals[0]),
        "unsubscribe": notice_delivery.unsubscribe_token(user["migrant"]),
    }
    return World(database, values, ids, tokens)


async def _relay(database: DemoDatabase) -> None:
    """The published jobs into the search index, as the worker would."""
    from core.db import UnitOfWork
    from matching import searching
    from matching.embedder import get_embedder
    from matching.search import make_backend

    backend = make_backend("postgres", database.pool)
    embedder = get_embedder(get_settings().embedding_model)
    while True:
        async with UnitOfWork(database.pool) as uow:
            relayed = await searching.relay_batch(uow, backend=backend, embedder=embedder)
            await uow.commit()
        if relayed == 0:
            break


@pytest.fixture(scope="module")
async def world(engines: dict[str, str]) -> AsyncIterator[tuple[World, Any]]:
    """The demo world in a database of its own, and the app serving it."""
    from api.app import create_app

    async with fresh_database(engines) as database:
        await _seed(database.pool)
        await _relay(database)
        built = await _world(database)
        settings = get_settings().model_copy(update={
            "database_url": database.url, "database_owner_url": database.owner_url})
        application = create_app(settings)
        async with application.router.lifespan_context(application):
            await application.state.embedder
            yield built, application


# --- the pages ------------------------------------------------------------------------------

def page_routes(app: Any) -> list[str]:
    """Every GET route of the web app, as it is served."""
    return sorted({context.path_format for context in iter_route_contexts(app.routes)
                   if isinstance(context.original_route, APIRoute)
                   and "GET" in context.methods
                   and context.original_route.endpoint.__module__.startswith("api.web.")})


def readers_of(path: str) -> tuple[str, ...]:
    return next(readers for prefix, readers in READERS_BY_PREFIX
                if path == prefix or path.startswith(prefix.rstrip("/") + "/"))


PARAMETER = re.compile(r"\{(\w+)\}")


def urls_for(world: World, path: str, reader: str) -> list[str]:
    """The addresses of a route for a reader: each record it is shown with, each variant."""
    filled = [path]
    for name in PARAMETER.findall(path):
        if name == "token":
            values = [*world.tokens, "no-such-link"]
        else:
            values = [str(i) for i in world.ids.get(("path", path))
                      or world.ids.get((reader, name), [])]
        assert values, f"{path}: no {name} for the {reader}"
        filled = [url.replace("{" + name + "}", value) for url in filled for value in values]
    queries = [query.format(**world.values) for query in VARIANTS.get(path, ("",))]
    return [url + query for url in filled for query in queries]


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
# Addresses whose page is a refusal (a link that does not work, a code that cannot be one).
REFUSED = {"/reset/no-such-link": 400, "/unsubscribe?token=nobody": 404, "/check?code=x": 422}


def _client(app: Any, language: str, cookies: httpx.Cookies | None = None
            ) -> httpx.AsyncClient:
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.9"
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 40000)),
                               base_url="http://vetted.test", cookies=cookies)
    client.cookies.set("vetted_lang", language, domain="vetted.test")
    return client


async def _signed_in(app: Any, email: str) -> httpx.Cookies:
    async with _client(app, "en") as client:
        token = CSRF.search((await client.get("/login")).text)
        assert token, "the sign-in page carries no CSRF token"
        answer = await client.post("/login", data={
            "email": email, "password": get_settings().demo_password,
            "csrf_token": token.group(1)})
        assert answer.status_code == 303, (email, answer.text[:500])
        return httpx.Cookies({name: value for name, value in client.cookies.items()
                              if name != "vetted_lang"})


def test_every_get_route_of_the_web_app_is_read_or_named() -> None:
    """The walk below reads every page: a new GET route is either filled or excluded here,
    and an exclusion of a route that is gone is dropped."""
    from api.app import create_app

    routes = page_routes(create_app(get_settings()))
    assert len(routes) >= 70
    assert sorted(UNFILLED - set(routes)) == [], "excluded routes that no longer exist"
    assert sorted(set(VARIANTS) - set(routes)) == [], "variants of routes that are gone"


async def test_every_page_reads_in_each_of_its_languages(world: tuple[World, Any]) -> None:
    built, app = world
    words = Words(data=sorted([*_demo_strings(), *TYPED], key=len, reverse=True),
                  enums=_enum_values(), msgids=_msgids())
    routes = [path for path in page_routes(app) if path not in UNFILLED]
    sessions = {reader: await _signed_in(app, email) if email else httpx.Cookies()
                for reader, email in READERS.items()}
    jobs: list[tuple[str, str, str]] = []
    for path in routes:
        languages = STAFF_LANGUAGES if is_staff_path(path) else PUBLIC_LANGUAGES
        for reader in readers_of(path):
            for url in urls_for(built, path, reader):
                jobs += [(reader, language, url) for language in languages]
    clients = {(reader, language): _client(app, language, sessions[reader])
               for reader in READERS for language in PUBLIC_LANGUAGES}
    faults: list[str] = []
    broken: list[str] = []
    limit = asyncio.Semaphore(4)

    async def read(reader: str, language: str, url: str) -> None:
        async with limit:
            answer = await clients[(reader, language)].get(url)
        where = f"{url} as the {reader} in {language}"
        if answer.status_code != REFUSED.get(url, 200) or not answer.headers[
                "content-type"].startswith("text/html"):
            broken.append(f"{where}: {answer.status_code} {answer.text[:200]!r}")
            return
        faults.extend(f"{where}: {fault}"
                      for fault in words.faults(page_texts(answer.text), language))

    try:
        await asyncio.gather(*(read(*job) for job in jobs))
    finally:
        for client in clients.values():
            await client.aclose()
    print(f"{len(jobs)} pages read ({len(routes)} routes)")
    seen = {name: [fault for fault in faults if re.search(where, fault)
                   and re.search(text, fault)] for name, (where, text) in KNOWN.items()}
    left = sorted(set(faults) - {fault for found in seen.values() for fault in found})
    mended = sorted(name for name, found in seen.items() if not found)
    if broken or left or mended:
        pytest.fail("\n".join(["pages not shown:", *broken, f"{len(left)} untranslated texts:",
                               *left, f"known faults no longer seen (drop them): {mended}"]),
                    pytrace=False)
