r"""Logistic sigmoid.

.. math:: a = \sigma(z) = \frac{1}{1 + e^{-z}}, \qquad
          \sigma'(z) = \sigma(z)(1 - \sigma(z)) = a(1 - a)

Forward is stable at any ``z``: with ``e = exp(-|z|) ≤ 1`` it is ``1/(1+e)`` for ``z ≥ 0`` and
``e/(1+e)`` for ``z < 0``, so ``exp`` never overflows and tiny values keep their precision.
The derivative is computed from the output ``a``.
"""

from __future__ import annotations

import numpy as np

from chainrule.ops.base import Activation
from chainrule.ops.registry import register_activation


def stable_sigmoid(z: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-z))`` without overflow, by the sign split."""
    e = np.exp(-np.abs(z))
    denominator = 1 + e
    return np.where(z >= 0, 1 / denominator, e / denominator)


@register_activation
class Sigmoid(Activation):
    name = "sigmoid"
    derivative_from_output = True
    saturating = True
    output_range = (0.0, 1.0)
    letters = (r"\sigma",)

    def forward(self, z: np.ndarray) -> np.ndarray:
        return stable_sigmoid(z)

    def derivative(self, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        return a * (1 - a)

    def symbolic(self, z):
        import sympy

        return 1 / (1 + sympy.exp(-z))
