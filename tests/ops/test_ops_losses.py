"""Every registered loss, in both reductions, checked against independent references.

* ``backward`` (and ``value_and_grad``, also with a ``grad_scale``) against central finite
  differences of ``forward``;
* ``forward`` and ``backward`` against the per-sample ``symbolic`` form, summed over the
  batch with ``sample_scale`` and differentiated by ``sympy.diff``;
* finiteness at extreme logits (±1000) for losses on logits or reals, and at probabilities
  very close to 0 and 1 for the unfused losses, with floating-point warnings as errors.

The cases iterate ``chainrule.ops.LOSSES``; the kind of target a loss takes is found by
asking its own ``encode_targets`` (reals, then values in [0, 1], then distributions).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import sympy

from chainrule.errors import ChainruleError, ConfigError
from chainrule.ops import LOSSES, loss

N, K = 4, 3
CASES = [(name, reduction) for name in sorted(LOSSES) for reduction in ("mean", "sum")]
IDS = [f"{name}-{reduction}" for name, reduction in CASES]


def target_kind(name: str) -> str:
    """'real', 'unit' ([0, 1]) or 'distribution': the first kind the loss accepts."""
    op = loss(name)
    rng = np.random.default_rng(0)
    candidates = {
        "real": rng.normal(size=(N, K)) * 2,
        "unit": rng.uniform(0, 1, size=(N, K)),
        "distribution": rng.dirichlet(np.ones(K), size=N),
    }
    for kind, values in candidates.items():
        try:
            op.encode_targets(values, K, np.dtype(np.float64))
        except ChainruleError:
            continue
        return kind
    raise AssertionError(f"{name} accepts none of the target kinds the tests know")


def on_probabilities(name: str) -> bool:
    """Unfused classification losses read probabilities strictly inside (0, 1)."""
    op = loss(name)
    return op.classifier and op.output_activation is None


def sample(name: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(output, target)`` of shape (N, K) appropriate for the loss."""
    rng = np.random.default_rng(seed)
    kind = target_kind(name)
    if kind == "real":
        target = rng.normal(size=(N, K))
    elif kind == "unit":
        target = rng.uniform(0, 1, size=(N, K))
        target[0] = [0.0, 1.0, 1.0]  # hard labels too
    else:
        target = rng.dirichlet(np.ones(K), size=N)
        target[0] = np.eye(K)[1]  # and a one-hot row
    if on_probabilities(name):
        output = rng.uniform(0.05, 0.95, size=(N, K))
        if kind == "distribution":
            output /= output.sum(axis=1, keepdims=True)
    else:
        output = rng.normal(size=(N, K)) * 2
    return output, target


def test_every_loss_has_a_known_target_kind() -> None:
    for name in LOSSES:
        assert target_kind(name) in ("real", "unit", "distribution")


@pytest.mark.parametrize(("name", "reduction"), CASES, ids=IDS)
def test_backward_matches_central_differences(name: str, reduction: str) -> None:
    op = loss(name, reduction=reduction)
    output, target = sample(name, seed=1)
    analytic = op.backward(output.copy(), target)
    value, fused_grad = op.value_and_grad(output.copy(), target)
    eps = 1e-6
    numeric = np.zeros_like(output)
    for index in np.ndindex(output.shape):
        plus, minus = output.copy(), output.copy()
        plus[index] += eps
        minus[index] -= eps
        numeric[index] = (op.forward(plus, target) - op.forward(minus, target)) / (2 * eps)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(fused_grad, analytic, rtol=1e-13, atol=1e-15)
    assert value == pytest.approx(op.forward(output, target), rel=1e-13)
    # training folds SGD's learning rate in: the same value, the gradient times the scale
    scaled_value, scaled_grad = op.value_and_grad(output.copy(), target, grad_scale=0.37)
    np.testing.assert_allclose(scaled_grad, 0.37 * numeric, rtol=1e-6, atol=1e-9)
    assert scaled_value == value


def _symbolic_batch_loss(op, n: int, k: int):
    """The batch loss ``scale · Σ_n e(x_n, y_n)`` and its gradient, as numpy functions."""
    xs = sympy.symbols(f"x0:{n * k}", real=True)
    ys = sympy.symbols(f"y0:{n * k}", real=True)
    total = sympy.Add(
        *[op.symbolic(list(xs[i * k:(i + 1) * k]), list(ys[i * k:(i + 1) * k])) for i in range(n)]
    )
    total = total * sympy.nsimplify(op.sample_scale(n, k))
    gradient = [sympy.diff(total, x) for x in xs]
    value = sympy.lambdify([xs, ys], total, "numpy")
    grad = sympy.lambdify([xs, ys], gradient, "numpy")
    return value, grad


@pytest.mark.parametrize(("name", "reduction"), CASES, ids=IDS)
def test_forward_and_backward_match_sympy(name: str, reduction: str) -> None:
    op = loss(name, reduction=reduction)
    output, target = sample(name, seed=2)
    value, grad = _symbolic_batch_loss(op, N, K)
    flat_x, flat_y = output.reshape(-1), target.reshape(-1)
    assert op.forward(output, target) == pytest.approx(float(value(flat_x, flat_y)), rel=1e-12)
    expected = np.asarray(grad(flat_x, flat_y), dtype=float).reshape(N, K)
    np.testing.assert_allclose(op.backward(output.copy(), target), expected, rtol=1e-10)
    per_sample = op.per_sample(output, target)
    assert per_sample.shape == (N,)
    scale = 1.0 / N if reduction == "mean" else 1.0
    assert per_sample.sum() * scale == pytest.approx(op.forward(output, target), rel=1e-13)


def _extreme_outputs(name: str) -> np.ndarray:
    if on_probabilities(name):
        tiny = 1e-300
        return np.array([[tiny, 1 - 1e-16, 0.5], [1 - 1e-16, tiny, tiny], [0.3, 0.3, 0.4]])
    return np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 1000.0], [1e4, -1e4, 3.0]])


@pytest.mark.parametrize(("name", "reduction"), CASES, ids=IDS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_extreme_inputs_stay_finite(name: str, reduction: str, dtype) -> None:
    op = loss(name, reduction=reduction)
    output = _extreme_outputs(name)
    kind = target_kind(name)
    if kind == "distribution":
        target = np.eye(K)[[1, 0, 2]]
    elif kind == "unit":
        target = np.array([[0.0, 1.0, 0.5], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    else:
        target = np.array([[1.0, -1.0, 0.0], [0.5, 2.0, -3.0], [1.0, 1.0, 1.0]])
    if dtype == np.float32 and on_probabilities(name):
        output = np.clip(output, 1e-30, 1 - 1e-7)
    output, target = output.astype(dtype), target.astype(dtype)
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        value, grad = op.value_and_grad(output.copy(), target)
        alone = op.forward(output, target)
        grad_alone = op.backward(output.copy(), target)
    assert np.isfinite(value) and np.isfinite(alone)
    assert np.isfinite(grad).all() and np.isfinite(grad_alone).all()
    assert grad.dtype == dtype and grad_alone.dtype == dtype


@pytest.mark.parametrize("name", ["softmax_cross_entropy", "sigmoid_binary_cross_entropy"])
def test_fused_losses_at_extremes_have_exact_values(name: str) -> None:
    """A confident right answer costs 0; a confident wrong one costs |logit| (math, not code)."""
    op = loss(name, reduction="sum")
    if name == "softmax_cross_entropy":
        right = op.forward(np.array([[1000.0, -1000.0]]), np.array([[1.0, 0.0]]))
        wrong = op.forward(np.array([[1000.0, -1000.0]]), np.array([[0.0, 1.0]]))
        assert right == 0.0 and wrong == pytest.approx(2000.0)
    else:
        right = op.forward(np.array([[1000.0]]), np.array([[1.0]]))
        wrong = op.forward(np.array([[1000.0]]), np.array([[0.0]]))
        assert right == 0.0 and wrong == pytest.approx(1000.0)


def test_unknown_loss_and_reduction_list_allowed_names() -> None:
    with pytest.raises(ConfigError) as info:
        loss("cross_entropyy")
    for name in LOSSES:
        assert name in str(info.value)
    with pytest.raises(ConfigError, match="mean, sum"):
        loss("mse", reduction="average")


def test_old_loss_names_are_read_as_the_new_ones() -> None:
    """``half_sse`` and ``mse`` were renamed to the words PyTorch and Keras users guess; the
    old names still build the loss, which then calls itself by its new name."""
    output, target = np.array([[3.0, 1.0]]), np.array([[1.0, 1.0]])
    half, mean = loss("half_sse"), loss("mse", reduction="sum")
    assert (half.name, mean.name) == ("half_squared_error", "mean_squared_error")
    assert type(half) is type(loss("half_squared_error")) and mean.reduction == "sum"
    assert type(mean) is type(loss("mean_squared_error"))
    assert half.forward(output, target) == 0.5 * 2.0**2  # ½ Σ_k (x_k − y_k)²
    assert mean.forward(output, target) == 2.0**2 / 2  # (1/K) Σ_k (x_k − y_k)², K = 2
    assert not {"half_sse", "mse"} & set(LOSSES)  # listed, printed and stored: the new names
    with pytest.raises(ConfigError) as info:
        loss("half_ssr")
    assert "half_squared_error" in str(info.value) and "half_sse" not in str(info.value)


@pytest.mark.parametrize(
    ("name", "output", "expected_grad"),
    [("binary_cross_entropy", [[1.0, 0.0, 1.0]], [[-1.0, 1.0, -1.0]]),
     ("cross_entropy", [[1.0, 0.0, 0.0]], [[-1.0, 0.0, 0.0]])],
)
def test_unfused_losses_at_saturated_right_answers(name, output, expected_grad) -> None:
    """p = y exactly at 0 or 1 (a saturated sigmoid/softmax that is right): the loss is 0 and
    ∂e/∂p is −y/p + (1 − y)/(1 − p) on the terms present, finite; never 0/0 = NaN."""
    op = loss(name, reduction="sum")
    output = np.array(output)
    target = output.copy()
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        value, grad = op.value_and_grad(output.copy(), target)
    assert value == 0.0
    np.testing.assert_array_equal(grad, expected_grad)


def test_saturated_sigmoid_with_unfused_bce_trains_without_nan() -> None:
    """A right, saturated sigmoid output contributes a zero gradient through σ' = 0."""
    import chainrule as cr

    net = cr.Network([cr.Dense(1, 1, weights=[[1000.0]]), cr.Sigmoid()],
                     loss=cr.BinaryCrossEntropy())
    x, y = np.array([[1.0], [-1.0]]), np.array([1.0, 0.0])
    value, grads = net.loss_and_gradients(x, y)
    assert value == 0.0
    np.testing.assert_array_equal(grads[0], [[0.0]])
    np.testing.assert_array_equal(grads[1], [0.0])
