"""Cross-check with PyTorch autograd: random architectures, every activation and loss.

chainrule's ``loss_and_gradients`` must equal autograd's gradients of the module built by
``to_torch`` with the loss of ``torch_loss``, in float64, to a relative error of 1e-10; the
outputs must agree too. The optimizers must take the same steps as ``torch.optim``.
"""

from __future__ import annotations

import numpy as np
import pytest
from nn_cases import CASES, random_network, random_targets

import chainrule as cr
from chainrule.nn.torch_bridge import torch_loss

torch = pytest.importorskip("torch")


def relative_error(ours: np.ndarray, theirs: np.ndarray) -> float:
    difference = float(np.max(np.abs(ours - theirs)))
    scale = float(np.max(np.abs(theirs)))
    return difference / scale if scale > 0 else difference


def torch_gradients(net: cr.Network, x: np.ndarray, targets: np.ndarray):
    module = to_module(net)
    output = module(torch.from_numpy(x))
    value = torch_loss(net)(output, torch.from_numpy(targets))
    value.backward()
    grads = []
    for linear in (m for m in module if isinstance(m, torch.nn.Linear)):
        grads.append(linear.weight.grad.numpy().T)
        if linear.bias is not None:
            grads.append(linear.bias.grad.numpy())
    return float(value.detach()), output.detach().numpy(), grads


def to_module(net: cr.Network):
    return cr.to_torch(net)


@pytest.mark.parametrize(("act", "cfg", "loss_name", "reduction", "bias"), CASES)
def test_gradients_equal_pytorch_autograd(act, cfg, loss_name, reduction, bias) -> None:
    seed = CASES.index((act, cfg, loss_name, reduction, bias))
    net = random_network(act, cfg, loss_name, reduction, bias, seed)
    rng = np.random.default_rng(1000 + seed)
    x = rng.normal(size=(5, net.n_inputs))
    y = random_targets(net, 5, rng)
    value, grads = net.loss_and_gradients(x, y)
    targets = net.loss.encode_targets(y, net.n_outputs, net.dtype)
    torch_value, torch_output, torch_grads = torch_gradients(net, x, targets)
    assert relative_error(net.forward(x), torch_output) <= 1e-12
    assert value == pytest.approx(torch_value, rel=1e-12, abs=1e-300)
    assert len(grads) == len(torch_grads) == len(net.parameter_names)
    for name, ours, theirs in zip(net.parameter_names, grads, torch_grads, strict=True):
        assert ours.shape == theirs.shape, name
        assert relative_error(ours, theirs) <= 1e-10, (name, net.summary())


def test_torch_loss_equals_pytorch_builtin_losses() -> None:
    """The bridge's losses agree with PyTorch's own (a check on the reference itself)."""
    f = torch.nn.functional
    rng = np.random.default_rng(5)
    logits = torch.from_numpy(rng.normal(size=(6, 3)))
    labels = torch.from_numpy(rng.integers(0, 3, size=6))
    one_hot = f.one_hot(labels, 3).double()
    binary = torch.from_numpy(rng.integers(0, 2, size=(6, 3)).astype(float))
    net = cr.Network([cr.Dense(2, 3)], loss=cr.SoftmaxCrossEntropy())
    assert torch_loss(net)(logits, one_hot) == pytest.approx(float(f.cross_entropy(logits, labels)))
    net = cr.Network([cr.Dense(2, 3)], loss=cr.MeanSquaredError())
    assert torch_loss(net)(logits, binary) == pytest.approx(float(f.mse_loss(logits, binary)))
    net = cr.Network([cr.Dense(2, 3)], loss=cr.SigmoidBinaryCrossEntropy(reduction="sum"))
    expected = f.binary_cross_entropy_with_logits(logits, binary, reduction="sum")
    assert torch_loss(net)(logits, binary) == pytest.approx(float(expected))


OPTIMIZERS = [
    ("sgd", lambda: cr.SGD(lr=0.3), lambda p: torch.optim.SGD(p, lr=0.3)),
    ("momentum", lambda: cr.SGD(lr=0.2, momentum=0.9),
     lambda p: torch.optim.SGD(p, lr=0.2, momentum=0.9)),
    ("nesterov", lambda: cr.SGD(lr=0.2, momentum=0.8, nesterov=True),
     lambda p: torch.optim.SGD(p, lr=0.2, momentum=0.8, nesterov=True)),
    ("adam", lambda: cr.Adam(lr=0.05), lambda p: torch.optim.Adam(p, lr=0.05)),
]


@pytest.mark.parametrize(("name", "ours", "theirs"), OPTIMIZERS, ids=[o[0] for o in OPTIMIZERS])
@pytest.mark.parametrize("batch_size", [None, 4])
def test_training_steps_equal_torch_optim(name, ours, theirs, batch_size) -> None:
    rng = np.random.default_rng(7)
    x, y = rng.normal(size=(10, 3)), rng.integers(0, 3, size=10)
    net = cr.Network([cr.Dense(3, 5), cr.Tanh(), cr.Dense(5, 3)],
                     loss=cr.SoftmaxCrossEntropy(), seed=3)
    module = to_module(net)
    optimizer = theirs(module.parameters())
    targets = torch.from_numpy(net.loss.encode_targets(y, 3, net.dtype))
    inputs = torch.from_numpy(x)
    size = 10 if batch_size is None else batch_size
    for _epoch in range(3):
        for start in range(0, 10, size):
            optimizer.zero_grad()
            output = module(inputs[start:start + size])
            torch_loss(net)(output, targets[start:start + size]).backward()
            optimizer.step()
    net.fit(x, y, epochs=3, batch_size=batch_size, shuffle=False, optimizer=ours())
    expected = []
    for linear in (m for m in module if isinstance(m, torch.nn.Linear)):
        expected += [linear.weight.detach().numpy().T, linear.bias.detach().numpy()]
    for ours_p, theirs_p in zip(net.parameters, expected, strict=True):
        np.testing.assert_allclose(ours_p, theirs_p, rtol=1e-12, atol=1e-12)
