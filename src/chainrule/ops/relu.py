r"""Rectified linear unit.

.. math:: a = \max(z, 0), \qquad \mathrm{ReLU}'(z) = [z > 0]

At the kink we take ``ReLU'(0) = 0``, as PyTorch and JAX do.
"""

from __future__ import annotations

import numpy as np

from chainrule.ops.base import Activation
from chainrule.ops.kink import Kink
from chainrule.ops.registry import register_activation


@register_activation
class ReLU(Activation):
    name = "relu"

    in_place = True  # backward's mask z > 0 is the same as a > 0
    output_range = (0.0, float("inf"))

    def forward(self, z: np.ndarray) -> np.ndarray:
        return np.maximum(z, 0)

    def forward_in_place(self, z: np.ndarray) -> np.ndarray:
        return np.maximum(z, 0, out=z)

    def derivative(self, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        return (z > 0).astype(z.dtype)

    def backward(self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        # a product with the mask, not masked assignment (`grad_a[z <= 0] = 0`): the
        # data-dependent branch of the latter is about 10× slower on a (256, 512) batch
        grad_a *= z > 0
        return grad_a

    def symbolic(self, z):
        import sympy

        return sympy.Max(z, 0)

    def kink(self) -> Kink:
        import sympy

        z = sympy.Symbol("z", real=True)
        return Kink(self.name, z, sympy.Max(z, 0), sympy.Piecewise((1, z > 0), (0, True)),
                    ("ReLU: the signal where it is positive, else 0",
                     "slope 1 where the unit is on, 0 where it is off; there is no derivative "
                     "at the kink, and chainrule takes θ′(0) = 0"))
