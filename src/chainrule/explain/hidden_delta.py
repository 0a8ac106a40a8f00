r"""A hidden layer's δ: the recurrence at the heart of backpropagation.

.. math:: \delta_i^{(l)} = \theta'(s_i^{(l)}) \sum_j w_{ij}^{(l+1)} \delta_j^{(l+1)}

It is a *sum* because the output ``x_i^{(l)}`` feeds every unit ``j`` of the next layer: the
loss depends on it along all those paths, and the multivariable chain rule adds one product
per path. Written in the notation's letters, with the sample's numbers.
"""

from __future__ import annotations

import numpy as np

from chainrule.explain import factors
from chainrule.explain.context import Context
from chainrule.explain.formula_nodes import (
    ELLIPSIS,
    Applied,
    Equation,
    Juxtaposed,
    Neg,
    Number,
    Product,
    SumOver,
    Terms,
    Vector,
    leaf,
    partial,
)
from chainrule.explain.model import Formula, Line, Section, prose
from chainrule.explain.output_delta import product, signed

MAX_TERMS = 6


def expanded_sum(terms: list[Formula]) -> Terms:
    """``a + b + c``, or the first three, ``⋯`` and the last when there are many."""
    if len(terms) > MAX_TERMS:
        terms = [*terms[:3], ELLIPSIS, terms[-1]]
    return Terms(tuple(terms))


def negated_sum(written: Terms, minus: bool) -> Formula:
    """``written``, or minus it: ``−(a + b)``, the whole sum negated, not its first term."""
    if not minus:
        return written
    return Neg(written, paren=True) if len(written.terms) > 1 else Neg(written.terms[0])


def vector(values: np.ndarray, limit: int = 8) -> Vector:
    """A short row of numbers: ``(0.1, -0.2, …, 0.3)``."""
    return Vector(tuple(float(v) for v in values), limit)


def pair(first: str, second: str) -> Juxtaposed:
    """Two of the notation's names side by side: ``w₅₃ δ₅``."""
    return Juxtaposed((leaf(first), leaf(second)))


def recurrence(ctx: Context, above: str = "l+1") -> Equation:
    """The general recurrence in the notation's letters (layer ``l`` from layer ``l+1``)."""
    names, n = ctx.names, ctx.notation
    i, j = n.from_letter, n.to_letter
    theta_prime = Applied(leaf(names.activation), leaf(names.pre("l", i)), prime=True)
    weighted = SumOver(j, pair(names.weight(above, i, j), names.delta(above, j)))
    return Equation((leaf(names.delta("l", i)), Juxtaposed((theta_prime, weighted))))


class HiddenDelta:
    """δ of unit ``i`` (engine index) of hidden dense layer ``layer``, at sample 0."""

    def __init__(self, ctx: Context, layer: int, i: int) -> None:
        self.ctx, self.layer, self.i = ctx, layer, i
        self.sign = ctx.notation.delta_sign
        self.op = ctx.activation(layer)

    def weighted_sum(self) -> tuple[SumOver, Terms, Terms]:
        """``Σ_k w_ik δ_k`` in letters, written out, and with numbers."""
        ctx, names, ell, i = self.ctx, self.ctx.names, self.layer, self.i
        k = ctx.notation.to_letter
        weights = ctx.weight(ell + 1)[i]
        deltas = self.sign * ctx.trace.delta(ell + 1)[0]
        general = SumOver(k, pair(names.weight(ell + 1, i, k), names.delta(ell + 1, k)))
        written = expanded_sum([pair(names.weight(ell + 1, i, m), names.delta(ell + 1, m))
                                for m in range(len(weights))])
        numbers = expanded_sum([Product(((Number(w, True), False), (Number(d, True), False)),
                                        dotted=True)
                                for w, d in zip(weights, deltas, strict=True)])
        return general, written, numbers

    def section(self) -> Section:
        """The recurrence for this unit: the sum over the paths above, then θ′."""
        names, ell, i = self.ctx.names, self.layer, self.i
        lines = self.paths_lines()
        title = f"The hidden δ of layer {names.tag(ell, self.ctx.notation.pre_offset)}"
        if not self.op.elementwise:
            return Section(title, "", (*lines, self.softmax_line()))
        intro = prose(leaf(names.delta(ell, i)), " comes from the δ's of the layer above; this "
                      "is what lets backpropagation reuse them instead of expanding every path "
                      "to the output.")
        return Section(f"{title}: the recurrence", intro, (*lines, *self.activation_lines()))

    def _lhs(self) -> tuple[Formula, Formula]:
        """``δ = ∂e/∂s`` (with Mitchell's minus where the notation has it)."""
        names = self.ctx.names
        return (leaf(names.delta(self.layer, self.i)),
                signed(partial(names.loss, names.pre(self.layer, self.i)), self.sign))

    def _value(self) -> float:
        return self.sign * float(self.ctx.trace.delta(self.layer)[0, self.i])

    def paths_lines(self) -> list[Line]:
        """The recurrence in general, the δ's above, and ∂e/∂x as a sum over the paths."""
        ctx, names, ell, i = self.ctx, self.ctx.names, self.layer, self.i
        x, e = names.post(ell, i), names.loss
        general, written, numbers = self.weighted_sum()
        minus = self.sign < 0
        k = ctx.notation.to_letter
        paths = SumOver(k, Juxtaposed((partial(e, names.pre(ell + 1, k)),
                                        partial(names.pre(ell + 1, k), x))))
        above = ctx.trace.delta(ell + 1)[0] * self.sign
        paths_count = ctx.width(ell + 1)
        return [
            Line((recurrence(ctx),), reason="the recurrence, in general"),
            Line((leaf(names.delta_vector(ell + 1)), ), vector(above),
                 above,
                 "the δ of the layer above (from the section before)",
                 ("delta_vector", ell + 1, 0), self.sign),
            Line((partial(e, x), paths, signed(general, self.sign),
                  negated_sum(written, minus)),
                 negated_sum(numbers, minus),  # as the formula: −(a + b), −a·b
                 float(ctx.grad_a(ell)[0, i]),
                 prose(leaf(x), " feeds every unit of the next layer, so the loss depends on "
                       f"it along {paths_count} path{'s' if paths_count > 1 else ''} and the "
                       "multivariable chain rule adds one product per path; ",
                       Equation((partial(names.pre(ell + 1, k), x),
                                 leaf(names.weight(ell + 1, i, k)))),
                       " because only one term of the signal's sum contains ", leaf(x)),
                 ("grad_a", ell, 0, i)),
        ]

    def softmax_line(self) -> Line:
        """A softmax hidden layer: the chain rule sums over its outputs (no θ′)."""
        names, ell, i = self.ctx.names, self.layer, self.i
        x, e = names.post(ell, i), names.loss
        inner = Terms((partial(e, x), Neg(SumOver("m", Juxtaposed((
            partial(e, names.post(ell, "m")), leaf(names.post(ell, "m"))))))))
        return Line((*self._lhs(), Product(((leaf(x), False), (inner, True)))), "",
                    self._value(),
                    "softmax is not elementwise: the chain rule sums over its outputs",
                    ("delta", ell, 0, i), self.sign)

    def activation_lines(self) -> list[Line]:
        """θ′ of the unit (derived), then δ = θ′ · the sum over the paths."""
        ctx, names, ell, i = self.ctx, self.ctx.names, self.layer, self.i
        x, s, e = names.post(ell, i), names.pre(ell, i), names.loss
        general = self.weighted_sum()[0]
        minus = self.sign < 0
        theta_prime = factors.prime(ctx, ell, i)
        lines = [Line((partial(x, s), Applied(leaf(names.activation), leaf(s), prime=True),
                       theta_prime.formula),
                      theta_prime.numbers, float(ctx.theta_prime(ell)[0, i]),
                      "the derivative of this layer's activation (derived below)",
                      ("theta_prime", ell, 0, i), derivation=theta_prime.derivation)]
        summary = factors.chain_summary(theta_prime.derivation, names.activation)
        lines.extend([summary] if summary is not None else [])
        lines.extend(theta_prime.steps)
        grad = float(ctx.grad_a(ell)[0, i])
        outer = -grad if minus else grad
        chain = product((signed(partial(e, x), self.sign), False), (partial(x, s), False))
        lines.append(Line(
            (*self._lhs(), chain, factors.times((theta_prime.formula, theta_prime.compound),
                                               (general, True))),
            factors.times((theta_prime.numbers, theta_prime.compound),
                          (Number(outer, True), False)),
            self._value(), "chain rule through the unit's output, then the sum above",
            ("delta", ell, 0, i), self.sign))
        return lines
