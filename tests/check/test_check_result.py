"""The result object: terminal text, Jupyter display, and the bounded symbolic confirmation."""

from __future__ import annotations

import time

import sympy

from chainrule.check import CheckResult, check_derivative
from chainrule.check.confirm import confirm_equal


def test_result_is_a_frozen_dataclass_with_text_and_rich_display() -> None:
    result = check_derivative("2(x-y)", "(x-y)^2", "s", where={"x": "tanh(s)"})
    assert isinstance(result, CheckResult)
    text = str(result)
    assert text.splitlines()[0] == "incorrect: 2x − 2y is not ∂/∂s [(x − y)²]"
    assert "counterexample at s = " in text
    assert "x = tanh(s) = " in text
    assert text.splitlines()[-1] == "  correct: ∂/∂s [(x − y)²] = 2(x − y)(1 − x²)"
    html = result._repr_html_()
    assert "incorrect" in html and "<pre>at s = " in html
    assert r"\left(1 - x^{2}\right)" in result._repr_latex_()
    try:
        result.verdict = "correct"  # type: ignore[misc]
    except AttributeError:
        pass
    else:
        raise AssertionError("CheckResult must be frozen")


def test_sympy_input_is_accepted() -> None:
    s, y = sympy.symbols("s y")
    result = check_derivative(2 * (sympy.tanh(s) - y) * (1 - sympy.tanh(s) ** 2),
                              (sympy.tanh(s) - y) ** 2, s)
    assert result.correct


def test_confirmation_gives_up_in_time_on_a_huge_expansion() -> None:
    a, b, c, d = sympy.symbols("a b c d")
    power = (a + b + c + d) ** 200
    start = time.perf_counter()
    # equal, but expanding (a + b + c + d)^200 takes far longer than the limit
    answer = confirm_equal(power * (a - b), power * a - power * b, limit=0.3)
    # the expansion would take minutes: giving up shows as returning long before that
    assert time.perf_counter() - start < 10.0
    assert answer is None


def _sigmoid(x: sympy.Expr) -> sympy.Expr:
    return 1 / (1 + sympy.exp(-x))


def test_a_sum_over_units_is_confirmed_unit_by_unit() -> None:
    # seed 001's recurrence: Σᵢ wᵢ σ'(zᵢ) written as σ(1 − σ) against the derivative of σ
    a = sympy.Symbol("a")
    claim, truth = sympy.Integer(0), sympy.Integer(0)
    for i in range(1, 4):
        w, b = sympy.symbols(f"w{i} b{i}")
        s = _sigmoid(w * a + b)
        claim += w * s * (1 - s)
        truth += sympy.diff(s, a)
    assert confirm_equal(claim, truth) is True
    assert confirm_equal(claim + a / 1000, truth) is None  # off in a term of no unit


def test_terms_that_cancel_only_across_exponentials_are_still_confirmed() -> None:
    # σ(x) + σ(−x) = 1: no group of terms sharing an exp(...) is zero on its own
    x = sympy.Symbol("x")
    assert confirm_equal(_sigmoid(x) + _sigmoid(-x), sympy.Integer(1)) is True
