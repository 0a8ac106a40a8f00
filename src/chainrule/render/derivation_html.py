"""A derivation as HTML with MathML (Jupyter's display of ``chainrule.derive(...)``)."""

from __future__ import annotations

from chainrule.calculus.derive import Derivation
from chainrule.render.explain_html import STYLE, steps_block
from chainrule.render.step_mathml import mathml_rows


def derivation_html(derivation: Derivation) -> str:
    """The rule steps, the simplifications and the result, one MathML row each, indented."""
    body = steps_block(mathml_rows(derivation), "mathml")
    return f'<style>{STYLE}</style>\n<div class="chainrule-explanation">{body}</div>'
