"""Shared by the layer tests: chainrule's gradients next to PyTorch autograd's."""

from __future__ import annotations

import numpy as np

import chainrule as cr
from chainrule.nn.torch_bridge import torch_loss


def relative_error(ours: np.ndarray, theirs: np.ndarray) -> float:
    """The largest difference over the largest entry; over 1e-5 when that is smaller (a
    gradient that is 0 in exact arithmetic, as a bias's before a batch norm, is rounding
    noise of 1e-17 in both)."""
    difference = float(np.max(np.abs(ours - theirs)))
    return difference / max(float(np.max(np.abs(theirs))), 1e-5)


def torch_parameter_grads(torch, module) -> list[np.ndarray]:
    """Autograd's gradients in chainrule's layout and order (``Wᵀ`` for Linear and the
    recurrent weights; PyTorch's second recurrent bias ``bias_hh`` is frozen at 0)."""
    grads = []
    for part in module:
        if isinstance(part, torch.nn.Linear):
            grads.append(part.weight.grad.numpy().T)
        elif hasattr(part, "core"):  # a recurrent layer's wrapper
            core = part.core
            grads += [core.weight_ih_l0.grad.numpy().T, core.weight_hh_l0.grad.numpy().T,
                      core.bias_ih_l0.grad.numpy()]
            continue
        elif hasattr(part, "weight") and part.weight is not None:
            grads.append(part.weight.grad.numpy())
        if getattr(part, "bias", None) is not None:
            grads.append(part.bias.grad.numpy())
    return grads


def torch_pass(torch, net: cr.Network, x: np.ndarray, y: np.ndarray):
    """``(loss, output, ∂L/∂x, parameter gradients)`` of PyTorch on the module ``to_torch``
    builds, in the network's mode; a dropout layer multiplies by chainrule's own mask of the
    same pass (PyTorch draws its masks from another generator)."""
    module = cr.to_torch(net)
    inputs = torch.tensor(x, requires_grad=True)
    h = inputs
    for layer, part in zip(net.layers, module, strict=True):
        replayed = isinstance(layer, cr.Dropout) and net.training and layer.cache is not None
        h = h * torch.from_numpy(layer.cache) if replayed else part(h)
    targets = torch.from_numpy(net.as_targets(x, y))
    value = torch_loss(net)(h, targets)
    value.backward()
    grads = torch_parameter_grads(torch, module)
    return float(value.detach()), h.detach().numpy(), inputs.grad.numpy(), grads, module


def assert_equal_to_torch(torch, net: cr.Network, x: np.ndarray, y: np.ndarray) -> None:
    """Loss, output, input gradient and every parameter gradient to 1e-10 (relative), from
    the network's reference pass with a recorder (the trace's pass)."""
    values = net.layer_outputs(net.as_inputs(x))
    value, grad = net.loss.value_and_grad(values[-1], net.as_targets(x, y))
    grads_in: dict[int, np.ndarray] = {}  # the reference backward, recorded down to the input
    net.backward(values, grad, lambda i, _, grad_in: grads_in.setdefault(i, grad_in))
    assert sorted(grads_in) == list(range(len(net.layers)))
    grad_x = grads_in[0]
    ours = [g.copy() for g in net.gradients]
    torch_value, output, torch_grad_x, theirs, _ = torch_pass(torch, net, x, y)
    assert relative_error(values[-1], output) <= 1e-10, net.summary()
    assert abs(value - torch_value) <= 1e-10 * max(1.0, abs(torch_value))
    assert relative_error(grad_x, torch_grad_x) <= 1e-10, net.summary()
    assert len(ours) == len(theirs) == len(net.parameter_names)
    for name, mine, autograd in zip(net.parameter_names, ours, theirs, strict=True):
        assert mine.shape == autograd.shape, (name, net.summary())
        assert relative_error(mine, autograd) <= 1e-10, (name, net.summary())
