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
from typing import Any, ClassVar

import numpy as np

from chainrule.errors import ConfigError
from chainrule.nn.layer import Layer


class _Pool2D(Layer):
    input_rank = 4
    #: whether each window's output is its mean (every input counts 1/k²), not its maximum
    averages: ClassVar[bool] = False

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

    def _offsets(self, x: np.ndarray, rows: int, columns: int) -> list[np.ndarray]:
        """For each window offset ``(u, v)`` in row-major order, the strided view of ``x``
        holding entry ``(u, v)`` of every window, ``(N, C, Ho, Wo)``: no copy."""
        k, s = self.kernel_size, self.stride
        return [x[:, :, u:u + s * (rows - 1) + 1:s, v:v + s * (columns - 1) + 1:s]
                for u, v in product(range(k), range(k))]

    def _output_size(self, shape: tuple[int, ...]) -> tuple[int, int]:
        k, s = self.kernel_size, self.stride
        return (shape[2] - k) // s + 1, (shape[3] - k) // s + 1

    def windows(self, shape: tuple[int, ...]) -> np.ndarray:
        """Which input entries each window holds: ``(Ho, Wo, H, W)``, 1 where input ``(p, q)``
        lies in window ``(i, j)`` (``si ≤ p < si + k``, ``sj ≤ q < sj + k``), else 0."""
        k, s = self.kernel_size, self.stride
        rows, columns = self._output_size(shape)
        p, i = np.arange(shape[2]), np.arange(rows)
        q, j = np.arange(shape[3]), np.arange(columns)
        in_rows = (s * i[:, None] <= p) & (p < s * i[:, None] + k)  # (Ho, H)
        in_columns = (s * j[:, None] <= q) & (q < s * j[:, None] + k)  # (Wo, W)
        return (in_rows[:, None, :, None] & in_columns[None, :, None, :]).astype(float)

    def switches(self, x: np.ndarray, ties: str = "first") -> np.ndarray:
        """Where each window's maximum is: ``(N, C, Ho, Wo, H, W)``, 1 at the input entry
        ``(p, q)`` of window ``(i, j)`` that is its maximum, 0 elsewhere (CS231n's
        "switches"). ``ties="first"``: one entry per window, the first maximum in row-major
        order (where max pooling sends δ, as PyTorch does); ``"all"``: every tied entry."""
        rows, columns = self._output_size(x.shape)
        k, s = self.kernel_size, self.stride
        entries = self._offsets(x, rows, columns)
        top = np.max(entries, axis=0)
        out = np.zeros((*x.shape[:2], rows, columns, *x.shape[2:]))
        taken = np.zeros(top.shape, dtype=bool)
        i, j = np.arange(rows)[:, None], np.arange(columns)[None, :]
        for (u, v), entry in zip(product(range(k), range(k)), entries, strict=True):
            hit = entry == top
            if ties == "first":
                hit &= ~taken
                taken |= hit
            out[:, :, i, j, s * i + u, s * j + v] = hit
        return out

    def config(self) -> dict[str, object]:
        return {"kernel_size": self.kernel_size, "stride": self.stride}

    def describe(self) -> str:
        stride = "" if self.stride == self.kernel_size else f" stride {self.stride}"
        return f"{type(self).__name__} {self.kernel_size}×{self.kernel_size}{stride}"


class MaxPool2D(_Pool2D):
    """The maximum of each ``k × k`` window, PyTorch's ``MaxPool2d(k, stride)``."""

    kind = "maxpool2d"

    def forward(self, x: np.ndarray) -> np.ndarray:
        entries = self._offsets(x, *self._output_size(x.shape))
        y = entries[0].copy()
        for entry in entries[1:]:
            np.maximum(y, entry, out=y)
        return y

    def backward(self, x: np.ndarray, y: np.ndarray, grad: np.ndarray,
                 need_input_grad: bool = True) -> np.ndarray | None:
        """δ to the first entry of each window equal to its maximum (row-major order)."""
        grad_x = np.zeros_like(x, dtype=grad.dtype)
        taken = np.zeros(y.shape, dtype=bool)
        rows, columns = y.shape[2:]
        for entry, target in zip(self._offsets(x, rows, columns),
                                 self._offsets(grad_x, rows, columns), strict=True):
            hit = entry == y
            hit &= ~taken
            taken |= hit
            target += grad * hit
        return grad_x

    def symbolic(self, window):
        """``max(x_1, ..., x_k²)`` of one window's SymPy symbols."""
        import sympy

        return sympy.Max(*np.ravel(np.asarray(window, dtype=object)))

    def torch_module(self, torch: Any, dtype: Any, rank: int) -> Any:
        return torch.nn.MaxPool2d(self.kernel_size, self.stride)


class AvgPool2D(_Pool2D):
    """The mean of each ``k × k`` window, PyTorch's ``AvgPool2d(k, stride)``."""

    kind = "avgpool2d"
    averages = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        entries = self._offsets(x, *self._output_size(x.shape))
        y = entries[0].copy()
        for entry in entries[1:]:
            y += entry
        y /= len(entries)
        return y

    def backward(self, x: np.ndarray, y: np.ndarray, grad: np.ndarray,
                 need_input_grad: bool = True) -> np.ndarray | None:
        """``δ/k²`` to every entry of each window."""
        grad_x = np.zeros_like(x, dtype=grad.dtype)
        share = grad / self.kernel_size ** 2
        for target in self._offsets(grad_x, *y.shape[2:]):
            target += share
        return grad_x

    def symbolic(self, window):
        """``(1/k²) Σ x`` of one window's SymPy symbols."""
        import sympy

        entries = np.ravel(np.asarray(window, dtype=object))
        return sympy.Add(*entries) / len(entries)

    def torch_module(self, torch: Any, dtype: Any, rank: int) -> Any:
        return torch.nn.AvgPool2d(self.kernel_size, self.stride)
