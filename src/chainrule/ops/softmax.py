r"""Softmax over the units of a layer (not elementwise).

.. math:: a_i = \frac{e^{z_i}}{\sum_k e^{z_k}}, \qquad
          \frac{\partial a_i}{\partial z_j} = a_i(\delta_{ij} - a_j)

Backward applies that Jacobian without building it: ``∂L/∂z = a ⊙ (g − ⟨g, a⟩)``.
Forward subtracts each row's maximum first, so ``exp`` never overflows.
"""

from __future__ import annotations

import numpy as np

from chainrule.ops.base import Activation
from chainrule.ops.registry import register_activation


def stable_softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of ``(N, K)`` logits, shifted by each row's maximum."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    e /= e.sum(axis=1, keepdims=True)
    return e


@register_activation
class Softmax(Activation):
    name = "softmax"
    normalizes = True
    saturating = True
    output_range = (0.0, 1.0)
    elementwise = False
    derivative_from_output = True

    def forward(self, z: np.ndarray) -> np.ndarray:
        return stable_softmax(z)

    def backward(self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        inner = (grad_a * a).sum(axis=1, keepdims=True)
        grad_a -= inner
        grad_a *= a
        return grad_a

    def jacobian(self, a: np.ndarray) -> np.ndarray:
        """The full Jacobian ``∂a_i/∂z_j`` of one sample's output ``a`` (shape ``(K,)``)."""
        return np.diag(a) - np.outer(a, a)

    def symbolic(self, z):
        raise NotImplementedError("softmax is not elementwise; use symbolic_vector")

    def symbolic_vector(self, zs):
        import sympy

        denominator = sympy.Add(*[sympy.exp(z) for z in zs])
        return [sympy.exp(z) / denominator for z in zs]
