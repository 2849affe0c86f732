"""Fixtures of the browser tests: headless Chromium (Debian's package) driven by Playwright.

The tests run against the real server on SQLite only: what they check is the pages, and the
API behind them is covered on every backend by the other suites.

``browser`` (session) -> a Playwright :class:`Browser` on ``/usr/bin/chromium`` (``ANNOTA_CHROMIUM``
    overrides the path). When Chromium is missing the tests are skipped locally and fail in CI.

``page`` -> a fresh page in its own context (no storage shared between tests), with the
    annotation page's autosave off until the test ticks it; when the test ends, a screenshot
    lands in ``build/screenshots/<test name>.png``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"

# Without the background-networking flags Chromium keeps dialling Google's hosts, which this
# machine's closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """Where Chromium is, or None."""
    explicit = os.environ.get("ANNOTA_CHROMIUM")
    if explicit:
        return explicit
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium for the whole session.

    Playwright's sync API keeps an event loop running in the main thread while it lives, so a
    test elsewhere on the same worker cannot call ``asyncio.run()`` there: it uses a thread.
    """
    path = chromium_path()
    if path is None:
        message = "BROWSER TESTS NOT RUN: no Chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


AUTOSAVE_OFF = """
try {
  if (window.localStorage.getItem("annota.autosave") === null) {
    window.localStorage.setItem("annota.autosave", "off");
  }
} catch (error) {}
"""


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh page in its own context; its screenshot is saved when the test ends."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    # Autosave off unless a test turns it on (its box is remembered per origin): the other
    # tests decide when a save happens, and count the requests it sends.
    context.add_init_script(AUTOSAVE_OFF)
    tab = context.new_page()
    try:
        yield tab
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        try:
            tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
        finally:
            context.close()
