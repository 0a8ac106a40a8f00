"""The layer report's pictures hold the right numbers: δ of a feature map, a batch norm's three
paths, where a pooling window's δ goes, the dropout mask, an LSTM's gates and gradient norms
per step, checked against PyTorch autograd, PyTorch's own pooling indices and LSTM weight
layout, or a hand computation."""

from __future__ import annotations

import re

import numpy as np
import pytest

from chainrule.explain.layer_examples import LAYER_EXAMPLES
from chainrule.explain.resolver import resolve
from chainrule.viz.cells import key_of
from chainrule.viz.layer_report import build_layer_report, layer_view
from chainrule.viz.norm_views import batch_norm_paths

DRAWN = list(LAYER_EXAMPLES)

torch = pytest.importorskip("torch")


def _run(name: str):
    return resolve(example=name)


def _cells(page: str) -> dict[str, str]:
    """aria-label → data-key of every clickable cell of the picture."""
    return {label: key for key, label in re.findall(
        r'class="cr-cell[^"]*" data-key="([^"]+)" tabindex="0" role="button" '
        r'aria-label="([^"]+)"', page)}


def test_a_feature_map_position_opens_the_delta_autograd_computes_there():
    run = _run("conv")
    conv = run.net.layers[0]
    module = torch.nn.Conv2d(1, 2, 2, dtype=torch.float64)  # the example: Conv2D(1, 2, 2)
    with torch.no_grad():
        module.weight.copy_(torch.from_numpy(conv.K))
        module.bias.copy_(torch.from_numpy(conv.b))
    maps = module(torch.from_numpy(run.x))
    maps.retain_grad()
    dense = run.net.layers[3]
    logits = torch.tanh(maps).reshape(1, -1) @ torch.from_numpy(dense.W) + torch.from_numpy(
        dense.b)
    torch.nn.functional.cross_entropy(logits, torch.tensor([1])).backward()
    view = layer_view(run)
    at = {item.name: item for item in view.extra}
    assert len(at) == 2 * 3 * 3  # two 3×3 maps
    for o, p, q in np.ndindex(2, 3, 3):
        item = at[f"δ of map {o} at ({p}, {q})"]
        assert item.value == pytest.approx(float(maps.grad[0, o, p, q]), rel=1e-10, abs=1e-15)
        terms = [line for line in item.text.splitlines() if line.startswith("  δ₀,")]
        assert len(terms) == 4  # one term in each of the 2×2 weights of kernel o
        kernel = next(g for g in view.groups if g.name == f"kernel K[{o},0]")
        assert all(any(line in weight.text for weight in kernel.items) for line in terms)


def test_the_batch_norm_paths_are_autograd_with_statistics_held_fixed():
    run = _run("batchnorm")
    bn = run.net.layers[1]
    record = run.net.trace(run.x, run.y).records[1]
    x = torch.tensor(record.input, requires_grad=True)
    upstream = torch.from_numpy(record.grad_output)

    def grad(detach_mean: bool, detach_var: bool) -> np.ndarray:
        mean, var = x.mean(0), x.var(0, unbiased=False)
        mean = mean.detach() if detach_mean else mean
        var = var.detach() if detach_var else var
        y = (x - mean) / torch.sqrt(var + bn.eps) * torch.from_numpy(bn.gamma)
        (result,) = torch.autograd.grad((y * upstream).sum(), x)
        return result.numpy()

    direct, through_var, through_mean = batch_norm_paths(bn, record)
    np.testing.assert_allclose(direct, grad(True, True), rtol=1e-10)
    np.testing.assert_allclose(direct + through_mean, grad(False, True), rtol=1e-10)
    np.testing.assert_allclose(direct + through_mean + through_var, grad(False, False),
                               rtol=1e-10, atol=1e-15)


def test_a_pooling_window_sends_its_delta_where_pytorch_takes_the_maximum():
    run = _run("pool")
    _, indices = torch.nn.functional.max_pool2d(torch.from_numpy(run.x), 2, stride=1,
                                                return_indices=True)
    page = build_layer_report(run, "pool")
    for (i, j), flat in np.ndenumerate(indices.numpy()[0, 0]):
        winner = key_of(f"x[0,0,{flat // 4},{flat % 4}]")
        window = key_of(f"window ({i}, {j}) of channel 0")
        cell = re.search(rf'data-key="{window}"[^>]*data-related="([^"]+)" '
                         rf'data-goes="([^"]+)"', page)
        related, goes = cell.group(1).split(), cell.group(2).split()
        assert goes == [winner]
        expected = {key_of(f"x[0,0,{p},{q}]") for p in (i, i + 1) for q in (j, j + 1)}
        assert set(related) == expected


def test_the_dropout_picture_is_the_mask_every_derivation_uses():
    run = _run("dropout")
    page = build_layer_report(run, "dropout")
    x = {label.split(" = ")[0]: float(label.split(" = ")[1]) for label in _cells(page)
         if label.startswith("x[")}
    texts = re.findall(r'<pre class="cr-derivation"[^>]*>(.*?)</pre>', page, re.S)
    masks = {text.split("m_(")[1][:1]: text.split("m_(")[1].split(" = ")[1].split(")")[0]
             for text in texts if "m_(" in text}
    mask = np.array([[int(v) for v in masks[n].strip("(").split(", ")] for n in "01"])
    panel = re.search(r'<g class="cr-panel-mask[^"]*">(.*?)</g>', page, re.S).group(1)
    outlined = ['stroke="#000"' in rect for rect in re.findall(r"<rect [^>]*>", panel)]
    np.testing.assert_array_equal(np.array(outlined).reshape(2, 4), mask == 0)  # dropped
    layer = run.net.layers[2]
    np.testing.assert_array_equal(layer.mask, mask)  # the last pass of the report: same mask
    layer.replay = True
    record = run.net.trace(run.x, run.y).records[2]  # the mask replayed, to see its outputs
    np.testing.assert_array_equal(record.state["mask"], mask)
    for n, f in np.ndindex(*mask.shape):  # by hand: y = mask · x / (1 − p), p = 0.5
        assert record.output[n, f] == pytest.approx(2 * mask[n, f] * record.input[n, f],
                                                    rel=1e-15)
        assert x[f"x[{n},{f}]"] == pytest.approx(record.input[n, f], rel=1e-3)


@pytest.mark.parametrize("name", DRAWN)
def test_every_cell_of_a_picture_opens_a_derivation_on_the_page(name):
    page = build_layer_report(_run(name), name)
    keys = set(re.findall(r'<pre class="cr-derivation" id="cr-d-([^"]+)"', page))
    cells = _cells(page)
    assert cells and set(cells.values()) <= keys


def test_every_kernel_weight_of_every_input_channel_is_a_cell_of_the_picture():
    import chainrule as cr

    net = cr.Network([cr.Conv2D(2, 2, 2, stride=2), cr.Tanh(), cr.Flatten(), cr.Dense(8, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    x = np.random.default_rng(0).normal(size=(1, 2, 4, 4))
    run = resolve(net, x=x, y=np.array([1]))
    page = build_layer_report(run, "two channels")
    cells = _cells(page)
    shown = {label.split(" = ")[0] for label in cells if label.startswith("K[")}
    assert shown == {f"K[{o},{c},{u},{v}]" for o, c, u, v in np.ndindex(2, 2, 2, 2)}
    for label, key in cells.items():  # each cell shows its own kernel entry
        if label.startswith("K["):
            o, c, u, v = map(int, label[2:label.index("]")].split(","))
            assert float(label.split(" = ")[1]) == pytest.approx(net.layers[0].K[o, c, u, v],
                                                                 rel=1e-3)
            assert key == key_of(f"K[{o},{c},{u},{v}]")


def _lstm_by_autograd(run):
    """The LSTM example unrolled by hand in PyTorch (``nn.LSTM``'s weights, gate order
    i, f, g, o): every step's gates, c, h and the gradients autograd finds for c and h, the
    norms of δ of the same net without gates (tanh with the candidate's weights) given the
    same gradient from outside, and ``nn.LSTM``'s own weight gradients."""
    lstm, dense = run.net.layers
    H = lstm.hidden_size
    module = torch.nn.LSTM(2, H, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        module.weight_ih_l0.copy_(torch.from_numpy(lstm.Wx.T))
        module.weight_hh_l0.copy_(torch.from_numpy(lstm.Wh.T))
        module.bias_ih_l0.copy_(torch.from_numpy(lstm.b))
        module.bias_hh_l0.zero_()
    x, y = torch.from_numpy(run.x), torch.from_numpy(run.y)
    weight_ih, weight_hh, bias = module.weight_ih_l0, module.weight_hh_l0, module.bias_ih_l0
    h = c = torch.zeros((1, H), dtype=torch.float64)
    gates, cells, states = [], [], []
    for t in range(x.shape[1]):
        z = x[:, t] @ weight_ih.T + h @ weight_hh.T + bias
        i, f, g, o = torch.sigmoid(z[:, :H]), torch.sigmoid(z[:, H:2 * H]), torch.tanh(
            z[:, 2 * H:3 * H]), torch.sigmoid(z[:, 3 * H:])
        c = f * c + i * g
        h = o * torch.tanh(c)
        for kept in (c, h):
            kept.retain_grad()
        gates.append(torch.cat([i, f, g, o], 1))
        cells.append(c)
        states.append(h)
    out = h @ torch.from_numpy(dense.W) + torch.from_numpy(dense.b)
    ((out - y) ** 2).mean().backward()
    outside = h.grad.detach()
    U, W, b = (p[2 * H:3 * H].detach().requires_grad_() for p in (weight_ih, weight_hh, bias))
    hidden, pre = torch.zeros((1, H), dtype=torch.float64), []
    for t in range(x.shape[1]):  # the gateless RNN with the candidate's weights
        a = x[:, t] @ U.T + hidden @ W.T + b
        a.retain_grad()
        pre.append(a)
        hidden = torch.tanh(a)
    (hidden * outside).sum().backward()
    return {"gates": np.array([v.detach().numpy()[0] for v in gates]),
            "c": np.array([v.detach().numpy()[0] for v in cells]),
            "h": np.array([v.detach().numpy()[0] for v in states]),
            "dc": np.array([np.linalg.norm(v.grad.numpy()) for v in cells]),
            "dh": np.array([np.linalg.norm(v.grad.numpy()) for v in states]),
            "rnn": np.array([np.linalg.norm(a.grad.numpy()) for a in pre]), "module": module}


def test_the_lstm_picture_is_the_gates_and_gradient_norms_autograd_computes():
    from chainrule.viz.lstm_unrolled import LSTMSteps

    run = _run("lstm")
    truth = _lstm_by_autograd(run)
    steps = LSTMSteps.of(run.explanation())
    H = 3
    for k, gate in enumerate("ifgo"):
        np.testing.assert_allclose(steps.values[gate], truth["gates"][:, k * H:(k + 1) * H],
                                   rtol=1e-10)
    for key in ("c", "h"):
        np.testing.assert_allclose(steps.values[key], truth[key], rtol=1e-10)
    for key, expected in (("c", truth["dc"]), ("h", truth["dh"]), ("rnn", truth["rnn"])):
        np.testing.assert_allclose(steps.norms[key], expected, rtol=1e-9)
    assert steps.norms["c"][0] / steps.norms["c"][-1] > 2 * (  # the cell keeps its gradient
        steps.norms["rnn"][0] / steps.norms["rnn"][-1])
    page = build_layer_report(run, "lstm")
    bars = {(name, t): float(value) for name, t, value in re.findall(
        r"<title>‖(∂L/∂c|∂L/∂h|δ)⁽(.)⁾‖[^<]* = ([-0-9.e]+)</title>", page)}
    sup = "⁰¹²³⁴⁵⁶⁷⁸⁹"
    for t in range(1, 7):
        for name, expected in (("∂L/∂c", truth["dc"]), ("∂L/∂h", truth["dh"]),
                               ("δ", truth["rnn"])):
            assert bars[(name, sup[t])] == pytest.approx(expected[t - 1], rel=1e-5)


@pytest.mark.parametrize("weight, gate, k, j", [("W_f[0,1]", 1, 0, 1), ("U_o[1,2]", 3, 1, 2),
                                                 ("W_g[2,0]", 2, 2, 0)])
def test_an_lstm_gate_weight_cell_is_that_entry_of_pytorchs_matrices(weight, gate, k, j):
    run = _run("lstm")
    module = _lstm_by_autograd(run)["module"]
    matrix = (module.weight_hh_l0 if weight[0] == "W" else module.weight_ih_l0).detach()
    grad = (module.weight_hh_l0 if weight[0] == "W" else module.weight_ih_l0).grad
    row = gate * 3 + j  # PyTorch stacks the gates' rows i, f, g, o, each (H, F) or (H, H)
    page = build_layer_report(run, "lstm")
    label = next(label for label in _cells(page) if label.startswith(f"{weight} = "))
    assert float(label.split(" = ")[1]) == pytest.approx(float(matrix[row, k]), rel=1e-3)
    key = _cells(page)[label]
    text = re.search(rf'<pre class="cr-derivation" id="cr-d-{key}".*?</pre>', page,
                     re.S).group(0)
    last = [line for line in text.splitlines() if " = " in line and "∑" not in line and
            line.startswith("  ∂L/∂")][-1]  # the sum over time, before the check
    shown = float(last.rsplit(" = ", 1)[1].replace("−", "-"))  # a real minus sign in the text
    assert shown == pytest.approx(float(grad[row, k]), rel=1e-5)


def test_an_lstm_of_ones_own_is_drawn_with_the_forget_gate_weight_at_each_step():
    import chainrule as cr

    net = cr.Network([cr.LSTM(2, 4), cr.Dense(4, 1)], loss=cr.MeanSquaredError(), seed=0)
    x = np.random.default_rng(0).normal(size=(1, 3, 2))
    page = build_layer_report(resolve(net, x=x, y=np.zeros((1, 1))), "my LSTM")
    assert page.count('class="cr-cell cr-step"') == 3  # T = 3
    assert "Time step t = 2 in the derivation of W_f[0,0]:" in page
    assert len([label for label in _cells(page) if label[:2] in ("W_", "U_")]) == 4 * (16 + 8)
