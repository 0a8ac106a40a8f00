"""Convolution layers: ``Conv2D`` on ``(N, C, H, W)`` and ``Conv1D`` on ``(N, C, L)``.

The math (im2col and GEMM, col2im, the symbolic form) is :mod:`chainrule.ops.convolution`;
a layer holds the kernel ``K`` of shape ``(O, C, kh, kw)`` (``(O, C, k)`` in 1-D) and the
bias ``b`` of shape ``(O,)``, as PyTorch stores them.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from chainrule.errors import ConfigError
from chainrule.nn.layer import Layer
from chainrule.ops import convolution


def _positive(value: object, what: str, layer: str) -> int:
    number = int(value)  # type: ignore[call-overload]
    if number < 1:
        raise ConfigError(f"{layer} needs a positive {what}; got {value}")
    return number


class _Conv(Layer):
    """Shared by the 1-D and 2-D convolutions (``dims`` spatial axes)."""

    dims: ClassVar[int]
    parameter_names = ("K", "b")
    decayed_names = ("K",)

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, stride: int = 1,
                 padding: int = 0, bias: bool = True) -> None:
        name = type(self).__name__
        self.in_channels = _positive(in_channels, "number of input channels", name)
        self.out_channels = _positive(out_channels, "number of output channels", name)
        self.kernel_size = _positive(kernel_size, "kernel size", name)
        self.stride = _positive(stride, "stride", name)
        if int(padding) < 0:
            raise ConfigError(f"{name} needs a padding ≥ 0; got {padding}")
        self.padding, self.bias = int(padding), bool(bias)
        if not self.bias:
            self.parameter_names = ("K",)  # an instance attribute: this layer has no b
        super().__init__()

    @property
    def kernel_shape(self) -> tuple[int, ...]:
        return (self.out_channels, self.in_channels) + (self.kernel_size,) * self.dims

    def initialize(self, rng: np.random.Generator, dtype: np.dtype) -> None:
        """He-normal kernel (``std = √(2 / (C·k^d))``, for ReLU nets), zero bias."""
        fan_in = self.in_channels * self.kernel_size ** self.dims
        self.K = (rng.standard_normal(self.kernel_shape) * np.sqrt(2.0 / fan_in)).astype(dtype)
        if self.bias:
            self.b = np.zeros(self.out_channels, dtype=dtype)

    def expected_width(self) -> int | None:
        return self.in_channels

    def output_width(self, width: int | None) -> int | None:
        return self.out_channels

    def check_input(self, shape: tuple[int, ...]) -> None:
        super().check_input(shape)
        if shape[1] != self.in_channels:
            raise self.shape_error(shape, f"{shape[1]} channels instead of {self.in_channels}")
        padded = [size + 2 * self.padding for size in shape[2:]]
        if min(padded) < self.kernel_size:
            raise self.shape_error(shape, f"the kernel {self.kernel_size} is larger than the "
                                          f"padded input {tuple(padded)}")

    def forward(self, x: np.ndarray) -> np.ndarray:
        y, self.cache = convolution.forward(x, self.K, self.b if self.bias else None,
                                            self.stride, self.padding)
        return y

    def backward(self, x: np.ndarray, y: np.ndarray, grad: np.ndarray,
                 need_input_grad: bool = True) -> np.ndarray | None:
        grad_x, grad_kernel, grad_bias = convolution.backward(
            x.shape, self.cache, self.K, grad, self.stride, self.padding, need_input_grad)
        self._store("K", grad_kernel)
        if self.bias:
            self._store("b", grad_bias)
        return grad_x

    def symbolic(self, patch, kernel, bias=None):
        """One output entry ``b + Σ K·x̃`` from one patch's and one output channel's kernel's
        SymPy symbols, both of shape ``(C, k, ...)`` (see :func:`convolution.symbolic`)."""
        return convolution.symbolic(patch, kernel, bias)

    def config(self) -> dict[str, object]:
        return {"in_channels": self.in_channels, "out_channels": self.out_channels,
                "kernel_size": self.kernel_size, "stride": self.stride,
                "padding": self.padding, "bias": self.bias}

    def describe(self) -> str:
        """E.g. ``Conv2D 1→16 k3 stride 2 padding 1 (no bias)``; defaults left out."""
        text = f"{type(self).__name__} {self.in_channels}→{self.out_channels} k{self.kernel_size}"
        if self.stride != 1:
            text += f" stride {self.stride}"
        if self.padding:
            text += f" padding {self.padding}"
        return text + ("" if self.bias else " (no bias)")

    def torch_module(self, torch: Any, dtype: Any, rank: int) -> Any:
        module = getattr(torch.nn, f"Conv{self.dims}d")(
            self.in_channels, self.out_channels, self.kernel_size, stride=self.stride,
            padding=self.padding, bias=self.bias, dtype=dtype)
        with torch.no_grad():
            module.weight.copy_(torch.from_numpy(np.array(self.K)))
            if self.bias:
                module.bias.copy_(torch.from_numpy(np.array(self.b)))
        return module


class Conv2D(_Conv):
    """2-D convolution (cross-correlation) of ``(N, C, H, W)`` inputs, PyTorch's ``Conv2d``.

    Parameters
    ----------
    in_channels, out_channels : ``C`` and ``O``.
    kernel_size : ``k`` (a square ``k × k`` kernel).
    stride, padding : the step between windows and the zeros added on each side.
    bias : whether the layer adds a bias per output channel.
    """

    kind = "conv2d"
    dims = 2
    input_rank = 4

    def expected_shape(self) -> str:
        return f"(N, {self.in_channels}, H, W)"


class Conv1D(_Conv):
    """1-D convolution of ``(N, C, L)`` inputs (sequences, signals), PyTorch's ``Conv1d``."""

    kind = "conv1d"
    dims = 1
    input_rank = 3

    def expected_shape(self) -> str:
        return f"(N, {self.in_channels}, L)"
