"""Evaluating a matrix claim's tree on the network's arrays, shapes checked at every step.

A product whose shapes do not fit is a :class:`ShapeMismatch` with a sentence for the learner
("element-wise product where the matrix product is needed"); every name read is recorded with
its meaning and shape, so the verdict can echo how the claim was read.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.check.matrix_names import Arrays, sample_count
from chainrule.check.matrix_nodes import LETTERS, Name, Node
from chainrule.errors import ConfigError

_NUMPY = {"tanh": np.tanh, "exp": np.exp, "log": np.log}
#: Which index letters of a sum run over the samples, and which over the units of a layer.
SAMPLE_INDICES = ("n", "i", "N", "m", "t", "s")


class ShapeMismatch(Exception):
    """The claim cannot be evaluated: two shapes do not fit; ``message`` says how."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(str(n) for n in shape) if shape else "a number"


class MatrixEvaluator:
    """Evaluates one tree; ``meanings`` collects how each name was read, ``unit_sums`` the
    sums taken over a layer's units rather than the samples."""

    def __init__(self, arrays: Arrays, binder: Any, per_sample: bool) -> None:
        self.arrays, self.binder, self.per_sample = arrays, binder, per_sample
        self.meanings: dict[str, str] = {}
        self.unit_sums: list[str] = []

    def __call__(self, node: Node) -> Any:
        with np.errstate(all="ignore"):  # 1/0 is inf, log of a negative NaN: a wrong claim
            return self._value(node)

    def _value(self, node: Node) -> Any:
        kind = node[0]
        if kind == "num":
            return np.float64(node[1])
        if kind == "name":
            return self._name(node[1])
        if kind == "neg":
            return -self(node[1])
        if kind == "T":
            value = self(node[1])
            return value.T if isinstance(value, np.ndarray) else value
        if kind == "pow":
            return self(node[1]) ** node[2]
        if kind in ("add", "sub"):
            return self._add(node)
        if kind == "matmul":
            return self._matmul(self(node[1]), self(node[2]), node[4])
        if kind == "emul":
            return self._emul(self(node[1]), self(node[2]), node[4])
        if kind == "div":
            return self._div(self(node[1]), self(node[2]))
        if kind == "sum":
            return self._sum(self(node[1]), node[2])
        if kind == "npsum":
            return self._npsum(self(node[1]), node[2], node[3])
        if kind == "grad":
            return self._gradient(node[1])
        return self._call(node)

    def _name(self, name: Name) -> Any:
        if sample_count(name):
            self.meanings[str(name)] = f"read {name} as the number of samples, {self.arrays.N}"
            return np.float64(self.arrays.N)
        bound = self.binder(name, self.arrays, self.per_sample)
        value = bound.value
        self.meanings[str(name)] = f"read {name} as {bound.text}, {shape_text(value.shape)}"
        return value

    def _gradient(self, name: Name) -> Any:
        """``∂e/∂x^{(L)}``: the loss's gradient by a layer's outputs, signals or weights."""
        bound = self.binder(name, self.arrays, self.per_sample, gradient=True)
        value = bound.value
        self.meanings[f"∂{name}"] = f"read ∂/∂{name} as {bound.text}, {shape_text(value.shape)}"
        return value

    def _add(self, node: Node) -> Any:
        left, right = self(node[1]), self(node[2])
        if _fits(left, right):
            return left + right if node[0] == "add" else left - right
        raise ShapeMismatch(f"cannot add a {shape_text(left.shape)} matrix and a "
                            f"{shape_text(right.shape)} one")

    def _matmul(self, left: Any, right: Any, written: str) -> Any:
        if not isinstance(left, np.ndarray) or not isinstance(right, np.ndarray):
            return left * right
        if left.shape[-1] == right.shape[0]:
            return left @ right
        if not written and left.shape == right.shape and left.shape[-1] == 1:
            # two column vectors side by side, a^l(1 - a^l): no matrix product exists, and
            # one sample's vectors are multiplied entry by entry as the courses write them
            self.meanings["side by side"] = ("read two column vectors written side by side "
                                             "as their element-wise product ⊙")
            return left * right
        if left.shape == right.shape and not written.startswith("np."):
            raise ShapeMismatch(f"a matrix product where the element-wise product ⊙ is "
                                f"needed: both factors are {shape_text(left.shape)}")
        hint = ""
        if left.shape[-1] == right.T.shape[0] or left.T.shape[-1] == right.shape[0]:
            hint = "; a transpose is missing or misplaced"
        raise ShapeMismatch(f"the matrix product of a {shape_text(left.shape)} and a "
                            f"{shape_text(right.shape)} matrix is not defined{hint}")

    def _emul(self, left: Any, right: Any, written: str) -> Any:
        if not isinstance(left, np.ndarray) or not isinstance(right, np.ndarray):
            return left * right
        if left.shape == right.shape:
            return left * right
        if left.shape[-1] == right.shape[0]:
            raise ShapeMismatch(f"element-wise product {written} where the matrix product is "
                                f"needed: {shape_text(left.shape)} and "
                                f"{shape_text(right.shape)} differ, but they multiply as "
                                "matrices")
        raise ShapeMismatch(f"the element-wise product {written} of a "
                            f"{shape_text(left.shape)} and a {shape_text(right.shape)} matrix "
                            "is not defined")

    @staticmethod
    def _div(left: Any, right: Any) -> Any:
        if isinstance(right, np.ndarray) and not (isinstance(left, np.ndarray)
                                                  and left.shape == right.shape):
            raise ShapeMismatch("a division by a matrix: divide by a number, or write ⊙ with "
                                "the reciprocal")
        return left / right

    def _sum(self, value: Any, index: str) -> Any:
        _matrix(value, "a sum over an index")
        axis = self._sample_axis()
        if index not in SAMPLE_INDICES:
            axis = 1 - axis
            self.unit_sums.append(index)
        return np.sum(value, axis=axis, keepdims=True)

    def _npsum(self, value: Any, axis: int | None, keep: bool) -> Any:
        if axis is not None and not -2 <= axis <= 1:
            raise ShapeMismatch(f"np.sum over axis {axis}: a matrix has the axes 0 (rows) and "
                                "1 (columns)")
        if axis is not None:
            _matrix(value, f"np.sum over axis {axis}")
        if axis is None:
            self.unit_sums.append("all")
            return float(np.sum(value))
        if axis % 2 != self._sample_axis():
            self.unit_sums.append(f"axis={axis}")
        return np.sum(value, axis=axis, keepdims=keep)

    def _sample_axis(self) -> int:
        return 1 if self.arrays.column else 0

    def _call(self, node: Node) -> Any:
        _, function, primes, argument, pos, tag = node
        value = self(argument)
        if function in _NUMPY:
            return _NUMPY[function](value)
        layer = self._argument_layer(argument, tag)
        op = self.arrays.ops.activation(layer)
        if not op.elementwise:
            raise ConfigError(f"{_letter(function)} of layer {layer} is the {op.name}, which is "
                              "not elementwise; write its outputs instead")
        z = self.arrays.batch_first(value)
        result = op.derivative(z, op.forward(z)) if primes else op.forward(z)
        kink = _kink(op) if primes else ""
        what = "the derivative of " if primes else ""
        self.meanings[f"{function}{primes}{layer}"] = (
            f"read {_letter(function)}{'′' * primes}(…) at position {pos} as {what}layer "
            f"{layer + self.arrays.notation.pre_offset}'s activation, {op.name}{kink}")
        return self.arrays.laid(result)

    def _argument_layer(self, argument: Node, tag: str) -> int:
        if tag:
            return self.arrays.tag_layer(tag, self.arrays.notation.pre_offset,
                                         Name("g", "", tag, 0))
        if argument[0] == "name":
            bound = self.binder(argument[1], self.arrays, self.per_sample)
            if bound.kind == "pre":
                return bound.layer
        raise ConfigError("the argument of an activation letter must be a layer's signal, as "
                          "in σ′(z^{(l)}), so that its layer is known")


def _matrix(value: Any, what: str) -> None:
    """Raise unless ``value`` is a matrix, as a sum over one of its axes needs."""
    if not isinstance(value, np.ndarray) or value.ndim != 2:
        found = shape_text(np.shape(value))
        raise ShapeMismatch(f"{what} needs a matrix; it is applied to {found}")


def _fits(left: Any, right: Any) -> bool:
    if not isinstance(left, np.ndarray) or not isinstance(right, np.ndarray):
        return True
    if left.shape == right.shape:
        return True
    # a bias row (1 × n) or column (n × 1) added to every sample
    return left.ndim == right.ndim == 2 and (
        (1 in (left.shape[0], right.shape[0]) and left.shape[1] == right.shape[1])
        or (1 in (left.shape[1], right.shape[1]) and left.shape[0] == right.shape[0]))


def _kink(op: Any) -> str:
    """``" (relu′(0) = 0, as in PyTorch)"`` for an activation with a kink at 0."""
    import sympy

    if not op.symbolic(sympy.Symbol("z")).has(sympy.Max, sympy.Piecewise):
        return ""
    zero = np.zeros((1, 1))
    return f" ({op.name}′(0) = {op.derivative(zero, op.forward(zero))[0, 0]:g}, as in PyTorch)"


def _letter(function: str) -> str:
    return {"theta": "θ", "sigma": "σ"}.get(function, function) if function in LETTERS else \
        function
