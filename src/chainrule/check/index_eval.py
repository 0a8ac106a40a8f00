"""Evaluating an index-notation formula (:mod:`chainrule.check.index_read`) on named arrays.

Every index letter is one axis of a grid; an array read at affine indices is gathered on the
grid (entries outside the array read as 0, as a padded correlation reads them), a sum adds
its letters' axes. The ranges are the arrays' own: a letter's range is the size of every axis
it indexes on its own (``dY[i,j]``: ``i`` runs over dY's rows); sizes that disagree, or a
letter that never indexes an axis on its own, are refused rather than guessed.
"""

from __future__ import annotations

import numpy as np

from chainrule.check.index_tree import Access, Affine, IndexOp, Sum
from chainrule.errors import ParseError

GRID = 2_000_000  # entries of the index grid, all letters together


class IndexEvaluator:
    """``arrays`` by name (scalars are 0-d); ``free`` the left side's letters and ranges."""

    def __init__(self, arrays: dict[str, np.ndarray], free: dict[str, int], text: str) -> None:
        self.arrays, self.text = arrays, text
        self.ranges: dict[str, int] = dict(free)
        self.order: list[str] = list(free)
        self.free = tuple(free)

    def error(self, message: str, pos: int = 0) -> ParseError:
        return ParseError(message, self.text, pos)

    def value(self, node: object) -> np.ndarray:
        """The formula on the grid of the free letters, shape ``(ranges of free letters)``."""
        node = self._bind(node, {letter: letter for letter in self.free})
        size = max(self._largest(node)[1], int(np.prod([self.ranges[k] for k in self.free])))
        if size > GRID:
            raise self.error(f"the sums span {size} index combinations, more than {GRID}")
        out = self._eval(node)
        free = tuple(self.ranges[k] for k in self.free)
        out = out.reshape(_grid_shape(out, len(self.order)))  # summed axes are 1 by now
        grid = free + (1,) * (len(self.order) - len(free))
        return np.broadcast_to(out, grid).reshape(free).copy()

    # binding: every letter's range, before any evaluation; each sum's letters get axes of
    # their own (``Σ_k a[k] − Σ_k b[k]`` uses two), named ``k#1``, ``k#2`` in the tree
    def _bind(self, node: object, scope: dict[str, str]) -> object:
        if isinstance(node, Sum):
            inner = dict(scope)
            for letter in node.letters:
                if letter in scope:
                    raise self.error(f"the sum's index {letter} is already in use", node.pos)
                key = f"{letter}#{len(self.order)}"
                self.ranges[key] = self._range(letter, node.body, node.pos)
                self.order.append(key)
                inner[letter] = key
            body = self._bind(node.body, inner)
            return Sum(tuple(inner[k] for k in node.letters), body, node.pos)
        if isinstance(node, IndexOp):
            return IndexOp(node.kind, tuple(self._bind(arg, scope) for arg in node.args))
        if isinstance(node, Access):
            self._array(node)
            for affine in node.indices:
                for _, letter in affine.terms:
                    if letter not in scope:
                        raise self.error(f"the index {letter} is neither on the left nor "
                                         f"summed over; free indices: "
                                         f"{', '.join(self.free) or 'none'}", node.pos)
            return Access(node.name, tuple(Affine(tuple((k, scope[letter]) for k, letter
                                                        in a.terms), a.constant)
                                           for a in node.indices), node.pos)
        return node

    def _largest(self, node: object) -> tuple[set[str], int]:
        """The letters ``node``'s value varies in, and the size of the largest array its
        evaluation makes (an array varies only in the letters it reads; a sum spans its own
        letters, then drops them)."""
        if isinstance(node, Access):
            used = {letter for a in node.indices for _, letter in a.terms}
            return used, self._size(used)
        if isinstance(node, Sum):
            inside, largest = self._largest(node.body)
            spanned = inside | set(node.letters)
            return spanned - set(node.letters), max(largest, self._size(spanned))
        if isinstance(node, IndexOp):
            parts = [self._largest(arg) for arg in node.args]
            used = set().union(*(letters for letters, _ in parts))
            return used, max([self._size(used), *(size for _, size in parts)])
        return set(), 1

    def _size(self, letters: set[str]) -> int:
        return int(np.prod([self.ranges[k] for k in letters]))

    def _range(self, letter: str, body: object, pos: int) -> int:
        sizes = self._sizes(letter, _accesses(body))
        factors = self._sizes(letter, _factors(body))
        if len(sizes) > 1 and factors and min(factors) == min(sizes):
            # the smallest array is a factor of the summed product: beyond its range every
            # term is 0 (reads outside an array are 0), so the smallest range is the sum's
            return min(sizes)
        if len(sizes) != 1:
            why = ("it never indexes an array on its own, so its range is unknown"
                   if not sizes else f"the arrays it indexes disagree on its range "
                   f"{sorted(sizes)}")
            raise self.error(f"cannot tell the range of the summed index {letter}: {why}", pos)
        return sizes.pop()

    def _sizes(self, letter: str, accesses: list[Access]) -> set[int]:
        """The sizes of the axes ``letter`` indexes on its own in ``accesses``."""
        return {size for access in accesses for size, affine
                in zip(self._shape(access), self._padded(access), strict=True)
                if affine.terms == ((1, letter),) and affine.constant == 0}

    def _array(self, access: Access) -> np.ndarray:
        if access.name not in self.arrays:
            raise self.error(f"{access.name} is not a name here; names: "
                             f"{', '.join(sorted(self.arrays))}", access.pos)
        array = self.arrays[access.name]
        extra = array.ndim - len(access.indices)
        if extra < 0 or any(size != 1 for size in array.shape[:extra]):
            raise self.error(f"{access.name} has shape {array.shape}: give "
                             f"{array.ndim} indices (leading axes of size 1 may be left out); "
                             f"got {len(access.indices)}", access.pos)
        return array

    def _shape(self, access: Access) -> tuple[int, ...]:
        return self._array(access).shape

    def _padded(self, access: Access) -> tuple[Affine, ...]:
        """The indices with the left-out leading axes (of size 1) as 0."""
        extra = self._array(access).ndim - len(access.indices)
        return (Affine((), 0),) * extra + access.indices

    # evaluation on the grid
    def _eval(self, node: object) -> np.ndarray:
        if isinstance(node, float):
            return np.asarray(node)
        if isinstance(node, Access):
            return self._gather(node)
        if isinstance(node, Sum):
            axes = tuple(self.order.index(k) for k in node.letters)
            body = self._eval(node.body)
            body = body.reshape(_grid_shape(body, len(self.order)))
            full = [1] * len(self.order)
            for axis in axes:  # a term constant in a letter still counts once per value
                full[axis] = self.ranges[self.order[axis]]
            body = np.broadcast_to(body, np.broadcast_shapes(body.shape, tuple(full)))
            return body.sum(axis=axes, keepdims=True)
        args = [self._eval(a) for a in node.args]
        with np.errstate(all="ignore"):
            if node.kind == "neg":
                return -args[0]
            if node.kind in ("sqrt", "tanh"):
                return {"sqrt": np.sqrt, "tanh": np.tanh}[node.kind](args[0])
            a, b = _aligned(*args)
            return {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide,
                    "^": np.power}[node.kind](a, b)

    def _gather(self, access: Access) -> np.ndarray:
        array = self._array(access)
        n = len(self.order)
        index, inside = [], np.asarray(True)
        for affine, size in zip(self._padded(access), array.shape, strict=True):
            at = np.asarray(affine.constant).reshape((1,) * n) if n else np.asarray(
                affine.constant)
            for k, letter in affine.terms:
                axis = self.order.index(letter)
                shape = [1] * n
                shape[axis] = self.ranges[letter]
                at = at + k * np.arange(self.ranges[letter]).reshape(shape)
            inside = inside & (at >= 0) & (at < size)
            index.append(np.clip(at, 0, size - 1))
        if not index:
            return np.asarray(array, dtype=float).reshape((1,) * n)
        values = array[tuple(np.broadcast_arrays(*index))]
        return np.where(np.broadcast_to(inside, values.shape), values, 0.0)


def _accesses(node: object) -> list[Access]:
    if isinstance(node, Access):
        return [node]
    if isinstance(node, Sum):
        return _accesses(node.body)
    if isinstance(node, IndexOp):
        return [a for arg in node.args for a in _accesses(arg)]
    return []


def _factors(node: object) -> list[Access]:
    """The arrays that multiply the whole of ``node`` (not inside a sum, a ± or a divisor)."""
    if isinstance(node, Access):
        return [node]
    if isinstance(node, IndexOp) and node.kind in ("*", "neg"):
        return [a for arg in node.args for a in _factors(arg)]
    if isinstance(node, IndexOp) and node.kind == "/":
        return _factors(node.args[0])
    return []


def _grid_shape(array: np.ndarray, ndim: int) -> tuple[int, ...]:
    return (*array.shape, *(1,) * (ndim - array.ndim))


def _aligned(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both operands with as many axes (scalars from numbers are 0-d)."""
    n = max(a.ndim, b.ndim)
    return a.reshape(_grid_shape(a, n)), b.reshape(_grid_shape(b, n))
