"""Toy 2-D classification data sets: moons, circles, spiral, XOR and Gaussian blobs.

Every generator returns ``(X, y)`` with ``X`` of shape ``(n, n_features)`` and ``y`` of shape
``(n,)`` holding int64 class labels ``0 .. K-1``. The ``n`` samples are split among the K
classes as evenly as possible (the first ``n % K`` classes get one more), rows are shuffled,
and everything is drawn from ``np.random.default_rng(seed)``: the same seed gives the same
arrays. ``noise`` is the standard deviation of Gaussian noise added to every coordinate.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from chainrule.data._checks import (
    check_count,
    check_float_dtype,
    check_nonnegative,
    make_rng,
    split_evenly,
)
from chainrule.errors import ConfigError

Seed = int | np.random.Generator | None

#: Angle (radians) that each spiral arm sweeps from its centre to radius 1.
SPIRAL_SWEEP = 4.0


def _labels(counts: list[int]) -> np.ndarray:
    """Labels ``[0]*counts[0] + [1]*counts[1] + ...`` as an int64 array."""
    return np.repeat(np.arange(len(counts), dtype=np.int64), counts)


@dataclass(frozen=True)
class _Draw:
    """One generator call's checked arguments: class sizes, noise, dtype and random source."""

    counts: list[int]
    noise: float
    dtype: np.dtype
    rng: np.random.Generator

    @property
    def labels(self) -> np.ndarray:
        return _labels(self.counts)

    def finish(self, X: np.ndarray, y: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Noise, shuffle and cast (see :func:`_finish`); ``y`` defaults to :attr:`labels`."""
        return _finish(X, self.labels if y is None else y, self.noise, self.rng, self.dtype)


def _start(n: int, classes: int, noise: float, seed: Seed, dtype: DTypeLike) -> _Draw:
    """Check ``n`` (at least ``classes``), ``noise`` and ``dtype``; split ``n`` among the
    classes and make the random source."""
    n = check_count("n", n, classes)
    noise = check_nonnegative("noise", noise)
    return _Draw(split_evenly(n, classes), noise, check_float_dtype(dtype), make_rng(seed))


def _finish(
    X: np.ndarray, y: np.ndarray, noise: float, rng: np.random.Generator, dtype: np.dtype
) -> tuple[np.ndarray, np.ndarray]:
    """Add Gaussian noise of std ``noise``, shuffle the rows, cast ``X`` to ``dtype``.

    The noise is drawn even when ``noise`` is 0, so one seed gives the same row order, and
    the same noise pattern scaled, at every noise level.
    """
    X = X + rng.normal(0.0, noise, size=X.shape)
    order = rng.permutation(len(y))
    return X[order].astype(dtype), y[order]


def moons(
    n: int = 1000, noise: float = 0.0, seed: Seed = None, dtype: DTypeLike = np.float64
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles.

    Class 0 lies on the upper half of the unit circle, ``(cos t, sin t)``; class 1 on the
    lower half of the unit circle centred at ``(1, 0.5)``, ``(1 - cos t, 0.5 - sin t)``;
    ``t`` is evenly spaced over ``[0, π]``.

    Parameters
    ----------
    n : int
        Number of samples, at least 2.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int, numpy.random.Generator or None
        Seed of ``np.random.default_rng``.
    dtype : floating dtype
        Dtype of ``X``.

    Returns
    -------
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,), int64 labels 0 and 1
    """
    draw = _start(n, 2, noise, seed, dtype)
    t_outer = np.linspace(0.0, np.pi, draw.counts[0])
    t_inner = np.linspace(0.0, np.pi, draw.counts[1])
    outer = np.column_stack([np.cos(t_outer), np.sin(t_outer)])
    inner = np.column_stack([1.0 - np.cos(t_inner), 0.5 - np.sin(t_inner)])
    return draw.finish(np.vstack([outer, inner]))


def circles(
    n: int = 1000,
    noise: float = 0.0,
    factor: float = 0.5,
    seed: Seed = None,
    dtype: DTypeLike = np.float64,
) -> tuple[np.ndarray, np.ndarray]:
    """A circle of radius ``factor`` (class 1) inside the unit circle (class 0).

    Angles are evenly spaced over ``[0, 2π)`` on each circle.

    Parameters
    ----------
    n : int
        Number of samples, at least 2.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    factor : float
        Radius of the inner circle, strictly between 0 and 1.
    seed : int, numpy.random.Generator or None
        Seed of ``np.random.default_rng``.
    dtype : floating dtype
        Dtype of ``X``.

    Returns
    -------
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,), int64 labels: 0 outer circle, 1 inner circle
    """
    draw = _start(n, 2, noise, seed, dtype)
    if isinstance(factor, bool) or not isinstance(factor, numbers.Real) or not 0 < factor < 1:
        raise ConfigError(f"`factor` must be a number strictly between 0 and 1; got {factor!r}")
    rings = []
    for radius, count in zip((1.0, float(factor)), draw.counts, strict=True):
        t = np.linspace(0.0, 2.0 * np.pi, count, endpoint=False)
        rings.append(radius * np.column_stack([np.cos(t), np.sin(t)]))
    return draw.finish(np.vstack(rings))


def spiral(
    n: int = 1000,
    classes: int = 3,
    noise: float = 0.0,
    seed: Seed = None,
    dtype: DTypeLike = np.float64,
) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` interleaved spiral arms, one per class.

    Arm ``k`` holds the points ``(r cos θ, r sin θ)`` with ``r`` evenly spaced over
    ``(0, 1]`` and ``θ = 2πk / K + 4 r``: each arm turns 4 radians, and the arms start
    ``2π / K`` apart.

    Parameters
    ----------
    n : int
        Number of samples, at least ``classes``.
    classes : int
        Number of arms (classes) K, at least 2.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int, numpy.random.Generator or None
        Seed of ``np.random.default_rng``.
    dtype : floating dtype
        Dtype of ``X``.

    Returns
    -------
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,), int64 labels 0 .. classes-1
    """
    classes = check_count("classes", classes, 2)
    draw = _start(n, classes, noise, seed, dtype)
    arms = []
    for k, count in enumerate(draw.counts):
        r = np.arange(1, count + 1) / count
        theta = 2.0 * np.pi * k / classes + SPIRAL_SWEEP * r
        arms.append(np.column_stack([r * np.cos(theta), r * np.sin(theta)]))
    return draw.finish(np.vstack(arms))


def xor(
    n: int = 1000, noise: float = 0.0, seed: Seed = None, dtype: DTypeLike = np.float64
) -> tuple[np.ndarray, np.ndarray]:
    """Points in the square ``[-1, 1]²`` labelled by the XOR of their coordinates' signs.

    Class 0 fills the quadrants where both coordinates have the same sign, class 1 those where
    the signs differ (``x₀ x₁ < 0``); each class's points alternate between its two quadrants,
    with magnitudes drawn uniformly from ``(0, 1]``.

    Parameters
    ----------
    n : int
        Number of samples, at least 2.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int, numpy.random.Generator or None
        Seed of ``np.random.default_rng``.
    dtype : floating dtype
        Dtype of ``X``.

    Returns
    -------
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,), int64 labels 0 and 1
    """
    draw = _start(n, 2, noise, seed, dtype)
    sign = np.concatenate([np.where(np.arange(c) % 2 == 0, 1.0, -1.0) for c in draw.counts])
    second_sign = np.where(draw.labels == 0, sign, -sign)
    magnitude = 1.0 - draw.rng.random((len(sign), 2))  # in (0, 1]: never exactly on an axis
    return draw.finish(magnitude * np.column_stack([sign, second_sign]))


def blobs(
    n: int = 1000,
    centers: int | ArrayLike = 3,
    std: float = 1.0,
    seed: Seed = None,
    n_features: int = 2,
    dtype: DTypeLike = np.float64,
) -> tuple[np.ndarray, np.ndarray]:
    """Isotropic Gaussian blobs, one per class.

    Parameters
    ----------
    n : int
        Number of samples, at least the number of centres.
    centers : int or array_like of shape (K, n_features)
        Number of blobs, whose centres are then drawn uniformly from ``[-10, 10]^n_features``;
        or the centres themselves (``n_features`` is then taken from their shape).
    std : float
        Standard deviation of each blob along every axis.
    seed : int, numpy.random.Generator or None
        Seed of ``np.random.default_rng``.
    n_features : int
        Dimension of the points when ``centers`` is a number.
    dtype : floating dtype
        Dtype of ``X``.

    Returns
    -------
    X : ndarray of shape (n, n_features)
    y : ndarray of shape (n,), int64 labels 0 .. K-1 (label k belongs to centre k)
    """
    std = check_nonnegative("std", std)
    dtype = check_float_dtype(dtype)
    rng = make_rng(seed)
    if isinstance(centers, int | np.integer) and not isinstance(centers, bool):
        k = check_count("centers", centers, 1)
        n_features = check_count("n_features", n_features, 1)
        points = rng.uniform(-10.0, 10.0, size=(k, n_features))
    else:
        points = np.asarray(centers, dtype=np.float64)
        if points.ndim != 2 or points.shape[0] < 1 or not np.isfinite(points).all():
            raise ConfigError(
                "`centers` must be a count >= 1 or a finite array of shape (K, n_features); "
                f"got {centers!r}"
            )
    n = check_count("n", n, len(points))
    y = _labels(split_evenly(n, len(points)))
    return _finish(points[y], y, std, rng, dtype)
