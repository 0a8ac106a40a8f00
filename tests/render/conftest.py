"""The derivations rendered in these tests are checked against sympy.diff, node by node."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sympy

from chainrule.calculus import Derivation, walk


@pytest.fixture
def check() -> Callable[[Derivation], Derivation]:
    def run(derivation: Derivation) -> Derivation:
        for step in walk(derivation.tree):
            difference = (step.eval() - sympy.diff(step.expr, step.wrt)).rewrite(sympy.exp)
            assert sympy.simplify(difference) == 0, step
        return derivation

    return run
