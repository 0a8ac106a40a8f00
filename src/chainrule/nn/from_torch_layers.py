"""``from_torch``'s mappings of the PyTorch layers beyond ``Linear`` and the activations.

Each converter takes one module and returns ``[(layer, values)]``: a chainrule layer built
with the module's settings, and the arrays (parameters and buffers, by chainrule's names)
that :func:`chainrule.nn.from_torch.from_torch` copies into it once the network exists.
A setting chainrule's layer does not have (dilation, groups, ``ceil_mode``, two recurrent
layers in one module, ...) is refused with its name and value, never approximated.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.nn.batch_norm import BatchNorm
from chainrule.nn.conv import Conv1D, Conv2D
from chainrule.nn.dropout import Dropout
from chainrule.nn.flatten import Flatten
from chainrule.nn.layer import Layer
from chainrule.nn.lstm import LSTM
from chainrule.nn.pooling import AvgPool2D, MaxPool2D
from chainrule.nn.rnn import RNN

Loaded = list[tuple[Layer, dict[str, np.ndarray]]]


def _array(tensor: Any) -> np.ndarray:
    return tensor.detach().cpu().numpy()


def _refuse(module: Any, setting: str, supported: str) -> ConfigError:
    return ConfigError(f"{type(module).__name__} with {setting} has no chainrule "
                       f"equivalent; from_torch maps {supported}")


def _square(module: Any, name: str) -> int:
    """One size from an int or a tuple of equal sizes (chainrule's windows are square)."""
    value = getattr(module, name)
    sizes = set(value) if isinstance(value, tuple | list) else {value}
    if len(sizes) != 1:
        raise _refuse(module, f"{name}={value}", f"the same {name} along every axis")
    return int(sizes.pop())


def _padding(module: Any, kernel: int) -> int:
    """``padding`` as one number of zeros on each side: ``"valid"`` is 0, ``"same"`` with an
    odd kernel is ``(k − 1)/2`` (an even kernel pads unevenly: refused)."""
    if module.padding == "valid":
        return 0
    if module.padding == "same":
        if kernel % 2 == 0:
            raise _refuse(module, f"padding='same' and the even kernel {kernel}",
                          "padding='same' with an odd kernel (equal zeros on each side)")
        return (kernel - 1) // 2
    return _square(module, "padding")


def convolution(module: Any) -> Loaded:
    """``nn.Conv1d``/``nn.Conv2d``: ``K = weight`` ``(O, C, k, ...)`` and ``b = bias``."""
    supported = "dilation 1, groups 1 and padding_mode 'zeros'"
    if set(module.dilation) != {1}:
        raise _refuse(module, f"dilation={module.dilation}", supported)
    if module.groups != 1:
        raise _refuse(module, f"groups={module.groups}", supported)
    if module.padding_mode != "zeros":
        raise _refuse(module, f"padding_mode={module.padding_mode!r}", supported)
    kernel = _square(module, "kernel_size")
    kind = Conv2D if type(module).__name__ == "Conv2d" else Conv1D
    layer = kind(module.in_channels, module.out_channels, kernel,
                 stride=_square(module, "stride"), padding=_padding(module, kernel),
                 bias=module.bias is not None)
    values = {"K": _array(module.weight)}
    if module.bias is not None:
        values["b"] = _array(module.bias)
    return [(layer, values)]


def pooling(module: Any) -> Loaded:
    """``nn.MaxPool2d``/``nn.AvgPool2d`` without padding, as chainrule pools: windows inside
    the map only (so ``count_include_pad`` changes nothing)."""
    supported = "padding 0, ceil_mode=False, dilation 1 and divisor_override None"
    average = type(module).__name__ == "AvgPool2d"
    settings = {"padding": (_square(module, "padding"), 0),
                "ceil_mode": (module.ceil_mode, False),
                "dilation": (1 if average else _square(module, "dilation"), 1),
                "return_indices": (getattr(module, "return_indices", False), False),
                "divisor_override": (getattr(module, "divisor_override", None), None)}
    for name, (value, accepted) in settings.items():
        if value != accepted:
            raise _refuse(module, f"{name}={value}", supported)
    kind = AvgPool2D if average else MaxPool2D
    return [(kind(_square(module, "kernel_size"), _square(module, "stride")), {})]


def flatten(module: Any) -> Loaded:
    """``nn.Flatten()``: every axis after the batch joined, as chainrule's ``Flatten``."""
    if module.start_dim != 1 or module.end_dim != -1:
        raise _refuse(module, f"start_dim={module.start_dim}, end_dim={module.end_dim}",
                      "nn.Flatten() (start_dim=1, end_dim=-1)")
    return [(Flatten(), {})]


def batch_norm(module: Any) -> Loaded:
    """``nn.BatchNorm1d/2d``: ``γ = weight``, ``β = bias``, the running statistics, ε and the
    momentum (PyTorch's convention, as chainrule's)."""
    supported = "affine=True, track_running_stats=True and a momentum number"
    if not module.affine:
        raise _refuse(module, "affine=False", supported)
    if not module.track_running_stats:
        raise _refuse(module, "track_running_stats=False", supported)
    if module.momentum is None:
        raise _refuse(module, "momentum=None (a cumulative average)", supported)
    layer = BatchNorm(module.num_features, eps=module.eps, momentum=module.momentum)
    return [(layer, {"gamma": _array(module.weight), "beta": _array(module.bias),
                     "running_mean": _array(module.running_mean),
                     "running_var": _array(module.running_var)})]


def dropout(module: Any) -> Loaded:
    """``nn.Dropout(p)``; the masks are chainrule's own draws, not PyTorch's."""
    return [(Dropout(module.p), {})]


def recurrent(core: Any, output: str) -> Loaded:
    """``nn.RNN`` (tanh) or ``nn.LSTM``, one layer, batch-first: the weights transposed
    (same gate order ``i, f, g, o``) and the one bias ``b = b_ih + b_hh``."""
    kind = type(core).__name__
    supported = (f"nn.{kind} with one layer, batch_first=True, bias=True, one direction"
                 + (" and nonlinearity='tanh'" if kind == "RNN" else " and proj_size 0"))
    settings = {"num_layers": (core.num_layers, 1), "batch_first": (core.batch_first, True),
                "bias": (core.bias, True), "bidirectional": (core.bidirectional, False),
                "nonlinearity": (getattr(core, "nonlinearity", "tanh"), "tanh"),
                "proj_size": (getattr(core, "proj_size", 0), 0)}
    for name, (value, accepted) in settings.items():
        if value != accepted:
            raise _refuse(core, f"{name}={value!r}", supported)
    layer = (LSTM if kind == "LSTM" else RNN)(core.input_size, core.hidden_size, output)
    bias_ih, bias_hh = _array(core.bias_ih_l0), _array(core.bias_hh_l0)
    # b_ih + b_hh rounded once; a zero b_hh (as to_torch writes) keeps b_ih's bits, -0.0 too
    bias = bias_ih.copy() if not bias_hh.any() else bias_ih + bias_hh
    input_name, hidden_name, bias_name = layer.parameter_names
    return [(layer, {input_name: _array(core.weight_ih_l0).T,
                     hidden_name: _array(core.weight_hh_l0).T, bias_name: bias})]


def wrapped_recurrent(module: Any) -> Loaded:
    """The wrapper of :func:`chainrule.nn.torch_layers.recurrent_output`."""
    return recurrent(module.core, module.output)


def bare_recurrent(module: Any) -> Loaded:
    """A bare ``nn.RNN``/``nn.LSTM`` in an ``nn.Sequential``: PyTorch itself cannot run it."""
    kind = type(module).__name__
    raise ConfigError(
        f"an nn.{kind} in an nn.Sequential returns (output, state), which the next layer "
        f"cannot take; wrap it with chainrule.nn.torch_layers.recurrent_output(rnn, 'last') "
        f"(or 'all' for every step), or write a forward `out, _ = self.rnn(x)` then "
        f"`out[:, -1]` (the last step) or `out` (all steps)")


#: ``nn`` layer class name → converter, added to ``from_torch.MODULES``
LAYER_MODULES = {
    "Conv1d": convolution, "Conv2d": convolution,
    "MaxPool2d": pooling, "AvgPool2d": pooling,
    "Flatten": flatten,
    "BatchNorm1d": batch_norm, "BatchNorm2d": batch_norm,
    "Dropout": dropout,
    "RNN": bare_recurrent, "LSTM": bare_recurrent, "RecurrentOutput": wrapped_recurrent,
}
