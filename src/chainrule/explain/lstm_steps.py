r"""The two backward sections of the LSTM explanation
(:mod:`chainrule.explain.lstm_through_time`): the gradient through the cell, step by step next
to the gateless RNN's, and a gate weight's sum over time. Every number is the engine's
(``LSTM.through_time``, ``RNN.deltas``)."""

from __future__ import annotations

import numpy as np

from chainrule.explain.model import Line, Section, number, operand
from chainrule.nn.lstm import LSTM


def through_the_cell(grad_c: np.ndarray, grad_h: np.ndarray, f: np.ndarray,
                     rnn_deltas: np.ndarray) -> Section:
    """``∂L/∂c^{(t)}`` and ``∂L/∂h^{(t)}`` from the last step back, with the norms of
    ``∂L/∂c^{(t)}`` and of the gateless RNN's ``δ^{(t)}`` as ratios to the last step's."""
    steps = len(grad_c)
    text = (r"Backwards, the cell carries the gradient: $c^{(t+1)} = f^{(t+1)} \odot c^{(t)} + "
            r"\dots$, so $\partial c^{(t+1)}/\partial c^{(t)} = \mathrm{diag}(f^{(t+1)})$ and "
            r"$\frac{\partial L}{\partial c^{(t)}} = \frac{\partial L}{\partial h^{(t)}} \odot "
            r"o^{(t)} \odot (1 - \tanh^2 c^{(t)}) + \frac{\partial L}{\partial c^{(t+1)}} \odot "
            r"f^{(t+1)}$. Along the cell the gradient is multiplied by the forget gate alone — "
            r"no $\tanh'$, no weight matrix — so where f stays near 1 it survives many steps: "
            r"that is why LSTMs keep gradients alive. Next to it, the same network without its "
            r"gates (an Elman RNN $h^{(t)} = \tanh(b^g + h^{(t-1)} W^g + x^{(t)} U^g)$, given "
            r"the same gradient from outside), whose δ is multiplied by "
            r"$\mathrm{diag}(1 - h^{(t)2}) W^{gT}$ at each step back.")
    lines: list[Line] = []
    last_c = float(np.linalg.norm(grad_c[-1, 0]))
    last_rnn = float(np.linalg.norm(rnn_deltas[-1, 0]))
    for t in reversed(range(steps)):
        T = t + 1
        lines.append(Line((rf"\frac{{\partial L}}{{\partial h^{{({T})}}}}",),
                          vector(grad_h[t, 0]), grad_h[t, 0].copy(), source=("dh", T)))
        carried = "" if t == steps - 1 else (
            rf"\frac{{\partial L}}{{\partial c^{{({T + 1})}}}} \odot f^{{({T + 1})}} = "
            f"{vector(grad_c[t + 1, 0] * f[t + 1, 0])}")
        lines.append(Line((rf"\frac{{\partial L}}{{\partial c^{{({T})}}}}",),
                          vector(grad_c[t, 0]), grad_c[t, 0].copy(),
                          reason=(f"of which the cell path brings ${carried}$" if carried
                                  else "the last step: the cell gets its gradient through "
                                       "h alone"), source=("dc", T)))
        norm_c, norm_rnn = float(np.linalg.norm(grad_c[t, 0])), float(
            np.linalg.norm(rnn_deltas[t, 0]))
        lines.append(Line((rf"\|\partial L/\partial c^{{({T})}}\|",), value=norm_c,
                          reason=_ratio(norm_c, last_c, t, steps), source=("dc_norm", T)))
        lines.append(Line((rf"\|δ^{{({T})}}\|_{{\text{{RNN}}}}",), value=norm_rnn,
                          reason=_ratio(norm_rnn, last_rnn, t, steps), source=("rnn_norm", T)))
    return Section("Through time, through the cell", text, tuple(lines))


def _ratio(norm: float, last: float, t: int, steps: int) -> str:
    if t == steps - 1 or last == 0:
        return ""
    trend = "shrinks" if norm < last else "grows"
    return f"{norm / last:.3g} times the last step's: {trend} going back in time"


def sum_over_time(symbol: str, name: str, gate: str, k: int, j: int, x: np.ndarray,
                  state: dict[str, np.ndarray], grad_h: np.ndarray, grad_c: np.ndarray,
                  delta: np.ndarray) -> tuple[Section, float]:
    """The section ``∂L/∂W^γ_{kj} = Σ_t h_k^{(t-1)} δ_{γ,j}^{(t)}`` (``x_k^{(t)}`` for
    ``U^γ``), each step's δ from its factors, and the sum; ``delta`` is the engine's
    ``δ_{γ,j}^{(t)}``, ``(T, 1)``."""
    steps = len(delta)
    into = rf"h_{{{k}}}^{{(t-1)}}" if name == "W" else rf"x_{{{k}}}^{{(t)}}"
    text = (f"${name}^{{{gate}}}_{{{k}{j}}}$ is used at every step, so its gradient is the sum "
            f"over the steps of what it carries in times the gate's δ there, "
            f"$δ_{gate}^{{(t)}} = \\partial L/\\partial a_{gate}^{{(t)}} = "
            f"{LSTM.gate_deltas[gate]}$ at step t.")
    lines = [Line((rf"{symbol} = \sum_t {into}\, δ_{{{gate},{j}}}^{{(t)}}",),
                  reason="the weight is shared by all time steps")]
    terms = []
    for t in range(steps):
        T = t + 1
        formula, numbers = _gate_delta(gate, t, j, state, grad_h, grad_c)
        lines.append(Line((rf"δ_{{{gate},{j}}}^{{({T})}} = {formula}",), numbers,
                          float(delta[t, 0]), source=("gate_delta", T)))
        carried = (float(state["h"][t - 1, 0, k]) if t else 0.0) if name == "W" else float(
            x[0, t, k])
        shown = rf"h_{{{k}}}^{{({t})}}" if name == "W" else rf"x_{{{k}}}^{{({T})}}"
        terms.append(carried * float(delta[t, 0]))
        lines.append(Line((rf"{shown}\, δ_{{{gate},{j}}}^{{({T})}}",),
                          f"{operand(carried)} \\cdot {operand(float(delta[t, 0]))}", terms[-1],
                          source=("term", T)))
    chain = float(sum(terms))
    lines.append(Line((symbol,), " + ".join(operand(v) for v in terms), chain,
                      "the sum of the steps above", source=("grad", name, gate, k, j)))
    return Section("The sum over time", text, tuple(lines)), chain


def _gate_delta(gate: str, t: int, j: int, state: dict[str, np.ndarray], grad_h: np.ndarray,
                grad_c: np.ndarray) -> tuple[str, str]:
    """The gate's δ at step ``t + 1``, unit ``j``: its formula and its numbers."""
    T = t + 1
    value = {key: float(state[key][t, 0, j]) for key in "ifgo"}
    c_previous = float(state["c"][t - 1, 0, j]) if t else 0.0
    tanh_c = float(np.tanh(state["c"][t, 0, j]))
    dc = rf"\frac{{\partial L}}{{\partial c_{{{j}}}^{{({T})}}}}"
    dh = rf"\frac{{\partial L}}{{\partial h_{{{j}}}^{{({T})}}}}"

    def v(key: str) -> str:
        return rf"{key}_{{{j}}}^{{({T})}}"

    def slope_of(key: str) -> tuple[str, str]:  # σ′ from the output: s(1 − s)
        shown = rf"{operand(value[key])} \cdot (1 - {number(value[key], 6)})"
        return rf"{v(key)}(1 - {v(key)})", shown

    grad_c_value, grad_h_value = operand(float(grad_c[t, 0, j])), operand(float(grad_h[t, 0, j]))
    if gate == "i":
        slope = slope_of("i")
        return (rf"{dc}\, {v('g')}\, {slope[0]}",
                rf"{grad_c_value} \cdot {operand(value['g'])} \cdot {slope[1]}")
    if gate == "f":
        slope = slope_of("f")
        return (rf"{dc}\, c_{{{j}}}^{{({t})}}\, {slope[0]}",
                rf"{grad_c_value} \cdot {operand(c_previous)} \cdot {slope[1]}")
    if gate == "g":
        return (rf"{dc}\, {v('i')}\, (1 - ({v('g')})^2)",
                rf"{grad_c_value} \cdot {operand(value['i'])} \cdot (1 - {operand(value['g'])}^2)")
    slope = slope_of("o")
    return (rf"{dh}\, \tanh c_{{{j}}}^{{({T})}}\, {slope[0]}",
            rf"{grad_h_value} \cdot {operand(tanh_c)} \cdot {slope[1]}")


def vector(values: np.ndarray) -> str:
    """A row vector of numbers as LaTeX, e.g. ``(0.12, −0.5, 0.3)``."""
    return r"\left(" + ", ".join(number(v, 4) for v in values) + r"\right)"
