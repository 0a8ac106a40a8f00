"""`explain` of a batch norm's input gradient: every number against PyTorch autograd on the
normalization written out (mean, variance, x̂) in a graph of its own."""

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


def _autograd(net: cr.Network, x: np.ndarray, y: np.ndarray, f: int):
    """The BN input x, μ, σ², x̂ of feature f and ∂L/∂x, ∂L/∂μ, ∂L/∂σ², ∂L/∂x̂ by autograd."""
    dense, norm, _, head = net.layers
    inputs = torch.tensor(x) @ torch.from_numpy(dense.W) + torch.from_numpy(dense.b)
    inputs = inputs.detach().requires_grad_(True)
    mean = inputs.mean(0)
    mean.retain_grad()
    var = ((inputs - mean) ** 2).mean(0)
    var.retain_grad()
    x_hat = (inputs - mean) / torch.sqrt(var + norm.eps)
    x_hat.retain_grad()
    out = torch.tanh(torch.from_numpy(norm.gamma) * x_hat + torch.from_numpy(norm.beta))
    out = out @ torch.from_numpy(head.W) + torch.from_numpy(head.b)
    ((out - torch.from_numpy(y)) ** 2).mean().backward()
    return {"x": inputs.detach().numpy()[:, f], "mean": mean.detach().numpy()[f],
            "var": var.detach().numpy()[f], "x_hat": x_hat.detach().numpy()[:, f],
            "grad_x": inputs.grad.numpy()[:, f], "grad_mean": mean.grad.numpy()[f],
            "grad_var": var.grad.numpy()[f], "grad_x_hat": x_hat.grad.numpy()[:, f]}


@pytest.mark.parametrize("quantity", ["x[1,0]", "x[3,2]", "x[0,1]"])
def test_every_number_equals_autograd(quantity: str) -> None:
    preset = example("batchnorm")
    net, x, y = preset.net, preset.x, preset.y
    net.layers[1].gamma[...] = [1.5, -0.5, 2.0]  # γ ≠ 1, so ∂L/∂x̂ = γ ∂L/∂y shows
    n, f = int(quantity[2]), int(quantity[4])
    expected = _autograd(net, x, y, f)
    before = [b.copy() for b in net.layers[1].buffers]
    explanation = explain(net, x, y, quantity)
    by_source = {line.source: line for line in explanation.lines() if line.source}
    for name in ("x", "mean", "var", "x_hat", "grad_x_hat", "grad_mean", "grad_var"):
        key = "grad_x_hat" if name == "grad_x_hat" else name
        np.testing.assert_allclose(by_source[(key,)].value, expected[name], rtol=1e-10,
                                   atol=1e-14, err_msg=name)
    assert by_source[("paths", n)].value == pytest.approx(expected["grad_x"][n], rel=1e-10)
    assert by_source[("three_terms", n)].value == pytest.approx(expected["grad_x"][n],
                                                                rel=1e-10)
    assert explanation.check.passed
    for now, then in zip(net.layers[1].buffers, before, strict=True):
        assert np.array_equal(now, then)  # explaining leaves the running statistics alone


def test_refusals() -> None:
    preset = example("batchnorm")
    with pytest.raises(ConfigError, match=r"the input of BatchNorm 3 has shape \(4, 3\)"):
        explain(preset.net, preset.x, preset.y, "x[4,0]")
    with pytest.raises(ConfigError, match=r"call net.train\(\) first"):
        explain(preset.net.eval(), preset.x, preset.y, "x[0,0]")


def test_cli_explains_the_batchnorm_example() -> None:
    result = CliRunner().invoke(app, ["explain", "--example", "batchnorm", "--delta", "x[2,1]"])
    assert result.exit_code == 0, result.output
    assert "## The three-term form" in result.output and "the three agree" in result.output


@pytest.mark.parametrize("name", ["conv", "rnn", "batchnorm", "pool", "dropout"])
@pytest.mark.parametrize("fmt", ["to_html", "to_latex", "to_markdown", "to_text"])
def test_the_new_examples_render_in_every_format(name: str, fmt: str) -> None:
    preset = example(name)
    rendered = getattr(explain(preset.net, preset.x, preset.y, preset.quantity), fmt)()
    assert "agree." in rendered and "Traceback" not in rendered
