"""Build the step tree of a derivative, rule by rule.

The order is the one a learner uses: a constant is a constant; ``x`` is ``x``; a function of
something other than ``x`` itself is a chain (peeling constant terms and factors off, so
``1 + e^{-x}`` is g(h) = 1 + eʰ with h = −x); else the rule of the top operation (sum, constant
multiple, quotient, product, power, exp, log, tanh, sigmoid, softmax). Where no rule fits, a
:class:`DirectStep` says so; nothing falls back silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import sympy

from chainrule.calculus.function_steps import FUNCTION_RULES
from chainrule.calculus.functions import sigmoid, softmax
from chainrule.calculus.steps import (
    ChainStep,
    ConstantMultipleStep,
    ConstantStep,
    DirectStep,
    ExponentialStep,
    ExpStep,
    IdentityStep,
    LogStep,
    PowerStep,
    ProductStep,
    QuotientStep,
    RewriteStep,
    SigmoidStep,
    SoftmaxStep,
    Step,
    SumStep,
    TanhStep,
)
from chainrule.calculus.symbols import symbol_parts

_DUMMY_NAMES = ("g", "h", "u", "v", "w", "p", "q", "r", "k", "m")
_LEAF_RULES: dict[type, type[Step]] = {
    sympy.exp: ExpStep, sympy.log: LogStep, sympy.tanh: TanhStep, sigmoid: SigmoidStep,
    **FUNCTION_RULES,
}  # fmt: skip


class Names:
    """Fresh names for inner functions, never one twice and never one the formula uses."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)
        self._pool = self._candidates()

    def _candidates(self) -> Iterator[str]:
        yield from _DUMMY_NAMES
        n = 1
        while True:
            yield f"u_{n}"
            n += 1

    def top(self) -> str:
        """The name of the outermost function: ``f`` when it is free."""
        if "f" not in self.taken:
            self.taken.add("f")
            return "f"
        return self.next()

    def next(self) -> str:
        for name in self._pool:
            if name not in self.taken:
                self.taken.add(name)
                return name
        raise AssertionError("unreachable: the pool of names is endless")


def taken_names(*exprs: sympy.Expr) -> set[str]:
    """Symbol names and their bases in ``exprs``, which inner functions must not reuse."""
    names: set[str] = set()
    for expr in exprs:
        for symbol in expr.atoms(sympy.Symbol):
            names |= {symbol.name, symbol_parts(symbol).base}
    return names


def inner_function(expr: sympy.Expr, wrt: sympy.Symbol) -> sympy.Expr | None:
    """The g(x) of ``expr = f(g(x))`` when g is not x itself, else None.

    Descends through constant terms and factors to the first function (power, exp, log,
    tanh, sigmoid, softmax) that has exactly one argument depending on ``wrt``.
    """
    node = expr
    while isinstance(node, (sympy.Add, sympy.Mul)):
        dependent = [arg for arg in node.args if arg.has(wrt)]
        if len(dependent) != 1:
            return None
        node = dependent[0]
    arguments = _function_arguments(node)
    dependent = [arg for arg in arguments if arg.has(wrt)]
    if len(dependent) != 1 or dependent[0] == wrt:
        return None
    return dependent[0]


def _function_arguments(node: sympy.Expr) -> tuple[sympy.Expr, ...]:
    if isinstance(node, sympy.Pow):
        return node.args
    if isinstance(node, tuple(_LEAF_RULES)):
        return node.args
    if isinstance(node, softmax):
        return node.inputs
    return ()


class Rules:
    """Makes the step tree of one derivation; see :func:`chainrule.calculus.derive`."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self.table: dict[str, Callable[[sympy.Expr, sympy.Symbol], Step]] = {
            "Add": self.sum, "Mul": self.mul, "Pow": self.power, "softmax": self.softmax,
            **{function.__name__: self.leaf for function in _LEAF_RULES},
        }  # fmt: skip

    def step(self, expr: sympy.Expr, wrt: sympy.Symbol, name: str | None = None) -> Step:
        """The step for ``d/d(wrt) expr``; ``name`` names ``expr`` if it is a chain."""
        if not expr.has(wrt):
            return ConstantStep(expr, wrt)
        if expr == wrt:
            return IdentityStep(expr, wrt)
        inner = inner_function(expr, wrt)
        if inner is not None:
            return self.chain(expr, wrt, inner, name)
        rule = self.table.get(type(expr).__name__, self.direct)
        return rule(expr, wrt)

    def chain(self, expr: sympy.Expr, wrt: sympy.Symbol, inner: sympy.Expr,
              name: str | None) -> Step:  # fmt: skip
        name = name or self.names.next()
        dummy = sympy.Symbol(self.names.next())
        outer = expr.xreplace({inner: dummy})
        outer_step = self.step(outer, dummy)
        inner_step = self.step(inner, wrt, name=dummy.name)
        return ChainStep(expr, wrt, name, outer, dummy, inner, outer_step, inner_step)

    def sum(self, expr: sympy.Expr, wrt: sympy.Symbol) -> Step:
        terms = _ordered(expr.args)
        return SumStep(expr, wrt, tuple(self.step(term, wrt) for term in terms))

    def mul(self, expr: sympy.Expr, wrt: sympy.Symbol) -> Step:
        constant = [arg for arg in expr.args if not arg.has(wrt)]
        if constant:
            other = sympy.Mul(*[arg for arg in expr.args if arg.has(wrt)])
            factor = sympy.Mul(*constant)
            return ConstantMultipleStep(expr, wrt, factor, other, self.step(other, wrt))
        numerator, denominator = _split_fraction(expr)
        if denominator != 1 and numerator.has(wrt):
            return QuotientStep(expr, wrt, numerator, denominator,
                                self.step(numerator, wrt), self.step(denominator, wrt))  # fmt: skip
        factors = _ordered(expr.args)
        return ProductStep(expr, wrt, factors, tuple(self.step(f, wrt) for f in factors))

    def power(self, expr: sympy.Expr, wrt: sympy.Symbol) -> Step:
        base, exponent = expr.args
        if base == wrt and not exponent.has(wrt):
            return PowerStep(expr, wrt, exponent)
        if exponent == wrt and not base.has(wrt):
            return ExponentialStep(expr, wrt, base)
        rewritten = sympy.exp(exponent * sympy.log(base), evaluate=False)
        return RewriteStep(expr, wrt, rewritten, "f^g = e^{g ln f}", self.step(rewritten, wrt))

    def leaf(self, expr: sympy.Expr, wrt: sympy.Symbol) -> Step:
        if expr.args[0] != wrt or any(arg.has(wrt) for arg in expr.args[1:]):
            return self.direct(expr, wrt)
        return _LEAF_RULES[type(expr)](expr, wrt)

    def softmax(self, expr: sympy.Expr, wrt: sympy.Symbol) -> Step:
        positions = [i for i, z in enumerate(expr.inputs, start=1) if z.has(wrt)]
        if len(positions) != 1 or expr.inputs[positions[0] - 1] != wrt:
            reason = f"{wrt} appears in several inputs of the softmax"
            return DirectStep(expr, wrt, sympy.diff(expr, wrt), reason)
        return SoftmaxStep(expr, wrt, expr.component, positions[0])

    def direct(self, expr: sympy.Expr, wrt: sympy.Symbol) -> Step:
        reason = f"no rule of chainrule covers {type(expr).__name__}; SymPy differentiated it"
        return DirectStep(expr, wrt, sympy.diff(expr, wrt), reason)


def _ordered(args: Iterable[sympy.Expr]) -> tuple[sympy.Expr, ...]:
    """Terms or factors in SymPy's printing order, so steps read in a stable order."""
    return tuple(sorted(args, key=sympy.default_sort_key))


def _split_fraction(expr: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    """``(numerator, denominator)``: factors with a negative numeric exponent go below."""
    top, bottom = [], []
    for factor in expr.args:
        if factor.is_Pow and factor.exp.is_Number and factor.exp.is_negative:
            bottom.append(factor.base ** (-factor.exp))
        else:
            top.append(factor)
    return sympy.Mul(*top), sympy.Mul(*bottom)
