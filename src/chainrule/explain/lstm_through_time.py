r"""One weight of an LSTM layer, explained through time and through its cell, with the numbers.

The standard LSTM with PyTorch's gate order, batch-first with row vectors as the engine
computes, each gate ``γ ∈ {i, f, g, o}`` with its own ``U^γ`` (input to gate), ``W^γ`` (hidden
to gate) and ``b^γ``, as Goodfellow et al. (§10.10.1) name them:

.. math:: a_γ^{(t)} = b^γ + h^{(t-1)} W^γ + x^{(t)} U^γ, \quad
          c^{(t)} = f^{(t)} ⊙ c^{(t-1)} + i^{(t)} ⊙ g^{(t)}, \quad h^{(t)} = o^{(t)} ⊙ \tanh c^{(t)}

Backwards the cell carries the gradient: ``∂c^{(t)}/∂c^{(t-1)} = diag(f^{(t)})`` — no tanh′,
no weight matrix — so the gradient reaching ``c^{(t)}`` is

.. math:: \frac{∂L}{∂c^{(t)}} = \frac{∂L}{∂h^{(t)}} ⊙ o^{(t)} ⊙ (1 − \tanh^2 c^{(t)})
          + \frac{∂L}{∂c^{(t+1)}} ⊙ f^{(t+1)}

and a weight's gradient is the sum over the steps of its gate's δ times what it carried in.
Its norm per step is printed next to that of the same network without its gates (an Elman
RNN with the candidate's weights), whose δ is multiplied by ``diag(1 − h²) Wᵀ`` at each step.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import sympy

from chainrule.errors import ConfigError
from chainrule.explain.checks import central_difference, step_and_tolerance
from chainrule.explain.formula_nodes import (
    Applied,
    Equation,
    Juxtaposed,
    Listed,
    Number,
    Rate,
    Terms,
    loss_rate,
    symbol,
)
from chainrule.explain.lstm_formulas import at, cell, state, vector
from chainrule.explain.lstm_steps import sum_over_time, through_the_cell
from chainrule.explain.model import Check, Explanation, Line, Section, prose
from chainrule.explain.vector_nodes import Tupled
from chainrule.nn.lstm import LSTM
from chainrule.nn.rnn import RNN

_WEIGHT = re.compile(r"^\s*d?([UW])\s*(?:_|\^)?\s*\{?\s*([ifgo])\s*\}?\s*\[\s*(\d+)\s*,\s*(\d+)"
                     r"\s*\]\s*$")


def explains_lstm(net: Any) -> bool:
    """Whether ``net`` is explained here: its first layer is an ``LSTM``."""
    return bool(net.layers) and isinstance(net.layers[0], LSTM)


def gate_weight(quantity: object, lstm: LSTM) -> tuple[str, str, int, int]:
    """``"W_f[k,j]"`` (or ``U_i[k,j]``, ``W^o[k,j]``) as ``(name, gate, k, j)``, read by a
    pattern, never evaluated."""
    match = _WEIGHT.match(quantity) if isinstance(quantity, str) else None
    if match is None:
        raise ConfigError("for an LSTM, ask for one weight of one gate (i, f, g or o), e.g. "
                          "--weight 'W_f[0,1]' (hidden to forget gate) or 'U_i[1,0]' (input "
                          f"to input gate); got {quantity!r}")
    name, gate, k, j = match.group(1), match.group(2), int(match.group(3)), int(match.group(4))
    rows = lstm.hidden_size if name == "W" else lstm.input_size
    if k >= rows or j >= lstm.hidden_size:
        raise ConfigError(f"{name}^{gate} of {lstm.describe()} has shape "
                          f"({rows}, {lstm.hidden_size}); got {name}_{gate}[{k},{j}]")
    return name, gate, k, j


def explain_lstm(net: Any, x: Any, y: Any, quantity: object) -> Explanation:
    """The explanation of ``∂L/∂W^γ[k,j]`` (or ``U^γ``) of the first layer of ``net``."""
    lstm: LSTM = net.layers[0]
    letter, gate, k, j = gate_weight(quantity, lstm)
    trace = net.trace(x, y)
    record = trace.records[0]
    if record.input.shape[0] != 1:
        raise ConfigError(f"the LSTM explanation follows one sequence; got "
                          f"{record.input.shape[0]} (give one sample)")
    steps = record.input.shape[1]
    state = {key: np.moveaxis(record.state[key], 1, 0) for key in ("i", "f", "g", "o", "c", "h")}
    gates = np.concatenate([state[key] for key in "ifgo"], axis=2)  # (T, 1, 4H)
    outside = lstm.outside_grads(record.grad_output, steps)
    deltas, grad_h, grad_c = lstm.through_time(gates, state["c"], outside)
    column = lstm.gate_names.index(gate) * lstm.hidden_size + j
    partial = loss_rate(symbol(letter, f"{k}{j}", gate))
    rnn_deltas = _gateless(lstm, record.input, outside)
    sum_section, chain = sum_over_time(partial, letter, gate, k, j, record.input, state, grad_h,
                                       grad_c, deltas[:, :, column])
    sections = (_network(net, lstm, steps), _forward(state),
                through_the_cell(grad_c, grad_h, state["f"], rnn_deltas), sum_section)
    return Explanation(prose(partial, " — an LSTM through time"), "lstm", partial, sections,
                       _check(net, trace, partial, chain, letter, (k, column)))


_GATE = symbol("γ")
#: ``a_γ^{(t)} = b^γ + h^{(t-1)} W^γ + x^{(t)} U^γ``, a gate's signal
_SIGNAL = Equation((symbol("a", "γ", "(t)"), Terms((
    symbol("b", sup="γ"), Juxtaposed((at("h", "t-1"), symbol("W", sup="γ"))),
    Juxtaposed((at("x", "t"), symbol("U", sup="γ")))))))


def _network(net: Any, lstm: LSTM, steps: int) -> Section:
    text = prose(
        f"{net.summary()}. One sequence of T = {steps} steps of {lstm.input_size} feature(s), "
        f"H = {lstm.hidden_size} units. Row vectors, as the engine computes; each gate ",
        _GATE, " (", *_listed([symbol(key) for key in "ifgo"], " or "), ") has its own weights, "
        "as Goodfellow et al. write them: ", _SIGNAL, "; the input, forget and output gates "
        "are ", *_listed([Equation((symbol(key), Applied(symbol("σ"), symbol("a", key))))
                          for key in "ifo"], " and "),
        ", the candidate ", Equation((symbol("g"), sympy.tanh(symbol("a", "g")))), "; the cell ",
        Equation((at("c", "t"), cell("t", "t-1"))), " and the state ",
        Equation((at("h", "t"), state("t"))), ", from ",
        Equation((at("h", 0), at("c", 0), Number(0))), ". (Goodfellow et al. write the cell s, "
        "the input gate g and the output gate q, with column vectors: their ",
        symbol("W", sup="γ"), " is this one transposed. PyTorch stacks the gates in the order "
        "i, f, g, o in one matrix.) The weights are the same at every step.")
    return Section("The network", text)


def _listed(items: list[Any], last: str) -> list[Any]:
    """``a, b or c``: prose parts with commas between the formulas and ``last`` before the
    last one."""
    out: list[Any] = []
    for n, item in enumerate(items):
        out += ([", "] if 0 < n < len(items) - 1 else [last] if n else []) + [item]
    return out


def _forward(state_: dict[str, np.ndarray]) -> Section:
    lines: list[Line] = []
    for t in range(len(state_["c"])):
        T = t + 1
        gates = np.concatenate([state_[key][t, 0] for key in "ifgo"])
        shown = Listed(tuple(Equation((symbol(key), vector(state_[key][t, 0])))
                             for key in "ifgo"))
        lines.append(Line((Tupled(tuple(symbol(key) for key in "ifgo"), Tupled((Number(T),))),),
                          shown, gates, source=("gates", T)))
        lines.append(Line((at("c", T), cell(T, t)), vector(state_["c"][t, 0]),
                          state_["c"][t, 0].copy(), source=("c", T)))
        lines.append(Line((at("h", T), state(T)), vector(state_["h"][t, 0]),
                          state_["h"][t, 0].copy(), source=("h", T)))
    return Section("Forward through time", "Every step's gates, cell and state, from the "
                   "trace:", tuple(lines))


def _gateless(lstm: LSTM, x: np.ndarray, outside: np.ndarray) -> np.ndarray:
    """δ of the same network without its gates: the Elman RNN with the candidate's weights
    (``h = tanh(b^g + h W^g + x U^g)``), given the same gradients from outside, ``(T, 1, H)``."""
    block = slice(2 * lstm.hidden_size, 3 * lstm.hidden_size)
    rnn = RNN(lstm.input_size, lstm.hidden_size, output=lstm.output)
    rnn.U, rnn.W, rnn.b = lstm.Wx[:, block], lstm.Wh[:, block], lstm.b[block]
    rnn.forward(x)
    return rnn.deltas(rnn.cache[1], outside)


def _check(net: Any, trace: Any, symbol: Rate, chain: float, letter: str,
           index: tuple[int, int]) -> Check:
    """Chain sum, backprop (a second, independent pass) and a central difference."""
    engine = {"W": "Wh1", "U": "Wx1"}[letter]
    _, grads = net.loss_and_gradients(trace.inputs, trace.targets)
    backprop = float(grads[net.parameter_names.index(engine)][index])
    h, tolerance = step_and_tolerance(net)
    finite = central_difference(net, engine, index, trace.inputs, trace.targets)
    return Check(symbol, chain, backprop, finite, h, tolerance)
