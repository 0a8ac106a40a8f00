"""The questions of an exercise and their true answers, taken from ``explain``.

A question names a quantity as ``chainrule explain`` does; its true value is the number the
explanation of that quantity shows (the engine's, with the notation's sign and matrix layout),
and its formula is the one the explanation writes, so the key and ``explain`` cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.explain.api import explain
from chainrule.explain.formula_nodes import Juxtaposed, Neg, Terms, leaf, symbol
from chainrule.explain.model import Explanation, Line
from chainrule.explain.notation import get_notation
from chainrule.explain.quantity import Quantity, parse_quantity
from chainrule.explain.quantity_names import Namer
from chainrule.render.explain_items import TEXT
from chainrule.teach.derive_question import is_derive
from chainrule.teach.template import Template, split_update

#: The line of an explanation that holds the asked value, by the quantity's kind.
_SOURCE = {"delta": "delta", "weight": "grad_W", "bias": "grad_b", "layer": "grad_W_matrix"}


@dataclass(frozen=True)
class Asked:
    """A question read against the network: ``kind`` is delta, weight, bias, layer or
    update; ``quantity`` the engine's indices of the quantity explained (for an update, the
    weight or bias)."""

    id: str
    text: str
    kind: str
    quantity: Quantity


def namer(template: Template) -> Namer:
    return Namer(get_notation(template.notation), list(template.layers))


def read_asks(template: Template, net: Any) -> list[Asked]:
    """Each typed question as engine indices; a name the network lacks is a ConfigError with
    valid names."""
    names = namer(template)
    has_bias = [layer.b is not None for layer in net.dense_layers]
    out = []
    for number, text in enumerate(template.ask, start=1):
        if is_derive(text):  # no quantity of the network: the function is read per variant
            out.append(Asked(f"q{number}", text, "derive", Quantity("derive", 0)))
            continue
        update, name = split_update(text)
        quantity = parse_quantity(name, names, has_bias)
        if update and quantity.kind not in ("weight", "bias"):
            raise ConfigError(f"`update` takes one weight or bias, e.g. 'update w_12^(2)'; "
                              f"got {text!r}")
        kind = "update" if update else quantity.kind
        out.append(Asked(f"q{number}", text, kind, quantity))
    return out


def explanation_of(asked: Asked, net: Any, x: np.ndarray, y: np.ndarray,
                   template: Template) -> Explanation:
    """The explanation of the asked quantity (of the weight, for an update)."""
    return explain(net, x, y, asked.quantity, template.notation)


def subject_line(explanation: Explanation) -> Line:
    """The line whose value is the explained quantity, in the notation's sign and layout."""
    q = explanation.subject
    for line in explanation.lines():
        if not line.source or line.source[0] != _SOURCE[q.kind]:
            continue
        index = {"delta": (q.layer, 0, q.j), "weight": (q.layer, q.i, q.j),
                 "bias": (q.layer, q.j), "layer": (q.layer,)}[q.kind]
        if tuple(line.source[1:1 + len(index)]) == index:
            return line
    raise ConfigError(f"the explanation of {TEXT(explanation.quantity)} shows no value "
                      "for it")


def parameter_value(net: Any, q: Quantity) -> float:
    """The current value of a weight or bias (engine indices)."""
    layer = net.dense_layers[q.layer - 1]
    return float(layer.W[q.i, q.j] if q.kind == "weight" else layer.b[q.j])


@dataclass(frozen=True)
class Truth:
    """A question's true answer: its name and formula (formula trees), its value (a number or a
    matrix as nested lists) and the explanation behind them."""

    name: Any
    value: float | list[list[float]]
    formula: Any
    explanation: Explanation
    weight: float | None = None  # the parameter before an update


def truth(asked: Asked, net: Any, x: np.ndarray, y: np.ndarray, template: Template) -> Truth:
    """The true answer of ``asked`` for the network and sample."""
    explanation = explanation_of(asked, net, x, y, template)
    line = subject_line(explanation)
    names, q = namer(template), asked.quantity
    called, formula = explanation.quantity, line.formula[-1]  # the title's formula
    if asked.kind == "layer":
        value = np.asarray(line.value, dtype=float)
        return Truth(called, value.tolist(), formula, explanation)
    gradient = float(line.value)
    if asked.kind != "update":
        return Truth(called, gradient, formula, explanation)
    parameter = leaf(parameter_name(names, q))
    before = parameter_value(net, q)
    rule = Terms((parameter, Neg(Juxtaposed((symbol("η"), called)))))
    return Truth(parameter, before - template.lr * gradient, rule, explanation, before)


def parameter_name(names: Namer, q: Quantity) -> Any:
    """The name of the weight or bias ``q`` in the notation (a :class:`MathName`)."""
    return names.weight(q.layer, q.i, q.j) if q.kind == "weight" else names.bias(q.layer, q.j)


def claim_name(template: Template, q: Quantity) -> str:
    """The quantity as the formula grammar reads a claim's left side: ``delta_1^(L)``,
    ``∂e/∂w_12^(2)`` (one δ, weight or bias: the kinds a formula answers)."""
    names = namer(template)
    if q.kind == "delta":
        return names.delta(q.layer, q.j).canonical
    return f"∂{names.loss.canonical}/∂{parameter_name(names, q).canonical}"


def gradient_of(trace: Any, q: Quantity) -> float | np.ndarray:
    """The engine's gradient of a quantity in a trace (δ, a parameter's, a layer's)."""
    if q.kind == "delta":
        return trace.delta(q.layer)[0, q.j]
    if q.kind == "weight":
        return trace.grad_W(q.layer)[q.i, q.j]
    if q.kind == "bias":
        return trace.grad_b(q.layer)[q.j]
    return trace.grad_W(q.layer)


def asked_values(asks: list[Asked]):
    """``values(net, x, y)`` for :func:`chainrule.teach.draw.draw`: the gradients asked (an
    update's too: a step of 0 would be no exercise)."""

    def values(net: Any, x: np.ndarray, y: np.ndarray) -> list[Any]:
        trace = net.trace(x, y)
        return [gradient_of(trace, asked.quantity) for asked in asks if asked.kind != "derive"]

    return values
