"""Checks at the public boundary: inputs and targets, with messages that name both shapes."""

from __future__ import annotations

import numpy as np

from chainrule.errors import DataError, ShapeError


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
