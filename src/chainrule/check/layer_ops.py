"""The ops of a network, layer by layer, for building a claim's true derivative.

A numbered layer has its own activation (the op after its dense layer; the fused one of a
softmax/sigmoid loss for the output layer; the identity when there is none). A layer written
with letters (``l``, ``L-m+1``) is "a hidden layer": the activation the hidden layers share.
"""

from __future__ import annotations

from typing import Any

from chainrule import ops
from chainrule.errors import ConfigError
from chainrule.explain.context import check_explainable
from chainrule.nn.dense import Dense


class LayerOps:
    """The activation of each layer and the loss, read from the network's own ops.

    Parameters
    ----------
    net : a :class:`chainrule.Network` of dense layers, each followed by at most one
        activation (as ``explain`` requires).
    """

    def __init__(self, net: Any) -> None:
        check_explainable(net)
        self.net = net
        self.loss = net.loss
        self.L = len(net.dense_layers)
        self._after = self._activations_after_dense()

    def _activations_after_dense(self) -> list[Any]:
        found: list[Any] = []
        for position, layer in enumerate(self.net.layers):
            if isinstance(layer, Dense):
                following = self.net.layers[position + 1 : position + 2]
                op = following[0] if following and not isinstance(following[0], Dense) else None
                found.append(op)
        return found

    @property
    def fused(self) -> bool:
        """Whether the loss takes the logits (softmax or sigmoid fused into it)."""
        return self.loss.output_activation is not None

    def activation(self, layer: int | str) -> Any:
        """The activation op of an engine layer, or of "a hidden layer" for a lettered one."""
        if isinstance(layer, str):
            return self.hidden_activation()
        op = self._after[layer - 1]
        if op is None and layer == self.L and self.fused:
            op = ops.activation(self.loss.output_activation)
        return op if op is not None else ops.activation("identity")

    def hidden_activation(self) -> Any:
        """The activation every hidden layer uses.

        Raises
        ------
        ConfigError
            If the network has no hidden layer, or its hidden layers differ.
        """
        if self.L < 2:
            raise ConfigError("a claim about a general layer (l, L-m) needs a network with a "
                              "hidden layer; this one has only the output layer")
        found = {self.activation(layer) for layer in range(1, self.L)}
        if len(found) > 1:
            names = ", ".join(sorted(op.name for op in found))
            raise ConfigError(f"the hidden layers use different activations ({names}); write "
                              "the layer's number instead of a letter")
        return found.pop()

    @property
    def class_labels(self) -> bool:
        """Whether the targets are class labels, so each sample's one-hot targets sum to 1."""
        return self.loss.class_labels

    @property
    def batch_mean(self) -> bool:
        """Whether the loss of a batch is the mean of its samples' losses."""
        return getattr(self.loss, "reduction", "mean") == "mean"

    def has_bias(self, layer: int | str) -> bool:
        if isinstance(layer, str):
            return any(d.b is not None for d in self.net.dense_layers)
        return self.net.dense_layers[layer - 1].b is not None

    def target_domain(self) -> tuple[float, float] | None:
        """Where the targets lie (sampled from there): a bounded output activation's range."""
        return self.activation(self.L).bounded_range()
