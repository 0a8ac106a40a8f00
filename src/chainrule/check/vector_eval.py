r"""Vectors and matrices of declared shapes, and a claim evaluated on their SymPy components.

``--where 'x: 3'`` declares a column vector of 3 (its entries ``x_1 … x_3``), ``--where 'W: 2x3'``
a 2×3 matrix (``W_11 … W_23``). A formula is read by the matrix grammar of
:mod:`chainrule.check.matrix_read` and evaluated here on those component matrices: ``x^T x`` is
a number, ``W x - y`` a 2×1 vector, ``‖W x − y‖²`` and ``sum(W x)`` numbers. A 1×1 result is a
number; a number added to a matrix is added to each entry (``1 − a``). Shapes that do not fit
are a :class:`ShapeError` naming both.
"""

from __future__ import annotations

import re

import sympy

from chainrule.check.matrix_nodes import Name, Node
from chainrule.check.matrix_read import MatrixReader
from chainrule.errors import ConfigError, ParseError, ShapeError

SIZE = 6  # entries per dimension of a declared shape
NAMES = 8  # declared names
_SHAPE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)?)\s*:\s*(\d{1,3})\s*"
                    r"(?:[x×]\s*(\d{1,3})\s*)?$")
_FUNCTIONS = {"tanh": sympy.tanh, "exp": sympy.exp, "log": sympy.log}
_NORM = re.compile(r"‖|\\\|")

Value = sympy.Expr | sympy.Matrix


def is_shape(item: str) -> bool:
    """Whether a ``--where`` item declares a shape (``x: 3``) rather than ``NAME=EXPR``."""
    return ":" in item and "=" not in item


def read_shapes(items: list[str]) -> dict[str, tuple[int, int]]:
    """``["x: 3", "W: 2x3"]`` → ``{"x": (3, 1), "W": (2, 3)}``; refused past :data:`SIZE`."""
    shapes: dict[str, tuple[int, int]] = {}
    for item in items:
        found = _SHAPE.match(item)
        if not found:
            raise ConfigError("a shape in --where is NAME: N for a column vector of N or "
                              f"NAME: MxN for an M×N matrix, e.g. --where 'W: 2x3'; got {item!r}")
        name, rows, columns = found[1], int(found[2]), int(found[3] or 1)
        if not (1 <= rows <= SIZE and 1 <= columns <= SIZE):
            raise ConfigError(f"{name}: {rows}×{columns} is too large to check entry by entry: "
                              f"at most {SIZE} per dimension")
        shapes[name] = (rows, columns)
    if len(shapes) > NAMES:
        raise ConfigError(f"at most {NAMES} declared shapes; got {len(shapes)}")
    return shapes


def components(name: str, shape: tuple[int, int]) -> sympy.Matrix:
    """The matrix of ``name``'s entries: ``x_1 … x_n`` for a vector, ``W_ij`` for a matrix."""
    rows, columns = shape
    if columns == 1:
        return sympy.Matrix(rows, 1, lambda i, _: sympy.Symbol(f"{name}_{i + 1}", real=True))
    return sympy.Matrix(rows, columns,
                        lambda i, j: sympy.Symbol(f"{name}_{i + 1}{j + 1}", real=True))


def shape_of(value: Value) -> str:
    return f"{value.rows}×{value.cols}" if isinstance(value, sympy.MatrixBase) else "a number"


def evaluate(text: str, matrices: dict[str, sympy.Matrix]) -> Value:
    """The value of ``text`` on the component ``matrices`` (a number or a matrix)."""
    rewritten, origin = _norms(text)
    try:
        tree = MatrixReader(rewritten).read()
    except ParseError as error:
        position = None if error.position is None else origin[min(error.position,
                                                                  len(origin) - 1)]
        raise ParseError(error.reason, text, position) from None
    return _Evaluator(matrices)(tree)


def _norms(text: str) -> tuple[str, list[int]]:
    """``‖E‖`` and ``\\|E\\|`` become ``(norm(E))``; ``origin`` maps each new character to
    its position in ``text``, so that an error points at what was typed."""
    out, origin, opening, last = [], [], True, 0
    for found in _NORM.finditer(text):
        out.append(text[last:found.start()])
        origin.extend(range(last, found.start()))
        piece = "(norm(" if opening else "))"
        out.append(piece)
        origin.extend([found.start()] * len(piece))
        opening, last = not opening, found.end()
    out.append(text[last:])
    origin.extend(range(last, len(text) + 1))
    if not opening:
        raise ParseError("a norm ‖…‖ is not closed", text, len(text))
    return "".join(out), origin


class _Evaluator:
    """Evaluates a tree of :mod:`chainrule.check.matrix_read` on SymPy matrices."""

    def __init__(self, matrices: dict[str, sympy.Matrix]) -> None:
        self.matrices = matrices

    def __call__(self, node: Node) -> Value:
        kind = node[0]
        if kind == "num":
            return sympy.nsimplify(node[1])
        if kind == "name":
            return self._name(node[1])
        if kind == "neg":
            return -self(node[1])
        if kind == "T":
            value = self(node[1])
            return value.T if isinstance(value, sympy.MatrixBase) else value
        if kind == "pow":
            return self._power(self(node[1]), node[2])
        if kind in ("add", "sub"):
            return self._add(node)
        if kind in ("matmul", "emul"):
            return self._product(node)
        if kind == "div":
            return self._divide(self(node[1]), self(node[2]))
        if kind == "call" and node[1] in _FUNCTIONS and not node[2]:
            value = self(node[3])
            function = _FUNCTIONS[node[1]]
            return value.applyfunc(function) if isinstance(value, sympy.MatrixBase) \
                else function(value)
        if kind == "npsum" and node[2] is None:
            return _number(sum(_entries(self(node[1]))))
        raise ConfigError("a vector claim is built from the declared names with +, −, "
                          "products, ᵀ, powers of numbers, tanh/exp/log, sum(…) and ‖…‖; "
                          f"this one uses something else ({kind})")

    def _name(self, name: Name) -> Value:
        key = f"{name.base}_{name.sub}" if name.sub else name.base
        if key in self.matrices and not name.tag:
            return self.matrices[key]
        if not name.sub and not name.tag and len(key) > 1 and all(
                letter in self.matrices for letter in key):  # Wx: W times x
            value: Value = self.matrices[key[0]]
            for letter in key[1:]:
                value = _multiply(value, self.matrices[letter], "")
            return value
        declared = ", ".join(self.matrices)
        raise ConfigError(f"{name} has no declared shape (declared: {declared}); declare it "
                          f"with --where '{key}: 3' (a vector of 3) or --where '{key}: 2x3'")

    def _product(self, node: Node) -> Value:
        left_node = node[1]
        if node[0] == "matmul" and left_node[0] == "name" and left_node[1].base in (
                "sum", "norm") and left_node[1].base not in self.matrices:
            inner = self(node[2])  # sum(W x), norm(W x − y)
            entries = _entries(inner)
            total = sum(entries) if left_node[1].base == "sum" else \
                sympy.sqrt(sum(e**2 for e in entries))
            return _number(total)
        left, right = self(node[1]), self(node[2])
        if node[0] == "emul":
            if isinstance(left, sympy.MatrixBase) and isinstance(right, sympy.MatrixBase):
                if left.shape != right.shape:
                    raise ShapeError(f"the element-wise product of a {shape_of(left)} and a "
                                     f"{shape_of(right)} matrix is not defined")
                return left.multiply_elementwise(right)
            return left * right
        return _multiply(left, right, node[4])

    def _add(self, node: Node) -> Value:
        left, right = self(node[1]), self(node[2])
        left, right = _spread(left, right), _spread(right, left)  # 1 − a: every entry
        if isinstance(left, sympy.MatrixBase) and left.shape != right.shape:
            raise ShapeError(f"cannot add a {shape_of(left)} and a {shape_of(right)} matrix")
        return left + right if node[0] == "add" else left - right

    @staticmethod
    def _power(value: Value, exponent: float) -> Value:
        power = sympy.nsimplify(exponent)
        if not isinstance(value, sympy.MatrixBase):
            return value**power
        if value.rows == value.cols and power.is_integer and power >= 1:
            return value**power
        raise ShapeError(f"a power of a {shape_of(value)} matrix is not defined; for a vector "
                         "write x^T x or ‖x‖^2")

    @staticmethod
    def _divide(top: Value, bottom: Value) -> Value:
        if isinstance(bottom, sympy.MatrixBase):
            raise ShapeError(f"a division by a {shape_of(bottom)} matrix: divide by a number")
        return top / bottom


def _multiply(left: Value, right: Value, written: str) -> Value:
    if not isinstance(left, sympy.MatrixBase) or not isinstance(right, sympy.MatrixBase):
        return left * right
    if left.cols != right.rows:
        hint = "; a transpose is missing or misplaced" if left.rows == right.rows else ""
        raise ShapeError(f"the matrix product of a {shape_of(left)} and a {shape_of(right)} "
                         f"matrix is not defined{hint}")
    return _number(left * right)


def _spread(value: Value, other: Value) -> Value:
    """A number added to a matrix is added to each entry, as NumPy and the courses do."""
    if isinstance(other, sympy.MatrixBase) and not isinstance(value, sympy.MatrixBase):
        return sympy.Matrix(other.rows, other.cols, lambda i, j: value)
    return value


def _number(value: Value) -> Value:
    """A 1×1 matrix is a number: ``x^T x``."""
    if isinstance(value, sympy.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def _entries(value: Value) -> list[sympy.Expr]:
    return list(value) if isinstance(value, sympy.MatrixBase) else [value]
