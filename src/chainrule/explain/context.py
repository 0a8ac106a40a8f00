"""What every derivation reads: the network, its trace at the sample, and the names.

The numbers all come from here: the trace (signals, outputs, δ, gradients), the network's
weights, and the engine's own ops (``θ′`` is the op's ``derivative``; the probabilities of a
fused loss are its activation's ``forward`` of the traced logits).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.explain.notation import Notation
from chainrule.explain.quantity_names import Namer
from chainrule.nn.dense import Dense
from chainrule.nn.layer import Layer
from chainrule.nn.trace import Trace
from chainrule.ops.registry import activation as make_activation


def check_explainable(net: Any) -> None:
    """Explanations need dense layers each followed by at most one activation."""
    layers = net.layers
    beyond = [layer for layer in layers if isinstance(layer, Layer)]
    if beyond:
        raise ConfigError("explanations cover networks of Dense layers and activations; this "
                          f"one has {beyond[0].describe()} (of the other layers, a weight of a "
                          "first Conv2D, RNN or LSTM layer and the input gradient of a batch "
                          "norm, dropout or pooling layer are explained: --weight 'K[o,c,u,v]', "
                          "'W[i,j]' or 'W_f[i,j]', --delta 'x[n,f]' or 'x[n,c,p,q]')")
    if not isinstance(layers[0], Dense):
        raise ConfigError("explain needs a network that starts with a Dense layer; "
                          f"got {layers[0]!r} first")
    for before, after in itertools.pairwise(layers):
        if not isinstance(before, Dense) and not isinstance(after, Dense):
            raise ConfigError("explain needs at most one activation after each Dense layer; "
                              f"got {before!r} followed by {after!r}")


@dataclass(frozen=True)
class Context:
    """The network, its trace on the explained sample(s), and the notation's names."""

    net: Any
    trace: Trace
    names: Namer
    notation: Notation

    @classmethod
    def build(cls, net: Any, x: np.ndarray, y: np.ndarray, notation: Notation) -> Context:
        check_explainable(net)
        trace = net.trace(x, y)
        widths = [net.n_inputs] + [layer.n_out for layer in net.dense_layers]
        return cls(net, trace, Namer(notation, widths), notation)

    @property
    def L(self) -> int:
        return self.trace.n_layers

    @property
    def n_samples(self) -> int:
        return int(self.trace.inputs.shape[0])

    def width(self, layer: int) -> int:
        return self.names.widths[layer]

    def activation(self, layer: int) -> Any:
        """The activation after dense ``layer`` (the fused one for the last layer), or the
        identity when there is none."""
        op = self.trace.activation_of(layer)
        if op is None and layer == self.L and self.net.loss.output_activation:
            op = make_activation(self.net.loss.output_activation)
        return op if op is not None else make_activation("identity")

    @property
    def fused(self) -> bool:
        return self.net.loss.output_activation is not None

    def z(self, layer: int) -> np.ndarray:
        return self.trace.z(layer)

    def a(self, layer: int) -> np.ndarray:
        """Outputs of layer ``layer``; for a fused loss the last layer's probabilities."""
        if layer == self.L and self.fused:
            return self.activation(layer).forward(self.trace.output)
        return self.trace.a(layer)

    def theta_prime(self, layer: int) -> np.ndarray:
        """``θ′(z)`` of layer ``layer``'s elementwise activation, by the op's derivative."""
        return self.activation(layer).derivative(self.z(layer), self.a(layer))

    def grad_a(self, layer: int) -> np.ndarray:
        """``∂L/∂a`` of layer ``layer`` from the trace (not defined for a fused output)."""
        if layer < self.L:
            return self.trace.records[self.trace.dense_positions[layer]].grad_input
        return self.trace.records[-1].grad_output

    def weight(self, layer: int) -> np.ndarray:
        return self.net.dense_layers[layer - 1].W

    def has_bias(self, layer: int) -> bool:
        return self.net.dense_layers[layer - 1].b is not None
