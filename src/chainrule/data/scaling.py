"""Standardization: fit the column means and deviations on training data, apply them anywhere."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from chainrule.data._checks import as_2d_float, check_finite
from chainrule.errors import ConfigError, ShapeError

#: A column whose deviation is at most this many ulps of its mean counts as constant.
CONSTANT_TOLERANCE = 16 * np.finfo(np.float64).eps


class Standardizer:
    """Rescale each column to mean 0 and standard deviation 1: ``z = (x - mean_) / scale_``.

    ``mean_`` and ``scale_`` are learnt from the training data by :meth:`fit` and reused by
    :meth:`transform`, so the test data are scaled with the training statistics. A constant
    (zero-variance) column gets ``scale_ = 1``: it becomes all zeros instead of a division by
    zero.

    Attributes
    ----------
    mean_ : ndarray of shape (n_features,)
        Column means of the training data.
    scale_ : ndarray of shape (n_features,)
        Column standard deviations (``ddof=0``) of the training data, 1 for constant columns.

    Examples
    --------
    >>> scaler = Standardizer().fit([[0.0, 5.0], [2.0, 5.0]])
    >>> scaler.transform([[1.0, 5.0], [4.0, 6.0]]).tolist()
    [[0.0, 0.0], [3.0, 1.0]]
    """

    def __init__(self) -> None:
        self.mean_: np.ndarray | None = None
        self.scale_: np.ndarray | None = None

    def fit(self, X: ArrayLike) -> Standardizer:
        """Learn the column means and deviations of ``X`` (shape ``(n, n_features)``)."""
        X = as_2d_float(X)
        if len(X) == 0:
            raise ShapeError("Standardizer.fit needs at least one sample; got 0 rows")
        check_finite(X, "X")
        data = X.astype(np.float64)
        mean = data.mean(axis=0)
        std = data.std(axis=0)
        constant = std <= CONSTANT_TOLERANCE * np.abs(mean)
        self.mean_ = np.where(constant, data[0], mean)  # exact: a constant column maps to 0
        self.scale_ = np.where(constant, 1.0, std)
        return self

    def _fitted(self, X: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self.mean_ is None or self.scale_ is None:
            raise ConfigError("this Standardizer is not fitted yet; call fit(X_train) first")
        X = as_2d_float(X)
        if X.shape[1] != len(self.mean_):
            raise ShapeError(
                f"expected X with {len(self.mean_)} columns, as in fit; got shape {X.shape}"
            )
        return X, self.mean_, self.scale_

    def transform(self, X: ArrayLike) -> np.ndarray:
        """Return ``(X - mean_) / scale_``, same shape; float inputs keep their dtype."""
        X, mean, scale = self._fitted(X)
        return ((X - mean) / scale).astype(X.dtype)

    def fit_transform(self, X: ArrayLike) -> np.ndarray:
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)

    def inverse_transform(self, Z: ArrayLike) -> np.ndarray:
        """Undo :meth:`transform`: return ``Z * scale_ + mean_``."""
        Z, mean, scale = self._fitted(Z)
        return (Z * scale + mean).astype(Z.dtype)

    def __repr__(self) -> str:
        if self.mean_ is None:
            return "Standardizer(unfitted)"
        return f"Standardizer(n_features={len(self.mean_)})"
