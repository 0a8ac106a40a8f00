"""Every layer beyond Dense against PyTorch autograd, float64, on random shapes.

Each case builds a small network around the layer (so the loss and a Dense head are part of
the chain), draws its shapes at random (strides, paddings, odd sizes, T = 1..6) and compares
the loss, the output, ``∂L/∂x`` and every parameter gradient with autograd's on the module
``to_torch`` builds, to a relative error of 1e-10, in training and in evaluation mode.
"""

from __future__ import annotations

import numpy as np
import pytest
from layer_cases import assert_equal_to_torch, relative_error, torch_pass

import chainrule as cr

torch = pytest.importorskip("torch")

SEEDS = range(6)


def _conv2d_case(rng):
    c, o, k = rng.integers(1, 4), rng.integers(1, 5), int(rng.integers(1, 4))
    s, p = int(rng.integers(1, 4)), int(rng.integers(0, 3))
    h, w = rng.integers(max(k - 2 * p, 1), 9, size=2)
    conv = cr.Conv2D(c, o, k, stride=s, padding=p, bias=bool(rng.integers(0, 2)))
    ho, wo = ((h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1)
    layers = [conv, cr.Tanh(), cr.Flatten(), cr.Dense(o * ho * wo, 3)]
    return layers, (int(rng.integers(1, 5)), c, h, w)


def _conv1d_case(rng):
    c, o, k = rng.integers(1, 4), rng.integers(1, 5), int(rng.integers(1, 5))
    s, p = int(rng.integers(1, 3)), int(rng.integers(0, 3))
    length = int(rng.integers(max(k - 2 * p, 1), 12))
    out = (length + 2 * p - k) // s + 1
    layers = [cr.Conv1D(c, o, k, stride=s, padding=p), cr.ReLU(), cr.Flatten(),
              cr.Dense(o * out, 3)]
    return layers, (int(rng.integers(1, 5)), c, length)


def _pool_case(rng, kind):
    k = int(rng.integers(1, 4))
    s = int(rng.integers(1, 4))
    h, w = rng.integers(k, 10, size=2)
    c = int(rng.integers(1, 4))
    out = ((h - k) // s + 1) * ((w - k) // s + 1)
    layers = [kind(k, s), cr.Flatten(), cr.Dense(c * out, 3)]
    return layers, (int(rng.integers(1, 5)), c, h, w)


def _batch_norm_case(rng):
    if rng.integers(0, 2):  # maps (N, C, H, W)
        c = int(rng.integers(1, 4))
        h, w = rng.integers(1, 6, size=2)
        layers = [cr.Conv2D(2, c, 1), cr.BatchNorm(c), cr.Flatten(), cr.Dense(c * h * w, 3)]
        return layers, (int(rng.integers(2, 6)), 2, h, w)
    f = int(rng.integers(1, 6))
    return [cr.Dense(4, f), cr.BatchNorm(f), cr.Tanh(), cr.Dense(f, 3)], (
        int(rng.integers(2, 7)), 4)


def _recurrent_case(rng, kind):
    f, h, t = int(rng.integers(1, 4)), int(rng.integers(1, 5)), int(rng.integers(1, 7))
    if rng.integers(0, 2):
        layers = [kind(f, h, output="all"), kind(h, 3)]
    else:
        layers = [kind(f, h), cr.Dense(h, 3)]
    return layers, (int(rng.integers(1, 5)), t, f)


CASES = {
    "conv2d": _conv2d_case,
    "conv1d": _conv1d_case,
    "maxpool2d": lambda rng: _pool_case(rng, cr.MaxPool2D),
    "avgpool2d": lambda rng: _pool_case(rng, cr.AvgPool2D),
    "batchnorm": _batch_norm_case,
    "rnn": lambda rng: _recurrent_case(rng, cr.RNN),
    "lstm": lambda rng: _recurrent_case(rng, cr.LSTM),
}


def _network(name: str, seed: int, training: bool):
    rng = np.random.default_rng(100 * seed + len(name))
    layers, shape = CASES[name](rng)
    net = cr.Network(layers, loss=cr.SoftmaxCrossEntropy(), seed=seed).train(training)
    for layer in net.layers:  # γ, β and running statistics away from their start
        if isinstance(layer, cr.BatchNorm):
            for array in (layer.gamma, layer.beta, layer.running_mean):
                array[...] = rng.normal(size=array.shape)
            layer.running_var[...] = rng.uniform(0.5, 2, size=layer.running_var.shape)
    x = rng.normal(size=shape)
    if name == "maxpool2d" and seed % 2:  # ties: PyTorch routes δ to the first maximum too
        x = np.round(x)
    return net, x, rng.integers(0, 3, size=shape[0])


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_layer_gradients_equal_pytorch_autograd(name, seed, training) -> None:
    net, x, y = _network(name, seed, training)
    assert_equal_to_torch(torch, net, x, y)


@pytest.mark.parametrize("seed", range(3))
def test_whole_networks_equal_pytorch(seed) -> None:
    """A CNN with every kind of layer, dropout included (its mask replayed in PyTorch)."""
    rng = np.random.default_rng(seed)
    net = cr.Network(
        [cr.Conv2D(2, 4, 3, padding=1), cr.BatchNorm(4), cr.ReLU(), cr.MaxPool2D(2),
         cr.Conv2D(4, 3, 2, stride=1), cr.AvgPool2D(2, 1), cr.Dropout(0.4, seed=seed),
         cr.Flatten(), cr.Dense(3 * 1 * 2, 5), cr.Sigmoid(), cr.Dense(5, 4)],
        loss=cr.SoftmaxCrossEntropy(), seed=seed).train()
    x = rng.normal(size=(5, 2, 7, 9))
    y = rng.integers(0, 4, size=5)
    net.forward(x)  # draws the mask
    net.layers[6].replay = True
    assert_equal_to_torch(torch, net, x, y)
    rnn = cr.Network([cr.LSTM(3, 4, output="all"), cr.RNN(4, 5), cr.Dense(5, 2)],
                     loss=cr.MeanSquaredError(), seed=seed)
    assert_equal_to_torch(torch, rnn, rng.normal(size=(3, 6, 3)), rng.normal(size=(3, 2)))


def test_batch_norm_running_statistics_equal_pytorch() -> None:
    rng = np.random.default_rng(7)
    for shape, width in (((6, 3, 4, 5), 3), ((9, 4), 4)):
        layers = [cr.BatchNorm(width, momentum=0.3), cr.Flatten(), cr.Dense(
            int(np.prod(shape[1:])), 2)]
        net = cr.Network(layers, loss=cr.MeanSquaredError(), seed=0)
        net.forward(np.zeros(shape))  # in evaluation mode: tells the layer its input's rank
        module = cr.to_torch(net.train()).train()
        for _ in range(4):
            x = rng.normal(2.0, 3.0, size=shape)
            net.forward(x)
            module(torch.from_numpy(x))
        norm = module[0]
        assert relative_error(net.layers[0].running_mean, norm.running_mean.numpy()) <= 1e-12
        assert relative_error(net.layers[0].running_var, norm.running_var.numpy()) <= 1e-12
        net.eval()  # evaluation mode uses them: the same outputs as PyTorch's eval mode
        x = rng.normal(size=shape)
        assert relative_error(net.forward(x), cr.to_torch(net).eval()(
            torch.from_numpy(x)).detach().numpy()) <= 1e-12


def test_dropout_mask_is_seeded_inverted_and_off_at_evaluation() -> None:
    x = np.ones((200, 50))
    net = cr.Network([cr.Dropout(0.25, seed=3), cr.Dense(50, 2)], loss=cr.MeanSquaredError())
    assert np.array_equal(net.layer_outputs(x)[1], x)  # evaluation: the identity
    net.train()
    dropped = net.layer_outputs(x)[1]
    mask = net.layers[0].mask
    assert set(np.unique(dropped)) == {0.0, 1 / 0.75}  # kept units scaled by 1/(1 − p)
    assert np.array_equal(dropped != 0, mask.astype(bool))
    assert abs(mask.mean() - 0.75) < 0.02
    again = cr.Network([cr.Dropout(0.25, seed=3), cr.Dense(50, 2)],
                       loss=cr.MeanSquaredError()).train()
    assert np.array_equal(again.layer_outputs(x)[1], dropped)  # same seed, same mask
    trace = net.trace(x[:4], np.zeros((4, 2)))
    recorded = trace.records[0].state["mask"]
    assert np.array_equal(trace.records[0].output, recorded * x[:4] / 0.75)
    grad_in = trace.records[0].grad_input
    np.testing.assert_allclose(grad_in, trace.records[0].grad_output * recorded / 0.75,
                               rtol=1e-15, atol=0)


def test_torch_pass_helper_reads_every_parameter() -> None:
    """The helper itself: a gradient PyTorch does not compute would make it fail loudly."""
    net, x, y = _network("lstm", 0, True)
    *_, grads, _module = torch_pass(torch, net, x, y)
    assert [g.shape for g in grads] == [p.shape for p in net.parameters]
