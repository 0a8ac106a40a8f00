"""The one expression printer: learner's symbols, ∂-symbols, derivatives, and the same text
wherever an expression is shown (derive, explain, check)."""

from __future__ import annotations

import sympy

from chainrule import render
from chainrule.calculus import derive, parse, printing
from chainrule.calculus.partials import partial_symbol
from chainrule.check import check_derivative


def test_render_reexports_the_calculus_printers() -> None:
    assert render.to_text is printing.to_text
    assert render.to_latex is printing.to_latex
    assert render.to_markdown is printing.to_markdown


def test_partial_symbols_print_as_fractions_of_partials() -> None:
    ratio = partial_symbol("C_0", "a_j^(L)")
    assert printing.to_text(ratio) == "∂C₀/∂aⱼ⁽ᴸ⁾"
    assert printing.to_latex(ratio) == r"\frac{\partial C_{0}}{\partial a_{j}^{(L)}}"
    assert printing.symbol_text("de/dw_12") == "∂e/∂w₁₂"


def test_partial_symbols_are_parenthesized_in_products_not_in_sums() -> None:
    first, second = partial_symbol("C", "a"), partial_symbol("a", "z")
    assert printing.to_text(first * second) == "(∂C/∂a)(∂a/∂z)"
    assert printing.to_text(sympy.Symbol("y") - first) == "y − ∂C/∂a"
    assert printing.to_text(first**2) == "(∂C/∂a)²"


def test_textbook_order_and_unicode_minus() -> None:
    assert printing.to_text(parse("(y-h)^2")) == "(y − h)²"
    assert printing.to_text(parse("1/(1+exp(-z))")) == "1/(1 + e⁻ᶻ)"
    assert printing.to_text(parse("sigmoid(x)*(1-sigmoid(x))")) == "σ(x)(1 − σ(x))"
    assert printing.to_latex(parse("x_1^(L)")) == "x_{1}^{(L)}"


def test_derivatives_are_written_as_derive_writes_them() -> None:
    h, y, s = sympy.symbols("h y s")
    assert printing.derivative_text((y - h) ** 2, h) == "∂/∂h [(y − h)²]"
    assert printing.derivative_text(sympy.tanh(s), s) == "d/ds [tanh(s)]"
    e = sympy.Symbol("e")
    assert printing.derivative_text(e, s, fraction=True) == "∂e/∂s"  # e has a variable of its own
    assert printing.derivative_text(e, s, partial=False, fraction=True) == "de/ds"
    assert printing.derivative_latex(sympy.tanh(s), s) == (
        r"\frac{d}{ds}\left[\tanh\left(s\right)\right]")


def test_check_reads_like_derive() -> None:
    result = check_derivative("2h", "(y-h)^2", "h")
    derived = render.render(derive("(y-h)^2", "h"), "text").splitlines()[-1]
    assert derived == "Result: ∂/∂h [(y − h)²] = 2(h − y)"
    assert str(result).splitlines()[0] == "incorrect: 2h is not ∂/∂h [(y − h)²]"
    assert str(result).splitlines()[-1] == "  correct: ∂/∂h [(y − h)²] = 2(h − y)"
