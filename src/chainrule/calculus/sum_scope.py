r"""The index of a sum is bound inside the sum's body and nowhere else.

``\sum_j (\delta_j) w_{j1}`` is one sum over the product ``δ_j w_j1``; in ``(\sum_j a_j) b_j`` or
``\sum_j a_j + b_j`` the ``b_j`` stands outside the sum, and writing it there is refused with its
position rather than read as a sum times a loose ``b_j``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy

from chainrule.calculus.symbols import uses_index
from chainrule.errors import ParseError


@dataclass(frozen=True)
class SumSpan:
    """Where a sum over ``index`` stands in the text: from its ``\\sum`` to the end of its body."""

    index: str
    start: int
    end: int


@dataclass(frozen=True)
class SymbolUse:
    """A symbol as read, and where its name starts in the text."""

    symbol: sympy.Symbol
    position: int


def check_sum_scopes(uses: Sequence[SymbolUse], spans: Sequence[SumSpan], text: str) -> None:
    """Refuse a symbol that carries a sum's index but stands outside every sum over it.

    Raises
    ------
    ParseError
        At the first such symbol.
    """
    indices = {span.index for span in spans}
    for use in uses:
        for index in sorted(indices):
            if not uses_index(use.symbol, index):
                continue
            if any(s.index == index and s.start <= use.position < s.end for s in spans):
                continue
            raise ParseError(f"{use.symbol.name} uses the index {index} of a sum over {index} "
                             f"but stands outside that sum; a sum's body is the product that "
                             f"follows it, up to a + or − or a closing bracket",
                             text, use.position)  # fmt: skip
