"""Checks at the public boundary: the layers and loss of a network, inputs and targets, with
messages that name the layer and both shapes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from chainrule.errors import ConfigError, DataError, ShapeError, one_of
from chainrule.nn.dense import Dense
from chainrule.nn.layer import Layer
from chainrule.ops.base import Activation, Loss

_DTYPES = {"float64": np.float64, "float32": np.float32}


def check_inputs(x: object, n_inputs: int, first_layer: str, dtype: np.dtype) -> np.ndarray:
    """``x`` as a finite ``(N, n_inputs)`` array of ``dtype`` (copied only when needed).

    A 1-D array of length ``n_inputs`` is taken as one sample.
    """
    array = np.asarray(x)
    if array.dtype.kind not in "biuf":
        raise DataError(f"inputs must be numeric; got dtype {array.dtype}")
    if array.ndim == 1 and array.shape[0] == n_inputs:
        array = array[None, :]
    if array.ndim != 2 or array.shape[1] != n_inputs:
        raise ShapeError(
            f"layer 1 ({first_layer}) expects input of shape (N, {n_inputs}); got {array.shape}"
        )
    if array.shape[0] == 0:
        raise DataError("inputs are empty: got 0 samples")
    array = np.ascontiguousarray(array, dtype=dtype)
    if not all_finite(array):
        rows = np.unique(np.nonzero(~np.isfinite(array))[0])
        shown = ", ".join(str(r) for r in rows[:5]) + (" …" if rows.size > 5 else "")
        raise DataError(f"inputs contain NaN or Inf (rows {shown}); clean or drop those rows")
    return array


def all_finite(array: np.ndarray, chunk_elements: int = 1 << 20) -> bool:
    """Whether no entry is NaN or ±Inf, without a boolean copy of a large array.

    The sum is NaN or Inf when an entry is; only when it overflows from finite entries
    (huge values) are the rows checked exactly, a chunk at a time.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        total = np.add.reduce(array, axis=None)
    if np.isfinite(total):
        return True
    rows = max(1, chunk_elements // max(array.shape[1], 1))
    return all(np.isfinite(array[start:start + rows]).all()
               for start in range(0, array.shape[0], rows))


def check_same_length(x: np.ndarray, y: np.ndarray) -> None:
    if len(x) != len(y):
        raise ShapeError(f"inputs and targets must have the same number of samples; "
                         f"got {len(x)} inputs and {len(y)} targets")


def as_dtype(dtype: object) -> np.dtype:
    """``dtype`` as one of the dtypes a network computes in: float64 or float32."""
    name = np.dtype(dtype).name if dtype in (np.float32, np.float64) else str(dtype)
    if name not in _DTYPES:
        raise one_of("dtype", dtype, _DTYPES)
    return np.dtype(_DTYPES[name])


def check_layers(layers: Sequence[object], loss: object, general: bool) -> None:
    """A network's ``layers`` and ``loss`` as given to it: a Loss, Dense layers whose widths
    chain (unless the network is ``general``: it has layers beyond Dense, whose shapes are
    checked by :class:`~chainrule.nn.layout.Layout`), and a last layer that suits the loss (no
    softmax before a loss that applies it; the softmax a loss on probabilities needs)."""
    if not isinstance(loss, Loss):
        raise ConfigError(
            f"`loss` must be a Loss such as SoftmaxCrossEntropy(); got {loss!r}"
        )
    width = None
    for position, layer in enumerate(layers, start=1):
        if isinstance(layer, Dense):
            if width is not None and layer.n_in != width and not general:
                raise ConfigError(
                    f"layer {position} ({layer.describe()}) expects {layer.n_in} inputs, "
                    f"but the layer before it gives {width}"
                )
            width = layer.n_out
        elif not isinstance(layer, Activation | Layer):
            raise ConfigError(
                f"layer {position} must be a Dense layer or an activation (or a layer such "
                f"as Conv2D); got {layer!r}"
            )
    if width is None and not general:
        raise ConfigError("a network needs at least one Dense layer")
    fused, needed = loss.output_activation, loss.input_activation
    last = layers[-1]
    last_name = last.name if isinstance(last, Activation) else None
    if fused is not None and last_name == fused:
        raise ConfigError(
            f"{loss.name} already applies {fused} to the logits; remove the final "
            f"{fused} layer (or use the unfused loss on probabilities)"
        )
    if needed is not None and last_name != needed:
        got = last.describe() if isinstance(last, Dense) else repr(last)
        raise ConfigError(
            f"{loss.name} takes probabilities, the outputs of a final {needed} "
            f"layer; got {got} as the last layer (add {needed} at the end, or use "
            f"the fused {needed}_{loss.name} on the logits)"
        )
