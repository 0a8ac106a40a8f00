"""Random networks (depth ≤ 4, every activation and loss): every number of every explanation
equals PyTorch autograd's value to 1e-12, and the closing check agrees with finite differences.
"""

from __future__ import annotations

import numpy as np
import pytest

import chainrule as cr
from chainrule.explain import explain
from chainrule.explain.context import Context
from chainrule.explain.notation import PRESETS
from chainrule.explain.quantity import every_quantity

torch = pytest.importorskip("torch")

HIDDEN = ["identity", "tanh", "sigmoid", "relu", "leaky_relu"]
PAIRS = [  # (output activation or None, loss)
    ("tanh", "squared_error"), ("sigmoid", "half_squared_error"),
    ("identity", "mean_squared_error"),
    ("softmax", "cross_entropy"), ("sigmoid", "binary_cross_entropy"),
    (None, "softmax_cross_entropy"), (None, "sigmoid_binary_cross_entropy"),
    ("softmax", "squared_error"), ("relu", "squared_error"),
]
TORCH_ACT = {
    "identity": lambda z: z, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
    "relu": torch.relu, "leaky_relu": lambda z: torch.nn.functional.leaky_relu(z, 0.01),
    "softmax": lambda z: torch.softmax(z, dim=1),
}


def torch_loss(name, out, y):
    if name == "squared_error":
        return ((out - y) ** 2).sum()
    if name == "half_squared_error":
        return 0.5 * ((out - y) ** 2).sum()
    if name == "mean_squared_error":
        return ((out - y) ** 2).mean(dim=1).sum()
    if name == "cross_entropy":
        return -(y * torch.log(out)).sum()
    if name == "binary_cross_entropy":
        return -(y * torch.log(out) + (1 - y) * torch.log(1 - out)).sum()
    if name == "softmax_cross_entropy":
        return -(y * torch.log_softmax(out, dim=1)).sum()
    return torch.nn.functional.binary_cross_entropy_with_logits(out, y, reduction="sum")


def build(seed):
    rng = np.random.default_rng(seed)
    depth = int(rng.integers(1, 5))
    widths = [int(w) for w in rng.integers(1, 4, size=depth + 1)]
    last, loss = PAIRS[seed % len(PAIRS)]
    if loss in ("cross_entropy", "softmax_cross_entropy") or last == "softmax":
        widths[-1] = max(widths[-1], 2)
    hidden = [HIDDEN[int(k)] for k in rng.integers(0, len(HIDDEN), size=depth)]
    layers, names = [], []
    for k in range(depth):
        layers.append(cr.Dense(widths[k], widths[k + 1], bias=bool(rng.integers(0, 2) or k)))
        name = last if k == depth - 1 else hidden[k]
        names.append(name)
        if name is not None:
            layers.append(cr.ops.activation(name))
    net = cr.Network(layers, loss=cr.ops.loss(loss), seed=seed)
    x = rng.normal(size=(1, widths[0]))
    k = widths[-1]
    if loss in ("cross_entropy", "softmax_cross_entropy"):
        y = np.array([int(rng.integers(k))])
        target = np.eye(k)[y]
    elif "binary" in loss:
        target = rng.integers(0, 2, size=(1, k)).astype(float)
        y = target
    else:
        target = rng.normal(size=(1, k))
        y = target
    return net, names, x, y, target


def autograd(net, names, x, target):
    """Every value by PyTorch: z, a, ∂L/∂z, ∂L/∂a, ∂L/∂W, ∂L/∂b, θ′ per dense layer."""
    params = [torch.tensor(p, requires_grad=True) for p in net.parameters]
    it = iter(params)
    a = torch.tensor(x)
    record = {"a": {0: a}, "z": {}, "prime": {}}
    weights = {}
    for layer, (dense, name) in enumerate(zip(net.dense_layers, names, strict=True), start=1):
        w = next(it)
        b = next(it) if dense.b is not None else None
        weights[layer] = (w, b)
        z = a @ w + (b if b is not None else 0)
        z.retain_grad()
        fused = name is None
        act = TORCH_ACT["identity" if fused else name]
        zc = z.detach().clone().requires_grad_(True)
        shape = name or net.loss.output_activation
        if shape != "softmax":
            (prime,) = torch.autograd.grad(TORCH_ACT[shape](zc).sum(), zc)
            record["prime"][layer] = prime
        a = act(z)
        if fused:
            fused_act = TORCH_ACT[net.loss.output_activation]
            record["probabilities"] = fused_act(z)
        a.retain_grad()
        record["z"][layer], record["a"][layer] = z, a
    loss = torch_loss(net.loss.name, a, torch.tensor(target))
    loss.backward()
    record["loss"], record["weights"] = loss, weights
    return record


def expected(source, record, net):
    kind, layer = source[0], source[1] if len(source) > 1 else None
    if kind == "loss":
        return float(record["loss"].detach())
    if kind == "delta":
        return float(record["z"][layer].grad[source[2], source[3]])
    if kind == "grad_a":
        return float(record["a"][layer].grad[source[2], source[3]])
    if kind == "a":
        return float(record["a"][layer].detach()[source[2], source[3]])
    if kind == "theta_prime":
        return float(record["prime"][layer][source[2], source[3]])
    if kind == "grad_W":
        return float(record["weights"][layer][0].grad[source[2], source[3]])
    if kind == "grad_b":
        return float(record["weights"][layer][1].grad[source[2]])
    if kind == "delta_vector":
        return record["z"][layer].grad[source[2]].numpy()
    if kind == "delta_matrix":
        return record["z"][layer].grad.numpy()
    if kind == "grad_W_matrix":
        return record["weights"][layer][0].grad.numpy()
    if kind == "grad_b_vector":
        return record["weights"][layer][1].grad.numpy()
    raise AssertionError(f"unknown source {source}")


def compare(line, record, net):
    want = np.asarray(expected(line.source, record, net)) * line.sign
    got = np.asarray(line.value)
    last = len(net.dense_layers)
    if line.source[0] == "a" and line.source[1] == last and net.loss.output_activation:
        want = record["probabilities"].detach().numpy()[line.source[2], line.source[3]]
    if line.source[0] in ("grad_W_matrix", "delta_matrix") and line.source[2]:
        want = want.T  # written in the notation's orientation (column vectors, w_jk)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12, err_msg=str(line.source))


@pytest.mark.parametrize("seed", range(36))
def test_every_number_equals_autograd(seed):
    net, names, x, y, target = build(seed)
    record = autograd(net, names, x, target)
    notation = list(PRESETS)[seed % len(PRESETS)]
    ctx = Context.build(net, x, y, PRESETS[notation])
    has_bias = [d.b is not None for d in net.dense_layers]
    table = [name for name, _ in every_quantity(ctx.names, has_bias)]
    rng = np.random.default_rng(seed)
    picks = [table[int(k)] for k in rng.choice(len(table), min(4, len(table)), replace=False)]
    picks += [1 + PRESETS[notation].pre_offset + int(rng.integers(len(net.dense_layers)))]
    checked = 0
    for quantity in picks:
        explanation = explain(net, x, y, quantity, notation)
        assert explanation.check.passed, (quantity, explanation.check)
        for line in explanation.lines():
            if line.source and line.value is not None:
                compare(line, record, net)
                checked += 1
        for render in ("to_text", "to_latex", "to_markdown", "to_html"):
            assert getattr(explanation, render)()
    assert checked > 0
