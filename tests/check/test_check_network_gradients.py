r"""Network claims beyond δ: weight and bias gradients (δ given), seed 003's ∂J/∂w₁₂⁽²⁾, and
seed 001's recurrence written literally with partial derivatives. Right formulas are the
textbooks' (worked by hand); wrong ones must get the named diagnosis."""

from __future__ import annotations

import math

import pytest
import sympy

from chainrule.check import check_network_claim
from chainrule.errors import ConfigError
from chainrule.explain.examples import example

SEED_001 = (r"\frac{\partial C_0}{\partial a_j^{(L-m)}} = \sum_i "
            r"\frac{\partial C_0}{\partial a_i^{(L-m+1)}} "
            r"\frac{\partial a_i^{(L-m+1)}}{\partial z_i^{(L-m+1)}} "
            r"\frac{\partial z_i^{(L-m+1)}}{\partial a_j^{(L-m)}}")
SEED_001_NO_SIGMA = (r"\frac{\partial C_0}{\partial a_j^{(L-m)}} = \sum_i "
                     r"\frac{\partial C_0}{\partial a_i^{(L-m+1)}} "
                     r"\frac{\partial z_i^{(L-m+1)}}{\partial a_j^{(L-m)}}")


@pytest.mark.parametrize(("claim", "preset"), [
    (r"\frac{\partial e}{\partial w_{ij}^{(l)}} = x_i^{(l-1)} \delta_j^{(l)}", "lfd"),
    (r"\partial C/\partial w_{jk}^{(l)} = a_k^{(l-1)} \delta_j^{(l)}", "nielsen"),
    (r"w_{ij}^{(l)} = x_i^{(l-1)} \delta_j^{(l)}", "lfd"),  # a weight alone: its gradient
    ("∂e/∂w_11^(L) = x_1^(L-1) δ_1^(L)", "lfd"),  # numbered layers of the 2-3-1 example
    (r"\frac{\partial e}{\partial w_{0j}^{(l)}} = \delta_j^{(l)}", "lfd"),  # bias, x_0 = 1
    (r"\partial C/\partial b_j^{(l)} = \delta_j^{(l)}", "nielsen"),
    (r"∂E/∂w_{kh} = -\delta_k o_h", "mitchell"),  # Δw = η δ_k o_h with δ = −∂E/∂net
    # the next layer's δ given instead of this layer's
    (r"\frac{\partial e}{\partial w_{ij}^{(l)}} = x_i^{(l-1)} (1-(x_j^{(l)})^2) "
     r"\sum_k w_{jk}^{(l+1)} \delta_k^{(l+1)}", "lfd"),
    # seed 001's first equation and seed 003's chain, with ∂C/∂a (∂J/∂h) given
    (r"\frac{\partial C_0}{\partial w_{jk}^{(L-m)}} = \frac{\partial C_0}{\partial a_{j}^{(L-m)}}"
     r"\frac{\partial a_j^{(L-m)}}{\partial z_{j}^{(L-m)}}"
     r"\frac{\partial z_j^{(L-m)}}{\partial w_{jk}^{(L-m)}}", "nielsen"),
    (r"\frac{\partial J}{\partial w_{12}^{(2)}} = \frac{\partial J}{\partial h_{1}^{(3)}} "
     r"\frac{\partial h_{1}^{(3)}}{\partial z_{1}^{(2)}} "
     r"\frac{\partial z_{1}^{(2)}}{\partial w_{12}^{(2)}}", "seed003"),
    ("∂J/∂w_12^(2) = 2(h_1^(3) - y) h_2^(2)", "seed003"),  # J = (h − y)², linear output
    (r"\frac{\partial C_0}{\partial a_j^{(L-m)}} = \sum_i w_{ij}^{(L-m+1)} "
     r"\delta_i^{(L-m+1)}", "nielsen"),
])
def test_right_gradient_claims(claim: str, preset: str) -> None:
    result = check_network_claim(claim, example=preset)
    assert result.verdict == "correct", str(result)
    assert result.symbolically_confirmed is True


@pytest.mark.parametrize(("claim", "preset", "code"), [
    (r"\partial C/\partial w_{jk}^{(l)} = a_j^{(l-1)} \delta_k^{(l)}", "nielsen", "not_equal"),
    (r"\partial C/\partial b_j^{(l)} = a_j^{(l)} \delta_j^{(l)}", "nielsen", "extra_factor"),
    (r"\frac{\partial e}{\partial w_{ij}^{(l)}} = -x_i^{(l-1)} \delta_j^{(l)}", "lfd", "sign"),
])
def test_wrong_gradient_claims(claim: str, preset: str, code: str) -> None:
    result = check_network_claim(claim, example=preset)
    assert result.verdict == "incorrect"
    assert result.diagnosis.code == code, str(result)


def test_seed_003s_square_loss_mistake_is_diagnosed() -> None:
    # J = y² − h² gives ∂J/∂h = 2h: the target is lost, the true value is 2(h − y)·h₂
    result = check_network_claim("∂J/∂w_12^(2) = 2h_1^(3) h_2^(2)", example="seed003")
    assert result.verdict == "incorrect"
    assert result.diagnosis.code == "not_equal"
    assert "depends on y₁; the claim does not" in result.diagnosis.message
    assert result.correct_text == "2h₂⁽²⁾(h₁⁽³⁾ − y₁)"
    point = dict(result.counterexample.variables)
    h1 = point["b₁⁽²⁾"] + point["h₂⁽²⁾"] * point["w₁₂⁽²⁾"]  # linear output: h = z
    assert result.counterexample.claim_value == pytest.approx(2 * h1 * point["h₂⁽²⁾"])
    assert result.counterexample.true_value == pytest.approx(
        2 * (h1 - point["y₁"]) * point["h₂⁽²⁾"])


def test_seed_001_literal_recurrence_is_correct() -> None:
    result = check_network_claim(SEED_001, example="nielsen")
    assert result.verdict == "correct", str(result)
    assert result.symbolically_confirmed is True
    # as the learner wrote it
    assert result.claim_text == "Σᵢ (∂C₀/∂aᵢ⁽ᴸ⁻ᵐ⁺¹⁾)(∂aᵢ⁽ᴸ⁻ᵐ⁺¹⁾/∂zᵢ⁽ᴸ⁻ᵐ⁺¹⁾)(∂zᵢ⁽ᴸ⁻ᵐ⁺¹⁾/∂aⱼ⁽ᴸ⁻ᵐ⁾)"
    assert "a₁⁽ᴸ⁻ᵐ⁺¹⁾(∂C₀/∂a₁⁽ᴸ⁻ᵐ⁺¹⁾)·w₁ⱼ⁽ᴸ⁻ᵐ⁺¹⁾(1 − a₁⁽ᴸ⁻ᵐ⁺¹⁾)" in result.correct_text


def test_seed_001_literal_in_unicode_is_correct() -> None:
    claim = "∂C_0/∂a_j^(L-m) = sum_i(∂C_0/∂a_i^(L-m+1) ∂a_i^(L-m+1)/∂z_i^(L-m+1) " \
            "∂z_i^(L-m+1)/∂a_j^(L-m))"
    assert check_network_claim(claim, example="nielsen").correct


def test_seed_001_without_the_activation_derivative() -> None:
    result = check_network_claim(SEED_001_NO_SIGMA, example="nielsen")
    assert result.verdict == "incorrect"
    assert result.diagnosis.code == "missing_activation_derivative"
    assert "missing" in result.diagnosis.message and "∂aᵢ⁽ᴸ⁻ᵐ⁺¹⁾/∂zᵢ⁽ᴸ⁻ᵐ⁺¹⁾" in (
        result.diagnosis.message)
    # the counterexample, recomputed by hand: z_i = a_j w_ij + b_i, σ' = σ(1 − σ)
    point = dict(result.counterexample.variables)
    a_j, claim, truth = point["aⱼ⁽ᴸ⁻ᵐ⁾"], 0.0, 0.0
    for i in "₁₂₃":
        given, w = point[f"∂C₀/∂a{i}⁽ᴸ⁻ᵐ⁺¹⁾"], point[f"w{i}ⱼ⁽ᴸ⁻ᵐ⁺¹⁾"]
        sigma = 1 / (1 + math.exp(-(a_j * w + point[f"b{i}⁽ᴸ⁻ᵐ⁺¹⁾"])))
        claim += given * w
        truth += given * sigma * (1 - sigma) * w
    assert result.counterexample.claim_value == pytest.approx(claim, rel=1e-9)
    assert result.counterexample.true_value == pytest.approx(truth, rel=1e-9)


def test_seed_001_literal_without_the_sum() -> None:
    claim = SEED_001.replace(r"\sum_i ", "")
    assert check_network_claim(claim, example="nielsen").diagnosis.code == "missing_sum"


def test_seed_001_literal_on_numbered_layers_is_the_engines_gradient() -> None:
    # Nielsen numbers the input layer 1: a^(2) is the first hidden layer's output
    claim = SEED_001.replace("L-m+1", "3").replace("L-m", "2").replace("a_j", "a_2")
    result = check_network_claim(claim, example="nielsen")
    assert result.correct, str(result)
    preset = example("nielsen")
    trace = preset.net.trace(preset.x, preset.y)
    w2 = preset.net.dense_layers[1].W  # W[i, j]: from hidden unit i to unit j of layer 2
    given = trace.delta(3) @ preset.net.dense_layers[2].W.T  # ∂C/∂a^(3), by the engine
    values = {}
    for i in range(3):
        values[sympy.Symbol(f"a_{i + 1}^(3)")] = trace.a(2)[0, i]
        values[sympy.Symbol(f"dC_0/da_{i + 1}^(3)")] = given[0, i]
        values[sympy.Symbol(f"w_{i + 1}2^(3)")] = w2[1, i]
    value = float(result.correct_formula.xreplace(values))
    assert value == pytest.approx((trace.delta(2) @ w2.T)[0, 1], rel=1e-12)


@pytest.mark.parametrize(("claim", "preset", "fragment"), [
    ("x_1^(L) = 2", "lfd", "the left side must be"),
    (r"\frac{\partial e}{\partial w_{ij}^{(l)}} = \frac{\partial e}{\partial w_{ij}^{(l)}}",
     "lfd", "the quantity it defines"),
    (r"\delta_j^{(l)} = \frac{\partial x_i^{(l)}}{\partial s_j^{(l)}} \delta_j^{(l+1)}", "lfd",
     "write the same unit"),
    (r"\delta_j^{(l)} = \delta_j^{(l+1)} + \delta_j^{(l+2)}", "lfd", "more than one kind"),
    (r"\delta_1^{(5)} = 1", "lfd", "names layer 5"),
    (r"\delta_2^{(L)} = 1", "lfd", "there is no unit 2"),
    (r"\delta_1 = 1", "lfd", "needs its layer"),
    (r"w_{13} = 1", "mitchell", "unit 1 is not a unit of a layer"),  # 1 is an input unit
    (r"\delta_j^{(l)} = \delta_1^{(l+1)} w_12^{(l+1)}", "lfd", "two digits need braces"),
    (r"\frac{\partial e}{\partial w_{ij}^{(l)}} = \frac{\partial s_j}{\partial y_n}", "lfd",
     "not a local derivative"),
    (r"\frac{\partial e}{\partial w_{ij}^{(l)}} = \frac{\partial q}{\partial y_n}", "lfd",
     "not quantities of the network"),
])
def test_claims_that_cannot_be_checked_say_why(claim: str, preset: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        check_network_claim(claim, example=preset)
