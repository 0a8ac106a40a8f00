"""Claims about the layer examples: truth from PyTorch autograd."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from chainrule.check import check_network_claim
from chainrule.check.index_eval import IndexEvaluator
from chainrule.check.index_read import IndexReader
from chainrule.check.layer_arrays import layer_arrays
from chainrule.errors import ChainruleError, ParseError
from chainrule.explain.layer_examples import LAYER_EXAMPLES


def _arrays(name: str):
    preset = LAYER_EXAMPLES[name]()
    return layer_arrays(preset.net, preset.x, preset.y)


def _value(arrays, formula: str, free: dict[str, int] | None = None) -> np.ndarray:
    named = arrays if isinstance(arrays, dict) else arrays.arrays
    return IndexEvaluator(named, free or {}, formula).value(IndexReader(formula).read())


def test_kernel_formula_equals_torch_autograd():
    a = _arrays("conv")
    x = torch.tensor(a.arrays["x"], requires_grad=True)
    K = torch.tensor(a.arrays["K"], requires_grad=True)
    y = torch.nn.functional.conv2d(x, K)
    (y * torch.tensor(a.arrays["dY"])).sum().backward()
    dK = _value(a, "sum_{n,i,j} dY[n,o,i,j] x[n,c,i+u,j+v]", dict(o=2, c=1, u=2, v=2))
    np.testing.assert_allclose(dK, K.grad.numpy(), rtol=1e-10)
    dx = _value(a, "sum_{o,u,v} dY[n,o,p-u,q-v] K[o,c,u,v]", dict(n=1, c=1, p=4, q=4))
    np.testing.assert_allclose(dx, x.grad.numpy(), rtol=1e-10)
    unflipped = _value(a, "sum_{o,u,v} dY[n,o,p+u-1,q+v-1] K[o,c,u,v]", dict(n=1, c=1, p=4, q=4))
    assert not np.allclose(unflipped, x.grad.numpy())  # the wrong variant is really wrong


def test_conv_verdicts():
    right = check_network_claim("dK[o,c,u,v] = sum_{n,i,j} dY[n,o,i,j] x[n,c,i+u,j+v]",
                                example="conv")
    assert right.verdict == "probably_correct" and right.exit_code == 4
    one = check_network_claim("∂L/∂K[0,0,1,0] = sum_{i,j} dY[0,0,i,j] x[0,0,i+1,j]",
                              example="conv")
    assert one.verdict == "probably_correct"
    flipped = check_network_claim("dx[n,c,p,q] = sum_{o,u,v} dY[n,o,p+u-1,q+v-1] K[o,c,u,v]",
                                  example="conv")
    assert flipped.verdict == "incorrect"
    assert "kernel is not flipped" in flipped.diagnosis.message
    off = check_network_claim("dK[o,c,u,v] = sum_{n,i,j} dY[n,o,i,j] x[n,c,i+v,j+u]",
                              example="conv")
    assert off.verdict == "incorrect" and off.counterexample is not None


def _torch_rnn(a):
    """The RNN of the example in torch: h(t) = tanh(b + h(t−1) W + x(t) U), last step out."""
    W, U, b = (torch.tensor(a.arrays[k], requires_grad=True) for k in ("W", "U", "b"))
    x = torch.tensor(a.arrays["x"][:, 1:])
    h = torch.zeros(x.shape[0], W.shape[0], dtype=torch.float64)
    for t in range(x.shape[1]):
        h = torch.tanh(b + h @ W + x[:, t] @ U)
    return W, U, b, h


def test_rnn_sum_over_time_equals_torch_autograd():
    preset = LAYER_EXAMPLES["rnn"]()
    a = _arrays("rnn")
    W, U, b, h = _torch_rnn(a)
    grad_out = preset.net.trace(preset.x, preset.y).records[0].grad_output
    (h * torch.tensor(grad_out)).sum().backward()
    dW = _value(a, "sum_t h[t-1,i] delta[t,j]", dict(i=3, j=3))
    np.testing.assert_allclose(dW, W.grad.numpy(), rtol=1e-10)
    dU = _value(a, "sum_t x[t,i] delta[t,j]", dict(i=2, j=3))
    np.testing.assert_allclose(dU, U.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(_value(a, "sum_t delta[t,j]", dict(j=3)), b.grad.numpy(),
                               rtol=1e-10)


def test_rnn_verdicts():
    right = check_network_claim("dW[i,j] = sum_t h[t-1,i] delta[t,j]", example="rnn")
    assert right.verdict == "probably_correct"
    last = check_network_claim("dW[i,j] = h[5,i] delta[6,j]", example="rnn")
    assert last.verdict == "incorrect"
    assert "sum over time steps is missing" in last.diagnosis.message
    shifted = check_network_claim("dW[i,j] = sum_t h[t,i] delta[t,j]", example="rnn")
    assert shifted.verdict == "incorrect" and shifted.counterexample is not None


THREE_TERMS = ("1/(m sqrt(var[f]+eps)) (m dxhat[i,f] - sum_k dxhat[k,f] - xhat[i,f] "
               "sum_k dxhat[k,f] xhat[k,f])")


def test_batch_norm_three_terms_equal_torch_autograd():
    a = _arrays("batchnorm")
    x = torch.tensor(a.arrays["x"], requires_grad=True)
    mean, var = x.mean(0), x.var(0, unbiased=False)
    y = torch.tensor(a.arrays["gamma"]) * (x - mean) / torch.sqrt(var + 1e-5)
    (y * torch.tensor(a.arrays["dy"])).sum().backward()
    dx = _value(a, THREE_TERMS, dict(i=4, f=3))
    np.testing.assert_allclose(dx, x.grad.numpy(), rtol=1e-9)
    assert check_network_claim(f"dx[i,f] = {THREE_TERMS}", example="batchnorm").verdict == \
        "probably_correct"


@pytest.mark.parametrize(("formula", "missing"), [
    ("dxhat[i,f]/sqrt(σ²[f]+ε) + dvar[f] 2 (x[i,f]-mu[f])/m", "through μ is missing"),
    ("dxhat[i,f]/sqrt(var[f]+eps) + dmu[f]/m", "through σ² is missing"),
    ("dxhat[i,f]/sqrt(var[f]+eps)", "through μ and σ² are missing"),
])
def test_batch_norm_missing_paths(formula, missing):
    result = check_network_claim(f"dx[i,f] = {formula}", example="batchnorm")
    assert result.verdict == "incorrect" and missing in result.diagnosis.message


def test_dropout_scale():
    right = check_network_claim("dx[n,i] = mask[n,i] dy[n,i] / (1 - p)", example="dropout")
    assert right.verdict == "probably_correct"
    wrong = check_network_claim("dx[n,i] = mask[n,i] dy[n,i]", example="dropout")
    assert "1/(1 − p) scale is missing" in wrong.diagnosis.message


@pytest.mark.parametrize("name", ["conv", "rnn", "lstm", "batchnorm", "dropout", "pool",
                                  "avgpool"])
def test_every_reference_formula_checks_back(name):
    arrays = _arrays(name)
    for left, (letters, formula) in arrays.right.items():
        result = check_network_claim(f"d{left}[{letters}] = {formula}", example=name)
        assert result.verdict == "probably_correct", (left, formula, str(result))


@pytest.mark.parametrize(("claim", "where"), [
    ("dK[o,c,u,v] = sum_{n,i,j} dZ[n,o,i,j]", "dZ is not a name here"),
    ("dK[o,c,u,v] = dY[n,o,i,j]", "neither on the left nor summed"),
    ("dK[o,c,u,v] = sum_i x[i]", "give 4 indices"),
    ("dK[o,c,u,v] = sum_{n,i,j} dY[n,o,i,j] x[n,c,i+u,j+v", "expected ']'"),
    ("dQ[o] = 1", "not a gradient of"),
])
def test_unreadable_or_unbound_claims_are_refused(claim, where):
    with pytest.raises(ChainruleError, match=where):
        check_network_claim(claim, example="conv")


def test_refusal_has_position():
    with pytest.raises(ParseError) as error:
        check_network_claim("dK[o,c,u,v] = sum_{n,i,j} dZ[n,o,i,j]", example="conv")
    assert error.value.position == len("dK[o,c,u,v] = sum_{n,i,j} ")


def test_a_network_without_such_a_layer_is_refused():
    from chainrule.check.layer_claims import check_claim_on_layer
    from chainrule.explain.examples import example

    lfd = example("lfd")
    with pytest.raises(ChainruleError, match="has none"):
        check_claim_on_layer("dx[n,f] = 0", lfd.net, lfd.x, lfd.y, "the lfd example",
                             ("its batch", "a random batch"))


@pytest.mark.parametrize(("name", "printed"), [
    ("conv", "∂L/∂K₀,₀,₁,₀ = ∑ₙ,ᵢ,ⱼ δₙ,₀,ᵢ,ⱼx̃ₙ,₀,ₛᵢ₊₁,ₛⱼ₊₀"),
    ("rnn", "∂L/∂W₀₁ = ∑ₜ h₀⁽ᵗ⁻¹⁾δ₁⁽ᵗ⁾"),
    ("dropout", "∂L/∂x₀,₁ = m₀,₁/(1 − p) ∂L/∂y₀,₁"),
    ("batchnorm", "∂L/∂x₁,₀ = 1/(m√(σ²₀ + ε))(m∂L/∂x̂₁,₀ − ∑ₖ ∂L/∂x̂ₖ,₀ − x̂₁,₀ ∑ₖ ∂L/∂x̂ₖ,₀ x̂ₖ,₀)"),
    ("batchnorm", "∂L/∂x₁,₀ = ∂L/∂x̂₁,₀/√(σ²₀ + ε) + ∂L/∂σ²₀ 2(x₁,₀ − μ₀)/m + ∂L/∂μ₀/m"),
])
def test_formulas_as_the_explanations_print_them_check_back(name, printed):
    result = check_network_claim(printed, example=name)
    assert result.verdict == "probably_correct", str(result)
    assert result.claim_text == printed.partition("=")[2].strip()


def test_printed_rnn_term_of_one_step_is_missing_the_sum():
    result = check_network_claim("∂L/∂W₀₁ = h₀⁽⁵⁾δ₁⁽⁶⁾", example="rnn")
    assert "sum over time steps is missing" in result.diagnosis.message
    assert result.correct_text == "sum_{n,t} h[n,t-1,0] delta[n,t,1]"


def test_the_examples_number_is_not_a_formula():
    """∂L/∂K[0,0,1,0] summed by hand over the 3×3 output positions, typed as a number: right
    at the example's batch, wrong at another, so it is not called right."""
    a = _arrays("conv")
    x, delta = a.arrays["x"][0, 0], a.arrays["dY"][0, 0]
    by_hand = sum(delta[i, j] * x[i + 1, j] for i in range(3) for j in range(3))
    result = check_network_claim(f"dK[0,0,1,0] = {by_hand:.15f}", example="conv")
    assert result.verdict == "incorrect"
    assert "holds at the example's batch but not at a random batch" in result.diagnosis.message


def test_cli_exit_codes_and_output():
    from typer.testing import CliRunner

    from chainrule.cli import app

    runner = CliRunner()
    right = runner.invoke(app, ["check", "dW[i,j] = sum_t h[t-1,i] delta[t,j]", "--example",
                                "rnn"])
    assert right.exit_code == 4, right.output
    assert "probably correct: ∂L/∂W[i,j] = sum_t h[t-1,i] delta[t,j]" in right.output
    wrong = runner.invoke(app, ["check", "dx[i,f] = dxhat[i,f]/sqrt(var[f]+eps)", "--example",
                                "batchnorm"])
    assert wrong.exit_code == 1 and "through μ and σ² are missing" in wrong.output
    bad = runner.invoke(app, ["check", "dW[i,j] = sum_t h[t-1,i] g[t,j]", "--example", "rnn"])
    assert bad.exit_code == 2 and "g is not a name here" in bad.output
    assert "Traceback" not in bad.output


def test_other_spellings_and_options():
    assert check_network_claim("dW[o,c,u,v] = sum_{n,i,j} dY[n,o,i,j] X[n,c,i+u,j+v]",
                               example="conv").verdict == "probably_correct"
    with pytest.raises(ChainruleError, match="notation does not apply"):
        check_network_claim("dW[i,j] = sum_t h[t-1,i] delta[t,j]", example="rnn",
                            notation="lfd")


def test_reading_is_echoed_with_the_sums_extent():
    result = check_network_claim("dx[i,f] = 1/(m sqrt(var[f]+eps)) dxhat[i,f]",
                                 example="batchnorm")
    assert "read the formula as (1/(m·sqrt((var[f] + eps))))·dxhat[i,f]" in result.reading
    right = check_network_claim("dW[i,j] = sum_t h[t-1,i] delta[t,j]", example="rnn")
    assert "read the formula as Σ_{t}[h[t-1,i]·delta[t,j]]" in right.reading


def test_the_size_limit_counts_the_largest_array_a_formula_makes():
    """Two sums side by side each span 200²; nested in one product they would span 200⁴."""
    A = np.arange(200 * 200, dtype=float).reshape(200, 200)
    apart = "sum_{i,j} A[i,j] - sum_{k,l} A[k,l] / 2"
    assert _value({"A": A}, apart) == pytest.approx(A.sum() / 2)
    with pytest.raises(ParseError, match="index combinations, more than"):
        _value({"A": A}, "sum_{i,j,k,l} A[i,j] A[k,l]")
