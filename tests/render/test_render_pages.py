"""The HTML pages' templates and assets: shipped in the wheel, found by the package, escaping
what they are given unless it is already HTML, and linking nothing outside the page."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

import chainrule as cr
from chainrule import viz
from chainrule.render.pages import environment, inline

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "chainrule"
SHIPPED = sorted(p.relative_to(PACKAGE.parent).as_posix()
                 for folder in ("templates", "static") for p in PACKAGE.glob(f"*/{folder}/*"))


def test_the_pages_have_their_templates_and_assets():
    """Every package that writes a page keeps them: a report, an explanation, a grade book."""
    names = {Path(p).name for p in SHIPPED}
    assert {"report.html", "report.css", "report.js", "explanation.html", "explanation.css",
            "gradebook.html", "gradebook.css", "sheet.html", "sheet.css"} <= names


def test_an_installed_wheel_holds_every_template_and_asset(tmp_path):
    pytest.importorskip("setuptools")
    for name in ("src", "pyproject.toml", "README.md"):
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, tmp_path / "project" / name if source.is_dir() else tmp_path / "project")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path / "dist"), str(tmp_path / "project")],
                   check=True, capture_output=True, timeout=120)
    (wheel,) = (tmp_path / "dist").glob("chainrule-*.whl")
    assert set(SHIPPED) <= set(zipfile.ZipFile(wheel).namelist())


def test_every_template_compiles_and_every_asset_is_used():
    used = set()
    for path in PACKAGE.glob("*/templates/*.html"):
        package = path.parent.parent.name
        environment(package).get_template(path.name)
        used |= set(re.findall(r'inline\("([^"]+)"\)', path.read_text(encoding="utf-8")))
    static = {f"{p.parent.parent.name}/{p.name}" for p in PACKAGE.glob("*/static/*")}
    used |= {"render/explanation.css"}  # also written once before an explanation's fragment
    assert used == static
    assert all(inline(asset).strip() for asset in static)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_the_report_escapes_its_title_and_runs_only_its_own_script():
    net = cr.Network([cr.Dense(2, 2), cr.Sigmoid(), cr.Dense(2, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    html = viz.build_report(net, title='<script>alert("x")</script> & co')
    assert "<title>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co</title>" in html
    scripts = [attrs for tag, attrs in _tags(html) if tag == "script"]
    assert scripts == [{"type": "application/octet-stream", "id": "cr-store"}, {}]  # data; ours
    assert "<h1>&lt;script&gt;" in html


def test_an_explanation_page_is_its_article_and_style():
    from chainrule.explain import example, explain

    chosen = example("mitchell")
    explanation = explain(chosen.net, chosen.x, chosen.y, "w_53", "mitchell")
    page = explanation.to_html()
    fragment = explanation.to_html(standalone=False)
    style = f"<style>{inline('render/explanation.css')}</style>\n"
    assert fragment.startswith(style)
    article = fragment.removeprefix(style)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert article in page and page.count("<article") == 1
    tags = [tag for tag, _ in _tags(page)]
    assert tags.count("section") == len(explanation.sections) + 1  # and the check
    assert tags.count("h2") == tags.count("section")
