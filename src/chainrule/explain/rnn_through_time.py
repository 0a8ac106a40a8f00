r"""One weight of an Elman recurrent layer, explained through time with the sample's numbers.

Goodfellow et al.'s names (§10.2), batch-first with row vectors as the engine computes:
``a^{(t)} = b + h^{(t-1)} W + x^{(t)} U``, ``h^{(t)} = \tanh a^{(t)}``, ``h^{(0)} = 0``, so
``W[i,j]`` carries ``h_i^{(t-1)}`` into ``a_j^{(t)}`` (the book's column form ``W h`` uses the
transpose). The weight is shared by every step, so its gradient is a sum over time:

.. math:: \frac{\partial L}{\partial W_{ij}} = \sum_t h_i^{(t-1)} δ_j^{(t)}, \qquad
          δ^{(t)} = (1 - h^{(t)2}) \odot \big(g^{(t)} + δ^{(t+1)} W^T\big)

with ``g^{(t)}`` the gradient reaching ``h^{(t)}`` from outside the layer (the last step's,
for ``output="last"``). Each step back multiplies δ by a Jacobian ``diag(1 − h²) Wᵀ``; the
norm of δ per step shows whether the gradient vanishes or explodes.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.explain.checks import central_difference, step_and_tolerance
from chainrule.explain.formula_nodes import (
    Applied,
    Equation,
    Hadamard,
    Juxtaposed,
    Number,
    Product,
    Rate,
    SumOver,
    Terms,
    Transposed,
    Vector,
    loss_rate,
    symbol,
)
from chainrule.explain.model import Check, Explanation, Formula, Line, Section, prose
from chainrule.explain.shape_formulas import parenthesized
from chainrule.explain.vector_nodes import Norm
from chainrule.nn.rnn import RNN

_WEIGHT = re.compile(r"^\s*d?(Wx|Wh|[UW])\s*\[\s*(\d+)\s*,\s*(\d+)\s*\]\s*$")


def explains_recurrent(net: Any) -> bool:
    """Whether ``net`` is explained here: its first layer is an ``RNN``."""
    return bool(net.layers) and isinstance(net.layers[0], RNN)


def weight_index(quantity: object, rnn: RNN) -> tuple[str, int, int]:
    """``"W[i,j]"`` or ``"U[i,j]"`` as ``(name, i, j)`` (read by a pattern, not evaluated)."""
    match = _WEIGHT.match(quantity) if isinstance(quantity, str) else None
    if match is None:
        raise ConfigError(f"for a recurrent layer, ask for one weight, e.g. --weight 'W[0,1]' "
                          f"(hidden to hidden) or 'U[1,0]' (input to hidden); got {quantity!r}")
    name, i, j = match.group(1), int(match.group(2)), int(match.group(3))
    name = {"Wx": "U", "Wh": "W"}.get(name, name)
    shape = getattr(rnn, name).shape
    if i >= shape[0] or j >= shape[1]:
        raise ConfigError(f"{name} of {rnn.describe()} has shape {shape}; got {name}[{i},{j}]")
    return name, i, j


def explain_recurrent(net: Any, x: Any, y: Any, quantity: object) -> Explanation:
    """The explanation of ``∂L/∂W[i,j]`` (or ``U``) of the first layer of ``net``."""
    rnn: RNN = net.layers[0]
    name, i, j = weight_index(quantity, rnn)
    trace = net.trace(x, y)
    record = trace.records[0]
    if record.input.shape[0] != 1:
        raise ConfigError(f"the recurrent explanation follows one sequence; got "
                          f"{record.input.shape[0]} (give one sample)")
    states = np.moveaxis(record.state["h"], 1, 0)  # (T, 1, H), the engine's h^{(t)}
    deltas = rnn.deltas(states, rnn.outside_grads(record.grad_output, len(states)))
    sources = (np.concatenate([np.zeros_like(states[:1]), states[:-1]]) if name == "W"
               else np.moveaxis(record.input, 1, 0))  # h^{(t-1)} or x^{(t)}, (T, 1, ·)
    terms = [(t + 1, float(sources[t, 0, i]), float(deltas[t, 0, j])) for t in range(len(states))]
    chain = float(sum(s * d for _, s, d in terms))
    sections = (_network(net, rnn, len(states)), _forward(states),
                _through_time(deltas, rnn), _sum_over_time(name, i, j, terms, chain))
    quantity = loss_rate(_weight(name, i, j))
    return Explanation(prose(quantity, " — Goodfellow et al.'s recurrent network"), "goodfellow",
                       quantity, sections, _check(net, trace, quantity, chain, name, (i, j)))


def timed(letter: str, t: int | str, index: int | str = "") -> Formula:
    """A letter at time step ``t``, one name: ``h^{(3)}``, ``δ_{1}^{(t)}``."""
    return symbol(letter, str(index), f"({t})")


def _weight(letter: str, i: int, j: int) -> Formula:
    """``W_{01}``: one weight, its two indices side by side."""
    return symbol(letter, f"{i}{j}")


def _previous(t: int | str) -> int | str:
    """The step before ``t``: ``t-1``, or the number."""
    return "t-1" if t == "t" else int(t) - 1


def _network(net: Any, rnn: RNN, steps: int) -> Section:
    signal = timed("a", "t")
    text = prose(
        f"{net.summary()}. One sequence of T = {steps} steps of {rnn.input_size} feature(s), "
        f"a hidden state of H = {rnn.hidden_size} units. Row vectors, as the engine computes: ",
        Equation((signal, _step("t").argument)), ", ",
        Equation((timed("h", "t"), Applied("tanh", signal, upright=True))), ", ",
        Equation((timed("h", 0), Number(0))), ", so ", symbol("W", "ij"), " carries ",
        timed("h", "t-1", "i"), " into ", timed("a", "t", "j"), " and ", symbol("U", "ij"),
        " carries ", timed("x", "t", "i"), " (Goodfellow et al. write ",
        Juxtaposed((symbol("W"), symbol("h")), spaced=False), " with column vectors: their W "
        "is this one transposed). W, U and b are the same at every step.")
    return Section("The network", text)


def _forward(states: np.ndarray) -> Section:
    lines = tuple(Line((timed("h", t + 1), _step(t + 1)), _vector(states[t, 0]),
                       states[t, 0].copy(), source=("h", t + 1))
                  for t in range(len(states)))
    return Section("Forward through time", "Every step's hidden state, from the trace:", lines)


def _step(t: int | str) -> Applied:
    """``tanh(b + h^{(t-1)} W + x^{(t)} U)``, rows times matrices in this order."""
    return Applied("tanh", Terms((symbol("b"), Juxtaposed((timed("h", _previous(t)), symbol("W"))),
                                  Juxtaposed((timed("x", t), symbol("U"))))),
                   upright=True)


def _vector(values: np.ndarray) -> Vector:
    """A row vector of numbers with 4 significant figures, all shown: ``(0.12, −0.5, 0.3)``."""
    return Vector(tuple(float(v) for v in values), max(8, len(values)), digits=4)


def _through_time(deltas: np.ndarray, rnn: RNN) -> Section:
    steps = len(deltas)
    text = prose(
        "Backwards, ", _recurrence(), ", with ", timed("g", "t"), " the gradient reaching ",
        timed("h", "t"), " from outside the layer",
        " (only at the last step here)" if rnn.output == "last" else "",
        ". Each step back multiplies by one more Jacobian ", _jacobian(), ": its norm, step by "
        "step, shows the gradient vanish (ratios below 1) or explode (above 1).")
    lines = []
    last = float(np.linalg.norm(deltas[-1, 0]))
    for t in reversed(range(steps)):
        norm = float(np.linalg.norm(deltas[t, 0]))
        trend = "shrinks" if norm < last else "grows"
        ratio = ("" if t == steps - 1 or last == 0 else
                 prose(f"it is {norm / last:.3g} times ", Norm(timed("δ", steps)),
                       f": the gradient {trend} going back in time"))
        lines.append(Line((timed("δ", t + 1),), _vector(deltas[t, 0]), deltas[t, 0].copy(),
                          source=("delta", t + 1)))
        lines.append(Line((Norm(timed("δ", t + 1)),), value=norm, reason=ratio,
                          source=("delta_norm", t + 1)))
    return Section("δ through time: a product of Jacobians", text, tuple(lines))


def _recurrence() -> Equation:
    """``δ⁽ᵗ⁾ = ∂L/∂a⁽ᵗ⁾ = (1 − (h⁽ᵗ⁾)²) ⊙ (g⁽ᵗ⁾ + δ⁽ᵗ⁺¹⁾ Wᵀ)``."""
    outside = Terms((timed("g", "t"), Juxtaposed((timed("δ", "t+1"), Transposed(symbol("W"))))))
    return Equation((timed("δ", "t"), loss_rate(timed("a", "t")), Hadamard((
        parenthesized(1 - timed("h", "t") ** 2), parenthesized(outside)))))


def _jacobian() -> Juxtaposed:
    """``diag(1 − (h⁽ˢ⁾)²) Wᵀ``: one step back."""
    return Juxtaposed((Applied("diag", 1 - timed("h", "s") ** 2, upright=True),
                       Transposed(symbol("W"))), spaced=False)


def _sum_over_time(letter: str, i: int, j: int, terms: list[tuple[int, float, float]],
                   chain: float) -> Section:
    weight, signal, t = _weight(letter, i, j), timed("a", "t", j), symbol("t")
    text = prose(weight, " is used at every step, so by the chain rule its gradient is the sum "
                 "over the steps of what it carried in times δ there; a missing step is the "
                 "classic mistake.")
    general = (loss_rate(weight),
               SumOver(t, Juxtaposed((loss_rate(signal), loss_rate(weight, signal)))),
               SumOver(t, _carried(letter, i, j, "t")))
    lines = [Line(general, reason="the weight is shared by all time steps")]
    for step, value, delta in terms:
        lines.append(Line((_carried(letter, i, j, step),),
                          Product(((Number(value, True), False), (Number(delta, True), False)),
                                  dotted=True),
                          value * delta, source=("term", step)))
    lines.append(Line((loss_rate(weight),), Terms(tuple(Number(v * d, True) for _, v, d in terms)),
                      chain, "the sum of the steps above", source=(f"grad_{letter}", 1, i, j)))
    return Section("The sum over time", text, tuple(lines))


def _carried(letter: str, i: int, j: int, t: int | str) -> Juxtaposed:
    """``h_i^{(t-1)} δ_j^{(t)}`` (``x_i^{(t)} δ_j^{(t)}`` for ``U``): what the weight carried
    in at step ``t``, times δ there."""
    source = timed("h", _previous(t), i) if letter == "W" else timed("x", t, i)
    return Juxtaposed((source, timed("δ", t, j)), spaced=False)


def _check(net: Any, trace: Any, quantity: Rate, chain: float, name: str,
           index: tuple[int, int]) -> Check:
    """Chain sum, backprop (a second, independent pass) and a central difference."""
    _, grads = net.loss_and_gradients(trace.inputs, trace.targets)
    backprop = float(grads[net.parameter_names.index(f"{name}1")][index])
    h, tolerance = step_and_tolerance(net)
    finite = central_difference(net, f"{name}1", index, trace.inputs, trace.targets)
    return Check(quantity, chain, backprop, finite, h, tolerance)
