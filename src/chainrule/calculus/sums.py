"""Write out sums over a named index once the index range is known."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sympy

from chainrule.calculus.functions import IndexSum
from chainrule.calculus.partials import partial_with_index
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
    labels = {str(index): [str(k) for k in range(1, _size(str(index), count) + 1)]
              for index, count in ranges.items()}
    return expand_sums_over(expr, labels)


def expand_sums_over(expr: sympy.Expr, labels: Mapping[str, Sequence[str]]) -> sympy.Expr:
    """Replace each sum over an index named in ``labels`` by one term per label.

    The labels are what the index is written as in the names, e.g. ``["5", "6"]`` for
    Mitchell's units numbered through the whole network; a symbol standing for a partial
    derivative (``∂C/∂a_j``) gets the label in both of its names.
    """
    return _expand(expr, {str(index): list(values) for index, values in labels.items()})


def _size(index: str, count: object) -> int:
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ConfigError(f"the range of index {index} must be a positive integer; got {count!r}")
    return count


def _expand(node: sympy.Basic, labels: dict[str, list[str]]) -> sympy.Basic:
    if not node.args:
        return node
    args = [_expand(arg, labels) for arg in node.args]
    if isinstance(node, IndexSum):
        body, index = args[0], node.index.name
        values = labels.get(index)
        upper = node.upper.name if node.upper is not None and node.upper.is_Symbol else None
        if upper in labels:  # \sum_{k=1}^{K} with K given: the size of K's range
            values = [str(k) for k in range(1, len(labels[upper]) + 1)]
        if values is not None:
            return sympy.Add(*[at_index(body, index, label) for label in values])
    return node.func(*args)


def at_index(body: sympy.Expr, index: str, label: str) -> sympy.Expr:
    """``body`` with the index set to ``label`` in every symbol's name (both names of a
    partial-derivative symbol) and, as a symbol, to the label's number."""
    mapping: dict[sympy.Basic, sympy.Basic] = {
        symbol: partial_with_index(symbol, index, label)
        for symbol in body.atoms(sympy.Symbol)
        if symbol.name != index
    }
    mapping[sympy.Symbol(index)] = (sympy.Integer(int(label)) if label.isdigit()
                                    else sympy.Symbol(label))
    return body.xreplace(mapping)


def write_out_sized_sums(
    expr: sympy.Expr, names: Mapping[sympy.Symbol, sympy.Expr]
) -> tuple[sympy.Expr, set[sympy.Symbol], list[str]]:
    """``K = 3`` among ``names`` for a sum up to K: the sum written out.

    Returns the expression, the names used as sizes (no longer names of the formula) and the
    notes that say so ("wrote out the sum up to K = 3").
    """
    uppers = {node.upper for node in expr.atoms(IndexSum) if node.upper is not None}
    sizes = {name: int(value) for name, value in names.items()
             if name in uppers and value.is_Integer and value > 0}
    if not sizes:
        return expr, set(), []
    notes = [f"wrote out the sum up to {name} = {size}" for name, size in sizes.items()]
    return expand_sums(expr, {str(name): size for name, size in sizes.items()}), set(sizes), notes
