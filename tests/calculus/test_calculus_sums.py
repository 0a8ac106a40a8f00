"""Writing sums over a named index out: 1..n, or the labels a notation writes."""

from __future__ import annotations

import sympy

from chainrule.calculus import parse
from chainrule.calculus.partials import partial_parts
from chainrule.calculus.sums import expand_sums, expand_sums_over


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
