"""Building a network from a short specification, as the CLI and saved examples give it."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from chainrule.data._checks import check_class_labels
from chainrule.errors import ConfigError
from chainrule.nn.dense import Dense
from chainrule.nn.network import Network
from chainrule.ops.registry import activation as make_activation
from chainrule.ops.registry import loss as make_loss

DEFAULT_INIT = {"relu": "he", "leaky_relu": "he"}


def output_units(loss_name: str, y: np.ndarray) -> int:
    """How many output units a loss needs for targets ``y`` (classes, or target columns)."""
    loss = make_loss(loss_name)
    y = np.asarray(y)
    if y.ndim == 2:
        return y.shape[1]
    if not loss.classifier:
        return 1
    if "sigmoid" in (loss.output_activation, loss.input_activation):
        return 1
    if y.size == 0:
        raise ConfigError("cannot size the output layer from an empty target array")
    check_class_labels(y)  # a negative label would size a layer of 0 units
    return int(y.max()) + 1


def build_network(
    n_inputs: int,
    hidden: Sequence[int],
    n_outputs: int,
    *,
    activation: str = "tanh",
    loss: str = "softmax_cross_entropy",
    output_activation: str | None = None,
    bias: bool = True,
    init: str | None = None,
    dtype: str = "float64",
    seed: int | None = None,
) -> Network:
    """``n_inputs → hidden... → n_outputs`` with ``activation`` after each hidden layer.

    Hidden layers use ``init`` (default: ``he`` for ReLU-like units, ``glorot`` otherwise).
    The output layer gets ``output_activation`` if given; otherwise none for fused losses
    (they take logits), a softmax for ``cross_entropy`` and a sigmoid for
    ``binary_cross_entropy`` (they take probabilities), and none for regression losses.
    """
    if any(int(width) < 1 for width in hidden):
        raise ConfigError(f"hidden layer widths must be positive; got {list(hidden)}")
    loss_op = make_loss(loss)
    init = init or DEFAULT_INIT.get(activation, "glorot")
    layers: list = []
    widths = [n_inputs, *[int(w) for w in hidden]]
    for n_in, n_out in pairwise(widths):
        layers += [Dense(n_in, n_out, bias=bias, init=init), make_activation(activation)]
    layers.append(Dense(widths[-1], n_outputs, bias=bias))
    final = output_activation or loss_op.input_activation
    if final and final != "identity":
        layers.append(make_activation(final))
    return Network(layers, loss_op, dtype=dtype, seed=seed)
