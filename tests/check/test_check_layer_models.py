"""Claims about saved networks with layers beyond Dense (`check --model`): the layer the claim
names is found, random batches of a shape the network takes are drawn, and the verdicts are
those of the examples. Truth from PyTorch autograd."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from typer.testing import CliRunner

import chainrule as cr
from chainrule.check import check_network_claim
from chainrule.check.index_eval import IndexEvaluator
from chainrule.check.index_read import IndexReader
from chainrule.check.layer_arrays import layer_arrays
from chainrule.check.layer_model import claim_batch
from chainrule.cli import app
from chainrule.errors import ChainruleError

KERNEL = "dK[o,c,u,v] = sum_{n,i,j} dY[n,o,i,j] x[n,c,i+u-1,j+v-1]"  # padding 1


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("models")
    nets = {
        "cnn": cr.Network([cr.Conv2D(1, 2, 3, padding=1), cr.ReLU(), cr.MaxPool2D(2),
                           cr.Flatten(), cr.Dense(2 * 4 * 4, 3)],
                          loss=cr.SoftmaxCrossEntropy(), seed=0),
        "rnn": cr.Network([cr.RNN(2, 4), cr.Dense(4, 1)], loss=cr.MeanSquaredError(), seed=1),
        "lstm": cr.Network([cr.LSTM(2, 3), cr.Dense(3, 1)], loss=cr.MeanSquaredError(),
                           seed=2),
        "cnnbn": cr.Network([cr.Conv2D(1, 2, 3, padding=1), cr.BatchNorm(2), cr.ReLU(),
                             cr.MaxPool2D(2), cr.Flatten(), cr.Dense(2 * 4 * 4, 3)],
                            loss=cr.SoftmaxCrossEntropy(), seed=5),
        "pool": cr.Network([cr.MaxPool2D(2), cr.Flatten(), cr.Dense(16, 2)],
                           loss=cr.SoftmaxCrossEntropy(), seed=4),
        "dense": cr.Network([cr.Dense(3, 4), cr.BatchNorm(4), cr.Tanh(), cr.Dropout(0.5, seed=0),
                             cr.Dense(4, 1)], loss=cr.MeanSquaredError(), seed=3),
    }
    paths = {}
    for name, net in nets.items():
        paths[name] = folder / f"{name}.npz"
        net.save(paths[name])
    return paths


def test_the_kernel_formula_at_the_models_batch_equals_torch_autograd(saved):
    net = cr.Network.load(saved["cnn"])
    x, y = claim_batch(net)
    assert x.shape == (2, 1, 8, 8)  # the only map size Flatten → Dense(32) takes
    a = layer_arrays(net, x, y)
    image = torch.tensor(a.arrays["x"], requires_grad=True)
    K = torch.tensor(a.arrays["K"], requires_grad=True)
    (torch.nn.functional.conv2d(image, K, padding=1) * torch.tensor(a.arrays["dY"])).sum() \
        .backward()
    formula = KERNEL.partition("=")[2]
    dK = IndexEvaluator(a.arrays, dict(o=2, c=1, u=3, v=3), formula).value(
        IndexReader(formula).read())
    np.testing.assert_allclose(dK, K.grad.numpy(), rtol=1e-10)


@pytest.mark.parametrize(("model", "claim", "verdict", "diagnosis"), [
    ("cnn", KERNEL, "probably_correct", None),
    ("cnn", "dx[n,c,p,q] = sum_{i,j} dy[n,c,i,j] switch[n,c,i,j,p,q]", "probably_correct",
     None),
    ("cnn", "dx[n,c,p,q] = sum_{i,j} dy[n,c,i,j] window[i,j,p,q]", "incorrect",
     "routed to every input of the window"),
    ("cnn", "dK[o,c,u,v] = sum_{i,j} dY[0,o,i,j] x[0,c,i+u-1,j+v-1]", "incorrect", None),
    ("pool", "dx[n,c,p,q] = sum_{i,j} dy[n,c,i,j] switch[n,c,i,j,p,q]", "probably_correct",
     None),
    ("pool", "dx[n,c,p,q] = sum_{i,j} dy[n,c,i,j] ismax[n,c,i,j,p,q]", "incorrect",
     "At a tie the whole δ goes to one maximum"),  # the second batch, in tenths, has ties
    ("rnn", "dW[i,j] = sum_{n,t} h[n,t-1,i] delta[n,t,j]", "probably_correct", None),
    ("rnn", "dW[i,j] = sum_n h[n,4,i] delta[n,5,j]", "incorrect", "sum over time steps"),
    ("lstm", "dWf[k,j] = sum_{n,t} h[n,t-1,k] deltaf[n,t,j]", "probably_correct", None),
    ("lstm", "dc[n,t,j] = dh[n,t,j] o[n,t,j] (1 - tanh(c[n,t,j])^2)", "incorrect",
     "forget-gate path"),
    ("dense", "dx[i,f] = 1/(m sqrt(var[f]+eps)) (m dxhat[i,f] - sum_k dxhat[k,f] - xhat[i,f] "
              "sum_k dxhat[k,f] xhat[k,f])", "probably_correct", None),
    ("dense", "dx[n,i] = mask[n,i] dy[n,i]", "incorrect", "1/(1 − p) scale is missing"),
])
def test_claims_about_saved_networks(saved, model, claim, verdict, diagnosis):
    result = check_network_claim(claim, model=saved[model])
    assert result.verdict == verdict, str(result)
    if diagnosis:
        assert diagnosis in result.diagnosis.message
    assert "random batch of shape" in str(result) or result.verdict == "incorrect"


CHANNEL_NORM = ("dx[n,c,h,w] = 1/(m sqrt(var[c]+eps)) (m dxhat[n,c,h,w] - sum_{k,p,q} "
                "dxhat[k,c,p,q] - xhat[n,c,h,w] sum_{k,p,q} dxhat[k,c,p,q] xhat[k,c,p,q])")


def test_a_batch_norm_over_channels_equals_torch_autograd(saved):
    net = cr.Network.load(saved["cnnbn"]).train()
    x, y = claim_batch(net)
    a = layer_arrays(net, x, y, net.layers[1])
    assert x.shape == (4, 1, 8, 8)  # four samples where a batch norm averages over them
    assert float(a.arrays["m"]) == 4 * 8 * 8  # samples × positions of a channel
    inputs = torch.tensor(a.arrays["x"], requires_grad=True)
    gamma = torch.tensor(a.arrays["gamma"], requires_grad=True)
    out = torch.nn.functional.batch_norm(inputs, None, None, gamma,
                                         torch.zeros(2, dtype=torch.float64),
                                         training=True, eps=1e-5)
    (out * torch.tensor(a.arrays["dy"])).sum().backward()
    formula = CHANNEL_NORM.partition("=")[2]
    dx = IndexEvaluator(a.arrays, dict(n=4, c=2, h=8, w=8), formula).value(
        IndexReader(formula).read())
    np.testing.assert_allclose(dx, inputs.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(a.truths["gamma"], gamma.grad.numpy(), rtol=1e-9)


@pytest.mark.parametrize(("claim", "verdict", "diagnosis"), [
    (CHANNEL_NORM, "probably_correct", None),
    ("dx[n,c,h,w] = dxhat[n,c,h,w]/sqrt(var[c]+eps) + dvar[c] 2 (x[n,c,h,w]-mu[c])/m",
     "incorrect", "through μ is missing"),
    ("dgamma[c] = sum_{n,h,w} dout[n,c,h,w] xhat[n,c,h,w]", "probably_correct", None),
    ("dgamma[c] = sum_n dout[n,c,0,0] xhat[n,c,0,0]", "incorrect", None),
])
def test_claims_about_a_batch_norm_over_channels(saved, claim, verdict, diagnosis):
    result = check_network_claim(claim, model=saved["cnnbn"])
    assert result.verdict == verdict, str(result)
    assert "BatchNorm" in result.reading[0]
    if diagnosis:
        assert diagnosis in result.diagnosis.message


def test_a_network_object_is_left_in_its_mode(saved):
    net = cr.Network.load(saved["dense"])
    assert not net.training
    result = check_network_claim("dx[n,i] = mask[n,i] dy[n,i] / (1 - p)", net)
    assert result.verdict == "probably_correct" and not net.training


def test_options_that_do_not_apply_are_refused(saved):
    with pytest.raises(ChainruleError, match="notation does not apply"):
        check_network_claim("dW[i,j] = 0", model=saved["rnn"], notation="lfd")


def test_cli_check_model(saved):
    runner = CliRunner()
    right = runner.invoke(app, ["check", KERNEL, "--model", str(saved["cnn"])])
    assert right.exit_code == 4, right.output
    assert "read dK[o,c,u,v] as ∂L/∂K of Conv2D 1→2 k3 padding 1" in right.output
    wrong = runner.invoke(app, ["check", "dW[i,j] = sum_n h[n,4,i] delta[n,5,j]", "--model",
                                str(saved["rnn"])])
    assert wrong.exit_code == 1 and "sum over time steps is missing" in wrong.output
    bad = runner.invoke(app, ["check", "dK[o,c,u,v] = sum_{n,i,j} dZ[n,o,i,j]", "--model",
                              str(saved["cnn"])])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
