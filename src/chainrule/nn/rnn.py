r"""The Elman recurrent layer (Goodfellow et al., §10.2), batch-first, row-vector layout:

.. math:: a^{(t)} = b + h^{(t-1)} W + x^{(t)} U, \qquad h^{(t)} = \tanh(a^{(t)}), \quad h^{(0)} = 0

with ``U`` of shape ``(F, H)`` and ``W`` of shape ``(H, H)``. Backpropagation through time:
``δ^{(t)} = ∂L/∂a^{(t)} = (1 − h^{(t)2}) ⊙ (∂L/∂h^{(t)} \text{ from outside} + δ^{(t+1)} Wᵀ)``,
and every weight gradient is a sum over the time steps,

.. math:: \frac{\partial L}{\partial W} = \sum_t h^{(t-1)T} δ^{(t)}, \quad
          \frac{\partial L}{\partial U} = \sum_t x^{(t)T} δ^{(t)}, \quad
          \frac{\partial L}{\partial b} = \sum_t \sum_n δ^{(t)}_n

computed as one matrix product each over all steps at once; only the recurrence itself is
a loop over ``t`` (never over samples). ``δ^{(t)}`` is a product of Jacobians
``diag(1 − h²) Wᵀ``, one per step: it vanishes or explodes with their norms.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.nn.recurrent import Recurrent


class RNN(Recurrent):
    """``h_t = tanh(x_t U + h_{t−1} W + b)`` over ``(N, T, F)``, PyTorch's ``nn.RNN``
    (``batch_first=True``; its two biases are one ``b`` here)."""

    kind = "rnn"
    parameter_names = ("U", "W", "b")
    decayed_names = ("U", "W")

    def forward(self, x: np.ndarray) -> np.ndarray:
        n, steps, _ = x.shape
        inputs = np.moveaxis(x, 1, 0)  # (T, N, F)
        driven = inputs @ self.U + self.b  # x_t U + b for all steps: one product
        states = np.empty((steps, n, self.hidden_size), dtype=driven.dtype)
        h = np.zeros((n, self.hidden_size), dtype=driven.dtype)
        for t in range(steps):
            h = states[t] = np.tanh(driven[t] + h @ self.W)
        self.cache = (inputs, states)
        return self._result(states)

    def backward(self, x: np.ndarray, y: np.ndarray, grad: np.ndarray,
                 need_input_grad: bool = True) -> np.ndarray | None:
        inputs, states = self.cache
        deltas = self.deltas(states, self.outside_grads(grad, len(states)))
        hidden, width = self.hidden_size, self.input_size
        previous = np.concatenate([np.zeros_like(states[:1]), states[:-1]])  # h^{(t-1)}
        self._store("U", inputs.reshape(-1, width).T @ deltas.reshape(-1, hidden))
        self._store("W", previous.reshape(-1, hidden).T @ deltas.reshape(-1, hidden))
        self._store("b", deltas.sum(axis=(0, 1)))
        if not need_input_grad:
            return None
        return np.moveaxis(deltas @ self.U.T, 0, 1)

    def deltas(self, states: np.ndarray, outside: np.ndarray) -> np.ndarray:
        """``δ^{(t)}`` for every step, ``(T, N, H)``, from the last step back."""
        deltas = np.empty_like(states)
        carried = np.zeros_like(states[0])  # δ^{(t+1)} Wᵀ
        for t in reversed(range(len(states))):
            deltas[t] = (outside[t] + carried) * (1 - states[t] ** 2)
            carried = deltas[t] @ self.W.T
        return deltas

    def record(self) -> dict[str, np.ndarray]:
        """The hidden state of every step, ``h`` of shape ``(N, T, H)``."""
        return {"h": np.moveaxis(self.cache[1], 0, 1).copy()}

    def symbolic(self, x, h_previous, U, W, b):
        """``[h_1, ..., h_H]`` of one step, from lists of SymPy symbols (``U[i][j]``, ...)."""
        import sympy

        return [sympy.tanh(b[j] + sum(h_previous[i] * W[i][j] for i in range(len(h_previous)))
                           + sum(x[i] * U[i][j] for i in range(len(x))))
                for j in range(len(b))]

    def torch_module(self, torch: Any, dtype: Any, rank: int) -> Any:
        from chainrule.nn.torch_layers import recurrent_module

        return recurrent_module(torch, self, dtype)
