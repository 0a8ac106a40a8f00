"""The symbolic proof of whole-matrix claims: right ones are "correct" (exit 0), a claim that
agrees only at the example's numbers is not proven, and a proof never makes a verdict wrong.

The symbolic network's gradients are compared with ``sympy.diff`` of the whole loss written out
by hand in this file (log-sum-exp of tanh layers), not with the ops the proof reads.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
import sympy
from typer.testing import CliRunner

import chainrule as cr
from chainrule.check import check_network_claim, matrix_settle
from chainrule.check.layer_ops import LayerOps
from chainrule.check.matrix_symbols import SymbolicNetwork
from chainrule.cli import app

runner = CliRunner()


def _check(claim: str, *options: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", claim, *options])
    return result.exit_code, result.output


def _point(network: SymbolicNetwork, relu: bool, seed: int) -> dict:
    """Random values of the inputs, weights, biases and targets, and the signals and slopes
    that the forward pass gives them."""
    rng = random.Random(seed)
    point: dict = {}
    arrays = [network.inputs] + [d.W for d in network.dense_layers] + \
        [d.b for d in network.dense_layers]
    for array in arrays:
        for s in np.ravel(array):
            point[s] = sympy.Rational(rng.randint(-900, 900), 500)
    for s in {s for y in np.ravel(network.targets) for s in sympy.sympify(y).free_symbols}:
        point[s] = sympy.Integer(rng.randint(0, 1))
    a = network.inputs
    for layer in range(1, network.n_layers + 1):
        dense = network.dense_layers[layer - 1]
        z = (a @ dense.W + dense.b)
        for zeta, value in zip(np.ravel(network.zeta[layer]), np.ravel(z), strict=True):
            point[zeta] = sympy.sympify(value).xreplace(point).evalf(40)
        if relu and layer == 1:  # the first hidden layer is the ReLU one
            a = np.vectorize(lambda u: sympy.Max(u, 0), otypes=[object])(z)
        else:
            a = np.vectorize(sympy.tanh, otypes=[object])(z)
    for zeta, slope in network.slopes.items():
        point[slope] = sympy.Integer(1 if point[zeta] > 0 else 0)
    return point


@pytest.mark.parametrize("relu", [False, True])
def test_symbolic_gradients_are_sympy_diff_of_the_whole_loss(relu: bool) -> None:
    """∂L/∂W and ∂L/∂z of the symbolic network, at consistent random values, equal sympy.diff
    of the loss written out here: mean over 2 samples of log Σₖ e^{z₂ₖ} − Σₖ yₖ z₂ₖ."""
    hidden = cr.ReLU() if relu else cr.Tanh()
    net = cr.Network([cr.Dense(2, 3), hidden, cr.Dense(3, 2), cr.Tanh(), cr.Dense(2, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    network = SymbolicNetwork(net, LayerOps(net), 2)
    network.post(1), network.post(2)  # the slope symbols of the ReLU layer
    x, y = network.inputs, network.targets
    (W1, b1), (W2, b2), (W3, b3) = ((d.W, d.b) for d in network.dense_layers)
    first = np.vectorize(lambda u: sympy.Max(u, 0) if relu else sympy.tanh(u),
                         otypes=[object])
    z3 = np.vectorize(sympy.tanh, otypes=[object])(first(x @ W1 + b1) @ W2 + b2) @ W3 + b3
    loss = sympy.Rational(1, 2) * sympy.Add(*[
        sympy.log(sympy.Add(*[sympy.exp(v) for v in z3[n]]))
        - sympy.Add(*[y[n, k] * z3[n, k] for k in range(2)]) for n in range(2)])
    for seed in range(2):
        point = _point(network, relu, seed)
        for layer, W in ((1, W1), (3, W3)):
            mine = network.grad_W(layer)
            for i, j in np.ndindex(W.shape):
                truth = sympy.diff(loss, W[i, j]).xreplace(point).evalf(30)
                assert abs(sympy.sympify(mine[i, j]).xreplace(point).evalf(30) - truth) < 1e-20


@pytest.mark.parametrize(("claim", "example", "notation"), [
    ("dW_2 = a_1^T dz_2", "cs231n", None),
    ("dz_1 = dz_2 @ W_2.T * (1 - a_1**2)", "cs231n", None),
    ("dW_1 = x^T dz_1", "cs231n", None),
    ("db2 = np.sum(dz2, axis=0)", "cs231n", None),
    ("dZ^{[2]} = A^{[2]} - Y", "cs231n", "ng"),  # softmax + cross-entropy, one-hot targets
    ("dZ^{[1]} = (W^{[2]T} dZ^{[2]}) * g'(Z^{[1]})", "cs231n", "ng"),
    (r"dW^{[1]} = \frac{1}{m} dZ^{[1]} X^T", "cs231n", "ng"),
    (r"\delta^{(l)} = ((W^{(l+1)})^T \delta^{(l+1)}) \odot \sigma'(z^{(l)})", "nielsen", None),
    (r"\delta^L = \nabla_a C \odot \sigma'(z^L)", "nielsen", None),
    ("∂e/∂W⁽ᴸ⁾ = 𝐱⁽¹⁾ (δ⁽ᴸ⁾)ᵀ", "lfd", None),
    ("δ⁽²⁾ = (𝐭 − 𝐨⁽²⁾) ⊙ σ′(net⁽²⁾)", "mitchell", None),
    ("∂E/∂W⁽²⁾ = −δ⁽²⁾ (𝐨⁽¹⁾)ᵀ", "mitchell", None),
    # Mitchell's unit letters as layers: k the outputs, h the hidden units, w_kh from h to k
    ("δ_k = o_k ⊙ (1 − o_k) ⊙ (t_k − o_k)", "mitchell", None),
    (r"\delta_h = o_h \odot (1 - o_h) \odot (W_{kh}^T \delta_k)", "mitchell", None),
    ("∂E/∂w_{kh} = −δ_k o_h^T", "mitchell", None),
    ("∂E/∂w_{hi} = −δ_h x^T", "mitchell", None),
])
def test_right_matrix_claims_are_proven(claim: str, example: str, notation: str | None) -> None:
    options = ["--example", example] + (["--notation", notation] if notation else [])
    code, output = _check(claim, *options)
    assert code == 0, output
    assert "compared entry by entry" in output and "proven symbolically" in output, output


def test_cs231n_proof_says_it_was_shown_at_a_smaller_size() -> None:
    code, output = _check("dW_2 = a_1^T dz_2", "--example", "cs231n")
    assert code == 0, output
    assert "with 2 samples and at most 3 units a layer" in output
    code, output = _check("∂e/∂W⁽ᴸ⁾ = 𝐱⁽¹⁾ (δ⁽ᴸ⁾)ᵀ", "--example", "lfd")  # 2-3-1: its own size
    assert code == 0 and "units a layer" not in output, output


@pytest.mark.parametrize(("claim", "example"), [
    # the examples' biases are 0: + b agrees with the backward pass at every batch
    ("dW_2 = a_1^T dz_2 + b_2", "cs231n"),
    (r"\delta^L = \nabla_a C \odot \sigma'(z^L) + b^L", "nielsen"),
])
def test_a_claim_right_only_at_the_example_s_numbers_is_not_proven(claim: str,
                                                                   example: str) -> None:
    code, output = _check(claim, "--example", example)
    assert code == 4, output
    assert output.count("probably correct") == 1
    assert "not proven symbolically (it is not an identity: it agrees with the backward pass at " \
        "this network's numbers only; with other inputs, weights or targets" in output


def test_wrong_claims_keep_their_diagnoses() -> None:
    code, output = _check("dW_2 = dz_2^T a_1", "--example", "cs231n")
    assert code == 1 and "This is the transpose of dW_2 (2×500, not 500×2)." in output
    code, output = _check("dW_2 = 2 a_1^T dz_2", "--example", "cs231n")
    assert code == 1 and "2 × the true value" in output


def test_mitchell_s_letters_name_layers_only_in_matrix_claims() -> None:
    code, output = _check(r"\delta_h = o_h \odot (1 - o_h) \odot (w_{kh} \delta_k)",
                          "--example", "mitchell")  # the transpose is missing: 2×2, so no shape
    assert code == 1 and "read w_kh as the weights of layer 2, 2×2" in output, output
    assert "The claim's entries differ from" in output
    code, output = _check("δ_k = o_k(1 - o_k)(t_k - o_k)", "--example", "mitchell")
    assert code == 0 and "read oₖ as the output of unit k" in output, output  # unit by unit
    code, output = _check(r"\delta_h = o_h \odot (1 - o_h) \odot (W_{kh}^T \delta_k)",
                          "--example", "nielsen", "--notation", "mitchell")  # 2 hidden layers
    assert code == 2 and "h is the hidden layer of a network with one hidden" in output, output
    assert "this one has 2" in output


@pytest.mark.parametrize("claim", [
    "dz_1 = (dz_2 W_2^T) * f'(z_1)",
    "dz_1 = np.dot(dz_2, W_2.T) * f'(z_1)",
    "dW_1 = x^T ((dz_2 W_2^T) * f'(z_1))",
])
@pytest.mark.parametrize("kinked", [cr.ReLU, cr.LeakyReLU])
def test_kinked_claims_are_proven_on_each_side_of_the_kink(claim: str, kinked: type) -> None:
    net = cr.Network([cr.Dense(2, 4), kinked(), cr.Dense(4, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=3)
    result = check_network_claim(claim, net, notation="cs231n")
    assert result.verdict == "correct", str(result)
    assert "on each side of every kink" in str(result)


def test_relu_step_squared_is_the_step() -> None:
    """ReLU′(z)² = ReLU′(z) (0 or 1): proven with m² = m for each unit's slope m."""
    net = cr.Network([cr.Dense(2, 4), cr.ReLU(), cr.Dense(4, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=3)
    result = check_network_claim("dz_1 = (dz_2 W_2^T) * f'(z_1) * f'(z_1)", net,
                                 notation="cs231n")
    assert result.verdict == "correct", str(result)


def test_a_proof_out_of_time_stays_probably_correct(monkeypatch) -> None:
    monkeypatch.setattr(matrix_settle, "PROOF_SECONDS", 1e-6)
    code, output = _check("dW_2 = a_1^T dz_2", "--example", "cs231n")
    assert code == 4, output
    assert "not proven symbolically (the proof ran out of time)" in output


def test_a_relu_step_in_a_denominator_is_never_proven() -> None:
    """f′(z)/f′(z) is 1 where a unit is on and undefined where it is off; with every unit on
    at every batch the numbers agree, and the proof must not cancel it."""
    net = cr.Network([cr.Dense(2, 4), cr.ReLU(), cr.Dense(4, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=3)
    net.dense_layers[0].b[...] = 100.0  # every unit on
    result = check_network_claim("dz_1 = (dz_2 W_2^T) * f'(z_1) * f'(z_1) / f'(z_1)", net,
                                 notation="cs231n")
    assert result.verdict == "probably_correct", str(result)
    assert "a division by the slope of an activation with a kink" in result.proof
