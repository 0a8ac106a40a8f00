"""The shapes through a network with layers beyond Dense: checked once when it is built (the
ranks and the widths that are known without data) and at each forward pass (the rest).

A dense network needs none of this (its widths say everything, and its hot path checks
nothing); a network with a convolution or a recurrent layer is run by :meth:`forward` here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from chainrule.errors import ConfigError, DataError, ShapeError
from chainrule.nn.dense import Dense
from chainrule.nn.layer import Layer
from chainrule.nn.validation import all_finite

_SHAPES = {2: "(N, F)", 3: "(N, C, L) or (N, T, F)", 4: "(N, C, H, W)"}


def _widths(layer: object, width: int | None) -> tuple[int | None, int | None]:
    """``(width expected, width given)`` on the feature axis (channels, features, or the
    input size of a sequence) for an input of ``width``; None where any or unknown."""
    if isinstance(layer, Dense):
        return layer.n_in, layer.n_out
    if isinstance(layer, Layer):
        return layer.expected_width(), layer.output_width(width)
    return None, width  # an activation keeps the width


class Layout:
    """The ranks of every layer's input, the network's input width and output width."""

    def __init__(self, layers: Sequence[object]) -> None:
        self.layers = list(layers)
        first = next((layer for layer in layers if _rank_of(layer) is not None), None)
        if first is None:
            raise ConfigError("a network needs a layer that fixes its input shape, such as "
                              "Dense, Conv2D or RNN")
        #: the rank of the inputs; None when a Flatten comes first (any rank ≥ 2 then)
        self.input_rank: int | None = None
        rank: int | None = None
        self.ranks: list[int | None] = []
        width: int | None = None
        self.n_inputs = _widths(first, None)[0] or 0
        for position, layer in enumerate(self.layers, start=1):
            wanted = _rank_of(layer)
            if wanted is not None and rank is None and not self.ranks_fixed(position):
                self.input_rank = rank = wanted
                self.ranks = [rank] * len(self.ranks)  # the layers before take it too
            if wanted is not None and wanted != rank:
                raise ConfigError(f"layer {position} ({_name(layer)}) takes inputs of shape "
                                  f"{_SHAPES.get(wanted)}, but the layer before it gives "
                                  f"{_SHAPES.get(rank, f'rank {rank}')}"
                                  + (" (add Flatten before it)" if wanted == 2 else ""))
            self.ranks.append(rank)
            expected, given = _widths(layer, width)
            if expected is not None and width is not None and expected != width:
                raise ConfigError(f"layer {position} ({_name(layer)}) expects {expected} "
                                  f"input features or channels, but the layer before it "
                                  f"gives {width}")
            width = given
            rank = layer.output_rank(rank) if isinstance(layer, Layer) else rank  # type: ignore[arg-type]
        if rank != 2:
            raise ConfigError(f"the loss compares outputs of shape (N, K), but the last layer "
                              f"gives {_SHAPES.get(rank, f'rank {rank}')}: end with Flatten "
                              f"and Dense (or a recurrent layer with output='last')")
        self.n_outputs = width or 0

    def ranks_fixed(self, position: int) -> bool:
        """Whether a layer before ``position`` that takes any rank already fixed the rank
        of its output (Flatten: 2), so that the inputs' rank stays open."""
        return any(layer.input_rank is None and layer.output_rank(None) is not None
                   for layer in self.layers[:position - 1] if isinstance(layer, Layer))

    def forward(self, x: np.ndarray) -> list[np.ndarray]:
        """Every layer's output, preceded by the input; each input's shape checked first."""
        values = [x]
        for position, layer in enumerate(self.layers, start=1):
            try:
                if isinstance(layer, Layer):
                    layer.check_input(x.shape)
                elif isinstance(layer, Dense) and (x.ndim != 2 or x.shape[1] != layer.n_in):
                    raise ShapeError(f"{layer.describe()} expects input of shape "
                                     f"(N, {layer.n_in}); got {x.shape}")
            except ShapeError as error:
                raise ShapeError(f"layer {position}: {error}") from None
            x = layer.forward(x)
            values.append(x)
        return values

    def inputs(self, x: object, dtype: np.dtype) -> np.ndarray:
        """``x`` as a finite array of ``dtype`` and of the first layers' rank."""
        try:
            array = np.asarray(x)
        except ValueError:  # ragged: sequences (or images) of unequal sizes
            array = None
        if array is None or array.dtype == object:
            raise ShapeError(f"layer 1 ({_name(self.layers[0])}) expects input of shape "
                             f"{self._expected()} (samples of one shape); got samples of "
                             f"unequal shapes ({_lengths(x)})")
        if array.dtype.kind not in "biuf":
            raise DataError(f"inputs must be numeric; got dtype {array.dtype}")
        if self.input_rank is not None and array.ndim == self.input_rank - 1:  # one sample
            array = array[None]
        if array.ndim != (self.input_rank or max(array.ndim, 2)):
            raise ShapeError(f"layer 1 ({_name(self.layers[0])}) expects input of shape "
                             f"{self._expected()}; got {array.shape}")
        if array.shape[0] == 0:
            raise DataError("inputs are empty: got 0 samples")
        array = np.ascontiguousarray(array, dtype=dtype)
        if not all_finite(array.reshape(len(array), -1)):
            raise DataError("inputs contain NaN or Inf; clean or drop those samples")
        return array

    def _expected(self) -> str:
        first = self.layers[0]
        if isinstance(first, Layer) and first.input_rank is not None:
            return first.expected_shape()
        if isinstance(first, Dense):
            return f"(N, {first.n_in})"
        return _SHAPES.get(self.input_rank, "(N, ...)")  # type: ignore[arg-type]


def _rank_of(layer: object) -> int | None:
    if isinstance(layer, Dense):
        return 2
    return getattr(layer, "input_rank", None)


def _name(layer: object) -> str:
    return layer.describe() if hasattr(layer, "describe") else repr(layer)


def _lengths(x: object) -> str:
    """The first samples' lengths along their first axis, for the error message."""
    try:
        lengths = [len(sample) for sample in list(x)[:6]]  # type: ignore[call-overload]
    except TypeError:
        return "samples that are not arrays"
    return "lengths " + ", ".join(map(str, lengths)) + (" …" if len(list(x)) > 6 else "")
