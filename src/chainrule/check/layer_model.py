"""Claims in index notation about a saved network (or a network object) with layers beyond
Dense: the same claims as the layer examples, about the network's own weights.

A saved network keeps no sample, and an image network not even its image size, so the claim
is compared at random batches of the smallest shape the network takes (sequences of at least
5 steps, maps of at least 5 × 5): a claim about a layer's gradient is an identity in its
arrays, which holds at every batch or is wrong. The network is run in training mode, as the
backward pass a claim describes is (batch norm with the batch's statistics, dropout with its
mask), and left in the mode it came in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.check.layer_claims import check_claim_on_layer
from chainrule.check.result import CheckResult
from chainrule.errors import ChainruleError, ConfigError
from chainrule.nn.batch_norm import BatchNorm
from chainrule.nn.recurrent import Recurrent

#: samples in a batch: more than one, so that a sum over the samples left out is seen; four
#: where a batch norm normalizes over them; few, as a pooling claim's index grid is large
N, N_NORMALIZED = 2, 4
SIZES = range(5, 129)  # the map sizes or sequence lengths tried, smallest first
CHANNELS = range(1, 5)  # the channels tried where the first layer takes any number


def check_network_layer_claim(claim: str, net: Any, what: str,
                              options: dict[str, object]) -> CheckResult:
    """The verdict on ``claim`` about a layer beyond Dense of ``net`` (``what`` names it in
    messages); ``options`` are the network form's other options, refused when given."""
    given = [name for name, value in options.items() if value is not None]
    if given:
        raise ConfigError(f"claims about {what} are in index notation, with the names of the "
                          f"layer explanations; {', '.join(given)} does not apply")
    was_training = net.training
    net.train()
    try:
        x, y = claim_batch(net)
        return check_claim_on_layer(claim, net, x, y, what, (
            f"a random batch of shape {x.shape}", "another random batch"))
    finally:
        net.train(was_training)


def claim_batch(net: Any, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A random batch of ``N`` samples of the smallest shape ``net`` takes, with targets."""
    rng = np.random.default_rng(seed)
    n = N_NORMALIZED if any(isinstance(layer, BatchNorm) for layer in net.layers) else N
    x = rng.normal(size=_input_shape(net, n)).round(2)
    if net.loss.class_labels:
        return x, rng.integers(net.n_outputs, size=n)
    if net.loss.classifier:
        return x, rng.integers(0, 2, size=(n, net.n_outputs)).astype(float)
    return x, rng.uniform(-1, 1, size=(n, net.n_outputs)).round(2)


def _input_shape(net: Any, n: int) -> tuple[int, ...]:
    rank, width = net.layout.input_rank, net.n_inputs
    if rank in (None, 2):
        return (n, width)
    first = next(layer for layer in net.layers if getattr(layer, "input_rank", None))
    if isinstance(first, Recurrent):
        return (n, SIZES[0], width)
    channels = [width] if width else CHANNELS  # a pooling layer first takes any
    for size in SIZES:
        for c in channels:
            shape = (n, c) + (size,) * (rank - 2)
            try:
                net.forward(np.zeros(shape))
            except ChainruleError:
                continue
            return shape
    raise ConfigError(f"{net.summary()} takes no input of shape (N, C, S, …) with C in "
                      f"{channels[0]}…{channels[-1]} and S from {SIZES[0]} to {SIZES[-1]}")
