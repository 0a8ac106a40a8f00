"""Validation shared by the data loaders: counts, noise levels, dtypes, finiteness.

Every check raises a :class:`~chainrule.errors.ConfigError` (a bad option) or a
:class:`~chainrule.errors.DataError` (unusable data) whose message says what was expected
and what came.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import DTypeLike

from chainrule.errors import ConfigError, DataError


def check_count(name: str, value: object, minimum: int) -> int:
    """Return ``value`` as an ``int`` if it is an integer >= ``minimum``.

    Booleans are refused: ``n=True`` is a mistake, not the number 1.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ConfigError(f"`{name}` must be an integer >= {minimum}; got {value!r}")
    if value < minimum:
        raise ConfigError(f"`{name}` must be an integer >= {minimum}; got {value!r}")
    return int(value)


def check_nonnegative(name: str, value: object) -> float:
    """Return ``value`` as a ``float`` if it is a finite real number >= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ConfigError(f"`{name}` must be a number >= 0; got {value!r}")
    number = float(value)
    if not np.isfinite(number) or number < 0:
        raise ConfigError(f"`{name}` must be a finite number >= 0; got {value!r}")
    return number


def check_float_dtype(dtype: DTypeLike) -> np.dtype:
    """Return ``np.dtype(dtype)`` if it is a floating-point dtype (float32, float64, ...)."""
    try:
        resolved = np.dtype(dtype)
    except TypeError as exc:
        raise ConfigError(f"`dtype` must be a floating-point dtype; got {dtype!r}") from exc
    if resolved.kind != "f":
        raise ConfigError(
            f"`dtype` must be a floating-point dtype such as float32 or float64; got {resolved}"
        )
    return resolved


def split_evenly(n: int, parts: int) -> list[int]:
    """Split ``n`` into ``parts`` counts that differ by at most one, larger counts first.

    >>> split_evenly(10, 3)
    [4, 3, 3]
    """
    base, extra = divmod(n, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def check_finite(X: np.ndarray, what: str) -> None:
    """Raise :class:`DataError` naming the first NaN/Inf entry of ``X`` (a 2-D array)."""
    bad = ~np.isfinite(X)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise DataError(
            f"{what} must be finite; found {X[row, col]} at row {row}, column {col} "
            f"({int(bad.sum())} non-finite value(s) in all)"
        )


def as_2d_float(X: object, what: str = "X") -> np.ndarray:
    """Return ``X`` as a 2-D float array (float inputs keep their precision, others float64)."""
    arr = np.asarray(X)
    if arr.ndim != 2:
        raise DataError(
            f"{what} must be a 2-D array of shape (n_samples, n_features); "
            f"got an array with shape {arr.shape}"
        )
    if arr.dtype.kind not in "fiub":
        raise DataError(f"{what} must hold numbers; got an array of dtype {arr.dtype}")
    if arr.dtype.kind != "f":
        arr = arr.astype(np.float64)
    return arr


def make_rng(seed: object) -> np.random.Generator:
    """Return ``np.random.default_rng(seed)``; ``seed`` may be None, an int or a Generator."""
    if isinstance(seed, bool):
        raise ConfigError(
            f"`seed` must be None, a non-negative integer or a Generator; got {seed!r}"
        )
    try:
        return np.random.default_rng(seed)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"`seed` must be None, a non-negative integer or a Generator; got {seed!r}"
        ) from exc


def check_class_labels(y: np.ndarray, what: str = "the class labels") -> None:
    """Refuse 1-D labels a classifier cannot use: not whole numbers, or negative.

    Classes are numbered 0, 1, …, K − 1 (text labels are numbered so when read); the message
    names the first bad label and its sample (0-based).
    """
    y = np.asarray(y)
    if y.ndim != 1 or y.size == 0 or y.dtype.kind not in "fiu":
        return
    whole = np.isfinite(y) & (y == np.round(y)) if y.dtype.kind == "f" else np.ones(y.size, bool)
    bad = ~whole | (y < 0)
    if bad.any():
        first = int(np.argmax(bad))
        kind = "negative" if whole[first] else "not a whole number"
        raise DataError(
            f"{what} must be whole numbers 0, 1, …, K − 1 for a classifier; found "
            f"{y[first]:g} ({kind}) at sample {first} ({int(bad.sum())} such label(s) in all). "
            "Renumber the classes from 0, or use a regression loss for numeric targets"
        )
