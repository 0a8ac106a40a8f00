"""Claims about the LSTM example: truth from PyTorch autograd on the LSTM unrolled by hand."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from chainrule.check import check_network_claim
from chainrule.check.index_eval import IndexEvaluator
from chainrule.check.index_read import IndexReader, read_left
from chainrule.check.index_tree import shifted
from chainrule.check.layer_arrays import layer_arrays
from chainrule.explain.layer_examples import LAYER_EXAMPLES

CELL = "dc[n,t-1,j] = dc[n,t,j] f[n,t,j] + dh[n,t-1,j] o[n,t-1,j] (1 - tanh(c[n,t-1,j])^2)"


def _autograd():
    """∂L/∂Wh, ∂L/∂Wx, ∂L/∂b and ∂L/∂c^{(t)} (t = 1..T) of the example, by autograd."""
    preset = LAYER_EXAMPLES["lstm"]()
    lstm, dense = preset.net.layers
    Wx, Wh, b = (torch.tensor(a, requires_grad=True) for a in (lstm.Wx, lstm.Wh, lstm.b))
    H = lstm.hidden_size
    h = c = torch.zeros((1, H), dtype=torch.float64)
    cells = []
    for t in range(preset.x.shape[1]):
        z = torch.from_numpy(preset.x[:, t]) @ Wx + h @ Wh + b
        i, f, o = (torch.sigmoid(z[:, k * H:(k + 1) * H]) for k in (0, 1, 3))
        c = f * c + i * torch.tanh(z[:, 2 * H:3 * H])
        c.retain_grad()
        cells.append(c)
        h = o * torch.tanh(c)
    out = h @ torch.from_numpy(dense.W) + torch.from_numpy(dense.b)
    ((out - torch.from_numpy(preset.y)) ** 2).mean().backward()
    dc = np.stack([cell.grad.numpy()[0] for cell in cells])  # (T, H)
    return Wh.grad.numpy(), Wx.grad.numpy(), b.grad.numpy(), dc, H


def _value(arrays, formula: str, free: dict[str, int]) -> np.ndarray:
    return IndexEvaluator(arrays.arrays, free, formula).value(IndexReader(formula).read())


def test_the_formulas_equal_autograd():
    preset = LAYER_EXAMPLES["lstm"]()
    a = layer_arrays(preset.net, preset.x, preset.y)
    dWh, dWx, db, dc, H = _autograd()
    f = slice(H, 2 * H)
    np.testing.assert_allclose(_value(a, "sum_{n,t} h[n,t-1,k] deltaf[n,t,j]", dict(k=H, j=H)),
                               dWh[:, f], rtol=1e-9)
    np.testing.assert_allclose(_value(a, "sum_{n,t} x[n,t,k] deltai[n,t,j]", dict(k=2, j=H)),
                               dWx[:, :H], rtol=1e-9)
    np.testing.assert_allclose(_value(a, "sum_{n,t} deltao[n,t,j]", dict(j=H)), db[3 * H:],
                               rtol=1e-9)
    # the cell recurrence, read at t - 1 on the left: rows 1..T are autograd's ∂L/∂c^{(t)}
    left, right = CELL.split("=")
    node = shifted(IndexReader(right).read(), "t", 1)
    cell = IndexEvaluator(a.arrays, dict(n=1, t=7, j=H), right).value(node)[0]
    np.testing.assert_allclose(cell[1:], dc, rtol=1e-9)
    assert read_left(left).shifts == (("t", -1),)


@pytest.mark.parametrize(("claim", "verdict", "diagnosis"), [
    ("dWf[k,j] = sum_{n,t} h[n,t-1,k] deltaf[n,t,j]", "probably_correct", None),
    ("dUo[k,j] = sum_{n,t} x[n,t,k] deltao[n,t,j]", "probably_correct", None),
    ("dbg[j] = sum_{n,t} deltag[n,t,j]", "probably_correct", None),
    ("dWf[k,j] = h[5,k] deltaf[6,j]", "incorrect", "sum over time steps is missing"),
    (CELL, "probably_correct", None),
    (r"dc[n,t,j] = dh[n,t,j] o[n,t,j] (1 - \tanh(c[n,t,j])^2) + dc[n,t+1,j] f[n,t+1,j]",
     "probably_correct", None),
    ("dc[n,t,j] = dh[n,t,j] o[n,t,j] (1 - tanh(c[n,t,j])^2)", "incorrect",
     "the forget-gate path"),
    (CELL.replace("dc[n,t,j] f[n,t,j]", "dc[n,t,j]"), "incorrect", "forget gate is missing"),
    (CELL.replace("f[n,t,j]", "f[n,t-1,j]"), "incorrect", "through f⁽ᵗ⁺¹⁾, not f⁽ᵗ⁾"),
    ("dc[n,t-1,j] = dc[n,t,j] f[n,t,j]", "incorrect", "path through h⁽ᵗ⁾"),
])
def test_lstm_verdicts_and_diagnoses(claim, verdict, diagnosis):
    result = check_network_claim(claim, example="lstm")
    assert result.verdict == verdict, str(result)
    if diagnosis:
        assert diagnosis in result.diagnosis.message and result.exit_code == 1


def test_a_claim_off_by_a_step_has_a_counterexample_at_the_learners_step():
    result = check_network_claim(CELL.replace("dh[n,t-1,j]", "dh[n,t,j]"), example="lstm")
    assert result.verdict == "incorrect" and result.counterexample is not None
    at = dict(result.counterexample.variables)
    *_, dc, _ = _autograd()
    assert result.counterexample.true_value == pytest.approx(dc[int(at["t"]) - 2, int(at["j"])])
    assert result.quantity == "∂L/∂c[n,t-1,j]"
    assert "dc[n,t,j] f[n,t,j]" in result.correct_text  # the reference at the claim's t - 1


@pytest.mark.parametrize("quantity", ["W_f[0,1]", "U_g[1,2]"])
def test_the_sum_as_the_explanation_prints_it_checks_back(quantity):
    """The explanation's line ∂L/∂W₀₁ᶠ = ∑ₜ h₀⁽ᵗ⁻¹⁾δ_(f,1)⁽ᵗ⁾, pasted, is right; one step of it
    is missing the sum."""
    from chainrule.explain.api import explain

    preset = LAYER_EXAMPLES["lstm"]()
    text = str(explain(preset.net, preset.x, preset.y, quantity))
    line = next(row.strip() for row in text.splitlines() if "∑ₜ" in row and "= ∑ₜ" in row)
    printed = line.split(" = ")[0] + " = " + line.split(" = ")[-1]  # ∂L/∂W = ∑ₜ h δ
    result = check_network_claim(printed, example="lstm")
    assert result.verdict == "probably_correct", (printed, str(result))
    one_step = printed.split("= ∑ₜ ")[0] + "= " + printed.split("= ∑ₜ ")[1].replace("ᵗ", "³")
    assert "sum over time steps is missing" in check_network_claim(
        one_step.replace("⁽³⁻¹⁾", "⁽²⁾"), example="lstm").diagnosis.message
