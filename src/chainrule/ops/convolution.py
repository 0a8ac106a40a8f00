r"""Convolution (a cross-correlation, as in PyTorch and CS231n) in one or two dimensions.

For an input ``x`` of shape ``(N, C, H, W)``, a kernel ``K`` of shape ``(O, C, kh, kw)`` and a
bias ``b`` of shape ``(O,)``, with stride ``s`` and zero padding ``p`` (``x̃`` is ``x`` padded):

.. math:: y[n,o,i,j] = b_o + \sum_{c,u,v} K[o,c,u,v]\, x̃[n, c, s i + u, s j + v]

Local derivatives, with ``δ = ∂L/∂y``:

.. math:: \frac{\partial L}{\partial K[o,c,u,v]} = \sum_{n,i,j} δ[n,o,i,j]\, x̃[n,c,si+u,sj+v],
          \quad \frac{\partial L}{\partial b_o} = \sum_{n,i,j} δ[n,o,i,j]

and ``∂L/∂x̃`` is the *full* correlation of δ (spread by the stride) with the kernel flipped
in both axes: each output position sends ``δ·K`` back to the patch it read.

**im2col.** The patches are laid out as rows of a matrix ``X_col`` of shape
``(N·Ho·Wo, C·kh·kw)`` (one row per output position), so the forward pass is one product
``X_col K_colᵀ`` with ``K_col`` the kernel as ``(O, C·kh·kw)``, ``∂L/∂K_col = δ_colᵀ X_col`` and
``∂L/∂X_col = δ_col K_col``, which is added back into the input patches ("col2im": a loop over
the ``kh·kw`` kernel offsets, each one strided array addition). ``X_col`` is the memory bound
of a convolution: ``N·Ho·Wo·C·kh·kw`` numbers per batch.

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
    """The patches as rows: ``(N·Ho·Wo, C·kh·kw)``, entries ordered ``(c, u, v)`` like
    ``K.reshape(O, -1)``."""
    view = windows(x_padded, kernel, stride)
    dims = len(kernel)
    # (N, C, *out, *kernel) -> (N, *out, C, *kernel)
    order = (0, *range(2, 2 + dims), 1, *range(2 + dims, 2 + 2 * dims))
    n_rows = view.shape[0] * int(np.prod(view.shape[2:2 + dims]))
    return view.transpose(order).reshape(n_rows, -1)


def forward(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray | None, stride: int,
            padding: int) -> tuple[np.ndarray, np.ndarray]:
    """``(y, X_col)``: the output ``(N, O, *out)`` and the patch matrix kept for backward."""
    dims = kernel.ndim - 2
    x_padded = pad(x, padding, dims)
    columns = im2col(x_padded, kernel.shape[2:], stride)
    out_shape = windows(x_padded, kernel.shape[2:], stride).shape[2:2 + dims]
    y = columns @ kernel.reshape(kernel.shape[0], -1).T  # (N·Ho·Wo, O)
    if bias is not None:
        y += bias
    y = y.reshape(x.shape[0], *out_shape, kernel.shape[0])
    return np.ascontiguousarray(np.moveaxis(y, -1, 1)), columns


def backward(x_shape: tuple[int, ...], columns: np.ndarray, kernel: np.ndarray,
             delta: np.ndarray, stride: int, padding: int, need_input_grad: bool = True,
             ) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """``(∂L/∂x, ∂L/∂K, ∂L/∂b)`` from ``δ = ∂L/∂y`` of shape ``(N, O, *out)``."""
    n_out = kernel.shape[0]
    delta_col = np.moveaxis(delta, 1, -1).reshape(-1, n_out)  # (N·Ho·Wo, O)
    grad_kernel = (delta_col.T @ columns).reshape(kernel.shape)
    grad_bias = delta_col.sum(axis=0)
    if not need_input_grad:
        return None, grad_kernel, grad_bias
    grad_columns = delta_col @ kernel.reshape(n_out, -1)  # (N·Ho·Wo, C·kh·kw)
    return col2im(grad_columns, x_shape, kernel.shape[2:], stride, padding), grad_kernel, grad_bias


def col2im(grad_columns: np.ndarray, x_shape: tuple[int, ...], kernel: tuple[int, ...],
           stride: int, padding: int) -> np.ndarray:
    """Add each row of ``∂L/∂X_col`` back onto the input patch it was read from."""
    dims = len(kernel)
    n, channels = x_shape[:2]
    padded = [size + 2 * padding for size in x_shape[2:]]
    out = [output_size(size, k, stride, padding) for size, k in zip(x_shape[2:], kernel,
                                                                      strict=True)]
    # (N, *out, C, *kernel) -> (N, C, *kernel, *out): one strided slab per kernel offset
    patches = grad_columns.reshape(n, *out, channels, *kernel)
    patches = patches.transpose(0, 1 + dims, *range(2 + dims, 2 + 2 * dims), *range(1, 1 + dims))
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
