"""The arrays a claim about a layer beyond Dense may name, the true gradients (the engine's
backward pass) and the classic wrong variants.

Names follow the layer explanations: a convolution's ``x`` (``X``), ``K`` (``W``), ``b``,
``y`` (``Y``) and ``dY`` (``dy``, ``delta``), indexed ``[n,c,h,w]``; a recurrent layer's
``h``, ``x``, ``delta`` (``da``: ∂L/∂a⁽ᵗ⁾), ``W``, ``U``, ``b``, indexed ``[n,t,i]`` with the
time step ``t`` from 1 to T as the explanation counts it (``h[0]`` is the initial state 0);
dropout's ``x``, ``mask``, ``p``, ``dy``. Batch norms (:mod:`chainrule.check.norm_arrays`), pooling
layers (:mod:`chainrule.check.pool_arrays`) and LSTMs (:mod:`chainrule.check.lstm_arrays`)
have modules of their own.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.check.claim_arrays import LayerArrays, Variant
from chainrule.check.lstm_arrays import lstm_arrays
from chainrule.check.norm_arrays import norm_arrays
from chainrule.check.pool_arrays import pool_arrays
from chainrule.nn.batch_norm import BatchNorm
from chainrule.nn.conv import Conv2D
from chainrule.nn.dropout import Dropout
from chainrule.nn.lstm import LSTM
from chainrule.nn.pooling import AvgPool2D, MaxPool2D
from chainrule.nn.rnn import RNN
from chainrule.ops.convolution import pad


def _builders() -> dict[type, Any]:
    """The layers a claim may be about, each with what builds its arrays."""
    return {Conv2D: _conv, RNN: _rnn, BatchNorm: norm_arrays, Dropout: _dropout,
            MaxPool2D: pool_arrays, AvgPool2D: pool_arrays, LSTM: lstm_arrays}


def layers_under_claim(net: Any) -> list[Any]:
    """The convolution, pooling, recurrent, batch-norm and dropout layers of ``net``."""
    kinds = tuple(_builders())
    return [layer for layer in net.layers if isinstance(layer, kinds)]


def layer_under_claim(net: Any) -> Any | None:
    """The first of :func:`layers_under_claim`, or None."""
    return next(iter(layers_under_claim(net)), None)


def layer_arrays(net: Any, x: np.ndarray, y: np.ndarray, layer: Any = None) -> LayerArrays:
    """The named arrays of ``layer`` (the first under a claim by default), traced at
    ``(x, y)``."""
    layer = layer_under_claim(net) if layer is None else layer
    trace = net.trace(x, y)
    record = next(r for r in trace.records if r.layer is layer)
    arrays = _builders()[type(layer)](layer, record)
    return _with_cs231n_names(arrays, _CS231N.get(type(layer), {}))


#: CS231n's assignment names where they differ (``conv_backward_naive(dout, cache)`` returns
#: ``dx, dw, db``; ``rnn_step_forward`` computes ``tanh(x Wx + prev_h Wh + b)``), as aliases
_CS231N: dict[type, dict[str, str]] = {
    Conv2D: {"w": "K", "out": "y", "dout": "dY"}, RNN: {"Wx": "U", "Wh": "W"},
    BatchNorm: {"out": "y", "dout": "dy"}, Dropout: {"out": "y", "dout": "dy"},
    MaxPool2D: {"out": "y"}, AvgPool2D: {"out": "y"},
}


def _with_cs231n_names(arrays: LayerArrays, names: dict[str, str]) -> LayerArrays:
    """``arrays`` where each CS231n name reads (and, on the left, is checked as) its array."""
    for alias, name in names.items():
        for table in (arrays.arrays, arrays.truths, arrays.right, arrays.wrong):
            if name in table and alias not in table:
                table[alias] = table[name]  # type: ignore[index]
        arrays.meanings.setdefault(alias, f"CS231n's {alias}, {name} here")
    return arrays


def _aliases(arrays: dict[str, np.ndarray], **names: str) -> dict[str, np.ndarray]:
    return {**arrays, **{alias: arrays[name] for alias, name in names.items()}}


def _conv(conv: Conv2D, record: Any) -> LayerArrays:
    K = conv.K
    arrays = _aliases({"x": record.input, "xtilde": pad(record.input, conv.padding, 2),
                       "K": K, "b": conv.b, "y": record.output,
                       "dY": record.grad_output}, X="x", W="K", Y="y", dy="dY",
                      delta="dY")
    s, padding = conv.stride, conv.padding
    right = {"K": ("o,c,u,v", f"sum_{{n,i,j}} dY[n,o,i,j] x[n,c,{_at(s, 'i', 'u', padding)},"
                  f"{_at(s, 'j', 'v', padding)}]"),
             "b": ("o", "sum_{n,i,j} dY[n,o,i,j]")}
    truths = {"K": record.grads["K"], "b": record.grads["b"], "x": record.grad_input}
    wrong: dict[str, list[Variant]] = {}
    k = K.shape[2]
    if s == 1 and padding == 0:
        right["x"] = ("n,c,p,q", "sum_{o,u,v} dY[n,o,p-u,q-v] K[o,c,u,v]")
        unflipped = np.zeros_like(record.input)
        delta = np.pad(record.grad_output, ((0, 0), (0, 0), (k - 1, k - 1), (k - 1, k - 1)))
        H, W = record.input.shape[2:]
        for u in range(k):
            for v in range(k):  # the kernel's k² taps, not pixels
                unflipped += np.einsum("nopq,oc->ncpq", delta[:, :, u:u + H, v:v + W],
                                       K[:, :, u, v])
        wrong["x"] = [(unflipped, "not_flipped", "The kernel is not flipped: backwards, the "
                       "input gradient is the full correlation of δ with the kernel flipped "
                       "in both axes (K[o,c,k−1−u,k−1−v]), as the explanation shows.")]
    for alias, name in (("W", "K"), ("X", "x")):  # the explanation's other spellings
        for table in (truths, right, wrong):
            if name in table:
                table[alias] = table[name]  # type: ignore[index]
    return LayerArrays(conv.describe(), s, arrays, truths, right, wrong)


def _at(s: int, position: str, tap: str, pad: int) -> str:
    """The input index of a tap: ``s*i+u-pad``, written as simply as it is."""
    return (position if s == 1 else f"{s}*{position}") + f"+{tap}" + (f"-{pad}" if pad else "")


def _rnn(rnn: RNN, record: Any) -> LayerArrays:
    states = np.moveaxis(record.state["h"], 1, 0)  # (T, N, H)
    deltas = rnn.deltas(states, rnn.outside_grads(record.grad_output, len(states)))
    N, T, _ = record.input.shape

    def from_one(steps: np.ndarray) -> np.ndarray:  # (T, N, ·) -> (N, T + 1, ·), step 0 = 0
        zero = np.zeros((N, 1, steps.shape[-1]))
        return np.concatenate([zero, np.moveaxis(steps, 0, 1)], axis=1)

    h, delta, x = from_one(states), from_one(deltas), from_one(np.moveaxis(record.input, 1, 0))
    arrays = _aliases({"h": h, "delta": delta, "x": x, "W": rnn.W, "U": rnn.U, "b": rnn.b},
                      da="delta")
    right = {"W": ("i,j", "sum_{n,t} h[n,t-1,i] delta[n,t,j]"),
             "U": ("i,j", "sum_{n,t} x[n,t,i] delta[n,t,j]"),
             "b": ("j", "sum_{n,t} delta[n,t,j]")}
    truths = {name: record.grads[name] for name in ("W", "U", "b")}
    before = {"W": h[:, :-1], "U": x[:, 1:]}
    wrong = {name: [(np.einsum("ni,nj->ij", carried[:, t], delta[:, t + 1]), "missing_sum",
                     f"The sum over time steps is missing: this is only the term of step "
                     f"t = {t + 1} of T = {T}; {name} is used at every step, so its gradient "
                     f"is the sum of every step's term.") for t in range(T)]
             for name, carried in before.items()}
    return LayerArrays(f"{rnn.describe()} over T = {T} steps", 1, arrays, truths, right, wrong)


def _dropout(drop: Dropout, record: Any) -> LayerArrays:
    mask = record.state["mask"]
    arrays = _aliases({"x": record.input, "mask": mask, "p": np.asarray(drop.p),
                       "dy": record.grad_output, "y": record.output}, dY="dy", m="mask")
    right = {"x": ("n,i", "mask[n,i] dy[n,i] / (1 - p)")}
    wrong = {"x": [(mask * record.grad_output, "factor", "The 1/(1 − p) scale is missing: "
                    "inverted dropout scales the kept units in the forward pass, so their "
                    "gradient carries the same factor.")]}
    return LayerArrays(drop.describe(), 1, arrays, {"x": record.grad_input}, right, wrong)
