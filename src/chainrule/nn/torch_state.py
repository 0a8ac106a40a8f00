"""Where each array of a network sits in the ``state_dict`` of :func:`to_torch`'s module.

One :class:`Slot` per tensor: its name (``3.weight``, ``5.core.bias_ih_l0`` …), its shape
in PyTorch, and the chainrule array it comes from or goes to. ``nn.Linear`` and the
recurrent layers store their weights transposed; a recurrent layer's one bias ``b`` is
``bias_ih + bias_hh`` (written as ``b`` and 0, read as their sum); batch norm's running
statistics are tensors of the state_dict too (its ``num_batches_tracked`` counter is not
kept: chainrule's momentum needs none).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.nn.batch_norm import BatchNorm
from chainrule.nn.conv import Conv1D, Conv2D
from chainrule.nn.dense import Dense
from chainrule.nn.network import Network
from chainrule.nn.recurrent import Recurrent

#: the tensors of one module in the order PyTorch's state_dict lists them
ORDER = ("weight", "bias", "running_mean", "running_var",
         "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")
IGNORED = "num_batches_tracked"


@dataclass(frozen=True)
class Slot:
    """One tensor of the state_dict and the chainrule array ``layer.<target>`` it holds."""

    name: str
    shape: tuple[int, ...]
    layer: Any
    target: str
    transposed: bool = False
    added: bool = False  # ``bias_hh``: added to the bias ``bias_ih`` gave

    def value(self) -> np.ndarray:
        """The tensor to save (contiguous, in PyTorch's layout)."""
        array = getattr(self.layer, self.target)
        if self.added:
            return np.zeros_like(array)
        return np.ascontiguousarray(array.T if self.transposed else array)

    def fill(self, values: np.ndarray) -> None:
        """Copy a read tensor (already checked to have :attr:`shape`) into the layer."""
        array = getattr(self.layer, self.target)
        if self.added:
            if values.any():  # a zero bias_hh leaves bias_ih's bits as they are
                array += values
        else:
            array[...] = values.T if self.transposed else values


def slots(network: Network) -> list[Slot]:
    """Every tensor of ``to_torch(network).state_dict()``, in its order."""
    found: list[Slot] = []
    for index, layer in enumerate(network.layers):
        found += _layer_slots(f"{index}.", layer)
    return found


def _layer_slots(prefix: str, layer: Any) -> list[Slot]:
    if isinstance(layer, Dense):
        weight = [Slot(f"{prefix}weight", (layer.n_out, layer.n_in), layer, "W", True)]
        return weight + ([Slot(f"{prefix}bias", (layer.n_out,), layer, "b")]
                         if layer.b is not None else [])
    if isinstance(layer, Conv1D | Conv2D):
        return [Slot(f"{prefix}{name}", getattr(layer, target).shape, layer, target)
                for name, target in (("weight", "K"), ("bias", "b"))
                if target in layer.parameter_names]
    if isinstance(layer, BatchNorm):
        return [Slot(f"{prefix}{name}", (layer.num_features,), layer, target)
                for name, target in (("weight", "gamma"), ("bias", "beta"),
                                     ("running_mean", "running_mean"),
                                     ("running_var", "running_var"))]
    if isinstance(layer, Recurrent):
        input_name, hidden_name, bias_name = layer.parameter_names
        width = layer.gates * layer.hidden_size
        core = f"{prefix}core."
        return [Slot(f"{core}weight_ih_l0", (width, layer.input_size), layer, input_name, True),
                Slot(f"{core}weight_hh_l0", (width, layer.hidden_size), layer, hidden_name,
                     True),
                Slot(f"{core}bias_ih_l0", (width,), layer, bias_name),
                Slot(f"{core}bias_hh_l0", (width,), layer, bias_name, added=True)]
    return []  # activations, pooling, Flatten, Dropout: no tensors
