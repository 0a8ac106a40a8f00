"""The affine op against finite differences and SymPy; fused losses equal their unfused pairs."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from chainrule.ops import (
    BinaryCrossEntropy,
    CrossEntropy,
    Sigmoid,
    SigmoidBinaryCrossEntropy,
    Softmax,
    SoftmaxCrossEntropy,
    affine,
)

# -- affine ---------------------------------------------------------------------------------


def _affine_loss(x, w, b, g) -> float:
    """A scalar ``⟨g, xW + b⟩`` whose gradients are what backward returns for δ = g."""
    return float(np.vdot(g, affine.forward(x.copy(), w, b)))


@pytest.mark.parametrize("bias", [True, False])
def test_affine_forward_and_backward_match_central_differences(bias: bool) -> None:
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(5, 3)), rng.normal(size=(3, 4))
    b = rng.normal(size=4) if bias else None
    g = rng.normal(size=(5, 4))
    expected = np.einsum("ni,ij->nj", x, w) + (b if bias else 0)
    np.testing.assert_allclose(affine.forward(x, w, b), expected, rtol=1e-13)
    grad_x, grad_w, grad_b = affine.backward(x, w, g)
    eps = 1e-6
    for array, analytic in ((x, grad_x), (w, grad_w), *(((b, grad_b),) if bias else ())):
        numeric = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            original = array[index]
            array[index] = original + eps
            plus = _affine_loss(x, w, b, g)
            array[index] = original - eps
            minus = _affine_loss(x, w, b, g)
            array[index] = original
            numeric[index] = (plus - minus) / (2 * eps)
        np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-9)
    none, _, _ = affine.backward(x, w, g, need_input_grad=False)
    assert none is None


@pytest.mark.parametrize("bias", [True, False])
def test_affine_symbolic_matches_forward_and_its_derivatives(bias: bool) -> None:
    n_in, n_out = 3, 2
    xs = sympy.symbols(f"x0:{n_in}", real=True)
    ws = [[sympy.Symbol(f"w{i}{j}", real=True) for j in range(n_out)] for i in range(n_in)]
    bs = sympy.symbols(f"b0:{n_out}", real=True) if bias else None
    zs = affine.symbolic(list(xs), ws, list(bs) if bias else None)
    rng = np.random.default_rng(1)
    x, w = rng.normal(size=(1, n_in)), rng.normal(size=(n_in, n_out))
    b = rng.normal(size=n_out) if bias else None
    values = {s: x[0, i] for i, s in enumerate(xs)}
    values |= {ws[i][j]: w[i, j] for i in range(n_in) for j in range(n_out)}
    if bias:
        values |= {s: b[j] for j, s in enumerate(bs)}
    z = affine.forward(x, w, b)
    np.testing.assert_allclose([float(e.subs(values)) for e in zs], z[0], rtol=1e-12)
    # ∂z_j/∂w_ij = x_i, ∂z_j/∂x_i = w_ij: what backward computes with δ = e_j
    for j in range(n_out):
        delta = np.eye(n_out)[[j]]
        grad_x, grad_w, _ = affine.backward(x, w, delta)
        expected_w = [[float(sympy.diff(zs[j], ws[i][k]).subs(values)) for k in range(n_out)]
                      for i in range(n_in)]
        expected_x = [float(sympy.diff(zs[j], xs[i]).subs(values)) for i in range(n_in)]
        np.testing.assert_allclose(grad_w, expected_w, rtol=1e-12)
        np.testing.assert_allclose(grad_x[0], expected_x, rtol=1e-12)


def test_affine_stacked_form_is_the_bias_trick_of_the_plain_form() -> None:
    """``[x 1] [W; b] = xW + b``; ``[x 1]ᵀ δ`` stacks ``∂L/∂W`` over ``∂L/∂b``; ``δ [W; b]ᵀ``
    holds ``∂L/∂x`` in its first columns."""
    rng = np.random.default_rng(4)
    x, w, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 4)), rng.normal(size=4)
    delta = rng.normal(size=(5, 4))
    x_ones = np.hstack([x, np.ones((5, 1))])
    stacked = np.vstack([w, b])
    np.testing.assert_allclose(affine.forward_stacked(x_ones, stacked), x @ w + b, rtol=1e-13)
    grad = np.empty_like(stacked)
    input_grad = np.empty((5, 4))
    returned = affine.backward_stacked(x_ones, stacked, delta, grad, input_grad)
    assert returned is input_grad
    grad_x, grad_w, grad_b = affine.backward(x, w, delta)
    np.testing.assert_allclose(grad[:3], grad_w, rtol=1e-13)
    np.testing.assert_allclose(grad[3], grad_b, rtol=1e-13)
    np.testing.assert_allclose(grad[3], delta.sum(axis=0), rtol=1e-13)
    np.testing.assert_allclose(input_grad[:, :3], grad_x, rtol=1e-13)
    assert affine.backward_stacked(x_ones, stacked, delta, grad) is None


# -- fused = unfused ------------------------------------------------------------------------


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("soft_targets", [False, True])
def test_softmax_cross_entropy_equals_softmax_then_cross_entropy(reduction, soft_targets):
    rng = np.random.default_rng(2)
    logits = rng.normal(size=(6, 4)) * 3
    if soft_targets:
        target = rng.dirichlet(np.ones(4), size=6)
    else:
        target = np.eye(4)[rng.integers(0, 4, size=6)]
    fused = SoftmaxCrossEntropy(reduction=reduction)
    softmax, unfused = Softmax(), CrossEntropy(reduction=reduction)
    probabilities = softmax.forward(logits)
    value, grad = fused.value_and_grad(logits.copy(), target)
    unfused_value, grad_p = unfused.value_and_grad(probabilities, target)
    through_softmax = softmax.backward(logits, probabilities, grad_p)
    assert value == pytest.approx(unfused_value, rel=1e-12)
    np.testing.assert_allclose(grad, through_softmax, rtol=1e-10, atol=1e-15)
    # and both equal the textbook (ŷ − y) · scale
    scale = 1 / 6 if reduction == "mean" else 1.0
    np.testing.assert_allclose(grad, (probabilities - target) * scale, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_sigmoid_binary_cross_entropy_equals_sigmoid_then_bce(reduction: str) -> None:
    rng = np.random.default_rng(3)
    logits = rng.normal(size=(6, 3)) * 3
    target = rng.uniform(0, 1, size=(6, 3))
    target[0] = [0.0, 1.0, 1.0]
    fused = SigmoidBinaryCrossEntropy(reduction=reduction)
    sigmoid, unfused = Sigmoid(), BinaryCrossEntropy(reduction=reduction)
    probabilities = sigmoid.forward(logits)
    value, grad = fused.value_and_grad(logits.copy(), target)
    unfused_value, grad_p = unfused.value_and_grad(probabilities, target)
    through_sigmoid = sigmoid.backward(logits, probabilities, grad_p)
    assert value == pytest.approx(unfused_value, rel=1e-12)
    np.testing.assert_allclose(grad, through_sigmoid, rtol=1e-10, atol=1e-15)
    scale = 1 / 6 if reduction == "mean" else 1.0
    np.testing.assert_allclose(grad, (probabilities - target) * scale, rtol=1e-12, atol=1e-15)


def test_softmax_jacobian_is_the_textbook_one() -> None:
    """∂a_i/∂z_j = a_i(δ_ij − a_j), written out entry by entry (seed 004's two cases)."""
    a = Softmax().forward(np.array([[0.3, -1.2, 2.0]]))[0]
    jacobian = Softmax().jacobian(a)
    for i in range(3):
        for j in range(3):
            expected = a[i] * (1 - a[i]) if i == j else -a[i] * a[j]
            assert jacobian[i, j] == pytest.approx(expected, rel=1e-14)
