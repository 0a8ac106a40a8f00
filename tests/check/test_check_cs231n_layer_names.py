"""CS231n's assignment names for the layers (`dout`, `dx`, `dw`, `dgamma`, `dbeta`, an RNN's
`Wx`, `Wh`): read by `check` and `explain` as the layer's own, values from PyTorch autograd."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from chainrule.check import check_network_claim
from chainrule.explain.api import explain
from chainrule.explain.layer_examples import LAYER_EXAMPLES


@pytest.mark.parametrize(("example", "claim"), [
    ("conv", "dw[f,c,i,j] = sum_{n,p,q} dout[n,f,p,q] x[n,c,p+i,q+j]"),
    ("conv", "db[f] = sum_{n,p,q} dout[n,f,p,q]"),
    ("rnn", "dWx[i,j] = sum_{n,t} x[n,t,i] delta[n,t,j]"),
    ("rnn", "dWh[i,j] = sum_{n,t} h[n,t-1,i] delta[n,t,j]"),
    ("batchnorm", "dgamma[f] = sum_k dout[k,f] xhat[k,f]"),
    ("batchnorm", "dbeta[f] = sum_k dout[k,f]"),
    ("dropout", "dx[n,i] = mask[n,i] dout[n,i] / (1 - p)"),
    ("pool", "dx[n,c,p,q] = sum_{i,j} dout[n,c,i,j] switch[n,c,i,j,p,q]"),
])
def test_cs231n_names_are_read(example, claim):
    result = check_network_claim(claim, example=example)
    assert result.verdict == "probably_correct", str(result)


def test_a_wrong_claim_in_cs231n_names_keeps_its_diagnosis():
    result = check_network_claim("dx[n,i] = mask[n,i] dout[n,i]", example="dropout")
    assert "1/(1 − p) scale is missing" in result.diagnosis.message
    assert "read dout as CS231n's dout, dy here" in result.reading


def test_dgamma_equals_torch_autograd():
    """∂L/∂γ of the batch-norm example by autograd equals the gradient `check` compares."""
    from chainrule.check.layer_arrays import layer_arrays

    preset = LAYER_EXAMPLES["batchnorm"]()
    a = layer_arrays(preset.net, preset.x, preset.y)
    x = torch.tensor(a.arrays["x"])
    gamma = torch.tensor(a.arrays["gamma"], requires_grad=True)
    x_hat = (x - x.mean(0)) / torch.sqrt(x.var(0, unbiased=False) + 1e-5)
    (gamma * x_hat * torch.tensor(a.arrays["dout"])).sum().backward()
    np.testing.assert_allclose(a.truths["gamma"], gamma.grad.numpy(), rtol=1e-10)


@pytest.mark.parametrize(("example", "cs231n", "own"), [
    ("conv", "dw[0,0,1,0]", "K[0,0,1,0]"), ("rnn", "dWh[0,1]", "W[0,1]"),
    ("rnn", "Wx[1,2]", "U[1,2]"), ("batchnorm", "dx[1,0]", "x[1,0]"),
    ("pool", "dx[0,0,1,1]", "x[0,0,1,1]"), ("lstm", "dW_f[0,1]", "W_f[0,1]"),
])
def test_explain_reads_cs231n_names(example, cs231n, own):
    preset = LAYER_EXAMPLES[example]()
    theirs = explain(preset.net, preset.x, preset.y, cs231n)
    ours = explain(preset.net, preset.x, preset.y, own)
    assert theirs.gradient == ours.gradient and theirs.check.passed
