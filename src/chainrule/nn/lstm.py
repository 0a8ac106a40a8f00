r"""The LSTM layer (Hochreiter & Schmidhuber; PyTorch's gate order), batch-first:

.. math:: [\,i\;f\;g\;o\,] = [σ\;σ\;\tanh\;σ]\big(x^{(t)} W_x + h^{(t-1)} W_h + b\big), \quad
          c^{(t)} = f ⊙ c^{(t-1)} + i ⊙ g, \quad h^{(t)} = o ⊙ \tanh c^{(t)}

with ``W_x`` of shape ``(F, 4H)``, ``W_h`` of shape ``(H, 4H)`` and ``b`` of shape ``(4H,)``,
the four gates side by side. Backward through time, with ``∂L/∂h`` and ``∂L/∂c`` carried
from step ``t + 1``:

.. math:: ∂c \mathrel{+}= ∂h ⊙ o ⊙ (1 − \tanh^2 c), \quad ∂o = ∂h ⊙ \tanh c, \quad
          ∂i = ∂c ⊙ g, \quad ∂g = ∂c ⊙ i, \quad ∂f = ∂c ⊙ c^{(t-1)}, \quad
          ∂c^{(t-1)} = ∂c ⊙ f

then through the gates' nonlinearities to ``δ^{(t)} = ∂L/∂(\text{pre-activations})``, and
``∂h^{(t-1)} = δ^{(t)} W_hᵀ``. The cell path ``∂c^{(t-1)} = ∂c ⊙ f`` is what lets gradients
survive many steps. Weight gradients are sums over steps, one matrix product each.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.nn.recurrent import Recurrent


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * z) + 1)  # no overflow for large |z|


class LSTM(Recurrent):
    """Long short-term memory over ``(N, T, F)``, PyTorch's ``nn.LSTM`` (``batch_first``;
    its two biases are one ``b`` here)."""

    kind = "lstm"
    gates = 4
    #: the gates in the order of their blocks of H columns (PyTorch's order)
    gate_names = ("i", "f", "g", "o")
    parameter_names = ("Wx", "Wh", "b")
    decayed_names = ("Wx", "Wh")

    def forward(self, x: np.ndarray) -> np.ndarray:
        n, steps, _ = x.shape
        size = self.hidden_size
        inputs = np.moveaxis(x, 1, 0)  # (T, N, F)
        driven = inputs @ self.Wx + self.b  # (T, N, 4H), one product for all steps
        gates = np.empty_like(driven)  # i, f, g, o after their nonlinearities
        cells = np.empty((steps, n, size), dtype=driven.dtype)
        states = np.empty_like(cells)
        h = np.zeros((n, size), dtype=driven.dtype)
        c = np.zeros_like(h)
        for t in range(steps):
            z = driven[t] + h @ self.Wh
            gate = gates[t]
            gate[:, :2 * size] = _sigmoid(z[:, :2 * size])
            gate[:, 2 * size:3 * size] = np.tanh(z[:, 2 * size:3 * size])
            gate[:, 3 * size:] = _sigmoid(z[:, 3 * size:])
            i, f, g, o = np.split(gate, 4, axis=1)
            c = cells[t] = f * c + i * g
            h = states[t] = o * np.tanh(c)
        self.cache = (inputs, gates, cells, states)
        return self._result(states)

    def backward(self, x: np.ndarray, y: np.ndarray, grad: np.ndarray,
                 need_input_grad: bool = True) -> np.ndarray | None:
        inputs, gates, cells, states = self.cache
        deltas = self.deltas(gates, cells, self.outside_grads(grad, len(states)))
        size, width = self.hidden_size, self.input_size
        previous = np.concatenate([np.zeros_like(states[:1]), states[:-1]])
        flat = deltas.reshape(-1, 4 * size)
        self._store("Wx", inputs.reshape(-1, width).T @ flat)
        self._store("Wh", previous.reshape(-1, size).T @ flat)
        self._store("b", flat.sum(axis=0))
        if not need_input_grad:
            return None
        return np.moveaxis(deltas @ self.Wx.T, 0, 1)

    def deltas(self, gates: np.ndarray, cells: np.ndarray, outside: np.ndarray) -> np.ndarray:
        """``∂L/∂`` the four gates' pre-activations at every step, ``(T, N, 4H)``."""
        return self.through_time(gates, cells, outside)[0]

    def through_time(self, gates: np.ndarray, cells: np.ndarray,
                     outside: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Backpropagation through time: ``(δ, ∂L/∂h, ∂L/∂c)`` at every step, shapes
        ``(T, N, 4H)``, ``(T, N, H)``, ``(T, N, H)``; ``∂L/∂h^{(t)}`` and ``∂L/∂c^{(t)}``
        hold everything that reaches them (from outside and from step ``t + 1``)."""
        deltas = np.empty_like(gates)
        grads_h, grads_c = np.empty_like(cells), np.empty_like(cells)
        grad_h = np.zeros_like(cells[0])
        grad_c = np.zeros_like(cells[0])
        size = self.hidden_size
        for t in reversed(range(len(cells))):
            i, f, g, o = np.split(gates[t], 4, axis=1)
            tanh_c = np.tanh(cells[t])
            grad_h = grads_h[t] = grad_h + outside[t]
            grad_c = grads_c[t] = grad_c + grad_h * o * (1 - tanh_c ** 2)
            c_previous = cells[t - 1] if t else np.zeros_like(cells[0])
            delta = deltas[t]
            delta[:, :size] = grad_c * g * i * (1 - i)
            delta[:, size:2 * size] = grad_c * c_previous * f * (1 - f)
            delta[:, 2 * size:3 * size] = grad_c * i * (1 - g ** 2)
            delta[:, 3 * size:] = grad_h * tanh_c * o * (1 - o)
            grad_c = grad_c * f  # the cell path: ∂c^{(t)}/∂c^{(t-1)} = f^{(t)}
            grad_h = delta @ self.Wh.T
        return deltas, grads_h, grads_c

    def record(self) -> dict[str, np.ndarray]:
        """Every step's gates ``i, f, g, o``, cell ``c`` and state ``h``, batch-first."""
        _, gates, cells, states = self.cache
        i, f, g, o = np.split(np.moveaxis(gates, 0, 1), 4, axis=2)
        return {"i": i.copy(), "f": f.copy(), "g": g.copy(), "o": o.copy(),
                "c": np.moveaxis(cells, 0, 1).copy(), "h": np.moveaxis(states, 0, 1).copy()}

    def symbolic(self, x, h_previous, c_previous, Wx, Wh, b):
        """``(h, c)`` of one step as lists of SymPy expressions (``Wx[i][j]``, ...)."""
        import sympy

        size = len(h_previous)

        def pre(j):
            return (b[j] + sum(x[k] * Wx[k][j] for k in range(len(x)))
                    + sum(h_previous[k] * Wh[k][j] for k in range(size)))

        def sigma(z):
            return 1 / (1 + sympy.exp(-z))

        c = [sigma(pre(size + j)) * c_previous[j] + sigma(pre(j)) * sympy.tanh(pre(2 * size + j))
             for j in range(size)]
        h = [sigma(pre(3 * size + j)) * sympy.tanh(c[j]) for j in range(size)]
        return h, c

    def torch_module(self, torch: Any, dtype: Any, rank: int) -> Any:
        from chainrule.nn.torch_layers import recurrent_module

        return recurrent_module(torch, self, dtype)
