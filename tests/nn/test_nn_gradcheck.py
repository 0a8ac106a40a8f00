"""The numeric gradient check passes on correct networks and fails on a broken gradient."""

from __future__ import annotations

import numpy as np
import pytest

import chainrule as cr
from chainrule.nn.gradcheck import gradcheck
from chainrule.ops.leaky_relu import LeakyReLU
from chainrule.ops.tanh import Tanh


def _data(n_in: int = 3, n: int = 6, k: int = 3, seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, n_in)), rng.integers(0, k, size=n)


NETWORKS = {
    "tanh-softmax-ce": lambda: cr.Network(
        [cr.Dense(3, 4), cr.Tanh(), cr.Dense(4, 3)], loss=cr.SoftmaxCrossEntropy(), seed=1),
    "sigmoid-no-bias-half-sse": lambda: cr.Network(
        [cr.Dense(3, 2, bias=False), cr.Sigmoid(), cr.Dense(2, 3, bias=False), cr.Sigmoid()],
        loss=cr.HalfSumSquaredError(reduction="sum"), seed=2),
    "relu-leaky-mse-float32": lambda: cr.Network(
        [cr.Dense(3, 5), cr.ReLU(), cr.Dense(5, 4), cr.LeakyReLU(0.1), cr.Dense(4, 3)],
        loss=cr.MeanSquaredError(), dtype="float32", seed=3),
}


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_gradcheck_passes_on_correct_networks(name: str) -> None:
    net = NETWORKS[name]()
    x, labels = _data()
    y = labels if net.loss.classifier else np.eye(3)[labels]
    report = gradcheck(net, x, y)
    assert report.passed, str(report)
    assert report.max_relative_error < 1e-6
    text = str(report)
    for parameter in net.parameter_names:
        assert parameter in text
    assert "passed" in text


def test_gradcheck_fails_on_a_wrong_activation_derivative(monkeypatch) -> None:
    """tanh' written as 1 − a (a classic slip) instead of 1 − a²: the check must say so."""

    def wrong_backward(self, z, a, grad_a):
        grad_a *= 1 - a
        return grad_a

    monkeypatch.setattr(Tanh, "backward", wrong_backward)
    net = NETWORKS["tanh-softmax-ce"]()
    report = gradcheck(net, *_data())
    assert not report.passed
    text = str(report)
    assert "FAILED" in text
    by_name = {p.name: p for p in report.parameters}
    assert set(by_name) == {"W1", "b1", "W2", "b2"}
    assert by_name["W1"].verdict == "wrong"  # below the broken tanh
    assert by_name["W2"].relative_error < 1e-6  # above it: still right


def test_gradcheck_fails_on_a_wrong_slope(monkeypatch) -> None:
    def wrong_derivative(self, z, a):
        return np.where(z > 0, 1.0, 0.0).astype(z.dtype)  # forgets the slope

    monkeypatch.setattr(LeakyReLU, "derivative", wrong_derivative)
    net = cr.Network([cr.Dense(3, 6), cr.LeakyReLU(0.3), cr.Dense(6, 2)],
                     loss=cr.SquaredError(), seed=4)
    x = np.random.default_rng(0).normal(size=(8, 3))
    report = gradcheck(net, x, np.ones((8, 2)))
    assert not report.passed


def test_gradcheck_caps_entries_and_leaves_network_untouched() -> None:
    net = cr.Network([cr.Dense(3, 40), cr.Tanh(), cr.Dense(40, 3)],
                     loss=cr.SoftmaxCrossEntropy(), seed=5)
    before = net.get_weights()
    report = gradcheck(net, *_data(), max_entries=10)
    assert report.passed
    assert [p.checked for p in report.parameters] == [10, 10, 10, 3]
    for old, new in zip(before, net.parameters, strict=True):
        np.testing.assert_array_equal(old, new)
