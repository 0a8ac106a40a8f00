"""Expressions as Unicode text for a terminal: ``σ(x)(1 − σ(x))``, ``x₁⁽ᴸ⁾``, ``e⁻ˣ/(1 + e⁻ˣ)²``.

Subscripts and layer tags are lowered and raised where Unicode has the characters; otherwise
they are written ``x_N`` and ``x^(L)``. Powers the same: ``x²``, ``e⁻ˣ``, but ``x^(1/2)``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import sympy

from chainrule.calculus.functions import UnitSet
from chainrule.calculus.math_names import MathName
from chainrule.calculus.printing.expr_printer import ATOM, MUL, NEG, POW, ExprPrinter, Printed
from chainrule.calculus.scripts import SUPERSCRIPTS, bold, subscript, superscript
from chainrule.calculus.symbols import GREEK, SymbolParts

#: Letters that read as a function when a parenthesis follows them (θ(s), σ(z), g(z), f(z)).
_CALLABLE = re.compile("([σθgf]|[A-Za-z]{2,})[" + "".join(SUPERSCRIPTS.values()) + "]*$")
_OPEN_ROOT = re.compile(r"√[^()]*$")
_ACCENT_MARKS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "dot": "\u0307"}
_FUNCTION_NAMES = {"sigmoid": "σ", "tanh": "tanh", "log": "log", "atan": "arctan",
                   "asin": "arcsin", "acos": "arccos"}  # fmt: skip


def _letter(base: str) -> str:
    return GREEK.get(base, base)


def _script(text: str, lowered: bool) -> str:
    """A name's subscript or superscript: in small characters when each has one (``₁₂``,
    ``ₙ,ⱼ``, ``⁽ᴸ⁻¹⁾``), else after ``_``/``^``, in parentheses unless one character or a
    bracketed layer tag (``y_q``, ``W^[2]``, ``x_(10,q)``)."""
    if not text:
        return ""
    text = text.replace(" ", "").replace("-", "−")
    small = [subscript(part) if lowered else superscript(part) for part in text.split(",")]
    if all(part is not None for part in small) and (lowered or "," not in text):
        return ",".join(small)  # type: ignore[arg-type]
    mark = "_" if lowered else "^"
    if len(text) == 1 or re.fullmatch(r"\[[^\[\]]+\]", text):
        return mark + text
    return f"{mark}({text})"


class TextPrinter(ExprPrinter):
    """Unicode text; see the module docstring."""

    minus = "−"

    def paren(self, text: str) -> str:
        return f"({text})"

    def times(self, left: str, right: str) -> str:
        if right.startswith("(") and (_CALLABLE.search(left) or _OPEN_ROOT.search(left)):
            return f"{left}·{right}"  # σ·(1 − σ), √x·(x + y), mask·(x + 1): not calls
        if right.startswith("(") or (left.isdigit() and not right[:1].isdigit()):
            return left + right
        return f"{left}·{right}"

    def fraction(self, top: Sequence[sympy.Expr], bottom: Sequence[sympy.Expr]) -> Printed:
        numerator = self.product(top)
        if len(bottom) == 1:
            denominator = self.wrapped(bottom[0], POW)
        else:
            denominator = self.paren(self.product(bottom))
        return f"{numerator}/{denominator}", MUL

    def power(self, base: str, exponent: sympy.Expr) -> str:
        text, precedence = self.node(exponent)
        raised = superscript(text)
        if raised is not None:
            return base + raised
        bare = precedence >= ATOM and len(text) == 1  # e^q, but e^(netₖ) and e^((z₂)ₖ)
        return f"{base}^{text if bare else self.paren(text)}"

    def function_power(self, call: sympy.Expr, exponent: sympy.Expr) -> str:
        name = self.function_name(type(call).__name__)
        raised = superscript(str(exponent)) or f"^{exponent}"
        return f"{name}{raised}({self(call.args[0])})"

    def bars(self, text: str) -> str:
        if text.startswith("|") or text.endswith("|"):
            return f"abs({text})"  # ||x|| would read as a norm
        return f"|{text}|"

    def sqrt(self, text: str) -> str:
        return f"√{text}" if text.isalnum() else f"√({text})"

    def symbol(self, parts: SymbolParts) -> str:
        letter, accent = parts.accent
        base = _letter(letter) + _ACCENT_MARKS.get(accent, "")
        out = unicodedata.normalize("NFC", base)
        if parts.subscript:
            out += subscript(parts.subscript) or f"_{parts.subscript}"
        if parts.layer:
            out += superscript(f"({parts.layer})") or f"^({parts.layer})"
        return out

    def name(self, name: MathName) -> str:
        if isinstance(name.base, MathName):
            out = f"({self.name(name.base)})"
        else:
            out = "".join(bold(c) for c in name.base) if name.bold else name.base
            out = name.prefix + out + _ACCENT_MARKS.get(name.accent, "")
        out += _script(name.sub, lowered=True) + _script(name.sup, lowered=False)
        return unicodedata.normalize("NFC", out)

    def partial(self, top: str, bottom: str) -> Printed:
        # A slash binds less than a product: (∂C/∂a)(∂a/∂z), but y − ∂C/∂a.
        return f"∂{top}/∂{bottom}", NEG + 1

    def derivative_of(self, expr: str, wrt: str, partial: bool, fraction: bool, atom: bool) -> str:
        d = "∂" if partial else "d"
        if fraction:
            return f"{d}{expr}/{d}{wrt}"
        return f"{d}/{d}{wrt} {expr}" if atom else f"{d}/{d}{wrt} [{expr}]"

    def call(self, name: str, arguments: Sequence[str]) -> str:
        return f"{name}({', '.join(arguments)})"

    def function_name(self, name: str) -> str:
        return _FUNCTION_NAMES.get(name, name)

    def _print_Rational(self, expr: sympy.Expr) -> Printed:
        if expr < 0:
            return f"{self.minus}{-expr.p}/{expr.q}", MUL - 5
        return f"{expr.p}/{expr.q}", MUL

    def _print_softmax(self, expr: sympy.Expr) -> Printed:
        index = subscript(str(expr.component)) or f"_{expr.component}"
        return self.call(f"softmax{index}", [self(z) for z in expr.inputs]), ATOM

    def _print_IndexSum(self, expr: sympy.Expr) -> Printed:
        name = expr.index.name
        if expr.upper is None:
            index = subscript(name) or f"_{name}"
        elif isinstance(expr.upper, UnitSet):
            index = f"_{{{name}∈{expr.upper.written()}}}"
        else:
            upper = self(expr.upper)
            index = (subscript(f"{name}=1") or f"_{{{name}=1}}") + \
                (superscript(upper) or f"^{{{upper}}}")
        return f"Σ{index} {self.wrapped(expr.body, MUL)}", MUL

    def _print_KroneckerDelta(self, expr: sympy.Expr) -> Printed:
        indices = "".join(str(arg) for arg in expr.args)
        return f"δ{subscript(indices) or '_' + indices}", ATOM

    def scientific(self, mantissa: str, exponent: int) -> str:
        return f"{mantissa} × 10{superscript(str(exponent)) or f'^({exponent})'}"

    def euler(self) -> str:
        return "e"

    def pi(self) -> str:
        return "π"
