r"""Cross-entropy of predicted probabilities :math:`p` (after a softmax layer).

.. math:: e = -\sum_k y_k \log p_k, \qquad \frac{\partial e}{\partial p_k} = -\frac{y_k}{p_k}

The unfused form, as the CS231n learner writes it step by step. Training should prefer
``softmax_cross_entropy``, which takes the logits, never divides by a tiny ``p`` and has the
gradient ``ŷ − y``. A probability of exactly 0 on the true class gives an infinite loss:
training then stops with that reason rather than hiding it.
"""

from __future__ import annotations

import numpy as np

from chainrule.ops.base import Loss
from chainrule.ops.registry import register_loss
from chainrule.ops.targets import one_hot_targets


@register_loss
class CrossEntropy(Loss):
    name = "cross_entropy"
    classifier = True
    input_activation = "softmax"
    cancels_with = "softmax"  # ∂e/∂z_j = ŷ_j Σ_k y_k − y_j = ŷ_j − y_j
    class_labels = True

    def per_sample(self, output: np.ndarray, target: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.where(target > 0, np.log(output), 0.0)
        return -(target * logs).sum(axis=1)

    def backward(self, output: np.ndarray, target: np.ndarray) -> np.ndarray:
        n, k = output.shape
        with np.errstate(divide="ignore", invalid="ignore"):
            grad = np.where(target > 0, -target / output, 0.0).astype(output.dtype)
        grad *= self.sample_scale(n, k)
        return grad

    def symbolic(self, outputs, targets):
        import sympy

        return -sympy.Add(*[y * sympy.log(p) for p, y in zip(outputs, targets, strict=True)])

    def encode_targets(self, y: np.ndarray, n_outputs: int, dtype: np.dtype) -> np.ndarray:
        return one_hot_targets(y, n_outputs, dtype, self.name)
