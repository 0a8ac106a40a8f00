"""A derivation as rows (LaTeX math and a prose rule) for the explanation renderers: the same
lines as `render(..., "latex")`, and notation symbols printed by their LaTeX name."""

from __future__ import annotations

import pytest
import sympy

from chainrule.calculus import derive
from chainrule.calculus.math_names import MathName
from chainrule.explain.local_derivations import NotationSymbol, NumberSymbol
from chainrule.render import render, to_latex, to_text
from chainrule.render.step_rows import Row, derivation_rows, note_latex, text_rows


def test_rows_are_the_align_rows_of_the_latex_rendering(check):
    derivation = check(derive("1/(1+exp(-x))", where={"a": "1/(1+exp(-x))"}))
    rows = derivation_rows(derivation)
    aligned = render(derivation, "latex").strip().splitlines()[1:-1]
    assert len(rows) == len(aligned)
    for row, line in zip(rows, aligned, strict=True):
        body = line.removesuffix(" \\\\")
        assert body.startswith("& " + "\\quad " * row.depth + row.math)
    assert rows[0] == Row(0, "\\text{Read as: }\\frac{1}{1 + e^{-x}}", ())  # typed, so echoed
    assert rows[1] == Row(0, "\\frac{d}{dx}\\left[\\frac{1}{1 + e^{-x}}\\right] = "
                             "\\frac{e^{-x}}{\\left(1 + e^{-x}\\right)^{2}}",
                             ((False, "chain rule"),))
    assert rows[2] == Row(1, "f(g) = \\frac{1}{g}\\text{, }g(x) = 1 + e^{-x}", ())
    # a rule with math: its words and its LaTeX apart, joined with $…$ for a page
    assert rows[-1].note == ((False, "with "), (True, "a = \\frac{1}{1 + e^{-x}}"))
    assert note_latex(rows[-1].note, str.upper) == "WITH $a = \\frac{1}{1 + e^{-x}}$"
    assert text_rows(derivation)[-1].math == "Result: d/dx [1/(1 + e⁻ˣ)] = a(1 − a)"


def test_notation_symbols_print_their_latex_and_numbers_drop_their_place():
    x, y = NotationSymbol(MathName("x", "1", "(L)")), NotationSymbol(MathName("y", "n"))
    assert to_latex(2 * (x - y)) == "2 x_{1}^{(L)} - 2 y_{n}"
    assert to_latex(1 - x**2) == "1 - \\left(x_{1}^{(L)}\\right)^{2}"  # a tagged base: parens
    assert to_text(1 - x**2) == "1 − (x₁⁽ᴸ⁾)²"
    one, other = NumberSymbol("1#0"), NumberSymbol("1#1")
    assert one - other != 0 and to_latex(one - other) == "1 - 1"
    net = NotationSymbol(MathName("net", "5", upright=True))
    assert to_text(net * (1 - net)) == "net₅(1 − net₅)"
    assert sympy.diff(x**2, x) == 2 * x  # still an ordinary SymPy symbol


def test_a_notation_symbol_is_made_from_its_tree_only_and_always_has_it():
    with pytest.raises(TypeError, match="name tree"):
        NotationSymbol("w_{53}")
    w = NotationSymbol(MathName("w", "53"))
    assert sympy.Symbol.__new__(NotationSymbol, "w_{53}").math_name == MathName("w", "53")
    assert (2 * w).atoms(NotationSymbol).pop().math_name == MathName("w", "53")
    # two trees LaTeX writes alike (dW: the gradient prefix d, or a name dW) stay two
    # symbols, each with its own tree
    prefixed = NotationSymbol(MathName("W", prefix="d"))
    word = NotationSymbol(MathName("dW"))
    assert prefixed != word
    assert (prefixed.math_name, word.math_name) == (MathName("W", prefix="d"), MathName("dW"))
    assert to_latex(prefixed) == to_latex(word) == "dW"
