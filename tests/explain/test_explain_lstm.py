"""`explain` of one gate weight of an LSTM through time and through its cell: every number
against autograd on the network unrolled by hand in PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from chainrule.cli import app
from chainrule.errors import ConfigError
from chainrule.explain.api import explain
from chainrule.explain.examples import example

torch = pytest.importorskip("torch")
GATES = "ifgo"


def _unrolled(net, x: np.ndarray, y: np.ndarray) -> dict:
    """Gates, c, h, their gradients and ∂L/∂Wx, ∂L/∂Wh of the LSTM unrolled by autograd."""
    lstm, dense = net.layers[0], net.layers[1]
    Wx, Wh, b = (torch.tensor(a, requires_grad=True) for a in (lstm.Wx, lstm.Wh, lstm.b))
    H = lstm.hidden_size
    h = torch.zeros((1, H), dtype=torch.float64)
    c = torch.zeros((1, H), dtype=torch.float64)
    out: dict[str, list] = {key: [] for key in ("pre", "gates", "c", "h")}
    for t in range(x.shape[1]):
        pre = torch.from_numpy(x[:, t]) @ Wx + h @ Wh + b
        pre.retain_grad()
        i, f, g, o = (pre[:, k * H:(k + 1) * H] for k in range(4))
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        c = f * c + i * g
        h = o * torch.tanh(c)
        c.retain_grad()
        h.retain_grad()
        out["pre"].append(pre)
        out["gates"].append(torch.cat([i, f, g, o], dim=1).detach().numpy()[0])
        out["c"].append(c)
        out["h"].append(h)
    prediction = h @ torch.from_numpy(dense.W) + torch.from_numpy(dense.b)
    ((prediction - torch.from_numpy(y)) ** 2).mean().backward()
    return {"gates": out["gates"], "delta": [p.grad.numpy()[0] for p in out["pre"]],
            "c": [v.detach().numpy()[0] for v in out["c"]],
            "h": [v.detach().numpy()[0] for v in out["h"]],
            "dc": [v.grad.numpy()[0] for v in out["c"]],
            "dh": [v.grad.numpy()[0] for v in out["h"]],
            "W": Wh.grad.numpy(), "U": Wx.grad.numpy()}


def _gateless_norms(net, x: np.ndarray, outside: np.ndarray) -> list[float]:
    """‖δ^{(t)}‖ of the Elman RNN with the candidate's weights, by autograd, given the
    gradient ``outside`` at its last state."""
    lstm = net.layers[0]
    H = lstm.hidden_size
    U, W, b = (torch.tensor(a[..., 2 * H:3 * H], requires_grad=True)
               for a in (lstm.Wx, lstm.Wh, lstm.b))
    h = torch.zeros((1, H), dtype=torch.float64)
    pre = []
    for t in range(x.shape[1]):
        a = b + h @ W + torch.from_numpy(x[:, t]) @ U
        a.retain_grad()
        h = torch.tanh(a)
        pre.append(a)
    (h * torch.from_numpy(outside)).sum().backward()
    return [float(np.linalg.norm(a.grad.numpy())) for a in pre]


@pytest.mark.parametrize("quantity", ["W_f[0,1]", "U_i[1,2]", "W^o[2,0]", "Ug[0,0]"])
def test_every_number_equals_autograd(quantity: str) -> None:
    preset = example("lstm")
    net, x, y = preset.net, preset.x, preset.y
    truth = _unrolled(net, x, y)
    explanation = explain(net, x, y, quantity)
    by_source = {line.source: line for line in explanation.lines() if line.source}
    steps, H = x.shape[1], net.layers[0].hidden_size
    for t in range(1, steps + 1):
        for key in ("c", "h", "dc", "dh"):
            np.testing.assert_allclose(by_source[(key, t)].value, truth[key][t - 1],
                                       rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(by_source[("gates", t)].value, truth["gates"][t - 1],
                                   rtol=1e-12)
        assert by_source[("dc_norm", t)].value == pytest.approx(
            np.linalg.norm(truth["dc"][t - 1]), rel=1e-10)
    name, gate = quantity[0], quantity.strip("WU_^")[0]
    k, j = int(quantity[-4]), int(quantity[-2])
    column = GATES.index(gate) * H + j
    for t in range(1, steps + 1):
        delta = truth["delta"][t - 1][column]
        assert by_source[("gate_delta", t)].value == pytest.approx(delta, rel=1e-9, abs=1e-15)
        carried = (truth["h"][t - 2][k] if t > 1 else 0.0) if name == "W" else x[0, t - 1, k]
        assert by_source[("term", t)].value == pytest.approx(carried * delta, rel=1e-9,
                                                             abs=1e-15)
    total = by_source[("grad", name, gate, k, j)].value
    assert total == pytest.approx(truth[name][k, column], rel=1e-9)
    assert explanation.check.passed
    rnn = _gateless_norms(net, x, truth["dh"][-1][None, :])
    for t in range(1, steps + 1):
        assert by_source[("rnn_norm", t)].value == pytest.approx(rnn[t - 1], rel=1e-10)


def test_the_cell_path_is_f_and_keeps_more_gradient_than_the_rnn() -> None:
    """∂L/∂c^{(t)} − ∂L/∂h^{(t)} o (1 − tanh² c) = ∂L/∂c^{(t+1)} f^{(t+1)}, by hand from
    autograd's numbers; over the six steps the cell keeps more of its gradient than the
    gateless RNN keeps of its δ."""
    preset = example("lstm")
    truth = _unrolled(preset.net, preset.x, preset.y)
    H = preset.net.layers[0].hidden_size
    for t in range(5):
        o, f_next = truth["gates"][t][3 * H:], truth["gates"][t + 1][H:2 * H]
        through_h = truth["dh"][t] * o * (1 - np.tanh(truth["c"][t]) ** 2)
        np.testing.assert_allclose(truth["dc"][t] - through_h, truth["dc"][t + 1] * f_next,
                                   rtol=1e-9, atol=1e-15)
    lines = explain(preset.net, preset.x, preset.y, preset.quantity).lines()
    cell = [line.value for line in lines if line.source[:1] == ("dc_norm",)]
    rnn = [line.value for line in lines if line.source[:1] == ("rnn_norm",)]
    assert cell[-1] / cell[0] > 2 * rnn[-1] / rnn[0]  # listed from the last step back


def test_bad_requests_are_refused() -> None:
    preset = example("lstm")
    with pytest.raises(ConfigError, match=r"W\^f of LSTM 2→3 \(last step\) has shape \(3, 3\)"):
        explain(preset.net, preset.x, preset.y, "W_f[3,0]")
    with pytest.raises(ConfigError, match="one weight of one gate"):
        explain(preset.net, preset.x, preset.y, "W[0,1]")
    with pytest.raises(ConfigError, match="follows one sequence"):
        explain(preset.net, np.zeros((2, 6, 2)), np.zeros((2, 1)), "W_f[0,0]")


def test_cli_explains_the_lstm_example() -> None:
    result = CliRunner().invoke(app, ["explain", "--example", "lstm", "--weight", "U_o[0,1]"])
    assert result.exit_code == 0, result.output
    assert "Through time, through the cell" in result.output
    assert "the three agree" in result.output


@pytest.mark.parametrize("quantity", ["W_f[0,1]", "U_i[1,2]", "W^o[2,0]", "Ug[0,0]"])
def test_every_printed_step_adds_up_to_its_value(quantity: str) -> None:
    """Each gate's δ, each term and the sum over time, evaluated as printed (the numbers
    of ``∂L/∂c · g · i · (1 − i)``, ``h · δ``, the terms' sum), give the printed value."""
    from printed_arithmetic import agrees

    from chainrule.render.explain_items import TEXT

    preset = example("lstm")
    lines = explain(preset.net, preset.x, preset.y, quantity).lines()
    steps = [line for line in lines if line.source[:1] in (("gate_delta",), ("term",),
                                                           ("grad",))]
    assert len(steps) == 2 * 6 + 1
    for line in steps:
        printed = TEXT(line.numbers)
        assert agrees(printed, float(line.value)), (printed, line.value)
