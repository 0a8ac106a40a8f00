"""Write out sums over a named index once the index range is known."""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from chainrule.calculus.functions import IndexSum
from chainrule.calculus.symbols import with_index
from chainrule.errors import ConfigError


def expand_sums(expr: sympy.Expr, ranges: Mapping[str | sympy.Symbol, int]) -> sympy.Expr:
    r"""Replace each sum over an index named in ``ranges`` by its terms ``1 .. n``.

    The index is substituted in the subscripts of the symbols of the summand, so
    ``\sum_{j} w_{ij} \delta_j`` with ``{"j": 2}`` becomes ``w_i1 δ_1 + w_i2 δ_2``. Sums over
    other indices are kept; nested sums are expanded from the inside out.

    Parameters
    ----------
    expr : sympy.Expr
        An expression that may contain :class:`~chainrule.calculus.functions.IndexSum`.
    ranges : mapping of str or Symbol to int
        Number of terms per index, e.g. ``{"j": 3}``.

    Returns
    -------
    sympy.Expr
        The expression with those sums written out.
    """
    sizes = {str(index): _size(str(index), count) for index, count in ranges.items()}
    return _expand(expr, sizes)


def _size(index: str, count: object) -> int:
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ConfigError(f"the range of index {index} must be a positive integer; got {count!r}")
    return count


def _expand(node: sympy.Basic, sizes: dict[str, int]) -> sympy.Basic:
    if not node.args:
        return node
    args = [_expand(arg, sizes) for arg in node.args]
    if isinstance(node, IndexSum) and node.index.name in sizes:
        body, index = args[0], node.index
        return sympy.Add(*[_at(body, index, k) for k in range(1, sizes[index.name] + 1)])
    return node.func(*args)


def _at(body: sympy.Expr, index: sympy.Symbol, value: int) -> sympy.Expr:
    """The summand with the index set to ``value`` in symbol names and as a symbol."""
    mapping: dict[sympy.Basic, sympy.Basic] = {
        symbol: with_index(symbol, index.name, str(value))
        for symbol in body.atoms(sympy.Symbol)
        if symbol != index
    }
    mapping[index] = sympy.Integer(value)
    return body.xreplace(mapping)
