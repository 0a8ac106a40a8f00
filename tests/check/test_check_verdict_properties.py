"""Verdict properties: claims made from a random function's true derivative (``sympy.diff``,
an independent source), whose verdict and diagnosis are known before the checker runs.

The truth in several printed forms is "correct"; −truth is a flipped sign; c·truth a constant
factor; truth ± a term is not equal; truth/N has an extra factor 1/N and truth·N misses the
1/N of a mean; the chain rule without its activation's derivative misses that derivative.
"""

from __future__ import annotations

import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from chainrule.calculus import sigmoid, to_latex, to_text
from chainrule.check import check_derivative

x, a, s, y = sympy.symbols("x a s y")

_OUTER = {  # functions defined for every real argument, so the whole line can be sampled
    "tanh": sympy.tanh,
    "sigmoid": sigmoid,
    "exp": sympy.exp,
    "square": lambda u: u**2,
    "cube": lambda u: u**3,
    "log1p2": lambda u: sympy.log(1 + u**2),
    "root1p2": lambda u: sympy.sqrt(1 + u**2),
}


def _functions(variable: sympy.Symbol) -> st.SearchStrategy[sympy.Expr]:
    """Random functions of ``variable`` (and sometimes y) from the grammar's building blocks,
    built as SymPy trees, so the parser is not the source of the truth."""
    leaves = st.sampled_from([variable, variable, 2 * variable, variable - y, variable + 1])

    def extend(inner: st.SearchStrategy[sympy.Expr]) -> st.SearchStrategy[sympy.Expr]:
        return st.one_of(
            st.tuples(st.sampled_from(sorted(_OUTER)), inner).map(lambda t: _OUTER[t[0]](t[1])),
            st.tuples(inner, inner).map(lambda t: t[0] * t[1]),
            st.tuples(inner, inner, st.integers(1, 3)).map(lambda t: t[0] + t[2] * t[1]),
        )

    return st.recursive(leaves, extend, max_leaves=3)


def _usable(function: sympy.Expr, variable: sympy.Symbol) -> sympy.Expr:
    truth = sympy.diff(function, variable)
    assume(variable in truth.free_symbols)  # a constant derivative makes c·truth a term
    return truth


SETTINGS = settings(max_examples=8, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(_functions(x))
def test_the_truth_in_any_printed_form_is_correct(function: sympy.Expr) -> None:
    truth = _usable(function, x)
    forms = {to_text(truth), to_latex(truth), str(truth).replace("**", "^"),
             str(sympy.expand(truth))}
    for form in forms:
        result = check_derivative(form, function, x)
        assert result.verdict == "correct", (form, str(result))
        assert result.diagnosis is None and result.exit_code == 0


@SETTINGS
@given(_functions(x), st.sampled_from([(2, "2"), (3, "3"), (sympy.Rational(1, 2), "1/2"),
                                       (sympy.Rational(5, 2), "5/2"), (-3, "−3")]))
def test_wrong_by_sign_or_constant_factor(function: sympy.Expr,
                                          factor: tuple[sympy.Rational, str]) -> None:
    c, written = factor
    truth = _usable(function, x)
    negated = check_derivative(to_text(-truth), function, x)
    assert (negated.verdict, negated.diagnosis.code) == ("incorrect", "sign"), str(negated)
    scaled = check_derivative(to_text(c * truth), function, x)
    assert (scaled.verdict, scaled.diagnosis.code) == ("incorrect", "factor"), str(scaled)
    assert f"The claim is {written} × the true derivative" in scaled.diagnosis.message


@SETTINGS
@given(_functions(x), st.sampled_from([1, -2, x, x**2, sympy.tanh(x), sympy.Rational(1, 10)]),
       st.sampled_from([1, -1]))
def test_truth_plus_or_minus_a_term_is_not_equal(function: sympy.Expr, term: sympy.Expr,
                                                 sign: int) -> None:  # fmt: skip
    truth = _usable(function, x)
    result = check_derivative(to_text(truth) + (" + " if sign > 0 else " - ") +
                              f"({to_text(term)})", function, x)
    # 3x² + x² is 4/3 × 3x²: a constant factor, found as such (the ratio, by SymPy).
    ratio = sympy.simplify((truth + sign * term) / truth)
    expected = ("factor" if ratio != -1 else "sign") if ratio.is_number else "not_equal"
    assert (result.verdict, result.diagnosis.code) == ("incorrect", expected), str(result)
    example = result.counterexample
    (at,) = [value for name, value in example.variables if name == "x"]
    gap = example.claim_value - example.true_value
    expected = float(sign * sympy.sympify(term).subs(x, at))
    assert abs(gap - expected) < 1e-6 * (1 + abs(example.true_value))


@SETTINGS
@given(_functions(x))
def test_truth_over_n_and_times_n(function: sympy.Expr) -> None:
    truth = _usable(function, x)
    over = check_derivative(f"({to_text(truth)})/N", function, x)
    assert (over.verdict, over.diagnosis.code) == ("incorrect", "extra_factor"), str(over)
    assert "extra factor 1/N" in over.diagnosis.message
    times = check_derivative(f"N({to_text(truth)})", function, x)
    assert (times.verdict, times.diagnosis.code) == ("incorrect", "missing_mean"), str(times)


@SETTINGS
@given(_functions(a), st.sampled_from(["tanh", "sigmoid"]))
def test_a_missing_activation_derivative(loss: sympy.Expr, activation: str) -> None:
    # f = L(a) with a = act(s): the chain rule gives L'(a)·act'(s); without act'(s) the claim
    # is L'(a) alone.
    outer = _usable(loss, a)
    result = check_derivative(to_text(outer), loss, s, where={"a": f"{activation}(s)"})
    assert result.verdict == "incorrect", str(result)
    assert result.diagnosis.code == "missing_activation_derivative", str(result)
    by_hand = outer * (1 - a**2 if activation == "tanh" else a * (1 - a))
    right = check_derivative(to_text(by_hand), loss, s, where={"a": f"{activation}(s)"})
    assert right.verdict == "correct", str(right)
