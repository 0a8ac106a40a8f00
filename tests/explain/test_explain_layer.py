"""The matrix form of a layer: signs, index bookkeeping, shapes and biases in every layout."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.explain import example, explain


def text_of(name, quantity, notation=None):
    ex = example(name)
    return explain(ex.net, ex.x, ex.y, quantity, notation or ex.notation).to_text(width=400)


def test_mitchell_output_delta_matrix_carries_the_minus_of_its_definition():
    ex = example("mitchell")
    explanation = explain(ex.net, ex.x, ex.y, 2, "mitchell")
    text = explanation.to_text(width=400)
    assert "δ⁽²⁾ = −∂E/∂𝐨⁽²⁾ ⊙ σ′(net⁽²⁾) = (𝐭 − 𝐨⁽²⁾) ⊙ σ′(net⁽²⁾) = " in text
    out = ex.net.forward(ex.x)[0]
    by_hand = (ex.y[0] - out) * out * (1 - out)  # Mitchell: δ_k = (t_k − o_k) o_k (1 − o_k)
    line = next(line for line in explanation.lines() if line.source[:1] == ("delta_matrix",))
    np.testing.assert_allclose(np.ravel(line.value), by_hand, atol=1e-12)
    latex = explanation.to_latex()
    assert r"= -\frac{\partial E}{\partial \mathbf{o}^{(2)}} \odot" in latex


def test_lfd_output_delta_matrix_writes_the_squared_error_gradient():
    assert "δ⁽ᴸ⁾ = ∂e/∂𝐱⁽ᴸ⁾ ⊙ θ′(𝐬⁽ᴸ⁾) = 2(𝐱⁽ᴸ⁾ − 𝐲) ⊙ θ′(𝐬⁽ᴸ⁾)" in text_of("lfd", 2)


def test_mitchell_hidden_sum_is_negated_as_a_whole():
    for quantity in ("w_31", 1):
        text = text_of("mitchell", quantity)
        assert "= −∑ⱼ wⱼ₃ δⱼ = −(w₅₃ δ₅ + w₆₃ δ₆) = −(0.4 · (−0.142357)" in text
        assert "−w₅₃ δ₅ + w₆₃ δ₆" not in text
    ex = example("mitchell")
    latex = explain(ex.net, ex.x, ex.y, "w_31", "mitchell").to_latex()
    assert r"-\left(w_{53} \delta_{5} + w_{63} \delta_{6}\right)" in latex


def test_gradient_entries_are_explained_in_the_matrix_orientation():
    assert "row j holds the weights into unit j, so entry (j, i) is −δⱼ oᵢ" in text_of(
        "mitchell", 2)
    assert "row j holds the weights into unit j, so entry (j, k) is δⱼ⁽³⁾ aₖ⁽²⁾" in text_of(
        "nielsen", 3)
    assert "row i holds the weights into unit i, so entry (i, j) is δᵢ⁽¹⁾ hⱼ⁽¹⁾" in text_of(
        "seed003", 1)
    assert "row i holds the weights out of input i, so entry (i, j) is xᵢ⁽⁰⁾ δⱼ⁽¹⁾" in text_of(
        "lfd", 1)
    for name, layer in (("mitchell", 2), ("nielsen", 3), ("seed003", 1)):
        assert "(input i) × (δ of unit j)" not in text_of(name, layer)


def test_bias_gradient_is_a_column_in_column_layouts_and_absent_without_biases():
    lfd = text_of("lfd", 1)
    assert "δ⁽¹⁾ = θ′(𝐬⁽¹⁾) ⊙ (W⁽ᴸ⁾ δ⁽ᴸ⁾) = [−0.1851; −0.6108; −0.05382]   [3 × 1]" in lfd
    assert "∂e/∂𝐰₀⁽¹⁾ = δ⁽¹⁾ = [−0.1851; −0.6108; −0.05382]   [3 × 1]" in lfd
    assert "𝐬⁽¹⁾ = (W⁽¹⁾)ᵀ 𝐱⁽⁰⁾ + 𝐰₀⁽¹⁾" in lfd and "𝐛" not in lfd  # LFD: biases are w₀ⱼ
    nielsen = text_of("nielsen", 3)
    assert "∂C/∂b⁽³⁾ = δ⁽³⁾ = [−0.01301; −0.02077; 0.05871]   [3 × 1]" in nielsen
    mitchell = text_of("mitchell", 2)
    assert "net⁽²⁾ = W⁽²⁾ 𝐨⁽¹⁾   [(2 × 1) = (2 × 2)(2 × 1)]" in mitchell
    assert "𝐛" not in mitchell


def test_a_batch_in_column_layout_has_n_columns():
    text = text_of("cs231n", 2, "lfd")
    assert "[(2 × N) = (2 × 500)(500 × N) + (2 × 1)]" in text
    assert "column n is sample n" in text and "row n is sample n" not in text
    assert "summed over the samples (the columns)" in text
    row = text_of("cs231n", 2)
    assert "row n is sample n" in row and "summed over the samples (the rows)" in row


def _autograd_nielsen_middle_weights() -> np.ndarray:
    """∂C/∂W of Nielsen's layer 3 (the middle one) by PyTorch autograd, shape (n_in, n_out)."""
    import torch

    ex = example("nielsen")
    a = torch.tensor(ex.x)
    weights = []
    for dense in ex.net.dense_layers:
        w = torch.tensor(dense.W, requires_grad=True)
        weights.append(w)
        a = torch.sigmoid(a @ w + torch.tensor(dense.b))
    (0.5 * ((a - torch.tensor(ex.y)) ** 2).sum()).backward()
    return weights[1].grad.numpy()


def test_the_check_of_a_layer_prints_its_entries_in_the_texts_orientation():
    text = text_of("nielsen", 3)  # w³ maps 4 units to 3: Nielsen writes it 3 × 4 (w_jk)
    assert "= 3 × 4]" in text.split("## The check")[0]  # the shape the layer section writes
    check = text.split("## The check")[1]
    assert "matrix" not in check and "[3 × 4]" in check and "4 × 3" not in check
    by_hand = _autograd_nielsen_middle_weights().T  # rows j (to), columns k (from)
    for row in ("chain product", "backprop", "finite difference"):
        line = next(line for line in check.splitlines() if line.strip().startswith(row))
        for column in range(3):  # the first three entries of row 1: w_11, w_12, w_13
            shown = line.split(f"(1, {column + 1}): ")[1].split(",")[0].replace("−", "-")
            assert float(shown) == pytest.approx(by_hand[0, column], rel=1e-5)
    assert "max |chain − backprop| = " in check


def test_the_check_of_a_big_layer_shows_only_checked_entries():
    check = text_of("cs231n", 1).split("## The check")[1]  # W1 is 2 × 500, 400 entries checked
    assert "[2 × 500]" in check and "nan" not in check.lower() and "…" in check
