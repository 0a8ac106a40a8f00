"""Checks shared by the calculus tests: a step tree against sympy.diff, at every node."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
import sympy

from chainrule.calculus import Derivation, IndexSum, Step, expand_sums, walk


def _numeric_points(symbols: set[sympy.Symbol], count: int = 6) -> list[dict]:
    rng = random.Random(7)  # independent of the library's own seeded points
    return [{s: sympy.Float(rng.uniform(0.2, 2.0)) for s in symbols} for _ in range(count)]


def assert_equal_functions(left: sympy.Expr, right: sympy.Expr) -> None:
    """Symbolically (simplify of the difference, in exp form) and at random points."""
    sums = {node.index.name: 3 for node in left.atoms(IndexSum) | right.atoms(IndexSum)}
    if sums:
        left, right = expand_sums(left, sums), expand_sums(right, sums)
    difference = (left - right).rewrite(sympy.exp)
    assert sympy.simplify(difference) == 0, f"{left} != {right}"
    for point in _numeric_points(left.free_symbols | right.free_symbols):
        a = complex(left.xreplace(point).evalf(20))
        b = complex(right.xreplace(point).evalf(20))
        assert abs(a - b) <= 1e-9 * (1 + abs(a) + abs(b)), (point, a, b)


def assert_tree_matches_diff(tree: Step) -> None:
    """Every node of the tree evaluates to sympy.diff of its own expression."""
    for step in walk(tree):
        assert_equal_functions(step.eval(), sympy.diff(step.expr, step.wrt))


@pytest.fixture
def check() -> Callable[[Derivation], Derivation]:
    """Check a derivation's tree against sympy.diff, node by node, and its raw field."""

    def run(derivation: Derivation) -> Derivation:
        assert_tree_matches_diff(derivation.tree)
        assert derivation.raw == sympy.diff(derivation.expr, derivation.wrt)
        return derivation

    return run
