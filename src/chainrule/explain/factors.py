r"""The local factors of a δ: the activation's θ′ and the loss's ∂e/∂output of one unit.

Each factor is the result of a calculus derivation of the op's own symbolic form (see
:mod:`chainrule.explain.local_derivations`), written in the notation's symbols, with the sample's
numbers put into the same formula; the value itself is the engine's (the op's ``derivative`` and the
trace). A kinked activation (ReLU) uses its piecewise form (:mod:`chainrule.explain.forms`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from chainrule.calculus import ChainStep, Derivation
from chainrule.calculus.math_names import MathName
from chainrule.explain import local_derivations as local
from chainrule.explain.context import Context
from chainrule.explain.forms import verified_kink_form
from chainrule.explain.formula_nodes import Applied, Product, Rate, leaf
from chainrule.explain.inner_names import avoiding, notation_letters
from chainrule.explain.model import Formula, Line, prose


@dataclass(frozen=True)
class Factor:
    """One factor: its formula, the same with numbers, and the derivation behind it."""

    formula: Formula
    numbers: Formula
    compound: bool  # a sum: parenthesized in a product
    derivation: Derivation | None = None
    steps: tuple[Line, ...] = ()  # lines shown after the factor's own (a kink's pieces)

    def negated(self) -> Factor:
        """``−factor`` (Mitchell's δ = −∂E/∂net), simplified by SymPy: −(o − t) = t − o."""
        formula, numbers = _negate(self.formula), _negate(self.numbers)
        return Factor(formula, numbers, compound(formula), self.derivation, self.steps)


def _negate(value: Formula) -> Formula:
    if isinstance(value, sympy.Basic):
        return -value
    return "-" + (rf"\left({value}\right)" if " " in value.strip() else value)


def compound(value: Formula) -> bool:
    """Whether a factor needs parentheses in a product: a sum or a negative expression."""
    if isinstance(value, sympy.Basic):
        return isinstance(value, sympy.Add) or value.could_extract_minus_sign()
    return " - " in value or " + " in value


def times(*factors: tuple[Formula, bool]) -> Product:
    """The product of ``(formula, compound)`` factors."""
    return Product(tuple(factors))


def prime(ctx: Context, layer: int, j: int) -> Factor:
    """θ′ of unit ``j`` (engine index) of dense ``layer``: derived, or piecewise for a kink."""
    names, op = ctx.names, ctx.activation(layer)
    s, x = names.pre(layer, j), names.post(layer, j)
    values = {s: float(ctx.z(layer)[0, j]), x: float(ctx.a(layer)[0, j])}
    derivation = avoiding(local.activation_derivation(op, s, x), notation_letters(ctx.notation))
    if derivation is not None:
        result = derivation.result
        return Factor(result, local.with_numbers(result, values), compound(result), derivation)
    form = verified_kink_form(op)
    theta, signal = leaf(names.activation), leaf(s)
    forward, slope = form.of(signal)
    steps = (Line((Applied(theta, signal), forward), reason=form.reasons[0]),
             Line((Applied(theta, signal, prime=True), slope), reason=form.reasons[1]))
    return Factor(slope, local.with_numbers(slope, values), False, None, steps)


def loss_gradient(ctx: Context, j: int) -> Factor:
    """``∂e/∂o_j`` of the loss of one sample, by the calculus (on probabilities if fused)."""
    names, L = ctx.names, ctx.L
    K = ctx.width(L)
    outs = [names.post(L, k) for k in range(K)]
    tgts = [names.target(k) for k in range(K)]
    local.fused_matches(ctx.net.loss.name)
    derivation = avoiding(local.loss_derivation(ctx.net.loss, outs, tgts, j),
                          notation_letters(ctx.notation))
    result = derivation.result
    values = {outs[j]: float(ctx.a(L)[0, j]), tgts[j]: float(ctx.trace.targets[0, j])}
    return Factor(result, local.with_numbers(result, values), compound(result), derivation)


def loss_value(ctx: Context) -> sympy.Expr:
    """The loss of one sample over the output units, from the loss op's symbolic form."""
    names, L = ctx.names, ctx.L
    K = ctx.width(L)
    return local.loss_value(ctx.net.loss, [names.post(L, k) for k in range(K)],
                            [names.target(k) for k in range(K)])


def chain_summary(derivation: Derivation | None, theta: MathName) -> Line | None:
    """``dθ/ds = df/dg · dg/dh · dh/ds = (−1/g²) · eʰ · (−1)``: a nested chain of the
    derivation in one line, each factor a rule of the tree below it, named as the tree names
    its functions (Mitchell's learner: f(g) = 1/g, g(h) = 1 + eʰ, h(x) = −x); None if no chain."""
    tree = derivation.tree if derivation is not None else None
    if not isinstance(tree, ChainStep):
        return None
    rates: list[tuple[Any, bool]] = []
    values: list[tuple[Any, bool]] = []
    node = tree
    while True:
        rates.append((Rate(sympy.Symbol(node.name), node.dummy), False))
        values.append(_value(node.outer_step.eval()))
        if not isinstance(node.inner_step, ChainStep):
            break
        node = node.inner_step
    rates.append((Rate(node.dummy, node.wrt), False))
    values.append(_value(node.inner_step.eval()))
    functions = [tree.name] + [step.dummy.name for step in _chain(tree)]
    named = [piece for k, fn in enumerate(functions) for piece in (", " * bool(k),
                                                                     sympy.Symbol(fn))]
    return Line((Rate(leaf(theta), tree.wrt), Product(tuple(rates)), Product(tuple(values), True)),
                reason=prose("the chain rule through the nested functions ", *named,
                             " of the derivation above: one factor per function, each from "
                             "one rule"))


def _value(expr: sympy.Expr) -> tuple[sympy.Expr, bool]:
    return expr, compound(expr)


def _chain(tree: ChainStep) -> list[ChainStep]:
    out, node = [tree], tree.inner_step
    while isinstance(node, ChainStep):
        out.append(node)
        node = node.inner_step
    return out
