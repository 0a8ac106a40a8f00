"""A notation's name as a SymPy symbol, so that names can be multiplied, summed and derived."""

from __future__ import annotations

from typing import Any

import sympy

from chainrule.calculus.math_names import MathName
from chainrule.calculus.printing.latex import name_latex


class NotationSymbol(sympy.Symbol):
    """A notation's name (:class:`~chainrule.calculus.math_names.MathName`) as a SymPy symbol.

    The symbol's ``name`` is the name's LaTeX (``s_{1}^{(L)}``), which keeps two symbols of one
    name equal; ``math_name`` holds the tree the printers write. Made from a LaTeX string
    (the older way, still used by some explanations), ``math_name`` is None and the printers
    read the LaTeX.
    """

    math_name: MathName | None = None

    def __new__(cls, name: MathName | str, **assumptions: Any) -> NotationSymbol:
        if not isinstance(name, MathName):
            return super().__new__(cls, name, **assumptions)
        symbol = super().__new__(cls, name_latex(name), **assumptions)
        symbol.math_name = name  # SymPy may hand back the cached symbol of this LaTeX
        return symbol

    def __getnewargs_ex__(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.math_name or self.name,), {}
