r"""Derivation steps as data: one frozen dataclass per rule, each with ``eval()``.

A step says how ``d/d(wrt) expr`` is found; ``eval()`` returns the derivative it gives, built
from the ``eval()`` of its sub-steps. Steps never format themselves: the renderers in
:mod:`chainrule.render` dispatch on the class name. Every tree :func:`derive` returns has been
checked to evaluate to the same function as :func:`sympy.diff`.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from chainrule.calculus.functions import sigmoid, softmax


@dataclass(frozen=True)
class Step:
    """A derivative ``d/d(wrt) expr`` and the rule that finds it."""

    expr: sympy.Expr
    wrt: sympy.Symbol

    def eval(self) -> sympy.Expr:
        """The derivative this step gives."""
        raise NotImplementedError

    def children(self) -> tuple[Step, ...]:
        """The sub-steps, in the order a reader follows them."""
        return ()


@dataclass(frozen=True)
class ConstantStep(Step):
    """``expr`` does not depend on ``wrt``: the derivative is 0."""

    def eval(self) -> sympy.Expr:
        return sympy.S.Zero


@dataclass(frozen=True)
class IdentityStep(Step):
    """``d/dx x = 1``."""

    def eval(self) -> sympy.Expr:
        return sympy.S.One


@dataclass(frozen=True)
class ConstantMultipleStep(Step):
    """``d/dx [c·f] = c·f'``; ``constant`` is c, ``other`` is f."""

    constant: sympy.Expr
    other: sympy.Expr
    substep: Step

    def eval(self) -> sympy.Expr:
        return self.constant * self.substep.eval()

    def children(self) -> tuple[Step, ...]:
        return (self.substep,)


@dataclass(frozen=True)
class SumStep(Step):
    """``d/dx [f + g + ...] = f' + g' + ...``, one sub-step per term."""

    substeps: tuple[Step, ...]

    def eval(self) -> sympy.Expr:
        return sympy.Add(*[step.eval() for step in self.substeps])

    def children(self) -> tuple[Step, ...]:
        return self.substeps


@dataclass(frozen=True)
class ProductStep(Step):
    """``d/dx [f·g] = f'·g + f·g'`` (for n factors: each derived once, the others kept)."""

    factors: tuple[sympy.Expr, ...]
    substeps: tuple[Step, ...]

    def terms(self) -> tuple[sympy.Expr, ...]:
        """The n terms ``f_1 ... f_i' ... f_n`` of the product rule."""
        out = []
        for i, step in enumerate(self.substeps):
            others = [f for j, f in enumerate(self.factors) if j != i]
            out.append(sympy.Mul(step.eval(), *others))
        return tuple(out)

    def eval(self) -> sympy.Expr:
        return sympy.Add(*self.terms())

    def children(self) -> tuple[Step, ...]:
        return self.substeps


@dataclass(frozen=True)
class QuotientStep(Step):
    """``d/dx [f/g] = (f'·g − f·g') / g²``."""

    numerator: sympy.Expr
    denominator: sympy.Expr
    numerator_step: Step
    denominator_step: Step

    def eval(self) -> sympy.Expr:
        top = (self.numerator_step.eval() * self.denominator
               - self.numerator * self.denominator_step.eval())  # fmt: skip
        return top / self.denominator**2

    def children(self) -> tuple[Step, ...]:
        return (self.numerator_step, self.denominator_step)


@dataclass(frozen=True)
class PowerStep(Step):
    """``d/dx xⁿ = n·xⁿ⁻¹`` for a constant n (``1/x`` and ``√x`` included)."""

    exponent: sympy.Expr

    def eval(self) -> sympy.Expr:
        return self.exponent * self.wrt ** (self.exponent - 1)


@dataclass(frozen=True)
class ExponentialStep(Step):
    """``d/dx aˣ = aˣ·ln a`` for a constant base a."""

    base: sympy.Expr

    def eval(self) -> sympy.Expr:
        return self.base**self.wrt * sympy.log(self.base)


@dataclass(frozen=True)
class ExpStep(Step):
    """``d/dx eˣ = eˣ``."""

    def eval(self) -> sympy.Expr:
        return sympy.exp(self.wrt)


@dataclass(frozen=True)
class LogStep(Step):
    """``d/dx ln x = 1/x``."""

    def eval(self) -> sympy.Expr:
        return 1 / self.wrt


@dataclass(frozen=True)
class TanhStep(Step):
    """``d/dx tanh x = 1 − tanh² x``."""

    def eval(self) -> sympy.Expr:
        return 1 - sympy.tanh(self.wrt) ** 2


@dataclass(frozen=True)
class SigmoidStep(Step):
    """``d/dx σ(x) = σ(x)(1 − σ(x))``."""

    def eval(self) -> sympy.Expr:
        return sigmoid(self.wrt) * (1 - sigmoid(self.wrt))


@dataclass(frozen=True)
class SoftmaxStep(Step):
    """``∂y_i/∂z_j = y_i(δ_ij − y_j)``: ``y_i(1 − y_i)`` if i = j, ``−y_i·y_j`` if i ≠ j.

    ``component`` is i and ``variable`` is j (1-based), ``wrt`` being the input ``z_j``.
    """

    component: int
    variable: int

    @property
    def same(self) -> bool:
        """Whether this is the diagonal case i = j."""
        return self.component == self.variable

    def eval(self) -> sympy.Expr:
        inputs = self.expr.args[1:]
        y_i = softmax(self.component, *inputs)
        if self.same:
            return y_i * (1 - y_i)
        return -y_i * softmax(self.variable, *inputs)


@dataclass(frozen=True)
class ChainStep(Step):
    """``d/dx f(g(x)) = f'(g)·g'(x)``.

    ``name`` is the function being taken apart (``f``), ``outer`` is f written with the
    ``dummy`` symbol (the inner function's name, ``g``) and ``inner`` is g(x). ``outer_step``
    differentiates the outer function with respect to the dummy, ``inner_step`` the inner
    function with respect to x; a chain inside ``inner_step`` uses the next name (``h``).
    """

    name: str
    outer: sympy.Expr
    dummy: sympy.Symbol
    inner: sympy.Expr
    outer_step: Step
    inner_step: Step

    def outer_at_inner(self) -> sympy.Expr:
        """``f'(g)`` with ``g(x)`` put back in."""
        return self.outer_step.eval().subs(self.dummy, self.inner)

    def eval(self) -> sympy.Expr:
        coefficient, rest = self.outer_step.eval().as_coeff_Mul()
        return sympy.Mul(coefficient, rest.subs(self.dummy, self.inner), self.inner_step.eval())

    def children(self) -> tuple[Step, ...]:
        return (self.outer_step, self.inner_step)


@dataclass(frozen=True)
class RewriteStep(Step):
    """``expr`` is first written as ``rewritten`` (``aˣ = e^{x ln a}``), then differentiated."""

    rewritten: sympy.Expr
    reason: str
    substep: Step

    def eval(self) -> sympy.Expr:
        return self.substep.eval()

    def children(self) -> tuple[Step, ...]:
        return (self.substep,)


@dataclass(frozen=True)
class DirectStep(Step):
    """No rule applies: the derivative was computed directly by SymPy, and says so."""

    result: sympy.Expr
    reason: str

    def eval(self) -> sympy.Expr:
        return self.result


def walk(step: Step) -> list[Step]:
    """Every step of a tree, parents before children."""
    out = [step]
    for child in step.children():
        out.extend(walk(child))
    return out
