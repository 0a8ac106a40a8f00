"""Every expression chainrule's printers write parses back to the same expression (issue 19):
precedence, implicit products, powers, unary minus, layer tags, the learners' functions."""

from __future__ import annotations

import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainrule.calculus import parse, sigmoid, to_latex, to_text
from chainrule.calculus.activations import absolute, gelu, leaky_relu, relu, softplus, step
from chainrule.calculus.hyperbolic import sech

_NAMES = ["x", "y", "z", "w_1", "a_j", "x_1^(L)", "delta_j^(l+1)", "yhat", "W_12^(2)", "mask",
          "net_h1", "sigma", "theta", "g", "b", "out_o1", "dZ_2", "t_k"]  # fmt: skip
_UNARY = [sympy.exp, sympy.log, sympy.tanh, sigmoid, sympy.sin, sympy.cos, sech,
          sympy.sqrt, relu, absolute, step, softplus, gelu, sympy.atan, sympy.cosh]  # fmt: skip

leaves = st.one_of(
    st.sampled_from(_NAMES).map(sympy.Symbol),
    st.integers(-3, 12).map(sympy.Integer),
    st.sampled_from([sympy.Rational(1, 2), sympy.Rational(3, 4), sympy.Rational(-5, 3)]),
)


def _compound(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.tuples(children, children).map(lambda p: p[0] + p[1]),
        st.tuples(children, children).map(lambda p: p[0] - p[1]),
        st.tuples(children, children).map(lambda p: p[0] * p[1]),
        st.tuples(children, children).map(lambda p: p[0] / p[1] if p[1] != 0 else p[0]),
        st.tuples(children, st.sampled_from([2, 3, -1, -2, sympy.Rational(1, 2)]))
        .map(lambda p: p[0] ** p[1] if p[0] != 0 else p[0]),
        children.map(lambda c: -c),
        st.tuples(st.sampled_from(_UNARY), children).map(lambda p: p[0](p[1])),
        st.tuples(children, st.sampled_from([sympy.Rational(1, 10), sympy.Rational(1, 5)]))
        .map(lambda p: leaky_relu(*p)),
    )


expressions = st.recursive(leaves, _compound, max_leaves=8)


def _defined(expr: sympy.Expr) -> bool:
    bad = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo, sympy.I)
    return not expr.has(*bad) and expr.is_finite is not False


def _same(back: sympy.Expr, expr: sympy.Expr) -> bool:
    """Equal trees; or equal once products are multiplied out, for SymPy distributes a number
    over a sum it builds (2(x + 1) -> 2x + 2) differently from one it is given, and a quotient
    of equal sums then cancels."""
    if back == expr or sympy.expand(back - expr) == 0:
        return True
    return sympy.cancel(back - expr) == 0  # 2(x − 1/2) read back is 2x − 1, which cancels


_SETTINGS = settings(max_examples=300, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@_SETTINGS
@given(expressions)
def test_text_printer_output_parses_back(expr: sympy.Expr) -> None:
    if not _defined(expr):
        return
    printed = to_text(expr)
    assert _same(parse(printed), expr), printed


@_SETTINGS
@given(expressions)
def test_latex_printer_output_parses_back(expr: sympy.Expr) -> None:
    if not _defined(expr):
        return
    printed = to_latex(expr)
    assert _same(parse(printed), expr), printed


def test_the_ambiguous_cases_by_hand() -> None:
    sigma, x, mask = sympy.symbols("sigma x mask")
    for expr in (sigma * (1 - sigma), -x**2, (-x) ** 3, 2 ** (-x), x ** sympy.Rational(-1, 3),
                 sympy.Symbol("x_1^(L)") ** 2, mask * (x + 1), sympy.exp(-x) * sigmoid(x),
                 sympy.tanh(x) ** 2, relu(x) ** 2, absolute(x - 1) * 3):  # fmt: skip
        assert parse(to_text(expr)) == expr, to_text(expr)
        assert parse(to_latex(expr)) == expr, to_latex(expr)
