r"""The two backward sections of the LSTM explanation
(:mod:`chainrule.explain.lstm_through_time`): the gradient through the cell, step by step next
to the gateless RNN's, and a gate weight's sum over time. Every number is the engine's
(``LSTM.through_time``, ``RNN.deltas``); the formulas are those of
:mod:`chainrule.explain.lstm_formulas`."""

from __future__ import annotations

import functools

import numpy as np
import sympy

from chainrule.explain import local_derivations as local
from chainrule.explain.formula_nodes import (
    ELLIPSIS,
    Applied,
    Equation,
    Hadamard,
    Juxtaposed,
    Neg,
    Number,
    Product,
    Rate,
    SumOver,
    Terms,
    Transposed,
    loss_rate,
    symbol,
)
from chainrule.explain.lstm_formulas import (
    at,
    gate_delta,
    slope,
    unit_gate_delta,
    vector,
)
from chainrule.explain.model import Formula, Line, Prose, Section, prose
from chainrule.explain.shape_formulas import parenthesized
from chainrule.explain.vector_nodes import Norm


def _cell_text() -> Prose:
    """Why the cell carries the gradient, next to the gateless RNN."""
    c, f, h = (functools.partial(at, letter) for letter in "cfh")
    through_h = Hadamard((loss_rate(h("t")), at("o", "t"), parenthesized(
        1 - sympy.tanh(c("t")) ** 2)))
    gates = (symbol("b", sup="g"), Juxtaposed((h("t-1"), symbol("W", sup="g"))),
             Juxtaposed((at("x", "t"), symbol("U", sup="g"))))
    squashed = Terms((Number(1), Neg(sympy.Pow(h("t"), 2, evaluate=False))))
    return prose(
        "Backwards, the cell carries the gradient: ",
        Equation((c("t+1"), Terms((Hadamard((f("t+1"), c("t"))), ELLIPSIS)))), ", so ",
        Equation((Rate(c("t+1"), c("t"), partial=True), _diag(f("t+1")))), " and ",
        Equation((loss_rate(c("t")),
                  Terms((through_h, Hadamard((loss_rate(c("t+1")), f("t+1"))))))),
        ". Along the cell the gradient is multiplied by the forget gate alone — no tanh′, no "
        "weight matrix — so where f stays near 1 it survives many steps: that is why LSTMs "
        "keep gradients alive. Next to it, the same network without its gates (an Elman RNN ",
        Equation((h("t"), Applied("tanh", Terms(gates), upright=True))),
        ", given the same gradient from outside), whose δ is multiplied by ",
        Juxtaposed((_diag(squashed), Transposed(symbol("W", sup="g"), paren=True))),
        " at each step back.")


def _diag(item: Formula) -> Applied:
    return Applied("diag", item, upright=True)


def through_the_cell(grad_c: np.ndarray, grad_h: np.ndarray, f: np.ndarray,
                     rnn_deltas: np.ndarray) -> Section:
    """``∂L/∂c^{(t)}`` and ``∂L/∂h^{(t)}`` from the last step back, with the norms of
    ``∂L/∂c^{(t)}`` and of the gateless RNN's ``δ^{(t)}`` as ratios to the last step's."""
    steps = len(grad_c)
    lines: list[Line] = []
    last_c = float(np.linalg.norm(grad_c[-1, 0]))
    last_rnn = float(np.linalg.norm(rnn_deltas[-1, 0]))
    for t in reversed(range(steps)):
        T = t + 1
        lines.append(Line((loss_rate(at("h", T)),), vector(grad_h[t, 0]), grad_h[t, 0].copy(),
                          source=("dh", T)))
        carried = prose("the last step: the cell gets its gradient through h alone") \
            if t == steps - 1 else prose("of which the cell path brings ", Equation((
                Hadamard((loss_rate(at("c", T + 1)), at("f", T + 1))),
                vector(grad_c[t + 1, 0] * f[t + 1, 0]))))
        lines.append(Line((loss_rate(at("c", T)),), vector(grad_c[t, 0]), grad_c[t, 0].copy(),
                          reason=carried, source=("dc", T)))
        norm_c, norm_rnn = float(np.linalg.norm(grad_c[t, 0])), float(
            np.linalg.norm(rnn_deltas[t, 0]))
        lines.append(Line((Norm(loss_rate(at("c", T))),), value=norm_c,
                          reason=_ratio(norm_c, last_c, t, steps), source=("dc_norm", T)))
        lines.append(Line((Norm(at("δ", T), "RNN"),), value=norm_rnn,
                          reason=_ratio(norm_rnn, last_rnn, t, steps), source=("rnn_norm", T)))
    return Section("Through time, through the cell", _cell_text(), tuple(lines))


def _ratio(norm: float, last: float, t: int, steps: int) -> str:
    if t == steps - 1 or last == 0:
        return ""
    trend = "shrinks" if norm < last else "grows"
    return f"{norm / last:.3g} times the last step's: {trend} going back in time"


def sum_over_time(symbol_: Rate, letter: str, gate: str, k: int, j: int, x: np.ndarray,
                  state: dict[str, np.ndarray], grad_h: np.ndarray, grad_c: np.ndarray,
                  delta: np.ndarray) -> tuple[Section, float]:
    """The section ``∂L/∂W^γ_{kj} = Σ_t h_k^{(t-1)} δ_{γ,j}^{(t)}`` (``x_k^{(t)}`` for
    ``U^γ``), each step's δ from its factors, and the sum; ``symbol_`` is ``∂L/∂W^γ_{kj}``,
    ``delta`` the engine's ``δ_{γ,j}^{(t)}``, ``(T, 1)``."""
    steps = len(delta)
    into = at("h", "t-1", k) if letter == "W" else at("x", "t", k)
    text = prose(symbol_.bottom, " is used at every step, so its gradient is the sum over the "
                 "steps of what it carries in times the gate's δ there, ", gate_delta(gate),
                 " at step t.")
    lines = [Line((Equation((symbol_, SumOver("t", Juxtaposed((into, _delta(gate, j, "t")),
                                                              spaced=False)))),),
                  reason="the weight is shared by all time steps")]
    terms = []
    for t in range(steps):
        T = t + 1
        lines.append(Line((_delta(gate, j, T), unit_gate_delta(gate, T, j)),
                          _gate_numbers(gate, t, j, state, grad_h, grad_c), float(delta[t, 0]),
                          source=("gate_delta", T)))
        carried = (float(state["h"][t - 1, 0, k]) if t else 0.0) if letter == "W" else float(
            x[0, t, k])
        shown = at("h", t, k) if letter == "W" else at("x", T, k)
        terms.append(carried * float(delta[t, 0]))
        lines.append(Line((Juxtaposed((shown, _delta(gate, j, T)), spaced=False),),
                          Product(((Number(carried, True), False),
                                   (Number(float(delta[t, 0]), True), False)), dotted=True),
                          terms[-1], source=("term", T)))
    chain = float(sum(terms))
    lines.append(Line((symbol_,), Terms(tuple(Number(v, True) for v in terms)), chain,
                      "the sum of the steps above", source=("grad", letter, gate, k, j)))
    return Section("The sum over time", text, tuple(lines)), chain


def _delta(gate: str, j: int, step: int | str) -> Formula:
    """``δ_{γ,j}^{(t)}``, the gate's δ of unit ``j`` at a step."""
    return symbol("δ", f"{gate},{j}", f"({step})")


def _gate_numbers(gate: str, t: int, j: int, state: dict[str, np.ndarray],
                  grad_h: np.ndarray, grad_c: np.ndarray) -> Product:
    """The gate's δ at step ``t + 1``, unit ``j``, with the sample's numbers, factor by
    factor as :func:`~chainrule.explain.lstm_formulas.unit_gate_delta` writes it."""
    value = {key: float(state[key][t, 0, j]) for key in "ifgo"}
    outer = float(grad_h[t, 0, j]) if gate == "o" else float(grad_c[t, 0, j])
    carried = {"i": value["g"], "g": value["i"], "o": float(np.tanh(state["c"][t, 0, j])),
               "f": float(state["c"][t - 1, 0, j]) if t else 0.0}[gate]
    own = at(gate, t + 1, j)
    if gate == "g":
        written = local.with_numbers(slope(gate, own), {own.math_name: value[gate]})
        slope_numbers = ((written, True),)
    else:  # σ′ from the output: s · (1 − s)
        slope_numbers = ((Number(value[gate], True), False),
                         (Terms((Number(1), Neg(Number(value[gate])))), True))
    return Product(((Number(outer, True), False), (Number(carried, True), False),
                    *slope_numbers), dotted=True)
