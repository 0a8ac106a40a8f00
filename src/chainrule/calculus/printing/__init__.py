r"""SymPy expressions in the learner's symbols, as Unicode text, LaTeX or Markdown math.

Symbol names follow the calculus convention (:mod:`chainrule.calculus.symbols`), so
``x_1^(L)`` prints as ``x₁⁽ᴸ⁾`` / ``x_{1}^{(L)}`` and a symbol standing for a partial
derivative (:mod:`chainrule.calculus.partials`) as ``∂C/∂aⱼ`` /
``\frac{\partial C}{\partial a_{j}}``; sigmoid is σ, sums put positive terms first
(``1 − x²``, ``y − h``) and minus signs are Unicode minus in text.

>>> import sympy
>>> h, y = sympy.symbols("h y")
>>> to_text((y - h) ** 2), derivative_text((y - h) ** 2, h, partial=True)
('(y − h)²', '∂/∂h [(y − h)²]')
"""

from __future__ import annotations

import sympy

from chainrule.calculus.printing.expr_printer import ExprPrinter
from chainrule.calculus.printing.latex import LatexPrinter
from chainrule.calculus.printing.text import TextPrinter

_TEXT = TextPrinter()
_LATEX = LatexPrinter()


def to_text(expr: sympy.Basic) -> str:
    """``expr`` as Unicode text, e.g. ``σ(x)(1 − σ(x))`` or ``2(x − y)(1 − x²)``."""
    return _TEXT(expr)


def to_latex(expr: sympy.Basic) -> str:
    r"""``expr`` as LaTeX, e.g. ``\sigma\left(x\right)`` or ``x_{1}^{(L)}``."""
    return _LATEX(expr)


def to_markdown(expr: sympy.Basic) -> str:
    """``expr`` as Markdown inline math: ``$...$`` around its LaTeX."""
    return f"${to_latex(expr)}$"


def symbol_text(name: str) -> str:
    """A symbol's name as text: ``x_1^(L)`` → ``x₁⁽ᴸ⁾``, ``de/dw_12`` → ``∂e/∂w₁₂``."""
    return _TEXT(sympy.Symbol(name))


def symbol_latex(name: str) -> str:
    r"""A symbol's name as LaTeX: ``x_1^(L)`` → ``x_{1}^{(L)}``, ``yhat`` → ``\hat{y}``."""
    return _LATEX(sympy.Symbol(name))


def writes_partial(expr: sympy.Basic, wrt: sympy.Basic) -> bool:
    """Whether ``d/d(wrt) expr`` is written as a partial ``∂`` (``expr`` has other variables)."""
    return bool(expr.free_symbols - {wrt})


def derivative_text(
    expr: sympy.Basic, wrt: sympy.Basic, partial: bool | None = None, fraction: bool = False
) -> str:
    """The derivative of ``expr`` by ``wrt`` as text: ``d/ds [tanh(s)]``, ``∂/∂h [(y − h)²]``,
    or ``∂e/∂s`` with ``fraction``; ``partial`` None: as :func:`writes_partial` decides."""
    partial = writes_partial(expr, wrt) if partial is None else partial
    return _TEXT.derivative(expr, wrt, partial, fraction)


def derivative_latex(
    expr: sympy.Basic, wrt: sympy.Basic, partial: bool | None = None, fraction: bool = False
) -> str:
    r"""The derivative as LaTeX: ``\frac{d}{ds}\left[\tanh\left(s\right)\right]``."""
    partial = writes_partial(expr, wrt) if partial is None else partial
    return _LATEX.derivative(expr, wrt, partial, fraction)


__all__ = [
    "ExprPrinter", "LatexPrinter", "TextPrinter", "derivative_latex", "derivative_text",
    "symbol_latex", "symbol_text", "to_latex", "to_markdown",
    "to_text", "writes_partial",
]  # fmt: skip
