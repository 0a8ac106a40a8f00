"""The preset networks of the five learners' questions, with fixed weights and samples.

``example("lfd")`` etc. give a :class:`Example`: the network, one sample (or a batch for
``cs231n``), the notation and the quantity the question asked about. Weights come from fixed
seeds (or are written out, for Mitchell's 2-2-2 net), so every explanation is reproducible.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from chainrule.errors import one_of
from chainrule.explain.example_case import Example
from chainrule.explain.layer_examples import LAYER_EXAMPLES


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


EXAMPLES: dict[str, Callable[[], Example]] = {
    "lfd": _lfd, "nielsen": _nielsen, "mitchell": _mitchell, "jhz": _jhz,
    "cs231n": _cs231n,
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
    if name in LAYER_EXAMPLES:  # the layers beyond Dense: conv, rnn, batchnorm, pool, dropout
        return LAYER_EXAMPLES[name]()
    if name not in EXAMPLES:
        raise one_of("example", name, (*EXAMPLES, *LAYER_EXAMPLES))
    return EXAMPLES[name]()
