r"""Softmax and cross-entropy fused into one op that takes the logits :math:`z`.

.. math:: e = -\sum_k y_k \log \frac{e^{z_k}}{\sum_j e^{z_j}}
            = \log\sum_j e^{z_j} - \sum_k y_k z_k,
   \qquad \frac{\partial e}{\partial z_k} = \hat y_k \sum_j y_j - y_k = \hat y_k - y_k

The last step uses :math:`\sum_j y_j = 1` (targets are one-hot or distributions, which
``encode_targets`` enforces). Over a batch of ``N`` the gradient is :math:`(\hat y - y)/N`.
The loss goes through log-sum-exp shifted by the row maximum: finite for any logits.
"""

from __future__ import annotations

import numpy as np

from chainrule.ops.base import Loss
from chainrule.ops.registry import register_loss
from chainrule.ops.targets import one_hot_targets


def _shifted_logsumexp(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(softmax(z), log Σ exp(z))`` per row, without overflow: shapes ``(N, K)``, ``(N,)``.

    Written in place on two new arrays (the training hot path): ``exp(z − max)``, normalized,
    and the row sums, turned into ``log Σ exp(z − max) + max``.
    """
    peak = np.maximum.reduce(z, axis=1, keepdims=True)
    e = np.subtract(z, peak)
    np.exp(e, out=e)
    total = np.add.reduce(e, axis=1, keepdims=True)
    e /= total
    lse = np.log(total, out=total)
    lse += peak
    return e, lse[:, 0]


@register_loss
class SoftmaxCrossEntropy(Loss):
    name = "softmax_cross_entropy"
    classifier = True
    output_activation = "softmax"

    def per_sample(self, output: np.ndarray, target: np.ndarray) -> np.ndarray:
        _, lse = _shifted_logsumexp(output)
        return lse - (target * output).sum(axis=1)

    def backward(self, output: np.ndarray, target: np.ndarray) -> np.ndarray:
        return self.value_and_grad(output, target)[1]

    def value_and_grad(self, output: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
        n, k = output.shape
        scale = self.sample_scale(n, k)
        probabilities, lse = _shifted_logsumexp(output)
        value = (np.add.reduce(lse) - np.vdot(target, output)) * scale
        probabilities -= target
        probabilities *= scale
        return float(value), probabilities

    def symbolic(self, outputs, targets):
        import sympy

        denominator = sympy.Add(*[sympy.exp(z) for z in outputs])
        pairs = zip(outputs, targets, strict=True)
        return -sympy.Add(*[y * sympy.log(sympy.exp(z) / denominator) for z, y in pairs])

    def encode_targets(self, y: np.ndarray, n_outputs: int, dtype: np.dtype) -> np.ndarray:
        return one_hot_targets(y, n_outputs, dtype, self.name)
