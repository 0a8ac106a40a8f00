r"""Explanations of one number: a weight's or a bias's gradient, or one δ.

For a weight ``w_ij^(l)`` the text runs: the chain rule (``∂e/∂w = δ_j · x_i``, and for the
output layer the three factors ``∂e/∂x · ∂x/∂s · ∂s/∂w``), why ``∂s_j/∂w_ij = x_i`` (only one
term of the sum depends on the weight), the output δ, the hidden recurrence down to layer
``l``, and the check against backprop and finite differences.
"""

from __future__ import annotations

from chainrule.calculus.math_names import MathName
from chainrule.errors import DerivationError
from chainrule.explain import checks
from chainrule.explain import local_derivations as local
from chainrule.explain.context import Context
from chainrule.explain.formula_nodes import (
    ELLIPSIS,
    Equation,
    Juxtaposed,
    Number,
    leaf,
    partial,
    symbol,
)
from chainrule.explain.hidden_delta import (
    MAX_TERMS,
    HiddenDelta,
    expanded_sum,
    pair,
    recurrence,
    vector,
)
from chainrule.explain.model import Check, Formula, Line, Section, number, prose
from chainrule.explain.output_delta import OutputDelta, product, signed
from chainrule.explain.quantity import Quantity


def delta_sections(ctx: Context, layer: int, unit: int) -> list[Section]:
    """The output δ, then each hidden layer's recurrence down to ``(layer, unit)``."""
    L = ctx.L
    if layer == L:
        return [OutputDelta(ctx, unit).section()]
    outputs = range(ctx.width(L)) if ctx.width(L) <= 2 else [0]
    sections = [OutputDelta(ctx, j).section() for j in outputs]
    for middle in range(L - 1, layer, -1):
        sign = ctx.notation.delta_sign
        sections.append(Section(
            f"The δ of layer {ctx.names.tag(middle, ctx.notation.pre_offset)}",
            "The same recurrence, one layer up; its values:",
            (Line((recurrence(ctx),)),
             Line((leaf(ctx.names.delta_vector(middle)),),
                  vector(sign * ctx.trace.delta(middle)[0]),
                  sign * ctx.trace.delta(middle)[0], "from the trace of the backward pass",
                  ("delta_vector", middle, 0), sign))))
    sections.append(HiddenDelta(ctx, layer, unit).section())
    return sections


def _signal_terms(ctx: Context, ell: int, j: int) -> list[Formula]:
    """The terms of the signal's sum; when :func:`expanded_sum` elides the middle, only the
    terms it shows are named, so a 500-wide layer costs no more than a 3-wide one."""
    names, width = ctx.names, ctx.width(ell - 1)
    short = width + int(ctx.has_bias(ell)) <= MAX_TERMS
    inputs = [pair(names.weight(ell, m, j), names.post(ell - 1, m))
              if short or m < 3 or m == width - 1 else ELLIPSIS for m in range(width)]
    if not ctx.has_bias(ell):
        return inputs
    if ctx.notation.bias_as_weight:
        return [pair(names.bias(ell, j), MathName("x", sub="0")), *inputs]
    return [*inputs, leaf(names.bias(ell, j))]


def _signal_derivation(ctx: Context, q: Quantity) -> object:
    """The affine op's signal derived by the weight or bias, when the sum is short enough to
    write out (a 500-wide layer's 501 terms are not derived term by term)."""
    names, ell, j = ctx.names, q.layer, q.j
    width = ctx.width(ell - 1)
    if width + int(ctx.has_bias(ell)) > MAX_TERMS:
        return None
    bias = names.bias(ell, j) if ctx.has_bias(ell) else None
    wrt = names.weight(ell, q.i, j) if q.kind == "weight" else bias
    derivation = local.signal_derivation(
        tuple(names.post(ell - 1, m) for m in range(width)),
        tuple(names.weight(ell, m, j) for m in range(width)), bias, wrt)
    expected = names.post(ell - 1, q.i) if q.kind == "weight" else None
    result = derivation.result
    if (result != 1) if expected is None else (getattr(result, "math_name", None) != expected):
        raise DerivationError(f"∂{names.pre(ell, j)}/∂{wrt} came out as {result}")
    return derivation


def signal_section(ctx: Context, q: Quantity) -> Section:
    """Why ``∂s_j/∂w_ij = x_i`` (or ``∂s_j/∂b_j = 1``): the signal written out."""
    names, ell, j = ctx.names, q.layer, q.j
    s = names.pre(ell, j)
    written = Equation((leaf(s), expanded_sum(_signal_terms(ctx, ell, j))))
    derivation = _signal_derivation(ctx, q)
    below = "; derived below" if derivation is not None else ""
    if q.kind == "bias":
        one = symbol("x", "0") if ctx.notation.bias_as_weight else Number(1.0)
        line = Line((partial(s, names.bias(ell, j)), one), "", 1.0,
                    "the bias enters the sum once, with factor 1" + below,
                    derivation=derivation)
    else:
        x = names.post(ell - 1, q.i)
        line = Line((partial(s, names.weight(ell, q.i, j)), leaf(x)), "",
                    float(ctx.a(ell - 1)[0, q.i]),
                    prose("only one term of the sum depends on ",
                          leaf(names.weight(ell, q.i, j)), ": its derivative is the factor ",
                          leaf(x), "; every other term is a constant here, with derivative 0",
                          below), ("a", ell - 1, 0, q.i), derivation=derivation)
    return Section("The signal's factor", "", (Line((written,), reason="the signal, written "
                                                    "out"), line))


def chain_section(ctx: Context, q: Quantity) -> tuple[Section, float]:
    """The chain rule for a weight or bias, with the value: ``∂e/∂w = δ · x``."""
    names, ell, j, sign = ctx.names, q.layer, q.j, ctx.notation.delta_sign
    e, s, d = names.loss, names.pre(ell, j), names.delta(ell, j)
    target = names.weight(ell, q.i, j) if q.kind == "weight" else names.bias(ell, j)
    factor = leaf(names.post(ell - 1, q.i)) if q.kind == "weight" else None
    factor_value = float(ctx.a(ell - 1)[0, q.i]) if q.kind == "weight" else 1.0
    delta_value = sign * float(ctx.trace.delta(ell)[0, j])
    grad = ctx.trace.grad_W(ell)[q.i, j] if q.kind == "weight" else ctx.trace.grad_b(ell)[j]
    source = ("grad_W", ell, q.i, j) if q.kind == "weight" else ("grad_b", ell, j)
    formulas = [product((partial(e, s), False), (partial(s, target), False)),
                signed(Juxtaposed((leaf(d), factor)) if factor is not None else leaf(d), sign)]
    numbers = signed(product((Number(delta_value, True), False),
                             (Number(factor_value, True), False)), sign)
    lines = [Line((partial(e, target), *formulas), numbers, float(grad),
                  prose("the loss depends on ", leaf(target), " only through the signal ",
                        leaf(s)),
                  source)]
    op = ctx.activation(ell)
    if ell == ctx.L and op.elementwise and not ctx.fused and q.kind == "weight":
        x = names.post(ell, j)
        three = product((partial(e, x), False), (partial(x, s), False),
                        (partial(s, target), False))
        two = product((partial(e, x), False), (partial(x, s), False), (factor, False))
        g, p = float(ctx.grad_a(ell)[0, j]), float(ctx.theta_prime(ell)[0, j])
        lines.append(Line((partial(e, target), three, two),
                          product((Number(g, True), False), (Number(p, True), False),
                                  (Number(factor_value, True), False)), float(grad),
                          "the same chain with the output unit in the middle",
                          source))
    intro = prose("The loss of the sample depends on ", leaf(target), " through a chain of "
                  "simple steps; the chain rule multiplies their derivatives.")
    return Section("The chain rule", intro, tuple(lines)), float(grad)


def explain_parameter(ctx: Context, q: Quantity) -> tuple[list[Section], Check]:
    chain, _ = chain_section(ctx, q)
    sections = [chain, signal_section(ctx, q), *delta_sections(ctx, q.layer, q.j)]
    kind = "W" if q.kind == "weight" else "b"
    index = (q.i, q.j) if q.kind == "weight" else (q.j,)
    factor = float(ctx.a(q.layer - 1)[0, q.i]) if q.kind == "weight" else 1.0
    product_value = float(ctx.trace.delta(q.layer)[0, q.j]) * factor
    backprop = float(checks.backprop_gradient(ctx, kind, q.layer)[index])
    fd = checks.finite_difference_parameter(ctx, kind, q.layer, index)
    h, tolerance = checks.step_and_tolerance(ctx.net)
    target = ctx.names.weight(q.layer, q.i, q.j) if q.kind == "weight" else \
        ctx.names.bias(q.layer, q.j)
    quantity = partial(ctx.names.loss, target)
    return sections, Check(quantity, product_value, backprop, fd, h, tolerance, 1,
                 checks.near_kink(ctx))


def explain_delta(ctx: Context, q: Quantity) -> tuple[list[Section], Check]:
    sections = delta_sections(ctx, q.layer, q.j)
    chained = _chained_delta(ctx, q)
    backprop = float(ctx.trace.delta(q.layer)[0, q.j])
    fd = checks.finite_difference_signal(ctx, q.layer, q.j)
    h, tolerance = checks.step_and_tolerance(ctx.net)
    quantity = partial(ctx.names.loss, ctx.names.pre(q.layer, q.j))
    return sections, Check(quantity, chained, backprop, fd, h, tolerance, 1,
                 checks.near_kink(ctx))


def _chained_delta(ctx: Context, q: Quantity) -> float:
    """δ as the product of its printed factors (engine values), not read from the trace."""
    ell, j = q.layer, q.j
    op = ctx.activation(ell)
    if not op.elementwise or (ell == ctx.L and ctx.fused):
        if ell == ctx.L and ctx.fused and ctx.net.loss.cancels(op):
            return float(ctx.a(ell)[0, j] - ctx.trace.targets[0, j]) * (
                1.0 if ctx.net.loss.reduction == "sum" else 1.0 / ctx.n_samples)
        return float(ctx.trace.delta(ell)[0, j])
    outer = float(ctx.grad_a(ell)[0, j]) if ell == ctx.L else float(
        ctx.weight(ell + 1)[j] @ ctx.trace.delta(ell + 1)[0])
    return outer * float(ctx.theta_prime(ell)[0, j])


__all__ = ["explain_delta", "explain_parameter", "number"]
