"""Forward and backward of one training batch for networks with layers beyond Dense.

The same interface as :class:`~chainrule.nn.batch_pass.BatchPass` (the fused path of dense
networks, which stays as it is), running the network's own layer-by-layer
:meth:`Network.layer_outputs` and :meth:`Network.backward`: each layer writes its gradients into
the network's flat gradient array. The seam between the two is described in
:mod:`chainrule.nn`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from chainrule.nn.network import Network


class LayerPass:
    """Forward and backward of batches of ``network``; ``batch_size`` is not needed (the
    layers make their arrays per batch) but kept for the same constructor as ``BatchPass``."""

    def __init__(self, network: Network, batch_size: int) -> None:
        self.network = network
        self.values: list[np.ndarray] = []

    def forward(self, x: np.ndarray, rows: slice | np.ndarray) -> np.ndarray:
        """The network's output for ``x[rows]`` (a slice or an index array)."""
        inputs = x[rows] if isinstance(rows, slice) else x.take(rows, 0)
        self.values = self.network.layer_outputs(inputs)
        return self.values[-1]

    def backward(self, grad: np.ndarray) -> None:
        """Backpropagate ``∂L/∂output``; the gradients land in the flat gradient array."""
        self.network.backward(self.values, grad)
        self.values = []
