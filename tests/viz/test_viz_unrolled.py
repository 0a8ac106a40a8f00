"""An RNN unrolled in time: the bars are ‖∂L/∂a^{(t)}‖ as autograd computes them."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

import chainrule as cr
from chainrule import viz
from chainrule.cli import app

torch = pytest.importorskip("torch")


def test_bars_are_the_norms_of_delta_per_step() -> None:
    rng = np.random.default_rng(1)
    net = cr.Network([cr.RNN(2, 4), cr.Dense(4, 1)], loss=cr.MeanSquaredError(), seed=3)
    x, y = rng.normal(size=(2, 5, 2)), rng.normal(size=(2, 1))
    rnn, dense = net.layers
    U, W, b = (torch.tensor(a, requires_grad=True) for a in (rnn.U, rnn.W, rnn.b))
    h = torch.zeros((2, 4), dtype=torch.float64)
    pre = []
    for t in range(5):
        a = b + h @ W + torch.from_numpy(x[:, t]) @ U
        a.retain_grad()
        pre.append(a)
        h = torch.tanh(a)
    out = h @ torch.from_numpy(dense.W) + torch.from_numpy(dense.b)
    ((out - torch.from_numpy(y)) ** 2).mean().backward()
    expected = [float(np.linalg.norm(a.grad.numpy()[1])) for a in pre]
    figure = viz.unrolled(net, x, y, sample=1)
    heights = [patch.get_height() for patch in figure.axes[1].patches]
    np.testing.assert_allclose(heights, expected, rtol=1e-10)
    assert [t.get_text() for t in figure.axes[1].get_xticklabels()] == [
        f"t={t}" for t in range(1, 6)]


def test_explain_plot_draws_the_rnn_unrolled(tmp_path) -> None:
    path = tmp_path / "rnn.svg"
    result = CliRunner().invoke(app, ["explain", "--example", "rnn", "--plot", str(path)])
    assert result.exit_code == 0, result.output
    assert "δ through time" in path.read_text()
