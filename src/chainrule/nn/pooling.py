r"""Pooling over ``k × k`` windows of ``(N, C, H, W)`` maps: ``MaxPool2D`` and ``AvgPool2D``.

Windows start every ``s`` positions (``s = k`` by default: windows side by side), without
padding, so the output is ``⌊(H − k)/s⌋ + 1`` by ``⌊(W − k)/s⌋ + 1``.

* max: ``y[n,c,i,j] = max_{u,v} x[n,c,si+u,sj+v]``; the gradient goes to the arg-max of each
  window alone, ``∂L/∂x = δ`` there and 0 elsewhere. On a tie the *first* maximum in
  row-major window order takes it (as PyTorch does); overlapping windows add up.
* average: ``y = (1/k²) Σ_{u,v} x[n,c,si+u,sj+v]``; each input of the window gets ``δ/k²``.
"""

from __future__ import annotations

from itertools import product
from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.nn.layer import Layer
from chainrule.ops.convolution import windows


class _Pool2D(Layer):
    input_rank = 4

    def __init__(self, kernel_size: int, stride: int | None = None) -> None:
        self.kernel_size = int(kernel_size)
        self.stride = self.kernel_size if stride is None else int(stride)
        if self.kernel_size < 1 or self.stride < 1:
            raise ConfigError(f"{type(self).__name__} needs a positive kernel size and stride; "
                              f"got {kernel_size} and {stride}")
        super().__init__()

    def expected_shape(self) -> str:
        return f"(N, C, H, W) with H, W ≥ {self.kernel_size}"

    def check_input(self, shape: tuple[int, ...]) -> None:
        super().check_input(shape)
        if min(shape[2:]) < self.kernel_size:
            raise self.shape_error(shape, f"the window {self.kernel_size} is larger than the "
                                          f"map {tuple(shape[2:])}")

    def _windows(self, x: np.ndarray) -> np.ndarray:
        """``(N, C, Ho, Wo, k·k)``: each window's entries in row-major order (a copy)."""
        view = windows(x, (self.kernel_size,) * 2, self.stride)
        return view.reshape(*view.shape[:4], -1)

    def _spread(self, x_shape: tuple[int, ...], share: np.ndarray) -> np.ndarray:
        """``∂L/∂x`` from ``share[..., u·k + v]``, each window entry's part of δ: one strided
        addition per window offset ``(u, v)``."""
        k, s = self.kernel_size, self.stride
        grad = np.zeros(x_shape, dtype=share.dtype)
        rows, columns = share.shape[2:4]
        for u, v in product(range(k), range(k)):
            grad[:, :, u:u + s * (rows - 1) + 1:s, v:v + s * (columns - 1) + 1:s] += \
                share[..., u * k + v]
        return grad

    def config(self) -> dict[str, object]:
        return {"kernel_size": self.kernel_size, "stride": self.stride}

    def describe(self) -> str:
        stride = "" if self.stride == self.kernel_size else f" stride {self.stride}"
        return f"{type(self).__name__} {self.kernel_size}×{self.kernel_size}{stride}"


class MaxPool2D(_Pool2D):
    """The maximum of each ``k × k`` window, PyTorch's ``MaxPool2d(k, stride)``."""

    kind = "maxpool2d"

    def forward(self, x: np.ndarray) -> np.ndarray:
        patches = self._windows(x)
        arg = patches.argmax(axis=-1)  # the first maximum on ties
        self.cache = arg
        return np.take_along_axis(patches, arg[..., None], axis=-1)[..., 0]

    def backward(self, x: np.ndarray, y: np.ndarray, grad: np.ndarray,
                 need_input_grad: bool = True) -> np.ndarray | None:
        arg = self.cache
        share = np.zeros((*grad.shape, self.kernel_size ** 2), dtype=grad.dtype)
        np.put_along_axis(share, arg[..., None], grad[..., None], axis=-1)
        return self._spread(x.shape, share)

    def record(self) -> dict[str, np.ndarray]:
        return {"argmax": self.cache.copy()}

    def symbolic(self, window):
        """``max(x_1, ..., x_k²)`` of one window's SymPy symbols."""
        import sympy

        return sympy.Max(*np.ravel(np.asarray(window, dtype=object)))

    def torch_module(self, torch: Any, dtype: Any, rank: int) -> Any:
        return torch.nn.MaxPool2d(self.kernel_size, self.stride)


class AvgPool2D(_Pool2D):
    """The mean of each ``k × k`` window, PyTorch's ``AvgPool2d(k, stride)``."""

    kind = "avgpool2d"

    def forward(self, x: np.ndarray) -> np.ndarray:
        view = windows(x, (self.kernel_size,) * 2, self.stride)
        return view.mean(axis=(-2, -1))

    def backward(self, x: np.ndarray, y: np.ndarray, grad: np.ndarray,
                 need_input_grad: bool = True) -> np.ndarray | None:
        size = self.kernel_size ** 2
        share = np.broadcast_to((grad / size)[..., None], (*grad.shape, size))
        return self._spread(x.shape, share)

    def symbolic(self, window):
        """``(1/k²) Σ x`` of one window's SymPy symbols."""
        import sympy

        entries = np.ravel(np.asarray(window, dtype=object))
        return sympy.Add(*entries) / len(entries)

    def torch_module(self, torch: Any, dtype: Any, rank: int) -> Any:
        return torch.nn.AvgPool2d(self.kernel_size, self.stride)
