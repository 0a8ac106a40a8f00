r"""``∂L/∂x`` of one input of a dropout layer: the mask and the ``1/(1 − p)`` scale.

In training, inverted dropout keeps unit ``j`` of sample ``n`` with probability ``1 − p``
(mask ``m = 1``) and scales it by ``1/(1 − p)``: ``y = m x / (1 − p)``, so
``∂L/∂x = m/(1 − p) · ∂L/∂y``: a dropped unit gets no gradient, a kept one its δ scaled up.
At evaluation the layer is the identity and ``∂L/∂x = ∂L/∂y``. The mask is the one the traced
pass drew, and the finite differences replay it.
"""

from __future__ import annotations

from typing import Any

from chainrule.errors import ConfigError
from chainrule.explain.batch_norm_input import by_loss, dotted, first_of, input_index
from chainrule.explain.checks import finite_difference_input, step_and_tolerance
from chainrule.explain.formula_nodes import (
    Equation,
    Juxtaposed,
    Neg,
    Number,
    Quotient,
    Rate,
    Terms,
    Vector,
    symbol,
)
from chainrule.explain.model import Check, Explanation, Line, Section, prose
from chainrule.nn.dropout import Dropout


def explains_dropout(net: Any, quantity: object) -> bool:
    """Whether the request is ``"x[n,j]"`` and the network's first batch norm or dropout
    layer is a dropout."""
    return isinstance(first_of(net, quantity), Dropout)


def explain_dropout(net: Any, x: Any, y: Any, quantity: str) -> Explanation:
    position = next(k for k, layer in enumerate(net.layers) if isinstance(layer, Dropout))
    layer: Dropout = net.layers[position]
    trace = net.trace(x, y)
    record = trace.records[position]
    n, j = input_index(quantity, record.input.shape, layer)
    if len(record.input.shape) != 2:
        raise ConfigError(f"the dropout explanation covers dense inputs (N, F); "
                          f"{layer.describe()} gets {record.input.shape}")
    derivative = by_loss(symbol("x", f"{n},{j}"))
    lines, chain = _lines(layer, record, (n, j), derivative)
    mode = "training: units are dropped" if layer.training else "evaluation: nothing dropped"
    p = symbol("p")
    text = prose(f"{net.summary()}. Layer {position + 1} is inverted dropout with ",
                 Equation((p, Number(layer.p))), f", in {mode}. Kept units are scaled by ",
                 Equation((Quotient(Number(1), 1 - p), Number(1 / (1 - layer.p)))),
                 " so that evaluation needs no rescaling.")
    sections = (Section("The network", text), Section("The mask and the scale", "", lines))
    return Explanation(prose(derivative, " — dropout"), "dropout", derivative, sections,
                       _check(net, trace, position, (n, j), derivative, chain))


def _lines(layer: Dropout, record: Any, index: tuple[int, int],
           derivative: Rate) -> tuple[tuple[Line, ...], float]:
    """The lines from the mask to ``∂L/∂x[n,j]``, and its value."""
    n, j = index
    grad_y, value = float(record.grad_output[n, j]), float(record.input[n, j])
    grad_output = by_loss(symbol("y", f"{n},{j}"))
    if record.state.get("mask") is None:  # evaluation: the identity
        return (Line((Equation((derivative, grad_output)),), Number(grad_y, operand=True),
                     grad_y, "at evaluation dropout is the identity",
                     source=("grad_input", n, j)),), grad_y
    kept = int(record.state["mask"][n, j])
    chain = kept * (1 / (1 - layer.p)) * grad_y
    mask, keep = symbol("m", f"{n},{j}"), 1 - symbol("p")
    kept_over = Terms((Number(1), Neg(Number(layer.p))))  # 1 − p with p's value
    row = tuple(float(m) for m in record.state["mask"][n])
    forward = Quotient(Juxtaposed((mask, symbol("x", f"{n},{j}")), spaced=False), keep)
    return (
        Line((symbol("m", f"{n},·"),), Vector(row, limit=max(8, len(row))),
             reason=f"the mask the pass drew for sample {n}: unit {j} is "
                    f"{'kept' if kept else 'dropped'}", source=("mask", n)),
        Line((Equation((symbol("y", f"{n},{j}"), forward)),),
             Quotient(dotted(Number(kept), Number(value, operand=True)), kept_over),
             float(record.output[n, j]), source=("output", n, j)),
        Line((Equation((derivative, Juxtaposed((Quotient(mask, keep), grad_output)))),),
             dotted(Quotient(Number(kept), kept_over), Number(grad_y, operand=True)),
             chain, "the same mask and scale as the forward pass",
             source=("grad_input", n, j)),
    ), chain


def _check(net: Any, trace: Any, position: int, index: tuple[int, int], derivative: Rate,
           chain: float) -> Check:
    """Backprop's ∂L/∂x and central differences with the traced mask replayed."""
    layer: Dropout = net.layers[position]
    h, tolerance = step_and_tolerance(net)
    replay, layer.replay = layer.replay, True
    try:
        finite = finite_difference_input(net, trace, position, index)
    finally:
        layer.replay = replay
    backprop = float(trace.records[position].grad_input[index])
    return Check(derivative, chain, backprop, finite, h, tolerance)
