"""An explanation as HTML with MathML: renders offline in any modern browser, no scripts.

The page's structure is the template ``templates/explanation.html`` (the ``<article>``) and
``explanation_page.html`` (the page around it); this module only prepares what they show:
prose with its formulas as MathML, each line's formula, its steps and the check.
"""

from __future__ import annotations

import functools
from typing import Any

from chainrule.errors import one_of
from chainrule.explain.model import Explanation, Line
from chainrule.render.explain_latex import check_rows, verdict
from chainrule.render.explain_mathml import MATHML
from chainrule.render.explain_prose import prose_html, prose_text, prose_words
from chainrule.render.pages import Markup, inline, render_page
from chainrule.render.repeats import Reference, references, without_derivation_note
from chainrule.render.step_mathml import MathRow, mathml_rows
from chainrule.render.step_rows import Row, text_rows

STYLE = inline("render/explanation.css")


STEPS = ("mathml", "text", "none")


def steps_html(line: Line, steps: str = "mathml") -> Markup:
    """The derivation behind a line, one indented row per step, its rule beside it (empty
    when the line has none).

    ``steps`` is ``"mathml"`` (formulas as MathML), ``"text"`` (as Unicode text, about a
    tenth of the size: for pages that hold hundreds of explanations) or ``"none"``.
    """
    if steps == "none" or line.derivation is None:
        return Markup()
    found = mathml_rows(line.derivation) if steps == "mathml" else text_rows(line.derivation)
    return steps_block(found, steps) if found else Markup()


@functools.lru_cache(maxsize=512)
def steps_block(found: tuple[Row, ...] | tuple[MathRow, ...], steps: str) -> Markup:
    """Rows of a derivation as a ``<div class="steps">``: MathML rows
    (:mod:`chainrule.render.step_mathml`) for ``"mathml"``, text rows
    (:func:`chainrule.render.step_rows.text_rows`) for ``"text"``."""
    shown = []
    for row in found:
        if isinstance(row, MathRow):
            math = Markup(row.math)
            note = Markup('<span class="rule">({})</span>').format(Markup(row.note))
        else:
            math = Markup('<span class="math">{}</span>').format(row.math)
            note = Markup(' <span class="rule">({})</span>').format(row.note)
        shown.append({"indent": f"{1.5 * row.depth:g}", "math": math,
                      "note": note if row.note else ""})
    return Markup(render_page("render", "steps.html", steps=steps, rows=shown).rstrip("\n"))


def article_html(explanation: Explanation, steps: str = "mathml") -> Markup:
    """The explanation as an ``<article>``, without its style sheet (:data:`STYLE`)."""
    if steps not in STEPS:
        raise one_of("steps", steps, STEPS)
    return Markup(render_page("render", "explanation.html", **_view(explanation, steps))
                  .rstrip("\n"))


def render_html(explanation: Explanation, standalone: bool = True, steps: str = "mathml") -> str:
    """An HTML fragment (``<style>`` and ``<article>``) or, by default, a whole page;
    ``steps`` says how the calculus derivations are shown (see :func:`steps_html`)."""
    article = article_html(explanation, steps)
    if not standalone:
        return f"<style>{STYLE}</style>\n{article}"
    title = prose_words(explanation.title).strip(" —")
    return render_page("render", "explanation_page.html", title=title, article=article)


def reference_html(reference: Reference, steps: str = "mathml") -> Markup:
    """A derivation written earlier, referred to in place of its steps (see
    :func:`steps_html` for ``steps``)."""
    if steps == "none":
        return Markup()
    said = prose_text(reference.prose) if steps == "text" else prose_html(reference.prose)
    return Markup('<p class="same">({})</p>').format(said)


def _line_view(line: Line, reference: Reference | None, steps: str) -> dict[str, Any]:
    reason = without_derivation_note(line.reason) if reference else line.reason
    return {"math": Markup(MATHML.line(line)),
            "reason": prose_html(reason) if reason else "",
            "steps": reference_html(reference, steps) if reference else steps_html(line, steps)}


def _view(explanation: Explanation, steps: str) -> dict[str, Any]:
    """What the template shows: prose and formulas already HTML (MathML)."""
    referred = references(explanation) if steps != "none" else {}
    sections = [{"title": prose_html(section.title),
                 "text": prose_html(section.text) if section.text else "",
                 "lines": [_line_view(line, referred.get((s, k)), steps)
                           for k, line in enumerate(section.lines)]}
                for s, section in enumerate(explanation.sections)]
    check = None
    if explanation.check is not None:
        quantity = explanation.check.quantity
        check = {"rows": [(label, Markup(MATHML.equation(quantity, value)))
                          for label, value in check_rows(explanation)],
                 "verdict": verdict(explanation)}
    return {"title": prose_html(explanation.title), "sections": sections, "check": check}
