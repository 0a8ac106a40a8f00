"""derive(): the learners' derivatives end in the textbook forms, and are checked at run time."""

from __future__ import annotations

import time

import pytest
import sympy
from sympy import Mul, exp, tanh

from chainrule.calculus import (
    AssumeStep,
    CollectStep,
    SigmoidFormStep,
    TanhStep,
    TidyStep,
    WhereStep,
    derive,
    expand_sums,
    parse,
    same_function,
    sigmoid,
    softmax,
)
from chainrule.errors import ConfigError, DerivationError

x, y, s, a = sympy.symbols("x y s a")
z1, z2, z3 = sympy.symbols("z_1 z_2 z_3")
y1, y2, y3 = sympy.symbols("y_1 y_2 y_3")


def test_sigmoid_written_out_goes_through_e_form_to_sigma_form(check) -> None:
    d = check(derive("1/(1+exp(-x))"))
    # By hand: d/dx (1 + e^-x)^-1 = -(1 + e^-x)^-2 · (-e^-x).
    assert d.derivative == exp(-x) / (1 + exp(-x)) ** 2
    assert [type(step) for step in d.simplifications] == [SigmoidFormStep]
    assert d.result == sigmoid(x) * (1 - sigmoid(x))
    assert d.simplifications[0].arguments == (x,)


def test_tanh_ends_in_one_minus_tanh_squared(check) -> None:
    d = check(derive("tanh(s)"))
    assert isinstance(d.tree, TanhStep)
    assert d.result == 1 - tanh(s) ** 2
    assert d.simplifications == ()


def test_squared_error_of_a_tanh_unit_in_terms_of_its_output(check) -> None:
    d = check(derive("(tanh(s) - y)^2", "s", where={"x": "tanh(s)"}))
    assert d.result == Mul(2, x - y, 1 - x**2)
    assert isinstance(d.simplifications[-1], WhereStep)
    assert d.where == ((x, tanh(s)),)


def test_seed_000_delta_of_the_output_layer(check) -> None:
    s1, x1, yn = (sympy.Symbol(n) for n in ("s_1^(L)", "x_1^(L)", "y_n"))
    d = check(derive(r"\left(\theta(s_1^{(L)}) - y_n\right)^2", "s_1^(L)",
                     where={"x_1^(L)": r"\theta(s_1^{(L)})"}))  # fmt: skip
    assert d.result == Mul(2, x1 - yn, 1 - x1**2)
    assert same_function(d.raw, 2 * (tanh(s1) - yn) * (1 - tanh(s1) ** 2))


def test_sigmoid_derivative_in_terms_of_the_output(check) -> None:
    expected = a * (1 - a)
    assert check(derive("sigmoid(x)", where={"a": "sigmoid(x)"})).result == expected
    assert check(derive("1/(1+exp(-x))", where={a: 1 / (1 + exp(-x))})).result == expected
    assert check(derive("σ(x)", where=[("a", sigmoid(x))])).result == expected


def test_theta_can_denote_the_sigmoid(check) -> None:
    d = check(derive("(θ(s) - y)^2", "s", where={"a": "θ(s)"}, functions={"θ": "sigmoid"}))
    assert sympy.expand(d.result - 2 * (a - y) * a * (1 - a)) == 0


def test_softmax_jacobian_both_cases(check) -> None:
    yhat1, yhat2 = softmax(1, z1, z2, z3), softmax(2, z1, z2, z3)
    same = check(derive("softmax_1(z_1, z_2, z_3)", "z_1"))
    assert same.result == yhat1 * (1 - yhat1)
    other = check(derive("softmax_1(z_1, z_2, z_3)", "z_2"))
    assert other.result == -yhat1 * yhat2
    names = {"p_1": "softmax_1(z_1, z_2, z_3)", "p_2": "softmax_2(z_1, z_2, z_3)"}
    p1, p2 = sympy.symbols("p_1 p_2")
    assert check(derive("softmax_1(z_1, z_2, z_3)", "z_2", where=names)).result == -p1 * p2


def test_log_softmax_gradient(check) -> None:
    # d/dz_j log y_i = δ_ij − y_j.
    assert check(derive("log(softmax_1(z_1, z_2))", "z_1")).result == 1 - softmax(1, z1, z2)
    assert check(derive("log(softmax_1(z_1, z_2))", "z_2")).result == -softmax(2, z1, z2)


CE3 = ("-(y_1 log(softmax_1(z_1,z_2,z_3)) + y_2 log(softmax_2(z_1,z_2,z_3))"
       " + y_3 log(softmax_3(z_1,z_2,z_3)))")  # fmt: skip


def test_softmax_cross_entropy_collapses_to_yhat_minus_y(check) -> None:
    d = check(derive(CE3, "z_1", where={"yhat_1": "softmax_1(z_1, z_2, z_3)"}))
    kinds = [type(step) for step in d.simplifications]
    assert kinds == [CollectStep, AssumeStep, WhereStep]
    assert d.assumptions == (sympy.Eq(y1 + y2 + y3, 1),)
    assert d.result == sympy.Symbol("yhat_1") - y1
    # Without the assumption the raw derivative is y_hat_1 (y_1 + y_2 + y_3) − y_1.
    assert same_function(d.raw, softmax(1, z1, z2, z3) * (y1 + y2 + y3) - y1)


def test_cross_entropy_mean_over_n_keeps_the_factor(check) -> None:
    d = check(derive("-(y_1 log(softmax_1(z_1,z_2)) + y_2 log(softmax_2(z_1,z_2)))/N", "z_2"))
    n = sympy.Symbol("N")
    assert sympy.simplify(d.result - (softmax(2, z1, z2) - y2) / n) == 0
    assert d.assumptions == (sympy.Eq(y1 + y2, 1),)


def test_half_squared_error_of_a_sigmoid_unit_seed_002(check) -> None:
    d = check(derive("1/2 (t_k - sigmoid(net_k))^2", "net_k", where={"a_k": "sigmoid(net_k)"}))
    ak, tk = sympy.symbols("a_k t_k")
    # By hand: -(t_k - a_k) a_k (1 - a_k), the textbook's own arrangement.
    assert d.result == -ak * (1 - ak) * (tk - ak)


def test_tidy_takes_common_factors_out(check) -> None:
    d = check(derive("(x - 1)^2"))
    assert [type(step) for step in d.simplifications] == [TidyStep]
    assert str(d.result) == "2*(x - 1)"  # SymPy would multiply 2 into a sum it builds itself
    assert check(derive("x e^x")).result == Mul(x + 1, exp(x))
    assert check(derive("2x^2 + 2x")).result == 4 * x + 2  # nothing to take out that helps


def test_sum_over_an_index_must_be_expanded_first(check) -> None:
    text = r"\sum_{j} w_{ij}^{(l+1)} \delta_j^{(l+1)}"
    with pytest.raises(ConfigError, match="expand_sums"):
        derive(text, "delta_2^(l+1)")
    d = check(derive(expand_sums(parse(text), {"j": 3}), "delta_2^(l+1)"))
    assert d.result == sympy.Symbol("w_i2^(l+1)")


def test_default_variable_and_its_errors() -> None:
    assert derive("x^2").wrt == x
    with pytest.raises(ConfigError, match="choose one of x, y"):
        derive("x*y")
    with pytest.raises(ConfigError, match="no variable"):
        derive("3")
    with pytest.raises(ConfigError, match="one variable"):
        derive("x*y", "x+y")
    assert derive("x^2", "y").result == 0


def test_a_wrong_rule_is_caught_at_run_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TanhStep, "eval", lambda self: 1 + tanh(self.wrt) ** 2)
    with pytest.raises(DerivationError, match=r"sympy\.diff"):
        derive("tanh(s)")


def test_a_wrong_simplification_is_caught_at_run_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import chainrule.calculus.textbook as textbook

    monkeypatch.setattr(textbook, "orient", lambda expr: expr + 1)
    with pytest.raises(DerivationError, match="SigmoidFormStep"):
        derive("1/(1+exp(-x))")


def test_a_sum_of_many_terms_under_the_length_limit_is_derived_in_seconds() -> None:
    """79 terms tanh(kx)^3 (under 1000 characters) took 17 s when checks evaluated exactly."""
    terms = [f"tanh({k}x)^3" for k in range(1, 80)]
    text = "+".join(terms)
    assert len(text) < 1000
    start = time.perf_counter()
    d = derive(text)
    assert time.perf_counter() - start < 6
    # By hand: d/dx tanh(kx)^3 = 3 tanh(kx)^2 (1 - tanh(kx)^2) k.
    by_hand = sum(3 * k * tanh(k * x) ** 2 * (1 - tanh(k * x) ** 2) for k in range(1, 80))
    point = {x: sympy.Rational(3, 10)}
    assert abs(complex((d.result - by_hand).xreplace(point).evalf(30))) < 1e-20
