"""An equivalent PyTorch module, to cross-check chainrule's gradients with autograd.

PyTorch is an optional extra (``pip install 'chainrule[torch]'``); nothing else needs it.
"""

from __future__ import annotations

from typing import Any

from chainrule.errors import ChainruleError
from chainrule.nn.dense import Dense
from chainrule.nn.layer import Layer
from chainrule.nn.network import Network


def _torch(purpose: str = "to_torch") -> Any:
    """``torch``, or an error saying that ``purpose`` needs the optional extra."""
    try:
        import torch
    except ModuleNotFoundError:
        raise ChainruleError(
            f"{purpose} needs PyTorch, an optional extra: pip install 'chainrule[torch]'"
        ) from None
    return torch


def to_torch(network: Network) -> Any:
    """A ``torch.nn.Sequential`` with the same layers and weights, in the network's dtype.

    A ``Dense(n_in, n_out)`` becomes ``torch.nn.Linear(n_in, n_out)`` with
    ``weight = Wᵀ`` (PyTorch stores ``(n_out, n_in)``) and ``bias = b``; the other layers
    (``Conv2D``, ``BatchNorm``, ``RNN``, ...) give their own modules (``torch_module``). The
    module is in the network's mode (``train``/``eval``). The loss is not part of the module:
    :func:`torch_loss` gives the matching loss function.
    """
    torch = _torch()
    dtype = getattr(torch, network.dtype.name)
    modules = []
    for position, layer in enumerate(network.layers):
        if isinstance(layer, Layer):  # Conv2D, BatchNorm, RNN, ...: each knows its module
            rank = network.layout.ranks[position]  # type: ignore[union-attr]
            modules.append(layer.torch_module(torch, dtype, rank))
        elif isinstance(layer, Dense):
            linear = torch.nn.Linear(layer.n_in, layer.n_out, bias=layer.b is not None, dtype=dtype)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(layer.W.T.copy()))
                if layer.b is not None:
                    linear.bias.copy_(torch.from_numpy(layer.b.copy()))
            modules.append(linear)
        else:
            modules.append(_torch_activation(torch, layer))
    sequential = torch.nn.Sequential(*modules)
    return sequential.train(network.training)


def _torch_activation(torch: Any, op: Any) -> Any:
    table = {
        "identity": torch.nn.Identity,
        "tanh": torch.nn.Tanh,
        "sigmoid": torch.nn.Sigmoid,
        "relu": torch.nn.ReLU,
        "softmax": lambda: torch.nn.Softmax(dim=1),
        "leaky_relu": lambda: torch.nn.LeakyReLU(op.slope),
    }
    return table[op.name]()


def torch_loss(network: Network) -> Any:
    """``loss(output, target) -> scalar`` in PyTorch, equal to ``network.loss.forward``.

    ``target`` is the encoded target array (``(N, K)`` floats), as the loss compares it.
    """
    torch = _torch()
    loss = network.loss

    def reduce(per_sample: Any) -> Any:
        return per_sample.mean() if loss.reduction == "mean" else per_sample.sum()

    def compute(output: Any, target: Any) -> Any:
        name = loss.name
        if loss.squared:  # factor · Σ_k (x_k − y_k)², the factor the loss's own
            factor = loss.output_factor(output.shape[1])
            return reduce(factor * ((output - target) ** 2).sum(dim=1))
        if name == "softmax_cross_entropy":
            return reduce(-(target * torch.log_softmax(output, dim=1)).sum(dim=1))
        if name == "cross_entropy":
            return reduce(-(target * torch.log(output)).sum(dim=1))
        if name == "sigmoid_binary_cross_entropy":
            bce = torch.nn.functional.binary_cross_entropy_with_logits
            return reduce(bce(output, target, reduction="none").sum(dim=1))
        if name == "binary_cross_entropy":
            bce = torch.nn.functional.binary_cross_entropy
            return reduce(bce(output, target, reduction="none").sum(dim=1))
        raise ChainruleError(f"no PyTorch equivalent known for the loss {name}")

    return compute
