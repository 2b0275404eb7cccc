"""What every page shares: templates in the page group's languages (staff pages in English
and Russian, public and migrant pages also in Kyrgyz, Uzbek and Tajik), the signed-in user
from the session cookie, CSRF tokens, forms that keep what was typed and name each error
beside its field, and sending a form twice without doing the work twice."""

from __future__ import annotations

import hashlib
import hmac
import io
import re
import secrets
from collections.abc import Callable, Coroutine, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, unquote
from zoneinfo import ZoneInfo

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import ValidationError

from api.bodies import is_upload_path
from api.deps import Uow, checked_form, token_principal
from api.web import time_zones
from core.auth import Principal, Role
from core.db import UnitOfWork
from matching import occupations, places

WEB_DIR = Path(__file__).resolve().parent
LOCALE_DIR = WEB_DIR / "locale"
# Each language named in itself, as the header offers it.
LANGUAGES = {"en": "English", "ru": "Русский", "ky": "Кыргызча", "uz": "Oʻzbekcha",
             "tg": "Тоҷикӣ"}
DEFAULT_LANGUAGE = "en"
# Staff pages (the centre's, agency's, mission's and ministry's) are written in English and
# Russian only. Staff in the region read Russian, so a staff page asked for in Kyrgyz,
# Uzbek or Tajik (by the cookie or the browser) is shown in Russian rather than English.
STAFF_LANGUAGES = ("en", "ru")
STAFF_FALLBACK = {"ky": "ru", "uz": "ru", "tg": "ru"}
STAFF_PREFIXES = ("/centre", "/agency", "/mission", "/ministry")
# The public pages and the migrant's own are written in every language.
PUBLIC_LANGUAGES = tuple(LANGUAGES)
# A Kyrgyz, Uzbek or Tajik catalogue that lacks a text (one added since it was last
# translated) shows the Russian, which those readers know better than English.
CATALOGUE_FALLBACK = {"ky": "ru", "uz": "ru", "tg": "ru"}
# The page's lang attribute: Uzbek pages are in the Latin script.
HTML_LANG = {"uz": "uz-Latn"}
SESSION_COOKIE = "vetted_session"
# A random value of the browser's, which the CSRF token of every form is bound to (with the
# session): a page of another site can neither read it nor the tokens made from it.
CSRF_COOKIE = "vetted_csrf"
CSRF_COOKIE_SECONDS = 365 * 24 * 3600
LANGUAGE_COOKIE = "vetted_lang"
FLASH_COOKIE = "vetted_flash"
FORM_TOKEN_SECONDS = 24 * 3600

# The home page of each role, where signing in lands.
HOME_BY_ROLE: dict[str, str] = {
    Role.REGULATOR: "/ministry",
    Role.AGENCY_STAFF: "/agency",
    Role.CENTRE_STAFF: "/centre",
    Role.ATTACHE: "/mission",
    Role.MIGRANT: "/me",
    Role.SETTLEMENT_BODY: "/mission/cases",
    Role.ADMIN: "/ministry",
}


# --- languages -------------------------------------------------------------------------

@cache
def translations(language: str) -> NullTranslations:
    """Every catalogue under locale/<language>/ merged (each page group keeps its own file),
    falling back to the Russian ones for a text the language lacks."""
    merged: NullTranslations | None = None
    for po in sorted((LOCALE_DIR / language).glob("*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        loaded = Translations(fp=buffer)
        if merged is None:
            merged = loaded
        else:
            assert isinstance(merged, Translations)
            merged.merge(loaded)
    merged = merged or NullTranslations()
    fallback = CATALOGUE_FALLBACK.get(language)
    if fallback:
        merged.add_fallback(translations(fallback))
    return merged


def has_translation(language: str, text: str) -> bool:
    """Whether the language's own catalogues hold a text (even one spelt the same, like
    "Vetted"); a text shown through the Russian fallback does not count."""
    catalog = getattr(translations(language), "_catalog", {})
    return bool(catalog.get(text))


def is_staff_path(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in STAFF_PREFIXES)


def page_languages(request: Request) -> tuple[str, ...]:
    """The languages the page group of this request is written in."""
    return STAFF_LANGUAGES if is_staff_path(request.url.path) else PUBLIC_LANGUAGES


def _supported(code: str, languages: tuple[str, ...]) -> str | None:
    """A language asked for, as the page group writes it (ky/uz/tg are Russian on staff
    pages), or None when the group has nothing for it."""
    if code in languages:
        return code
    fallback = STAFF_FALLBACK.get(code)
    return fallback if fallback in languages else None


def accepted_languages(header: str) -> list[str]:
    """The two-letter languages of an Accept-Language header, most wanted first (by q, then
    by order); `q=0` means "not this one"."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _sep, params = part.partition(";")
        code = tag.strip().lower().split("-")[0]
        quality = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if code and quality > 0:
            ranked.append((-quality, position, code))
    return [code for _q, _p, code in sorted(ranked)]


def request_language(request: Request) -> str:
    """The language the user chose (remembered in a cookie), else the browser's most wanted
    one, among those the page group is written in."""
    languages = page_languages(request)
    chosen = _supported(request.cookies.get(LANGUAGE_COOKIE, ""), languages)
    if chosen:
        return chosen
    for code in accepted_languages(request.headers.get("accept-language", "")):
        found = _supported(code, languages)
        if found:
            return found
    return DEFAULT_LANGUAGE


def gettext_for(request: Request) -> Callable[[str], str]:
    """`_` for messages built in Python code, in the request's language."""
    return translations(request_language(request)).gettext


# --- templates -------------------------------------------------------------------------

def format_money(amount: Decimal, currency: str, language: str) -> str:
    """An amount in the reader's language: `140 000 ₽`, `RUB 140,000`, `120,50 KZT`.

    Whole amounts (most wages and fees) drop the zero kopecks; a currency code set
    against the digits (`RUB140,000` in English) gets the space the reader expects."""
    pattern = Locale.parse(language).currency_formats["standard"].pattern
    if amount == amount.to_integral_value():
        pattern = re.sub(r"\.0+", "", pattern)
    text = babel_numbers.format_currency(amount, currency, format=pattern, locale=language,
                                         currency_digits=False)
    return re.sub(r"(?<=\b[A-Z]{3})(?=\d)|(?<=\d)(?=[A-Z]{3}\b)", "\u00a0", text)


def _money(amount: Decimal | float | str | None, currency: str | None, language: str) -> str:
    if amount is None:
        return ""
    return format_money(Decimal(str(amount)), currency or "XXX", language)


# The zone (IANA name) the moments of the page or notice being written are shown in: the
# reader's (api.web.time_zones), set where the reader is known; None keeps UTC.
_reading_zone: ContextVar[str | None] = ContextVar("reading_zone", default=None)


def set_reading_zone(zone: str | None) -> None:
    """Show the moments written from here on (in this request or task) in `zone`."""
    _reading_zone.set(zone)


def zone_city(zone: str, language: str) -> str:
    """The city a time zone is named by, in `language` ("Asia/Tashkent" -> "Ташкент")."""
    return _in_script(babel_dates.get_timezone_location(zone, locale=language,
                                                        return_city=True), language)


def format_date(value: date | datetime | str | None, language: str, form: str = "medium",
                zone: str | None = None) -> str:
    """A date (or a moment) as `language` writes it. A moment is its date written as every
    other date on the page, then the hour and minute on the reader's clock (`zone`, else
    the one set for the page: set_reading_zone), named by its city, or in UTC, named, for
    a reader whose clock is unknown: "05/12/26 03:19" beside "5 Dec 2026" says neither
    which form nor which zone. A date alone is the date it is, in every zone."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        # A moment as stored in a step's data is written with a space or a "T".
        value = datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
    if isinstance(value, datetime):
        zone = zone or _reading_zone.get()
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)  # stored in UTC
        moment = moment.astimezone(ZoneInfo(zone) if zone and zone != "UTC" else UTC)
        day = format_date(moment.date(), language)
        hour = babel_dates.format_time(moment, "HH:mm", locale=language)
        if zone and zone != "UTC":
            hour = translations(language).gettext(TIME_IN_ZONE) % {
                "time": hour, "city": zone_city(zone, language)}
        else:
            hour += "\u00a0UTC"
        return f"{day}, {hour}"  # as notices write a deadline
    if form == "medium":
        # The month in full, in every language: a short one reads as another word (Uzbek
        # "mar" for mart), and CLDR's "2 дек. 2026 г." or "2026-ж., 4-дек." ends in a
        # period, which a sentence ending on a date doubles. Russian drops the "г." too.
        # Tajik's long form pads the day ("05 Декабр") and capitalises the month; its
        # readers write "5 декабри 2026", the month in lower case joined by -и. CLDR's
        # Uzbek "5-mart, 2027" is not how Uzbek writes a date: the year comes first and
        # is named, "2027-yil 5-mart". Kyrgyz keeps CLDR's "2027-ж., 5-март", year first.
        if language == "tg":
            month = babel_dates.format_date(value, format="MMMM", locale=language).lower()
            return f"{value.day} {month}и {value.year}"
        if language == "uz":
            month = babel_dates.format_date(value, format="MMMM", locale=language).lower()
            return f"{value.year}-yil {value.day}-{month}"
        form = "d MMMM y" if language == "ru" else "long"
    return babel_dates.format_date(value, format=form, locale=language)


# Kyrgyz and Uzbek join a date's day and year to their words with a hyphen («2026-ж.,
# 5-декабрь», «2026-yil 5-dekabr»), where a narrow phone's line breaks, leaving «5-» at
# the end of one line and «декабрь» on the next. On a page, the hyphen does not break.
_DATE_HYPHENS = {"ky", "uz"}


def unbroken_date(text: str, language: str) -> str:
    """A date as a page shows it: its hyphens unbreakable where its language has them."""
    return text.replace("-", "\u2011") if language in _DATE_HYPHENS else text


# A dispute's number as people quote it (disputes.cases.reference): D-<year>-<id>.
_CASE_NUMBER = re.compile(r"\bD-(\d{4})-(\d+)\b")


def unbroken_case_numbers(text: Any) -> Any:
    """Case numbers in a text as a page shows them, their hyphens unbreakable: a narrow
    phone's line otherwise leaves «D-2026-» at the end of one line and «00002» on the next,
    in a heading, a table or a notice's title alike."""
    if not isinstance(text, str) or hasattr(text, "__html__"):
        return text  # markup already made is shown as it was made
    return _CASE_NUMBER.sub("D\u2011\\1\u2011\\2", text)


# CLDR writes some Uzbek names with quotation marks ("Qo‘shma", "Noma’lum"); the Uzbek
# Latin alphabet writes oʻ and gʻ with the turned comma (U+02BB) and the tutuq belgisi with
# the modifier apostrophe (U+02BC), as our catalogues do.
_UZBEK_LETTERS = str.maketrans({"\u2018": "\u02bb", "`": "\u02bb", "\u2019": "\u02bc"})


def size_words(size: int, language: str, _: Callable[[str], str]) -> str:
    """A file's size (or a limit on it) as people read it, in `language`."""
    if size < 1024:
        return _("%(size)s bytes") % {"size": size}
    if size < 1024 * 1024:
        return _("%(size)s KB") % {
            "size": babel_numbers.format_decimal(round(size / 1024, 1), locale=language)}
    return _("%(size)s MB") % {
        "size": babel_numbers.format_decimal(round(size / (1024 * 1024), 1),
                                             locale=language)}


# Units of a wait where the locale data has only abbreviations ("24 h" in Tajik); a Tajik
# noun after a number stays singular.
_WAIT_UNITS = {"tg": (("рӯз", 86400), ("соат", 3600), ("дақиқа", 60), ("сония", 1))}


def format_wait(seconds: float, language: str) -> str:
    """How long to wait, in the largest whole unit ("1 day", "5 minutes"), in words."""
    units = _WAIT_UNITS.get(language)
    if units is None:
        return babel_dates.format_timedelta(timedelta(seconds=seconds), threshold=1,
                                            locale=language)
    name, size = next(((n, s) for n, s in units if seconds >= s), units[-1])
    return f"{max(1, round(seconds / size))} {name}"


def _in_script(name: str, language: str) -> str:
    return name.translate(_UZBEK_LETTERS) if language == "uz" else name


def country_name(code: str | None, language: str) -> str:
    """A country's name in the page's language ("RU" -> "Russia" / "Россия" / "Rossiya")."""
    if not code:
        return ""
    return _in_script(str(Locale.parse(language).territories.get(code.upper(), code)),
                      language)


def currency_name(code: str, language: str) -> str:
    """A currency's name in the page's language ("KGS" -> "Kyrgyz Som" / "киргизский
    сом" / "Qirgʻiziston somi")."""
    return _in_script(babel_numbers.get_currency_name(code, locale=language), language)


def language_name(code: str | None, language: str) -> str:
    """A language's name in the page's language ("ky" -> "Kyrgyz" / "киргизский")."""
    if not code:
        return ""
    name = _in_script(str(Locale.parse(language).languages.get(code.lower(), code)), language)
    if language == "uz" and name != code and not name.endswith("cha"):
        # CLDR names most languages in Uzbek with -cha ("ruscha", "qirgʻizcha") and some
        # without ("tojik", "oʻzbek", "turk"); side by side in one list they read unlike.
        name += "cha"
    return name


def language_need(need: Mapping[str, Any], language: str, of_migrant: bool = False) -> str:
    """A language a job needs, in the page's language, beside the level the person has
    when known: "русский A2 (у вас B1)", not a level that reads as theirs; on a centre
    worker's page, the level of the migrant searched for ("уровень мигранта: B1")."""
    _ = translations(language).gettext
    level = _(LANGUAGE_LEVELS.get(need["level"], need["level"]))
    words = f"{language_name(need['code'], language)} {level}"
    if need.get("has"):
        has = need["has"]
        said = _("(the migrant's level: %(level)s)") if of_migrant else _("(you have %(level)s)")
        words += " " + said % {"level": _(LANGUAGE_LEVELS.get(has, has))}
    return words


def _occupation_name(text: str | None, code: str | None, language: str) -> str:
    """An occupation in the page's language: by its taxonomy code, else by its name."""
    if code and code in occupations.BY_CODE:
        return occupations.BY_CODE[code].name(language)
    return occupations.occupation_name(text or "", language)


def _worded_apart(text: str | None, code: str | None) -> bool:
    """Whether a vacancy's occupation words are the agency's own, not one of the listed
    occupation's names (filled in when the agency typed none): only its own words are
    shown as «as you wrote it»."""
    occupation = occupations.BY_CODE.get(code or "")
    said = (text or "").strip().casefold()
    if occupation is None or not said:
        return bool(said)
    return all(said != name.casefold() for names in occupation.names.values()
               for name in names)


_rendering_csrf: ContextVar[str] = ContextVar("rendering_csrf", default="")


@cache
def environment(language: str) -> Environment:
    """One Jinja environment per language, with that language's catalogue installed."""
    env = Environment(
        loader=FileSystemLoader(WEB_DIR / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters["money"] = lambda amount, currency=None: _money(amount, currency, language)
    env.filters["date"] = lambda value, form="medium": unbroken_date(
        format_date(value, language, form), language)
    # A figure as the reader's language writes it: "62,9" in Russian, "62.9" in English.
    # `always=False` leaves out decimals that are zero ("5", "2,5").
    env.filters["number"] = lambda value, places=1, always=True: babel_numbers.format_decimal(
        value, format="#,##0." + ("0" if always else "#") * places if places else "#,##0",
        locale=language)
    env.filters["case_numbers"] = unbroken_case_numbers
    env.filters["words"] = lambda value: str(value or "").replace("_", " ")
    env.filters["country"] = lambda code: country_name(code, language)
    env.filters["city"] = lambda name, country=None: places.city_name(name or "", language,
                                                                      country)
    # Verification codes are stored bare and printed in two halves, as on the adverts.
    env.filters["code"] = lambda code: (f"{code[:4]}-{code[4:]}" if code and len(code) == 8
                                        and "-" not in code else code or "")
    env.filters["language_name"] = lambda code: language_name(code, language)
    env.filters["currency_name"] = lambda code: currency_name(code, language)
    env.filters["language_need"] = lambda need, of_migrant=False: language_need(
        need, language, of_migrant)
    env.globals["html_lang"] = HTML_LANG.get(language, language)
    env.globals["city_suggestions"] = lambda: places.city_names(language)
    env.filters["occupation"] = lambda text, code=None: _occupation_name(text, code, language)
    env.filters["worded_apart"] = _worded_apart
    env.globals["occupation_suggestions"] = lambda: occupations.occupation_names(language)
    # A global, so macros imported without the page's context still sign their forms.
    env.globals["session_csrf_token"] = _rendering_csrf.get
    env.globals["language"] = language
    return env


def render(
    request: Request, template: str, context: Mapping[str, Any] | None = None, *,
    status_code: int = 200, language: str | None = None,
) -> HTMLResponse:
    """A page in the request's language (or in `language`, one of the page group's), with the
    signed-in user, CSRF token and flash."""
    language = language if language is not None and language in page_languages(request) \
        else request_language(request)
    principal: Principal | None = getattr(request.state, "principal", None)
    flash = request.cookies.get(FLASH_COOKIE)
    token = csrf_token(request)
    _rendering_csrf.set(token)
    set_reading_zone(getattr(request.state, "reading_zone", None))
    html = environment(language).get_template(template).render(
        request=request,
        principal=principal,
        csrf_token=token,
        flash=unquote(flash) if flash else None,
        home=HOME_BY_ROLE.get(principal.role, "/") if principal else "/",
        path=request.url.path,
        # The header offers only the languages this page group is written in.
        page_languages={code: LANGUAGES[code] for code in page_languages(request)},
        **(context or {}),
    )
    response = HTMLResponse(html, status_code=status_code)
    if flash:
        response.delete_cookie(FLASH_COOKIE, path="/")
    new_seed = getattr(request.state, "new_csrf_seed", None)
    if new_seed:
        response.set_cookie(CSRF_COOKIE, new_seed, max_age=CSRF_COOKIE_SECONDS, httponly=True,
                            samesite="lax", secure=is_https(request), path="/")
    return response


def redirect(url: str, *, flash: str | None = None) -> RedirectResponse:
    """See other (303): after a POST the browser loads the result with GET, so a reload
    does not send the form again."""
    response = RedirectResponse(url, status_code=303)
    if flash:
        response.set_cookie(FLASH_COOKIE, quote(flash), path="/", httponly=True,
                            samesite="lax", max_age=60)
    return response


def error_page(request: Request, status_code: int, title: str, detail: str) -> HTMLResponse:
    return render(request, "error.html", {"title": title, "detail": detail},
                  status_code=status_code)


# Where the pages live; errors there answer with an HTML page, elsewhere with problem+json.
PAGE_PREFIXES = ("/login", "/logout", "/language", "/reset", "/jobs", "/check", "/me",
                 "/papers", "/settings", "/unsubscribe",
                 *STAFF_PREFIXES)


def is_page(request: Request) -> bool:
    path = request.url.path
    return bool(getattr(request.state, "web", False)) or path == "/" or any(
        path == prefix or path.startswith(prefix + "/") for prefix in PAGE_PREFIXES)


async def mark_page(request: Request) -> None:
    """Set on every page router: errors on these paths answer with an HTML page, and every
    form posted to them (signing in and out and the choice of language included) must carry
    the CSRF token of the page it came from."""
    request.state.web = True
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        await check_csrf(request)


# --- who is signed in ------------------------------------------------------------------

class LoginRequired(Exception):
    """A page that needs a signed-in user was asked for without one."""


class PageForbidden(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)


class CsrfRejected(Exception):
    """A form came back without the token of the browser and session that rendered it: sent
    from another site, or from a page older than the last sign-in or sign-out."""


def _csrf_seed(request: Request) -> str:
    seed = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf_seed", None)
    if not seed:
        # The first page this browser is shown sets the cookie (see render).
        seed = request.state.new_csrf_seed = secrets.token_urlsafe(24)
    return str(seed)


def csrf_token(request: Request, *, session: str | None = None) -> str:
    """The token the forms of this page carry: bound to the browser's CSRF cookie and to
    its session, so it changes when the user signs in or out."""
    if session is None:
        session = request.cookies.get(SESSION_COOKIE, "")
    material = f"csrf:{_csrf_seed(request)}:{session}"
    key = request.app.state.secret_key.encode()
    return hmac.new(key, material.encode(), hashlib.sha256).hexdigest()[:40]


# Forms a page shown before signing in may still send once signed in (in another tab): the
# choice of language and signing in again. They give no power in the session they reach.
_SIGNED_OUT_FORMS = ("/language", "/login")


async def check_csrf(request: Request) -> None:
    """A state-changing page request must carry the token, in the form or (htmx) in the
    X-CSRF-Token header; without the browser's CSRF cookie nothing matches."""
    sent = request.headers.get("x-csrf-token")
    if not sent:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded",
                                    "multipart/form-data")):
            if is_upload_path(request.url.path) and not request.cookies.get(SESSION_COOKIE):
                raise LoginRequired()  # an upload is never read for nobody
            sent = str((await checked_form(request)).get("csrf_token") or "")
    valid = [csrf_token(request)]
    if request.url.path in _SIGNED_OUT_FORMS:
        valid.append(csrf_token(request, session=""))
    if not (request.cookies.get(CSRF_COOKIE) and sent
            and any(hmac.compare_digest(sent, token) for token in valid)):
        raise CsrfRejected()


def is_https(request: Request) -> bool:
    """Whether the browser reached us over TLS (behind a trusted proxy, as it says)."""
    return request.url.scheme == "https"


async def page_principal(request: Request, uow: Uow) -> Principal | None:
    """The user of the session cookie while its session is open, or None; also made
    available to the templates."""
    token = request.cookies.get(SESSION_COOKIE)
    principal = await token_principal(request, uow, token) if token else None
    request.state.principal = principal
    # The reader's clock, for the moments the page (and any refusal on it) writes.
    request.state.reading_zone = await time_zones.reader_zone(uow, principal)
    set_reading_zone(request.state.reading_zone)
    return principal


async def error_page_principal(request: Request) -> None:
    """Look up the signed-in user for an error page refused before its page did (an address
    no route knows, a form refused before its page ran), so that the header still shows
    who is signed in. Without a session cookie nothing is asked of the database, and a
    lookup that fails leaves the page signed out rather than failing the error page."""
    if hasattr(request.state, "principal"):
        return
    request.state.principal = None
    if not request.cookies.get(SESSION_COOKIE):
        return
    try:
        timeout: float = request.app.state.settings.database_acquire_timeout_seconds
        async with UnitOfWork(request.app.state.read_pool, transaction=False,
                              acquire_timeout=timeout) as uow:
            await page_principal(request, uow)
    except Exception:  # noqa: BLE001 - the error page is what matters, not its header
        request.state.principal = None


MaybeSignedIn = Annotated[Principal | None, Depends(page_principal)]


def signed_in(*roles: Role) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """A page for these roles: others are sent to sign in (or told they may not). Forms
    sent to it carry the CSRF token (checked for every page router: mark_page)."""

    async def _check(request: Request, principal: MaybeSignedIn) -> Principal:
        if principal is None:
            raise LoginRequired()
        if roles and principal.role not in roles:
            _ = gettext_for(request)
            raise PageForbidden(_("This page is not for your role."))
        return principal

    return _check


# --- forms -----------------------------------------------------------------------------

@dataclass
class FormState:
    """What a form shows: the values typed, an error per field, and a token that makes a
    second sending of the same form harmless."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    token: str | None = None

    def __post_init__(self) -> None:
        # A form shown again after a refusal keeps its token; a new form gets a new one.
        if not self.token:
            self.token = secrets.token_urlsafe(16)

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    def value(self, name: str, default: Any = "") -> Any:
        value = self.values.get(name)
        return default if value is None else value

    def has(self, name: str, option: str) -> bool:
        """Whether a multi-choice field holds this option (checkboxes, multi-selects)."""
        value = self.values.get(name)
        if isinstance(value, list | tuple | set):
            return option in value
        return value == option


async def read_form(request: Request, *, lists: tuple[str, ...] = ()) -> dict[str, Any]:
    """The posted fields as plain values: blank strings become None, and the named fields
    (checkbox groups, multi-selects) become lists. Uploaded files are left out."""
    form = await request.form()
    values: dict[str, Any] = {}
    for key in form:
        if key in ("csrf_token", "form_token"):
            continue
        if key in lists:
            values[key] = [str(v).strip() for v in form.getlist(key)
                           if isinstance(v, str) and v.strip()]
            continue
        raw = form.get(key)
        if isinstance(raw, str):
            raw = raw.strip()
            values[key] = raw or None
    for key in lists:
        values.setdefault(key, [])
    return values


def N_(message: str) -> str:
    """Marks a text for the catalogue where it is translated later, by `_` at render time."""
    return message


# Language levels are CEFR codes (A1 to C2), written alike in every language, or "native".
LANGUAGE_LEVELS = {"native": N_("native")}

# A moment's hour is named by the city whose clock it is on ("02:30 Tashkent time"): a
# city's name every language has, where "UTC+5" or "GMT+05:00" is read by few.
TIME_IN_ZONE = N_("%(time)s %(city)s time")


# The titles of error pages (api.errors names them in English).
PROBLEM_TITLES = [
    N_("Not found"), N_("Forbidden"), N_("Conflict"), N_("Invalid request"), N_("Refused"),
    N_("Transition not allowed"), N_("Changed by someone else"), N_("Not pre-screened"),
    N_("Search unavailable"), N_("Service unavailable"), N_("Not signed in"),
    N_("Too many requests"), N_("Internal error"), N_("Method not allowed"), N_("Error"),
    N_("Blocked by red flags"), N_("File too large"), N_("Evidence unavailable"), N_("Not allowed"),
    N_("The form has expired"), N_("Reload the page and send the form again."),
    N_("Licence not in force"), N_("Request too large"),
]

# Pydantic's error types in the user's words; anything else keeps pydantic's message.
_ERROR_WORDS = {
    "missing": N_("This field is required."),
    "string_too_short": N_("This is too short."),
    "string_too_long": N_("This is too long."),
    "int_parsing": N_("Enter a whole number."),
    "decimal_parsing": N_("Enter a number."),
    "float_parsing": N_("Enter a number."),
    "finite_number": N_("Enter a number."),
    "string_type": N_("Write it in words."),
    "password_plain": N_("A password needs at least 5 different letters, digits or signs "
                         "besides spaces."),
    "date_from_datetime_parsing": N_("Enter a date."),
    "date_parsing": N_("Enter a date."),
    "greater_than": N_("This must be larger."),
    "greater_than_equal": N_("This must be larger."),
    "less_than": N_("This must be smaller."),
    "less_than_equal": N_("This must be smaller."),
    "value_error.email": N_("Enter a valid e-mail address."),
    "email_address": N_("Enter a valid e-mail address."),
    "literal_error": N_("Choose one of the options."),
    "enum": N_("Choose one of the options."),
    "bool_parsing": N_("Choose yes or no."),
    "decimal_max_places": N_("Too many decimal places."),
    "decimal_max_digits": N_("Too many digits."),
    "decimal_whole_digits": N_("Too many digits."),
    "currency_code": N_("No currency has this code: write one such as RUB, KZT or USD."),
    "currency_minor_units": N_("This currency is counted in whole units: write the amount "
                               "without a fraction."),
    "country_code": N_("Choose a country from the list."),
    "phone_number": N_("Write the whole number with its country code, like +996 555 123 456."),
}


# The same, with the limit the value missed (pydantic's `ctx`): "at least 20 characters",
# not a bare "too short" that leaves the reader guessing.
_ERROR_LIMITS = {
    "string_too_short": ("min_length", N_("Too short: at least %(limit)s characters.")),
    "string_too_long": ("max_length", N_("Too long: at most %(limit)s characters.")),
    # A list: countries to grant, languages, findings.
    "too_short": ("min_length", N_("Choose at least %(limit)s.")),
    "too_long": ("max_length", N_("Choose at most %(limit)s.")),
    "greater_than": ("gt", N_("Must be more than %(limit)s.")),
    "greater_than_equal": ("ge", N_("Must be %(limit)s or more.")),
    "less_than": ("lt", N_("Must be less than %(limit)s.")),
    "less_than_equal": ("le", N_("Must be %(limit)s or less.")),
}


def _error_with_limit(error: Mapping[str, Any], language: str) -> str | None:
    """An error type with a limit, in the reader's language with the limit written as
    the language writes numbers; None when the error has no limit to tell."""
    kind = _ERROR_LIMITS.get(str(error.get("type")))
    limit = (error.get("ctx") or {}).get(kind[0]) if kind else None
    if kind is None or limit is None:
        return None
    try:
        figure = babel_numbers.format_decimal(Decimal(str(limit)), locale=language)
    except (InvalidOperation, ValueError):
        return None
    return str(translations(language).gettext(kind[1])) % {"limit": figure}


def errors_from_validation(exc: ValidationError, request: Request,
                           words: Mapping[str, str] | None = None) -> dict[str, str]:
    """A message per form field (the first one when a field has several); `words` are a
    page group's own words for error types, in every language."""
    return error_messages(exc.errors(), request, words)


def error_messages(found: Iterable[Mapping[str, Any]], request: Request,
                   words: Mapping[str, str] | None = None) -> dict[str, str]:
    """`errors_from_validation` for pydantic's error entries, wherever they come from (a
    page's query or form parameters among them)."""
    from api.errors import field_path

    _ = gettext_for(request)
    errors: dict[str, str] = {}
    for error in found:
        loc = tuple(p for p in error.get("loc", ())
                    if not (isinstance(p, str) and "[" in p and "]" in p))
        name = field_path(loc) if loc else "__all__"
        name = name.split("[")[0]  # list items are reported on their field
        kind = str(error.get("type"))
        if kind.endswith("_type") and error.get("input") is None:
            kind = "missing"  # a field left blank, not a value of the wrong kind
        own = (words or {}).get(kind)
        said = _ERROR_WORDS.get(kind)
        limited = _error_with_limit(error, request_language(request))
        if own:  # a page group's words read better than the schema's in English too
            message = _(own)
        elif limited:
            message = limited
        elif said and (request_language(request) != DEFAULT_LANGUAGE or kind == "missing"):
            message = _(said)
        else:
            message = str(error.get("msg", "is invalid")).removeprefix("Value error, ")
        errors.setdefault(name, message)
    return errors


async def claim_form(request: Request, token: str | None) -> str | None:
    """Mark a form token as being handled. Returns the page to show instead when this
    exact form was already sent (the result of the first sending)."""
    if not token:
        return None
    redis = request.app.state.redis
    key = f"web:form:{token}"
    if await redis.set(key, "pending", nx=True, ex=FORM_TOKEN_SECONDS):
        return None
    done = await redis.get(key)
    done = done.decode() if isinstance(done, bytes) else done
    if done and done != "pending":
        return str(done)
    # The first sending is still being handled: go back where the form was.
    return request.headers.get("referer") or "/"


def finish_form(request: Request, uow: UnitOfWork, token: str | None, url: str) -> None:
    """Once the work is committed, a second sending of the form goes to `url`."""
    if not token:
        return
    redis = request.app.state.redis

    async def _remember() -> None:
        await redis.set(f"web:form:{token}", url, ex=FORM_TOKEN_SECONDS)

    uow.after_commit(_remember)


async def release_form(request: Request, token: str | None) -> None:
    """The form was refused: it may be corrected and sent again."""
    if token:
        await request.app.state.redis.delete(f"web:form:{token}")


async def form_token(request: Request) -> str | None:
    form = await request.form()
    token = form.get("form_token")
    return token if isinstance(token, str) and token else None


def set_session(request: Request, response: Response, token: str, *, max_age: int) -> None:
    """The session cookie: Secure whenever the browser came over TLS."""
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age, httponly=True,
                        samesite="lax", secure=is_https(request), path="/")
