"""Forward and backward of one training batch, arranged for speed.

The same layers and ops as :meth:`Network.layer_outputs` and :meth:`Network.backward`, which
stay the reference (traces, ``loss_and_gradients``, gradient checks); the two are tested
equal. Training differs in three ways:

* **The bias trick.** A Dense layer with a bias computes ``z = [x 1] [W; b]`` with
  :func:`~chainrule.ops.affine.forward_stacked`: its input carries a last column of ones, and
  ``W`` and ``b`` are one ``(n_in + 1, n_out)`` matrix (:attr:`Dense.stacked`, a view of the
  flat parameters). One matrix product then replaces the product, the broadcast bias add
  and, in backward, the column sum for ``∂L/∂b``: 5–10 % of an epoch on the small networks
  of ``bench/`` (W1, W4, T0).
* **Buffers made once per run** for the arrays that carry the column of ones (a layer's
  output that feeds a stacked layer) and its gradient.
* **Activations in place.** An activation right after a Dense layer writes over its output
  when the op allows it (:attr:`Activation.in_place`).

An output that feeds a stacked layer lives in a buffer one column wider whose last column is
1. Elementwise activations run over the whole buffer (a contiguous array is twice as fast as
the strided view without that column) and the ones are written back when the activation
moves them (tanh, sigmoid; ReLU and the identity keep 1 at 1). The input gradient of a
stacked layer has that column too: it is computed with the rest and never read.
A layer whose input passes through a softmax after the previous Dense layer is not stacked
(softmax mixes all columns), nor is a layer without a bias.

The trick is for small networks only: with rows of 513 floats instead of 512, each matrix
product of a 512×512 layer takes 4–8 % longer (measured with OpenBLAS), more than the bias add
and sum it saves; on the CS231n example's 2→500→2 network or a 64→128→10 one, the saved calls are
what a step spends most on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from chainrule.nn.dense import Dense
from chainrule.ops import affine

if TYPE_CHECKING:
    from chainrule.nn.network import Network
    from chainrule.ops.base import Activation


#: the bias trick is used when no Dense layer has more weights than this
SMALL_LAYER = 1 << 16


class _Stage:
    """A Dense layer and the activations after it, up to the next Dense layer, with the
    buffers for its output and its input gradient."""

    def __init__(self, dense: Dense, stacked: bool) -> None:
        self.dense, self.stacked = dense, stacked
        self.activations: list[Activation] = []
        self.feeds_stacked = False  # the output carries a column of ones for the next stage
        self.restore_ones = False  # the activations move those ones: write them back
        self.output: np.ndarray | None = None  # buffer with the column of ones, if it feeds one
        self.input_grad: np.ndarray | None = None  # buffer with that column's gradient
        self.first = False  # the first stage: no input gradient
        self.input = np.empty((0, 0))  # of the current batch, for backward
        self.seen: list[tuple[np.ndarray, np.ndarray, Activation]] = []  # (z, a, θ)
        #: per batch size: (output, its z columns, input gradient) views of the buffers
        self._views: dict[int, tuple[np.ndarray | None, ...]] = {}
        #: (θ, whether it writes over its input): only the first may, on the Dense output
        #: nobody else holds
        self._steps: list[tuple[Activation, bool]] = []

    def allocate(self, rows: int, dtype: np.dtype) -> None:
        """Buffers for the arrays with a column of ones or its gradient; the others are
        new arrays each batch (as fast: a fixed buffer measured 0.5–1 % slower on W2, W3)."""
        dense = self.dense
        if self.feeds_stacked:
            self.output = np.ones((rows, dense.n_out + 1), dtype=dtype)
        if self.stacked and not self.first:
            self.input_grad = np.empty((rows, dense.n_in + 1), dtype=dtype)
        self._steps = [(a, k == 0 and a.in_place) for k, a in enumerate(self.activations)]
        self._views = {}

    def _views_of(self, n: int) -> tuple[np.ndarray | None, ...]:
        """The buffers' first ``n`` rows, sliced once per batch size (not once per batch)."""
        views = self._views.get(n)
        if views is None:
            out = None if self.output is None else self.output[:n]
            z = None if out is None else out[:, :-1]
            grad = None if self.input_grad is None else self.input_grad[:n]
            views = self._views[n] = (out, z, grad)
        return views

    def forward(self, inputs: np.ndarray, n: int) -> np.ndarray:
        self.input = inputs
        out, z, _ = self._views_of(n)
        if self.stacked:
            z = affine.forward_stacked(inputs, self.dense.stacked[0], z)  # type: ignore[index]
        else:
            z = self.dense.forward(inputs, z)
        value = z if out is None else out
        if self._steps:
            seen = self.seen = []
            for activation, in_place in self._steps:
                result = (activation.forward_in_place(value) if in_place
                          else activation.forward(value))
                seen.append((value, result, activation))
                value = result
        if self.restore_ones:
            value[:, -1] = 1
        return value

    def backward(self, grad: np.ndarray, n: int) -> np.ndarray | None:
        """``∂L/∂input`` (None for the first stage) from ``∂L/∂output``; writes the layer's
        gradients in their places."""
        if self._steps:
            for z, a, activation in reversed(self.seen):
                grad = activation.backward(z, a, grad)
        delta = grad[:, :-1] if self.feeds_stacked else grad
        if self.stacked:
            stacked, grad_stacked = self.dense.stacked  # type: ignore[misc]
            return affine.backward_stacked(self.input, stacked, delta, grad_stacked,
                                           self._views_of(n)[2])
        return self.dense.backward(self.input, None, delta, not self.first)


def _keeps_one(activations: list[Activation], dtype: np.dtype) -> bool:
    """Whether the activations, applied in turn, map 1 to 1 (ReLU, identity)."""
    value = np.ones((1, 1), dtype=dtype)
    for activation in activations:
        value = activation.forward(value.copy())
    return bool(value[0, 0] == 1)


class BatchPass:
    """Forward and backward of batches of at most ``batch_size`` rows of ``network``.

    Gradients land in the network's flat gradient array, as with ``Network.backward``;
    the parameters must be placed in the flat arrays (``network.flat_arrays()``) first.
    """

    def __init__(self, network: Network, batch_size: int) -> None:
        dtype, layers = network.dtype, network.layers
        first = next(i for i, layer in enumerate(layers) if isinstance(layer, Dense))
        self.leading: list[Activation] = list(layers[:first])  # before any Dense layer
        self.stages: list[_Stage] = []
        small = all(d.n_in * d.n_out <= SMALL_LAYER for d in network.dense_layers)
        elementwise = all(a.elementwise for a in self.leading)  # since the last Dense layer
        for layer in layers[first:]:
            if isinstance(layer, Dense):
                stacked = small and layer.stacked is not None and elementwise
                self.stages.append(_Stage(layer, stacked))
                elementwise = True
            else:
                self.stages[-1].activations.append(layer)
                elementwise = elementwise and layer.elementwise
        for before, stage in zip(self.stages, self.stages[1:], strict=False):
            before.feeds_stacked = stage.stacked
            before.restore_ones = stage.stacked and not _keeps_one(before.activations, dtype)
        self.stages[0].first = True
        for stage in self.stages:
            stage.allocate(batch_size, dtype)
        self.first_input: np.ndarray | None = None  # the data with a column of ones
        if self.stages[0].stacked:
            self.first_input = np.ones((batch_size, network.n_inputs + 1), dtype=dtype)
        self._input_views: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # see _inputs_of
        # elementwise activations before the first layer move the ones of its input
        self.restore_input_ones = (self.first_input is not None
                                   and not _keeps_one(self.leading, dtype))

    def _inputs_of(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The first ``n`` rows of the input buffer, and their data columns."""
        views = self._input_views.get(n)
        if views is None:
            inputs = self.first_input[:n]  # type: ignore[index]
            views = self._input_views[n] = (inputs, inputs[:, :-1])
        return views

    def forward(self, x: np.ndarray, rows: slice | np.ndarray) -> np.ndarray:
        """The network's output for ``x[rows]`` (a slice or an index array)."""
        if isinstance(rows, slice):
            inputs = part = x[rows]  # a view: no copy without the column of ones
            if self.first_input is not None:
                inputs, columns = self._inputs_of(len(part))
                columns[...] = part
        elif self.first_input is None:
            inputs = x.take(rows, 0)
        else:
            inputs, columns = self._inputs_of(len(rows))
            x.take(rows, 0, columns)
        for activation in self.leading:
            inputs = activation.forward(inputs)
        if self.restore_input_ones:
            inputs[:, -1] = 1
        n = len(inputs)
        for stage in self.stages:
            inputs = stage.forward(inputs, n)
        return inputs

    def backward(self, grad: np.ndarray) -> None:
        """Backpropagate ``∂L/∂output``; the gradients land in the flat gradient array."""
        n = len(grad)
        for stage in reversed(self.stages):
            grad = stage.backward(grad, n)  # type: ignore[arg-type]
