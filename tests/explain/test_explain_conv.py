"""`explain` of one kernel weight of a convolution: every number against PyTorch autograd."""

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


def _autograd(net: cr.Network, x: np.ndarray, y: np.ndarray):
    """PyTorch's conv output, δ = ∂L/∂(conv output), ∂L/∂x and ∂L/∂K."""
    module = cr.to_torch(net)
    inputs = torch.tensor(x, requires_grad=True)
    conv_out = module[0](inputs)
    conv_out.retain_grad()
    h = conv_out
    for part in list(module)[1:]:
        h = part(h)
    targets = torch.from_numpy(net.as_targets(x, y))
    cr.nn.torch_bridge.torch_loss(net)(h, targets).backward()
    return (conv_out.detach().numpy(), conv_out.grad.numpy(), inputs.grad.numpy(),
            module[0].weight.grad.numpy())


def _cases():
    preset = example("conv")
    yield preset.net, preset.x, preset.y, preset.quantity
    net = cr.Network([cr.Conv2D(2, 3, 3, stride=2, padding=1), cr.ReLU(), cr.Flatten(),
                      cr.Dense(3 * 3 * 3, 2)], loss=cr.SoftmaxCrossEntropy(), seed=0)
    x = np.random.default_rng(0).normal(size=(2, 2, 5, 6))
    yield net, x, np.array([0, 1]), "K[2,1,0,2]"


@pytest.mark.parametrize("case", range(2))
def test_every_number_equals_autograd(case: int) -> None:
    net, x, y, quantity = list(_cases())[case]
    o, c, u, v = (int(d) for d in quantity[2:-1].split(","))
    out, delta, grad_x, grad_k = _autograd(net, x, y)
    conv = net.layers[0]
    p, s = conv.padding, conv.stride
    padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    explanation = explain(net, x, y, quantity)
    lines = explanation.lines()
    by_source = {line.source: line for line in lines if line.source}
    assert by_source[("conv_output", 0, o, 0, 0)].value == pytest.approx(out[0, o, 0, 0])
    terms = [line for line in lines if line.source and line.source[0] == "term"]
    assert len(terms) == min(16, delta.shape[0] * delta.shape[2] * delta.shape[3])
    for line in terms:
        _, n, _, i, j = line.source
        expected = delta[n, o, i, j] * padded[n, c, s * i + u, s * j + v]
        assert line.value == pytest.approx(expected, rel=1e-12, abs=1e-15)
    assert by_source[("grad_K", 1, o, c, u, v)].value == pytest.approx(grad_k[o, c, u, v],
                                                                       rel=1e-10)
    matrix = by_source[("grad_K", 1)].value
    np.testing.assert_allclose(matrix, grad_k.reshape(grad_k.shape[0], -1), rtol=1e-10)
    row, column = min(1, x.shape[2] - 1), min(1, x.shape[3] - 1)
    assert by_source[("grad_input", 0, 0, row, column)].value == pytest.approx(
        grad_x[0, 0, row, column], rel=1e-10, abs=1e-14)
    check = explanation.check
    assert check.passed and check.backprop == pytest.approx(grad_k[o, c, u, v], rel=1e-10)
    assert "the three agree" in explanation.to_text()


def test_the_input_gradient_uses_the_flipped_kernel() -> None:
    """Stride 1, no padding: the terms of ∂L/∂x[0,0,1,1] pair δ's positions in order with
    the kernel entries in reverse: δ[i, j] meets K[1 − i, 1 − j]."""
    preset = example("conv")
    line = next(line for line in explain(preset.net, preset.x, preset.y, "K[0,0,0,0]").lines()
                if line.source[:1] == ("grad_input",))
    _, delta, _, _ = _autograd(preset.net, preset.x, preset.y)
    kernel = preset.net.layers[0].K
    written = [tuple(number.value for number, _ in term.factors) for term in line.numbers.terms]
    expected = [(delta[0, o, i, j], kernel[o, 0, 1 - i, 1 - j])  # 2 maps × 2×2 positions
                for o, i, j in np.ndindex(2, 2, 2)]
    np.testing.assert_allclose(written, expected, rtol=1e-12)
    full = sum(np.sum(delta[0, o, :2, :2] * kernel[o, 0][::-1, ::-1]) for o in range(2))
    assert line.value == pytest.approx(full, rel=1e-12)


def test_bad_requests_are_refused_in_one_sentence() -> None:
    preset = example("conv")
    with pytest.raises(ConfigError, match=r"K of Conv2D 1→2 k2 has shape \(2, 1, 2, 2\)"):
        explain(preset.net, preset.x, preset.y, "K[0,0,2,0]")
    with pytest.raises(ConfigError, match="ask for one kernel weight"):
        explain(preset.net, preset.x, preset.y, "w_12^(2)")
    runner = CliRunner()
    result = runner.invoke(app, ["explain", "--example", "conv", "--notation", "lfd"])
    assert result.exit_code != 0 and "in its own notation only (cs231n)" in result.output


def test_cli_explains_the_conv_example() -> None:
    result = CliRunner().invoke(app, ["explain", "--example", "conv", "--weight", "K[1,0,1,1]"])
    assert result.exit_code == 0, result.output
    assert "## The chain rule: a sum over output positions" in result.output
    assert "Matrix form (im2col)" in result.output and "the three agree" in result.output
