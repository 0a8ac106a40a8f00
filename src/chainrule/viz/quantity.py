"""Names of the quantities a diagram or report can point at: a weight, a bias, a unit's δ.

Indices are the engine's, 0-based, with ``W[i, j]`` from unit ``i`` of layer ``l − 1`` to unit
``j`` of layer ``l`` (batch-first ``z = a W + b``); layers are numbered from 1 as in the
textbooks. Written forms: ``W2[0,1]``, ``b2[1]``, ``delta2[1]`` (or ``δ2[1]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chainrule.errors import ConfigError

_PATTERN = re.compile(
    r"^\s*(?P<kind>W|w|b|delta|δ)\s*(?P<layer>\d+)\s*\[\s*(?P<first>\d+)\s*"
    r"(?:,\s*(?P<second>\d+)\s*)?\]\s*$"
)


@dataclass(frozen=True)
class Quantity:
    """``kind`` is ``"weight"``, ``"bias"`` or ``"delta"``; ``i`` is None unless a weight."""

    kind: str
    layer: int
    j: int
    i: int | None = None

    @property
    def key(self) -> str:
        """The id of the drawn element: ``w2_0_1`` for a weight, ``u2_1`` for a unit."""
        if self.kind == "weight":
            return f"w{self.layer}_{self.i}_{self.j}"
        return f"u{self.layer}_{self.j}"

    def __str__(self) -> str:
        if self.kind == "weight":
            return f"W{self.layer}[{self.i},{self.j}]"
        return f"{'b' if self.kind == 'bias' else 'delta'}{self.layer}[{self.j}]"


def parse_quantity(text: object) -> Quantity:
    """Read ``"W2[0,1]"``, ``"b2[1]"``, ``"delta2[1]"``, a tuple ``(layer, i, j)`` (a weight),
    or an object with ``kind`` (weight, bias, delta), ``layer``, ``i`` and ``j`` attributes
    such as the explainer's own quantities."""
    if isinstance(text, Quantity):
        return text
    kind = getattr(text, "kind", None)
    if kind in ("weight", "bias", "delta"):
        i = int(text.i) if kind == "weight" else None  # type: ignore[attr-defined]
        return Quantity(kind, int(text.layer), int(text.j), i)  # type: ignore[attr-defined]
    if isinstance(text, tuple) and len(text) == 3:
        layer, i, j = (int(v) for v in text)
        return Quantity("weight", layer, j, i)
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
        return Quantity(kind, layer, int(second), first)
    if second is not None:
        raise ConfigError(f"a {kind} has one index, as in b2[1]; got {text!r}")
    return Quantity(kind, layer, first)
