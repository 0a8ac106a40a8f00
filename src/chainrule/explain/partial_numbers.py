"""The numbers of a partial derivative between two quantities of a network, from the engine.

Three independent computations of ``∂top/∂bottom`` at the sample:

* :func:`chain` carries ``∂(each layer's vector)/∂bottom`` up the forward pass, one op at a
  time (the affine map's weights, the activation's derivative — or, for an activation that is
  not elementwise, its Jacobian, read column by column from the op's own backward pass — and
  the loss op's gradient): the chain of Jacobians the explanation prints;
* :func:`backprop` runs the ops' backward passes down from ``top``;
* :func:`finite_difference` perturbs ``bottom`` and runs the network's own layers forward.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import sympy

from chainrule.explain.checks import parameter, step_and_tolerance
from chainrule.explain.context import Context
from chainrule.explain.quantity import Quantity
from chainrule.nn.dense import Dense
from chainrule.nn.finite_difference import central_difference
from chainrule.ops.registry import loss as make_loss


@dataclass(frozen=True)
class Stage:
    """``∂v/∂bottom`` for the vector ``v`` of one stage: a layer's signals or outputs, or the
    loss (a vector of one entry)."""

    kind: str  # "pre", "post" or "loss"
    layer: int
    rates: np.ndarray  # shape (units of the stage,)


def jacobian(ctx: Context, layer: int) -> np.ndarray:
    """``∂a/∂z`` of layer ``layer``, shape ``(units, units)``: ``diag(θ′)`` for an elementwise
    activation, else row ``k`` is the op's backward pass of the unit vector ``e_k``."""
    op, z, a = ctx.activation(layer), ctx.z(layer)[:1], ctx.a(layer)[:1]
    if op.elementwise:
        return np.diag(op.derivative(z, a)[0])
    units = np.eye(z.shape[1])
    return np.stack([op.backward(z, a, units[k:k + 1])[0] for k in range(z.shape[1])])


def loss_gradient(ctx: Context, kind: str) -> np.ndarray:
    """``∂loss/∂a^(L)`` (``kind="post"``) or ``∂loss/∂z^(L)`` (``"pre"``) at the sample, from
    the loss op; a fused loss's gradient by its probabilities is its probability loss's."""
    loss, L, targets = ctx.net.loss, ctx.L, ctx.trace.targets[:1]
    if kind == "pre":
        return loss.backward(ctx.trace.output[:1], targets)[0]
    if ctx.fused:
        return make_loss(loss.probability_loss, reduction=loss.reduction).backward(
            ctx.a(L)[:1], targets)[0]
    return loss.backward(ctx.a(L)[:1], targets)[0]


def start(ctx: Context, bottom: Quantity) -> Stage:
    """``∂v/∂bottom`` of the first stage that depends on ``bottom``."""
    kind = "post" if bottom.kind == "post" else "pre"
    rates = np.zeros(ctx.width(bottom.layer))
    rates[bottom.j] = float(ctx.a(bottom.layer - 1)[0, bottom.i]) if bottom.kind == "weight" \
        else 1.0
    return Stage(kind, bottom.layer, rates)


def step(ctx: Context, stage: Stage, top: Quantity) -> Stage:
    """The next stage: through the activation, the next affine map or the loss."""
    L = ctx.L
    if stage.kind == "pre" and top.kind == "loss" and stage.layer == L and ctx.fused:
        return Stage("loss", L, np.array([loss_gradient(ctx, "pre") @ stage.rates]))
    if stage.kind == "pre":
        return Stage("post", stage.layer, jacobian(ctx, stage.layer) @ stage.rates)
    if stage.layer == L:
        return Stage("loss", L, np.array([loss_gradient(ctx, "post") @ stage.rates]))
    return Stage("pre", stage.layer + 1, ctx.weight(stage.layer + 1).T @ stage.rates)


def reached(stage: Stage, top: Quantity) -> bool:
    return stage.kind == top.kind and (top.kind == "loss" or stage.layer == top.layer)


def chain(ctx: Context, top: Quantity, bottom: Quantity) -> list[Stage]:
    """Every stage from the first that depends on ``bottom`` up to ``top``'s."""
    stages = [start(ctx, bottom)]
    while not reached(stages[-1], top):
        stages.append(step(ctx, stages[-1], top))
    return stages


def value(stage: Stage, top: Quantity) -> float:
    return float(stage.rates[0 if top.kind == "loss" else top.j])


def backprop(ctx: Context, top: Quantity, bottom: Quantity) -> float:
    """``∂top/∂bottom`` by the ops' backward passes, from ``top`` down to ``bottom``."""
    L = ctx.L
    if top.kind == "loss":
        at_output = bottom.kind == "post" and bottom.layer == L  # ∂L/∂ŷ: the probabilities
        kind, layer = ("pre", L) if ctx.fused and not at_output else ("post", L)
        grad = loss_gradient(ctx, kind)
    else:
        kind, layer = top.kind, top.layer
        grad = np.eye(ctx.width(layer))[top.j]
    while True:
        if kind == bottom.kind and layer == bottom.layer:
            return float(grad[bottom.j])
        if kind == "pre" and bottom.kind in ("weight", "bias") and layer == bottom.layer:
            factor = float(ctx.a(layer - 1)[0, bottom.i]) if bottom.kind == "weight" else 1.0
            return float(grad[bottom.j]) * factor
        if kind == "post":
            op = ctx.activation(layer)
            grad = op.backward(ctx.z(layer)[:1], ctx.a(layer)[:1], grad[None])[0]
            kind = "pre"
        else:
            grad, kind, layer = ctx.weight(layer) @ grad, "post", layer - 1


def finite_difference(ctx: Context, top: Quantity, bottom: Quantity) -> float:
    """Central difference of ``top`` in ``bottom``, through the network's own layers."""
    h, _ = step_and_tolerance(ctx.net)
    trace = ctx.trace
    if bottom.kind in ("weight", "bias"):
        array = parameter(ctx.net, "W" if bottom.kind == "weight" else "b", bottom.layer)
        index = (bottom.i, bottom.j) if bottom.kind == "weight" else (bottom.j,)
        inputs = trace.inputs[:1]
        return central_difference(lambda: _top_value(ctx, top, inputs, -1), array, index, h)
    position = _position(ctx, bottom)
    vector = (trace.inputs[:1] if position < 0 else
              (ctx.z if bottom.kind == "pre" else ctx.a)(bottom.layer)[:1]).copy()
    if bottom.kind == "post" and bottom.layer == ctx.L and ctx.fused:  # the probabilities
        loss = make_loss(ctx.net.loss.probability_loss, reduction=ctx.net.loss.reduction)
        return central_difference(lambda: loss.forward(vector, trace.targets[:1]), vector,
                                  (0, bottom.j), h)
    return central_difference(lambda: _top_value(ctx, top, vector, position), vector,
                              (0, bottom.j), h)


def _position(ctx: Context, q: Quantity) -> int:
    """The index in ``net.layers`` of the layer whose output is ``q``'s vector (−1: the
    input); an output without an activation layer of its own is its signal's."""
    if q.kind == "post" and q.layer == 0:
        return -1
    position = ctx.trace.dense_positions[q.layer - 1]
    layers = ctx.net.layers
    if q.kind == "post" and position + 1 < len(layers) and not isinstance(layers[position + 1],
                                                                          Dense):
        return position + 1
    return position


def _top_value(ctx: Context, top: Quantity, vector: np.ndarray, position: int) -> float:
    """``top`` computed from ``vector``, the output of layer ``position``, onwards."""
    layers, out = ctx.net.layers, vector
    end = len(layers) - 1 if top.kind == "loss" else _position(ctx, top)
    for layer in layers[position + 1:end + 1]:
        out = layer.forward(out)
    if top.kind == "loss":
        return float(ctx.net.loss.forward(out, ctx.trace.targets[:1]))
    if top.kind == "post" and top.layer == ctx.L and ctx.fused:
        out = ctx.activation(ctx.L).forward(out)
    return float(out[0, top.j])


JACOBIAN_WIDTH = 10  # widest layer whose Jacobian entry is derived symbolically


def jacobian_entry(op: object, count: int, u: int, k: int) -> sympy.Expr | None:
    """``∂a_u/∂z_k`` of an activation that is not elementwise, derived from the op's own
    ``symbolic_vector`` and written with its outputs ``a`` (placeholders ``a0``, ``a1``, …),
    using ``Σ a = 1`` where the op's outputs sum to 1 — ŷ_u(1 − ŷ_u), −ŷ_u ŷ_k for softmax;
    checked equal to the derivative in the signals; None if it cannot be so written."""
    if count > JACOBIAN_WIDTH:
        return None
    return _jacobian_entry(op, count, u == k)


@functools.lru_cache(maxsize=64)
def _jacobian_entry(op: object, count: int, same: bool) -> sympy.Expr | None:
    zs = sympy.symbols(f"z0:{count}")
    ys = sympy.symbols(f"a0:{count}")
    outputs = op.symbolic_vector(list(zs))  # type: ignore[attr-defined]
    u, k = 0, 0 if same else 1
    truth = sympy.diff(outputs[u], zs[k])
    scale = sympy.Dummy("S", positive=True)
    written = sympy.cancel(truth.subs({sympy.exp(z): y * scale for z, y in zip(zs, ys,
                                                                           strict=True)}))
    if getattr(op, "normalizes", False):  # Σ a = 1, and the others' sum is 1 − a_u
        written = sympy.factor(written).xreplace({sympy.Add(*ys): sympy.S.One})
        if same:
            written = written.xreplace({sympy.Add(*ys[1:]): 1 - ys[0]})
    written = sympy.factor(written)
    if written.has(scale) or not written.free_symbols <= set(ys[:1 if same else 2]):
        return None
    coefficient, parts = written.as_coeff_mul()
    flipped = [-part if coefficient < 0 and part.is_Add and part.as_coeff_add()[0] < 0
               else part for part in parts]  # a(1 − a), not −a(a − 1)
    sign = (-1) ** sum(a != b for a, b in zip(parts, flipped, strict=True))
    leading = [] if coefficient * sign == 1 else [coefficient * sign]
    written = sympy.Mul(*leading, *flipped, evaluate=False)
    back = written.subs(dict(zip(ys, outputs, strict=True)))
    return written if sympy.simplify(back - truth) == 0 else None
