"""A run that ends with a higher training loss than it started from says so: a
TrainingWarning and ``history.warnings``, with both losses measured independently here."""

from __future__ import annotations

import copy
import warnings

import pytest

import chainrule as cr
from chainrule.nn.history import TrainingWarning


def _setup(seed: int = 0):
    x, y = cr.data.moons(n=300, noise=0.2, seed=seed)
    net = cr.Network([cr.Dense(2, 16), cr.Tanh(), cr.Dense(16, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=seed)
    return net, copy.deepcopy(net), x, y


def test_a_learning_rate_far_too_large_warns_with_both_losses() -> None:
    net, initial, x, y = _setup()
    with pytest.warns(TrainingWarning) as caught:
        history = net.fit(x, y, epochs=4, optimizer=cr.SGD(lr=1e6), seed=0)
    # an untouched copy, and the trained net: the end loss is of the weights fit left in place
    start, end = initial.loss_value(x, y), net.loss_value(x, y)
    assert end > 100 * start  # the premise: this run really did end worse
    message = (f"training ended with a higher loss than it started from: {end:.4g} after 4 "
               f"epoch(s), {start:.4g} at the initial weights (learning rate 1e+06); try a "
               "smaller learning rate")
    assert history.warnings == [message]
    assert [str(w.message) for w in caught] == [message]
    assert caught[0].filename == __file__  # points at the caller's net.fit


@pytest.mark.parametrize("lr", [0.1, 1e-12])
def test_a_run_that_does_not_end_worse_is_silent(lr: float) -> None:
    net, initial, x, y = _setup(1)
    with warnings.catch_warnings():
        warnings.simplefilter("error", TrainingWarning)
        history = net.fit(x, y, epochs=3, optimizer=cr.SGD(lr=lr), seed=0)
    assert net.loss_value(x, y) <= initial.loss_value(x, y)
    assert history.warnings == []

