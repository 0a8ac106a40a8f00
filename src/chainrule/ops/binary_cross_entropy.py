r"""Binary cross-entropy, unfused (on probabilities) and fused with the sigmoid (on logits).

.. math:: e = -\sum_k \big[y_k \log p_k + (1 - y_k)\log(1 - p_k)\big], \qquad
          \frac{\partial e}{\partial p_k} = \frac{p_k - y_k}{p_k(1 - p_k)}

With :math:`p = \sigma(z)` the factor :math:`\sigma'(z) = p(1-p)` cancels the denominator:
:math:`\partial e/\partial z_k = \sigma(z_k) - y_k`. The fused op computes the loss as
:math:`\max(z,0) - yz + \log(1 + e^{-|z|})`, finite for any logit.
"""

from __future__ import annotations

import numpy as np

from chainrule.ops.base import Loss
from chainrule.ops.registry import register_loss
from chainrule.ops.sigmoid import stable_sigmoid
from chainrule.ops.targets import binary_targets


class _BinaryTargets(Loss):
    classifier = True

    def encode_targets(self, y: np.ndarray, n_outputs: int, dtype: np.dtype) -> np.ndarray:
        return binary_targets(y, n_outputs, dtype, self.name)


@register_loss
class BinaryCrossEntropy(_BinaryTargets):
    name = "binary_cross_entropy"
    input_activation = "sigmoid"
    cancels_with = "sigmoid"  # ∂e/∂x · x(1 − x) = x − y

    def per_sample(self, output: np.ndarray, target: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(target > 0, target * np.log(output), 0.0) + np.where(
                target < 1, (1 - target) * np.log1p(-output), 0.0
            )
        return -terms.sum(axis=1)

    def backward(self, output: np.ndarray, target: np.ndarray) -> np.ndarray:
        n, k = output.shape
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            grad = (output - target) / (output * (1 - output))
            edge = ~np.isfinite(grad)
            if edge.any():  # p = 0 or 1 makes that form 0/0; −y/p + (1−y)/(1−p) is exact there
                p, y = output[edge], target[edge]
                grad[edge] = np.where(y > 0, -y / p, 0.0) + np.where(y < 1, (1 - y) / (1 - p), 0.0)
        grad *= self.sample_scale(n, k)
        return grad

    def symbolic(self, outputs, targets):
        import sympy

        return -sympy.Add(
            *[y * sympy.log(p) + (1 - y) * sympy.log(1 - p)
              for p, y in zip(outputs, targets, strict=True)]
        )


@register_loss
class SigmoidBinaryCrossEntropy(_BinaryTargets):
    name = "sigmoid_binary_cross_entropy"
    output_activation = "sigmoid"
    cancels_with = "sigmoid"
    probability_loss = "binary_cross_entropy"

    def per_sample(self, output: np.ndarray, target: np.ndarray) -> np.ndarray:
        softplus = np.maximum(output, 0) + np.log1p(np.exp(-np.abs(output)))
        return (softplus - target * output).sum(axis=1)

    def backward(self, output: np.ndarray, target: np.ndarray) -> np.ndarray:
        n, k = output.shape
        grad = stable_sigmoid(output) - target
        grad *= self.sample_scale(n, k)
        return grad

    def symbolic(self, outputs, targets):
        import sympy

        terms = []
        for z, y in zip(outputs, targets, strict=True):
            p = 1 / (1 + sympy.exp(-z))
            terms.append(y * sympy.log(p) + (1 - y) * sympy.log(1 - p))
        return -sympy.Add(*terms)
