r"""The affine map of a dense layer, in the batch-first (row-vector) layout.

.. math:: z = xW + b, \qquad z_j = \sum_i x_i w_{ij} + b_j

with ``x`` of shape ``(N, n_in)``, ``W`` of shape ``(n_in, n_out)``: ``W[i, j]`` connects
input unit ``i`` to output unit ``j``. Local derivatives:

.. math:: \frac{\partial z_j}{\partial w_{ij}} = x_i, \quad
          \frac{\partial z_j}{\partial b_j} = 1, \quad
          \frac{\partial z_j}{\partial x_i} = w_{ij}

so for a batch ``∂L/∂W = xᵀ δ``, ``∂L/∂b = Σ_n δ_n`` and ``∂L/∂x = δ Wᵀ``, with
``δ = ∂L/∂z`` of shape ``(N, n_out)``. The column-vector convention of some courses
(``z = Wx + b``, ``W`` of shape ``(n_out, n_in)``) is a notation, rendered by the explainer.

The *stacked* form is the same map by the bias trick: with a column of ones appended to
``x`` and ``b`` appended to ``W`` as a last row, ``z = [x 1] [W; b]`` is one matrix product,
and ``[x 1]ᵀ δ`` holds ``∂L/∂W`` with ``∂L/∂b = Σ_n δ_n`` as its last row. Training uses it
on small networks, where the separate bias add and column sum cost as much as the products.
"""

from __future__ import annotations

import numpy as np


def forward(
    x: np.ndarray, weights: np.ndarray, bias: np.ndarray | None, out: np.ndarray | None = None
) -> np.ndarray:
    """``z = x W + b``, shape ``(N, n_out)`` (written into ``out`` if given)."""
    z = np.matmul(x, weights, out)  # `out` positional: parsed faster than the keyword
    if bias is not None:
        z += bias
    return z


def backward(
    x: np.ndarray,
    weights: np.ndarray,
    delta: np.ndarray,
    need_input_grad: bool = True,
    out: tuple[np.ndarray, np.ndarray | None] | None = None,
) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """``(∂L/∂x, ∂L/∂W, ∂L/∂b)`` from ``δ = ∂L/∂z``; ``∂L/∂x`` is None when not needed.

    ``out``, optional: arrays of shapes ``(n_in, n_out)`` and ``(n_out,)`` (or None) that
    receive ``∂L/∂W`` and ``∂L/∂b`` instead of new arrays (the same values).
    """
    grad_weights, grad_bias = out if out is not None else (None, None)
    grad_weights = np.matmul(x.T, delta, out=grad_weights)
    grad_bias = np.add.reduce(delta, axis=0, out=grad_bias)
    grad_x = delta @ weights.T if need_input_grad else None
    return grad_x, grad_weights, grad_bias


def forward_stacked(
    x_ones: np.ndarray, stacked: np.ndarray, out: np.ndarray | None = None
) -> np.ndarray:
    """``z = [x 1] [W; b]``: ``x_ones`` is ``(N, n_in + 1)`` with a last column of ones,
    ``stacked`` is ``(n_in + 1, n_out)`` with ``b`` as its last row."""
    return np.matmul(x_ones, stacked, out)


def backward_stacked(
    x_ones: np.ndarray,
    stacked: np.ndarray,
    delta: np.ndarray,
    grad_out: np.ndarray,
    input_grad_out: np.ndarray | None = None,
) -> np.ndarray | None:
    """Write ``∂L/∂[W; b] = [x 1]ᵀ δ`` into ``grad_out`` (shape of ``stacked``).

    With ``input_grad_out`` of shape ``(N, n_in + 1)``, also write and return
    ``δ [W; b]ᵀ``: its first ``n_in`` columns are ``∂L/∂x``; the last one, the gradient with
    respect to the constant 1, is computed along (one column more costs nothing) and unused.
    """
    np.matmul(x_ones.T, delta, grad_out)
    if input_grad_out is None:
        return None
    return np.matmul(delta, stacked.T, input_grad_out)


def symbolic(xs, weights, biases):
    """``[z_1, ..., z_out]`` from input symbols ``xs``, a weight matrix ``weights[i][j]``
    and bias symbols ``biases`` (or None)."""
    import sympy

    n_out = len(weights[0]) if weights else 0
    outputs = []
    for j in range(n_out):
        z = sympy.Add(*[x * weights[i][j] for i, x in enumerate(xs)])
        outputs.append(z + biases[j] if biases is not None else z)
    return outputs
