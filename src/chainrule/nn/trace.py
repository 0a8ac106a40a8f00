"""A recorded forward and backward pass: every value the explainer and the diagrams show.

Layers are numbered as textbooks number them: the dense layers are ``l = 1..L``, layer 0 is
the input. ``z(l)`` is the pre-activation (signal) of layer ``l``, ``a(l)`` its output after the
activation, and ``delta(l) = ∂L/∂z(l)``. Arrays keep the batch axis: ``(N, units)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from chainrule._display import writer


@dataclass(frozen=True)
class LayerRecord:
    """One entry of ``network.layers`` during the traced pass."""

    index: int  # position in network.layers
    layer: object
    input: np.ndarray
    output: np.ndarray
    grad_output: np.ndarray  # ∂L/∂output; for a Dense layer this is δ
    grad_input: np.ndarray | None
    grads: dict[str, np.ndarray] = field(default_factory=dict)
    #: what else the layer computed: a dropout mask, batch statistics, every time step's
    #: hidden state (see ``Layer.record``)
    state: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass(frozen=True)
class Trace:
    """Everything one pass computed, for a batch of ``N`` samples (``N`` may be 1)."""

    inputs: np.ndarray
    targets: np.ndarray  # encoded as the loss compares them, shape (N, K)
    output: np.ndarray  # the network's output (logits for fused losses)
    loss: float
    records: tuple[LayerRecord, ...]
    dense_positions: tuple[int, ...]  # index in records of dense layer 1, 2, ...

    @property
    def n_layers(self) -> int:
        """``L``, the number of dense layers."""
        return len(self.dense_positions)

    def _dense(self, layer: int) -> LayerRecord:
        if not 1 <= layer <= self.n_layers:
            from chainrule.errors import ConfigError

            raise ConfigError(f"layer must be in 1..{self.n_layers}; got {layer}")
        return self.records[self.dense_positions[layer - 1]]

    def z(self, layer: int) -> np.ndarray:
        """Pre-activation (signal) of dense layer ``layer``."""
        return self._dense(layer).output

    def a(self, layer: int) -> np.ndarray:
        """Output of layer ``layer`` after its activation; ``a(0)`` is the input."""
        if layer == 0:
            return self.inputs
        position = self.dense_positions[layer - 1]
        end = self.dense_positions[layer] if layer < self.n_layers else len(self.records)
        return self.records[end - 1].output if end - 1 > position else self.records[position].output

    def delta(self, layer: int) -> np.ndarray:
        """``δ = ∂L/∂z`` of dense layer ``layer``."""
        return self._dense(layer).grad_output

    def grad_W(self, layer: int) -> np.ndarray:
        return self._dense(layer).grads["W"]

    def grad_b(self, layer: int) -> np.ndarray | None:
        return self._dense(layer).grads.get("b")

    def activation_of(self, layer: int) -> object | None:
        """The activation op applied after dense layer ``layer`` (None if there is none)."""
        position = self.dense_positions[layer - 1]
        end = self.dense_positions[layer] if layer < self.n_layers else len(self.records)
        return self.records[position + 1].layer if end - 1 > position else None

    # Jupyter display: the diagram with this trace's values, drawn by viz when asked
    @property
    def dense_only(self) -> bool:
        """Whether every layer is Dense or an activation (what the diagrams draw)."""
        from chainrule.nn.layer import Layer

        return not any(isinstance(record.layer, Layer) for record in self.records)

    def _repr_html_(self) -> str | None:
        if not self.dense_only:  # the diagram draws dense networks; the text repr the rest
            return None
        return writer("trace.html")(self)

    def _repr_svg_(self) -> str | None:
        if not self.dense_only:
            return None
        return writer("trace.svg")(self)
