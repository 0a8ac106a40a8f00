"""Turning user targets into the float arrays the losses compare with, with clear errors."""

from __future__ import annotations

import numpy as np

from chainrule.errors import DataError, ShapeError


def _as_array(y: np.ndarray, loss_name: str) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim not in (1, 2):
        raise ShapeError(f"{loss_name} expects targets of shape (N,) or (N, K); got {y.shape}")
    if y.dtype.kind not in "biuf":
        raise DataError(f"{loss_name} expects numeric targets; got dtype {y.dtype}")
    if y.dtype.kind == "f" and not np.isfinite(y).all():
        raise DataError(f"{loss_name}: targets contain NaN or Inf")
    return y


def regression_targets(
    y: np.ndarray, n_outputs: int, dtype: np.dtype, loss_name: str
) -> np.ndarray:
    """Real-valued targets: ``(N,)`` for one output, or ``(N, K)``."""
    y = _as_array(y, loss_name)
    if y.ndim == 1:
        if n_outputs != 1:
            raise ShapeError(
                f"{loss_name} with {n_outputs} outputs expects targets of shape (N, {n_outputs}); "
                f"got {y.shape}"
            )
        y = y[:, None]
    if y.shape[1] != n_outputs:
        raise ShapeError(
            f"{loss_name} expects targets of shape (N, {n_outputs}); got {y.shape}"
        )
    return np.ascontiguousarray(y, dtype=dtype)


def class_labels(y: np.ndarray, n_classes: int, loss_name: str) -> np.ndarray:
    """Integer class labels in ``0..n_classes-1``, shape ``(N,)``."""
    y = _as_array(y, loss_name)
    if y.ndim != 1:
        raise ShapeError(f"{loss_name} expects labels of shape (N,); got {y.shape}")
    if y.dtype.kind == "f":
        if not np.all(y == np.round(y)):
            raise DataError(f"{loss_name} expects integer class labels; got non-integer values")
        y = y.astype(np.int64)
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        bad = y[(y < 0) | (y >= n_classes)][0]
        raise DataError(
            f"{loss_name} with {n_classes} outputs expects labels in 0..{n_classes - 1}; "
            f"got {bad}"
        )
    return y.astype(np.int64, copy=False)


def one_hot_targets(y: np.ndarray, n_classes: int, dtype: np.dtype, loss_name: str) -> np.ndarray:
    """Labels ``(N,)`` (or a column ``(N, 1)`` of them) become one-hot rows; ``(N, K)`` rows
    must be distributions (sum 1)."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1 and n_classes > 1:
        y = y[:, 0]  # a column of labels, as a CSV reader or a DataFrame gives them
    if y.ndim == 2:
        y = regression_targets(y, n_classes, dtype, loss_name)
        if (y < 0).any() or not np.allclose(y.sum(axis=1), 1.0):
            raise DataError(
                f"{loss_name} expects each target row to be a distribution "
                "(entries ≥ 0 that sum to 1)"
            )
        return y
    labels = class_labels(y, n_classes, loss_name)
    encoded = np.zeros((labels.shape[0], n_classes), dtype=dtype)
    encoded[np.arange(labels.shape[0]), labels] = 1
    return encoded


def binary_targets(y: np.ndarray, n_outputs: int, dtype: np.dtype, loss_name: str) -> np.ndarray:
    """Targets in ``[0, 1]``, shape ``(N, K)``."""
    y = regression_targets(y, n_outputs, dtype, loss_name)
    if (y < 0).any() or (y > 1).any():
        raise DataError(f"{loss_name} expects targets in [0, 1]; got values outside")
    return y
