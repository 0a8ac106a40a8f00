"""An explanation as HTML with MathML: renders offline in any modern browser, no scripts."""

from __future__ import annotations

import re
from html import escape

from chainrule.explain.model import Explanation
from chainrule.render.explain_latex import check_rows, formula, verdict
from chainrule.render.mathml import latex_to_mathml

STYLE = """
.chainrule-explanation { font-family: system-ui, sans-serif; max-width: 60rem; margin: auto;
  line-height: 1.5; color: #1b1b1b; }
.chainrule-explanation math[display="block"] { margin: 0.4em 0; overflow-x: auto; }
.chainrule-explanation .reason { margin: 0 0 0.8em 2em; color: #555; font-style: italic; }
.chainrule-explanation table { border-collapse: collapse; }
.chainrule-explanation td { padding: 0.2em 0.8em; border-bottom: 1px solid #ddd; }
"""


def inline_html(text: str) -> str:
    """Prose with ``$…$`` math: escaped text and inline MathML."""
    parts = re.split(r"(\$[^$]+\$)", text)
    return "".join(latex_to_mathml(p[1:-1], display=False) if p.startswith("$") and
                   p.endswith("$") and len(p) > 1 else escape(p) for p in parts)


def render_html(explanation: Explanation, standalone: bool = True) -> str:
    """An HTML fragment (``<article>``) or, by default, a whole page."""
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
