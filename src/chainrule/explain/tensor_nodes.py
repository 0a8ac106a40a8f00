"""The formula nodes of the tensor explanations (a convolution's kernel, a recurrent
layer's weight) beside those of :mod:`chainrule.explain.formula_nodes`: an entry whose indices
are formulas, ``x̃_{n,c,si+u,sj+v}``, the indices under a sum, ``n,i,j``, and the terms of a
long sum left out. Printed in each format by
:mod:`chainrule.render.tensor_items`.

>>> from chainrule.explain.formula_nodes import symbol
>>> Indexed(symbol("x", accent="tilde"), (symbol("n"), 0)).indices[1]
0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Indices:
    """Indices side by side, a comma and no space between them: ``n,i,j`` under a sum."""

    items: tuple[Any, ...]


@dataclass(frozen=True)
class Indexed:
    """An entry of a tensor whose indices are formulas: ``x̃_{n,c,si+u,sj+v}``; ``base`` is
    a name, each index a name, a :class:`Number` or a formula of them."""

    base: Any
    indices: tuple[Any, ...]


@dataclass(frozen=True)
class LeftOut:
    """The terms of a long sum not written out: ``… (2 more terms)``."""

    count: int
