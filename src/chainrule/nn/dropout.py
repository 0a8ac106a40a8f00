r"""Inverted dropout: in training each unit is kept with probability ``1 − p`` and scaled by
``1/(1 − p)``, so that evaluation, where the layer is the identity, needs no rescaling.

.. math:: y = \frac{m \odot x}{1 - p}, \quad m_i \sim \text{Bernoulli}(1 - p), \qquad
          \frac{\partial L}{\partial x} = \frac{m \odot δ}{1 - p}

The masks come from the layer's own generator (``seed``), so a run is repeatable; the mask of
the last forward pass is kept (``mask``) and recorded by traces.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.nn.layer import Layer


class Dropout(Layer):
    """Zero each input with probability ``p`` in training (PyTorch's ``Dropout(p)``)."""

    kind = "dropout"

    def __init__(self, p: float = 0.5, seed: int | None = None) -> None:
        self.p = float(p)
        if not 0 <= self.p < 1:
            raise ConfigError(f"Dropout needs 0 ≤ p < 1; got {p}")
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        #: reuse the last mask instead of drawing one (finite differences of a training pass)
        self.replay = False
        super().__init__()

    def forward(self, x: np.ndarray) -> np.ndarray:
        if not self.training or self.p == 0:
            self.cache = None
            return x
        replayed = self.replay and self.cache is not None and self.cache.shape == x.shape
        if not replayed:
            keep = self.rng.random(x.shape) >= self.p
            self.cache = keep.astype(x.dtype) / (1 - self.p)  # the mask with its scale
        return x * self.cache

    def backward(self, x: np.ndarray, y: np.ndarray, grad: np.ndarray,
                 need_input_grad: bool = True) -> np.ndarray | None:
        return grad if self.cache is None else grad * self.cache

    @property
    def mask(self) -> np.ndarray | None:
        """The 0/1 mask of the last training pass (None at evaluation)."""
        return None if self.cache is None else (self.cache != 0).astype(np.int8)

    def record(self) -> dict[str, np.ndarray]:
        return {} if self.cache is None else {"mask": self.mask}

    def symbolic(self, x, kept: bool):
        """``x/(1 − p)`` for a kept unit, ``0`` for a dropped one."""
        import sympy

        return x / (1 - sympy.nsimplify(self.p)) if kept else sympy.Integer(0)

    def config(self) -> dict[str, object]:
        return {"p": self.p, "seed": self.seed}

    def describe(self) -> str:
        return f"Dropout {self.p:g}"

    def torch_module(self, torch: Any, dtype: Any, rank: int) -> Any:
        return torch.nn.Dropout(self.p)
