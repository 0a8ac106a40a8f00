"""A network's parameters as one store: named, and views of one flat array.

Every ``W``, ``b`` (and a layer's other parameters) is a view of one flat parameter array, and
its gradient a view of one flat gradient array, so an optimizer updates the whole network in a
few NumPy calls; names number the layers with parameters from 1, as the textbooks do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


class ParameterStore:
    """The parameters of :attr:`parametrized` (the layers with parameters, in order), in the
    network's :attr:`dtype`: what :class:`~chainrule.nn.network.Network` keeps of its
    weights, their gradients and names, and its batch norms' running statistics."""

    parametrized: list[Any]
    dtype: np.dtype
    _storage: tuple[np.ndarray, np.ndarray] | None

    def flat_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """``(parameters, gradients)``: two flat arrays ``(P,)``, ``P`` the number of
        parameters, of which every ``W``, ``b`` and its gradient is a view (see
        :meth:`Dense.place`), so an optimizer updates the whole network in a few NumPy calls
        instead of a few per array; ``backward`` writes into the second.

        Made anew, in the network's dtype, when a layer's arrays are no longer views of the
        current ones (replaced by hand, or copied by ``copy.deepcopy``).
        """
        parameters, storage = self.parameters, self._storage
        if (storage is None or storage[0].dtype != self.dtype
                or any(p.base is not storage[0] for p in parameters)):
            size = sum(p.size for p in parameters)
            storage = (np.empty(size, dtype=self.dtype), np.zeros(size, dtype=self.dtype))
            offset = 0
            for layer in self.parametrized:
                offset = layer.place(*storage, offset)
            self._storage = storage
        return self._storage

    @property
    def parameters(self) -> list[np.ndarray]:
        return [p for layer in self.parametrized for p in layer.parameters]

    @property
    def gradients(self) -> list[np.ndarray]:
        return [g for layer in self.parametrized for g in layer.gradients]

    @property
    def parameter_names(self) -> list[str]:
        """``W1, b1, W2, ...``: layers with parameters numbered from 1, as in the textbooks
        (``K1, b1, gamma2, beta2, W3, b3`` for a convolution, a batch norm and a dense layer)."""
        return [
            f"{name}{number}"
            for number, layer in enumerate(self.parametrized, start=1)
            for name in layer.parameter_names
        ]

    @property
    def decayed(self) -> list[bool]:
        """For each parameter, whether weight decay shrinks it (weights, not biases)."""
        return [name in getattr(layer, "decayed_names", ("W",))
                for layer in self.parametrized for name in layer.parameter_names]

    @property
    def buffers(self) -> dict[str, np.ndarray]:
        """Saved but untrained arrays by name, e.g. ``running_mean2`` of a batch norm."""
        return {f"{name}{number}": getattr(layer, name)
                for number, layer in enumerate(self.parametrized, start=1)
                for name in getattr(layer, "buffer_names", ())}

    def get_weights(self) -> list[np.ndarray]:
        """Copies of the parameters (``parameter_names`` order), then of the buffers (batch
        norm's running statistics): what training keeps of a good epoch."""
        return [p.copy() for p in (*self.parameters, *self.buffers.values())]

    def set_weights(self, values: Sequence[np.ndarray]) -> None:
        for target, value in zip((*self.parameters, *self.buffers.values()), values,
                                 strict=True):
            target[...] = value
