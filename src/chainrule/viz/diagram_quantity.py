"""Naming the quantities a diagram or report points at: a weight, a bias, a unit's δ, as the
explainer's own :class:`~chainrule.explain.quantity.Quantity`.

Indices are the engine's, 0-based, with ``W[i, j]`` from unit ``i`` of layer ``l − 1`` to unit
``j`` of layer ``l`` (batch-first ``z = a W + b``); layers are numbered from 1 as in the
textbooks. Written forms: ``W2[0,1]``, ``b2[1]``, ``delta2[1]`` (or ``δ2[1]``).
"""

from __future__ import annotations

import re

from chainrule.errors import ConfigError
from chainrule.explain.quantity import Quantity

_PATTERN = re.compile(
    r"^\s*(?P<kind>W|w|b|delta|δ)\s*(?P<layer>\d+)\s*\[\s*(?P<first>\d+)\s*"
    r"(?:,\s*(?P<second>\d+)\s*)?\]\s*$"
)


def source(quantity: Quantity) -> int | None:
    """The source unit of a weight; None for a bias or a δ, which sit on one unit."""
    return quantity.i if quantity.kind == "weight" else None


def element_key(quantity: Quantity) -> str:
    """The id of the drawn element: ``w2_0_1`` for a weight, ``u2_1`` for a unit."""
    if quantity.kind == "weight":
        return f"w{quantity.layer}_{quantity.i}_{quantity.j}"
    return f"u{quantity.layer}_{quantity.j}"


def written(quantity: Quantity) -> str:
    """``W2[0,1]``, ``b2[1]`` or ``delta2[1]``: the form :func:`parse_diagram_quantity` reads."""
    if quantity.kind == "weight":
        return f"W{quantity.layer}[{quantity.i},{quantity.j}]"
    return f"{'b' if quantity.kind == 'bias' else 'delta'}{quantity.layer}[{quantity.j}]"


def parse_diagram_quantity(text: object) -> Quantity:
    """Read ``"W2[0,1]"``, ``"b2[1]"``, ``"delta2[1]"`` or a tuple ``(layer, i, j)`` (a
    weight); the explainer's own weight, bias or δ :class:`Quantity` is taken as it is."""
    if isinstance(text, Quantity) and text.kind in ("weight", "bias", "delta"):
        return text
    if isinstance(text, tuple) and len(text) == 3:
        layer, i, j = (int(v) for v in text)
        return Quantity("weight", layer, i, j)
    match = _PATTERN.match(str(text))
    if match is None:
        raise ConfigError(
            f"a quantity must look like W2[0,1], b2[1] or delta2[1]; got {text!r}"
        )
    kind = {"W": "weight", "w": "weight", "b": "bias"}.get(match["kind"], "delta")
    layer, first, second = int(match["layer"]), int(match["first"]), match["second"]
    if kind == "weight":
        if second is None:
            raise ConfigError(f"a weight needs two indices, as in W2[0,1]; got {text!r}")
        return Quantity(kind, layer, first, int(second))
    if second is not None:
        raise ConfigError(f"a {kind} has one index, as in b2[1]; got {text!r}")
    return Quantity(kind, layer, j=first)
