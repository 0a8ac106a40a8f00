"""The skip policy of tests/conftest.py, run on a small suite of its own: a missing optional
dependency or browser skips on a developer's machine and fails, with its reason, in CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
SUITE = {
    "test_optional.py": """
import pytest
widget = pytest.importorskip("no_such_module_for_the_skip_policy")
def test_uses_it():
    pass
""",
    "test_browser_and_skip.py": """
import pytest
def test_page(chromium_page):
    pass
def test_skips():
    pytest.skip("an optional widget is missing")
def test_runs():
    pass
""",
}


def _run(folder: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["CHAINRULE_CHROMIUM"] = str(folder / "no-chromium-here")  # no browser, on purpose
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                           "--continue-on-collection-errors", str(folder)],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    for name in ("conftest.py", "browser.py"):
        shutil.copy(TESTS / name, tmp_path / name)
    for name, text in SUITE.items():
        (tmp_path / name).write_text(text)
    return tmp_path


@pytest.mark.parametrize("ci", [None, "", "0", "false"])
def test_outside_ci_missing_things_skip_with_their_reason(suite: Path, ci: str | None) -> None:
    run = _run(suite, ci)
    assert run.returncode == 0, run.stdout
    assert "1 passed, 3 skipped" in run.stdout
    assert "could not import 'no_such_module_for_the_skip_policy'" in run.stdout
    assert "no system chromium found" in run.stdout


@pytest.mark.parametrize("ci", ["true", "1"])
def test_in_ci_every_skip_fails_with_its_reason(suite: Path, ci: str) -> None:
    run = _run(suite, ci)
    assert run.returncode != 0
    assert "skipped" not in run.stdout.splitlines()[-1]
    # the module skipped while collected and the fixture skipped in setup: errors; the test: failed
    assert run.stdout.splitlines()[-1].startswith("1 failed, 1 passed, 2 errors")
    reason = "skipped in CI, which must run every test (the CI environment variable is set): "
    assert reason + "Skipped: could not import 'no_such_module_for_the_skip_policy'" in run.stdout
    assert "no system chromium found" in run.stdout
    assert "an optional widget is missing" in run.stdout
