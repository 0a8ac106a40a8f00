"""The piecewise form of an activation with a kink, which the calculus cannot derive.

A kinked op (ReLU, leaky ReLU) has no derivative at its kink, so the step-by-step
differentiator gives no rule for it. The op writes its θ and θ′ here piece by piece, with
the engine's convention at the kink; the explainer checks each piece against ``sympy.diff``
of the op's own ``symbolic`` form away from the kink.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Kink:
    """θ and θ′ of a kinked activation, as LaTeX templates of the signal ``z``.

    ``steps(theta, z)`` is the local derivation: ``(formula, reason)`` pairs from θ to θ′,
    the last reason naming the convention at the kink.
    """

    name: str
    forward: Callable[[str], str]  # z -> LaTeX of θ(z)
    derivative: Callable[[str], str]  # z -> LaTeX of θ′
    on: float  # θ′ for z > 0
    off: float  # θ′ for z ≤ 0 (the convention at 0 included)
    steps: Callable[[str, str], list[tuple[str, str]]]  # (theta, z)
