"""A derivation an explanation meets again, for another unit, is written once and referred to,
in text, LaTeX, Markdown and HTML; the lines keep their own numbers.

∂E/∂w₃₁ in Mitchell's 2-2-2 sigmoid net needs δ₅ and δ₆ of the output units (the same loss
derivative and the same σ′ for units 5 and 6) and σ′ of hidden unit 3: the sigmoid's
derivative is derived once (for net₅), then referred to twice. The numbers are checked against
a hand computation of the textbook network (weights 0.15 … 0.55, x = (0.05, 0.1),
t = (0.01, 0.99)); the renaming against SymPy.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import sympy

import chainrule as cr
from chainrule.explain.formula_nodes import symbol
from chainrule.explain.model import Explanation, Line, Section
from chainrule.render.repeats import references


def _by_name(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with each notation symbol a plain SymPy symbol of the same name (its LaTeX),
    so that names renamed as text compare with it."""
    return expr.xreplace({s: sympy.Symbol(s.name) for s in expr.free_symbols})


def _sigma(s: float) -> float:
    return 1 / (1 + np.exp(-s))


def _hand() -> dict[str, float]:
    """σ′ of units 3, 5, 6 and δ₆ (Mitchell's δ = −∂E/∂net), from the textbook formulas."""
    x1, x2, t6 = 0.05, 0.10, 0.99
    o3, o4 = _sigma(0.15 * x1 + 0.20 * x2), _sigma(0.25 * x1 + 0.30 * x2)
    o5, o6 = _sigma(0.40 * o3 + 0.45 * o4), _sigma(0.50 * o3 + 0.55 * o4)
    return {"o6": o6, "do3": o3 * (1 - o3), "do5": o5 * (1 - o5), "do6": o6 * (1 - o6),
            "delta6": (t6 - o6) * o6 * (1 - o6)}


def _exchanged(name: str, a: str, b: str) -> str:
    """``name`` with the numbers ``a`` and ``b`` exchanged (``o_{5}`` → ``o_{6}``)."""
    return re.sub(r"\d+", lambda m: {a: b, b: a}.get(m[0], m[0]), name)


@pytest.fixture(scope="module")
def hidden_weight() -> Explanation:
    ex = cr.explain.example("mitchell")
    return cr.explain(ex.net, ex.x, ex.y, "w_31", notation="mitchell")


def test_the_sigmoid_derivative_is_written_once_and_referred_to(hidden_weight) -> None:
    text = hidden_weight.to_text(steps="full", width=200)
    assert text.count("(exp rule)") == 1  # σ′ derived step by step once, for net₅
    assert text.count("Simplify:") == 1
    assert ("(the same derivation as for ∂o₅/∂net₅ above, with the numbers 5 and 6 "
            "exchanged)") in text
    assert ("(the same derivation as for ∂o₅/∂net₅ above, with the numbers 5 and 3 "
            "exchanged)") in text
    assert "(the same derivation as for ∂E/∂o₅ above, with the numbers 5 and 6 exchanged)" in text
    # a line whose derivation is referred to no longer says it is derived below
    assert "the derivative of the output's activation o₆ = σ(net₆)\n" in text


def test_referred_lines_keep_their_own_numbers(hidden_weight) -> None:
    hand = _hand()
    text = hidden_weight.to_text(steps="full", width=200)
    o6, do6 = f"{hand['o6']:.6g}", f"{hand['do6']:.6g}"
    assert f"∂o₆/∂net₆ = σ′(net₆) = o₆(1 − o₆) = {o6}(1 − {o6}) = {do6}" in text
    assert f"= {hand['do3']:.6g}" in text and f"= {hand['delta6']:.6g}" in text


@pytest.mark.parametrize(("method", "reference"), [
    ("to_latex", r"the same derivation as for $\frac{\partial o_{5}}{\partial \mathrm{net}_{5}}$"
                 " above, with the numbers 5 and 6 exchanged"),
    ("to_markdown", r"*(the same derivation as for $\frac{\partial o_{5}}{\partial "
                    r"\mathrm{net}_{5}}$ above, with the numbers 5 and 3 exchanged)*"),
])
def test_latex_and_markdown_refer_too(hidden_weight, method: str, reference: str) -> None:
    written = getattr(hidden_weight, method)()
    assert reference in written
    assert written.count("exp rule") == 1


def test_html_refers_too(hidden_weight) -> None:
    page = hidden_weight.to_html()
    assert page.count('<p class="same">') == 3
    assert page.count('<div class="steps') == 3  # ∂net₃/∂w₃₁, ∂E/∂o₅ and σ′(net₅) only
    assert page.count("exp rule") == 1


def test_the_exchange_is_true_of_the_derivations(hidden_weight) -> None:
    """Exchanging the two numbers in the first derivation's symbols gives the later one:
    the same function, variable and result, by SymPy's equality."""
    lines = {(s, k): line for s, section in enumerate(hidden_weight.sections)
             for k, line in enumerate(section.lines)}
    found = references(hidden_weight)
    assert len(found) == 3
    for position, reference in found.items():
        earlier, later = lines[reference.at].derivation, lines[position].derivation
        swap = {s: sympy.Symbol(_exchanged(s.name, *reference.numbers))
                for s in earlier.expr.free_symbols | earlier.result.free_symbols}
        assert swap[earlier.wrt] == _by_name(later.wrt)
        for part in ("expr", "result"):  # built unevaluated: compared by their difference
            difference = getattr(earlier, part).xreplace(swap) - _by_name(getattr(later, part))
            assert sympy.expand(difference) == 0, part


def test_only_a_true_renaming_is_referred_to() -> None:
    lines = (Line((symbol("a"),), derivation=cr.derive("tanh(x_1)", wrt="x_1")),
             Line((symbol("b"),), derivation=cr.derive("tanh(x_2)", wrt="x_2")),
             Line((symbol("c"),), derivation=cr.derive("x_1 x_2", wrt="x_1")),
             # x₃ is not x₂ renamed
             Line((symbol("d"),), derivation=cr.derive("x_2 x_3", wrt="x_2")),
             Line((symbol("e"),), derivation=cr.derive("tanh(x_2)^2", wrt="x_2")))
    explanation = Explanation("t", "lfd", symbol("q"), (Section("Factors", "", lines),))
    found = references(explanation)
    assert set(found) == {(0, 1)}
    assert found[(0, 1)].numbers == ("1", "2")
    text = explanation.to_text(steps="full")
    assert text.count("(tanh rule)") == 2  # tanh(x₁) and tanh(x₂)², not tanh(x₂)
    assert "(the same derivation as for a above, with the numbers 1 and 2 exchanged)" in text


def test_a_hidden_units_sigmoid_refers_to_the_output_units() -> None:
    """Nielsen's δ of hidden unit 2 of layer 3: σ′(z₂⁽³⁾) is σ′(z₁⁽ᴸ⁾) of the output layer
    with both indices exchanged (unit and layer); exchanging them in the first derivation's
    symbols gives the second, by SymPy."""
    ex = cr.explain.example("nielsen")
    explanation = cr.explain(ex.net, ex.x, ex.y, ex.quantity, notation="nielsen")
    lines = {(s, k): line for s, section in enumerate(explanation.sections)
             for k, line in enumerate(section.lines)}
    [(position, hidden)] = [(p, r) for p, r in references(explanation).items() if r.variables]
    assert tuple(map(str, hidden.variables)) == ("z_{1}^{(L)}", "z_{2}^{(3)}")
    earlier, later = lines[hidden.at].derivation, lines[position].derivation
    scripts = {"_{1}": "_{2}", "_{2}": "_{1}", "^{(L)}": "^{(3)}", "^{(3)}": "^{(L)}"}
    swap = {s: sympy.Symbol(re.sub(r"[_^]\{\(?\w\)?\}", lambda m: scripts.get(m[0], m[0]),
                                   s.name))
            for s in earlier.expr.free_symbols | earlier.result.free_symbols}
    for part in ("expr", "result"):
        difference = getattr(earlier, part).xreplace(swap) - _by_name(getattr(later, part))
        assert sympy.expand(difference) == 0, part
    text = explanation.to_text(steps="full", width=200)
    assert "with the indices of z₁⁽ᴸ⁾ and z₂⁽³⁾ exchanged" in text


def test_scripts_are_exchanged_only_between_names_of_one_form() -> None:
    z1, z2, u2 = sympy.symbols(r"z_{1}^{(L)} z_{2}^{(3)} u_{2}^{(3)}")
    lines = (Line((symbol("a"),), derivation=cr.derive(sympy.tanh(z1) ** 2, wrt=z1)),
             Line((symbol("b"),), derivation=cr.derive(sympy.tanh(z2) ** 2, wrt=z2)),
             # another letter
             Line((symbol("c"),), derivation=cr.derive(sympy.tanh(u2) ** 2, wrt=u2)))
    found = references(Explanation("t", "lfd", symbol("q"), (Section("Factors", "", lines),)))
    assert set(found) == {(0, 1)}
    assert found[(0, 1)].variables == (z1, z2)
