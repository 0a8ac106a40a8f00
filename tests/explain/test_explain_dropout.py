"""`explain` of a dropout layer's input gradient: the mask and the scale, against autograd
with the same mask."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from chainrule.cli import app
from chainrule.explain.api import explain
from chainrule.explain.examples import example

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("quantity", ["x[0,1]", "x[0,2]", "x[1,2]", "x[1,0]"])
def test_the_gradient_equals_autograd_with_the_same_mask(quantity: str) -> None:
    preset = example("dropout")
    net, x, y = preset.net, preset.x, preset.y
    explanation = explain(net, x, y, quantity)
    n, j = int(quantity[2]), int(quantity[4])
    by_source = {line.source: line for line in explanation.lines() if line.source}
    mask = np.array([by_source[("mask", n)].numbers.values])  # the row the line shows
    first, _, dropout, head = net.layers
    hidden = torch.tanh(torch.tensor(x) @ torch.from_numpy(first.W) + torch.from_numpy(first.b))
    hidden = hidden.detach().requires_grad_(True)
    full_mask = torch.from_numpy(dropout.mask.astype(float))
    assert np.array_equal(full_mask.numpy()[n], mask[0])  # the line shows the drawn mask
    out = (hidden * full_mask / (1 - dropout.p)) @ torch.from_numpy(head.W)
    ((out + torch.from_numpy(head.b) - torch.from_numpy(y)) ** 2).mean().backward()
    expected = hidden.grad.numpy()[n, j]
    assert by_source[("grad_input", n, j)].value == pytest.approx(expected, rel=1e-12,
                                                                  abs=1e-15)
    assert (expected == 0) == (mask[0, j] == 0)  # a dropped unit gets no gradient
    assert explanation.check.passed


def test_at_evaluation_the_layer_is_the_identity() -> None:
    preset = example("dropout")
    net = preset.net.eval()
    explanation = explain(net, preset.x, preset.y, "x[0,2]")
    trace = net.trace(preset.x, preset.y)
    line = next(line for line in explanation.lines() if line.source[:1] == ("grad_input",))
    assert line.value == pytest.approx(trace.records[2].grad_output[0, 2], rel=1e-12)
    assert explanation.check.passed


def test_cli_explains_the_dropout_example() -> None:
    result = CliRunner().invoke(app, ["explain", "--example", "dropout", "--delta", "x[1,3]"])
    assert result.exit_code == 0, result.output
    assert "The mask and the scale" in result.output and "the three agree" in result.output
