"""Browser tests: the real application served by uvicorn on 127.0.0.1, driven by Playwright
through Debian's Chromium. Every page a test passes through is kept as a screenshot under
test-artifacts/screenshots/<test>/."""

from __future__ import annotations

import functools
import itertools
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import IN_CI, ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# axe-core from the npm registry, fetched by `make test` (see the Makefile).
AXE_JS = os.environ.get("AXE_JS") or next(
    (str(p) for p in sorted(ROOT.glob(".venv/axe-core-*/axe.min.js"))), "")
# What every page is held to: WCAG 2.1, levels A and AA.
AXE_FOUND = bool(AXE_JS) and os.path.exists(AXE_JS)
AXE_RULES = {"runOnly": {"type": "tag",
                         "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SHOTS = ROOT / "test-artifacts" / "screenshots"
LANGUAGES = ("en", "ru")


@functools.cache
def _axe_source() -> str:
    return Path(AXE_JS).read_text()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(engines: dict[str, str], worker: Any) -> Iterator[str]:
    """The whole application on a free local port, on the test engines, with a real worker
    relaying index writes, as `make run` would serve it."""
    port = _free_port()
    # Kept with the screenshots: a page that failed in CI is explained by the server's log.
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    log = open(ROOT / "test-artifacts" / "web-server.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    # Generous: on a busy machine the first start loads the model and reads its files cold.
    deadline = time.monotonic() + 300
    while True:
        if proc.poll() is not None:
            pytest.fail(f"the web server exited with {proc.returncode}; see "
                        "test-artifacts/web-server.log")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the web server was not ready within 300 s")
        time.sleep(0.3)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Any]:
    if not os.path.exists(CHROMIUM):  # noqa: ASYNC240 - once per session
        message = (f"Chromium is not at {CHROMIUM}: `make test` installs Debian's chromium "
                   "(apt-get install chromium), or set CHROMIUM")
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield launched
        await launched.close()


class Visitor:
    """One person at one screen: a browser context in one language, saving a screenshot of
    each page it is shown."""

    def __init__(self, page: Any, base_url: str, language: str, folder: Path,
                 shots: Iterator[int], barriers: dict[str, str]) -> None:
        self.page = page
        self.base_url = base_url
        self.language = language
        self.folder = folder
        self._shots = shots  # shared by the visitors of one test: no name is used twice
        self._barriers = barriers  # shared too: what axe found, by page and rule

    async def check_access(self) -> None:
        """Run axe-core on the page as it stands; what it finds is kept for the test's end."""
        for _ in range(3):
            try:
                await self.page.wait_for_load_state()
                if not await self.page.evaluate("typeof window.axe === 'object'"):
                    # Evaluated by the driver, not as a page script: the content security
                    # policy stays on, as for users.
                    await self.page.evaluate(_axe_source())
                found = await self.page.evaluate(
                    "rules => axe.run(document, rules).then(r => r.violations.map(v => "
                    "[v.id, v.help, v.nodes.map(n => n.target.join(' ')).join(', ')]))",
                    AXE_RULES)
                break
            except Exception as error:  # noqa: BLE001 - a navigation under way: once more
                if "context was destroyed" not in str(error) and \
                        "navigat" not in str(error):
                    raise
        else:
            return
        path = self.page.url.removeprefix(self.base_url)
        for rule, help_text, nodes in found:
            self._barriers.setdefault(f"{self.language} {path} {rule}",
                                      f"{help_text}: {nodes}")

    def t(self, en: str, ru: str) -> str:
        """The text a test expects, in this visitor's language."""
        return ru if self.language == "ru" else en

    async def goto(self, path: str) -> Any:
        response = await self.page.goto(self.base_url + path)
        await self.check_access()
        return response

    async def shot(self, name: str) -> Path:
        await self.check_access()
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.language}-{next(self._shots):02d}-{name}.png"
        await self.page.screenshot(path=str(path), full_page=True)
        return path

    async def menu(self) -> None:
        """Open the header's menu where it is folded behind its button (on a phone)."""
        button = self.page.locator("header.top details.menu-fold > summary")
        if await button.is_visible() and \
                not await self.page.locator("header.top details.menu-fold").evaluate("d => d.open"):
            await button.click()

    async def login(self, email: str, password: str) -> None:
        await self.goto("/login")
        await self.page.fill("#f-email", email)
        await self.page.fill("#f-password", password)
        await self.page.click("form[action='/login'] button[type=submit]")
        await self.page.wait_for_load_state()
        await self.shot("signed-in")


@pytest.fixture
async def visit(browser: Any, live_server: str, request: pytest.FixtureRequest
                ) -> AsyncIterator[Callable[..., Awaitable[Visitor]]]:
    """`await visit("ru")` opens a fresh browser context (a phone screen with mobile=True)
    whose language is chosen as a user would choose it, and remembered in a cookie.
    Anything on a page the content security policy refused (an inline script or style)
    fails the test: the policy is on in every browser test."""
    if not AXE_FOUND:
        message = "axe-core is missing: `make test` fetches it (or set AXE_JS)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    contexts: list[Any] = []
    refused: list[str] = []
    barriers: dict[str, str] = {}
    folder = SHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shots = itertools.count(1)

    async def _open(language: str = "en", *, mobile: bool = False) -> Visitor:
        options: dict[str, Any] = {"locale": "en-GB"}
        if mobile:
            options.update(viewport={"width": 390, "height": 844}, is_mobile=True,
                           has_touch=True, device_scale_factor=2)
        context = await browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        await context.add_cookies([{"name": "vetted_lang", "value": language,
                                    "url": live_server}])
        page = await context.new_page()
        page.on("console", lambda message: refused.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text else None)
        return Visitor(page, live_server, language, folder, shots, barriers)

    yield _open
    for context in contexts:
        await context.close()
    assert not refused, f"the content security policy refused: {refused}"
    assert not barriers, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(
        f"{where}: {what}" for where, what in sorted(barriers.items()))
