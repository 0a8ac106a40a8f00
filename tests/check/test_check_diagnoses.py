"""Each known mistake: a wrong formula that triggers its diagnosis, and right formulas in
other but equivalent forms that are accepted. Expected formulas are worked by hand."""

from __future__ import annotations

import pytest

from chainrule.check import check_derivative

TANH = {"of": "(x-y)^2", "wrt": "s", "where": ["x=tanh(s)"]}  # LFD: e = (x - y)^2, x = tanh(s)
HALF = {"of": "1/2 (t-a)^2", "wrt": "z", "where": ["a=sigmoid(z)"]}  # Mitchell/Nielsen style


@pytest.mark.parametrize(
    ("claim", "problem"),
    [
        ("2(x-y)(1-x^2)", TANH),  # in x, factored
        ("2x - 2y - 2x^3 + 2x^2 y", TANH),  # in x, expanded
        ("2(tanh(s)-y)(1-tanh(s)^2)", TANH),  # in s
        ("8(tanh(s)-y)/(e^s+e^{-s})^2", TANH),  # in s, 1 - tanh² = 4/(eˢ + e⁻ˢ)²
        ("(2x-2y)(1-x)(1+x)", TANH),  # factored further
        ("-(t-a) a (1-a)", HALF),
        ("(a-t)(a - a^2)", HALF),
        ("(σ(z)-t) σ(z)(1-σ(z))", HALF),
        ("(1/(1+e^{-z}) - t) e^{-z}/(1+e^{-z})^2", HALF),
    ],
)
def test_equivalent_forms_are_correct(claim: str, problem: dict) -> None:
    result = check_derivative(claim, **problem)
    assert result.verdict == "correct", str(result)
    assert result.diagnosis is None and result.counterexample is None


def _diagnosis(claim: str, problem: dict) -> tuple[str, str]:
    result = check_derivative(claim, **problem)
    assert result.verdict == "incorrect", str(result)
    assert result.counterexample is not None
    example = result.counterexample
    assert abs(example.claim_value - example.true_value) > 1e-6
    return result.diagnosis.code, result.diagnosis.message


def test_sign_flipped_mentions_mitchell_for_a_signal() -> None:
    code, message = _diagnosis("2(y-x)(1-x^2)", TANH)
    assert code == "sign"
    assert "Mitchell" in message and "−∂E/∂net" in message


def test_sign_flipped_of_a_difference_says_which_symbols_are_swapped() -> None:
    code, message = _diagnosis("y-x", {"of": "(x-y)^2/2", "wrt": "x"})
    assert code == "sign"
    assert "swapped" in message
    assert "Mitchell" not in message  # x is not the input of an activation here


def test_factor_one_half_names_the_half_convention() -> None:
    code, message = _diagnosis("(x-y)(1-x^2)", TANH)
    assert code == "factor"
    assert "1/2 ×" in message and "½(x − y)²" in message


def test_factor_two_says_without_the_half() -> None:
    code, message = _diagnosis("2(a-t) a(1-a)", HALF)
    assert code == "factor"
    assert "2 ×" in message and "without the ½" in message


def test_missing_activation_derivative_names_the_factor_in_the_claims_symbols() -> None:
    code, message = _diagnosis("2(x-y)", TANH)
    assert code == "missing_activation_derivative"
    assert "1 − x²" in message


def test_derivative_applied_to_the_output_instead_of_the_signal() -> None:
    code, message = _diagnosis("2(x-y)(1-tanh(x)^2)", TANH)
    assert code == "derivative_at_output"
    assert "1 − tanh²(x) where 1 − tanh²(s) belongs" in message


def test_derivative_at_the_output_for_a_sigmoid() -> None:
    code, _ = _diagnosis("(a-t) σ(a)(1-σ(a))", HALF)
    assert code == "derivative_at_output"


def test_extra_factor_activation_derivative_twice() -> None:
    code, message = _diagnosis("2(x-y)(1-x^2)^2", TANH)
    assert code == "extra_factor"
    assert "1 − x²" in message and "twice" in message


def test_extra_factor_names_another_factor() -> None:
    code, message = _diagnosis("2(x-y)(1-x^2) s", TANH)
    assert code == "extra_factor"
    assert "extra factor s" in message


def test_missing_one_over_n() -> None:
    code, message = _diagnosis("2(x-y)", {"of": "1/N (x-y)^2", "wrt": "x"})
    assert code == "missing_mean"
    assert "1/N" in message


def test_one_over_n_kept_is_correct() -> None:
    result = check_derivative("2(x-y)/N", "1/N (x-y)^2", "x")
    assert result.verdict == "correct"


def test_swapped_output_and_target() -> None:
    # the learner exchanged x and y everywhere: 2(y - x)(1 - y^2)
    code, message = _diagnosis("2(y-x)(1-y^2)", TANH)
    assert code == "swapped"
    assert "x" in message and "y" in message


def test_not_equal_otherwise() -> None:
    code, _ = _diagnosis("x + y", TANH)
    assert code == "not_equal"


def test_counterexample_values_are_those_of_the_point() -> None:
    result = check_derivative("2(x-y)", **TANH)
    example = result.counterexample
    values = dict(example.variables)
    s, y = values["s"], values["y"]
    (name, definition, x), = example.intermediates
    assert (name, definition) == ("x", "tanh(s)")
    import math

    assert x == pytest.approx(math.tanh(s))
    assert example.claim_value == pytest.approx(2 * (x - y))
    assert example.true_value == pytest.approx(2 * (x - y) * (1 - x**2))
    assert result.correct_text == "2(x − y)(1 − x²)"
