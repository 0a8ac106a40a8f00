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
from chainrule.explain.model import Line, Section, number, operand
from chainrule.explain.output_delta import product

MAX_TERMS = 6


def expanded_sum(terms: list[str]) -> str:
    """``a + b + c``, or the first three, ``⋯`` and the last when there are many."""
    if len(terms) > MAX_TERMS:
        terms = [*terms[:3], r"\cdots", terms[-1]]
    return " + ".join(terms)


def negated_sum(written: str, minus: str) -> str:
    """``written``, or minus it: ``−(a + b)``, the whole sum negated, not its first term."""
    if not minus:
        return written
    return rf"-\left({written}\right)" if " + " in written else f"-{written}"


def vector(values: np.ndarray, limit: int = 8) -> str:
    """A short row of numbers as LaTeX: ``(0.1, -0.2, …, 0.3)``."""
    items = [number(v) for v in values]
    if len(items) > limit:
        items = [*items[:4], r"\ldots", items[-1]]
    return r"\left(" + ", ".join(items) + r"\right)"


def recurrence(ctx: Context, above: str = "l+1") -> str:
    """The general recurrence in the notation's letters (layer ``l`` from layer ``l+1``)."""
    names, n = ctx.names, ctx.notation
    i, j = n.from_letter, n.to_letter
    theta = n.activation
    return (rf"{names.delta('l', i)} = {theta}^{{\prime}}\left({names.pre('l', i)}\right)"
            rf" \sum_{{{j}}} {names.weight(above, i, j)} {names.delta(above, j)}")


class HiddenDelta:
    """δ of unit ``i`` (engine index) of hidden dense layer ``layer``, at sample 0."""

    def __init__(self, ctx: Context, layer: int, i: int) -> None:
        self.ctx, self.layer, self.i = ctx, layer, i
        self.sign = ctx.notation.delta_sign
        self.op = ctx.activation(layer)

    def weighted_sum(self) -> tuple[str, str, str]:
        """``Σ_k w_ik δ_k`` in letters, written out, and with numbers."""
        ctx, names, ell, i = self.ctx, self.ctx.names, self.layer, self.i
        k = ctx.notation.to_letter
        weights = ctx.weight(ell + 1)[i]
        deltas = self.sign * ctx.trace.delta(ell + 1)[0]
        general = rf"\sum_{{{k}}} {names.weight(ell + 1, i, k)} {names.delta(ell + 1, k)}"
        written = expanded_sum([f"{names.weight(ell + 1, i, m)} {names.delta(ell + 1, m)}"
                                for m in range(len(weights))])
        numbers = expanded_sum([rf"{operand(w)} \cdot {operand(d)}"
                                for w, d in zip(weights, deltas, strict=True)])
        return general, written, numbers

    def section(self) -> Section:
        """The recurrence for this unit: the sum over the paths above, then θ′."""
        names, ell, i = self.ctx.names, self.layer, self.i
        lines = self.paths_lines()
        title = f"The hidden δ of layer {names.tag(ell, self.ctx.notation.pre_offset)}"
        if not self.op.elementwise:
            return Section(title, "", (*lines, self.softmax_line()))
        intro = (f"${names.delta(ell, i)}$ comes from the δ's of the layer above; this is what "
                 "lets backpropagation reuse them instead of expanding every path to the output.")
        return Section(f"{title}: the recurrence", intro, (*lines, *self.activation_lines()))

    def _lhs(self) -> str:
        """``δ = ∂e/∂s`` (with Mitchell's minus where the notation has it)."""
        names = self.ctx.names
        minus = "-" if self.sign < 0 else ""
        return (f"{names.delta(self.layer, self.i)} = "
                f"{minus}{names.partial(names.loss, names.pre(self.layer, self.i))}")

    def _value(self) -> float:
        return self.sign * float(self.ctx.trace.delta(self.layer)[0, self.i])

    def paths_lines(self) -> list[Line]:
        """The recurrence in general, the δ's above, and ∂e/∂x as a sum over the paths."""
        ctx, names, ell, i = self.ctx, self.ctx.names, self.layer, self.i
        x, e = names.post(ell, i), names.loss
        general, written, numbers = self.weighted_sum()
        minus = "-" if self.sign < 0 else ""
        k = ctx.notation.to_letter
        paths = (rf"\sum_{{{k}}} {names.partial(e, names.pre(ell + 1, k))} "
                 rf"{names.partial(names.pre(ell + 1, k), x)}")
        above = ctx.trace.delta(ell + 1)[0] * self.sign
        paths_count = ctx.width(ell + 1)
        return [
            Line((recurrence(ctx),), reason="the recurrence, in general"),
            Line((f"{names.delta_vector(ell + 1)}", ), vector(above),
                 above,
                 "the δ of the layer above (from the section before)",
                 ("delta_vector", ell + 1, 0), self.sign),
            Line((names.partial(e, x), paths, minus + general, negated_sum(written, minus)),
                 negated_sum(numbers, minus),  # as the formula: −(a + b), −a·b
                 float(ctx.grad_a(ell)[0, i]),
                 f"${x}$ feeds every unit of the next layer, so the loss depends on it along "
                 f"{paths_count} path{'s' if paths_count > 1 else ''} and the multivariable "
                 f"chain rule adds one product per path; "
                 f"${names.partial(names.pre(ell + 1, k), x)} = "
                 f"{names.weight(ell + 1, i, k)}$ because only one term of the signal's sum "
                 f"contains ${x}$", ("grad_a", ell, 0, i)),
        ]

    def softmax_line(self) -> Line:
        """A softmax hidden layer: the chain rule sums over its outputs (no θ′)."""
        names, ell, i = self.ctx.names, self.layer, self.i
        x, e = names.post(ell, i), names.loss
        return Line((self._lhs(), rf"{x}\left({names.partial(e, x)} - \sum_{{m}} "
                     rf"{names.partial(e, names.post(ell, 'm'))} {names.post(ell, 'm')}"
                     r"\right)"), "", self._value(),
                    "softmax is not elementwise: the chain rule sums over its outputs",
                    ("delta", ell, 0, i), self.sign)

    def activation_lines(self) -> list[Line]:
        """θ′ of the unit (derived), then δ = θ′ · the sum over the paths."""
        ctx, names, ell, i = self.ctx, self.ctx.names, self.layer, self.i
        x, s, e = names.post(ell, i), names.pre(ell, i), names.loss
        theta = ctx.notation.activation
        general = self.weighted_sum()[0]
        minus = "-" if self.sign < 0 else ""
        theta_prime = factors.prime(ctx, ell, i)
        lines = [Line((names.partial(x, s), rf"{theta}^{{\prime}}({s})", theta_prime.formula),
                      theta_prime.numbers, float(ctx.theta_prime(ell)[0, i]),
                      "the derivative of this layer's activation (derived below)",
                      ("theta_prime", ell, 0, i), derivation=theta_prime.derivation)]
        summary = factors.chain_summary(theta_prime.derivation, theta)
        lines.extend([summary] if summary is not None else [])
        lines.extend(theta_prime.steps)
        grad = float(ctx.grad_a(ell)[0, i])
        outer = -grad if minus else grad
        chain = product((minus + names.partial(e, x), False), (names.partial(x, s), False))
        lines.append(Line(
            (self._lhs(), chain, factors.times((theta_prime.formula, theta_prime.compound),
                                               (general, True))),
            factors.times((theta_prime.numbers, theta_prime.compound), (operand(outer), False)),
            self._value(), "chain rule through the unit's output, then the sum above",
            ("delta", ell, 0, i), self.sign))
        return lines
