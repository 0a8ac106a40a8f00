r"""From the derivative the rules give to the form a textbook prints.

Each transform looks for one pattern and returns the steps it took (none if the pattern is not
there): common factors out; a written-out sigmoid in terms of σ; softmax outputs with a
cross-entropy collected and Σ y = 1 used (stated as its own step); the caller's names put in
(``a = tanh(s)`` turns ``1 − tanh²(s)`` into ``1 − a²``). SymPy work stays small: no general
``simplify``, and nothing at all above a size bound.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy

from chainrule.calculus.functions import sigmoid, softmax
from chainrule.calculus.simplify_steps import (
    AssumeStep,
    CollectStep,
    SigmoidFormStep,
    Simplification,
    TidyStep,
    WhereStep,
)
from chainrule.calculus.symbols import symbol_parts

Definitions = tuple[tuple[sympy.Symbol, sympy.Expr], ...]
_MAX_OPS = 150


def textbook_steps(derivative: sympy.Expr, where: Definitions) -> list[Simplification]:
    """The simplification steps from ``derivative`` to its textbook form, in order."""
    transforms: Sequence[Callable[[sympy.Expr], list[Simplification]]] = (
        tidy, sigmoid_form, softmax_targets, tidy, lambda e: substitute(e, where), tidy,
    )  # fmt: skip
    steps: list[Simplification] = []
    current = derivative
    if sympy.count_ops(current) > _MAX_OPS:
        return steps
    for transform in transforms:
        new = transform(current)
        steps.extend(new)
        current = new[-1].after if new else current
    return steps


def _negative_constant(factor: sympy.Expr) -> bool:
    """``a − 1`` (a sum with a negative constant term), which reads better as ``1 − a``."""
    return factor.is_Add and any(t.is_Number and t.is_negative for t in factor.args)


def orient(expr: sympy.Expr) -> sympy.Expr:
    """Turn ``a − 1`` factors into ``1 − a`` without adding a minus: ``−s(s − 1)`` -> ``s(1 − s)``.

    A factor is flipped when that cancels a leading minus sign, or together with another one.
    """
    if not expr.is_Mul:
        return expr
    coefficient, factors = expr.as_coeff_mul()
    factors = list(factors)
    flippable = [i for i, f in enumerate(factors) if _negative_constant(f)]
    if not flippable or (coefficient > 0 and len(flippable) == 1):
        return expr
    if coefficient < 0:
        first = flippable.pop(0)
        factors[first], coefficient = -factors[first], -coefficient
    while len(flippable) >= 2:
        for i in (flippable.pop(0), flippable.pop(0)):
            factors[i] = -factors[i]
    return sympy.Mul(coefficient, *factors)


def weight(expr: sympy.Expr) -> int:
    """Operations in ``expr``, a minus sign not counted (so moving signs is not tidier)."""
    counts = sympy.count_ops(expr, visual=True)
    if not isinstance(counts, sympy.Expr) or counts.is_Number:
        return int(counts)
    return int(counts.xreplace({symbol: 0 if symbol.name == "NEG" else 1
                                for symbol in counts.free_symbols}))  # fmt: skip


def tidy(expr: sympy.Expr) -> list[Simplification]:
    """Pull common factors out when that makes the expression shorter (or a sum a product)."""
    candidate = orient(sympy.factor_terms(expr))
    before, after = weight(expr), weight(candidate)
    factored = expr.is_Add and candidate.is_Mul  # 2x − 2 -> 2(x − 1)
    if candidate == expr or after > before or (after == before and not factored):
        return []
    return [TidyStep(expr, candidate)]


def sigmoid_arguments(expr: sympy.Expr) -> tuple[sympy.Expr, ...]:
    """The u of every ``1 + e^{−u}`` in ``expr`` (a sigmoid written out)."""
    found = []
    for node in sympy.preorder_traversal(expr):
        if node.is_Add and len(node.args) == 2 and sympy.S.One in node.args:
            other = node.args[1] if node.args[0] == 1 else node.args[0]
            if isinstance(other, sympy.exp) and -other.args[0] not in found:
                found.append(-other.args[0])
    return tuple(found)


def as_sigmoid(expr: sympy.Expr) -> sympy.Expr:
    """``1/(1 + e^{−u})`` -> ``σ(u)`` wherever it appears (for the caller's definitions)."""
    out = expr
    for u in sigmoid_arguments(expr):
        out = out.xreplace({1 / (1 + sympy.exp(-u)): sigmoid(u)})
    return out


def sigmoid_form(expr: sympy.Expr) -> list[Simplification]:
    """Write a derivative of a written-out sigmoid with σ: ``e^{−x}/(1+e^{−x})²`` -> σ(1 − σ)."""
    arguments = sigmoid_arguments(expr)
    if not arguments:
        return []
    candidate = expr
    for u in arguments:
        s = sigmoid(u)
        candidate = candidate.subs(sympy.exp(-u), (1 - s) / s)
    candidate = orient(sympy.factor(sympy.cancel(candidate)))
    if any(candidate.has(sympy.exp(-u)) for u in arguments):
        return []
    return [SigmoidFormStep(expr, candidate, arguments)]


def _target_sum(coefficient: sympy.Expr, classes: int) -> sympy.Expr | None:
    """A sum ``y_1 + ... + y_n`` of one symbol family with n = ``classes``, inside a factor."""
    candidates = [coefficient, *sympy.Mul.make_args(coefficient)]
    for candidate in candidates:
        if not candidate.is_Add or len(candidate.args) != classes:
            continue
        if not all(term.is_Symbol for term in candidate.args):
            continue
        if len({symbol_parts(term).base for term in candidate.args}) == 1:
            return candidate
    return None


def softmax_targets(expr: sympy.Expr) -> list[Simplification]:
    """Softmax with cross-entropy: collect each output y_i, then use Σ y = 1 (stated)."""
    outputs = tuple(sorted(expr.atoms(softmax), key=sympy.default_sort_key))
    if not outputs:
        return []
    parts = sympy.collect(sympy.expand(expr), outputs, evaluate=False)
    collected = sympy.Add(*[key * sympy.factor_terms(value) for key, value in parts.items()])
    for output in outputs:
        total = _target_sum(sympy.factor_terms(parts.get(output, 0)), len(output.inputs))
        if total is not None:
            after = collected.xreplace({total: sympy.S.One})
            return [CollectStep(expr, collected, outputs),
                    AssumeStep(collected, after, sympy.Eq(total, 1))]  # fmt: skip
    return []


def substitute(expr: sympy.Expr, where: Definitions) -> list[Simplification]:
    """Put the caller's names in: ``where = ((a, tanh(s)),)`` turns tanh(s) into a."""
    after = expr
    for name, value in where:
        after = after.subs(as_sigmoid(value), name)
    if after == expr:
        return []
    return [WhereStep(expr, after, where)]
