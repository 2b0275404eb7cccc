"""Signing in and out, the choice of language and how it is remembered, the error page,
the Russian catalogue covering every text the pages show, and the Kyrgyz, Uzbek and Tajik
catalogues covering every text of the public and migrant pages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from babel.messages.extract import extract_from_dir

from tests.conftest import ROOT, create_user_direct
from tests.web.conftest import LANGUAGES
from tools import po_missing

REGIONAL = ("ky", "uz", "tg")
PLACEHOLDER = re.compile(r"%\(\w+\)s|%%|\{\w+\}")


async def test_language_is_chosen_and_remembered(visit: Any) -> None:
    visitor = await visit("en")
    page = visitor.page
    await visitor.goto("/")
    await visitor.shot("home-en")
    assert await page.inner_text("h1") == "Work abroad, safely"
    await page.click("button[name=language][value=ru]")
    await page.wait_for_load_state()
    await visitor.shot("home-ru")
    assert await page.inner_text("h1") == "Работайте за рубежом безопасно"
    await visitor.goto("/login")  # another page: the choice holds
    assert await page.get_attribute("html", "lang") == "ru"
    assert await page.inner_text("h1") == "Вход"


@pytest.mark.parametrize("language", LANGUAGES)
async def test_sign_in_lands_on_the_role_home_and_sign_out(
        visit: Any, db: Any, language: str) -> None:
    email = await create_user_direct(db, "regulator")
    visitor = await visit(language, mobile=True)
    page = visitor.page
    await visitor.goto("/login")
    await page.fill("#f-email", email)
    await page.fill("#f-password", "wrong password")
    await page.click("form[action='/login'] button[type=submit]")
    await visitor.shot("wrong-password")
    assert visitor.t("Wrong e-mail or password.", "Неверный e-mail или пароль.") in \
        await page.inner_text(".form-error")
    assert await page.input_value("#f-email") == email  # what was typed is kept
    await visitor.login(email, "correct horse battery")
    assert page.url.endswith("/ministry")
    await visitor.menu()
    await page.click("text=" + visitor.t("Sign out", "Выйти"))
    await page.wait_for_load_state()
    await visitor.shot("signed-out")
    assert visitor.t("You have signed out.", "Вы вышли из системы.") in \
        await page.inner_text(".flash")


async def test_a_page_for_another_role_is_refused_in_words(visit: Any, db: Any) -> None:
    email = await create_user_direct(db, "regulator")
    visitor = await visit("ru")
    await visitor.login(email, "correct horse battery")
    response = await visitor.goto("/centre")
    await visitor.shot("forbidden")
    assert response.status == 403
    assert "Эта страница не для вашей роли." in await visitor.page.inner_text("main")


async def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(
        live_server: str, db: Any) -> None:
    async with httpx.AsyncClient(base_url=live_server) as http:
        response = await http.get("/ministry?tab=x")
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=/ministry%3Ftab%3Dx"
        # signing in and out take the page's token like every other form
        email = await create_user_direct(db, "regulator")
        credentials = {"email": email, "password": "correct horse battery"}
        assert (await http.post("/login", data=credentials)).status_code == 403
        token = re.search(r'name="csrf_token" value="([^"]+)"', (await http.get("/login")).text)
        assert token
        signed = await http.post("/login", data={**credentials, "csrf_token": token.group(1)})
        assert signed.status_code == 303
        assert (await http.post("/logout")).status_code == 403  # a forged sign-out
        assert (await http.get("/ministry")).status_code == 200


@pytest.mark.parametrize(("language", "required", "wrong"), [
    ("en", "This field is required.", "Wrong e-mail or password."),
    ("ru", "Это поле обязательно.", "Неверный e-mail или пароль."),
    ("ky", "Бул талааны толтуруу милдеттүү.", "Электрондук почта же сырсөз туура эмес."),
    ("uz", "Bu maydonni toʻldirish shart.", "Elektron pochta yoki parol notoʻgʻri."),
    ("tg", "Пур кардани ин майдон ҳатмист.", "Почтаи электронӣ ё парол нодуруст аст."),
])
async def test_a_sign_in_sent_with_a_field_empty_names_that_field(
        live_server: str, language: str, required: str, wrong: str) -> None:
    """Sent empty, the sign-in said «Wrong e-mail or password.», as if something had been
    typed wrong."""
    async with httpx.AsyncClient(base_url=live_server,
                                 cookies={"vetted_lang": language}) as http:
        token = re.search(r'name="csrf_token" value="([^"]+)"', (await http.get("/login")).text)
        assert token
        for email, password, empty in (("", "", {"email", "password"}),
                                       ("", "a password", {"email"}),
                                       ("  someone@example.org ", "", {"password"})):
            page = await http.post("/login", data={
                "email": email, "password": password, "csrf_token": token.group(1)})
            assert page.status_code == 422, (email, password)
            for name in ("email", "password"):
                shown = f'<p class="error" id="e-{name}">{required}</p>' in page.text
                assert shown is (name in empty), (name, email, password)
            assert wrong not in page.text
            assert "someone@example.org" in page.text or not email


async def test_the_address_a_form_was_sent_to_opens_the_page_of_the_form(
        live_server: str) -> None:
    """A refused form's page is shown at the address it was sent to; opened again from the
    address bar, a bookmark or the choice of another language, that address leads to the
    page the form lives on, not to "this page cannot be opened this way"."""
    page = {"Accept": "text/html"}
    async with httpx.AsyncClient(base_url=live_server) as http:
        for sent_to, above in (("/me/disputes/7/messages", "/me/disputes/7"),
                               ("/mission/cases/7/evidence", "/mission/cases/7"),
                               ("/language", "/")):
            response = await http.get(sent_to, headers=page)
            assert response.status_code == 303, sent_to
            assert response.headers["location"] == above, sent_to
        # A client of the API is told what it did.
        assert (await http.get("/admin/users")).status_code == 405


async def test_an_error_page_shows_the_signed_in_users_own_header(
        live_server: str, db: Any) -> None:
    """An address no route knows answered a signed-in user with the signed-out header (the
    sign-in link, the public menu), as if they had been signed out."""
    page = {"Accept": "text/html"}
    async with httpx.AsyncClient(base_url=live_server) as http:
        email = await create_user_direct(db, "regulator")
        token = re.search(r'name="csrf_token" value="([^"]+)"', (await http.get("/login")).text)
        assert token
        signed = await http.post("/login", data={
            "email": email, "password": "correct horse battery", "csrf_token": token.group(1)})
        assert signed.status_code == 303
        for path, status in (("/admin", 404), ("/ministry/no-such-page", 404),
                             ("/agency/vacancies/36/print", 404)):
            response = await http.get(path, headers=page)
            assert response.status_code == status, path
            assert 'action="/logout"' in response.text, path  # the sign-out control
            assert email in response.text, path  # whose session it is
            assert 'href="/ministry/licences"' in response.text, path  # the regulator's menu
            assert 'href="/login"' not in response.text, path
        # A form refused before its page ran (no token) keeps the header too.
        refused = await http.post("/ministry/routing-rules/new", headers=page)
        assert refused.status_code == 403
        assert 'action="/logout"' in refused.text
    # A session cookie that names no session: the page is still shown, signed out.
    async with httpx.AsyncClient(base_url=live_server,
                                 cookies={"vetted_session": "not-a-token"}) as http:
        response = await http.get("/admin", headers=page)
        assert response.status_code == 404
        assert 'href="/login"' in response.text
        assert 'action="/logout"' not in response.text


@pytest.mark.unit
async def test_an_error_page_whose_session_lookup_fails_is_shown_signed_out() -> None:
    """The database that would say who is signed in cannot be reached: the error page is
    still shown, with the signed-out header, rather than failing."""
    from types import SimpleNamespace

    from starlette.requests import Request

    from api.web.common import SESSION_COOKIE, error_page_principal
    from core.auth import issue_token

    class _BrokenPool:
        def acquire(self, **_: Any) -> Any:
            raise ConnectionRefusedError("the database is away")

    secret = "s" * 32
    token, _seconds = issue_token(user_id=1, session_id="00000000-0000-0000-0000-000000000001",
                                  secret=secret, minutes=5)
    app = SimpleNamespace(state=SimpleNamespace(
        secret_key=secret, read_pool=_BrokenPool(),
        settings=SimpleNamespace(database_acquire_timeout_seconds=0.5)))
    request = Request({"type": "http", "method": "GET", "path": "/admin", "app": app,
                       "headers": [(b"cookie", f"{SESSION_COOKIE}={token}".encode())]})
    await error_page_principal(request)
    assert request.state.principal is None


def _messages() -> set[str]:
    found: set[str] = set()
    method_map = [("errors.py", "python"), ("web/**.py", "python"),
                  ("web/templates/**.html", "jinja2")]
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "api"), method_map=method_map):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.unit
def test_every_text_on_the_pages_has_a_russian_translation() -> None:
    from api.web.common import has_translation

    missing = sorted(m for m in _messages() if not has_translation("ru", m))
    assert not missing, f"no Russian for {len(missing)} texts: {missing[:20]}"


def _catalogues(language: str) -> list[Path]:
    return sorted((ROOT / "api" / "web" / "locale" / language).glob("*.po"))


def _entries(po: Path) -> list[tuple[str, str]]:
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        return [(message.id, str(message.string)) for message in read_po(fh)
                if message.id and isinstance(message.id, str)]


@pytest.mark.unit
@pytest.mark.parametrize("language", ("ru", *REGIONAL))
def test_the_page_groups_translate_a_shared_text_the_same_way(language: str) -> None:
    """Catalogues are merged: a text two groups translate differently would show one
    group's words on the other's pages."""
    seen: dict[str, dict[str, str]] = {}
    for po in _catalogues(language):
        for text, translated in _entries(po):
            seen.setdefault(text, {})[po.stem] = translated
    clashes = {text: by_group for text, by_group in seen.items()
               if len(set(by_group.values())) > 1}
    assert not clashes, f"translated differently by page group: {clashes}"


@pytest.mark.unit
def test_every_source_of_page_texts_belongs_to_a_page_group() -> None:
    """A new page module or template must be placed in a group, so its texts are listed
    for the right catalogue (and, for a public page, for every language)."""
    places = [place for _group, found in po_missing.texts().values() for place in found]
    assert places
    unplaced = sorted({place.rsplit(":", 1)[0] for place in places
                       if po_missing.group_of(place.removeprefix("api/").rsplit(":", 1)[0])
                       is None})
    assert not unplaced, f"no page group for {unplaced}"
    assert set(po_missing.GROUPS) == {po.stem for po in _catalogues("ru")}


@pytest.mark.unit
@pytest.mark.parametrize("language", REGIONAL)
def test_every_text_of_the_public_and_migrant_pages_is_translated(language: str) -> None:
    """Kyrgyz, Uzbek and Tajik readers see every text of the public pages and their own in
    their language: `python tools/po_missing.py --language ky --group jobs` lists the
    ones a catalogue still lacks."""
    assert set(po_missing.PUBLIC_GROUPS) == {po.stem for po in _catalogues(language)}
    missing = {group: [text for text, _places in po_missing.missing(language, group)]
               for group in po_missing.PUBLIC_GROUPS}
    missing = {group: texts for group, texts in missing.items() if texts}
    assert not missing, f"no {language} translation for: {missing}"
    # Staff pages are not written in these languages: nothing is asked of them.
    assert po_missing.group_languages("centre") == ("ru",)


@pytest.mark.unit
@pytest.mark.parametrize("language", REGIONAL)
def test_the_words_a_migrants_form_refuses_with_are_in_their_language(language: str) -> None:
    """A phone typed wrong on a migrant's complaint read «Введите по образцу…» on Uzbek
    pages: the form took its words from the centre's, written in Russian only."""
    import inspect
    import re

    from api.web import me, me_account, me_disputes, me_jobs
    from api.web.common import translations

    _ = translations(language).gettext
    for module in (me, me_account, me_disputes, me_jobs):
        for name in set(re.findall(r"words=(\w+)", inspect.getsource(module))):
            words = getattr(module, name)
            untranslated = [text for text in words.values() if _(text) == text]
            assert not untranslated, (module.__name__, name, untranslated)


@pytest.mark.unit
@pytest.mark.parametrize("language", ("ru", *REGIONAL))
def test_translations_keep_their_placeholders(language: str) -> None:
    wrong = [(po.name, text, translated) for po in _catalogues(language)
             for text, translated in _entries(po)
             if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(translated))]
    assert not wrong, wrong


# The letters each language's catalogues may not use, outside words kept from the English
# (names, codes, "сварщик" in an example of typing in Russian).
FOREIGN_LETTERS = {
    # Uzbek is written in the Latin script, with oʻ and gʻ (U+02BB) and the tutuq belgisi
    # (U+02BC): never quotation marks, backticks or ASCII apostrophes for them.
    "uz": re.compile(r"[\u0400-\u04ff]|[oOgG][\u2018\u2019'`]|'"),
    # Kyrgyz: Cyrillic with ң ө ү, not Tajik letters, and no Latin words of its own.
    "ky": re.compile(r"[ӣӯҳқғҷ]|[A-Za-z]"),
    # Tajik: Cyrillic with ӣ ӯ ҳ қ ғ ҷ, not the Russian-only ц щ ы ь nor Kyrgyz letters.
    "tg": re.compile(r"[цщыьңөүЦЩЫЬҢӨҮ]|[A-Za-z]"),
}


@pytest.mark.unit
@pytest.mark.parametrize("language", REGIONAL)
def test_translations_are_written_in_the_language_s_alphabet(language: str) -> None:
    wrong = []
    for po in _catalogues(language):
        for text, translated in _entries(po):
            kept = set(re.findall(r"[\w-]+", text))
            own = " ".join(word for word in re.findall(r"[\w'`\u2018\u2019-]+",
                                                       PLACEHOLDER.sub("", translated))
                           if word not in kept)
            if FOREIGN_LETTERS[language].search(own):
                wrong.append((po.name, translated))
    assert not wrong, wrong
    if language == "uz":
        assert "ʻ" in " ".join(t for po in _catalogues("uz") for _x, t in _entries(po))


# Words that ask the noun before them for a case ending (Kyrgyz «чейин» the dative:
# «4-январга чейин») or are themselves a suffix (Uzbek «-gacha»: «4-yanvargacha»). A date,
# sum or name filled in cannot take that ending: «Элдешүү: 2027-ж., 4-январь чейин».
AFTER_A_FILLED_IN_WORD = {"ky": re.compile(r"(%\(\w+\)s|\{\w+\})\)? (чейин|дейре)\b"),
                          "uz": re.compile(r"(%\(\w+\)s|\{\w+\})\)? ?gacha\b")}


@pytest.mark.unit
@pytest.mark.parametrize("language", sorted(AFTER_A_FILLED_IN_WORD))
def test_no_case_ending_is_asked_of_a_date_or_sum_filled_in(language: str) -> None:
    wrong = [(po.name, translated) for po in _catalogues(language)
             for _text, translated in _entries(po)
             if AFTER_A_FILLED_IN_WORD[language].search(translated)]
    assert not wrong, wrong


@pytest.mark.unit
def test_russian_never_hedges_a_persons_gender() -> None:
    """«Meerim Bekova направлен(а) на вакансию»: no migrant's gender is recorded, so the
    Russian is worded to need none (the referral is the subject, not the person)."""
    hedged = [(po.name, translated) for po in _catalogues("ru")
              for _text, translated in _entries(po)
              if re.search(r"\w\((а|ла|на|ена)\)", translated)]
    assert not hedged, hedged


def _request(path: str, cookie: str | None, accept: str) -> Any:
    from starlette.requests import Request

    headers = [(b"accept-language", accept.encode())]
    if cookie:
        headers.append((b"cookie", f"vetted_lang={cookie}".encode()))
    return Request({"type": "http", "method": "GET", "path": path, "headers": headers,
                    "query_string": b""})


@pytest.mark.unit
@pytest.mark.parametrize(("path", "cookie", "accept", "shown"), [
    # Public and migrant pages: any of the five, the cookie first.
    ("/check", "ky", "en", "ky"),
    ("/jobs/12", "uz", "", "uz"),
    ("/me/matches", "tg", "ru", "tg"),
    ("/", None, "uz-Latn-UZ,uz;q=0.9,ru;q=0.8,en;q=0.5", "uz"),
    ("/jobs", None, "tg-TJ", "tg"),
    ("/jobs", None, "de-DE,ky;q=0.7,ru;q=0.9", "ru"),  # by q, not by order
    ("/jobs", None, "ky;q=0,ru;q=0.5", "ru"),  # q=0: not this one
    ("/jobs", None, "de,fr", "en"),
    ("/jobs", "xx", "ky", "ky"),  # a cookie no one could have set is ignored
    # Staff pages: English or Russian; Kyrgyz, Uzbek or Tajik asked for shows Russian.
    ("/centre", "ky", "en", "ru"),
    ("/ministry/licences", "uz", "", "ru"),
    ("/agency", "en", "tg", "en"),
    ("/mission/cases", None, "tg-TJ,en;q=0.5", "ru"),
    ("/mission", None, "de,en;q=0.8", "en"),
    ("/centres-of-something", "ky", "", "ky"),  # only the staff paths themselves
])
def test_the_language_is_one_the_page_group_is_written_in(
        path: str, cookie: str | None, accept: str, shown: str) -> None:
    from api.web.common import request_language

    assert request_language(_request(path, cookie, accept)) == shown


@pytest.mark.unit
def test_names_money_and_dates_follow_the_page_language() -> None:
    from datetime import date
    from decimal import Decimal

    from babel import Locale

    from api.web.common import country_name, environment, language_name

    assert Locale.parse("uz").script is None  # CLDR's "uz" is the Latin script
    assert country_name("US", "uz") == "Amerika Qoʻshma Shtatlari"  # CLDR writes ‘
    assert country_name("KZ", "uz") == "Qozogʻiston"
    assert language_name("uz", "uz") == "oʻzbekcha"  # as "ruscha", "qirgʻizcha" beside it
    assert [language_name(c, "uz") for c in ("tg", "ru", "tr", "ja")] == \
        ["tojikcha", "ruscha", "turkcha", "yaponcha"]
    assert country_name("KR", "ky") == "Түштүк Корея"
    assert country_name("PL", "tg") == "Лаҳистон"
    assert language_name("ru", "tg") == "русӣ"
    money = environment("uz").filters["money"]
    assert money(Decimal("95000"), "UZS") == "95\u00a0000\u00a0soʻm"  # no zero tiyin
    assert money(Decimal("95000.50"), "UZS") == "95\u00a0000,50\u00a0soʻm"
    assert environment("ky").filters["money"](Decimal("7000"), "KGS") == "7\u00a0000\u00a0сом"
    english = environment("en").filters["money"]
    assert english(Decimal("140000.00"), "RUB") == "RUB\u00a0140,000"  # not RUB140,000.00
    assert english(Decimal("-12.5"), "KZT") == "-KZT\u00a012.50"
    assert environment("tg").filters["date"](date(2026, 3, 14)) == "14 марти 2026"
    # On a page, a Kyrgyz or Uzbek date does not break at its hyphens on a narrow phone.
    assert environment("ky").filters["date"](date(2026, 3, 14)) == "2026\u2011ж., 14\u2011март"
    assert environment("uz").filters["date"](date(2026, 3, 14)) == "2026\u2011yil 14\u2011mart"
    need = environment("ky").filters["language_need"]
    assert need({"code": "ru", "level": "B1", "has": "A2", "met": False}) == \
        "орусча B1 (сиздин деңгээл: A2)"
    assert environment("uz").filters["language_need"](
        {"code": "en", "level": "native", "has": None, "met": False}) == "inglizcha ona tili"
    # A need the person meets says their level too: "русский A2" alone reads as theirs.
    assert environment("ru").filters["language_need"](
        {"code": "ru", "level": "A2", "has": "B1", "met": True}) == "русский A2 (у вас B1)"
    # On a centre worker's page the level is the migrant's, not the reader's.
    assert environment("ru").filters["language_need"](
        {"code": "ru", "level": "A2", "has": "B1", "met": True}, True) == \
        "русский A2 (уровень мигранта: B1)"


@pytest.mark.unit
@pytest.mark.parametrize(("language", "before", "letter", "after"), [
    # Kyrgyz: Ң after Н, Ө after О, Ү after У («Өзбекстан» was listed after «Ямайка»).
    ("ky", "Оман", "Өзбекстан", "Пакистан"),
    # Tajik: Ғ after Г, Қ after К, Ӯ after У, Ҳ after Х, Ҷ after Ч.
    ("tg", "Кюрасао", "Қазоқистон", "Лаос"),
    ("tg", "Уругвай", "Ӯзбекистон", "Фиҷи"),
    ("tg", "Хорватия", "Ҳиндустон", "Чад"),
    ("tg", "Чили", "Ҷибути", "Шветсия"),
    # Uzbek Latin: oʻ and gʻ after z, then sh and ch.
    ("uz", "Zimbabve", "Oʻzbekiston", "Gʻarbiy Sahroi Kabir"),
    ("uz", "Gʻarbiy Sahroi Kabir", "Shvetsiya", "Chili"),
    # Russian: Ё with Е, not after Я.
    ("ru", "Эфиопия", "Ямайка", "Япония"),
])
def test_countries_are_listed_in_the_order_of_the_page_languages_alphabet(
        language: str, before: str, letter: str, after: str) -> None:
    from api.web.options import alphabetical, coded_country_options, countries

    names = [name for _code, name in countries(language)]
    assert names.index(before) < names.index(letter) < names.index(after), names
    coded = [name for _code, name in coded_country_options(language)]
    assert coded == sorted(coded, key=alphabetical(language))
    if language == "ky":
        assert sorted(["фабрика", "үй", "уул", "оң", "онтогуз", "ноо", "ооз", "пахта"],
                      key=alphabetical("ky")) == \
            ["ноо", "онтогуз", "оң", "ооз", "пахта", "уул", "үй", "фабрика"]
    if language == "ru":
        assert sorted(["яма", "ёж", "ель", "жук"], key=alphabetical("ru")) == \
            ["ель", "ёж", "жук", "яма"]
    if language == "uz":  # the mark however it is typed
        assert sorted(["o'rik", "zar", "olma"], key=alphabetical("uz")) == \
            ["olma", "zar", "o'rik"]


@pytest.mark.parametrize(("language", "shown"), [
    ("en", "December 2, 2026"), ("ru", "2 декабря 2026"), ("ky", "2026-ж., 2-декабрь"),
    ("uz", "2026-yil 2-mart"), ("tg", "2 марти 2026"),
])
def test_a_date_reads_as_the_language_writes_it(language: str, shown: str) -> None:
    """Uzbek names the year first ("2026-yil 2-mart", not CLDR's "2-mart, 2026"). And a
    date never ends in its own period (Russian "г.", a Kyrgyz short month), which a
    sentence ending on it would double."""
    from datetime import date

    from api.web.common import format_date

    day = date(2026, 3 if language in ("uz", "tg") else 12, 2)
    assert format_date(day, language) == shown


@pytest.mark.parametrize(("language", "shown"), [
    ("ru", "2 декабря 2026, 03:19\u00a0UTC"), ("tg", "2 декабри 2026, 03:19\u00a0UTC"),
    ("uz", "2026-yil 2-dekabr, 03:19\u00a0UTC"),
])
def test_a_moment_is_its_date_as_written_beside_it_and_a_named_hour(language: str,
                                                                   shown: str) -> None:
    """Not "02/12/26 03:19" beside "02 Декабр 2026": one form of date per page, and the zone
    of the hour said."""
    from datetime import datetime, timedelta, timezone

    from api.web.common import format_date

    bishkek = timezone(timedelta(hours=6))
    assert format_date(datetime(2026, 12, 2, 9, 19, tzinfo=bishkek), language, "short") \
        == shown


@pytest.mark.parametrize(("language", "zone", "shown"), [
    # 2026-12-05 21:30 UTC is the 6th in Central Asia: an Uzbek migrant's page (UTC+5), a
    # Kyrgyz centre's (UTC+6), an attaché's in Moscow (UTC+3), each clock named by its city.
    ("uz", "Asia/Tashkent", "2026-yil 6-dekabr, Toshkent vaqti bilan 02:30"),
    ("ru", "Asia/Tashkent", "6 декабря 2026, 02:30 по времени г. Ташкент"),
    ("ru", "Asia/Bishkek", "6 декабря 2026, 03:30 по времени г. Бишкек"),
    ("ky", "Asia/Bishkek", "2026-ж., 6-декабрь, Бишкек убактысы боюнча 03:30"),
    ("tg", "Asia/Dushanbe", "6 декабри 2026, 02:30 бо вақти Душанбе"),
    ("en", "Europe/Moscow", "December 6, 2026, 00:30 Moscow time"),
    ("ru", "Europe/Moscow", "6 декабря 2026, 00:30 по времени г. Москва"),
    # Nobody signed in (no zone known): UTC, named, as before.
    ("ru", None, "5 декабря 2026, 21:30\u00a0UTC"),
])
def test_a_moment_reads_on_the_readers_clock_and_a_date_stays_put(language: str,
                                                                  zone: str | None,
                                                                  shown: str) -> None:
    """The page's `date` filter writes a moment on the clock set for the reader (where the
    signed-in user is read: api.web.common.page_principal); a date alone is the same day
    on every clock."""
    from contextvars import copy_context
    from datetime import UTC, date, datetime

    from api.web.common import environment, format_date, set_reading_zone, unbroken_date

    def written(value: date) -> str:
        set_reading_zone(zone)
        return str(environment(language).filters["date"](value))

    assert copy_context().run(written, datetime(2026, 12, 5, 21, 30, tzinfo=UTC)) == \
        unbroken_date(shown, language)
    assert copy_context().run(written, date(2026, 12, 5)) == unbroken_date(
        format_date(date(2026, 12, 5), language, zone="UTC"), language)


def test_each_country_has_one_clock_or_none() -> None:
    """Where a country keeps several zones, the capital's (Moscow for Russia, Almaty for
    Kazakhstan); where it is not ours to choose, none (the page keeps UTC)."""
    from api.web.time_zones import zone_of_country

    assert [zone_of_country(c) for c in ("KG", "UZ", "TJ", "KZ", "RU", "TR", "BR", None)] == [
        "Asia/Bishkek", "Asia/Tashkent", "Asia/Dushanbe", "Asia/Almaty", "Europe/Moscow",
        "Europe/Istanbul", None, None]


@pytest.mark.parametrize(("language", "rating", "whole"), [
    ("en", "62.9", "1,234"), ("ru", "62,9", "1\xa0234"),
])
def test_a_figure_reads_as_the_language_writes_it(language: str, rating: str,
                                                  whole: str) -> None:
    from api.web.common import environment

    number = environment(language).filters["number"]
    assert number(62.94) == rating
    assert number(1234.4, 0) == whole
    assert number(5.0, 1, False) == "5"


@pytest.mark.unit
def test_every_button_on_the_pages_is_styled_as_one() -> None:
    """A button without a class of the stylesheet shows as the browser's small grey box,
    which on a phone reads as no button at all (the counter's sign-in code, the job card's
    print). The language switcher and the no-script fallback are the two exceptions."""
    styled = {"primary", "secondary", "danger", "link"}
    bare = []
    for template in sorted((ROOT / "api" / "web" / "templates").rglob("*.html")):
        text = template.read_text()
        for tag in re.finditer(r"<button\b[^>]*>", text):
            classes = re.search(r'class="([^"]*)"', tag.group())
            if classes and styled & set(re.findall(r"[\w-]+", classes.group(1))):
                continue
            if 'name="language"' in tag.group() or "<noscript><button" in text[
                    max(0, tag.start() - 10):tag.end()]:
                continue
            bare.append(f"{template.relative_to(ROOT)}: {tag.group()}")
    assert not bare, bare
