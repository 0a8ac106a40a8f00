"""Each factor's local derivation is the calculus step tree of the op's symbolic form: the same
rows `chainrule derive` prints, in the notation's symbols, in every output format."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from typer.testing import CliRunner

import chainrule as cr
from chainrule.cli import app
from chainrule.errors import ConfigError
from chainrule.explain import example, explain
from chainrule.explain.formula_nodes import symbol
from chainrule.render.explain_latex import rows

runner = CliRunner()


def line_of(explanation, kind):
    return next(line for line in explanation.lines() if line.source[:1] == (kind,))


def derive_rows(*args):
    """The rows of `chainrule derive ... --format latex`: (depth, math) without the rule."""
    result = runner.invoke(app, ["derive", *args, "--format", "latex"])
    assert result.exit_code == 0, result.output
    out = []
    for row in result.output.strip().splitlines()[1:-1]:
        body = row.removesuffix(" \\\\")[2:]
        if body.startswith("\\text{Read as: }"):
            continue  # derive echoes the typed formula first; an explanation has none
        depth = 0
        while body.startswith("\\quad "):
            depth, body = depth + 1, body[len("\\quad "):]
        out.append((depth, body.split(" \\qquad ")[0]))
    return out


def own_rows(line):
    return [(row.depth, row.math) for row in rows(line)]


def test_sigmoid_steps_are_those_of_chainrule_derive():
    ex = example("nielsen")
    explanation = explain(ex.net, ex.x, ex.y, "delta_1^(L)", "nielsen")
    line = line_of(explanation, "theta_prime")
    assert own_rows(line) == derive_rows("1/(1+exp(-z_1^(L)))", "--wrt", "z_1^(L)", "--where",
                                         "a_1^(L)=1/(1+exp(-z_1^(L)))")
    text = explanation.to_text(width=300)
    assert "f(g) = 1/g, g(z₁⁽ᴸ⁾) = 1 + e^(−z₁⁽ᴸ⁾)" in text  # the chain 1/g, 1 + eʰ, −x
    assert "g(h) = eʰ + 1, h(z₁⁽ᴸ⁾) = −z₁⁽ᴸ⁾" in text
    assert "= a₁⁽ᴸ⁾(1 − a₁⁽ᴸ⁾)   (with a₁⁽ᴸ⁾ = 1/(1 + e^(−z₁⁽ᴸ⁾)))" in text


def test_tanh_and_squared_error_steps_are_those_of_chainrule_derive():
    ex = example("lfd")
    explanation = explain(ex.net, ex.x, ex.y, "delta_1^(L)", "lfd")
    prime, grad = line_of(explanation, "theta_prime"), line_of(explanation, "grad_a")
    assert own_rows(prime) == derive_rows("tanh(s_1^(L))", "--wrt", "s_1^(L)", "--where",
                                          "x_1^(L)=tanh(s_1^(L))")
    assert own_rows(grad) == derive_rows("(x_1^(L) - y_n)^2", "--wrt", "x_1^(L)")
    text = explanation.to_text(width=300)
    assert "= 1 − (x₁⁽ᴸ⁾)²   (with x₁⁽ᴸ⁾ = tanh(s₁⁽ᴸ⁾))" in text
    assert "= 2(x₁⁽ᴸ⁾ − yₙ)   (common factors taken out)" in text
    # the factor's formula is the derivation's result, with the sample's numbers put in
    x = ex.net.forward(ex.x)[0, 0]
    assert prime.value == pytest.approx(1 - x**2, abs=1e-12)
    assert f"1 − (x₁⁽ᴸ⁾)² = 1 − ({x:.6g})²".replace("-", "−") in text


def test_derivations_agree_with_sympy_diff_of_the_ops_in_the_notation():
    ex = example("seed003")
    explanation = explain(ex.net, ex.x, ex.y, "w_11^(1)", "seed003")
    derivations = [line.derivation for line in explanation.lines() if line.derivation]
    assert derivations
    for derivation in derivations:
        assert sympy.simplify(derivation.derivative - derivation.raw) == 0
        assert sympy.diff(derivation.expr, derivation.wrt) == derivation.raw


def test_softmax_cross_entropy_collapses_to_prediction_minus_target_by_steps():
    ex = example("cs231n")
    explanation = explain(ex.net, ex.x[:1], ex.y[:1], "(W_2)_11", "cs231n")
    line = line_of(explanation, "delta")
    names = [s.name for s in line.derivation.result.free_symbols]
    assert sorted(names) == ["\\hat{y}_{1}", "y_{1}"]
    text = explanation.to_text(width=300)
    assert "(softmax Jacobian, i = j)" in text and "(softmax Jacobian, i ≠ j)" in text
    assert "(assuming y₁ + y₂ = 1: the targets sum to 1)" in text
    assert ("Result: ∂/∂(z₂)₁ [−y₁·log(softmax₁((z₂)₁, (z₂)₂)) − y₂·log(softmax₂((z₂)₁, "
            "(z₂)₂))] = ŷ₁ − y₁   (with ŷ₁ = softmax₁((z₂)₁, (z₂)₂)") in text


def test_relu_has_no_rule_and_states_the_kink_convention():
    net = cr.Network([cr.Dense(2, 2), cr.ReLU(), cr.Dense(2, 1)], loss=cr.SquaredError(), seed=0)
    explanation = explain(net, [0.5, -1.0], [1.0], "delta_1^(1)", "lfd")
    prime = next(line for line in explanation.lines() if line.source[:2] == ("theta_prime", 1))
    assert prime.derivation is None  # max(s, 0) has no derivative at 0: written piecewise
    assert "chainrule takes θ′(0) = 0" in explanation.to_text(width=300)


def test_steps_in_every_format():
    ex = example("mitchell")
    explanation = explain(ex.net, ex.x, ex.y, "delta_5", "mitchell")
    latex = explanation.to_latex()
    assert "\\begin{align*}" in latex and "\\text{(chain rule)}" in latex
    markdown = explanation.to_markdown()
    assert "  - $f(g) = \\frac{1}{g}" in markdown and "*(power rule)*" in markdown
    html = explanation.to_html()
    assert '<div class="steps steps-mathml">' in html and "(power rule)" in html
    compact = explanation.to_html(steps="text")
    assert "f(g) = 1/g, g(net₅) = 1 + e^(−net₅)" in compact and len(compact) < len(html) / 2
    assert '<div class="steps' not in explanation.to_html(steps="none")
    with pytest.raises(ConfigError, match="must be one of mathml, none, text"):
        explanation.to_html(steps="svg")


def test_numbers_keep_two_equal_values_apart():
    net = cr.Network([cr.Dense(1, 1, weights=np.array([[0.0]]), biases=np.array([0.0]))],
                     loss=cr.SquaredError(), seed=0)
    explanation = explain(net, [1.0], [0.0], "delta_1^(1)", "lfd")  # output 0, target 0
    assert "2(0 − 0)" in explanation.to_text(width=300)  # not cancelled to 2 · 0


def test_why_the_signal_factor_is_the_input_by_the_sum_rule():
    ex = example("mitchell")
    explanation = explain(ex.net, ex.x, ex.y, "w_53", "mitchell")
    line = line_of(explanation, "a")
    assert own_rows(line) == derive_rows("o_3 w_53 + o_4 w_54", "--wrt", "w_53")
    text = explanation.to_text(width=300)
    assert "∂/∂w₅₃ [o₃·w₅₃ + o₄·w₅₄] = ∂/∂w₅₃ [o₃·w₅₃] + ∂/∂w₅₃ [o₄·w₅₄] = o₃   (sum rule)" in text
    assert "∂/∂w₅₃ [o₄·w₅₄] = 0   (constant)" in text  # the other term does not depend on w₅₃
    ex = example("lfd")
    bias = explain(ex.net, ex.x, ex.y, "w_01^(1)", "lfd")
    line = next(line for line in bias.lines() if line.formula[1:] == (symbol("x", "0"),))
    assert line.derivation.result == 1  # ∂s/∂w₀₁ = x₀ = 1, derived
