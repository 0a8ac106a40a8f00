r"""Convolution (a cross-correlation, as in PyTorch and CS231n) in one or two dimensions.

For an input ``x`` of shape ``(N, C, H, W)``, a kernel ``K`` of shape ``(O, C, kh, kw)`` and a
bias ``b`` of shape ``(O,)``, with stride ``s`` and zero padding ``p`` (``x̃`` is ``x`` padded):

.. math:: y[n,o,i,j] = b_o + \sum_{c,u,v} K[o,c,u,v]\, x̃[n, c, s i + u, s j + v]

Local derivatives, with ``δ = ∂L/∂y``:

.. math:: \frac{\partial L}{\partial K[o,c,u,v]} = \sum_{n,i,j} δ[n,o,i,j]\, x̃[n,c,si+u,sj+v],
          \quad \frac{\partial L}{\partial b_o} = \sum_{n,i,j} δ[n,o,i,j]

and ``∂L/∂x̃`` is the *full* correlation of δ (spread by the stride) with the kernel flipped
in both axes: each output position sends ``δ·K`` back to the patch it read.

**im2col.** The patches of each sample are laid out as the columns of a matrix: ``X_col`` of
shape ``(N, C·kh·kw, Ho·Wo)`` (one column per output position), so the forward pass is one
product per sample, ``y_n = K_col X_col,n`` with ``K_col`` the kernel as ``(O, C·kh·kw)``,
and the output comes out as ``(N, O, Ho·Wo)``, already in the batch-first layout. Backward:
``∂L/∂K_col = Σ_n δ_n X_col,nᵀ`` and ``∂L/∂X_col,n = K_colᵀ δ_n``, which is added back into
the input patches ("col2im": a loop over the ``kh·kw`` kernel offsets, each one strided
array addition). ``X_col`` is the memory bound of a convolution: ``N·Ho·Wo·C·kh·kw`` numbers
per batch.

One spatial axis (``Conv1D`` on ``(N, C, L)``) is the same with ``d = 1``.
"""

from __future__ import annotations

from itertools import product

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def output_size(size: int, kernel: int, stride: int, padding: int) -> int:
    """``⌊(size + 2p − k) / s⌋ + 1``, the number of output positions along one axis."""
    return (size + 2 * padding - kernel) // stride + 1


def pad(x: np.ndarray, padding: int, dims: int) -> np.ndarray:
    """``x`` with ``padding`` zeros on both sides of its last ``dims`` axes."""
    if padding == 0:
        return x
    return np.pad(x, [(0, 0)] * (x.ndim - dims) + [(padding, padding)] * dims)


def windows(x_padded: np.ndarray, kernel: tuple[int, ...], stride: int) -> np.ndarray:
    """A view of every patch: shape ``(N, C, *out, *kernel)`` (no copy)."""
    dims = len(kernel)
    axes = tuple(range(2, 2 + dims))
    view = sliding_window_view(x_padded, kernel, axis=axes)
    if stride > 1:
        view = view[(slice(None), slice(None)) + (slice(None, None, stride),) * dims]
    return view


def im2col(x_padded: np.ndarray, kernel: tuple[int, ...], stride: int) -> np.ndarray:
    """The patches as columns: ``(N, C·kh·kw, Ho·Wo)``, rows ordered ``(c, u, v)`` like
    ``K.reshape(O, -1)``."""
    view = windows(x_padded, kernel, stride)
    dims = len(kernel)
    # (N, C, *out, *kernel) -> (N, C, *kernel, *out)
    order = (0, 1, *range(2 + dims, 2 + 2 * dims), *range(2, 2 + dims))
    n, channels = view.shape[:2]
    positions = int(np.prod(view.shape[2:2 + dims]))
    return view.transpose(order).reshape(n, channels * int(np.prod(kernel)), positions)


def forward(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray | None, stride: int,
            padding: int) -> tuple[np.ndarray, np.ndarray]:
    """``(y, X_col)``: the output ``(N, O, *out)`` and the patch matrix kept for backward."""
    dims = kernel.ndim - 2
    x_padded = pad(x, padding, dims)
    columns = im2col(x_padded, kernel.shape[2:], stride)
    out_shape = windows(x_padded, kernel.shape[2:], stride).shape[2:2 + dims]
    y = np.matmul(kernel.reshape(kernel.shape[0], -1), columns)  # (N, O, Ho·Wo)
    if bias is not None:
        y += bias[:, None]
    return y.reshape(x.shape[0], kernel.shape[0], *out_shape), columns


def backward(x_shape: tuple[int, ...], columns: np.ndarray, kernel: np.ndarray,
             delta: np.ndarray, stride: int, padding: int, need_input_grad: bool = True,
             ) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """``(∂L/∂x, ∂L/∂K, ∂L/∂b)`` from ``δ = ∂L/∂y`` of shape ``(N, O, *out)``."""
    n, n_out = delta.shape[:2]
    delta_col = delta.reshape(n, n_out, -1)  # (N, O, Ho·Wo), a view
    # Σ_n δ_n X_col,nᵀ as one product: (O, N·Ho·Wo) @ (N·Ho·Wo, C·kh·kw) would need two
    # transposed copies; the batched product and a sum over N need none
    grad_kernel = np.matmul(delta_col, columns.transpose(0, 2, 1)).sum(axis=0)
    grad_kernel = grad_kernel.reshape(kernel.shape)
    grad_bias = delta_col.sum(axis=(0, 2))
    if not need_input_grad:
        return None, grad_kernel, grad_bias
    grad_columns = np.matmul(kernel.reshape(n_out, -1).T, delta_col)  # (N, C·kh·kw, Ho·Wo)
    return col2im(grad_columns, x_shape, kernel.shape[2:], stride, padding), grad_kernel, grad_bias


def col2im(grad_columns: np.ndarray, x_shape: tuple[int, ...], kernel: tuple[int, ...],
           stride: int, padding: int) -> np.ndarray:
    """Add each column of ``∂L/∂X_col`` back onto the input patch it was read from."""
    dims = len(kernel)
    n, channels = x_shape[:2]
    padded = [size + 2 * padding for size in x_shape[2:]]
    out = [output_size(size, k, stride, padding) for size, k in zip(x_shape[2:], kernel,
                                                                      strict=True)]
    patches = grad_columns.reshape(n, channels, *kernel, *out)  # a view
    grad = np.zeros((n, channels, *padded), dtype=grad_columns.dtype)
    for offset in product(*(range(k) for k in kernel)):
        target = tuple(slice(u, u + stride * (o - 1) + 1, stride) for u, o in zip(offset, out,
                                                                                  strict=True))
        grad[(slice(None), slice(None), *target)] += patches[(slice(None), slice(None), *offset)]
    if padding:
        grad = grad[(slice(None), slice(None)) + (slice(padding, -padding),) * dims]
    return grad


def symbolic(patch, kernel, bias=None):
    """One output entry ``b + Σ_{c,u,v} K[c,u,v]·x̃[c, si+u, sj+v]`` from nested lists (or
    arrays) of SymPy symbols of one input patch and one output channel's kernel, both of
    shape ``(C, kh, kw)`` (or ``(C, k)``)."""
    import sympy

    pairs = zip(np.ravel(np.asarray(patch, dtype=object)),
                np.ravel(np.asarray(kernel, dtype=object)), strict=True)
    total = sympy.Add(*[k * x for x, k in pairs])
    return total + bias if bias is not None else total
