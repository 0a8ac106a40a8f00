"""An explanation as HTML with MathML: renders offline in any modern browser, no scripts."""

from __future__ import annotations

import functools
import re
from html import escape

from chainrule.calculus.printing import inline_to_text, latex_to_text
from chainrule.errors import one_of
from chainrule.explain.model import Explanation, Line
from chainrule.render.explain_latex import check_rows, formula, rows, verdict
from chainrule.render.mathml import latex_to_mathml
from chainrule.render.step_rows import Row

STYLE = """
.chainrule-explanation { font-family: system-ui, sans-serif; max-width: 60rem; margin: auto;
  line-height: 1.5; color: #1b1b1b; }
.chainrule-explanation math[display="block"] { margin: 0.4em 0; overflow-x: auto; }
.chainrule-explanation .reason { margin: 0 0 0.8em 2em; color: #555; font-style: italic; }
.chainrule-explanation table { border-collapse: collapse; }
.chainrule-explanation td { padding: 0.2em 0.8em; border-bottom: 1px solid #ddd; }
.chainrule-explanation .steps { margin: 0 0 0.8em 2em; padding-left: 0.6em;
  border-left: 2px solid #ddd; }
.chainrule-explanation .step .rule { color: #555; margin-left: 1em; }
.chainrule-explanation .steps-text .math { font-family: ui-monospace, monospace; }
"""


def inline_html(text: str) -> str:
    """Prose with ``$…$`` math: escaped text and inline MathML."""
    parts = re.split(r"(\$[^$]+\$)", text)
    return "".join(latex_to_mathml(p[1:-1], display=False) if p.startswith("$") and
                   p.endswith("$") and len(p) > 1 else escape(p) for p in parts)


STEPS = ("mathml", "text", "none")


def steps_html(line: Line, steps: str = "mathml") -> list[str]:
    """The derivation behind a line, one indented row per step, its rule beside it.

    ``steps`` is ``"mathml"`` (formulas as MathML), ``"text"`` (as Unicode text, about a
    tenth of the size: for pages that hold hundreds of explanations) or ``"none"``.
    """
    found = rows(line) if steps != "none" else ()
    return list(_steps_block(found, steps)) if found else []


@functools.lru_cache(maxsize=512)
def _steps_block(found: tuple[Row, ...], steps: str) -> tuple[str, ...]:
    out = [f'<div class="steps steps-{steps}">']
    for row in found:
        if steps == "text":
            math = f'<span class="math">{escape(latex_to_text(row.math))}</span>'
            note = f' <span class="rule">({escape(inline_to_text(row.note))})</span>'
        else:
            math = latex_to_mathml(row.math, display=False)
            note = f'<span class="rule">({inline_html(row.note)})</span>'
        out.append(f'<div class="step" style="padding-left: {1.5 * row.depth:g}em">'
                   f"{math}{note if row.note else ''}</div>")
    return (*out, "</div>")


def render_html(explanation: Explanation, standalone: bool = True, steps: str = "mathml") -> str:
    """An HTML fragment (``<article>``) or, by default, a whole page; ``steps`` says how the
    calculus derivations are shown (see :func:`steps_html`)."""
    if steps not in STEPS:
        raise one_of("steps", steps, STEPS)
    out = ['<article class="chainrule-explanation">',
           f"<h1>{inline_html(explanation.title)}</h1>"]
    for section in explanation.sections:
        out.append(f"<section><h2>{inline_html(section.title)}</h2>")
        if section.text:
            out.append(f"<p>{inline_html(section.text)}</p>")
        for line in section.lines:
            out.append(f'<div class="line">{latex_to_mathml(formula(line))}')
            if line.reason:
                out.append(f'<p class="reason">because {inline_html(line.reason)}</p>')
            out.extend(steps_html(line, steps))
            out.append("</div>")
        out.append("</section>")
    if explanation.check is not None:
        out.append('<section class="check"><h2>The check</h2><table>')
        quantity = explanation.check.quantity
        for label, value in check_rows(explanation):
            math = latex_to_mathml(f"{quantity} = {value}", display=False)
            out.append(f"<tr><td>{escape(label)}</td><td>{math}</td></tr>")
        out.append(f"</table><p>{escape(verdict(explanation))}</p></section>")
    out.append("</article>")
    body = "\n".join(out)
    if not standalone:
        return f"<style>{STYLE}</style>\n{body}"
    title = escape(re.sub(r"\$[^$]*\$", "", explanation.title).strip(" —"))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>chainrule: {title}</title><style>{STYLE}</style></head>\n<body>\n"
            f"{body}\n</body></html>\n")
