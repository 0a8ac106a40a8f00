"""The layers benchmark is fair: one epoch of chainrule's ``fit`` and of the PyTorch loop it
is timed against, from the same weights and order, end on the same weights (float64)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import chainrule as cr
from chainrule.nn.presets import preset

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from layers import _torch_epoch

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("model", ["cnn", "rnn"])
def test_fit_and_the_pytorch_loop_take_the_same_steps(model: str) -> None:
    rng = np.random.default_rng(0)
    if model == "cnn":
        x, y = rng.normal(size=(70, 1, 6, 6)), rng.integers(0, 10, 70)
        loss, outputs, labels = "softmax_cross_entropy", 10, None
    else:
        x, y = cr.data.sequences.adding(70, steps=5, seed=0)
        loss, outputs, labels = "mean_squared_error", 1, y
    net = preset(model, x.shape, outputs, loss=loss, seed=0)
    module = cr.to_torch(net)
    order = rng.permutation(len(x))
    net.fit(x[order], y[order], epochs=1, batch_size=16, shuffle=False, optimizer=cr.SGD(lr=0.1))
    _torch_epoch(torch, module, x, y if labels is None else labels, order, 16, 0.1,
                 model == "rnn")
    theirs = cr.to_torch(net).state_dict()
    for name, value in module.state_dict().items():
        if name.endswith("num_batches_tracked"):
            continue
        assert np.allclose(value.numpy(), theirs[name].numpy(), rtol=1e-10, atol=1e-12), name
