"""The documentation: every page's Python runs as written (its numbers asserted in the page),
and the site builds offline with ``mkdocs build --strict``, the CLI reference included."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))


def python_blocks(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S)


def test_the_pages_are_there() -> None:
    names = {p.relative_to(DOCS).as_posix() for p in PAGES}
    assert {"index.md", "getting-started.md", "notations.md", "tutorials/learners.md",
            "tutorials/mazur.md", "teachers.md", "api.md", "cli.md"} <= names


@pytest.mark.parametrize("page", [p for p in PAGES if python_blocks(p)],
                         ids=lambda p: p.relative_to(DOCS).as_posix())
def test_page_code_runs_and_its_numbers_hold(page: Path, capsys) -> None:
    namespace: dict = {}
    for block in python_blocks(page):
        exec(compile(block, str(page), "exec"), namespace)  # our own docs, not user input
    capsys.readouterr()


def test_mazur_page_asserts_every_published_number() -> None:
    text = (DOCS / "tutorials" / "mazur.md").read_text()
    for published in ("0.593269992", "0.298371109", "0.082167041", "0.35891648",
                      "0.149780716"):
        assert re.search(rf"assert round\([^\n]*\) == {published}", text), published


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    pytest.importorskip("mkdocs", reason="the docs extra is not installed: "
                        "pip install -e '.[docs]'")
    pytest.importorskip("mkdocstrings")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                           "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def test_site_builds_strict_and_fetches_nothing(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) >= 8
    for page in pages:
        html = page.read_text()
        assert not re.search(r"<(script|img)[^>]*\ssrc=\"(https?:)?//", html), page
        assert not re.search(r"<link[^>]*\shref=\"(https?:)?//", html), page
        assert "fonts.googleapis" not in html


def test_api_reference_comes_from_the_docstrings(site: Path) -> None:
    html = (site / "api.html").read_text()
    for name in ("calculus.derive.derive", "check.dispatch.check", "explain.api.explain",
                 "check.result.CheckResult", "explain.model.Explanation", "nn.network.Network"):
        assert f'id="chainrule.{name}"' in html, name
    assert "A derivative worked out step by step" in html  # Derivation's docstring


def test_cli_reference_is_the_programs_own_help(site: Path) -> None:
    html = (site / "cli.html").read_text()
    for command in ("train", "demo", "derive", "explain", "check", "report"):
        assert f"Usage: chainrule {command}" in html
    text = " ".join(re.sub(r"[│╭╮╰╯─]", " ", html).split())  # the help's boxes and wrapping
    assert "--schedule TEXT" in text and "Class labels count from 0" in text
