"""Random architectures over every registered activation and loss, shared by the tests."""

from __future__ import annotations

import numpy as np

import chainrule as cr
from chainrule.ops import ACTIVATIONS, LOSSES, activation, loss

ACTIVATION_CASES = [(name, {}) for name in sorted(ACTIVATIONS)] + [("leaky_relu", {"slope": 0.3})]
CASES = [
    (act, cfg, loss_name, reduction, bias)
    for act, cfg in ACTIVATION_CASES
    for loss_name in sorted(LOSSES)
    for reduction in ("mean", "sum")
    for bias in (True, False)
]


def _final_activation(loss_name: str, act: str, cfg: dict, rng) -> list:
    """The layer after the last Dense: what the loss needs, or (maybe) the tested one."""
    if loss_name == "cross_entropy":
        return [activation("softmax")]
    if loss_name == "binary_cross_entropy":
        return [activation("sigmoid")]
    if loss(loss_name).output_activation == act or rng.random() < 0.5:
        return []
    return [activation(act, **cfg)]


def random_network(act, cfg, loss_name, reduction, bias, seed) -> cr.Network:
    """Depth 1–4, widths 1–7, the tested activation between dense layers."""
    rng = np.random.default_rng(seed)
    depth = int(rng.integers(1, 5))
    widths = [int(w) for w in rng.integers(1, 8, size=depth + 1)]
    if loss(loss_name).output_activation == "softmax" or loss_name == "cross_entropy":
        widths[-1] = max(widths[-1], 2)
    layers: list = []
    for i in range(depth):
        layers.append(cr.Dense(widths[i], widths[i + 1], bias=bias, init="glorot_normal"))
        if i < depth - 1:
            layers.append(activation(act, **cfg))
    layers += _final_activation(loss_name, act, cfg, rng)
    net = cr.Network(layers, loss(loss_name, reduction=reduction), seed=seed)
    for layer in net.dense_layers:  # non-zero biases, so their gradients matter
        if layer.b is not None:
            layer.b[...] = rng.normal(size=layer.b.shape) * 0.5
    return net


def random_targets(net: cr.Network, n: int, rng) -> np.ndarray:
    name, k = net.loss.name, net.n_outputs
    if name in ("cross_entropy", "softmax_cross_entropy"):
        return rng.integers(0, k, size=n)
    if name in ("binary_cross_entropy", "sigmoid_binary_cross_entropy"):
        y = rng.integers(0, 2, size=(n, k)).astype(float)
        y[0] = rng.uniform(0, 1, size=k)  # a soft target row too
        return y
    return rng.normal(size=(n, k))
