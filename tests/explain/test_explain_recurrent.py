"""`explain` of one weight of a recurrent layer through time: every number against autograd
on the network unrolled by hand in PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

import chainrule as cr
from chainrule.cli import app
from chainrule.errors import ConfigError
from chainrule.explain.api import explain
from chainrule.explain.examples import example

torch = pytest.importorskip("torch")


def _unrolled(net: cr.Network, x: np.ndarray, y: np.ndarray):
    """h^{(t)}, δ^{(t)} = ∂L/∂a^{(t)} and ∂L/∂W, ∂L/∂U of the unrolled net, by autograd."""
    rnn, dense = net.layers[0], net.layers[1]
    U, W, b = (torch.tensor(a, requires_grad=True) for a in (rnn.U, rnn.W, rnn.b))
    h = torch.zeros((1, rnn.hidden_size), dtype=torch.float64)
    pre, states = [], []
    for t in range(x.shape[1]):
        a = b + h @ W + torch.from_numpy(x[:, t]) @ U
        a.retain_grad()
        h = torch.tanh(a)
        pre.append(a)
        states.append(h)
    out = h @ torch.from_numpy(dense.W) + torch.from_numpy(dense.b)
    ((out - torch.from_numpy(y)) ** 2).mean().backward()
    return ([s.detach().numpy()[0] for s in states], [a.grad.numpy()[0] for a in pre],
            {"W": W.grad.numpy(), "U": U.grad.numpy()})


@pytest.mark.parametrize("quantity", ["W[0,1]", "U[1,2]", "W[2,2]"])
def test_every_number_equals_autograd(quantity: str) -> None:
    preset = example("rnn")
    net, x, y = preset.net, preset.x, preset.y
    states, deltas, grads = _unrolled(net, x, y)
    explanation = explain(net, x, y, quantity)
    by_source = {line.source: line for line in explanation.lines() if line.source}
    steps = x.shape[1]
    for t in range(1, steps + 1):
        np.testing.assert_allclose(by_source[("h", t)].value, states[t - 1], rtol=1e-12)
        np.testing.assert_allclose(by_source[("delta", t)].value, deltas[t - 1], rtol=1e-10)
        assert by_source[("delta_norm", t)].value == pytest.approx(
            np.linalg.norm(deltas[t - 1]), rel=1e-10)
    name, i, j = quantity[0], int(quantity[2]), int(quantity[4])
    for t in range(1, steps + 1):
        carried = (states[t - 2][i] if t > 1 else 0.0) if name == "W" else x[0, t - 1, i]
        assert by_source[("term", t)].value == pytest.approx(carried * deltas[t - 1][j],
                                                             rel=1e-10, abs=1e-15)
    total = by_source[(f"grad_{name}", 1, i, j)].value
    assert total == pytest.approx(grads[name][i, j], rel=1e-10)
    assert explanation.check.passed


def test_the_norms_show_the_gradient_vanishing_in_the_example() -> None:
    preset = example("rnn")
    lines = explain(preset.net, preset.x, preset.y, preset.quantity).lines()
    norms = [line.value for line in lines if line.source[:1] == ("delta_norm",)]
    assert norms == sorted(norms, reverse=True)  # listed from the last step back, shrinking
    assert norms[-1] < 0.1 * norms[0]


def test_bad_requests_are_refused() -> None:
    preset = example("rnn")
    with pytest.raises(ConfigError, match=r"W of RNN 2→3 \(last step\) has shape \(3, 3\)"):
        explain(preset.net, preset.x, preset.y, "W[3,0]")
    with pytest.raises(ConfigError, match="ask for one weight"):
        explain(preset.net, preset.x, preset.y, "K[0,0,0,0]")
    sequences = np.zeros((2, 6, 2))
    with pytest.raises(ConfigError, match="follows one sequence"):
        explain(preset.net, sequences, np.zeros((2, 1)), "W[0,0]")


def test_cli_explains_the_rnn_example() -> None:
    result = CliRunner().invoke(app, ["explain", "--example", "rnn", "--weight", "U[0,1]"])
    assert result.exit_code == 0, result.output
    assert "δ through time: a product of Jacobians" in result.output
    assert "The sum over time" in result.output and "the three agree" in result.output
