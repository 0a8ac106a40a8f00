"""Whole-matrix claims about a network, checked entry by entry against the engine.

The right formulas are the courses' own (CS231n's dW = Aᵀ dZ, db = Σ over rows; Andrew Ng's
dW = (1/m) dZ A^{[l-1]T}, db = (1/m) np.sum(dZ, axis=1, keepdims=True), dZ^{[L]} = A^{[L]} − Y;
Nielsen's BP1/BP2); the engine's gradient they are compared with is itself checked against
PyTorch autograd in the first test.
"""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from chainrule.check import check_network_claim
from chainrule.cli import app
from chainrule.explain.examples import example

runner = CliRunner()
#: The exit code of a matrix claim whose every entry agrees with the backward pass (at three
#: batches) and that SymPy proves on a network of symbols: "correct".
AGREES = 0


def test_cs231n_engine_gradients_match_pytorch() -> None:
    torch = pytest.importorskip("torch")
    preset = example("cs231n")
    first, second = preset.net.dense_layers
    x = torch.tensor(preset.x)
    w1, b1, w2, b2 = (torch.tensor(v, requires_grad=True) for v in
                      (first.W, first.b, second.W, second.b))
    logits = torch.tanh(x @ w1 + b1) @ w2 + b2
    torch.nn.functional.cross_entropy(logits, torch.tensor(preset.y)).backward()
    trace = preset.net.trace(preset.x, preset.y)
    np.testing.assert_allclose(trace.grad_W(2), w2.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(trace.grad_b(2).ravel(), b2.grad.numpy(), rtol=1e-9, atol=1e-12)


def _check(claim: str, *options: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", claim, *options])
    return result.exit_code, result.output


@pytest.mark.parametrize("claim", [
    r"db_2 = \sum_n dz_2", "db = \\sum_n dz", "dW_2 = a_1^T dz_2", "dW_2 = np.dot(a1.T, dz2)",
    "db2 = np.sum(dz2, axis=0)", "dW_2 = a₁ᵀ dz₂", "dW_2 = a_1.T @ dz_2",
    r"dz_1 = (dz_2 W_2^T) \odot f'(z_1)", "da_1 = dz_2 W_2^T", "dW_1 = x^T dz_1",
    "dW_2 = (dz_2^T a_1)^T", r"dW_2 = a_1^\top \cdot dz_2", r"db_2 = \sum_{n=1}^{N} dz_2",
    "db_2 = np.sum(dz_2, axis=0, keepdims=True)", "dz_1 = dz_2 @ W_2.T * (1 - a_1**2)",
])
def test_cs231n_textbook_matrix_formulas_are_correct(claim: str) -> None:
    code, output = _check(claim, "--example", "cs231n")
    assert code == AGREES, output
    assert output.startswith("read "), output
    assert "compared entry by entry" in output


def test_db_is_not_twice_the_truth_any_more() -> None:
    """The wrong verdict of issue 13: Σₙ over the samples, not over the two output units."""
    explained = runner.invoke(app, ["explain", "--example", "cs231n", "--layer", "2"])
    assert "db₂ = ∑ₙ dz₂" in explained.output
    code, output = _check(r"db_2 = \sum_n dz_2", "--example", "cs231n")
    assert code == AGREES and "2 ×" not in output, output
    assert "read dz_2 as ∂L/∂z of layer 2, L the mean of the N samples' losses, 8×2" in output


@pytest.mark.parametrize(("claim", "diagnosis"), [
    ("dW_2 = dz_2^T a_1", "This is the transpose of dW_2 (2×500, not 500×2)."),
    (r"dz_1 = (dz_2 \odot W_2^T) \odot f'(z_1)", "where the matrix product is needed"),
    ("db2 = np.sum(dz2, axis=1)", "sums over the units (the outputs) instead of the samples"),
    (r"dz_1 = (dz_2 W_2^T) f'(z_1)", "a matrix product where the element-wise product"),
    ("dW_2 = 2 a_1^T dz_2", "2 × the true value"),
])
def test_cs231n_wrong_matrix_formulas_are_diagnosed(claim: str, diagnosis: str) -> None:
    code, output = _check(claim, "--example", "cs231n")
    assert code == 1, output
    assert diagnosis in output


@pytest.mark.parametrize("claim", [
    "dZ^{[2]} = A^{[2]} - Y", r"dW^{[2]} = \frac{1}{m} dZ^{[2]} A^{[1]T}",
    "db^{[2]} = (1/m) np.sum(dZ^{[2]}, axis=1, keepdims=True)",
    "dZ^{[1]} = (W^{[2]T} dZ^{[2]}) * g'(Z^{[1]})", "dA^{[1]} = W^{[2]T} dZ^{[2]}",
    "dW^{[1]} = (1/m) dZ^{[1]} X^T",
    # the course's own NumPy, as its planar-data assignment writes backprop
    "dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))", "dW2 = (1/m) * np.dot(dZ2, A1.T)",
    "db2 = (1/m) * np.sum(dZ2, axis=1, keepdims=True)", "dZ2 = A2 - Y",
    "db1 = np.mean(dZ1, axis=1, keepdims=True)",
])
def test_ng_formulas_are_correct(claim: str) -> None:
    code, output = _check(claim, "--example", "cs231n", "--notation", "ng")
    assert code == AGREES, output
    assert "convention" not in output and "right for" not in output, output


@pytest.mark.parametrize(("claim", "code"), [
    # the course notes' LaTeX writes the d inside or outside the bold of the name
    (r"d\mathbf{W}^{[2]} = \frac{1}{m} \mathbf{d}\mathbf{z}^{[2]} (\mathbf{a}^{[1]})^T", AGREES),
    (r"\mathbf{d}\mathbf{W}^{[2]} = \frac{1}{m} d\mathbf{Z}^{[2]} \mathbf{A}^{[1]T}", AGREES),
    (r"d\mathbf{W}^{[2]} = \mathbf{d}\mathbf{z}^{[2]} (\mathbf{a}^{[1]})^T", 1),  # no 1/m
])
def test_ng_gradient_names_in_bold_are_read(claim: str, code: int) -> None:
    found, output = _check(claim, "--example", "cs231n", "--notation", "ng")
    assert found == code, output


@pytest.mark.parametrize(("claim", "code"), [
    # CS231n's assignments write NumPy's methods: X.T.dot(dscores), dscores.sum(axis=0)
    ("dW2 = a1.T.dot(dz2)", AGREES), ("db2 = dz2.sum(axis=0)", AGREES),
    ("db2 = dz2.sum(axis=0, keepdims=True)", AGREES), ("dW2 = a1.transpose().dot(dz2)", AGREES),
    ("dW2 = dz2.T.dot(a1)", 1), ("db2 = dz2.sum(axis=1)", 1),
])
def test_numpy_methods_are_read_as_their_functions(claim: str, code: int) -> None:
    found, output = _check(claim, "--example", "cs231n")
    assert found == code, output


@pytest.mark.parametrize(("claim", "example", "code"), [
    # Nielsen's BP1 writes ∇_a C; for C = ½‖y − a^L‖² it is a^L − y (by hand)
    (r"\nabla_a C = a^L - y", "nielsen", AGREES), ("∇_a C = a^L - y", "nielsen", AGREES),
    (r"\nabla_a C = y - a^L", "nielsen", 1),
    (r"\nabla_{W_2} L = a_1^T dz_2", "cs231n", AGREES),
    (r"\nabla_{W_2} L = dz_2^T a_1", "cs231n", 1),
])
def test_a_gradient_written_with_nabla_on_the_left(claim: str, example: str, code: int) -> None:
    found, output = _check(claim, "--example", example)
    assert found == code, output
    if code == 1 and example == "nielsen":
        assert "= a^{(4)} - y" in output  # the right formula is the loss's gradient


def test_ng_dz_is_per_example_so_cs231n_s_mean_is_wrong_and_named() -> None:
    # In Ng's course dZ^[2] = A^[2] − Y, each example's own; the 1/m comes in dW and db (an
    # assignment of the course rejects dZ with 1/m), so the CS231n form is wrong here.
    code, output = _check("dZ^{[2]} = (A^{[2]} - Y)/m", "--example", "cs231n",
                          "--notation", "ng")
    assert code == 1, output
    assert "right for the batch mean L" in output


def test_sum_convention_is_named_and_can_be_refused() -> None:
    claim = "dW^{[2]} = dZ^{[2]} A^{[1]T}"  # no 1/m: the gradient of the sum of the losses
    # Ng's course defines dW as the mean over the m samples, so without 1/m it is wrong there,
    # with the convention it does match named.
    code, output = _check(claim, "--example", "cs231n", "--notation", "ng")
    assert code == 1 and "for the batch mean L it is this divided by N = 8" in output, output
    assert "right for one sample's loss (or the sum over the batch)" in output
    code, _ = _check(claim, "--example", "cs231n", "--notation", "ng", "--per-sample")
    assert code == AGREES
    mean = r"dW^{[2]} = \frac{1}{m} dZ^{[2]} A^{[1]T}"
    code, output = _check(mean, "--example", "cs231n", "--notation", "ng", "--per-sample")
    assert code == 1, output
    assert "right for the batch mean L, not for the convention chosen" in output


def test_per_sample_dz_about_a_mean_loss_is_correct_with_the_convention() -> None:
    code, output = _check(r"dz_2 = \hat{y} - y", "--example", "cs231n")
    assert code == 0, output
    assert "correct for one sample's loss; for the batch mean L of N samples" in output
    code, output = _check(r"dz_2 = \hat{y} - y", "--example", "cs231n", "--batch-mean")
    assert code == 1, output


@pytest.mark.parametrize("claim", [
    r"\delta^{(l)} = ((W^{(l+1)})^T \delta^{(l+1)}) \odot \sigma'(z^{(l)})",
    r"\delta^L = \nabla_a C \odot \sigma'(z^L)",
    r"\frac{\partial C}{\partial w^{l}} = \delta^{l} (a^{l-1})^T",
])
def test_nielsen_bp_equations_are_correct(claim: str) -> None:
    code, output = _check(claim, "--example", "nielsen")
    assert code == AGREES, output


def test_nielsen_missing_transpose_is_a_shape_diagnosis() -> None:
    claim = r"\delta^{(l)} = (W^{(l+1)} \delta^{(l+1)}) \odot \sigma'(z^{(l)})"
    code, output = _check(claim, "--example", "nielsen")
    assert code == 1, output
    assert "a transpose is missing or misplaced" in output


def test_unknown_name_lists_the_names() -> None:
    code, output = _check("dW_2 = q_1^T dz_2", "--example", "cs231n")
    assert code == 2, output
    assert "q_1 (at position 7) is not a quantity" in output
    assert "dW" in output and "dz" in output


@pytest.mark.parametrize("notation", ["cs231n", "ng", "nielsen"])
def test_printed_right_formulas_evaluate_to_the_truth(notation: str) -> None:
    """The "correct:" line of a wrong claim is itself a correct claim."""
    claims = {"cs231n": "dW_2 = 3 a_1^T dz_2", "ng": "dW^{[2]} = 3 dZ^{[2]} A^{[1]T}",
              "nielsen": r"\delta^{(3)} = 3 \nabla_a C \odot \sigma'(z^{(3)})"}
    name = "nielsen" if notation == "nielsen" else "cs231n"
    result = check_network_claim(claims[notation], example=name, notation=notation)
    assert not result.correct
    left = claims[notation].partition("=")[0]
    again = check_network_claim(f"{left}= {result.correct_text}", example=name,
                                notation=notation)
    assert again.verdict == "correct", str(again)


def test_explain_and_check_agree_in_ng() -> None:
    explained = runner.invoke(app, ["explain", "--example", "cs231n", "--notation", "ng",
                                    "--layer", "2"])
    assert "dz^[2] = ŷ − y" in explained.output
    assert "dW^[2] = 1/m dz^[2] (a^[1])ᵀ" in explained.output
    assert "db^[2] = 1/m ∑ₙ dz^[2]" in explained.output
    for claim in (r"dz^{[2]} = \hat{y} - y", r"dW^{[2]} = \frac{1}{m} dz^{[2]} (a^{[1]})^T",
                  r"db^{[2]} = \frac{1}{m} \sum_n dz^{[2]}"):
        code, output = _check(claim, "--example", "cs231n", "--notation", "ng")
        assert code == AGREES and "right for" not in output, output


@pytest.mark.parametrize(("claim", "diagnosis"), [
    ("da_1 = dz_2 W_2", "a transpose is missing or misplaced"),
    ("dz_1 = dz_2 W_2 f'(z_1)", "a transpose is missing or misplaced"),
])
def test_whole_layer_claims_the_unit_reading_cannot_take_are_read_as_matrices(
        claim: str, diagnosis: str) -> None:
    code, output = _check(claim, "--example", "cs231n")
    assert code == 1, output
    assert diagnosis in output


@pytest.mark.parametrize(("example", "notation", "layer"), [
    ("cs231n", "cs231n", "1"), ("cs231n", "cs231n", "2"), ("cs231n", "ng", "1"),
    ("cs231n", "ng", "2"), ("nielsen", "nielsen", "3"), ("nielsen", "nielsen", "4"),
    ("lfd", "lfd", "1"), ("lfd", "lfd", "2"), ("mitchell", "mitchell", "1"),
    ("mitchell", "mitchell", "2"),
])
def test_every_matrix_formula_explain_prints_is_correct_to_check(example: str, notation: str,
                                                                 layer: str) -> None:
    """explain --layer and check agree: each printed formula, typed back, is correct."""
    explained = runner.invoke(app, ["explain", "--example", example, "--notation", notation,
                                    "--layer", layer])
    section = explained.output.split("## The layer in matrix form")[1].split("## ")[0]
    formulas = [line.strip().split(" = ")[:2] for line in section.splitlines()
                if line.startswith("  ") and not line.startswith("   ") and " = " in line]
    checked = 0
    for left, right in formulas:
        if left.startswith(("z", "a", "s", "𝐬", "net")):  # the forward pass: not a gradient
            continue
        code, output = _check(f"{left} = {right}", "--example", example, "--notation", notation)
        assert code in (0, AGREES), f"{left} = {right}\n{output}"
        checked += 1
    assert checked >= (2 if example == "mitchell" else 3)  # Mitchell's net has no biases


def test_lfd_weights_from_i_to_j_are_not_transposed() -> None:
    """LFD's W⁽ˡ⁾ is n_{l-1} × n_l (s = Wᵀx): ∂e/∂W = x δᵀ, and δ xᵀ is its transpose."""
    code, output = _check("∂e/∂W⁽ᴸ⁾ = 𝐱⁽¹⁾ (δ⁽ᴸ⁾)ᵀ", "--example", "lfd")
    assert code == AGREES, output
    code, output = _check("∂e/∂W⁽ᴸ⁾ = δ⁽ᴸ⁾ (𝐱⁽¹⁾)ᵀ", "--example", "lfd")
    assert code == 1 and "This is the transpose of ∂e/∂W⁽ᴸ⁾ (1×3, not 3×1)." in output, output
    code, output = _check("∂e/∂𝐰₀⁽ᴸ⁾ = 2 δ⁽ᴸ⁾", "--example", "lfd")
    assert code == 1 and "2 × the true value" in output, output


def test_a_constant_equal_to_n_is_not_the_sum_convention() -> None:
    """N = 8 in the cs231n batch: 8 a₁ᵀ dz₂ matches N × dW₂ there, but not at N = 7."""
    code, output = _check("dW_2 = 8 a_1^T dz_2", "--example", "cs231n")
    assert code == 1, output
    assert "not for the batch without its last sample (N = 7)" in output
    code, output = _check("dW_2 = N a_1^T dz_2", "--example", "cs231n")
    assert code == AGREES and "right for one sample's loss (or the sum" in output, output


def test_a_summed_loss_names_the_mean_convention() -> None:
    import chainrule as cr

    net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)],
                     loss=cr.SoftmaxCrossEntropy(reduction="sum"), seed=0)
    result = check_network_claim("dW_2 = a_1^T dz_2", net, notation="cs231n")
    assert result.verdict == "correct" and not result.convention, str(result)
    assert "L the sum of the N samples' losses" in str(result)
    result = check_network_claim("dW_2 = (1/N) a_1^T dz_2", net, notation="cs231n")
    assert result.verdict == "correct"
    assert "where this network's L is their sum" in result.convention
    # asked for the batch mean, dz is the mean's as in CS231n: aᵀ dz, no second 1/N
    mean = check_network_claim("dW_2 = a_1^T dz_2", net, notation="cs231n", per_sample=False)
    assert mean.verdict == "correct" and not mean.convention, str(mean)
    twice = check_network_claim("dW_2 = (1/N) a_1^T dz_2", net, notation="cs231n",
                                per_sample=False)
    assert not twice.correct
    total = check_network_claim("dW_2 = a_1^T dz_2", net, notation="cs231n", per_sample=True)
    assert total.verdict == "correct" and not total.convention, str(total)


def test_a_learner_s_own_matrix_name_with_symbols() -> None:
    code, output = _check("dW_2 = HA^T dz_2", "--example", "cs231n", "--symbols", "HA=a_1")
    assert code == AGREES, output
    assert output.startswith("read HA as a_1 (--symbols)\n")
    code, output = _check("dW_2 = HA^T dz_2", "--example", "cs231n")
    assert code == 2 and "HA (at position 7) is not a quantity" in output


def test_a_numpy_style_name_with_symbols_matches_however_it_is_spelt() -> None:
    # dZ2 (a variable of the learner's code) is the layer's dz_2, written dZ_2 by the reader
    code, output = _check("dW_2 = HA^T dZ2", "--example", "cs231n", "--symbols",
                          "HA=a_1,dZ2=dz_2")
    assert code == AGREES, output
    assert "as dz_2 (--symbols)" in output
    code, output = _check("dW_2 = HA^T dZ2", "--example", "cs231n", "--symbols",
                          "HA=a_1,dZ2=a_1")  # the wrong matrix, named on purpose
    assert code != AGREES, output


def test_the_issue_s_dz_equals_a_minus_y_without_layers() -> None:
    """Andrew Ng's dZ = A − Y, per example: right, its output layer said."""
    code, output = _check("dZ = A - Y", "--example", "cs231n", "--notation", "ng")
    assert code == AGREES and "right for" not in output, output
    assert "(no layer written: the output layer)" in output
    code, output = _check("dz = a - y", "--example", "cs231n")  # CS231n's dz is the mean's
    assert code == AGREES and "right for one sample's loss" in output, output
    code, output = _check("dz = a - y", "--example", "cs231n", "--batch-mean")
    assert code == 1, output


def test_a_matrix_result_in_latex_keeps_the_claim_as_written() -> None:
    result = check_network_claim("dW_2 = dz_2^T a_1", example="cs231n")
    assert result.to_latex() == r"\text{incorrect}:\quad dz_2^T a_1 \neq a_1^T dz_2"
