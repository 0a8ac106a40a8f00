r"""The names of a matrix claim bound to the network's arrays, in the notation's layout.

Row layout (CS231n): a batch stacks samples as rows, ``z₂`` is ``N × n₂``, ``W₂`` is
``n₁ × n₂``, ``b₂`` is ``1 × n₂``, and ``dz`` is the gradient of the batch's loss (the mean,
for a mean loss). Column layout (Andrew Ng, Nielsen, LFD): samples are columns, ``Z^{[l]}`` is
``n_l × m``, ``W^{[l]}`` is ``n_l × n_{l-1}`` (the engine's ``W`` transposed), ``b`` is
``n_l × 1``; a notation whose ``dZ`` is per example (Ng) gets each sample's own gradient, and
``dW``, ``db`` are gradients of the cost (the mean).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.check.matrix_nodes import Name
from chainrule.errors import ConfigError
from chainrule.explain.notation import Notation

_SAMPLE_COUNTS = ("N", "m")
_TAG = re.compile(r"(?P<base>[lL]|\d+)(?P<shift>[+-]\d+)?")


@dataclass(frozen=True)
class Bound:
    """A name's meaning: ``kind`` (pre, post, delta, grad_post, weight, grad_weight, bias,
    grad_bias, target, count), its engine layer, its array and how to say it."""

    kind: str
    layer: int
    value: Any
    text: str


class Arrays:
    """The network's arrays for one batch, in a notation's layout.

    Parameters
    ----------
    net, trace : the network and a :class:`~chainrule.nn.trace.Trace` of a batch.
    notation : the notation (its letters, layout and whether ``dz`` is per sample).
    layer : the engine layer a letter ``l`` stands for in this evaluation.
    """

    def __init__(self, net: Any, trace: Any, notation: Notation, ops: Any,
                 layer: int | None = None, mean_asked: bool = False) -> None:  # fmt: skip
        self.net, self.trace, self.notation, self.ops = net, trace, notation, ops
        self.L = trace.n_layers
        self.N = trace.inputs.shape[0]
        self.l = layer
        self.column = notation.layout == "column"
        self.to_from = notation.weight_order == "to_from"  # W^{(l)} is n_l × n_{l-1}
        self.mean = ops.batch_mean
        self.per_sample_delta = notation.delta_per_sample
        # --batch-mean about a network whose loss is the sum: gradients of the mean, ÷ N
        self.to_mean = 1 / self.N if (mean_asked and not self.mean) else 1.0

    # -- arrays in the layout ----------------------------------------------------------

    def laid(self, batch_first: np.ndarray) -> np.ndarray:
        return batch_first.T if self.column else batch_first

    def batch_first(self, laid: np.ndarray) -> np.ndarray:
        return laid.T if self.column else laid

    def post(self, layer: int) -> np.ndarray:
        if layer == 0:
            return self.trace.inputs
        return self.ops.activation(layer).forward(self.trace.z(layer))

    def delta(self, layer: int, per_sample: bool) -> np.ndarray:
        scale = self.N if (per_sample and self.mean) else 1 if per_sample else self.to_mean
        return self.trace.delta(layer) * scale

    def grad_post(self, layer: int, per_sample: bool) -> np.ndarray:
        if layer == self.L:
            return self._output_gradient(per_sample)
        weights = self.net.dense_layers[layer].W
        return self.delta(layer + 1, per_sample) @ weights.T

    def _output_gradient(self, per_sample: bool) -> np.ndarray:
        if self.ops.fused:
            raise ConfigError("the loss of this network takes the output layer's signals "
                              f"({self.ops.loss.name}): its gradient by the outputs is not "
                              "a quantity of the network; write the output layer's δ instead")
        outputs = self.post(self.L)
        grad = self.ops.loss.backward(outputs, self.trace.targets)
        scale = self.N if (per_sample and self.mean) else 1 if per_sample else self.to_mean
        return grad * scale

    def value(self, kind: str, layer: int, per_sample: bool) -> np.ndarray:
        """The array of a quantity of ``layer``, laid out as the notation lays it."""
        dense = self.net.dense_layers[layer - 1] if layer >= 1 else None
        if kind == "pre":
            return self.laid(self.trace.z(layer))
        if kind == "post":
            return self.laid(self.post(layer))
        if kind == "delta":
            return self.laid(self.delta(layer, per_sample))
        if kind == "grad_post":
            return self.laid(self.grad_post(layer, per_sample))
        if kind == "target":
            return self.laid(self.trace.targets)
        if kind in ("weight", "grad_weight"):
            array = dense.W if kind == "weight" else self.trace.grad_W(layer) * self.to_mean
            return array.T if self.column and self.to_from else array
        if kind in ("bias", "grad_bias"):
            array = dense.b if kind == "bias" else self.trace.grad_b(layer)
            if array is None:
                raise ConfigError(f"layer {layer} has no biases")
            if kind == "grad_bias":
                array = array * self.to_mean
            if array is None:
                raise ConfigError(f"layer {layer} has no biases")
            return array.reshape(-1, 1) if self.column else array.reshape(1, -1)
        raise ConfigError(f"no array for {kind}")

    # -- layers written in a name --------------------------------------------------------

    def tag_layer(self, tag: str, offset: int, name: Name) -> int:
        """The engine layer of a written layer tag (``2``, ``L``, ``l+1``, ``L-1``)."""
        match = _TAG.fullmatch(tag.replace(" ", ""))
        if match is None:
            raise ConfigError(f"{name}: cannot read the layer '{tag}' (at position {name.pos})")
        base, start = match["base"], self.notation.pre_offset
        if base == "l":
            if self.l is None:
                raise ConfigError(f"{name}: a general layer l needs a network with a hidden "
                                  "layer")
            value = self.l + start
        elif base == "L":
            value = self.L + start
        else:
            value = int(base)
        return value + int(match["shift"] or 0) - offset


def sample_count(name: Name) -> bool:
    """Whether ``name`` is the number of samples of the batch (``N``, ``m``)."""
    return name.base in _SAMPLE_COUNTS and not name.sub and not name.tag
