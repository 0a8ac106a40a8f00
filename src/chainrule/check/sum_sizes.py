r"""Sums in the free form without a size: ``\sum_k (t_k - a_k)^2``, ``\|x\|^2``,
``\sum_i \sum_j W_{ij}^2``, ``\sum_{k=1}^{K}`` with K not given.

A claim about such a sum holds at every size or it is wrong, so it is checked with the sums
written out at several sizes (k = 1..3 and k = 1..4), and the echo says so. The variable is one
entry (``--wrt a_1``, ``--wrt W_12``), or an entry at the sum's own index (``--wrt a_k``, then
taken at k = 2). A vector (``--wrt x`` where the sum runs over x_i) or an index left outside any
sum with the variable not at it is refused: either would be a guess.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import sympy

from chainrule.calculus.functions import IndexSum, UnitSet
from chainrule.calculus.sums import at_index, expand_sums
from chainrule.calculus.symbols import symbol_parts, uses_index
from chainrule.errors import ParseError

SIZES = (3, 4)
_AT = "2"  # the entry an index outside the sums is taken at (--wrt a_k)


@dataclass(frozen=True)
class Written:
    """The claim, the function, the variable and the intermediates at one size."""

    size: int
    claim: sympy.Expr
    of: sympy.Expr
    wrt: sympy.Symbol
    where: dict[sympy.Symbol, sympy.Expr]


def _sums(exprs: list[sympy.Expr]) -> list[IndexSum]:
    return [node for expr in exprs for node in expr.atoms(IndexSum)]


def written_at_sizes(claim: sympy.Expr, of: sympy.Expr, wrt: sympy.Symbol,
                     where: Mapping[sympy.Symbol, sympy.Expr]) -> list[Written] | None:  # fmt: skip
    """The problem written out at each size of :data:`SIZES`; None if it has no sums.

    Raises
    ------
    ParseError
        For a sum over a named set of units, a vector variable, or an index outside the sums.
    """
    sums = _sums([claim, of, *where.values()])
    if not sums:
        return None
    if any(isinstance(node.upper, UnitSet) for node in sums):
        raise ParseError("a sum over outputs or Downstream(h) is read in a claim about a "
                         "network (--example, --model)")  # fmt: skip
    indices = sorted({node.index.name for node in sums})
    uppers = {node.upper for node in sums if node.upper is not None}
    _refuse_a_vector(wrt, sums)
    at = [i for i in indices if uses_index(wrt, i)]
    return [_at_size(size, claim, of, wrt, where, indices, uppers, at) for size in SIZES]


def _at_size(size: int, claim: sympy.Expr, of: sympy.Expr, wrt: sympy.Symbol,
             where: Mapping[sympy.Symbol, sympy.Expr], indices: list[str], uppers: set,
             at: list[str]) -> Written:  # fmt: skip
    sizes = dict.fromkeys(uppers, sympy.Integer(size))

    def out(expr: sympy.Expr) -> sympy.Expr:
        expr = expand_sums(expr.xreplace(sizes), dict.fromkeys(indices, size))
        for index in at:
            expr = at_index(expr, index, _AT)
        return expr

    entries: dict[sympy.Symbol, sympy.Expr] = {}
    for name, value in where.items():
        for label_name, label_value in _entries(name, value, indices, size):
            entries[out(label_name)] = out(label_value)
    written = Written(size, out(claim), out(of), out(wrt), entries)
    for expr in (written.claim, written.of):
        _refuse_a_free_index(expr, indices, written.wrt)
    return written


def _entries(name: sympy.Symbol, value: sympy.Expr, indices: list[str],
             size: int) -> Iterator[tuple[sympy.Expr, sympy.Expr]]:  # fmt: skip
    """``a_k = σ(z_k)`` given for every k: one intermediate per entry."""
    carried = [i for i in indices if uses_index(name, i) and name.name != i]
    if not carried:
        yield name, value
        return
    index = carried[0]
    for label in range(1, size + 1):
        yield at_index(name, index, str(label)), at_index(value, index, str(label))


def _refuse_a_vector(wrt: sympy.Symbol, sums: list[IndexSum]) -> None:
    parts = symbol_parts(wrt)
    if parts.subscript:
        return
    for node in sums:
        for symbol in node.body.free_symbols:
            inner = symbol_parts(symbol)
            if inner.base == parts.base and uses_index(symbol, node.index.name):
                raise ParseError(f"{wrt} is a vector here (the sum runs over {symbol}): "
                                 f"differentiate by one entry, --wrt {parts.base}_1 or "
                                 f"{parts.base}_{node.index.name}")  # fmt: skip


def _refuse_a_free_index(expr: sympy.Expr, indices: list[str], wrt: sympy.Symbol) -> None:
    for symbol in expr.free_symbols:
        for index in indices:
            if uses_index(symbol, index):
                raise ParseError(f"{symbol_parts(symbol).base}_{index} stands outside any sum "
                                 f"over {index}; to mean one entry, differentiate by it "
                                 f"(--wrt {_with(wrt, index)})")  # fmt: skip


def _with(wrt: sympy.Symbol, index: str) -> str:
    return f"{symbol_parts(wrt).base}_{index}"



def sizes_note(written: list[Written], indices: list[str]) -> str:
    """"wrote out the sums over k at k = 1..3, then at k = 1..4: both checked"."""
    names = ", ".join(indices)
    spans = ", then at ".join(f"1..{w.size}" for w in written)
    return f"wrote out the sums over {names} at {spans}: the claim is checked at each size"
