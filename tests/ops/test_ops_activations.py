"""Every registered activation, checked three independent ways.

* ``backward`` against central finite differences of ``forward`` (float64);
* ``forward`` and ``backward`` against the symbolic form, differentiated by ``sympy.diff``
  and evaluated at random points;
* finiteness at extreme inputs (±1000) with floating-point warnings turned into errors.

The cases iterate ``chainrule.ops.ACTIVATIONS``, so a newly registered op is covered.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import sympy

from chainrule.errors import ConfigError
from chainrule.ops import ACTIVATIONS, activation

K = 3  # units per layer in these checks

CASES = [(name, {}) for name in sorted(ACTIVATIONS)] + [("leaky_relu", {"slope": 0.2})]
IDS = [name + "".join(f"-{k}={v}" for k, v in cfg.items()) for name, cfg in CASES]


def _away_from_kinks(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Random pre-activations with |z| ≥ 0.1, so no finite difference straddles a kink."""
    z = rng.uniform(0.1, 3.0, size=shape)
    return z * rng.choice([-1.0, 1.0], size=shape)


def _vjp(op, z: np.ndarray, g: np.ndarray) -> np.ndarray:
    a = op.forward(z)
    return op.backward(z.copy(), a.copy(), g.copy())


@pytest.mark.parametrize(("name", "config"), CASES, ids=IDS)
def test_backward_matches_central_differences(name: str, config: dict) -> None:
    op = activation(name, **config)
    rng = np.random.default_rng(1)
    z = _away_from_kinks(rng, (5, K))
    g = rng.normal(size=(5, K))
    analytic = _vjp(op, z, g)
    eps = 1e-6
    numeric = np.zeros_like(z)
    for index in np.ndindex(z.shape):
        plus, minus = z.copy(), z.copy()
        plus[index] += eps
        minus[index] -= eps
        numeric[index] = (np.vdot(g, op.forward(plus)) - np.vdot(g, op.forward(minus))) / (2 * eps)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-9)


def _symbolic_layer(op):
    zs = sympy.symbols(f"z0:{K}", real=True)
    outputs = op.symbolic_vector(list(zs))
    jacobian = [[sympy.diff(a, z) for z in zs] for a in outputs]
    forward = sympy.lambdify(zs, outputs, "numpy")
    jac = sympy.lambdify(zs, jacobian, "numpy")
    return forward, jac


@pytest.mark.parametrize(("name", "config"), CASES, ids=IDS)
def test_forward_and_backward_match_sympy(name: str, config: dict) -> None:
    op = activation(name, **config)
    forward, jac = _symbolic_layer(op)
    rng = np.random.default_rng(2)
    z = _away_from_kinks(rng, (8, K))
    g = rng.normal(size=(8, K))
    expected_a = np.array([np.asarray(forward(*row), dtype=float) for row in z])
    expected_grad = np.array(
        [gr @ np.asarray(jac(*row), dtype=float) for row, gr in zip(z, g, strict=True)]
    )
    np.testing.assert_allclose(op.forward(z), expected_a, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(_vjp(op, z, g), expected_grad, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(("name", "config"), CASES, ids=IDS)
def test_elementwise_derivative_matches_sympy(name: str, config: dict) -> None:
    op = activation(name, **config)
    if not op.elementwise:
        with pytest.raises(NotImplementedError):
            op.derivative(np.zeros((1, K)), np.zeros((1, K)))
        return
    z_symbol = sympy.Symbol("z", real=True)
    derivative = sympy.lambdify(z_symbol, sympy.diff(op.symbolic(z_symbol), z_symbol), "numpy")
    z = _away_from_kinks(np.random.default_rng(3), (6, K))
    expected = np.vectorize(lambda v: float(derivative(v)))(z)
    np.testing.assert_allclose(op.derivative(z, op.forward(z)), expected, rtol=1e-12)


@pytest.mark.parametrize(("name", "config"), CASES, ids=IDS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_extreme_inputs_stay_finite(name: str, config: dict, dtype) -> None:
    op = activation(name, **config)
    z = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0], [1e4, 3.0, -1e4]], dtype)
    g = np.ones_like(z)
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        a = op.forward(z)
        grad = op.backward(z.copy(), a.copy(), g)
    assert a.dtype == dtype and grad.dtype == dtype
    assert np.isfinite(a).all() and np.isfinite(grad).all()


def test_known_values_at_extremes() -> None:
    """Saturation is exact where the math says so (independent of any implementation)."""
    z = np.array([[1000.0, -1000.0]])
    np.testing.assert_array_equal(activation("sigmoid").forward(z), [[1.0, 0.0]])
    np.testing.assert_array_equal(activation("tanh").forward(z), [[1.0, -1.0]])
    np.testing.assert_array_equal(activation("softmax").forward(z), [[1.0, 0.0]])
    np.testing.assert_allclose(activation("leaky_relu", slope=0.2).forward(z), [[1000.0, -200.0]])


def test_kink_conventions() -> None:
    """ReLU'(0) = 0 (as PyTorch); leaky ReLU'(0) = slope."""
    z = np.zeros((1, 2))
    assert (activation("relu").backward(z, z, np.ones((1, 2))) == 0).all()
    leaky = activation("leaky_relu", slope=0.3)
    np.testing.assert_array_equal(leaky.backward(z, z, np.ones((1, 2))), [[0.3, 0.3]])


def test_unknown_activation_lists_allowed_names() -> None:
    with pytest.raises(ConfigError) as info:
        activation("tahn")
    message = str(info.value)
    assert "'tahn'" in message
    for name in ACTIVATIONS:
        assert name in message


@pytest.mark.parametrize("slope", [-0.1, 1.0, 2.0])
def test_leaky_relu_rejects_bad_slope(slope: float) -> None:
    with pytest.raises(ConfigError, match="slope"):
        activation("leaky_relu", slope=slope)
