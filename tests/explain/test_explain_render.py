"""Renderers: golden files for each output format, and the HTML laid out by
headless Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chainrule.explain import example, explain

GOLDEN = Path(__file__).with_name("golden")
FORMATS = {"text": "to_text", "latex": "to_latex", "markdown": "to_markdown", "html": "to_html"}
SUFFIX = {"text": "txt", "latex": "tex", "markdown": "md", "html": "html"}


def golden_explanation():
    ex = example("mitchell")
    return explain(ex.net, ex.x, ex.y, "w_53", "mitchell")


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_output(fmt):
    """The output equals its golden file (whose numbers test_explain_golden_truth.py checks
    against a hand computation). With CHAINRULE_UPDATE_GOLDEN set, the file is rewritten and
    the test fails, saying so: an update is never a passing run."""
    rendered = getattr(golden_explanation(), FORMATS[fmt])()
    path = GOLDEN / f"mitchell_w53.{SUFFIX[fmt]}"
    if os.environ.get("CHAINRULE_UPDATE_GOLDEN"):
        changed = not path.exists() or path.read_text(encoding="utf-8") != rendered
        path.write_text(rendered, encoding="utf-8")
        pytest.fail(f"CHAINRULE_UPDATE_GOLDEN is set: wrote {path.name} "
                    f"({'changed' if changed else 'unchanged'}); review it (git diff), then run "
                    "the tests again without CHAINRULE_UPDATE_GOLDEN")
    assert rendered == path.read_text(encoding="utf-8")


def test_jupyter_reprs():
    explanation = golden_explanation()
    assert explanation._repr_html_().lstrip().startswith("<style>")
    assert "<math" in explanation._repr_html_()
    assert explanation._repr_latex_() == explanation.to_latex()


def test_html_renders_in_chromium(chromium_page):
    ex = example("lfd")
    html = explain(ex.net, ex.x, ex.y, "w_11^(1)", "lfd").to_html()
    chromium_page.set_content(html)
    report = chromium_page.evaluate("""() => {
        const maths = [...document.querySelectorAll('math')];
        const fracs = [...document.querySelectorAll('mfrac')].map(f => {
            const [top, bottom] = [...f.children].map(c => c.getBoundingClientRect());
            return top.bottom <= bottom.top + 1;
        });
        return {
            count: maths.length,
            errors: document.querySelectorAll('merror').length,
            empty: maths.filter(m => {
                const r = m.getBoundingClientRect(); return r.width < 2 || r.height < 2;
            }).length,
            stacked: fracs.filter(Boolean).length, fracs: fracs.length,
            text: document.body.innerText,
            mathml: typeof MathMLElement !== 'undefined',
        };
    }""")
    assert report["mathml"], "this Chromium has no MathML support"
    assert report["count"] > 20 and report["errors"] == 0 and report["empty"] == 0
    assert report["fracs"] > 0 and report["stacked"] == report["fracs"]  # laid out as fractions
    assert "\\" not in report["text"]  # no raw LaTeX anywhere on the page
    assert "^{" not in report["text"] and "_{" not in report["text"]
