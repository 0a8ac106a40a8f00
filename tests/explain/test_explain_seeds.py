"""Each learner's question, explained on its own network in its own notation.

Expected numbers come from hand computations written here (Mitchell's 2-2-2 net) or from
PyTorch autograd, never from the explanation itself.
"""

from __future__ import annotations

import numpy as np
import pytest

import chainrule as cr
from chainrule.explain import example, explain


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


def test_seed000_output_delta_in_lfd_notation():
    ex = example("lfd")
    text = explain(ex.net, ex.x, ex.y, "delta_1^(L)", "lfd").to_text(width=300)
    assert "δ₁⁽ᴸ⁾ = ∂e/∂s₁⁽ᴸ⁾" in text
    assert "2(x₁⁽ᴸ⁾ − yₙ)(1 − (x₁⁽ᴸ⁾)²)" in text  # the learner's answer, confirmed
    assert "e = (x₁⁽ᴸ⁾ − yₙ)²" in text
    # the value by hand: x = tanh(s) of the output, δ = 2(x − y)(1 − x²)
    out = ex.net.forward(ex.x)[0, 0]
    expected = 2 * (out - 1.0) * (1 - out**2)
    explanation = explain(ex.net, ex.x, ex.y, "delta_1^(L)", "lfd")
    assert explanation.lines()[-1].value == pytest.approx(expected, abs=1e-12)
    assert f"{expected:.6g}".replace("-", "−") in text


def test_seed001_hidden_recurrence_sums_over_next_layer():
    ex = example("nielsen")
    text = explain(ex.net, ex.x, ex.y, "delta_2^(L-1)", "nielsen").to_text(width=300)
    assert "δₖ⁽ˡ⁾ = σ′(zₖ⁽ˡ⁾) ∑ⱼ wⱼₖ⁽ˡ⁺¹⁾ δⱼ⁽ˡ⁺¹⁾" in text  # Nielsen's w_jk: from k to j
    assert "∂C/∂a₂⁽³⁾ = ∑ⱼ ∂C/∂zⱼ⁽ᴸ⁾ ∂zⱼ⁽ᴸ⁾/∂a₂⁽³⁾ = ∑ⱼ wⱼ₂⁽ᴸ⁾ δⱼ⁽ᴸ⁾" in text
    assert "w₁₂⁽ᴸ⁾ δ₁⁽ᴸ⁾ + w₂₂⁽ᴸ⁾ δ₂⁽ᴸ⁾" in text  # the sum written out over both next units
    assert "multivariable chain rule adds one product per path" in text


def test_seed002_all_eight_weight_gradients_of_mitchells_net():
    ex = example("mitchell")
    x, t = ex.x[0], ex.y[0]
    w1 = np.array([[0.15, 0.25], [0.20, 0.30]])
    w2 = np.array([[0.40, 0.50], [0.45, 0.55]])
    hidden = sigmoid(x @ w1)
    out = sigmoid(hidden @ w2)
    delta_out = (t - out) * out * (1 - out)  # Mitchell's δ_k = (t_k − o_k) o_k (1 − o_k)
    delta_hidden = hidden * (1 - hidden) * (w2 @ delta_out)  # δ_h = o_h(1−o_h) Σ_k w_kh δ_k
    expected = {1: -np.outer(x, delta_hidden), 2: -np.outer(hidden, delta_out)}
    seen = 0
    for layer in (1, 2):
        explanation = explain(ex.net, ex.x, ex.y, layer, "mitchell")
        text = explanation.to_text(width=300)
        entries = [line for line in explanation.lines() if line.source[:1] == ("grad_W",)]
        assert len(entries) == 4
        for line in entries:
            _, _, i, j = line.source
            assert line.value == pytest.approx(expected[layer][i, j], abs=1e-12)
            assert f"{expected[layer][i, j]:.6g}".replace("-", "−") in text
            seen += 1
        assert "δ = −∂E/∂net" in text  # the sign convention is said
    assert seen == 8
    text = explain(ex.net, ex.x, ex.y, "delta_5", "mitchell").to_text(width=300)
    assert "δ₅ = −∂E/∂net₅" in text and "(t₅ − o₅) · o₅(1 − o₅)" in text
    assert "∂net₅/∂w₅₃ = −δ₅ o₃ = " in explain(ex.net, ex.x, ex.y, "w_53", "mitchell").to_text(300)


def test_seed002_sigmoid_derivative_is_derived_step_by_step():
    ex = example("mitchell")
    text = explain(ex.net, ex.x, ex.y, "delta_5", "mitchell").to_text(width=300)
    assert "df/dg · dg/dh · dh/dnet₅ = (−1/g²) · eʰ · (−1)" in text
    assert "o₅(1 − o₅)" in text


def test_seed003_three_factor_chain_in_j_h_z_notation():
    ex = example("seed003")
    explanation = explain(ex.net, ex.x, ex.y, "w_12^(2)", "seed003")
    text = explanation.to_text(width=300)
    assert "∂J/∂w₁₂⁽²⁾ = ∂J/∂h₁⁽³⁾ · ∂h₁⁽³⁾/∂z₁⁽²⁾ · ∂z₁⁽²⁾/∂w₁₂⁽²⁾ = " in text
    assert "= ∂J/∂h₁⁽³⁾ · ∂h₁⁽³⁾/∂z₁⁽²⁾ · h₂⁽²⁾ = " in text
    assert "z₁⁽²⁾ = w₁₁⁽²⁾ h₁⁽²⁾ + w₁₂⁽²⁾ h₂⁽²⁾ + w₁₃⁽²⁾ h₃⁽²⁾ + b₁⁽²⁾" in text
    assert "∂J/∂h₁⁽³⁾ = 2(h₁⁽³⁾ − y₁)" in text  # not 2h: (y − h)² is not y² − h²
    torch = pytest.importorskip("torch")
    w1 = torch.tensor(ex.net.dense_layers[0].W, requires_grad=True)
    b1 = torch.tensor(ex.net.dense_layers[0].b)
    w2 = torch.tensor(ex.net.dense_layers[1].W, requires_grad=True)
    b2 = torch.tensor(ex.net.dense_layers[1].b)
    h = torch.sigmoid(torch.tensor(ex.x) @ w1 + b1) @ w2 + b2
    ((h - 1.0) ** 2).sum().backward()
    assert explanation.check.backprop == pytest.approx(float(w2.grad[1, 0]), abs=1e-12)


def test_seed004_softmax_cross_entropy_layer_in_row_vectors():
    ex = example("cs231n")
    explanation = explain(ex.net, ex.x, ex.y, 2, "cs231n")
    text = explanation.to_text(width=300)
    assert "dz₂ = (ŷ − y)/N" in text
    assert "dW₂ = a₁ᵀ dz₂" in text and "(500 × N)(N × 2) = 500 × 2" in text
    assert "z₂ = a₁ W₂ + b₂" in text
    torch = pytest.importorskip("torch")
    x = torch.tensor(ex.x)
    w1, b1 = (torch.tensor(p) for p in ex.net.parameters[:2])
    w2 = torch.tensor(ex.net.parameters[2], requires_grad=True)
    b2 = torch.tensor(ex.net.parameters[3])
    logits = torch.tanh(x @ w1 + b1) @ w2 + b2
    torch.nn.functional.cross_entropy(logits, torch.tensor(ex.y)).backward()
    np.testing.assert_allclose(explanation.check.backprop, w2.grad.numpy(), atol=1e-12)
    dz = next(line for line in explanation.lines() if line.source[:1] == ("delta_matrix",))
    probabilities = torch.softmax(logits, dim=1).detach().numpy()
    onehot = np.eye(2)[ex.y]
    np.testing.assert_allclose(dz.value, (probabilities - onehot) / len(ex.y), atol=1e-12)


def test_seed004_one_sample_derivation_shows_the_jacobian_cases():
    ex = example("cs231n")
    text = explain(ex.net, ex.x[:1], ex.y[:1], "(W_2)_11", "cs231n").to_text(width=300)
    assert "if k = 1" in text and "if k ≠ 1" in text
    assert "ŷ₁ ∑ₖ yₖ − y₁ = ŷ₁ − y₁" in text


def test_ten_classes_show_the_softmax_steps_for_three_and_say_so():
    """The step-by-step softmax + cross-entropy derivation is written for unit j and two
    others; the δ itself is the engine's, for all ten classes."""
    net = cr.Network([cr.Dense(4, 5), cr.ReLU(), cr.Dense(5, 10)],
                     loss=cr.SoftmaxCrossEntropy(), seed=2)
    x, y = np.array([[0.1, -0.4, 0.3, 0.9]]), np.array([6])
    text = explain(net, x, y, "delta_7^(2)", "lfd").to_text()
    assert "for 3 of the 10 classes (units 1, 2, 7)" in text
    probabilities = net.predict_proba(x)[0]
    assert f"{probabilities[6] - 1:.6g}".replace("-", "−") in text
