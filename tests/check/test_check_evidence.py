"""A verdict is evidence, stated: "correct" only when proven, "probably correct" (exit 4) when
the numbers agree over a wide range but no proof came, and numbers beyond float64 or without a
real value judged precisely, never crashed on (issue: hostile and unusual input)."""

from __future__ import annotations

import math

import pytest
from typer.testing import CliRunner

from chainrule.check import check_derivative
from chainrule.cli import app

runner = CliRunner()


def test_a_claim_wrong_only_for_x_above_3_is_incorrect_with_a_counterexample_there() -> None:
    # 2x + (x − 3 + |x − 3|) is 2x for x ≤ 3 and 4x − 6 for x > 3 (by hand).
    result = check_derivative("2x+(x-3+sqrt((x-3)^2))", "x^2", "x")
    assert result.verdict == "incorrect"
    (name, x), = result.counterexample.variables
    assert name == "x" and x > 3
    assert result.counterexample.claim_value == pytest.approx(4 * x - 6)
    assert result.counterexample.true_value == pytest.approx(2 * x)
    assert result.diagnosis.code == "not_equal"
    assert "not everywhere" in result.diagnosis.message


def test_the_sqrt_reproducer_exits_1_through_the_cli() -> None:
    result = runner.invoke(app, ["check", "--of", "x^2", "--wrt", "x", "--",
                                 "2x+(x-3+sqrt((x-3)^2))"])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("incorrect:")


def test_a_right_claim_sympy_cannot_prove_is_probably_correct_exit_4() -> None:
    # √(x⁴) = x² for every real x (x⁴ ≥ 0), but not for complex x, so SymPy cannot prove it.
    result = check_derivative("sqrt(x^4)", "x^3/3", "x")
    assert result.verdict == "probably_correct"
    assert not result.correct and result.exit_code == 4
    assert "from 0.001 to 1000" in result.evidence
    text = str(result)
    assert text.startswith("probably correct: ")
    assert "not proven" in text
    cli = runner.invoke(app, ["check", "sqrt(x^4)", "--of", "x^3/3", "--wrt", "x"])
    assert cli.exit_code == 4, cli.output
    assert "not proven" in cli.output


def test_a_proven_claim_is_correct_exit_0() -> None:
    result = check_derivative("2x", "x^2", "x")
    assert result.verdict == "correct" and result.symbolically_confirmed
    assert result.exit_code == 0


def test_the_exit_codes_are_documented_in_check_help() -> None:
    text = runner.invoke(app, ["check", "--help"]).output
    assert "4 probably correct" in " ".join(text.split())


@pytest.mark.parametrize("claim", ["2x+10^1000", "2x+pi^1000", "2x+exp(10^30)", "10^1000"])
def test_claims_beyond_float_are_judged_incorrect_without_a_traceback(claim: str) -> None:
    result = runner.invoke(app, ["check", claim, "--of", "x^2", "--wrt", "x"])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("incorrect:")
    assert "beyond 10³⁰⁸" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_claim_with_no_real_value_is_incorrect_and_says_so() -> None:
    # −log(62.5) < 0, so its square root is imaginary: σ of it has no real value.
    result = check_derivative("sigmoid(sqrt(-log(62.5)))", "x^2", "x")
    assert result.verdict == "incorrect"
    assert "no real value" in result.diagnosis.message
    assert math.isnan(result.counterexample.claim_value)
    assert "not a real number" in str(result)


def test_a_function_with_a_huge_constant_is_checked() -> None:
    # d/dx [log(10³⁰) x] = log(10³⁰) = 30 log 10.
    result = runner.invoke(app, ["check", "--of", "log(10^30)x", "--wrt", "x", "--",
                                 "30 log(10)"])
    assert result.exit_code == 0, result.output
    assert check_derivative("30 log(10) + 1", "log(10^30)x", "x").verdict == "incorrect"


def test_a_power_beyond_float_is_judged_precisely() -> None:
    # d/dx (2x)^1000 = 2000 (2x)^999 by the chain rule; at |x| > 1 both exceed 10³⁰⁸.
    right = check_derivative("2000(2x)^999", "(2x)^1000", "x")
    assert right.verdict == "correct", str(right)
    assert right.skipped == 0
    wrong = check_derivative("1000(2x)^999", "(2x)^1000", "x")
    assert wrong.verdict == "incorrect"
    assert wrong.diagnosis.code == "factor"


def test_an_overflow_in_the_middle_of_a_right_claim_is_not_a_difference() -> None:
    # e^(1000+x)/e^1000 = eˣ, though e^1000 overflows float64.
    result = check_derivative("exp(1000+x)/exp(1000)", "exp(x)", "x")
    assert result.verdict == "correct", str(result)


def test_points_where_the_derivative_has_no_real_value_are_skipped_and_counted() -> None:
    # d/dx √x = 1/(2√x) has no real value for x < 0: about half the points of (−2, 2).
    result = check_derivative("1/(2sqrt(x))", "sqrt(x)", "x")
    assert result.verdict == "correct"
    assert 40 < result.skipped < 160
    assert f"({result.skipped} skipped: the derivative has no real value there)" in str(result)


def test_the_wide_sample_judges_only_where_the_function_is_defined() -> None:
    # log x exists for x > 0 only; there 1/|x| = 1/x. For x < 0 the claim is not judged.
    result = check_derivative("1/sqrt(x^2)", "log(x)", "x", )
    assert result.verdict != "correct"


def test_twice_a_derivative_too_small_for_float_is_a_factor_of_2() -> None:
    # d/dx log σ(10³⁰ − x) = −(1 − σ(10³⁰ − x)) ≈ −e^(−10³⁰): 0 in float64, not in exact digits.
    result = check_derivative("2 sigmoid(10^30 - x) - 2", "log(sigmoid(10^30 - x))", "x")
    assert (result.verdict, result.diagnosis.code) == ("incorrect", "factor"), str(result)


def test_one_more_than_a_derivative_of_133_digits_is_incorrect() -> None:
    # d/dx [(e/2)^999 / tanh x] = −(e/2)^999 (1 − tanh²x)/tanh²x, about 10¹³³ in size: + 1 is
    # invisible to float64 and to 50 digits, visible to 50 digits beyond the value's size.
    truth = "-(1 - tanh(x)^2) exp(999)/(2^999 tanh(x)^2)"
    assert check_derivative(truth, "(e/2)^999/tanh(x)", "x").verdict == "correct"
    result = check_derivative(truth + " + 1", "(e/2)^999/tanh(x)", "x")
    assert result.verdict == "incorrect", str(result)
    assert result.counterexample.difference == pytest.approx(1.0)


def test_a_probable_verdict_says_when_the_numbers_cannot_tell() -> None:
    # log(tanh(10³⁰)) = log(1 − 2e^(−2·10³⁰) + …): 0 at any precision SymPy can reach.
    result = check_derivative("2 log(tanh(10^30)) tanh(10^30)^(x+1)", "tanh(10^30)^(x+1)", "x")
    assert result.verdict == "probably_correct"
    assert "cannot tell" in result.evidence


def test_a_constant_beyond_float_deep_inside_a_formula_is_folded_precisely() -> None:
    """log(1 + 10¹⁰⁰⁰) = 1000 ln 10 (to float precision, by hand) although 10¹⁰⁰⁰ is no float;
    the parts with a variable around it are left to NumPy."""
    import numpy as np
    import sympy

    from chainrule.check.sample_eval import evaluate

    x, y = sympy.symbols("x y")
    expr = x * y + sympy.log(1 + sympy.Integer(10) ** 1000, evaluate=False) * sympy.tanh(y)
    values = {x: np.array([1.0, -2.0]), y: np.array([0.5, 3.0])}
    expected = values[x] * values[y] + 1000 * math.log(10) * np.tanh(values[y])
    np.testing.assert_allclose(evaluate(expr, values, 2), expected, rtol=1e-12)
