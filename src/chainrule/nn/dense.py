"""A dense (fully connected) layer: parameters ``W``, ``b`` and the affine op."""

from __future__ import annotations

import numpy as np

from chainrule.errors import ConfigError, ShapeError
from chainrule.nn.init import initializer
from chainrule.ops import affine


class Dense:
    """``z = x W + b`` with ``W`` of shape ``(n_in, n_out)`` and ``b`` of shape ``(n_out,)``.

    Parameters
    ----------
    n_in, n_out : numbers of input and output units.
    bias : whether the layer has a bias ``b`` (Mitchell's 2-2-2 example has none).
    init : initializer name for ``W`` (see :mod:`chainrule.nn.init`); biases start at 0.
    scale : the range or std of the ``uniform`` and ``normal`` initializers.
    weights, biases : arrays to start from instead (shapes ``(n_in, n_out)``, ``(n_out,)``).
    """

    def __init__(
        self,
        n_in: int,
        n_out: int,
        bias: bool = True,
        init: str = "glorot",
        scale: float = 0.1,
        weights: np.ndarray | None = None,
        biases: np.ndarray | None = None,
    ) -> None:
        if int(n_in) < 1 or int(n_out) < 1:
            raise ConfigError(f"Dense needs at least one input and one output; got {n_in}→{n_out}")
        self.n_in, self.n_out, self.bias = int(n_in), int(n_out), bool(bias)
        self.init_name, self.scale = init, float(scale)
        initializer(init)  # fail early on a misspelt name
        self.W: np.ndarray = np.empty((0, 0))
        self.b: np.ndarray | None = None
        self._given = (weights, biases)
        self.grad_W: np.ndarray | None = None
        self.grad_b: np.ndarray | None = None
        self._slots: tuple[np.ndarray, np.ndarray | None] | None = None  # see `place`
        #: ``([W; b], ∂L/∂[W; b])`` as ``(n_in + 1, n_out)`` views (see `place`), or None
        self.stacked: tuple[np.ndarray, np.ndarray] | None = None

    def describe(self) -> str:
        return f"Dense {self.n_in}→{self.n_out}" + ("" if self.bias else " (no bias)")

    def __repr__(self) -> str:
        return f"Dense({self.n_in}, {self.n_out}, bias={self.bias})"

    def initialize(self, rng: np.random.Generator, dtype: np.dtype) -> None:
        """Draw ``W`` (or take the given arrays), zero ``b``, in ``dtype``."""
        weights, biases = self._given
        if weights is None:
            weights = initializer(self.init_name)(rng, self.n_in, self.n_out, self.scale)
        self.W = self._checked(weights, (self.n_in, self.n_out), "weights", dtype)
        if not self.bias:
            if biases is not None:
                raise ConfigError(f"{self.describe()} has no bias but `biases` were given")
            self.b = None
        else:
            start = np.zeros(self.n_out) if biases is None else biases
            self.b = self._checked(start, (self.n_out,), "biases", dtype)

    def _checked(self, values: np.ndarray, shape: tuple[int, ...], what: str, dtype) -> np.ndarray:
        array = np.array(values, dtype=dtype)  # a copy: the layer owns its parameters
        if array.shape != shape:
            raise ShapeError(
                f"{self.describe()} expects {what} of shape {shape}; got {array.shape}"
            )
        return array

    @property
    def parameters(self) -> list[np.ndarray]:
        return [self.W] if self.b is None else [self.W, self.b]

    @property
    def gradients(self) -> list[np.ndarray]:
        return [self.grad_W] if self.b is None else [self.grad_W, self.grad_b]  # type: ignore[list-item]

    @property
    def parameter_names(self) -> list[str]:
        return ["W"] if self.b is None else ["W", "b"]

    def forward(self, x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """``z = x W + b`` (written into ``out`` if given)."""
        return affine.forward(x, self.W, self.b, out=out)

    def backward(
        self, x: np.ndarray, z: np.ndarray | None, delta: np.ndarray, need_input_grad: bool = True
    ) -> np.ndarray | None:
        """Store ``grad_W``, ``grad_b`` from ``δ = ∂L/∂z``; return ``∂L/∂x`` if needed.
        (``z`` is not read: the gradients of an affine map need only ``x`` and ``δ``.)

        After :meth:`place` the gradients are written into their places (the same arrays
        each time); before, into new arrays.
        """
        slots = self._slots
        if slots is not None and not x.dtype == delta.dtype == slots[0].dtype:
            slots = None  # e.g. a float64 copy of a float32 network: never round down
        grad_x, self.grad_W, grad_b = affine.backward(x, self.W, delta, need_input_grad, slots)
        self.grad_b = grad_b if self.b is not None else None
        return grad_x

    def place(self, storage: np.ndarray, gradients: np.ndarray, offset: int) -> int:
        """Move ``W`` and ``b`` into the flat array ``storage`` from ``offset`` on (values
        kept), and give their gradients the same places in ``gradients``.

        ``W``, ``b``, ``grad_W``, ``grad_b`` become views of the two arrays, so that one
        optimizer step can update all the parameters of a network at once. ``b`` follows
        ``W``, so ``[W; b]`` is one ``(n_in + 1, n_out)`` matrix too: :attr:`stacked`, for
        the bias trick of training. Returns the offset after this layer's parameters.
        """
        start = offset
        views, slots = [], []
        for array in self.parameters:
            end = offset + array.size
            views.append(storage[offset:end].reshape(array.shape))
            views[-1][...] = array
            slots.append(gradients[offset:end].reshape(array.shape))
            offset = end
        self.W, self.grad_W = views[0], slots[0]
        self.stacked = None
        if self.b is not None:
            self.b, self.grad_b = views[1], slots[1]
            shape = (self.n_in + 1, self.n_out)
            self.stacked = (storage[start:offset].reshape(shape),
                            gradients[start:offset].reshape(shape))
        self._slots = (slots[0], slots[1] if self.b is not None else None)
        return offset

    def config(self) -> dict[str, object]:
        return {"n_in": self.n_in, "n_out": self.n_out, "bias": self.bias}
