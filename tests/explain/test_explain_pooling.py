"""`explain` of a pooling layer's input gradient: window by window, against PyTorch (its
arg-max indices and autograd)."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

import chainrule as cr
from chainrule.cli import app
from chainrule.errors import ConfigError
from chainrule.explain.api import explain
from chainrule.explain.examples import example
from chainrule.explain.model import prose

torch = pytest.importorskip("torch")


def _autograd(net: cr.Network, x: np.ndarray, y: np.ndarray):
    """δ = ∂L/∂(pool output), ∂L/∂x, and max pooling's arg-max indices (flat over H·W)."""
    module = cr.to_torch(net)
    inputs = torch.tensor(x, requires_grad=True)
    pooled = module[0](inputs)
    pooled.retain_grad()
    h = pooled
    for part in list(module)[1:]:
        h = part(h)
    cr.nn.torch_bridge.torch_loss(net)(h, torch.from_numpy(net.as_targets(x, y))).backward()
    pool = net.layers[0]
    _, indices = torch.nn.functional.max_pool2d(torch.tensor(x), pool.kernel_size, pool.stride,
                                                return_indices=True)
    return pooled.grad.numpy(), inputs.grad.numpy(), indices.numpy()


def _network(kind, k: int, s: int, seed: int):
    rng = np.random.default_rng(seed)
    x = rng.integers(-3, 4, size=(2, 2, 5, 6)).astype(float) / 2  # many ties
    rows, columns = (5 - k) // s + 1, (6 - k) // s + 1
    net = cr.Network([kind(k, s), cr.Flatten(), cr.Dense(2 * rows * columns, 3)],
                     loss=cr.SoftmaxCrossEntropy(), seed=seed)
    return net, x, rng.integers(0, 3, size=2)


@pytest.mark.parametrize("kind", [cr.MaxPool2D, cr.AvgPool2D])
@pytest.mark.parametrize(("k", "s", "entry"), [(2, 1, (1, 1, 2, 3)), (3, 2, (0, 1, 2, 2)),
                                              (2, 2, (1, 0, 4, 5))])
def test_every_window_equals_pytorch(kind, k, s, entry) -> None:
    net, x, y = _network(kind, k, s, seed=k + s)
    delta, grad_x, indices = _autograd(net, x, y)
    explanation = explain(net, x, y, "x[{},{},{},{}]".format(*entry))
    n, c, p, q = entry
    windows = [line for line in explanation.lines() if line.source[:1] == ("window",)]
    expected_windows = [(i, j) for i in range(delta.shape[2]) for j in range(delta.shape[3])
                        if s * i <= p < s * i + k and s * j <= q < s * j + k]
    assert [line.source[1:] for line in windows] == expected_windows
    for line in windows:
        i, j = line.source[1:]
        if kind is cr.MaxPool2D:
            expected = delta[n, c, i, j] if indices[n, c, i, j] == p * x.shape[3] + q else 0.0
        else:
            expected = delta[n, c, i, j] / k ** 2
        assert line.value == pytest.approx(expected, rel=1e-12, abs=1e-15)
    total = next(line for line in explanation.lines() if line.source[:1] == ("grad_input",))
    assert total.value == pytest.approx(grad_x[entry], rel=1e-10, abs=1e-15)
    assert explanation.check.passed


def test_the_example_states_its_tie_and_checks_by_finite_differences() -> None:
    preset = example("pool")
    explanation = explain(preset.net, preset.x, preset.y, preset.quantity)
    reasons = " ".join(prose(line.reason).words() for line in explanation.lines())
    assert "a tie: the first in row-major order takes it" in reasons
    assert not explanation.check.kink and explanation.check.passed
    tied = explain(preset.net, preset.x, preset.y, "x[0,0,0,1]")  # one of the tied maxima
    assert tied.check.kink and tied.check.passed  # finite differences straddle the kink


def test_refusals_and_cli() -> None:
    preset = example("pool")
    with pytest.raises(ConfigError, match=r"the input of MaxPool2D 2×2 stride 1 has shape"):
        explain(preset.net, preset.x, preset.y, "x[0,0,4,0]")
    result = CliRunner().invoke(app, ["explain", "--example", "pool", "--delta", "x[0,0,2,2]"])
    assert result.exit_code == 0, result.output
    assert "Window by window" in result.output and "the three agree" in result.output
