"""How a check writes numbers; formulas and symbol names are printed by
:mod:`chainrule.calculus.printing` (``x_1^(L)`` → ``x₁⁽ᴸ⁾``, ``dC/da_j`` → ``∂C/∂aⱼ``)."""

from __future__ import annotations

from chainrule.calculus.printing import latex_to_text
from chainrule.explain.model import number


def value_text(value: float) -> str:
    """A number as people read it, as explanations write it, to 4 significant digits:
    ``−0.72``, ``2.54``, ``1.5 × 10⁻⁷``."""
    return latex_to_text(number(value, digits=4))
