r"""The two backward sections of the LSTM explanation
(:mod:`chainrule.explain.lstm_through_time`): the gradient through the cell, step by step next
to the gateless RNN's, and a gate weight's sum over time. Every number is the engine's
(``LSTM.through_time``, ``RNN.deltas``); every formula a tree
(:mod:`chainrule.explain.formula_nodes`)."""

from __future__ import annotations

import numpy as np
import sympy

from chainrule.explain import local_derivations as local
from chainrule.explain.formula_nodes import (
    Equation,
    Juxtaposed,
    Neg,
    Norm,
    Number,
    Product,
    Rate,
    SumOver,
    Terms,
    Vector,
    name,
)
from chainrule.explain.model import Formula, Line, Section, number
from chainrule.nn.lstm import LSTM

LOSS = name("L")


def at(letter: str, step: int | str, unit: int | None = None) -> Formula:
    """``c^{(t)}``, or unit ``unit``'s ``c_j^{(t)}``: a name at a time step."""
    sub = "" if unit is None else f"_{{{unit}}}"
    return name(f"{letter}{sub}^{{({step})}}")


def rate(of: Formula) -> Rate:
    """``∂L/∂of``."""
    return Rate(LOSS, of, partial=True)


def vector(values: np.ndarray) -> Vector:
    """A row vector of the engine's numbers at four significant figures, every entry shown:
    ``(0.12, −0.5, 0.3)``."""
    return Vector(tuple(float(v) for v in values), limit=max(8, len(values)), digits=4)


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
        lines.append(Line((rate(at("h", T)),), vector(grad_h[t, 0]), grad_h[t, 0].copy(),
                          source=("dh", T)))
        carried = "" if t == steps - 1 else (
            rf"\frac{{\partial L}}{{\partial c^{{({T + 1})}}}} \odot f^{{({T + 1})}} = "
            f"{_latex_row(grad_c[t + 1, 0] * f[t + 1, 0])}")
        lines.append(Line((rate(at("c", T)),), vector(grad_c[t, 0]), grad_c[t, 0].copy(),
                          reason=(f"of which the cell path brings ${carried}$" if carried
                                  else "the last step: the cell gets its gradient through "
                                       "h alone"), source=("dc", T)))
        norm_c, norm_rnn = float(np.linalg.norm(grad_c[t, 0])), float(
            np.linalg.norm(rnn_deltas[t, 0]))
        lines.append(Line((Norm(rate(at("c", T))),), value=norm_c,
                          reason=_ratio(norm_c, last_c, t, steps), source=("dc_norm", T)))
        lines.append(Line((Norm(at("δ", T), "RNN"),), value=norm_rnn,
                          reason=_ratio(norm_rnn, last_rnn, t, steps), source=("rnn_norm", T)))
    return Section("Through time, through the cell", text, tuple(lines))


def _latex_row(values: np.ndarray) -> str:
    """A row of numbers as LaTeX, for the prose around the formulas."""
    return r"\left(" + ", ".join(number(v, 4) for v in values) + r"\right)"


def _ratio(norm: float, last: float, t: int, steps: int) -> str:
    if t == steps - 1 or last == 0:
        return ""
    trend = "shrinks" if norm < last else "grows"
    return f"{norm / last:.3g} times the last step's: {trend} going back in time"


def sum_over_time(symbol: Rate, name_: str, gate: str, k: int, j: int, x: np.ndarray,
                  state: dict[str, np.ndarray], grad_h: np.ndarray, grad_c: np.ndarray,
                  delta: np.ndarray) -> tuple[Section, float]:
    """The section ``∂L/∂W^γ_{kj} = Σ_t h_k^{(t-1)} δ_{γ,j}^{(t)}`` (``x_k^{(t)}`` for
    ``U^γ``), each step's δ from its factors, and the sum; ``symbol`` is ``∂L/∂W^γ_{kj}``,
    ``delta`` the engine's ``δ_{γ,j}^{(t)}``, ``(T, 1)``."""
    steps = len(delta)
    into = at("h", "t-1", k) if name_ == "W" else at("x", "t", k)
    text = (f"${name_}^{{{gate}}}_{{{k}{j}}}$ is used at every step, so its gradient is the "
            f"sum over the steps of what it carries in times the gate's δ there, "
            f"$δ_{gate}^{{(t)}} = \\partial L/\\partial a_{gate}^{{(t)}} = "
            f"{LSTM.gate_deltas[gate]}$ at step t.")
    lines = [Line((Equation((symbol, SumOver("t", Juxtaposed((into, _delta(gate, j, "t")),
                                                             spaced=False)))),),
                  reason="the weight is shared by all time steps")]
    terms = []
    for t in range(steps):
        T = t + 1
        formula, numbers = _gate_delta(gate, t, j, state, grad_h, grad_c)
        lines.append(Line((_delta(gate, j, T), formula), numbers, float(delta[t, 0]),
                          source=("gate_delta", T)))
        carried = (float(state["h"][t - 1, 0, k]) if t else 0.0) if name_ == "W" else float(
            x[0, t, k])
        shown = at("h", t, k) if name_ == "W" else at("x", T, k)
        terms.append(carried * float(delta[t, 0]))
        lines.append(Line((Juxtaposed((shown, _delta(gate, j, T)), spaced=False),),
                          Product(((Number(carried, True), False),
                                   (Number(float(delta[t, 0]), True), False)), dotted=True),
                          terms[-1], source=("term", T)))
    chain = float(sum(terms))
    lines.append(Line((symbol,), Terms(tuple(Number(v, True) for v in terms)), chain,
                      "the sum of the steps above", source=("grad", name_, gate, k, j)))
    return Section("The sum over time", text, tuple(lines)), chain


def _delta(gate: str, j: int, step: int | str) -> Formula:
    """``δ_{γ,j}^{(t)}``, the gate's δ of unit ``j`` at a step."""
    return name(f"δ_{{{gate},{j}}}^{{({step})}}")


def _gate_delta(gate: str, t: int, j: int, state: dict[str, np.ndarray], grad_h: np.ndarray,
                grad_c: np.ndarray) -> tuple[Juxtaposed, Product]:
    """The gate's δ at step ``t + 1``, unit ``j``: its formula and its numbers, factor by
    factor (``∂L/∂c · g · i(1 − i)`` for the input gate)."""
    T = t + 1
    value = {key: float(state[key][t, 0, j]) for key in "ifgo"}
    gate_value, c = at(gate, T, j), at("c", T, j)
    if gate == "g":  # tanh′ from the output: 1 − g²
        squared = sympy.Pow(gate_value, 2, evaluate=False)
        slope = (sympy.Add(1, -squared, evaluate=False),
                 sympy.Add(1, -local.with_numbers(squared, {gate_value.name: value["g"]}),
                           evaluate=False))
        slope_factors = ((slope[0], True),), ((slope[1], True),)
    else:  # σ′ from the output: s(1 − s)
        slope_factors = (((gate_value, False), (Terms((Number(1), Neg(gate_value))), True)),
                         ((Number(value[gate], True), False),
                          (Terms((Number(1), Neg(Number(value[gate])))), True)))
    outer, outer_value = (rate(at("h", T, j)), float(grad_h[t, 0, j])) if gate == "o" else (
        rate(c), float(grad_c[t, 0, j]))
    carried, carried_value = {
        "i": (at("g", T, j), value["g"]), "g": (at("i", T, j), value["i"]),
        "f": (at("c", t, j), float(state["c"][t - 1, 0, j]) if t else 0.0),
        "o": (sympy.tanh(c), float(np.tanh(state["c"][t, 0, j])))}[gate]
    formula = Juxtaposed((outer, carried, Product(slope_factors[0])), spaced=False)
    numbers = Product(((Number(outer_value, True), False), (Number(carried_value, True), False),
                       *slope_factors[1]), dotted=True)
    return formula, numbers
