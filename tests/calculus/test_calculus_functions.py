"""sigmoid, softmax and IndexSum round-trip with sympy.diff; sums expand; names take apart."""

from __future__ import annotations

import math

import pytest
import sympy
from sympy import exp

from chainrule.calculus import (
    IndexSum,
    expand_sums,
    make_symbol,
    parse,
    sigmoid,
    softmax,
    symbol_parts,
)
from chainrule.calculus.symbols import with_index
from chainrule.errors import ConfigError

x = sympy.Symbol("x")
z1, z2, z3 = sympy.symbols("z_1 z_2 z_3")


def test_sigmoid_derivative_and_rewrite_agree_with_sympy() -> None:
    assert sympy.diff(sigmoid(x), x) == sigmoid(x) * (1 - sigmoid(x))
    assert sigmoid(x).rewrite(exp) == 1 / (1 + exp(-x))
    through_exp = sympy.diff(1 / (1 + exp(-x)), x)
    assert sympy.simplify(sympy.diff(sigmoid(x), x).rewrite(exp) - through_exp) == 0
    assert sigmoid(0) == sympy.S.Half
    assert float(sigmoid(2).evalf()) == pytest.approx(1 / (1 + math.exp(-2)), rel=1e-14)
    assert sigmoid(x).is_real is None and sigmoid(sympy.Symbol("r", real=True)).is_positive


def test_softmax_jacobian_rewrite_and_value() -> None:
    y1, y2 = softmax(1, z1, z2, z3), softmax(2, z1, z2, z3)
    assert sympy.diff(y1, z1) == y1 * (1 - y1)
    assert sympy.diff(y1, z2) == -y1 * y2
    written = exp(z1) / (exp(z1) + exp(z2) + exp(z3))
    assert y1.rewrite(exp) == written
    for wrt in (z1, z2, z3):
        difference = sympy.diff(y1, wrt).rewrite(exp) - sympy.diff(written, wrt)
        assert sympy.simplify(difference) == 0
    values = {z1: 1, z2: 2, z3: 3}
    expected = math.exp(1) / (math.exp(1) + math.exp(2) + math.exp(3))
    assert float(y1.xreplace(values).evalf()) == pytest.approx(expected, rel=1e-14)
    assert softmax(1, z1) == 1
    with pytest.raises(ValueError, match="does not exist"):
        softmax(4, z1, z2, z3)


def test_index_sum_differentiates_inside_and_hides_its_index() -> None:
    j = sympy.Symbol("j")
    a_j, b = sympy.symbols("a_j b")
    total = IndexSum(a_j * b * j, j)
    assert sympy.diff(total, b) == IndexSum(a_j * j, j)
    assert total.free_symbols == {a_j, b}
    assert IndexSum(sympy.S.Zero, j) == 0


def test_expand_sums_renames_the_index_in_subscripts() -> None:
    expr = parse(r"\sum_{j} w_{ij}^{(l+1)} \delta_j^{(l+1)}")
    w = [make_symbol("w", f"i{k}", "l+1") for k in (1, 2, 3)]
    d = [make_symbol("delta", str(k), "l+1") for k in (1, 2, 3)]
    assert expand_sums(expr, {"j": 3}) == sum(wk * dk for wk, dk in zip(w, d, strict=True))
    assert expand_sums(expr, {"k": 3}) == expr  # other indices are kept


def test_expand_nested_sums_and_the_index_as_a_number() -> None:
    expr = parse("sum_i(sum_j(w_ij x_i j))")
    expected = sum(sympy.Symbol(f"w_{i}{j}") * sympy.Symbol(f"x_{i}") * j
                   for i in (1, 2) for j in (1, 2))  # fmt: skip
    assert expand_sums(expr, {"i": 2, "j": 2}) == expected
    assert with_index(sympy.Symbol("w_ij"), "j", "10") == sympy.Symbol("w_i,10")
    with pytest.raises(ConfigError, match="positive integer"):
        expand_sums(expr, {"j": 0})


def test_symbol_names_round_trip() -> None:
    for name in ("x", "x_1", "x_1^(L)", "w_ij^(l+1)", "yhat_1", "net_k", "delta_j^(l)"):
        parts = symbol_parts(name)
        assert parts.name == name
        assert make_symbol(parts.base, parts.subscript, parts.layer) == sympy.Symbol(name)
