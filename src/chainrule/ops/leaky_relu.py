r"""Leaky ReLU with slope :math:`\alpha` for negative inputs.

.. math:: a = \begin{cases} z & z > 0 \\ \alpha z & z \le 0 \end{cases}, \qquad
          \theta'(z) = \begin{cases} 1 & z > 0 \\ \alpha & z \le 0 \end{cases}

At the kink we take ``θ'(0) = α``, as PyTorch does.
"""

from __future__ import annotations

import numpy as np

from chainrule.errors import ConfigError
from chainrule.ops.base import Activation
from chainrule.ops.kink import Kink
from chainrule.ops.registry import register_activation


@register_activation
class LeakyReLU(Activation):
    name = "leaky_relu"

    def __init__(self, slope: float = 0.01) -> None:
        if not 0 <= slope < 1:
            raise ConfigError(f"`slope` of leaky_relu must be in [0, 1); got {slope!r}")
        self.slope = float(slope)

    def forward(self, z: np.ndarray) -> np.ndarray:
        return np.where(z > 0, z, self.slope * z)

    def derivative(self, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        return np.where(z > 0, 1, self.slope).astype(z.dtype)

    def symbolic(self, z):
        import sympy

        return sympy.Piecewise((z, z > 0), (sympy.Float(self.slope) * z, True))

    def config(self) -> dict[str, object]:
        return {"slope": self.slope}

    def kink(self) -> Kink:
        import sympy

        z, slope = sympy.Symbol("z", real=True), sympy.Float(self.slope)
        return Kink(self.name, z, sympy.Max(z, slope * z),
                    sympy.Piecewise((1, z > 0), (slope, True)),
                    ("leaky ReLU", f"slope 1 for positive signals, {self.slope:g} otherwise; "
                     f"there is no derivative at the kink, and chainrule takes "
                     f"θ′(0) = {self.slope:g}"))

    def describe(self) -> str:
        return f"leaky_relu({self.slope:g})"
