"""The trace records the same pass as training, and its values obey the layer equations."""

from __future__ import annotations

import numpy as np
import pytest
from nn_cases import CASES, random_network, random_targets

import chainrule as cr

SOME_CASES = CASES[::7]


@pytest.mark.parametrize(("act", "cfg", "loss_name", "reduction", "bias"), SOME_CASES)
def test_trace_agrees_with_the_layer_equations(act, cfg, loss_name, reduction, bias) -> None:
    seed = CASES.index((act, cfg, loss_name, reduction, bias))
    net = random_network(act, cfg, loss_name, reduction, bias, seed)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(4, net.n_inputs))
    y = random_targets(net, 4, rng)
    before = net.get_weights()
    loss, grads = net.loss_and_gradients(x, y)
    trace = net.trace(x, y)
    assert trace.loss == pytest.approx(loss, rel=1e-14)
    assert trace.n_layers == len(net.dense_layers)
    np.testing.assert_array_equal(trace.a(0), x)
    np.testing.assert_array_equal(trace.output, net.forward(x))
    for layer, dense in enumerate(net.dense_layers, start=1):
        expected_z = trace.a(layer - 1) @ dense.W + (dense.b if dense.b is not None else 0)
        np.testing.assert_allclose(trace.z(layer), expected_z, rtol=1e-13, atol=1e-14)
        op = trace.activation_of(layer)
        expected_a = op.forward(trace.z(layer)) if op is not None else trace.z(layer)
        np.testing.assert_allclose(trace.a(layer), expected_a, rtol=1e-13, atol=1e-15)
        # ∂L/∂W = a(l−1)ᵀ δ(l), ∂L/∂b = Σ_n δ(l)
        np.testing.assert_allclose(trace.grad_W(layer), trace.a(layer - 1).T @ trace.delta(layer),
                                   rtol=1e-12, atol=1e-300)
        if dense.b is not None:
            np.testing.assert_allclose(trace.grad_b(layer), trace.delta(layer).sum(axis=0),
                                       rtol=1e-12, atol=1e-300)
    by_name = {}
    for layer in range(1, trace.n_layers + 1):
        by_name[f"W{layer}"] = trace.grad_W(layer)
        if trace.grad_b(layer) is not None:
            by_name[f"b{layer}"] = trace.grad_b(layer)
    for name, gradient in zip(net.parameter_names, grads, strict=True):
        np.testing.assert_allclose(by_name[name], gradient, rtol=1e-13, atol=1e-300)
    for old, new in zip(before, net.parameters, strict=True):
        np.testing.assert_array_equal(old, new)
    np.testing.assert_array_equal(trace.targets, net.loss.encode_targets(y, net.n_outputs,
                                                                         net.dtype))


def test_trace_delta_includes_the_mean_over_samples() -> None:
    net = cr.Network([cr.Dense(2, 2)], loss=cr.SquaredError(), seed=0)
    x, y = np.array([[1.0, 2.0], [0.5, -1.0]]), np.array([[0.0, 1.0], [1.0, 0.0]])
    trace = net.trace(x, y)
    np.testing.assert_allclose(trace.delta(1), 2 * (trace.z(1) - y) / 2, rtol=1e-14)
    summed = cr.Network([cr.Dense(2, 2)], loss=cr.SquaredError(reduction="sum"), seed=0)
    np.testing.assert_allclose(summed.trace(x, y).delta(1), 2 * (trace.z(1) - y), rtol=1e-14)
