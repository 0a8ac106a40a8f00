"""The closing check: chained product = backprop gradient = finite difference.

The finite differences are the one place numbers are computed outside the trace: central
differences of the network's own loss, perturbing a parameter (or a layer's signal) by ``h``
(:mod:`chainrule.nn.finite_difference`, shared with the gradient check).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.explain.context import Context
from chainrule.nn.finite_difference import central_difference as _difference
from chainrule.nn.finite_difference import sampled_entries

MAX_ENTRIES = 400  # finite differences for at most this many entries of a layer


def step_and_tolerance(net: Any) -> tuple[float, float]:
    """``(h, tolerance)``: tight for float64, loose for float32."""
    return (1e-6, 1e-6) if net.dtype == np.float64 else (1e-2, 5e-2)


def parameter(net: Any, kind: str, layer: int) -> np.ndarray:
    """The live array of ``W`` or ``b`` of dense layer ``layer``."""
    return net.parameters[net.parameter_names.index(f"{kind}{layer}")]


def backprop_gradient(ctx: Context, kind: str, layer: int) -> np.ndarray:
    """``∂L/∂W`` or ``∂L/∂b`` from ``loss_and_gradients`` (a second, independent pass)."""
    _, grads = ctx.net.loss_and_gradients(ctx.trace.inputs, ctx.trace.targets)
    return grads[ctx.net.parameter_names.index(f"{kind}{layer}")]


def finite_difference_parameter(ctx: Context, kind: str, layer: int,
                                index: tuple[int, ...]) -> float:
    """Central difference of the loss in one entry of a parameter (restored afterwards)."""
    return central_difference(ctx.net, f"{kind}{layer}", index, ctx.trace.inputs,
                              ctx.trace.targets)


def central_difference(net: Any, name: str, index: tuple[int, ...], inputs: np.ndarray,
                       targets: np.ndarray) -> float:
    """Central difference of the loss in entry ``index`` of the parameter called ``name``
    (``K1``, ``W1``, ...), restored afterwards."""
    h, _ = step_and_tolerance(net)
    array = net.parameters[net.parameter_names.index(name)]
    return _difference(lambda: net.loss.forward(net.forward(inputs), targets), array, index, h)


def finite_difference_signal(ctx: Context, layer: int, j: int, sample: int = 0) -> float:
    """Central difference of the loss in the signal ``s_j`` of dense ``layer`` (one sample)."""
    h, _ = step_and_tolerance(ctx.net)
    position = ctx.trace.dense_positions[layer - 1]
    z = ctx.trace.z(layer).copy()

    def loss() -> float:
        out = z
        for later in ctx.net.layers[position + 1:]:
            out = later.forward(out)
        return float(ctx.net.loss.forward(out, ctx.trace.targets))

    return _difference(loss, z, (sample, j), h)


def finite_difference_input(net: Any, trace: Any, position: int,
                            index: tuple[int, ...]) -> float:
    """Central difference of the loss in one entry of the traced input of layer ``position``
    (any layer type), run forward through that layer and the ones after it."""
    h, _ = step_and_tolerance(net)
    value = trace.records[position].input.copy()

    def loss() -> float:
        out = value
        for later in net.layers[position:]:
            out = later.forward(out)
        return float(net.loss.forward(out, trace.targets))

    return _difference(loss, value, index, h)


def finite_difference_layer(ctx: Context, kind: str, layer: int) -> tuple[np.ndarray, int]:
    """Finite differences for the entries of a layer's ``W`` or ``b`` (NaN where skipped)."""
    shape = parameter(ctx.net, kind, layer).shape
    result = np.full(shape, np.nan)
    indices = sampled_entries(shape, MAX_ENTRIES, np.random.default_rng(0))
    for index in indices:
        result[index] = finite_difference_parameter(ctx, kind, layer, index)
    return result, len(indices)


def near_kink(ctx: Context) -> bool:
    """Whether a ReLU-type signal sits within ``10 h`` of its kink at 0 in the trace."""
    h, _ = step_and_tolerance(ctx.net)
    return any(ctx.activation(layer).kink() is not None
               and bool(np.any(np.abs(ctx.z(layer)) <= 10 * h))
               for layer in range(1, ctx.L + 1))
