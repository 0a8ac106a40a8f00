"""The batch a whole-matrix claim is evaluated on: the example's own, else a random one."""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.check.layer_ops import LayerOps
from chainrule.explain.resolver import Resolved

N_RANDOM = 4  # samples of the random batch of a saved model or a network object


def claim_batch(resolved: Resolved) -> tuple[np.ndarray, np.ndarray]:
    """``(x, y)``: the preset example's sample or batch, else a seeded random batch of
    :data:`N_RANDOM` samples (inputs from a normal distribution, class labels or targets in
    the output's range)."""
    if resolved.example is not None:
        return resolved.x, resolved.y
    return random_batch(resolved.net)


def random_batch(net: Any, seed: int = 0, n: int = N_RANDOM) -> tuple[np.ndarray, np.ndarray]:
    """A seeded batch of ``n`` samples for ``net``."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, net.n_inputs))
    width = net.dense_layers[-1].n_out
    if LayerOps(net).class_labels:
        return x, rng.integers(0, width, size=n)
    return x, rng.uniform(0.05, 0.95, size=(n, width))
