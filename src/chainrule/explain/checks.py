"""The closing check: chained product = backprop gradient = finite difference.

The finite differences are the one place numbers are computed outside the trace: central
differences of the network's own loss, perturbing a parameter (or a layer's signal) by ``h``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.explain.context import Context

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


def _loss_with_targets(ctx: Context) -> float:
    net = ctx.net
    return float(net.loss.forward(net.forward(ctx.trace.inputs), ctx.trace.targets))


def finite_difference_parameter(ctx: Context, kind: str, layer: int,
                                index: tuple[int, ...]) -> float:
    """Central difference of the loss in one entry of a parameter (restored afterwards)."""
    h, _ = step_and_tolerance(ctx.net)
    array = parameter(ctx.net, kind, layer)
    original = array[index]
    try:
        array[index] = original + h
        plus = _loss_with_targets(ctx)
        array[index] = original - h
        minus = _loss_with_targets(ctx)
    finally:
        array[index] = original
    return (plus - minus) / (2 * h)


def central_difference(net: Any, name: str, index: tuple[int, ...], inputs: np.ndarray,
                       targets: np.ndarray) -> float:
    """Central difference of the loss in entry ``index`` of the parameter called ``name``
    (``K1``, ``W1``, ...), restored afterwards."""
    h, _ = step_and_tolerance(net)
    array = net.parameters[net.parameter_names.index(name)]
    original = array[index]
    losses = []
    try:
        for shift in (h, -h):
            array[index] = original + shift
            losses.append(float(net.loss.forward(net.forward(inputs), targets)))
    finally:
        array[index] = original
    return (losses[0] - losses[1]) / (2 * h)


def finite_difference_signal(ctx: Context, layer: int, j: int, sample: int = 0) -> float:
    """Central difference of the loss in the signal ``s_j`` of dense ``layer`` (one sample)."""
    h, _ = step_and_tolerance(ctx.net)
    position = ctx.trace.dense_positions[layer - 1]
    results = []
    for sign in (1, -1):
        z = ctx.trace.z(layer).copy()
        z[sample, j] += sign * h
        for later in ctx.net.layers[position + 1:]:
            z = later.forward(z)
        results.append(float(ctx.net.loss.forward(z, ctx.trace.targets)))
    return (results[0] - results[1]) / (2 * h)


def finite_difference_layer(ctx: Context, kind: str, layer: int) -> tuple[np.ndarray, int]:
    """Finite differences for the entries of a layer's ``W`` or ``b`` (NaN where skipped)."""
    shape = parameter(ctx.net, kind, layer).shape
    result = np.full(shape, np.nan)
    indices = list(np.ndindex(shape))
    if len(indices) > MAX_ENTRIES:
        rng = np.random.default_rng(0)
        chosen = rng.choice(len(indices), MAX_ENTRIES, replace=False)
        indices = [indices[c] for c in sorted(chosen)]
    for index in indices:
        result[index] = finite_difference_parameter(ctx, kind, layer, index)
    return result, len(indices)


def near_kink(ctx: Context) -> bool:
    """Whether a ReLU-type signal sits within ``10 h`` of its kink at 0 in the trace."""
    h, _ = step_and_tolerance(ctx.net)
    return any(ctx.activation(layer).kink() is not None
               and bool(np.any(np.abs(ctx.z(layer)) <= 10 * h))
               for layer in range(1, ctx.L + 1))
