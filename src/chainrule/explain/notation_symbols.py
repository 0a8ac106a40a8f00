"""A notation's name as a SymPy symbol, so that names can be multiplied, summed and derived."""

from __future__ import annotations

from typing import Any, ClassVar

import sympy

from chainrule.calculus.math_names import MathName
from chainrule.calculus.printing.latex import name_latex


class NotationSymbol(sympy.Symbol):
    """A notation's name (:class:`~chainrule.calculus.math_names.MathName`) as a SymPy symbol.

    The symbol's ``name`` is the name's LaTeX (``s_{1}^{(L)}``), which keeps two symbols of one
    name equal; ``math_name`` is the tree the printers write. A symbol is made from a tree
    only, and its tree is looked up by its ``name`` in one table filled as symbols are made,
    so a symbol SymPy hands back from its cache, or rebuilds, has its tree (the table is the
    symbol's identity: two trees written alike get two names).

    >>> NotationSymbol(MathName("w", "53")).math_name
    MathName(base='w', sub='53', sup='', accent='', upright=False, bold=False, prefix='')
    """

    _trees: ClassVar[dict[str, MathName]] = {}

    def __new__(cls, name: MathName, **assumptions: Any) -> NotationSymbol:
        if not isinstance(name, MathName):
            raise TypeError(f"a notation's symbol is made from its name tree (MathName); "
                            f"got {type(name).__name__} {name!r}")
        latex = name_latex(name)
        while cls._trees.setdefault(latex, name) != name:
            latex += "{}"  # another tree written alike: an empty group keeps them apart
        return super().__new__(cls, latex, **assumptions)

    @property
    def math_name(self) -> MathName:
        """The name's tree."""
        return self._trees[self.name]

    def __getnewargs_ex__(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.math_name,), {}
