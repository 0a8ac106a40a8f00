"""The common frame of the layers beyond Dense: convolution, pooling, batch norm, ...

A layer keeps what its forward pass computed (``self.cache``) for its backward pass, like the
textbook's "cache" of CS231n's assignments; the network calls ``forward`` then ``backward`` on
the same batch. Its parameters (``parameter_names``) are attributes of the layer, their
gradients ``grad_<name>``; :meth:`place` makes both views of the network's flat arrays, so
backward writes each gradient in its place. ``buffers`` are saved with the weights but not
trained (batch norm's running statistics).

Ranks: ``input_rank`` is the number of axes the layer expects, batch axis included (4 for
``(N, C, H, W)``), or None for a layer that takes any (dropout, batch norm).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from chainrule.errors import ShapeError


class Layer:
    """Base class: a layer with ``forward(x)`` and ``backward(x, y, ∂L/∂y, need_input_grad)``."""

    #: the name in saved files and the CLI, e.g. ``"conv2d"``
    kind: ClassVar[str]
    input_rank: ClassVar[int | None] = None
    parameter_names: ClassVar[tuple[str, ...]] = ()
    #: the parameters that weight decay shrinks (weights and kernels, not biases or γ, β)
    decayed_names: ClassVar[tuple[str, ...]] = ()
    buffer_names: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        self.training = False
        self.cache: Any = None
        for name in self.parameter_names:
            setattr(self, name, np.empty(0))
            setattr(self, f"grad_{name}", None)

    # -- parameters -----------------------------------------------------------------------

    def initialize(self, rng: np.random.Generator, dtype: np.dtype) -> None:
        """Draw the parameters with ``rng`` in ``dtype`` (layers with parameters override)."""

    @property
    def parameters(self) -> list[np.ndarray]:
        return [getattr(self, name) for name in self.parameter_names]

    @property
    def gradients(self) -> list[np.ndarray]:
        return [getattr(self, f"grad_{name}") for name in self.parameter_names]

    @property
    def buffers(self) -> list[np.ndarray]:
        return [getattr(self, name) for name in self.buffer_names]

    def place(self, storage: np.ndarray, gradients: np.ndarray, offset: int) -> int:
        """Make the parameters and their gradients views of the flat arrays, from ``offset``
        on (values kept); return the offset after this layer's parameters."""
        for name in self.parameter_names:
            array = getattr(self, name)
            end = offset + array.size
            view = storage[offset:end].reshape(array.shape)
            view[...] = array
            setattr(self, name, view)
            setattr(self, f"grad_{name}", gradients[offset:end].reshape(array.shape))
            offset = end
        return offset

    def cast(self, dtype: np.dtype) -> None:
        """Parameters and buffers in ``dtype`` (new arrays; placed again by the network)."""
        for name in (*self.parameter_names, *self.buffer_names):
            setattr(self, name, getattr(self, name).astype(dtype))

    def _store(self, name: str, value: np.ndarray) -> None:
        """Write ``∂L/∂name`` into its place (a new array before :meth:`place`)."""
        slot = getattr(self, f"grad_{name}")
        if slot is not None and slot.shape == value.shape and slot.dtype == value.dtype:
            slot[...] = value
        else:
            setattr(self, f"grad_{name}", value)

    # -- shapes ---------------------------------------------------------------------------

    def check_input(self, shape: tuple[int, ...]) -> None:
        """Raise a :class:`ShapeError` naming the layer and both shapes if ``shape`` does
        not fit; the rank check is common, layers add their own."""
        if self.input_rank is not None and len(shape) != self.input_rank:
            raise self.shape_error(shape)

    def expected_shape(self) -> str:
        """The input shape the layer expects, in words, e.g. ``(N, 3, H, W)``."""
        return "any shape"

    def shape_error(self, shape: tuple[int, ...], why: str = "") -> ShapeError:
        reason = f" ({why})" if why else ""
        return ShapeError(f"{self.describe()} expects input of shape {self.expected_shape()}"
                          f"{reason}; got {tuple(shape)}")

    def expected_width(self) -> int | None:
        """The size of the feature axis the layer expects (channels, features, the input
        size of a sequence), or None when any size fits."""
        return None

    def output_width(self, width: int | None) -> int | None:
        """The size of the output's feature axis for an input of ``width`` (None: unknown
        until data come)."""
        return width

    def output_rank(self, input_rank: int | None) -> int | None:
        """The rank of the output for inputs of ``input_rank`` (None: not known yet)."""
        return input_rank

    # -- faces ----------------------------------------------------------------------------

    def forward(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def backward(self, x: np.ndarray, y: np.ndarray, grad: np.ndarray,
                 need_input_grad: bool = True) -> np.ndarray | None:  # pragma: no cover
        raise NotImplementedError

    def record(self) -> dict[str, np.ndarray]:
        """What a trace keeps besides input, output and gradients (masks, statistics, the
        hidden states of every time step): copies of the cache's arrays."""
        return {}

    def config(self) -> dict[str, object]:
        return {}

    def describe(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"{type(self).__name__}({args})"
