r"""The LSTM explanation's formulas as trees (:mod:`chainrule.explain.formula_nodes`), in the
names of Goodfellow et al. (§10.10.1) with PyTorch's gate order: one builder per formula, used
for the general form in the prose (``c^{(t)} = f^{(t)} ⊙ c^{(t-1)} + i^{(t)} ⊙ g^{(t)}``) and
for each step of the sample (``c^{(2)} = f^{(2)} ⊙ c^{(1)} + …``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy

from chainrule.explain.formula_nodes import (
    Equation,
    Hadamard,
    Juxtaposed,
    Neg,
    Number,
    Product,
    Terms,
    Vector,
    loss_rate,
    symbol,
)
from chainrule.explain.model import Formula

#: A gate's letter (or ``c``, ``h``) and whether at the step before, as a formula's name.
Namer = Callable[[str, bool], Formula]


def at(letter: str, step: int | str, unit: int | None = None) -> Formula:
    """``c^{(t)}``, or unit ``unit``'s ``c_j^{(t)}``: a name at a time step."""
    return symbol(letter, "" if unit is None else str(unit), f"({step})")


def vector(values: np.ndarray) -> Vector:
    """A row of the engine's numbers at four significant figures, every entry shown."""
    return Vector(tuple(float(v) for v in values), limit=max(8, len(values)), digits=4)


def cell(step: int | str, before: int | str) -> Terms:
    """``f^{(t)} ⊙ c^{(t-1)} + i^{(t)} ⊙ g^{(t)}``."""
    return Terms((Hadamard((at("f", step), at("c", before))),
                  Hadamard((at("i", step), at("g", step)))))


def state(step: int | str) -> Hadamard:
    """``o^{(t)} ⊙ tanh(c^{(t)})``."""
    return Hadamard((at("o", step), sympy.tanh(at("c", step))))


def slope(gate: str, value: Formula) -> sympy.Expr | Product:
    """The gate's nonlinearity's derivative from its output: ``1 − g²`` (tanh),
    ``i(1 − i)`` (σ)."""
    if gate == "g":
        return sympy.Add(1, -sympy.Pow(value, 2, evaluate=False), evaluate=False)
    return Product(((value, False), (Terms((Number(1), Neg(value))), True)))


def gate_factors(gate: str, named: Namer) -> tuple[Formula, Formula, Formula]:
    """The three factors of the gate's δ: the gradient that reaches it (``∂L/∂c``, ``∂L/∂h``
    for the output gate), what it multiplies in the cell (``g``, ``c^{(t-1)}``, ``i``,
    ``tanh c``) and its slope; ``named`` gives the names (a step's, a unit's)."""
    outer = loss_rate(named("h" if gate == "o" else "c", False))
    carried = {"i": named("g", False), "f": named("c", True), "g": named("i", False),
               "o": sympy.tanh(named("c", False))}[gate]
    own = slope(gate, named(gate, False))
    return outer, carried, own if isinstance(own, Product) else Product(((own, True),))


def gate_delta(gate: str) -> Equation:
    """``δ_γ^{(t)} = ∂L/∂a_γ^{(t)} = ∂L/∂c ⊙ g ⊙ i(1 − i)`` (for ``γ = i``)."""
    def named(letter: str, before: bool) -> Formula:
        return at(letter, "t-1") if before else symbol(letter)

    return Equation((symbol("δ", gate, "(t)"), loss_rate(symbol("a", gate, "(t)")),
                     Hadamard(gate_factors(gate, named))))


def unit_gate_delta(gate: str, step: int, unit: int) -> Juxtaposed:
    """The gate's δ of unit ``unit`` at step ``step``: ``∂L/∂c_j^{(t)} g_j^{(t)} i_j^{(t)}(1 −
    i_j^{(t)})``."""
    def named(letter: str, before: bool) -> Formula:
        return at(letter, step - 1 if before else step, unit)

    return Juxtaposed(gate_factors(gate, named), spaced=False)
