"""Shared fixtures."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


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
