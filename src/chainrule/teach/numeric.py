"""Numeric answers: right within the tolerance, or which common mistake gives that number.

Each mistake is a number the engine computes for this variant — the value with the wrong
sign, without θ′, through one path of the sum, transposed, without η … — and a numeric answer
is diagnosed by the first mistake it matches within the same tolerance as a right answer.
Mistakes that coincide with the truth are not tried.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.teach.variant import Question

ROUNDING = 10  # an answer within this many tolerances of the truth was rounded too far


@dataclass(frozen=True)
class Mistake:
    """A common mistake: its diagnosis code, the sentence for the student, and the number
    (or matrix) it gives."""

    code: str
    message: str
    value: Any


@dataclass(frozen=True)
class Tolerance:
    """``|answer − truth| ≤ atol + rtol·|truth|``, entry by entry for a matrix."""

    rtol: float
    atol: float

    def close(self, answer: Any, truth: Any, widen: float = 1.0) -> bool:
        """Within the tolerance; ``widen`` widens its relative part only (a small value is
        not "close" to its negative)."""
        a, t = np.asarray(answer, dtype=float), np.asarray(truth, dtype=float)
        if a.shape != t.shape:
            return False
        return bool(np.all(np.abs(a - t) <= self.atol + widen * self.rtol * np.abs(t)))


def judge(answer: Any, truth: Any, mistakes: list[Mistake],
          tolerance: Tolerance) -> tuple[str, str, str]:  # fmt: skip
    """``(verdict, diagnosis code, message)`` of a numeric answer."""
    if tolerance.close(answer, truth):
        return "correct", "", "Right, within the tolerance."
    for mistake in mistakes:
        if tolerance.close(mistake.value, truth):
            continue  # this mistake makes no difference here
        if tolerance.close(answer, mistake.value):
            return "incorrect", mistake.code, mistake.message
    shape, want = np.shape(answer), np.shape(truth)
    if shape != want:
        return "incorrect", "shape", (f"Expected a {want[0]} × {want[1]} matrix; got "
                                      f"{shape[0]} × {shape[1]}.")
    if tolerance.close(answer, truth, widen=ROUNDING):
        return "incorrect", "rounding", ("Close, but outside the tolerance: rounded too early "
                                         "or too far?")
    if np.ndim(truth) == 2:
        wrong = np.argwhere(~_entrywise(answer, truth, tolerance))
        row, column = (int(k) + 1 for k in wrong[0])
        return "incorrect", "not_equal", (f"{len(wrong)} of {np.size(truth)} entries are "
                                          f"wrong, the first at row {row}, column {column}.")
    return "incorrect", "not_equal", "Not the true value, nor a common mistake's."


def _entrywise(answer: Any, truth: Any, tolerance: Tolerance) -> np.ndarray:
    a, t = np.asarray(answer, dtype=float), np.asarray(truth, dtype=float)
    return np.abs(a - t) <= tolerance.atol + tolerance.rtol * np.abs(t)


@dataclass(frozen=True)
class Facts:
    """The engine's numbers of a variant that the mistakes are made of.

    ``sign`` is the notation's sign of δ (−1 for Mitchell); ``transposed`` whether the
    notation writes a layer's gradient ``n_out × n_in``; ``trace`` the variant's trace;
    ``net`` its network.
    """

    net: Any
    trace: Any
    sign: int
    transposed: bool

    def grad_a(self, layer: int) -> np.ndarray | None:
        """``∂L/∂a`` of the layer's outputs (None without an elementwise activation)."""
        op = self.trace.activation_of(layer)
        if op is None or not op.elementwise or op.identity:
            return None
        return self.trace.records[self.trace.dense_positions[layer - 1] + 1].grad_output[0]

    def theta_prime_at_output(self, layer: int) -> np.ndarray | None:
        """θ′ taken at the unit's output instead of its signal: ``θ′(a)``."""
        op = self.trace.activation_of(layer)
        if op is None or not op.elementwise or op.identity:
            return None
        a = self.trace.a(layer)
        return op.derivative(a, op.forward(a))[0]


def mistakes(question: Question, facts: Facts, lr: float) -> list[Mistake]:
    """The common mistakes of a question, as numbers of this variant."""
    kind = question.kind
    layer, i, j = question.quantity
    if kind == "delta":
        return _delta(facts, layer, j)
    if kind in ("weight", "bias"):
        return _parameter(facts, kind, layer, i, j)
    if kind == "layer":
        return _layer(facts, layer, np.asarray(question.value, dtype=float))
    return _update(facts, question, lr)


def _flips(value: Any, facts: Facts, signed: bool) -> list[Mistake]:
    """The sign and factor mistakes of any value; for a δ in a course whose δ is
    −∂E/∂net, the sign mistake is that convention's."""
    if signed and facts.sign < 0:
        sign = Mistake("convention", "This is ∂E/∂net; in this course δ = −∂E/∂net.", -value)
    else:
        sign = Mistake("sign", "The sign is wrong (e.g. y − x written for x − y).", -value)
    return [sign,
            Mistake("factor", "Twice the true value: the ½ of the loss dropped, or a 2 "
                    "added?", 2 * value),
            Mistake("factor", "Half the true value: a ½ (or the 2 of a square's "
                    "derivative) missing?", value / 2)]


def _delta(facts: Facts, layer: int, j: int) -> list[Mistake]:
    trace, s = facts.trace, facts.sign
    value = s * trace.delta(layer)[0, j]
    out = _flips(value, facts, signed=True)
    grad_a, at_output = facts.grad_a(layer), facts.theta_prime_at_output(layer)
    if grad_a is not None:
        out.append(Mistake("missing_activation_derivative", "The activation's derivative "
                           "θ′(s) is missing from the chain.", s * grad_a[j]))
    if grad_a is not None and at_output is not None:
        out.append(Mistake("derivative_at_output", "θ′ was taken at the unit's output "
                           "instead of its signal.", s * grad_a[j] * at_output[j]))
    if layer < trace.n_layers and grad_a is not None:
        W, below = facts.net.dense_layers[layer].W, trace.delta(layer + 1)[0]
        theta_prime = trace.delta(layer)[0, j] / grad_a[j] if grad_a[j] else 0.0
        for k in range(W.shape[1]):
            out.append(Mistake("missing_sum", f"Only the path through unit {k + 1} of the "
                               "next layer: the sum over the next layer's units is missing.",
                               s * theta_prime * W[j, k] * below[k]))
    return out


def _parameter(facts: Facts, kind: str, layer: int, i: int, j: int) -> list[Mistake]:
    trace = facts.trace
    inputs = trace.a(layer - 1)[0]
    value = trace.grad_W(layer)[i, j] if kind == "weight" else trace.grad_b(layer)[j]
    out = _flips(value, facts, signed=False)
    delta, grad_a = trace.delta(layer)[0], facts.grad_a(layer)
    if kind == "weight":
        out.append(Mistake("missing_factor", "The input of the weight (∂s/∂w) is missing: "
                           "this is δ alone.", facts.sign * delta[j]))
        W = trace.grad_W(layer)
        if j < W.shape[0] and i < W.shape[1]:
            out.append(Mistake("swapped", "The gradient of the weight with the two indices "
                               "read the other way round (from/to order).", W[j, i]))
    if grad_a is not None:
        scale = inputs[i] if kind == "weight" else 1.0
        out.append(Mistake("missing_activation_derivative", "The activation's derivative "
                           "θ′(s) is missing from the chain.", scale * grad_a[j]))
    return out


def _layer(facts: Facts, layer: int, value: np.ndarray) -> list[Mistake]:
    out = [Mistake("transposed", "The matrix is transposed: check which index is the row.",
                   value.T), *_flips(value, facts, signed=False)]
    grad_a = facts.grad_a(layer)
    if grad_a is not None:
        plain = np.outer(facts.trace.a(layer - 1)[0], grad_a)
        out.append(Mistake("missing_activation_derivative", "The activation's derivative "
                           "θ′(s) is missing from the chain.",
                           plain.T if facts.transposed else plain))
    return out


def _update(facts: Facts, question: Question, lr: float) -> list[Mistake]:
    assert question.weight is not None
    w, new = question.weight, float(question.value)
    g = (w - new) / lr
    return [
        Mistake("sign", "The step went up the gradient: w + η∂e/∂w.", w + lr * g),
        Mistake("learning_rate", "The learning rate η is missing: w − ∂e/∂w.", w - g),
        Mistake("step_only", "This is the step −η∂e/∂w, not the new weight.", -lr * g),
        Mistake("step_only", "This is η∂e/∂w, not the new weight.", lr * g),
        Mistake("step_only", "This is the gradient ∂e/∂w, not the new weight.", g),
        Mistake("unchanged", "This is the weight before the step.", w),
        Mistake("factor", "The gradient is off by a factor 2 (the ½ of the loss?).",
                w - 2 * lr * g),
        Mistake("factor", "The gradient is off by a factor ½.", w - lr * g / 2),
    ]
