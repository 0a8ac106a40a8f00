"""The benchmark is fair: its hand-written NumPy loop and chainrule's ``fit`` do the same work.

From the same initial weights and the same sample order, one epoch of each must end on the
same weights (the loop is independent code: a disagreement means one of them is wrong, or
the benchmark compares different work).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import chainrule as cr

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from measure import epoch_flops
from numpy_loop import NumpyLoop


def _flat(loop: NumpyLoop) -> list[np.ndarray]:
    """The loop's arrays in chainrule's parameter order: W1, b1, W2, b2, ..."""
    return [a for pair in zip(loop.W, loop.b, strict=True) for a in pair]


def _epoch_both(net, x, y, targets, hidden, loss, batch, lr):
    weights = net.get_weights()
    loop = NumpyLoop(weights[0::2], weights[1::2], hidden, loss)
    loop.epoch(x, targets, np.random.default_rng(0).permutation(len(x)), batch, lr)
    net.fit(x, y, epochs=1, batch_size=batch, optimizer=cr.SGD(lr=lr), seed=0)
    return loop, net.get_weights()


@pytest.mark.parametrize("batch", [1, 7, 32])
def test_loop_and_fit_agree_tanh_softmax(batch: int) -> None:
    x, y = cr.data.blobs(n=150, centers=3, seed=1, dtype=np.float32)
    net = cr.Network([cr.Dense(2, 16), cr.Tanh(), cr.Dense(16, 3)],
                     loss=cr.SoftmaxCrossEntropy(), dtype="float32", seed=3)
    targets = np.eye(3, dtype=np.float32)[y]
    loop, trained = _epoch_both(net, x, y, targets, "tanh", "softmax_ce", batch, 0.1)
    for got, want in zip(trained, _flat(loop), strict=True):
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_loop_and_fit_agree_relu_mse() -> None:
    x, labels = cr.data.moons(100, noise=0.1, seed=0, dtype=np.float32)
    y = (2.0 * labels - 1).astype(np.float32)
    layers = [cr.Dense(2, 16, init="he"), cr.ReLU(), cr.Dense(16, 16, init="he"), cr.ReLU(),
              cr.Dense(16, 1, init="he")]
    net = cr.Network(layers, loss=cr.MeanSquaredError(), dtype="float32", seed=0)
    start = net.get_weights()
    loop, trained = _epoch_both(net, x, y, y[:, None], "relu", "mse", 10, 0.05)
    moved = _flat(loop)
    assert any(not np.allclose(a, b) for a, b in zip(start, moved, strict=True))
    for got, want in zip(trained, moved, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_epoch_flops_by_hand() -> None:
    # 2-3-1 on 5 samples: layer 1 forward + ∂W = 2 · (2·5·2·3) = 120;
    # layer 2 forward + ∂W + ∂x = 3 · (2·5·3·1) = 90
    assert epoch_flops((2, 3, 1), 5) == 210.0
