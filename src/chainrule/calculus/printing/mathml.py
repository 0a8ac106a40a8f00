r"""Expressions as presentation MathML, written from the expression itself (no LaTeX between).

The third format of the expression printers (:mod:`chainrule.calculus.printing.text`,
:mod:`chainrule.calculus.printing.latex`): the same dispatch, precedences, signs and order of
terms, spelled as MathML elements. A printed expression is a run of sibling elements (no
``<math>`` around it, see :func:`math_element`), laid out as the LaTeX printer's formula is
typeset: ``σ(x)(1 − σ(x))``, ``x₁⁽ᴸ⁾``, ``∂e/∂s`` as a fraction.

>>> import sympy
>>> MathMLPrinter()(1 - sympy.Symbol("x") ** 2)
'<mn>1</mn><mo>−</mo><msup><mi>x</mi><mrow><mn>2</mn></mrow></msup>'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

import sympy

from chainrule.calculus.math_names import MathName
from chainrule.calculus.printing.expr_printer import ATOM, MUL, NEG, ExprPrinter, Printed
from chainrule.calculus.scripts import bold
from chainrule.calculus.symbols import GREEK as LETTERS
from chainrule.calculus.symbols import SymbolParts

#: The MathML namespace of a ``<math>`` element.
NAMESPACE = "http://www.w3.org/1998/Math/MathML"
# LaTeX's epsilon and phi are the lunate ϵ and the closed ϕ.
GREEK = {**LETTERS, "epsilon": "ϵ", "phi": "ϕ"}
_FUNCTION_LETTERS = {"sigmoid": "σ"}
_FUNCTION_WORDS = ("tanh", "log", "exp", "sin", "cos", "tan", "sinh", "cosh", "coth", "sec",
                   "csc", "cot", "max")
_ARC = {"atan": "arctan", "asin": "arcsin", "acos": "arccos"}
_ACCENTS = {"hat": "^", "bar": "¯", "tilde": "~", "dot": "˙"}
#: Letters that read as a function when a parenthesis follows them: σ(x), θ(s), g(z), f(z).
_CALLABLE = re.compile(r"<mi>[σθgf]</mi>$|<msup><mi>[σθgf]</mi><mrow>(?:(?!<mrow>).)*</mrow>"
                       r"</msup>$")
_OPEN_PAREN = '<mrow><mo fence="true" form="prefix">(</mo>'
_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|[A-Za-z]|\S")
_NAME_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|[^\W\d_]|\S")
_TAG = re.compile(r"<(/?)([a-z]+)[^>]*?(/?)>")


def math_element(body: str, display: bool = True) -> str:
    """``body`` (sibling elements) in a ``<math>`` element, ``display="block"`` or inline."""
    mode = "block" if display else "inline"
    return f'<math xmlns="{NAMESPACE}" display="{mode}"><mrow>{body}</mrow></math>'


def row(body: str) -> str:
    return f"<mrow>{body}</mrow>"


def fenced(body: str, opening: str = "(", closing: str = ")") -> str:
    """``body`` between stretchy fences: ``(…)``, ``[…]``, ``|…|``."""
    return (f'<mrow><mo fence="true" form="prefix">{escape(opening)}</mo>{row(body)}'
            f'<mo fence="true" form="postfix">{escape(closing)}</mo></mrow>')


def tokens(text: str) -> str:
    """Plain script text (``12``, ``kj``, ``l+1``) as elements: numbers, letters, operators."""
    out = []
    for token in _TOKEN.findall(text):
        if token[0].isdigit():
            out.append(f"<mn>{token}</mn>")
        elif token.isalpha():
            out.append(f"<mi>{escape(token)}</mi>")
        else:
            out.append(f"<mo>{escape('−' if token == '-' else token)}</mo>")
    return "".join(out)


def upright(word: str) -> str:
    """A word in upright letters, as ``\\mathrm{net}`` or ``\\operatorname{relu}`` is set."""
    letters = "".join(f'<mi mathvariant="normal">{c}</mi>' if c.isalpha() else
                      f"<mo>{escape(c)}</mo>" for c in word)
    return row(letters)


def name_tokens(text: str, variant: str = "") -> str:
    """A name's letters or script as elements: numbers, letters (any alphabet: ``δ``) in
    ``variant`` (``"normal"``: upright, ``"bold"``), operators (``-`` as a minus)."""
    out = []
    for token in _NAME_TOKEN.findall(text):
        if token[0].isdigit():
            out.append(f"<mn>{token}</mn>")
        elif token.isalpha() and variant == "bold":
            out.append(f"<mi>{escape(bold(token))}</mi>")
        elif token.isalpha():
            style = ' mathvariant="normal"' if variant == "normal" else ""
            out.append(f"<mi{style}>{escape(token)}</mi>")
        else:
            out.append(f"<mo>{escape('−' if token == '-' else token)}</mo>")
    return "".join(out)


def split_last(elements: str) -> tuple[str, str]:
    """The sibling elements before the last one, and the last one (the base of a script)."""
    depth, start = 0, 0
    for match in _TAG.finditer(elements):
        closing, _, empty = match.groups()
        if not closing and not empty:
            if depth == 0:
                start = match.start()
            depth += 1
        elif closing:
            depth -= 1
    return elements[:start], elements[start:]


def scripted(base: str, sub: str | None = None, sup: str | None = None) -> str:
    """``base`` (elements) with a subscript and/or superscript on its last element; a
    superscript on an element that has only a subscript joins it (``x₁²``)."""
    before, last = split_last(base)
    if sup is not None and sub is None and last.startswith("<msub>"):
        return f"{before}<msubsup>{last[6:-7]}{row(sup)}</msubsup>"
    if sub is not None and sup is not None:
        return f"{before}<msubsup>{last}{row(sub)}{row(sup)}</msubsup>"
    if sub is not None:
        return f"{before}<msub>{last}{row(sub)}</msub>"
    return f"{before}<msup>{last}{row(sup or '')}</msup>"


def fraction(top: str, bottom: str) -> str:
    return f"<mfrac>{row(top)}{row(bottom)}</mfrac>"


class MathMLPrinter(ExprPrinter):
    """Presentation MathML; see the module docstring."""

    minus = "<mo>−</mo>"

    def _print_Add(self, expr: sympy.Expr) -> Printed:
        text, precedence = super()._print_Add(expr)
        return text.replace(" + ", "<mo>+</mo>").replace(f" {self.minus} ", self.minus), \
            precedence

    def product(self, factors: Sequence[sympy.Expr]) -> str:
        return super().product(factors) if factors else "<mn>1</mn>"

    def paren(self, text: str) -> str:
        return fenced(text)

    def times(self, left: str, right: str) -> str:
        called = right.startswith(_OPEN_PAREN) and _CALLABLE.search(left) is not None
        if called or (left.endswith("</mn>") and right.startswith("<mn>")):
            return f"{left}<mo>·</mo>{right}"
        return left + right

    def fraction(self, top: Sequence[sympy.Expr], bottom: Sequence[sympy.Expr]) -> Printed:
        numerator = self(top[0]) if len(top) == 1 else self.product(top)
        denominator = self(bottom[0]) if len(bottom) == 1 else self.product(bottom)
        return fraction(numerator, denominator), ATOM

    def power(self, base: str, exponent: sympy.Expr) -> str:
        return scripted(base, sup=self(exponent))

    def function_power(self, call: sympy.Expr, exponent: sympy.Expr) -> str:
        name = self.function_name(type(call).__name__)
        return scripted(name, sup=tokens(str(exponent))) + self.paren(self(call.args[0]))

    def bars(self, text: str) -> str:
        return fenced(text, "|", "|")

    def sqrt(self, text: str) -> str:
        return f"<msqrt>{row(text)}</msqrt>"

    def symbol(self, parts: SymbolParts) -> str:
        letter, accent = parts.accent
        out = f"<mi>{escape(GREEK[letter])}</mi>" if letter in GREEK else (
            f"<mi>{escape(letter)}</mi>" if len(letter) == 1 else upright(letter))
        if accent:
            out = f'<mover accent="true">{row(out)}<mo>{_ACCENTS[accent]}</mo></mover>'
        sub = tokens(parts.subscript) if parts.subscript else None
        sup = tokens(f"({parts.layer})") if parts.layer else None
        return scripted(out, sub, sup) if sub or sup else out

    def name(self, name: MathName) -> str:
        if isinstance(name.base, MathName):
            out = f"<mo>(</mo>{self.name(name.base)}<mo>)</mo>"
        else:
            out = name_tokens(name.base, "normal" if name.upright else
                              "bold" if name.bold else "")
            out = row(out) if name.upright or name.bold else out
            out = row(out) if name.upright and name.bold else out
            if name.accent:
                out = f'<mover accent="true">{row(out)}<mo>{_ACCENTS[name.accent]}</mo></mover>'
            out = name_tokens(name.prefix) + out
        sub = name_tokens(name.sub) if name.sub else None
        sup = name_tokens(name.sup) if name.sup else None
        return scripted(out, sub, sup) if sub or sup else out

    def partial(self, top: str, bottom: str) -> Printed:
        return fraction(f"<mo>∂</mo>{top}", f"<mo>∂</mo>{bottom}"), ATOM

    def derivative_of(self, expr: str, wrt: str, partial: bool, fraction_: bool,
                      atom: bool) -> str:
        d = "<mo>∂</mo>" if partial else "<mi>d</mi>"
        if fraction_:
            return fraction(d + expr, d + wrt)
        body = expr if atom else fenced(expr, "[", "]")
        return fraction(d, d + wrt) + body

    def call(self, name: str, arguments: Sequence[str]) -> str:
        return name + self.paren("<mo>,</mo>".join(arguments))

    def function_name(self, name: str) -> str:
        if name in _FUNCTION_LETTERS:
            return f"<mi>{_FUNCTION_LETTERS[name]}</mi>"
        if name in _FUNCTION_WORDS or name in _ARC:
            return f"<mi>{_ARC.get(name, name)}</mi>"
        return upright(name)

    def emptyPrinter(self, expr: sympy.Basic) -> Printed:
        return tokens(str(expr)), ATOM

    def _print_Function(self, expr: sympy.Expr) -> Printed:
        name = getattr(expr.func, "__name__", str(expr.func))
        return self.call(tokens(name), [self(arg) for arg in expr.args]), ATOM

    def _print_Integer(self, expr: sympy.Expr) -> Printed:
        if expr < 0:
            return f"{self.minus}<mn>{-expr}</mn>", NEG
        return f"<mn>{expr}</mn>", ATOM

    def _print_Float(self, expr: sympy.Expr) -> Printed:
        text, precedence = super()._print_Float(expr)
        return self.minus + tokens(text[len(self.minus):]) if precedence == NEG else \
            tokens(text), precedence

    def _print_Rational(self, expr: sympy.Expr) -> Printed:
        out = fraction(f"<mn>{abs(expr.p)}</mn>", f"<mn>{expr.q}</mn>")
        return (f"{self.minus}{out}", MUL) if expr < 0 else (out, ATOM)

    def _print_softmax(self, expr: sympy.Expr) -> Printed:
        arguments = "<mo>,</mo>".join(self(z) for z in expr.inputs)
        name = scripted(upright("softmax"), sub=tokens(str(expr.component)))
        return name + self.paren(arguments), ATOM

    def _print_IndexSum(self, expr: sympy.Expr) -> Printed:
        index = tokens(expr.index.name)
        if expr.upper is None:
            limits = scripted("<mo>∑</mo>", sub=index)
        else:
            limits = scripted("<mo>∑</mo>", f"{index}<mo>=</mo><mn>1</mn>", self(expr.upper))
        return limits + self.wrapped(expr.body, MUL), MUL

    def _print_KroneckerDelta(self, expr: sympy.Expr) -> Printed:
        return scripted("<mi>δ</mi>", sub=tokens("".join(str(a) for a in expr.args))), ATOM

    def _print_Equality(self, expr: sympy.Expr) -> Printed:
        return f"{self(expr.lhs)}<mo>=</mo>{self(expr.rhs)}", 0

    def greater(self, left: str, right: str) -> str:
        return f"{left}<mo>&gt;</mo>{right}"

    def iverson(self, condition: str) -> str:
        return f"<mo>[</mo>{condition}<mo>]</mo>"

    def cases(self, value: str, condition: str, other: str) -> str:
        return (f"{value}<mtext>&#160;if&#160;</mtext>{condition}"
                f"<mtext>&#160;else&#160;</mtext>{other}")



    def digits(self, text: str) -> str:
        return f"<mn>{text}</mn>"

    def scientific(self, mantissa: str, exponent: int) -> str:
        return f"<mn>{mantissa}</mn><mo>×</mo>" + scripted("<mn>10</mn>", sup=tokens(str(exponent)))

    def euler(self) -> str:
        return "<mi>e</mi>"

    def pi(self) -> str:
        return "<mi>π</mi>"
