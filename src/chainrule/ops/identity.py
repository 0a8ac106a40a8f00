r"""Identity: :math:`a = z`, :math:`\theta'(z) = 1` (a linear output unit)."""

from __future__ import annotations

import numpy as np

from chainrule.ops.base import Activation
from chainrule.ops.registry import register_activation


@register_activation
class Identity(Activation):
    name = "identity"
    identity = True

    def forward(self, z: np.ndarray) -> np.ndarray:
        return z

    def derivative(self, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        return np.ones_like(z)

    def backward(self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        return grad_a

    def symbolic(self, z):
        return z
