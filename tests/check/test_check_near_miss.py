"""Claims closer to the truth than float64 numbers can show are settled exactly, and the
counterexample prints enough digits to show the difference."""

from __future__ import annotations

import warnings

import sympy

from chainrule.check import check_derivative, check_network_claim
from chainrule.check.confirm import first_difference


def test_a_claim_off_by_a_tiny_constant_is_incorrect() -> None:
    result = check_derivative("2x+1e-9", "x^2", "x")
    assert result.verdict == "incorrect"
    assert result.symbolically_confirmed is True
    assert result.diagnosis is not None
    assert "plus the constant 1/1000000000" in result.diagnosis.message
    assert result.counterexample is not None
    assert result.counterexample.difference == 1e-9  # 2x + 10⁻⁹ − 2x, exactly


def test_a_difference_below_double_precision_is_found() -> None:
    result = check_derivative("2x+10^(-20)", "x^2", "x")
    assert result.verdict == "incorrect"
    assert result.counterexample is not None
    assert result.counterexample.difference == 1e-20


def test_a_factor_close_to_one_is_incorrect_in_a_network_claim() -> None:
    claim = r"delta_1^(L) = 2.0000001(x_1^(L)-y_n)(1-(x_1^(L))^2)"
    result = check_network_claim(claim, example="lfd")
    assert result.verdict == "incorrect"
    assert result.diagnosis is not None and result.diagnosis.code == "factor"
    assert "20000001/20000000" in result.diagnosis.message  # 2.0000001 / 2


def test_exact_evaluation_finds_no_difference_between_equal_formulas() -> None:
    a, b, c, d = sympy.symbols("a b c d")
    power = (a + b + c + d) ** 200  # too long to expand within the time limit
    point = {a: 0.25, b: -0.5, c: 0.75, d: 0.125}
    assert first_difference(power * (a - b), power * a - power * b, [point]) is None
    found = first_difference(power * (a - b) + sympy.Rational(1, 10**30), power * (a - b),
                             [point])
    assert found is not None and found[0] == 0 and abs(found[1] - 1e-30) < 1e-40


def test_the_counterexample_shows_the_digits_that_differ() -> None:
    result = check_derivative("2x+0.00001", "x^2", "x")
    example = result.counterexample
    assert example is not None
    x = example.variables[0][1]
    text = str(example)
    assert f"the claim is {2 * x + 1e-5:.6g}" in text  # e.g. 1.10001, not 1.1
    assert f"the true value is {2 * x:.6g}" in text


def test_overflowing_claims_leak_no_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = check_derivative("1000x^998", "x^1000", "x")
    assert result.verdict == "incorrect"
