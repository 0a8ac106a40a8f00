"""Recording a trace: the same forward and backward as training, keeping every value."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from chainrule.nn.dense import Dense
from chainrule.nn.layer import Layer
from chainrule.nn.trace import LayerRecord, Trace

if TYPE_CHECKING:
    from chainrule.nn.network import Network


def record_trace(network: Network, x: np.ndarray, targets: np.ndarray) -> Trace:
    """The reference pass (:meth:`Network.layer_outputs`, :meth:`Network.backward`) with a
    recorder that keeps every layer's incoming and outgoing gradient."""
    values = network.layer_outputs(x)
    loss, grad = network.loss.value_and_grad(values[-1], targets)
    n = len(network.layers)
    grads_out: list[np.ndarray] = [np.empty(0)] * n
    grads_in: list[np.ndarray | None] = [None] * n

    def record(i: int, grad_out: np.ndarray, grad_in: np.ndarray) -> None:
        grads_out[i], grads_in[i] = grad_out, grad_in

    network.backward(values, grad, record)
    records = record_records(network, values, grads_out, grads_in)
    positions = tuple(i for i, layer in enumerate(network.layers) if isinstance(layer, Dense))
    return Trace(x, targets, values[-1], loss, records, positions)


def record_records(network: Network, values: list[np.ndarray], grads_out: list[np.ndarray],
                   grads_in: list[np.ndarray | None]) -> tuple[LayerRecord, ...]:
    """Pair every layer with its recorded values."""
    records = []
    for i, layer in enumerate(network.layers):
        grads, state = {}, {}
        if isinstance(layer, Dense | Layer):
            copies = [g.copy() for g in layer.gradients]
            grads = dict(zip(layer.parameter_names, copies, strict=True))
        if isinstance(layer, Layer):
            state = layer.record()
        records.append(LayerRecord(i, layer, values[i], values[i + 1], grads_out[i],
                                   grads_in[i], grads, state))
    return tuple(records)
