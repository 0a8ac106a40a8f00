"""The piecewise form of an activation with a kink, which the calculus cannot derive.

A kinked op (ReLU, leaky ReLU) has no derivative at its kink, so the step-by-step
differentiator gives no rule for it. The op writes its θ and θ′ here as SymPy expressions of
the signal: θ as courses write it (``Max(z, 0)``) and θ′ as a ``Piecewise`` with the engine's
convention at the kink (``Piecewise((1, z > 0), (0, True))``). The explainer prints these
trees and checks θ′ against ``sympy.diff`` of the op's own ``symbolic`` form away from the
kink.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sympy


@dataclass(frozen=True)
class Kink:
    """θ and θ′ of a kinked activation, as SymPy expressions of the symbol ``signal``.

    Attributes
    ----------
    forward : θ(signal), e.g. ``Max(z, 0)``.
    derivative : θ′(signal), ``Piecewise((on, signal > 0), (off, True))``: the slope where
        the unit is on, and where it is off (the convention at 0 included).
    reasons : why θ is so, and why θ′ is (the second names the convention at the kink).
    """

    name: str
    signal: sympy.Symbol
    forward: sympy.Expr
    derivative: sympy.Expr
    reasons: tuple[str, str]

    @property
    def on(self) -> float:
        """θ′ for a positive signal."""
        return float(self.derivative.args[0].expr)

    @property
    def off(self) -> float:
        """θ′ for a signal ≤ 0 (the convention at the kink included)."""
        return float(self.derivative.args[-1].expr)

    def of(self, signal: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
        """θ and θ′ of ``signal`` (a notation's symbol, say) instead of :attr:`signal`."""
        swap = {self.signal: signal}
        return self.forward.xreplace(swap), self.derivative.xreplace(swap)
