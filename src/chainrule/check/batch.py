"""The batch a whole-matrix claim is evaluated on: the example's own, else a random one."""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.check.layer_ops import LayerOps

N_RANDOM = 4  # samples of the random batch of a saved model or a network object


def claim_batch(net: Any, example: str | None, network: Any, model: Any,
                notation: Any) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """``(x, y)``: the preset example's sample or batch, else a seeded random batch of
    :data:`N_RANDOM` samples (inputs from a normal distribution, class labels or targets in
    the output's range)."""
    from chainrule.explain.examples import EXAMPLES
    from chainrule.explain.examples import example as make_example

    name = example
    if name is None and network is None and model is None:
        name = notation if isinstance(notation, str) and notation in EXAMPLES else "lfd"
    if name is not None:
        preset = make_example(name)
        return preset.x, preset.y
    rng = np.random.default_rng(0)
    x = rng.normal(size=(N_RANDOM, net.n_inputs))
    width = net.dense_layers[-1].n_out
    if LayerOps(net).class_labels:
        return x, rng.integers(0, width, size=N_RANDOM)
    return x, rng.uniform(0.05, 0.95, size=(N_RANDOM, width))
