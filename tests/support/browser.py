"""A real browser for the console's tests: Debian's Chromium driven by Playwright.

Playwright's own browser download is not reachable here, so the tests launch the system
`chromium` (`apt-get install chromium fonts-noto-cjk`). Without it the browser tests
skip, unless `TALENTGATE_REQUIRE_BROWSER=1` (CI sets it) makes that a failure.

* `browser` (module-scoped) — one Chromium per test module.
* `ConsoleSession` — a page signed in to the console as one demo account, with the
  helpers the scenarios share (go to a page, wait for the list, take a screenshot).
* `SCREENSHOTS` — where screenshots go (`TALENTGATE_SCREENSHOTS`, default
  `test-output/console/` in the checkout), for a reviewer to open.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gateway.demo import DEMO_PASSWORD

REQUIRE_ENV = "TALENTGATE_REQUIRE_BROWSER"
SCREENSHOTS = Path(os.environ.get("TALENTGATE_SCREENSHOTS")
                   or Path(__file__).parents[2] / "test-output" / "console")  # fmt: skip
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail("chromium is not installed (apt-get install chromium fonts-noto-cjk)")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def session(browser: Any, live_server: Any) -> Iterator[Any]:
    """`session(username)`: a signed-in console page on the module's `live_server`; each
    one is checked for console errors and closed after the test."""
    opened: list[ConsoleSession] = []

    def open_as(username: str, password: str = DEMO_PASSWORD, **kw: Any) -> ConsoleSession:
        s = ConsoleSession(browser, live_server.base, **kw)
        opened.append(s)
        s.sign_in(username, password)
        return s

    yield open_as
    for s in opened:
        assert not s.problems, s.problems
        s.close()


class ConsoleSession:
    """One signed-in browser page; `problems` collects page errors and failed requests."""

    def __init__(self, browser: Any, base: str, *, viewport: dict[str, int] = DESKTOP) -> None:
        self.base = base
        self.context = browser.new_context(viewport=viewport, locale="zh-CN")
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)  # a loaded CI machine is slow
        self.problems: list[str] = []
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("request", self._offsite)

    def _failed(self, request: Any) -> None:
        # Leaving a page cancels its requests in flight: that is not a failure.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _offsite(self, request: Any) -> None:
        url = request.url
        if not (url.startswith(self.base) or url.startswith(("data:", "blob:"))):
            self.problems.append(f"off-site request: {url}")

    def sign_in(self, username: str, password: str = DEMO_PASSWORD) -> float:
        """Signs in on the login page; returns seconds from opening it to a usable console."""
        started = time.perf_counter()
        self.page.goto(f"{self.base}/console/login")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_selector("[data-test=user]")
        return time.perf_counter() - started

    def open(self, path: str) -> None:
        self.page.goto(f"{self.base}/console{path}")

    def sent_keys(self, mutation: str) -> list[str | None]:
        """The clientMutationId of each `mutation` the page sends from now on."""
        keys: list[str | None] = []

        def seen(request: Any) -> None:
            body = request.post_data or ""
            if request.method == "POST" and mutation in body:
                keys.append(json.loads(body)["variables"]["input"].get("clientMutationId"))

        self.page.on("request", seen)
        return keys

    def menu_texts(self) -> str:
        menu = self.page.locator("[data-test=menu]")
        return menu.inner_text() if menu.count() else ""

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.wait_for_timeout(300)  # let charts and transitions settle
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()
