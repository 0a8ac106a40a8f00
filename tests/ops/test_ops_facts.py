"""Every op's teaching facts, checked against the op's own numbers.

The explainer and the checker trust what an op says of itself (what a loss cancels with, its
squared factor, the loss a fused loss contains, a kink's convention, an output range, ...);
here each fact is measured on the op's ``forward`` and ``backward`` at random points. The
cases iterate the registry, so a newly registered op is covered.
"""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.ops import ACTIVATIONS, LOSSES, activation, loss

RNG_SEED = 3
K = 4  # outputs per sample
FAR = np.array([[40.0, -40.0, -40.0, -40.0]])  # signals far out on both sides


def _z(scale: float = 3.0) -> np.ndarray:
    return np.random.default_rng(RNG_SEED).uniform(-scale, scale, size=(5, K))


def _targets(op) -> np.ndarray:
    """Valid targets for ``op``: one-hot rows, 0/1 entries or reals, by what it encodes."""
    rng = np.random.default_rng(RNG_SEED + 1)
    if op.class_labels:
        return op.encode_targets(rng.integers(0, K, size=5), K, np.dtype(float))
    if op.classifier:
        return op.encode_targets(rng.integers(0, 2, size=(5, K)).astype(float), K,
                                 np.dtype(float))
    return op.encode_targets(rng.normal(size=(5, K)), K, np.dtype(float))


def _inputs(op) -> np.ndarray:
    """The loss's input: logits for a fused loss, its activation's outputs for a loss of
    probabilities, any real numbers otherwise."""
    z = _z()
    if op.input_activation is not None:
        return activation(op.input_activation).forward(z)
    return z


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_outputs_lie_in_the_output_range(name: str) -> None:
    op = activation(name)
    low, high = op.output_range
    a = op.forward(_z(scale=8.0))
    assert np.all(a >= low) and np.all(a <= high)
    if op.bounded_range() is not None:  # the range is tight: both ends are approached
        wide = op.forward(FAR)
        assert wide.min() - low < 1e-6 and high - wide.max() < 1e-6


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_identity_saturation_and_normalization(name: str) -> None:
    op = activation(name)
    z = _z()
    a = op.forward(z)
    assert op.identity == bool(np.array_equal(a, z))
    if op.normalizes:
        np.testing.assert_allclose(a.sum(axis=1), 1.0)
    grad = op.backward(FAR.copy(), op.forward(FAR), np.array([[1.0, 2.0, 3.0, 4.0]]))
    assert op.saturating == bool(np.all(np.abs(grad) < 1e-8))


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_a_kink_gives_the_slopes_and_the_convention_at_zero(name: str) -> None:
    op = activation(name)
    kink = op.kink()
    if kink is None:
        return
    z = np.array([[-1.5, -0.1, 0.0, 0.1]])
    slopes = op.backward(z.copy(), op.forward(z), np.ones_like(z))
    np.testing.assert_allclose(slopes, [[kink.off, kink.off, kink.off, kink.on]])
    assert kink.on != kink.off  # there is a kink
    # θ and θ′ as the explanations print them (trees of the signal) equal the engine's,
    # at 0 too: the Piecewise carries the engine's convention at the kink
    at = [{kink.signal: value} for value in z[0]]
    np.testing.assert_allclose([[float(kink.forward.xreplace(v)) for v in at]], op.forward(z))
    np.testing.assert_allclose([[float(kink.derivative.xreplace(v)) for v in at]], slopes)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_a_cancelling_loss_leaves_prediction_minus_target(name: str) -> None:
    op = loss(name, reduction="sum")
    if op.cancels_with is None:
        return
    act = activation(op.cancels_with)
    z, y = _z(), _targets(op)
    prediction = act.forward(z)
    if op.output_activation is not None:  # fused: takes the logits
        grad_z = op.backward(z, y)
    else:
        grad_z = act.backward(z, prediction, op.backward(prediction, y))
    np.testing.assert_allclose(grad_z, prediction - y, atol=1e-12)
    assert op.cancels(act)
    assert not op.cancels(activation("identity"))


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_the_squared_factor_is_the_gradient_of_one_sample(name: str) -> None:
    op = loss(name, reduction="sum")
    if op.squared_factor is None:
        return
    assert op.squared
    x, y = _z(), _targets(op)
    c = float(op.squared_factor or 1)
    np.testing.assert_allclose(op.backward(x, y), c * (x - y))


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_a_squared_loss_is_a_sum_of_squares(name: str) -> None:
    op = loss(name, reduction="sum")
    x, y = _inputs(op), _targets(op)
    ratio = op.per_sample(x, y) / ((x - y) ** 2).sum(axis=1)
    assert op.squared == bool(np.allclose(ratio, ratio[0]))


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_a_fused_loss_is_its_probability_loss_after_its_activation(name: str) -> None:
    op = loss(name)
    if op.probability_loss is None:
        assert op.output_activation is None
        return
    z, y = _z(), _targets(op)
    probabilities = activation(op.output_activation).forward(z)
    unfused = loss(op.probability_loss)
    np.testing.assert_allclose(op.per_sample(z, y), unfused.per_sample(probabilities, y))


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_class_label_targets_sum_to_one(name: str) -> None:
    op = loss(name)
    if op.class_labels:
        np.testing.assert_allclose(_targets(op).sum(axis=1), 1.0)
