"""Training's batch pass (bias trick, buffers, in-place activations) equals the reference
forward and backward of ``Network`` on every architecture, batch after batch.

The reference (``Network.forward``, ``loss_and_gradients``) is itself checked against
PyTorch and finite differences in ``test_nn_torch`` and ``test_nn_gradcheck``.
"""

from __future__ import annotations

import numpy as np
import pytest
from nn_cases import CASES, random_network, random_targets

import chainrule as cr
from chainrule.nn import batch_pass
from chainrule.nn.batch_pass import BatchPass

BATCH = 3


def _batches(n: int, rng: np.random.Generator) -> list[slice | np.ndarray]:
    """Slices and index arrays, full and short, as the training loop hands them over."""
    return [slice(0, BATCH), rng.permutation(n)[:BATCH], slice(n - 1, n + BATCH - 1),
            rng.permutation(n)[:1], slice(BATCH, 2 * BATCH)]


def _assert_pass_equals_reference(net: cr.Network, x: np.ndarray, y: np.ndarray, seed: int):
    rng = np.random.default_rng(seed)
    inputs = net.as_inputs(x)
    targets = net.as_targets(inputs, y)
    net.flat_arrays()
    batch_pass = BatchPass(net, BATCH)
    for rows in _batches(len(x), rng):
        output = batch_pass.forward(inputs, rows)
        np.testing.assert_allclose(output, net.forward(x[rows]), rtol=1e-12, atol=1e-12)
        _, grad = net.loss.value_and_grad(output.copy(), targets[rows])
        batch_pass.backward(grad)
        ours = [g.copy() for g in net.gradients]
        _, expected = net.loss_and_gradients(x[rows], y[rows])
        for name, a, b in zip(net.parameter_names, ours, expected, strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12, err_msg=name)


@pytest.fixture(params=["bias trick", "plain"])
def trick(request, monkeypatch) -> None:
    """Run each test with the bias trick where it applies, and with it turned off (as for
    networks with large layers)."""
    if request.param == "plain":
        monkeypatch.setattr(batch_pass, "SMALL_LAYER", 0)


@pytest.mark.parametrize(("act", "cfg", "loss_name", "reduction", "bias"), CASES)
def test_batch_pass_equals_the_reference_on_random_networks(act, cfg, loss_name, reduction,
                                                            bias, trick) -> None:
    for seed in range(3):
        net = random_network(act, cfg, loss_name, reduction, bias, seed)
        rng = np.random.default_rng(seed + 10)
        x = rng.normal(size=(7, net.n_inputs))
        _assert_pass_equals_reference(net, x, random_targets(net, 7, rng), seed)


ODD_ARCHITECTURES = {  # made anew for each network: layers belong to one network
    "activation before the first layer":
        lambda: [cr.Tanh(), cr.Dense(3, 4), cr.ReLU(), cr.Dense(4, 2)],
    "softmax before the first layer":
        lambda: [cr.Softmax(), cr.Dense(3, 4), cr.Tanh(), cr.Dense(4, 2)],
    "two activations in a row":
        lambda: [cr.Dense(3, 4), cr.Tanh(), cr.Sigmoid(), cr.Dense(4, 2)],
    "relu then tanh": lambda: [cr.Dense(3, 4), cr.ReLU(), cr.Tanh(), cr.Dense(4, 2)],
    "dense after dense": lambda: [cr.Dense(3, 4), cr.Dense(4, 5), cr.Tanh(), cr.Dense(5, 2)],
    "bias, no bias, bias": lambda: [cr.Dense(3, 4), cr.Tanh(), cr.Dense(4, 4, bias=False),
                                    cr.Sigmoid(), cr.Dense(4, 2)],
    "softmax hidden layer": lambda: [cr.Dense(3, 4), cr.Softmax(), cr.Dense(4, 4), cr.Tanh(),
                                     cr.Dense(4, 2)],
}


@pytest.mark.parametrize("name", ODD_ARCHITECTURES)
def test_batch_pass_equals_the_reference_on_odd_architectures(name: str, trick) -> None:
    net = cr.Network(ODD_ARCHITECTURES[name](), loss=cr.SoftmaxCrossEntropy(), seed=4)
    for layer in net.dense_layers:
        if layer.b is not None:
            layer.b[...] = np.linspace(-0.5, 0.7, layer.n_out)
    rng = np.random.default_rng(5)
    x = rng.normal(size=(8, 3))
    _assert_pass_equals_reference(net, x, rng.integers(0, 2, size=8), 5)


def test_stacked_layers_get_a_column_of_ones_and_others_do_not() -> None:
    """Which layers use the bias trick: those with a bias whose input reaches them through
    elementwise activations only."""
    layers = ODD_ARCHITECTURES["softmax hidden layer"]()
    net = cr.Network([*layers, cr.Tanh(), cr.Dense(2, 2, bias=False)], loss=cr.MeanSquaredError())
    net.flat_arrays()
    stages = BatchPass(net, BATCH).stages
    assert [stage.stacked for stage in stages] == [True, False, True, False]
    widths = [None if stage.output is None else stage.output.shape[1] for stage in stages]
    assert widths == [None, 4 + 1, None, None]  # only the output feeding a stacked layer
    big = cr.Network([cr.Dense(300, 300), cr.Tanh(), cr.Dense(300, 2)], loss=cr.MeanSquaredError())
    big.flat_arrays()
    assert [stage.stacked for stage in BatchPass(big, BATCH).stages] == [False, False]
