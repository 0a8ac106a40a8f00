"""Preset networks for the layers beyond Dense, each with a sample and the quantity it shows:
``conv`` (a kernel weight), ``rnn`` (a recurrent weight through time), ``lstm`` (a gate
weight, through the cell), ``batchnorm`` (∂L/∂x through μ and σ²), ``pool`` (max pooling's
routing, with a tie), ``avgpool`` (δ/k² to each input) and ``dropout`` (the mask). Kept
apart from the learners' examples (:data:`chainrule.explain.examples.EXAMPLES`), which are
dense networks explained in every notation and drawn in reports.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from chainrule.explain.example_case import Example


def _conv() -> Example:
    from chainrule import nn, ops

    net = nn.Network([nn.Conv2D(1, 2, 2), ops.Tanh(), nn.Flatten(), nn.Dense(2 * 3 * 3, 2)],
                     loss=ops.SoftmaxCrossEntropy(), seed=5)
    x = np.random.default_rng(5).normal(size=(1, 1, 4, 4)).round(2)
    return Example("conv", "a 2×2 kernel over a 4×4 image: one kernel weight's gradient as a "
                   "sum over the output positions", net, x, np.array([1]), "cs231n",
                   "K[0,0,1,0]")


def _rnn() -> Example:
    from chainrule import data, nn, ops

    net = nn.Network([nn.RNN(2, 3), nn.Dense(3, 1)], loss=ops.MeanSquaredError(), seed=6)
    x, y = data.sequences.adding(1, steps=6, seed=6)
    return Example("rnn", "an Elman network over 6 steps of the adding problem: a weight's "
                   "gradient as a sum over time, δ's norm step by step", net, x.round(2),
                   y.round(2), "goodfellow", "W[0,1]")


def _lstm() -> Example:
    from chainrule import data, nn, ops

    net = nn.Network([nn.LSTM(2, 3), nn.Dense(3, 1)], loss=ops.MeanSquaredError(), seed=6)
    net.layers[0].b[3:6] = 1.0  # the forget gate's bias at 1 (Jozefowicz et al., 2015)
    x, y = data.sequences.adding(1, steps=6, seed=6)
    return Example("lstm", "an LSTM over the rnn example's 6 steps, forget bias 1: a gate "
                   "weight's gradient as a sum over time, the gradient through the cell next "
                   "to an RNN's", net,
                   x.round(2), y.round(2), "lstm", "W_f[0,1]")


def _batchnorm() -> Example:
    from chainrule import nn, ops

    net = nn.Network([nn.Dense(2, 3), nn.BatchNorm(3), ops.Tanh(), nn.Dense(3, 1)],
                     loss=ops.MeanSquaredError(), seed=7).train()
    x = np.array([[0.5, -1.0], [1.5, 0.25], [-0.75, 0.5], [0.0, 2.0]])
    return Example("batchnorm", "a batch norm in training: ∂L/∂x through μ and σ² to the "
                   "three-term form, with a batch of 4", net, x, np.array([[1.0], [-0.5],
                                                                           [0.25], [0.0]]),
                   "batchnorm", "x[1,0]")


def _pool() -> Example:
    from chainrule import nn, ops

    net = nn.Network([nn.MaxPool2D(2, stride=1), nn.Flatten(), nn.Dense(9, 2)],
                     loss=ops.SoftmaxCrossEntropy(), seed=8)
    x = np.array([[[[0.3, 0.9, -0.2, 0.4], [0.9, 0.6, 0.5, -0.7], [0.8, -0.1, 0.2, 0.6],
                    [-0.5, 0.0, 0.7, 0.3]]]])
    return Example("pool", "2×2 max pooling with stride 1 (overlapping windows, one tie): δ "
                   "routed to each window's maximum", net, x, np.array([0]), "pooling",
                   "x[0,0,1,1]")


def _avgpool() -> Example:
    from chainrule import nn, ops

    net = nn.Network([nn.AvgPool2D(2), nn.Flatten(), nn.Dense(4, 2)],
                     loss=ops.SoftmaxCrossEntropy(), seed=8)
    x = np.array([[[[0.3, 0.9, -0.2, 0.4], [0.9, 0.6, 0.5, -0.7], [0.8, -0.1, 0.2, 0.6],
                    [-0.5, 0.0, 0.7, 0.3]]]])
    return Example("avgpool", "2×2 average pooling (windows side by side): δ/k² = δ/4 to "
                   "every input of a window", net, x, np.array([0]), "pooling", "x[0,0,1,1]")


def _dropout() -> Example:
    from chainrule import nn, ops

    net = nn.Network([nn.Dense(3, 4), ops.Tanh(), nn.Dropout(0.5, seed=1), nn.Dense(4, 1)],
                     loss=ops.MeanSquaredError(), seed=9).train()
    x = np.array([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]])
    return Example("dropout", "inverted dropout in training: the mask and the 1/(1 − p) "
                   "scale", net, x, np.array([[1.0], [0.0]]), "dropout", "x[0,1]")


LAYER_EXAMPLES: dict[str, Callable[[], Example]] = {
    "conv": _conv, "rnn": _rnn, "lstm": _lstm, "batchnorm": _batchnorm, "pool": _pool,
    "avgpool": _avgpool, "dropout": _dropout,
}
