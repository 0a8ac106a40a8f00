r"""An explanation's prose in each format: its words as text, its formulas as inline math.

Prose (:class:`chainrule.explain.model.Prose`) is words and formulas; each format prints the
formulas with its own item printer (:mod:`chainrule.render.explain_items`,
:mod:`chainrule.render.explain_mathml`), its parentheses not stretched: Unicode text,
``$…$`` LaTeX (LaTeX and Markdown) or inline MathML. Every renderer prints prose through
these four functions. A plain string is words only: a ``$`` in it is a dollar sign, never
math, since every formula is a tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html import escape
from typing import Any

from chainrule.calculus.printing.mathml import math_element
from chainrule.explain.model import Prose, Text
from chainrule.render.explain_items import TEXT, LatexItems
from chainrule.render.explain_mathml import MathMLItems
from chainrule.render.pages import Markup

#: Characters of the prose that pdfLaTeX needs spelled as math.
PROSE_MATH = {
    "δ": r"$\delta$", "∂": r"$\partial$", "θ": r"$\theta$", "σ": r"$\sigma$", "′": "$'$",
    "≈": r"$\approx$", "−": "$-$", "×": r"$\times$", "Σ": r"$\Sigma$", "→": r"$\to$",
    "½": r"$\frac12$", "ŷ": r"$\hat y$", "η": r"$\eta$", "≤": r"$\le$", "·": r"$\cdot$",
    "‖": r"$\|$", "²": "$^2$", "…": r"\dots{}", "—": "---", "–": "--", "≠": r"$\neq$",
    "Δ": r"$\Delta$",
}  # fmt: skip
_SPECIAL = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
            "~": r"\~{}", "^": r"\^{}", "$": r"\$", "\\": r"\textbackslash{}"}
#: The formula printers of prose: parentheses of the text's size.
LATEX, MATHML = LatexItems(inline=True), MathMLItems(inline=True)


def prose_text(said: Text) -> str:
    """Prose as Unicode text: ``the loss depends on w₅₃ only through net₅``."""
    return _printed(said, str, TEXT)


def prose_latex(said: Text) -> str:
    """Prose as LaTeX: words escaped (Greek letters and signs as math), formulas in ``$…$``."""
    return _printed(said, latex_words, lambda item: f"${LATEX(item)}$")


def prose_markdown(said: Text) -> str:
    """Prose as Markdown: words as they are, formulas as ``$…$`` LaTeX."""
    return _printed(said, str, lambda item: f"${LATEX(item)}$")


def prose_html(said: Text) -> Markup:
    """Prose as HTML: words escaped, formulas as inline MathML."""
    return Markup(_printed(said, escape, lambda item: math_element(MATHML(item), display=False)))


def prose_words(said: Text) -> str:
    """The words of prose alone, its formulas left out (a page's ``<title>``)."""
    return "".join(part for formula, part in _parts(said) if not formula)


def latex_words(words: str) -> str:
    """Words for LaTeX's text mode: special characters escaped, Greek and signs as math."""
    escaped = "".join(_SPECIAL.get(c, c) for c in words)
    return "".join(PROSE_MATH.get(c, c) for c in escaped)


def _printed(said: Text, words: Callable[[str], str], formula: Callable[[Any], str]) -> str:
    """Words by ``words``, formula trees by ``formula``."""
    return "".join(formula(part) if is_formula else words(part)
                   for is_formula, part in _parts(said))


def _parts(said: Text) -> Iterator[tuple[bool, Any]]:
    """(whether a formula, the part) for each part of the prose; a string is words."""
    if isinstance(said, Prose):
        yield from ((not isinstance(part, str), part) for part in said.parts)
    elif said:
        yield False, said
