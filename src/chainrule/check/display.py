"""How a check writes numbers; formulas and symbol names are printed by
:mod:`chainrule.calculus.printing` (``x_1^(L)`` → ``x₁⁽ᴸ⁾``, ``dC/da_j`` → ``∂C/∂aⱼ``)."""

from __future__ import annotations

from chainrule.calculus.printing import TextPrinter
from chainrule.explain.formula_nodes import Number

_TEXT = TextPrinter()


def value_text(value: float, digits: int = 4) -> str:
    """A number as people read it, as explanations write it, to 4 significant digits:
    ``−0.72``, ``2.54``, ``1.5 × 10⁻⁷``."""
    return _TEXT.number(Number(value, digits=digits).text())


def distinct_texts(a: float, b: float) -> tuple[str, str]:
    """Two different numbers written with as few digits (at least 4) as show they differ:
    ``1.10001`` and ``1.1``, not ``1.1`` twice. Equal doubles are written to 4 digits."""
    if a == b:
        return value_text(a), value_text(b)
    for digits in range(4, 18):
        first, second = value_text(a, digits), value_text(b, digits)
        if first != second:
            break
    return first, second
