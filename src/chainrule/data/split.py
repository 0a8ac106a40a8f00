"""Seeded train/test split, optionally stratified by class."""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import ArrayLike

from chainrule.data._checks import make_rng
from chainrule.errors import ConfigError, DataError


def _test_count(test_size: float | int, n: int) -> int:
    """Number of test samples: ``ceil(test_size * n)`` for a fraction, or the count itself."""
    if isinstance(test_size, bool) or not isinstance(test_size, numbers.Real):
        raise ConfigError(f"`test_size` must be a fraction in (0, 1) or a count; got {test_size!r}")
    if isinstance(test_size, numbers.Integral):
        n_test = int(test_size)
    elif 0 < test_size < 1:
        n_test = math.ceil(float(test_size) * n)
    else:
        raise ConfigError(f"`test_size` must be a fraction in (0, 1) or a count; got {test_size!r}")
    if not 1 <= n_test <= n - 1:
        raise ConfigError(
            f"`test_size` must leave at least one sample in each part of {n} samples; "
            f"got {test_size!r} ({n_test} test samples)"
        )
    return n_test


def _per_class_counts(class_sizes: np.ndarray, n_test: int) -> np.ndarray:
    """Split ``n_test`` among classes in proportion to their sizes (largest remainder).

    >>> _per_class_counts(np.array([6, 3, 1]), 5).tolist()
    [3, 2, 0]
    """
    total = int(class_sizes.sum())
    counts, remainder = np.divmod(class_sizes.astype(np.int64) * n_test, total)
    order = np.argsort(-remainder, kind="stable")  # ties go to the smaller label
    counts[order[: n_test - counts.sum()]] += 1
    return counts


def _stratified_test_indices(y: np.ndarray, n_test: int, rng: np.random.Generator) -> np.ndarray:
    """Test indices holding each class in proportion to its share of ``y``."""
    _, codes, sizes = np.unique(y, axis=0, return_inverse=True, return_counts=True)
    codes = codes.reshape(-1)
    if sizes.min() < 2:
        rare = np.flatnonzero(sizes < 2).tolist()
        raise DataError(
            "a stratified split needs at least 2 samples of every class; "
            f"{len(rare)} class(es) have only 1"
        )
    chosen = []
    for k, count in enumerate(_per_class_counts(sizes, n_test)):
        members = rng.permutation(np.flatnonzero(codes == k))
        chosen.append(members[:count])
    return rng.permutation(np.concatenate(chosen))


def train_test_split(
    X: ArrayLike,
    y: ArrayLike,
    test_size: float | int = 0.25,
    seed: int | np.random.Generator | None = None,
    stratify: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the samples and split them into a training part and a test part.

    Parameters
    ----------
    X : array_like of shape (n, ...)
        Samples, one per row.
    y : array_like of shape (n,) or (n, k)
        Targets, one per row of ``X`` (labels, one-hot rows or regression targets).
    test_size : float or int
        Fraction of the samples for the test part (rounded up), or their number.
    seed : int, numpy.random.Generator or None
        Seed of ``np.random.default_rng``: the same seed gives the same split.
    stratify : bool
        Give each class of ``y`` the same share in both parts, as nearly as integers allow
        (the test count of each class is its proportional share, rounded by largest
        remainder).

    Returns
    -------
    X_train : ndarray of shape (n - n_test, ...)
    X_test : ndarray of shape (n_test, ...)
    y_train : ndarray of shape (n - n_test, ...)
    y_test : ndarray of shape (n_test, ...)
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        raise DataError(
            "X and y must hold the same number of samples (rows); "
            f"got X with shape {X.shape} and y with shape {y.shape}"
        )
    n_test = _test_count(test_size, len(X))
    rng = make_rng(seed)
    if stratify:
        test = _stratified_test_indices(y, n_test, rng)
        train = rng.permutation(np.setdiff1d(np.arange(len(X)), test))
    else:
        order = rng.permutation(len(X))
        test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]
