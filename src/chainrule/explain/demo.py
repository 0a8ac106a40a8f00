"""One explanation for ``chainrule demo``: the first weight of the last layer, CS231n style."""

from __future__ import annotations

from typing import Any

from chainrule.explain.api import explain
from chainrule.explain.quantity import Quantity

#: The notation of the demo's explanation (seed 004's row vectors); its report opens in it too.
NOTATION = "cs231n"


def explain_for_demo(net: Any, x: Any, y: Any, width: int = 100) -> str:
    """Text explaining ``∂L/∂(W_L)_11`` of ``net`` at the first sample of ``(x, y)``.

    Written in the CS231n row-vector notation (the CS231n learner's), ending with the check against
    backprop and finite differences.
    """
    layer = len(net.dense_layers)
    explanation = explain(net, x, y, Quantity("weight", layer, 0, 0), NOTATION, sample=0)
    return explanation.to_text(width=width)
