"""Shared fixtures, and the skip policy of the whole suite.

Skip policy: an optional dependency of the test extras (PyTorch, scikit-learn, Playwright with
the system Chromium) is asked for in one way everywhere: ``pytest.importorskip`` for a
module, the ``chromium_page`` fixture for the browser. On a developer's machine a missing one
skips, saying why. Where the ``CI`` environment variable is set (to anything but ``""``,
``0`` or ``false``), every skip is a failure with the same reason: a broken browser or a
missing PyTorch must never turn the checks they make into silence.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _failed_in_ci(report) -> None:
    """Turn a skip into a failure that says why, where CI is set."""
    if not (IN_CI and report.skipped) or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = (f"skipped in CI, which must run every test (the CI environment variable "
                       f"is set): {reason}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _failed_in_ci(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield  # a module-level importorskip skips the module while it is collected
    _failed_in_ci(outcome.get_result())


def _browser_module():
    """``tests/browser.py``, loaded by path so it works whatever pytest's import mode."""
    name = "chainrule_tests_browser"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("browser.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


# -- headless Chromium for HTML tests (explain, viz, report) ---------------------------------


@pytest.fixture
def chromium_page():
    """A page of headless system Chromium; the test is skipped, with the reason, if none."""
    browser = _browser_module()
    try:
        context = browser.open_page()
        page = context.__enter__()
    except browser.BrowserUnavailable as reason:
        pytest.skip(str(reason))
    try:
        yield page
    finally:
        context.__exit__(None, None, None)
