"""Writing sums over a named index out: 1..n, or the labels a notation writes."""

from __future__ import annotations

import pytest
import sympy

from chainrule.calculus import IndexSum, derive, parse, sigmoid
from chainrule.calculus.partials import partial_parts
from chainrule.calculus.sums import expand_sums, expand_sums_over
from chainrule.errors import ParseError


def names(expr: sympy.Expr) -> set[str]:
    return {symbol.name for symbol in expr.atoms(sympy.Symbol)}


def test_labels_of_a_notation_replace_the_index_in_every_name() -> None:
    """Mitchell numbers units through the whole net: the sum runs over units 5 and 6."""
    expanded = expand_sums_over(parse(r"\sum_{k} w_{kh} \delta_k"), {"k": ["5", "6"]})
    assert names(expanded) == {"w_5h", "delta_5", "w_6h", "delta_6"}


def test_one_to_n_is_the_same_as_those_labels() -> None:
    formula = parse(r"\sum_{j} w_{ij}^{(l+1)} \delta_j^{(l+1)}")
    assert expand_sums(formula, {"j": 2}) == expand_sums_over(formula, {"j": ["1", "2"]})
    assert names(expand_sums(formula, {"j": 2})) == {
        "w_i1^(l+1)", "delta_1^(l+1)", "w_i2^(l+1)", "delta_2^(l+1)"}


def test_a_partial_derivative_symbol_gets_the_label_in_both_names() -> None:
    formula = parse(r"\sum_i \frac{\partial C}{\partial z_i} \frac{\partial z_i}{\partial a_j}")
    expanded = expand_sums_over(formula, {"i": ["1", "2"]})
    written = sorted((top.name, bottom.name) for top, bottom in
                     (partial_parts(s) for s in expanded.atoms(sympy.Symbol)))
    assert written == [("C", "z_1"), ("C", "z_2"), ("z_1", "a_j"), ("z_2", "a_j")]


def test_the_body_of_a_sum_is_the_whole_product_after_it() -> None:
    """By the usual convention, and as Nielsen's BP2 is written: parentheses do not end it."""
    j, k = sympy.Symbol("j"), sympy.Symbol("k")
    d3, w, z = sympy.Symbol("delta_j^(3)"), sympy.Symbol("w_j1^(3)"), sympy.Symbol("z_1^(2)")
    claim = parse(r"\sum_j (\delta_j^{(3)}) w_{j1}^{(3)} \sigma'(z_1^{(2)})")
    assert claim == IndexSum(d3 * w * sigmoid(z) * (1 - sigmoid(z)), j)
    t, a = sympy.Symbol("t_k"), sympy.Symbol("a_k")
    assert parse(r"\frac{1}{2}\sum_k (t_k-a_k)^2") == IndexSum((t - a) ** 2, k) / 2
    assert parse(r"\sum_k x_k^2") == IndexSum(sympy.Symbol("x_k") ** 2, k)
    assert parse(r"\sum_j a_j b_j + c") == IndexSum(
        sympy.Symbol("a_j") * sympy.Symbol("b_j"), j) + sympy.Symbol("c")
    assert parse(r"(\sum_j a_j b_j) c") == IndexSum(
        sympy.Symbol("a_j") * sympy.Symbol("b_j"), j) * sympy.Symbol("c")


def test_seed_001_in_unicode_sums_over_all_three_factors() -> None:
    i = sympy.Symbol("i")
    dC, z = sympy.Symbol("dC_0/da_i^(L-m+1)"), sympy.Symbol("z_i^(L-m+1)")
    w = sympy.Symbol("w_ij^(L-m+1)")
    claim = parse("Σᵢ (∂C₀/∂aᵢ⁽ᴸ⁻ᵐ⁺¹⁾) g′(zᵢ⁽ᴸ⁻ᵐ⁺¹⁾) wᵢⱼ⁽ᴸ⁻ᵐ⁺¹⁾")
    assert claim == IndexSum(dC * sigmoid(z) * (1 - sigmoid(z)) * w, i)


@pytest.mark.parametrize(
    ("text", "position", "name"),
    [
        (r"(\sum_j a_j) b_j", 13, "b_j"),
        (r"\sum_j a_j + b_j", 13, "b_j"),
        (r"x_j \sum_j a_j", 0, "x_j"),
        (r"\sum_i \sum_j w_{ij} x_j + b_i", 27, "b_i"),
    ],
)
def test_an_index_used_outside_its_sum_is_an_error(text: str, position: int, name: str) -> None:
    with pytest.raises(ParseError, match=f"{name} uses the index . of a sum") as info:
        parse(text)
    assert info.value.position == position


def test_by_a_symbol_carrying_the_index_a_sum_keeps_one_term() -> None:
    """Seed 002: d/da_k of (1/2) sum_k (t_k - a_k)^2 is -(t_k - a_k) by hand; no sum is left."""
    t, a = sympy.Symbol("t_k"), sympy.Symbol("a_k")
    d = derive(r"\frac{1}{2}\sum_k (t_k-a_k)^2", "a_k")
    assert sympy.expand(d.result - (-(t - a))) == 0
    assert not d.result.has(IndexSum)
