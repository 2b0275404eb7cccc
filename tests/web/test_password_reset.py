"""Setting a forgotten password in a browser on a phone, in English and Russian: from the
sign-in page to the mail (sent through the real SMTP server) and its link, which signs the
old session out and works only once."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest
from playwright.async_api import expect

from tests.conftest import PASSWORD, create_user_direct
from tests.mail_server import Inbox, reset_link
from tests.web.conftest import LANGUAGES

NEW_PASSWORD = "a brand new passphrase"


async def _look(visitor: Any, name: str) -> None:
    """A screenshot, and that nothing is wider than the phone's screen."""
    await visitor.shot(name)
    width = visitor.page.viewport_size["width"]
    used = await visitor.page.evaluate("document.documentElement.scrollWidth")
    assert used <= width, f"{name}: the page is {used}px wide on a {width}px screen"


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_forgotten_password_is_set_again_from_the_mail(
        visit: Any, app: Any, db: asyncpg.Connection, mail: Inbox, language: str) -> None:
    email = await create_user_direct(db, "regulator")
    elsewhere = await visit(language, mobile=True)
    await elsewhere.login(email, PASSWORD)
    await expect(elsewhere.page).to_have_url(f"{elsewhere.base_url}/ministry")

    v = await visit(language, mobile=True)
    await v.goto("/login")
    await v.page.get_by_role("link", name=v.t("Forgot your password?", "Забыли пароль?")).click()
    await expect(v.page.get_by_role("heading", level=1)).to_have_text(
        v.t("Forgot your password?", "Забыли пароль?"))
    await _look(v, "ask")
    await v.page.fill("#f-email", email)
    await v.page.click("form[action='/reset'] button[type=submit]")
    await expect(v.page.locator("#reset-sent h1")).to_have_text(
        v.t("Check your e-mail", "Проверьте почту"))
    await _look(v, "sent")

    # Without a language of its own, the account gets the mail in the page's language.
    token, message = await reset_link(app.state.pool, db, mail, email)
    assert message["Content-Language"] == language
    await v.goto(f"/reset/{token}")
    await _look(v, "choose")
    await v.page.fill("#f-password", NEW_PASSWORD)
    await v.page.fill("#f-password_again", NEW_PASSWORD)
    await v.page.click(f"form[action='/reset/{token}'] button[type=submit]")
    await expect(v.page).to_have_url(f"{v.base_url}/login")
    await expect(v.page.get_by_text(v.t("Your new password is set",
                                        "Новый пароль установлен"))).to_be_visible()
    await _look(v, "password-set")
    await v.login(email, NEW_PASSWORD)
    await expect(v.page).to_have_url(f"{v.base_url}/ministry")

    # The session opened before the reset is over; the link does not work twice.
    await elsewhere.goto("/ministry")
    await expect(elsewhere.page).to_have_url(f"{elsewhere.base_url}/login?next=/ministry")
    await v.goto(f"/reset/{token}")
    await expect(v.page.locator("#reset-spent")).to_contain_text(
        v.t("This link has been used already", "Эта ссылка уже использована"))
    await _look(v, "used")
