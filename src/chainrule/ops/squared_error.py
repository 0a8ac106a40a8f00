r"""The squared-error losses, in the three variants textbooks use.

* ``squared_error``: :math:`e = \sum_k (x_k - y_k)^2` (Learning From Data);
  :math:`\partial e/\partial x_k = 2(x_k - y_k)`.
* ``half_squared_error`` (formerly ``half_sse``): :math:`E = \frac12 \sum_k (t_k - a_k)^2`
  (Mitchell, Nielsen); :math:`\partial E/\partial a_k = a_k - t_k`.
* ``mean_squared_error`` (formerly ``mse``): :math:`\frac1K \sum_k (a_k - y_k)^2` (PyTorch
  ``MSELoss``, Keras ``mean_squared_error``); :math:`\frac2K (a_k - y_k)`.

Over a batch each is averaged over the ``N`` samples (``reduction="mean"``) or summed
(``reduction="sum"``, Mitchell's batch error).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from chainrule.ops.base import Loss
from chainrule.ops.registry import register_loss


class _SquaredErrorFamily(Loss):
    """``factor · Σ_k (x_k − y_k)²`` per sample; subclasses set the factor."""

    per_output_factor: ClassVar[str] = "1"  # "1", "1/2" or "1/K"
    squared = True

    def output_factor(self, n_outputs: int) -> float:
        """The factor before ``Σ_k (x_k − y_k)²`` for ``n_outputs`` outputs."""
        return {"1": 1.0, "1/2": 0.5, "1/K": 1.0 / n_outputs}[self.per_output_factor]

    def per_sample(self, output: np.ndarray, target: np.ndarray) -> np.ndarray:
        diff = output - target
        return (diff * diff).sum(axis=1) * self.output_factor(output.shape[1])

    def backward(self, output: np.ndarray, target: np.ndarray) -> np.ndarray:
        n, k = output.shape
        grad = output - target
        grad *= 2 * self.output_factor(k) * self.sample_scale(n, k)
        return grad

    def value_and_grad(
        self, output: np.ndarray, target: np.ndarray, grad_scale: float = 1.0
    ) -> tuple[float, np.ndarray]:
        n, k = output.shape
        diff = output - target
        scale = self.output_factor(k) * self.sample_scale(n, k)
        value = float(np.vdot(diff, diff)) * scale
        diff *= 2 * scale * grad_scale
        return value, diff

    def symbolic(self, outputs, targets):
        import sympy

        factor = {"1": sympy.Integer(1), "1/2": sympy.Rational(1, 2),
                  "1/K": sympy.Rational(1, len(outputs))}[self.per_output_factor]
        return factor * sympy.Add(*[(x - y) ** 2 for x, y in zip(outputs, targets, strict=True)])


@register_loss
class SquaredError(_SquaredErrorFamily):
    name = "squared_error"
    per_output_factor = "1"
    squared_factor = "2"


@register_loss
class HalfSumSquaredError(_SquaredErrorFamily):
    name = "half_squared_error"
    aliases = ("half_sse",)
    per_output_factor = "1/2"
    squared_factor = ""


@register_loss
class MeanSquaredError(_SquaredErrorFamily):
    name = "mean_squared_error"
    aliases = ("mse",)
    per_output_factor = "1/K"
