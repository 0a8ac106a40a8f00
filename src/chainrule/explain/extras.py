"""Optional sections of an explanation: the network's weights (so a learner can redo the
forward pass by hand), every δ of the sample, and one step of gradient descent on the
explained parameter."""

from __future__ import annotations

import numpy as np

from chainrule.errors import ConfigError
from chainrule.explain.context import Context
from chainrule.explain.formula_nodes import (
    Equation,
    Listed,
    Neg,
    Number,
    Product,
    Terms,
    Updated,
    leaf,
    partial,
    symbol,
)
from chainrule.explain.hidden_delta import vector
from chainrule.explain.model import Line, Section, prose
from chainrule.explain.output_delta import signed
from chainrule.explain.quantity import Quantity
from chainrule.explain.shape_formulas import matrix, shape

#: Layers with more weights than this are shown as a matrix, not weight by weight.
MAX_LISTED = 24


def weights_section(ctx: Context) -> Section:
    """Every layer's weights and biases, named in the notation, with their values."""
    lines = []
    for layer in range(1, ctx.L + 1):
        W = ctx.weight(layer)
        b = ctx.net.dense_layers[layer - 1].b
        if W.size + (0 if b is None else b.size) <= MAX_LISTED:
            lines.append(_listed(ctx, layer, W, b))
        else:
            lines.extend(_matrices(ctx, layer, W, b))
    text = ("The weights of the network, for redoing the forward pass by hand. Each layer's "
            "weights go from the units of the layer below to the units of the layer.")
    return Section("The weights", text, tuple(lines))


def _listed(ctx: Context, layer: int, W: np.ndarray, b: np.ndarray | None) -> Line:
    names = ctx.names
    items = [Equation((leaf(names.weight(layer, i, j)), Number(W[i, j])))
             for j in range(W.shape[1]) for i in range(W.shape[0])]
    if b is not None:
        items += [Equation((leaf(names.bias(layer, j)), Number(b[j]))) for j in range(b.size)]
    into = prose("the weights into the units of ", leaf(names.pre_vector(layer)),
                 " and their biases" if b is not None else "")
    return Line((Listed(tuple(items)),), reason=into)


def _matrices(ctx: Context, layer: int, W: np.ndarray, b: np.ndarray | None) -> list[Line]:
    names, to_from = ctx.names, ctx.notation.weight_order == "to_from"
    shown = W.T if to_from else W
    lines = [Line((leaf(names.weight_matrix(layer)), matrix(shown)), value=shown,
                  shape=shape(*shown.shape),
                  reason=("row j holds the weights into unit j" if to_from else
                          "row i holds the weights out of unit i of the layer below"))]
    if b is not None:
        lines.append(Line((leaf(names.bias_vector(layer)), matrix(b[None, :])), value=b,
                          shape=shape(1, b.size),
                          reason=prose("the biases of the units of ",
                                       leaf(names.pre_vector(layer)))))
    return lines


def deltas_section(ctx: Context, of_batch: int = 1) -> Section:
    """The δ of every layer at the one sample of ``ctx``, output layer first, in the
    notation's sign; ``of_batch`` is the size of the batch it was taken from."""
    names, sign = ctx.names, ctx.notation.delta_sign
    lines = []
    for layer in range(ctx.L, 0, -1):
        values = sign * ctx.trace.delta(layer)[0]
        rate = signed(partial(names.loss, names.pre_vector(layer)), sign)
        lines.append(Line((leaf(names.delta_vector(layer)), rate),
                          vector(values), value=values, source=("delta", layer), sign=sign,
                          reason=prose("one entry per unit of the layer of ",
                                       leaf(names.pre_vector(layer)), ", from backprop")))
    text = ("Every δ of the sample, from the output layer down: how the loss changes with "
            "each unit's signal.")
    if of_batch > 1:
        text += (f" These are of one sample alone (N = 1), not of the batch of {of_batch}: "
                 "the batch's mean would divide each by N.")
    return Section("Every δ of the sample", text, tuple(lines))


def update_section(ctx: Context, q: Quantity, eta: float) -> Section:
    """``w⁺ = w − η ∂L/∂w`` for the explained weight or bias, with its numbers."""
    if q.kind not in ("weight", "bias"):
        what = "a whole layer" if q.kind == "layer" else "a δ"
        raise ConfigError(f"an update step needs one weight or bias; got {what}")
    if not (np.isfinite(eta) and eta > 0):
        raise ConfigError(f"the learning rate η of the update must be positive; got {eta}")
    names = ctx.names
    if q.kind == "weight":
        called = names.weight(q.layer, q.i, q.j)
        w, grad = ctx.weight(q.layer)[q.i, q.j], ctx.trace.grad_W(q.layer)[q.i, q.j]
    else:
        called = names.bias(q.layer, q.j)
        w = ctx.net.dense_layers[q.layer - 1].b[q.j]
        grad = ctx.trace.grad_b(q.layer)[q.j]
    after = float(w) - eta * float(grad)
    step = Product(((symbol("η"), False), (partial(names.loss, called), False)))
    numbers = Product(((Number(eta, True), False), (Number(grad, True), False)), dotted=True)
    line = Line((Updated(leaf(called), paren=called.raised), Terms((leaf(called), Neg(step)))),
                numbers=Terms((Number(w, True), Neg(numbers))), value=after,
                reason=prose("one step of gradient descent with the learning rate ",
                             Equation((symbol("η"), Number(eta))), ", from the gradient above"))
    text = ("The weight after one step of gradient descent on this sample: it moves against "
            "its gradient, by η times it.")
    return Section("One step of gradient descent", text, (line,))
