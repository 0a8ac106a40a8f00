r"""Batch normalization over the features of ``(N, F)`` or the channels of ``(N, C, ...)``.

Training, over the batch (and the positions of a map): with ``m`` values per feature,

.. math:: μ = \frac1m \sum x, \quad σ^2 = \frac1m \sum (x − μ)^2, \quad
          \hat x = \frac{x − μ}{\sqrt{σ^2 + ε}}, \quad y = γ \hat x + β

and, with ``g = ∂L/∂\hat x = γ δ``, the three-term gradient (through ``x``, ``μ`` and ``σ²``):

.. math:: \frac{\partial L}{\partial x} = \frac{1}{m\sqrt{σ^2 + ε}}
          \Big(m\, g − \sum g − \hat x \sum g \hat x\Big)

Running statistics follow PyTorch: ``r ← (1 − momentum)·r + momentum·s`` with the batch mean,
and the *unbiased* batch variance ``m σ² / (m − 1)`` for the running variance. At evaluation
``\hat x`` uses the running statistics, constants: ``∂L/∂x = γ δ / \sqrt{r_{σ²} + ε}``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.nn.layer import Layer


class BatchNorm(Layer):
    """``y = γ (x − μ)/√(σ² + ε) + β`` per feature (axis 1), PyTorch's ``BatchNorm1d/2d``.

    Parameters
    ----------
    num_features : ``F`` of dense inputs ``(N, F)``, or ``C`` of maps ``(N, C, H, W)``.
    eps : ``ε``, added to the variance.
    momentum : weight of the new batch in the running statistics (PyTorch's convention).
    """

    kind = "batchnorm"
    parameter_names = ("gamma", "beta")
    buffer_names = ("running_mean", "running_var")

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1) -> None:
        self.num_features, self.eps, self.momentum = int(num_features), float(eps), float(momentum)
        if self.num_features < 1 or not 0 <= self.momentum <= 1 or self.eps <= 0:
            raise ConfigError(f"BatchNorm needs num_features ≥ 1, 0 ≤ momentum ≤ 1 and eps > 0; "
                              f"got {num_features}, {momentum}, {eps}")
        super().__init__()
        self.running_mean = np.zeros(self.num_features)
        self.running_var = np.ones(self.num_features)

    def initialize(self, rng: np.random.Generator, dtype: np.dtype) -> None:
        """``γ = 1``, ``β = 0``; running mean 0 and variance 1."""
        self.gamma = np.ones(self.num_features, dtype=dtype)
        self.beta = np.zeros(self.num_features, dtype=dtype)
        self.running_mean = np.zeros(self.num_features, dtype=dtype)
        self.running_var = np.ones(self.num_features, dtype=dtype)

    def expected_width(self) -> int | None:
        return self.num_features

    def expected_shape(self) -> str:
        return f"(N, {self.num_features}) or (N, {self.num_features}, ...)"

    def check_input(self, shape: tuple[int, ...]) -> None:
        if len(shape) < 2 or shape[1] != self.num_features:
            raise self.shape_error(shape)
        if self.training and shape[0] * int(np.prod(shape[2:])) < 2:
            raise self.shape_error(shape, "training needs more than one value per feature")

    def _axes_and_shape(self, x: np.ndarray) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The axes averaged over, and the shape that broadcasts a per-feature vector."""
        return (0, *range(2, x.ndim)), (1, -1) + (1,) * (x.ndim - 2)

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.last_rank = x.ndim  # for to_torch, when the network leaves the rank open
        axes, shape = self._axes_and_shape(x)
        if self.training:
            mean, var = x.mean(axis=axes), x.var(axis=axes)
            m = x.size // self.num_features
            self.running_mean *= 1 - self.momentum
            self.running_mean += self.momentum * mean
            self.running_var *= 1 - self.momentum
            self.running_var += self.momentum * var * m / (m - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean.reshape(shape)) * inv_std.reshape(shape)
        self.cache = (x_hat, inv_std, mean, var, self.training)
        return x_hat * self.gamma.reshape(shape) + self.beta.reshape(shape)

    def backward(self, x: np.ndarray, y: np.ndarray, grad: np.ndarray,
                 need_input_grad: bool = True) -> np.ndarray | None:
        axes, shape = self._axes_and_shape(x)
        x_hat, inv_std, _, _, training = self.cache
        self._store("gamma", (grad * x_hat).sum(axis=axes))
        self._store("beta", grad.sum(axis=axes))
        if not need_input_grad:
            return None
        g = grad * self.gamma.reshape(shape)  # ∂L/∂x̂
        if not training:
            return g * inv_std.reshape(shape)
        m = x.size // self.num_features
        sum_g = g.sum(axis=axes).reshape(shape)
        sum_g_x_hat = (g * x_hat).sum(axis=axes).reshape(shape)
        return (inv_std.reshape(shape) / m) * (m * g - sum_g - x_hat * sum_g_x_hat)

    def record(self) -> dict[str, np.ndarray]:
        x_hat, inv_std, mean, var, _ = self.cache
        return {"mean": np.array(mean), "var": np.array(var), "x_hat": x_hat.copy(),
                "inv_std": inv_std.copy()}

    def symbolic(self, xs, gamma, beta, eps=None):
        """``[y_1, ..., y_m]`` of one feature's batch ``xs`` (SymPy symbols), in training."""
        import sympy

        m = len(xs)
        mean = sympy.Add(*xs) / m
        var = sympy.Add(*[(x - mean) ** 2 for x in xs]) / m
        eps = sympy.Float(self.eps) if eps is None else eps
        return [gamma * (x - mean) / sympy.sqrt(var + eps) + beta for x in xs]

    def config(self) -> dict[str, object]:
        return {"num_features": self.num_features, "eps": self.eps, "momentum": self.momentum}

    def describe(self) -> str:
        return f"BatchNorm {self.num_features}"

    def torch_module(self, torch: Any, dtype: Any, rank: int) -> Any:
        rank = rank or getattr(self, "last_rank", 2)
        kind = torch.nn.BatchNorm2d if rank == 4 else torch.nn.BatchNorm1d
        module = kind(self.num_features, eps=self.eps, momentum=self.momentum, dtype=dtype)
        with torch.no_grad():
            for name, value in (("weight", self.gamma), ("bias", self.beta),
                                ("running_mean", self.running_mean),
                                ("running_var", self.running_var)):
                getattr(module, name).copy_(torch.from_numpy(np.array(value)))
        return module
