"""The yardstick: a minimal hand-written NumPy training loop, written for this benchmark.

Forward, the fused output gradient ((p − y)/N for softmax + cross-entropy, 2(a − y)/N for
a mean squared error on one output), backward, plain SGD update; nothing else: no loss
value, no accuracy, no checks. It is what a careful person writes by hand, and what the
library's structure is measured against.
"""

from __future__ import annotations

import numpy as np


class NumpyLoop:
    """An MLP as bare arrays: ``W[l]`` of shape ``(n_in, n_out)``, ``b[l]`` of ``(n_out,)``.

    Parameters
    ----------
    weights, biases : initial arrays (copied), e.g. a chainrule network's ``get_weights()``.
    hidden : ``"tanh"`` or ``"relu"``, the activation of every hidden layer.
    loss : ``"softmax_ce"`` (targets one-hot) or ``"mse"`` (targets ``(N, 1)``).
    """

    def __init__(self, weights, biases, hidden: str, loss: str) -> None:
        self.W = [np.array(w) for w in weights]
        self.b = [np.array(b) for b in biases]
        self.hidden, self.loss = hidden, loss

    def epoch(self, x: np.ndarray, y: np.ndarray, order: np.ndarray, batch: int, lr) -> None:
        """One pass over ``x[order]`` in mini-batches of ``batch``; ``y`` is encoded."""
        W, b, last = self.W, self.b, len(self.W) - 1
        tanh = self.hidden == "tanh"
        for start in range(0, len(x), batch):
            index = order[start:start + batch]
            a = [x[index]]
            for k in range(last + 1):
                z = a[k] @ W[k]
                z += b[k]
                if k < last:
                    np.tanh(z, out=z) if tanh else np.maximum(z, 0, out=z)
                a.append(z)
            d = self._output_gradient(a[-1], y[index])
            for k in range(last, -1, -1):
                grad_W = a[k].T @ d
                grad_b = d.sum(axis=0)
                if k > 0:
                    d = d @ W[k].T
                    d *= (1 - a[k] * a[k]) if tanh else (a[k] > 0)
                grad_W *= lr
                W[k] -= grad_W
                grad_b *= lr
                b[k] -= grad_b

    def _output_gradient(self, out: np.ndarray, target: np.ndarray) -> np.ndarray:
        scale = out.dtype.type(1 / len(out))
        if self.loss == "mse":
            out -= target
            out *= 2 * scale
            return out
        out -= out.max(axis=1, keepdims=True)
        np.exp(out, out=out)
        out /= out.sum(axis=1, keepdims=True)
        out -= target
        out *= scale
        return out

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Class labels (argmax of the output)."""
        for k, (w, b) in enumerate(zip(self.W, self.b, strict=True)):
            x = x @ w + b
            if k < len(self.W) - 1:
                x = np.tanh(x) if self.hidden == "tanh" else np.maximum(x, 0)
        return x.argmax(axis=1)
