"""Formula nodes for rows of values over time (:mod:`chainrule.explain.formula_nodes` holds the
others): a vector's norm ``‖δ⁽⁶⁾‖_RNN`` and the gates of one time step ``(i, f, g, o)⁽¹⁾``.
Printed in each format by :mod:`chainrule.render.vector_items`.

>>> from chainrule.explain.formula_nodes import symbol
>>> Tupled((symbol("i"), symbol("f")), sup=symbol("t")).items[1]
f
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Norm:
    """``‖item‖``, the Euclidean norm of a vector, with an upright ``label`` as its subscript:
    ``‖δ⁽⁶⁾‖_RNN``."""

    item: Any
    label: str = ""


@dataclass(frozen=True)
class Tupled:
    """Formulas in parentheses, separated by commas, raised to ``sup`` (a formula) if given:
    the gates of one time step, ``(i, f, g, o)⁽¹⁾``."""

    items: tuple[Any, ...]
    sup: Any = None
