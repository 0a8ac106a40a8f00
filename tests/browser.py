"""Headless Chromium for tests that open HTML: Debian's system browser, driven by Playwright.

Never downloads a browser. :func:`find_chromium` looks for the system ``chromium``;
:func:`open_page` launches it headless with networking features off and yields a page.
``tests/conftest.py`` wraps this as the ``chromium_page`` fixture, which skips (saying why)
when no browser can be started, and fails instead where the ``CI`` variable is set.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium")


def find_chromium() -> str | None:
    """The system Chromium's path, or None (``CHAINRULE_CHROMIUM`` overrides the search)."""
    override = os.environ.get("CHAINRULE_CHROMIUM")
    if override:
        return override if os.path.exists(override) else None
    for path in (*CANDIDATES, shutil.which("chromium"), shutil.which("chromium-browser")):
        if path and os.path.exists(path):
            return path
    return None


class BrowserUnavailable(RuntimeError):
    """No browser could be started; the message says why."""


@contextmanager
def open_page() -> Iterator[Any]:
    """A Playwright page in headless system Chromium; :class:`BrowserUnavailable` if none."""
    executable = find_chromium()
    if executable is None:
        raise BrowserUnavailable("no system chromium found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise BrowserUnavailable(f"the playwright package is not installed: {error}") from None
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                                 args=CHROMIUM_ARGS)
        except Exception as error:  # the launch failure's type depends on playwright's version
            raise BrowserUnavailable(f"chromium at {executable} did not start: {error}") from None
        try:
            page = browser.new_page()
            yield page
        finally:
            browser.close()
