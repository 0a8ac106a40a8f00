r"""Expressions as LaTeX: ``\sigma\left(x\right) \left(1 - \sigma\left(x\right)\right)``,
``x_{1}^{(L)}``, ``\frac{e^{-x}}{\left(1 + e^{-x}\right)^{2}}``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sympy

from chainrule.calculus.functions import UnitSet
from chainrule.calculus.math_names import MathName
from chainrule.calculus.printing.expr_printer import ATOM, MUL, ExprPrinter, Printed
from chainrule.calculus.symbols import GREEK, GREEK_BY_LETTER, SymbolParts

_FUNCTION_NAMES = {"sigmoid": r"\sigma", "tanh": r"\tanh", "log": r"\log", "exp": r"\exp",
                   "max": r"\max", "sin": r"\sin", "cos": r"\cos", "tan": r"\tan", "sinh": r"\sinh",
                   "cosh": r"\cosh", "coth": r"\coth", "sec": r"\sec", "csc": r"\csc",
                   "cot": r"\cot", "atan": r"\arctan", "asin": r"\arcsin",
                   "acos": r"\arccos"}  # fmt: skip
#: A letter that reads as a function when a parenthesis follows, with its power: σ^{2}(x).
_CALLABLE = re.compile(r"(\\sigma|\\theta|\bg|\bf)(\^\{[^{}]*\})?$")
#: Signs a name's script may hold: the · of a whole row or column, ``x_{\cdot,0}``.
_SIGNS = {"·": r"\cdot"}
_ACCENTS = {"hat": r"\hat", "bar": r"\bar", "tilde": r"\tilde", "dot": r"\dot"}


def _letter(base: str) -> str:
    if base in GREEK:
        return f"\\{base}"
    return base if len(base) == 1 else f"\\mathrm{{{base}}}"


def _letters(text: str) -> str:
    """Unicode letters in LaTeX: ``δ`` → ``\\delta``, a space after a command before a letter."""
    out = ""
    for char in text:
        if char in GREEK_BY_LETTER:
            out += f"\\{GREEK_BY_LETTER[char]}"
        elif char in _SIGNS:
            out += _SIGNS[char]
        else:
            command = re.search(r"\\[A-Za-z]+$", out) is not None
            out += (" " if command and char.isascii() and char.isalpha() else "") + char
    return out


def name_latex(name: MathName) -> str:
    r"""A notation's name in LaTeX: ``w_{53}``, ``\mathrm{net}_{5}``, ``\hat{y}_{1}``,
    ``\mathbf{x}^{(l)}``, ``(W_{2})_{12}``, ``\delta_{j}^{(l+1)}``."""
    if isinstance(name.base, MathName):
        out = f"({name_latex(name.base)})"
    else:
        out = _letters(name.base)
        if name.upright:
            out = f"\\mathrm{{{out}}}"
        if name.bold:
            out = f"\\mathbf{{{out}}}"
        if name.accent:
            out = f"{_ACCENTS[name.accent]}{{{out}}}"
        out = name.prefix + out
    if name.sub:
        out += f"_{{{_letters(name.sub)}}}"
    if name.sup:
        out += f"^{{{_letters(name.sup)}}}"
    return out


class LatexPrinter(ExprPrinter):
    """LaTeX math (no surrounding ``$``); see the module docstring."""

    def paren(self, text: str) -> str:
        return f"\\left({text}\\right)"

    def times(self, left: str, right: str) -> str:
        called = right.startswith("\\left(") and _CALLABLE.search(left) is not None
        if called or (left[-1:].isdigit() and right[:1].isdigit()):
            return f"{left} \\cdot {right}"
        return f"{left} {right}"

    def fraction(self, top: Sequence[sympy.Expr], bottom: Sequence[sympy.Expr]) -> Printed:
        numerator = self(top[0]) if len(top) == 1 else self.product(top)
        denominator = self(bottom[0]) if len(bottom) == 1 else self.product(bottom)
        return f"\\frac{{{numerator}}}{{{denominator}}}", ATOM

    def power(self, base: str, exponent: sympy.Expr) -> str:
        return f"{base}^{{{self(exponent)}}}"

    def function_power(self, call: sympy.Expr, exponent: sympy.Expr) -> str:
        name = self.function_name(type(call).__name__)
        return f"{name}^{{{exponent}}}{self.paren(self(call.args[0]))}"

    def bars(self, text: str) -> str:
        return f"\\left|{text}\\right|"

    def sqrt(self, text: str) -> str:
        return f"\\sqrt{{{text}}}"

    def symbol(self, parts: SymbolParts) -> str:
        letter, accent = parts.accent
        out = f"{_ACCENTS[accent]}{{{_letter(letter)}}}" if accent else _letter(letter)
        if parts.subscript:
            out += f"_{{{parts.subscript}}}"
        if parts.layer:
            out += f"^{{({parts.layer})}}"
        return out

    def name(self, name: MathName) -> str:
        return name_latex(name)

    def partial(self, top: str, bottom: str) -> Printed:
        return f"\\frac{{\\partial {top}}}{{\\partial {bottom}}}", ATOM

    def derivative_of(self, expr: str, wrt: str, partial: bool, fraction: bool, atom: bool) -> str:
        d = r"\partial " if partial else "d"
        if fraction:
            return rf"\frac{{{d}{expr}}}{{{d}{wrt}}}"
        body = f" {expr}" if atom else rf"\left[{expr}\right]"
        return rf"\frac{{{d}}}{{{d}{wrt}}}{body}"

    def call(self, name: str, arguments: Sequence[str]) -> str:
        return f"{name}{self.paren(', '.join(arguments))}"

    def cases(self, value: str, condition: str, other: str) -> str:
        return rf"{value} \text{{ if }} {condition} \text{{ else }} {other}"

    def function_name(self, name: str) -> str:
        spelled = name.replace("_", r"\_")
        return _FUNCTION_NAMES.get(name, f"\\operatorname{{{spelled}}}")

    def _print_Rational(self, expr: sympy.Expr) -> Printed:
        sign = "-" if expr < 0 else ""
        return f"{sign}\\frac{{{abs(expr.p)}}}{{{expr.q}}}", MUL if sign else ATOM

    def _print_softmax(self, expr: sympy.Expr) -> Printed:
        arguments = ", ".join(self(z) for z in expr.inputs)
        return f"\\operatorname{{softmax}}_{{{expr.component}}}{self.paren(arguments)}", ATOM

    def _print_IndexSum(self, expr: sympy.Expr) -> Printed:
        limits = f"_{{{expr.index.name}}}"
        if isinstance(expr.upper, UnitSet):
            name, *unit = (str(arg) for arg in expr.upper.args)
            written = f"\\mathrm{{{name}}}" + "".join(f"({u})" for u in unit)
            limits = f"_{{{expr.index.name} \\in {written}}}"
        elif expr.upper is not None:
            limits = f"_{{{expr.index.name}=1}}^{{{self(expr.upper)}}}"
        return f"\\sum{limits} {self.wrapped(expr.body, MUL)}", MUL

    def _print_KroneckerDelta(self, expr: sympy.Expr) -> Printed:
        return f"\\delta_{{{''.join(str(arg) for arg in expr.args)}}}", ATOM

    def scientific(self, mantissa: str, exponent: int) -> str:
        return rf"{mantissa} \times 10^{{{exponent}}}"

    def euler(self) -> str:
        return "e"

    def pi(self) -> str:
        return "\\pi"
