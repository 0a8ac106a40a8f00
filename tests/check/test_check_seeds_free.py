"""The free form on the learners' questions in ../shared/seeds (000, 002, 003, 004)."""

from __future__ import annotations

import math

import pytest
import sympy

from chainrule.check import check_derivative

SOFTMAX_WHERE = [f"yhat_{k}=softmax_{k}(z_1,z_2,z_3)" for k in (1, 2, 3)]
CROSS_ENTROPY = "-(y_1 log(yhat_1) + y_2 log(yhat_2) + y_3 log(yhat_3))"


def test_seed_000_delta_in_terms_of_the_output_is_correct() -> None:
    result = check_derivative(
        r"2(x_1^{(L)}-y_n)(1-(x_1^{(L)})^2)", r"(x_1^{(L)}-y_n)^2", r"s_1^{(L)}",
        where=[r"x_1^{(L)}=\tanh(s_1^{(L)})"],
    )
    assert result.verdict == "correct"
    assert result.exit_code == 0
    assert result.symbolically_confirmed is True


@pytest.mark.parametrize(
    "claim",
    ["e^{-x}/(1+e^{-x})^2", r"\frac{e^{-x}}{(1+e^{-x})^2}", "σ(x)(1-σ(x))"],
)
def test_seed_002_sigmoid_derivative_forms_are_correct(claim: str) -> None:
    result = check_derivative(claim, "1/(1+e^{-x})", "x")
    assert result.verdict == "correct", str(result)


def test_seed_002_sigmoid_derivative_with_the_output_a_is_correct() -> None:
    result = check_derivative("a(1-a)", "1/(1+e^{-net_k})", "net_k",
                              where=["a=1/(1+e^{-net_k})"])
    assert result.verdict == "correct", str(result)
    assert result.symbolically_confirmed is True


def test_seed_003_two_h_is_wrong_with_a_counterexample() -> None:
    result = check_derivative("2h", "(y-h)^2", "h")
    assert result.verdict == "incorrect"
    assert result.exit_code == 1
    example = result.counterexample
    values = dict(example.variables)
    # by hand: d/dh (y - h)^2 = -2(y - h) = 2h - 2y
    assert example.true_value == pytest.approx(2 * values["h"] - 2 * values["y"])
    assert example.claim_value == pytest.approx(2 * values["h"])
    assert not math.isclose(example.claim_value, example.true_value)
    h, y = sympy.symbols("h y")
    assert sympy.expand(result.correct_formula - (2 * h - 2 * y)) == 0
    assert result.symbolically_confirmed is True
    assert "depends on y" in result.diagnosis.message


def test_seed_004_yhat_minus_y_is_conditional_without_sum_to_one() -> None:
    result = check_derivative("yhat_1 - y_1", CROSS_ENTROPY, "z_1", where=SOFTMAX_WHERE)
    assert result.verdict == "conditional"
    assert result.diagnosis.code == "conditional"
    assert result.condition == "Σ y = 1"
    example = result.counterexample
    values = dict(example.variables)
    assert sum(values[f"y{s}"] for s in "₁₂₃") != pytest.approx(1.0)
    # by hand: ∂L/∂z_1 = ŷ_1 (y_1 + y_2 + y_3) - y_1
    yhat1 = dict((n, v) for n, _, v in example.intermediates)["ŷ₁"]
    total = sum(values[f"y{s}"] for s in "₁₂₃")
    assert example.true_value == pytest.approx(yhat1 * total - values["y₁"])


def test_seed_004_yhat_minus_y_is_correct_given_sum_to_one() -> None:
    result = check_derivative("yhat_1 - y_1", CROSS_ENTROPY, "z_1", where=SOFTMAX_WHERE,
                              sum_to_one=["y"])
    assert result.verdict == "correct"
    assert result.condition == "Σ y = 1"
    assert result.symbolically_confirmed is True
