"""Text and LaTeX for the formulas a check reports, in the learner's own symbols.

Symbol names follow the calculus convention ``base[_subscript][^(layer)]`` (``x_1^(L)``,
``delta_j^(l+1)``, ``yhat``); they print as ``x₁⁽ᴸ⁾`` / ``x_{1}^{(L)}``. This is a thin printer
of its own so the checker does not depend on a renderer being written at the same time.
"""

from __future__ import annotations

import re

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from chainrule.calculus.partials import partial_parts
from chainrule.calculus.scripts import subscript, superscript
from chainrule.calculus.symbols import GREEK, symbol_parts

_ACCENT_TEXT = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "dot": "\u0307"}
_JUXTAPOSE = re.compile(r"\*(?=\()|(?<=^\d)\*(?=[^\d])|(?<=^-\d)\*(?=[^\d])")
_FUNCTION_TEXT = {"sigmoid": "σ"}
_FUNCTION_LATEX = {"sigmoid": r"\sigma"}


def symbol_text(name: str) -> str:
    """``x_1^(L)`` → ``x₁⁽ᴸ⁾``; ``delta_j`` → ``δⱼ``; ``yhat`` → ``ŷ``; ``de/dw_12`` →
    ``∂e/∂w₁₂``."""
    partial = partial_parts(name)
    if partial is not None:
        return f"∂{symbol_text(partial[0].name)}/∂{symbol_text(partial[1].name)}"
    parts = symbol_parts(name)
    letter, accent = parts.accent
    base = GREEK.get(letter, letter) + _ACCENT_TEXT.get(accent, "")
    if parts.subscript:
        lowered = subscript(parts.subscript)
        base += lowered if lowered is not None else f"_{parts.subscript}"
    if parts.layer:
        raised = superscript(f"({parts.layer})")
        base += raised if raised is not None else f"^({parts.layer})"
    return base


def symbol_latex(name: str) -> str:
    """``x_1^(L)`` → ``x_{1}^{(L)}``; ``delta_j`` → ``\\delta_{j}``; ``yhat`` → ``\\hat{y}``;
    ``de/dw_12`` → ``\\frac{\\partial e}{\\partial w_{12}}``."""
    partial = partial_parts(name)
    if partial is not None:
        top, bottom = (symbol_latex(part.name) for part in partial)
        return rf"\frac{{\partial {top}}}{{\partial {bottom}}}"
    parts = symbol_parts(name)
    letter, accent = parts.accent
    base = f"\\{letter}" if letter in GREEK else letter
    if accent:
        base = f"\\{accent}{{{base}}}"
    elif len(base) > 1 and not base.startswith("\\"):
        base = rf"\mathrm{{{base}}}"
    if parts.subscript:
        base += f"_{{{parts.subscript}}}"
    if parts.layer:
        base += f"^{{({parts.layer})}}"
    return base


class _TextPrinter(StrPrinter):
    def _print_Symbol(self, expr: sympy.Symbol) -> str:
        return symbol_text(expr.name)

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        base, exponent = expr.args
        raised = superscript(str(exponent)) if exponent.is_Integer and exponent > 1 else None
        if raised is None:
            return super()._print_Pow(expr, rational).replace("**", "^")
        text = self._print(base)
        atomic = base.is_Symbol or base.is_Function
        return f"{text}{raised}" if atomic else f"({text}){raised}"

    def _print_Mul(self, expr: sympy.Mul) -> str:
        text = super()._print_Mul(expr)
        return _JUXTAPOSE.sub("", text).replace("*", "·")

    def _print_Function(self, expr: sympy.Function) -> str:
        name = type(expr).__name__
        if name == "IndexSum":
            return f"Σ_{self._print(expr.args[1])} ({self._print(expr.args[0])})"
        args = ", ".join(self._print(arg) for arg in expr.args)
        return f"{_FUNCTION_TEXT.get(name, name)}({args})"


class _LatexPrinter(LatexPrinter):
    def _print_Symbol(self, expr: sympy.Symbol, style: str = "plain") -> str:
        return symbol_latex(expr.name)

    def _print_Function(self, expr: sympy.Function, exp: str | None = None) -> str:
        name = type(expr).__name__
        if name == "IndexSum":
            text = rf"\sum_{{{self._print(expr.args[1])}}} {self._print(expr.args[0])}"
            return text if exp is None else rf"\left({text}\right)^{{{exp}}}"
        if name in _FUNCTION_LATEX:
            args = ", ".join(self._print(arg) for arg in expr.args)
            head = _FUNCTION_LATEX[name] if exp is None else f"{_FUNCTION_LATEX[name]}^{{{exp}}}"
            return rf"{head}\left({args}\right)"
        return super()._print_Function(expr, exp)


def to_text(expr: sympy.Expr) -> str:
    """A one-line plain-text form with Unicode symbol names."""
    return _TextPrinter().doprint(expr)


def to_latex(expr: sympy.Expr) -> str:
    """LaTeX for the expression, with the notation's symbol names."""
    return _LatexPrinter().doprint(expr)


def value_text(value: float) -> str:
    """A number as people read it: 4 significant digits, no trailing noise."""
    return f"{value:.4g}"
