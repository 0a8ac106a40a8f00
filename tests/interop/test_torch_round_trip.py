"""chainrule → PyTorch → chainrule keeps every bit; a PyTorch-trained model predicts the same."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

import chainrule as cr

torch = pytest.importorskip("torch")

ACTIVATIONS = [cr.Tanh, cr.Sigmoid, cr.ReLU, cr.Identity, lambda: cr.LeakyReLU(0.3)]


def random_network(seed: int, dtype: str) -> cr.Network:
    rng = np.random.default_rng(seed)
    widths = [int(w) for w in rng.integers(1, 9, size=int(rng.integers(2, 6)))]
    layers: list = []
    for i, (n_in, n_out) in enumerate(pairwise(widths)):
        layers.append(cr.Dense(n_in, n_out, bias=bool(rng.random() < 0.8)))
        if i < len(widths) - 2:
            layers.append(ACTIVATIONS[int(rng.integers(len(ACTIVATIONS)))]())
    net = cr.Network(layers, loss=cr.MeanSquaredError(), dtype=dtype, seed=seed)
    for layer in net.dense_layers:
        if layer.b is not None:
            layer.b[...] = rng.normal(size=layer.b.shape)
    return net


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("seed", range(10))
def test_chainrule_to_torch_and_back_keeps_every_bit(seed: int, dtype: str) -> None:
    net = random_network(seed, dtype)
    back = cr.from_torch(cr.to_torch(net), loss=net.loss)
    assert back.summary() == net.summary()
    assert back.dtype == net.dtype
    assert back.parameter_names == net.parameter_names
    for ours, theirs in zip(net.parameters, back.parameters, strict=True):
        assert ours.dtype == theirs.dtype
        assert ours.tobytes() == theirs.tobytes()


def test_a_model_trained_by_pytorch_predicts_the_same_in_chainrule() -> None:
    """A float32 classifier trained by torch.optim (chainrule plays no part in training)."""
    x, y = cr.data.moons(n=300, noise=0.2, seed=1)
    torch.manual_seed(0)
    module = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    optimizer = torch.optim.Adam(module.parameters(), lr=0.02)
    inputs, labels = torch.from_numpy(x).float(), torch.from_numpy(y)
    for _ in range(150):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(module(inputs), labels).backward()
        optimizer.step()
    with torch.no_grad():
        logits = module(inputs).numpy()
    net = cr.from_torch(module, loss="softmax_cross_entropy")
    assert net.dtype.name == "float32"
    np.testing.assert_allclose(net.forward(x.astype(np.float32)), logits, rtol=1e-5, atol=1e-5)
    assert np.array_equal(net.predict(x.astype(np.float32)), logits.argmax(axis=1))
    assert net.score(x, y) > 0.9  # it was trained: the comparison is not between two blanks
