"""``Flatten``: ``(N, C, H, W)`` (or any ``(N, ...)``) to ``(N, C·H·W)``, row-major as in
PyTorch, so that a ``Dense`` layer can follow a convolution. The gradient is δ reshaped back.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.nn.layer import Layer


class Flatten(Layer):
    """Keep the batch axis, join all others (``x.reshape(N, -1)``)."""

    kind = "flatten"

    def check_input(self, shape: tuple[int, ...]) -> None:
        if len(shape) < 2:
            raise self.shape_error(shape)

    def expected_shape(self) -> str:
        return "(N, ...)"

    def output_width(self, width: int | None) -> int | None:
        return None  # C·H·W: known only when the data come

    def output_rank(self, input_rank: int | None) -> int | None:
        return 2

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x.reshape(len(x), -1)

    def backward(self, x: np.ndarray, y: np.ndarray, grad: np.ndarray,
                 need_input_grad: bool = True) -> np.ndarray | None:
        return grad.reshape(x.shape)

    def torch_module(self, torch: Any, dtype: Any, rank: int) -> Any:
        return torch.nn.Flatten()
