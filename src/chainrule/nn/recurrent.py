"""What the recurrent layers share: the sequence checks, the output choice, the weights."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from chainrule.errors import ConfigError
from chainrule.nn.layer import Layer

OUTPUTS = ("last", "all")


class Recurrent(Layer):
    """A layer over sequences ``(N, T, F)`` (batch-first) with a hidden state of ``H`` units.

    ``output="last"`` gives the last step's hidden state ``(N, H)``; ``"all"`` every step's,
    ``(N, T, H)`` (to stack another recurrent layer). The state starts at 0.
    """

    input_rank = 3
    gates: ClassVar[int] = 1  # blocks of H columns in the weight matrices

    def __init__(self, input_size: int, hidden_size: int, output: str = "last") -> None:
        self.input_size, self.hidden_size = int(input_size), int(hidden_size)
        name = type(self).__name__
        if self.input_size < 1 or self.hidden_size < 1:
            raise ConfigError(f"{name} needs positive input and hidden sizes; got "
                              f"{input_size} and {hidden_size}")
        if output not in OUTPUTS:
            from chainrule.errors import one_of

            raise one_of("output", output, OUTPUTS)
        self.output = output
        super().__init__()

    def initialize(self, rng: np.random.Generator, dtype: np.dtype) -> None:
        """Weights uniform in ``±1/√H`` (PyTorch's default), biases 0."""
        bound = 1.0 / np.sqrt(self.hidden_size)
        width = self.gates * self.hidden_size
        input_name, hidden_name, bias_name = self.parameter_names
        for name, shape in ((input_name, (self.input_size, width)),
                            (hidden_name, (self.hidden_size, width))):
            setattr(self, name, rng.uniform(-bound, bound, shape).astype(dtype))
        setattr(self, bias_name, np.zeros(width, dtype=dtype))

    def expected_shape(self) -> str:
        return f"(N, T, {self.input_size})"

    def check_input(self, shape: tuple[int, ...]) -> None:
        super().check_input(shape)
        if shape[2] != self.input_size or shape[1] < 1:
            raise self.shape_error(shape)

    def expected_width(self) -> int | None:
        return self.input_size

    def output_width(self, width: int | None) -> int | None:
        return self.hidden_size

    def output_rank(self, input_rank: int | None) -> int | None:
        return 2 if self.output == "last" else 3

    def outside_grads(self, grad: np.ndarray, steps: int) -> np.ndarray:
        """``∂L/∂h_t`` from outside the layer for every step, ``(T, N, H)``: only the last
        step's is nonzero for ``output="last"``."""
        if self.output == "all":
            return np.moveaxis(grad, 1, 0)
        outside = np.zeros((steps, *grad.shape), dtype=grad.dtype)
        outside[-1] = grad
        return outside

    def _result(self, states: np.ndarray) -> np.ndarray:
        """The layer's output from the hidden states ``(T, N, H)``."""
        return states[-1].copy() if self.output == "last" else np.moveaxis(states, 0, 1).copy()

    def config(self) -> dict[str, object]:
        return {"input_size": self.input_size, "hidden_size": self.hidden_size,
                "output": self.output}

    def describe(self) -> str:
        last = " (last step)" if self.output == "last" else " (all steps)"
        return f"{type(self).__name__} {self.input_size}→{self.hidden_size}{last}"
