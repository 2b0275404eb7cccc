"""Signing in and out, the choice of language and how it is remembered, the error page,
and the Russian catalogue covering every text the pages show."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from babel.messages.extract import extract_from_dir

from tests.conftest import ROOT, create_user_direct
from tests.web.conftest import LANGUAGES


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
        # a form without the session's token is refused, nothing done
        email = await create_user_direct(db, "regulator")
        signed = await http.post("/login", data={"email": email,
                                                  "password": "correct horse battery"})
        assert signed.status_code == 303
        forged = await http.post("/logout")  # logout needs no token: it only clears
        assert forged.status_code == 303


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


@pytest.mark.unit
def test_the_page_groups_translate_a_shared_text_the_same_way() -> None:
    """Catalogues are merged: a text two groups translate differently would show one
    group's words on the other's pages."""
    from babel.messages.pofile import read_po

    seen: dict[str, dict[str, str]] = {}
    for po in sorted((ROOT / "api" / "web" / "locale" / "ru").glob("*.po")):
        with po.open("rb") as fh:
            for message in read_po(fh):
                if message.id and isinstance(message.id, str):
                    seen.setdefault(message.id, {})[po.stem] = str(message.string)
    clashes = {text: by_group for text, by_group in seen.items()
               if len(set(by_group.values())) > 1}
    assert not clashes, f"translated differently by page group: {clashes}"
