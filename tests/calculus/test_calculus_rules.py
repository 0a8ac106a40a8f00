"""One test per rule: the step class chosen, its fields, its value (by hand), and sympy.diff."""

from __future__ import annotations

import pytest
import sympy
from sympy import exp, log, sqrt, tanh

from chainrule.calculus import (
    ChainStep,
    ConstantMultipleStep,
    ConstantStep,
    DirectStep,
    ExponentialStep,
    ExpStep,
    IdentityStep,
    IndexSum,
    LogStep,
    PowerStep,
    ProductStep,
    QuotientStep,
    RewriteStep,
    SigmoidStep,
    SoftmaxStep,
    SumStep,
    TanhStep,
    derive,
    sigmoid,
    softmax,
    walk,
)
from chainrule.calculus.rules import Names, Rules

x, y, s = sympy.symbols("x y s")
z1, z2, z3 = sympy.symbols("z_1 z_2 z_3")


def test_constant(check) -> None:
    tree = check(derive("y^2 + 3", "x")).tree
    assert isinstance(tree, ConstantStep)
    assert tree.eval() == 0


def test_identity(check) -> None:
    tree = check(derive("x")).tree
    assert isinstance(tree, IdentityStep)
    assert tree.eval() == 1


def test_constant_multiple(check) -> None:
    tree = check(derive("3x^2")).tree
    assert isinstance(tree, ConstantMultipleStep)
    assert (tree.constant, tree.other) == (3, x**2)
    assert isinstance(tree.substep, PowerStep)
    assert tree.eval() == 6 * x


def test_sum(check) -> None:
    tree = check(derive("x^2 + x + 5")).tree
    assert isinstance(tree, SumStep)
    kinds = sorted(type(step).__name__ for step in tree.substeps)
    assert kinds == ["ConstantStep", "IdentityStep", "PowerStep"]
    assert tree.eval() == 2 * x + 1


def test_product_of_two_and_of_three(check) -> None:
    tree = check(derive("x e^x")).tree
    assert isinstance(tree, ProductStep)
    assert set(tree.factors) == {x, exp(x)}
    assert tree.eval() == exp(x) + x * exp(x)
    three = check(derive("x e^x tanh(x)")).tree
    assert isinstance(three, ProductStep) and len(three.substeps) == 3
    hand = exp(x) * tanh(x) + x * exp(x) * tanh(x) + x * exp(x) * (1 - tanh(x) ** 2)
    assert sympy.expand(three.eval() - hand) == 0


def test_quotient(check) -> None:
    tree = check(derive("x/(1+x)")).tree
    assert isinstance(tree, QuotientStep)
    assert (tree.numerator, tree.denominator) == (x, 1 + x)
    assert sympy.simplify(tree.eval() - 1 / (1 + x) ** 2) == 0


@pytest.mark.parametrize(
    ("text", "exponent", "expected"),
    [("x^3", 3, 3 * x**2), ("1/x", -1, -1 / x**2), ("sqrt(x)", sympy.S.Half, 1 / (2 * sqrt(x)))],
)
def test_power(check, text: str, exponent: sympy.Expr, expected: sympy.Expr) -> None:
    tree = check(derive(text)).tree
    assert isinstance(tree, PowerStep)
    assert tree.exponent == exponent
    assert tree.eval() == expected


def test_exponential_with_a_constant_base(check) -> None:
    tree = check(derive("2^x")).tree
    assert isinstance(tree, ExponentialStep)
    assert tree.base == 2
    assert tree.eval() == 2**x * log(2)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("exp(x)", ExpStep, exp(x)),
        ("e^x", ExpStep, exp(x)),
        ("log(x)", LogStep, 1 / x),
        ("tanh(s)", TanhStep, 1 - tanh(s) ** 2),
        ("sigmoid(s)", SigmoidStep, sigmoid(s) * (1 - sigmoid(s))),
        ("θ(s)", TanhStep, 1 - tanh(s) ** 2),
    ],
)
def test_elementary_functions(check, text: str, kind: type, expected: sympy.Expr) -> None:
    tree = check(derive(text)).tree
    assert isinstance(tree, kind)
    assert tree.eval() == expected


def test_softmax_diagonal_and_off_diagonal(check) -> None:
    same = check(derive("softmax_1(z_1, z_2, z_3)", "z_1")).tree
    assert isinstance(same, SoftmaxStep) and same.same
    y1, y2 = softmax(1, z1, z2, z3), softmax(2, z1, z2, z3)
    assert same.eval() == y1 * (1 - y1)
    other = check(derive("softmax_1(z_1, z_2, z_3)", "z_2")).tree
    assert isinstance(other, SoftmaxStep) and not other.same
    assert (other.component, other.variable) == (1, 2)
    assert other.eval() == -y1 * y2


def test_chain_through_named_inner_functions_f_g_h(check) -> None:
    tree = check(derive("1/(1+exp(-x))")).tree
    assert isinstance(tree, ChainStep)
    g, h = sympy.symbols("g h")
    assert (tree.name, tree.dummy, tree.outer, tree.inner) == ("f", g, 1 / g, 1 + exp(-x))
    assert tree.outer_step.eval() == -1 / g**2
    inner = tree.inner_step
    assert isinstance(inner, ChainStep)
    assert (inner.name, inner.dummy, inner.outer, inner.inner) == ("g", h, 1 + exp(h), -x)
    assert inner.eval() == -exp(-x)
    assert tree.eval() == exp(-x) / (1 + exp(-x)) ** 2


def test_chain_names_are_never_reused_and_avoid_the_formula_symbols(check) -> None:
    tree = check(derive("exp(tanh(2g)) * log(1 + h g^2) + sqrt(3 + u g)", "g")).tree
    chains = [step for step in walk(tree) if isinstance(step, ChainStep)]
    dummies = [step.dummy.name for step in chains]
    assert len(chains) == 4
    assert len(dummies) == len(set(dummies))
    assert not {"g", "h", "u"} & set(dummies)


def test_rewrite_for_a_variable_base_and_exponent(check) -> None:
    tree = check(derive("x^x")).tree
    assert isinstance(tree, RewriteStep)
    assert tree.rewritten == exp(x * log(x))
    assert tree.eval() == exp(x * log(x)) * (log(x) + 1)


def test_direct_step_is_visible_where_no_rule_applies(check) -> None:
    tree = check(derive(sympy.asin(x), x)).tree
    assert isinstance(tree, DirectStep)
    assert "no rule" in tree.reason and tree.eval() == 1 / sympy.sqrt(1 - x**2)
    both = check(derive("softmax_1(x, 2x)", "x")).tree
    assert isinstance(both, DirectStep) and "several inputs" in both.reason
    summed = check(derive("sum_j(x w_j)", "x")).tree
    assert isinstance(summed, DirectStep)
    assert summed.eval() == IndexSum(sympy.Symbol("w_j"), sympy.Symbol("j"))


def test_a_subtree_for_another_module() -> None:
    """An explainer can ask for d/ds tanh(s) alone and get a tree to render."""
    step = Rules(Names({"s"})).step(tanh(s), s)
    assert isinstance(step, TanhStep) and step.eval() == 1 - tanh(s) ** 2
