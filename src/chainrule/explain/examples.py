"""The preset networks of the five learners' questions, with fixed weights and samples.

``example("lfd")`` etc. give a :class:`Example`: the network, one sample (or a batch for
``cs231n``), the notation and the quantity the question asked about. Weights come from fixed
seeds (or are written out, for Mitchell's 2-2-2 net), so every explanation is reproducible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.errors import one_of


@dataclass(frozen=True)
class Example:
    """A network with its sample, notation and the question's quantity."""

    name: str
    description: str
    net: Any
    x: np.ndarray
    y: np.ndarray
    notation: str
    quantity: str | int


def _lfd() -> Example:
    from chainrule import nn, ops

    net = nn.Network([nn.Dense(2, 3), ops.Tanh(), nn.Dense(3, 1), ops.Tanh()],
                     loss=ops.SquaredError(), seed=0)
    return Example("lfd", "Learning From Data: a 2-3-1 tanh net, e = (x − y)², "
                   "the δ of the tanh output",
                   net, np.array([[0.5, -1.0]]), np.array([[1.0]]), "lfd", "delta_1^(L)")


def _nielsen() -> Example:
    from chainrule import nn, ops

    net = nn.Network([nn.Dense(3, 4), ops.Sigmoid(), nn.Dense(4, 3), ops.Sigmoid(),
                      nn.Dense(3, 2), ops.Sigmoid()], loss=ops.HalfSumSquaredError(), seed=1)
    return Example("nielsen", "Nielsen: a 3-4-3-2 sigmoid net, C = ½‖a − y‖², "
                   "the hidden-layer δ recurrence",
                   net, np.array([[0.2, -0.4, 0.9]]), np.array([[1.0, 0.0]]), "nielsen",
                   "delta_2^(L-1)")


def _mitchell() -> Example:
    from chainrule import nn, ops

    first = np.array([[0.15, 0.25], [0.20, 0.30]])
    second = np.array([[0.40, 0.50], [0.45, 0.55]])
    net = nn.Network([nn.Dense(2, 2, bias=False, weights=first), ops.Sigmoid(),
                      nn.Dense(2, 2, bias=False, weights=second), ops.Sigmoid()],
                     loss=ops.HalfSumSquaredError(), seed=0)
    return Example("mitchell", "Mitchell: a 2-2-2 sigmoid net without biases, "
                   "E = ½ Σ (t − o)², the sigmoid derivative", net, np.array([[0.05, 0.10]]),
                   np.array([[0.01, 0.99]]), "mitchell", 2)


def _jhz() -> Example:
    from chainrule import nn, ops

    net = nn.Network([nn.Dense(3, 3), ops.Sigmoid(), nn.Dense(3, 1)],
                     loss=ops.SquaredError(), seed=3)
    return Example("jhz", "the J/h/z tutorial: a 3-3-1 net (sigmoid, then linear), "
                   "J = (h − y)², a three-factor chain", net, np.array([[1.0, 0.5, -0.5]]),
                   np.array([[1.0]]), "jhz", "w_12^(2)")


def _cs231n() -> Example:
    from chainrule import nn, ops

    net = nn.Network([nn.Dense(2, 500), ops.Tanh(), nn.Dense(500, 2)],
                     loss=ops.SoftmaxCrossEntropy(), seed=4)
    x = np.random.default_rng(4).normal(size=(8, 2))
    y = (x[:, 0] * x[:, 1] > 0).astype(int)
    return Example("cs231n", "CS231n: a 2-500-2 tanh net, softmax and mean cross-entropy "
                   "over a batch of 8, row vectors", net, x, y, "cs231n", 2)


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


def _dropout() -> Example:
    from chainrule import nn, ops

    net = nn.Network([nn.Dense(3, 4), ops.Tanh(), nn.Dropout(0.5, seed=1), nn.Dense(4, 1)],
                     loss=ops.MeanSquaredError(), seed=9).train()
    x = np.array([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]])
    return Example("dropout", "inverted dropout in training: the mask and the 1/(1 − p) "
                   "scale", net, x, np.array([[1.0], [0.0]]), "dropout", "x[0,1]")


EXAMPLES: dict[str, Callable[[], Example]] = {
    "lfd": _lfd, "nielsen": _nielsen, "mitchell": _mitchell, "jhz": _jhz,
    "cs231n": _cs231n, "conv": _conv, "rnn": _rnn, "batchnorm": _batchnorm,
    "pool": _pool, "dropout": _dropout,
}

#: Older names of the examples, still accepted (not shown in help).
ALIASES = {"seed000": "lfd", "seed001": "nielsen", "seed002": "mitchell", "seed003": "jhz",
           "seed004": "cs231n"}


def example(name: str) -> Example:
    """The preset example called ``name`` (lfd, nielsen, mitchell, jhz, cs231n; conv, rnn,
    batchnorm, pool, dropout for the layers beyond Dense).

    Examples
    --------
    >>> from chainrule.explain import example
    >>> chosen = example("mitchell")
    >>> chosen.description
    'Mitchell: a 2-2-2 sigmoid net without biases, E = ½ Σ (t − o)², the sigmoid derivative'
    >>> chosen.x, chosen.notation
    (array([[0.05, 0.1 ]]), 'mitchell')
    """
    name = ALIASES.get(name, name)
    if name not in EXAMPLES:
        raise one_of("example", name, EXAMPLES)
    return EXAMPLES[name]()
