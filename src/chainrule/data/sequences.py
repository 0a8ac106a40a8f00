"""Toy sequence tasks for recurrent networks, drawn from a seed (nothing to download).

Both return ``(X, y)`` with ``X`` of shape ``(n, steps, features)``, batch-first as the
recurrent layers take it, and float targets ``y`` of shape ``(n, 1)``.

* :func:`adding`, the adding problem (Hochreiter & Schmidhuber, 1997): each step holds a
  value drawn uniformly from ``[0, 1)`` and a marker, 1 at two random steps and 0 elsewhere;
  the target is the sum of the two marked values. A net that ignores the markers can do no
  better than predicting the mean, 1, with a mean squared error of 1/6 (the variance of the
  sum of two uniform values); one that learns the task gets close to 0.
* :func:`sine`, next-value prediction: ``steps`` samples of ``sin(ω t + φ)`` with random
  frequency and phase (plus ``noise``); the target is the next sample.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike

from chainrule.data._checks import check_count, check_float_dtype, check_nonnegative, make_rng

#: the mean squared error of the best prediction that ignores the inputs (the mean, 1)
ADDING_BASELINE = 1 / 6


def adding(n: int = 1000, steps: int = 10, noise: float = 0.0, seed: object = None,
           dtype: DTypeLike = np.float64) -> tuple[np.ndarray, np.ndarray]:
    """The adding problem: ``X`` of shape ``(n, steps, 2)`` (value, marker), ``y`` ``(n, 1)``.

    ``noise`` is the standard deviation of Gaussian noise added to the values after the
    targets are taken (0 by default).
    """
    n, steps = check_count("n", n, 1), check_count("steps", steps, 2)
    noise, dtype = check_nonnegative("noise", noise), check_float_dtype(dtype)
    rng = make_rng(seed)
    values = rng.random((n, steps))
    first = rng.integers(0, steps, size=n)
    second = (first + rng.integers(1, steps, size=n)) % steps  # a different step
    markers = np.zeros((n, steps))
    rows = np.arange(n)
    markers[rows, first] = markers[rows, second] = 1.0
    y = (values[rows, first] + values[rows, second])[:, None]
    if noise:
        values = values + rng.normal(0.0, noise, size=values.shape)
    return np.stack([values, markers], axis=2).astype(dtype), y.astype(dtype)


def sine(n: int = 1000, steps: int = 10, noise: float = 0.0, seed: object = None,
         dtype: DTypeLike = np.float64) -> tuple[np.ndarray, np.ndarray]:
    """Next-value prediction: ``X`` of shape ``(n, steps, 1)``, ``y`` of shape ``(n, 1)``.

    Each sequence is ``sin(ω t + φ)`` at ``t = 0 .. steps`` with ``ω`` uniform in
    ``[0.2, 0.6]`` and ``φ`` uniform in ``[0, 2π)``; the inputs are its first ``steps`` values
    (plus Gaussian ``noise``), the target the last one.
    """
    n, steps = check_count("n", n, 1), check_count("steps", steps, 1)
    noise, dtype = check_nonnegative("noise", noise), check_float_dtype(dtype)
    rng = make_rng(seed)
    omega = rng.uniform(0.2, 0.6, size=(n, 1))
    phase = rng.uniform(0.0, 2 * np.pi, size=(n, 1))
    wave = np.sin(omega * np.arange(steps + 1) + phase)
    x = wave[:, :steps] + (rng.normal(0.0, noise, size=(n, steps)) if noise else 0.0)
    return x[:, :, None].astype(dtype), wave[:, steps:].astype(dtype)
