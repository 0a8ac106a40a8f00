r"""The explanation of a partial derivative between two quantities: ``∂o_5/∂net_5``,
``∂ŷ_1/∂z_2``, ``∂E/∂o_3``, ``∂a_1^{(4)}/∂z_2^{(2)}``.

From the lower quantity up to the upper one, one op at a time (the numbers are those of
:mod:`chainrule.explain.partial_numbers`): each unit of the next stage gets its partial by
the multivariable chain rule, a sum over the units of the stage below of the op's local factor
(an activation's derivative, derived from the op's symbolic form; the entry of its Jacobian
when it is not elementwise; a weight of the affine map; the loss's gradient) times that unit's
partial. The closing check compares the chain with the ops' backward passes and a finite
difference.
"""

from __future__ import annotations

import itertools

import numpy as np
import sympy

from chainrule.calculus.math_names import MathName
from chainrule.explain import factors, partial_numbers
from chainrule.explain import local_derivations as local
from chainrule.explain.checks import near_kink, step_and_tolerance
from chainrule.explain.context import Context
from chainrule.explain.formula_nodes import ELLIPSIS, Number, Rate, leaf, partial
from chainrule.explain.hidden_delta import expanded_sum
from chainrule.explain.model import Check, Formula, Line, Section, prose
from chainrule.explain.output_delta import product, signed
from chainrule.explain.partial_numbers import Stage
from chainrule.explain.partial_quantity import Partial
from chainrule.explain.quantity import Quantity

SHOWN_UNITS = 3  # units of an intermediate stage written out


def spelled(ctx: Context, q: Quantity | Stage, unit: int = 0) -> MathName:
    """The notation's name of a quantity, or of unit ``unit`` of a stage."""
    names, kind = ctx.names, q.kind
    j = q.j if isinstance(q, Quantity) else unit
    if kind == "loss":
        return names.loss
    if kind == "weight":
        return names.weight(q.layer, q.i, j)  # type: ignore[union-attr]
    return {"pre": names.pre, "post": names.post, "bias": names.bias}[kind](q.layer, j)


def name(ctx: Context, q: Quantity | Stage, unit: int = 0) -> Formula:
    """The notation's name of a quantity, or of unit ``unit`` of a stage, as a formula."""
    return leaf(spelled(ctx, q, unit))


def rate(top: Formula, bottom: Formula) -> Rate:
    """``∂top/∂bottom``."""
    return Rate(top, bottom, partial=True)


def title(ctx: Context, p: Partial) -> Rate:
    """``∂top/∂bottom``, for the heading."""
    return partial(spelled(ctx, p.top), spelled(ctx, p.bottom))


def explain_partial(ctx: Context, p: Partial) -> tuple[list[Section], Check]:
    """The step-by-step sections and the closing check of ``∂top/∂bottom``."""
    stages = partial_numbers.chain(ctx, p.top, p.bottom)
    lines = _start_lines(ctx, p)
    chain_value = partial_numbers.value(stages[-1], p.top)
    for below, above in itertools.pairwise(stages):
        lines.extend(_stage_lines(ctx, p, below, above))
    intro = prose(name(ctx, p.top), " depends on ", name(ctx, p.bottom), " through the steps of "
                  "the forward pass between them. Each step is one op — a weight of an affine "
                  "map, an activation's derivative (an entry of its Jacobian when it is not "
                  "elementwise), the loss's gradient — and the multivariable chain rule adds "
                  "one product per unit in between. Values are those of the sample.")
    reading = Section("Your names", "; ".join(p.reading) + ".", ()) if p.reading else None
    h, tolerance = step_and_tolerance(ctx.net)
    check = Check(rate(name(ctx, p.top), name(ctx, p.bottom)), chain_value,
                  partial_numbers.backprop(ctx, p.top, p.bottom),
                  partial_numbers.finite_difference(ctx, p.top, p.bottom), h, tolerance, 1,
                  near_kink(ctx))
    lines.extend(_delta_line(ctx, p, chain_value))
    sections = [Section("The chain rule, step by step", intro, tuple(lines))]
    return ([reading] if reading else []) + sections, check


def _delta_line(ctx: Context, p: Partial, value: float) -> list[Line]:
    """``δ_j = ∂e/∂s_j`` (Mitchell's ``δ_j = −∂E/∂net_j``): the notation's δ of the signal."""
    if p.top.kind != "loss" or p.bottom.kind != "pre":
        return []
    names, b, sign = ctx.names, p.bottom, ctx.notation.delta_sign
    gradient = partial(names.loss, names.pre(b.layer, b.j))
    return [Line((leaf(names.delta(b.layer, b.j)), signed(gradient, sign)),
                 value=sign * value, reason="the notation's δ of this unit",
                 source=("delta", b.layer, 0, b.j), sign=sign)]


def _start_lines(ctx: Context, p: Partial) -> list[Line]:
    """``∂z_j/∂w_ij = a_i`` or ``∂z_j/∂b_j = 1``: the first step of a weight or bias."""
    b = p.bottom
    if b.kind not in ("weight", "bias"):
        return []
    z = leaf(ctx.names.pre(b.layer, b.j))
    if b.kind == "bias":
        return [Line((rate(z, name(ctx, b)), Number(1)), "", 1.0,
                     "the bias enters the signal's sum once, with factor 1")]
    x = leaf(ctx.names.post(b.layer - 1, b.i))
    value = float(ctx.a(b.layer - 1)[0, b.i])
    return [Line((rate(z, name(ctx, b)), x), Number(value, True), value,
                 "only one term of the signal's sum holds the weight; no other signal of the "
                 "layer does", ("a", b.layer - 1, 0, b.i))]


def _term(ctx: Context, p: Partial, below: Stage, above: Stage, k: int,
          u: int) -> tuple[Formula, Formula, Formula, object]:  # fmt: skip
    """Unit ``k`` of ``below``'s term of ``∂above_u/∂bottom``: the chain of partials, its
    formula, its numbers and the local factor's derivation (``∂above_u/∂below_k`` alone when
    ``below`` is the bottom's own stage)."""
    bottom, upper, lower = name(ctx, p.bottom), name(ctx, above, u), name(ctx, below, k)
    formula, numeral, compound, derivation = _factor(ctx, below, above, k, u)
    if below.kind == p.bottom.kind and below.layer == p.bottom.layer and \
            p.bottom.kind in ("pre", "post"):
        return rate(upper, lower), formula, numeral, derivation
    below_rate = rate(lower, bottom)
    return (product((rate(upper, lower), False), (below_rate, False)),
            product((formula, compound), (below_rate, False)),
            product((numeral, compound), (Number(float(below.rates[k]), True), False)),
            derivation)


def _shown(ctx: Context, p: Partial, stage: Stage) -> list[int]:
    if stage.kind == "loss":
        return [0]
    if p.top.kind == stage.kind and p.top.layer == stage.layer:
        return [p.top.j]
    return [int(k) for k in np.flatnonzero(stage.rates)][:SHOWN_UNITS]


def _stage_lines(ctx: Context, p: Partial, below: Stage, above: Stage) -> list[Line]:
    """One line per shown unit of ``above``: its partial as a sum over ``below``'s units."""
    lines = [_unit_line(ctx, p, below, above, u) for u in _shown(ctx, p, above)]
    hidden = int(np.count_nonzero(above.rates)) - len(_shown(ctx, p, above))
    if above.kind != "loss" and hidden > 0 and not (p.top.kind == above.kind
                                                    and p.top.layer == above.layer):
        lines.append(Line((ELLIPSIS,), reason=f"the other {hidden} units of this layer "
                          "follow the same way"))
    return lines


def _unit_line(ctx: Context, p: Partial, below: Stage, above: Stage, u: int) -> Line:
    """``∂above_u/∂bottom`` as the sum over ``below``'s units it depends on (none: 0)."""
    written = [_term(ctx, p, below, above, k, u) for k in map(int, np.flatnonzero(below.rates))
               if not (below.kind == "pre" and above.kind == "post" and k != u and
                       ctx.activation(above.layer).elementwise)]  # its own signal only
    rates, formulas, numbers, derivations = zip(*written, strict=True) if written else [()] * 4
    value = float(above.rates[u])
    single = numbers[0] if len(numbers) == 1 else None
    itself = isinstance(single, Number) and Number(single.value).text() == Number(value).text()
    chain = (expanded_sum(list(rates)), expanded_sum(list(formulas))) if written else ()
    return Line((rate(name(ctx, above, u), name(ctx, p.bottom)), *dict.fromkeys(chain)),
                expanded_sum(list(numbers)) if written and not itself else "", value,
                _reason(ctx, below, above, len(rates)),
                derivation=derivations[0] if len(derivations) == 1 else None)


def _factor(ctx: Context, below: Stage, above: Stage, k: int,
            u: int) -> tuple[Formula, Formula, bool, object]:  # fmt: skip
    """The local factor ``∂above_u/∂below_k``: its formula, the same with the sample's numbers,
    whether it is a sum (parenthesized in a product), and the derivation behind it."""
    names, layer = ctx.names, above.layer
    if above.kind == "loss" and below.kind == "post":
        return _factor_parts(factors.loss_gradient(ctx, k))
    if above.kind == "loss":  # a fused loss, by its signals
        value = float(partial_numbers.loss_gradient(ctx, "pre")[k])
        return (partial(names.loss, names.pre(layer, k)), Number(value, True), False,
                None)
    if above.kind == "pre":
        return (leaf(names.weight(layer, k, u)), Number(float(ctx.weight(layer)[k, u]), True),
                False, None)
    if ctx.activation(layer).elementwise:
        return _factor_parts(factors.prime(ctx, layer, k))
    entry = float(partial_numbers.jacobian(ctx, layer)[u, k])
    op = ctx.activation(layer)
    formula = partial_numbers.jacobian_entry(op, ctx.width(layer), u, k)
    if formula is None:
        return partial(names.post(layer, u), names.pre(layer, k)), Number(entry, True), False, None
    units = [u] if u == k else [u, k]
    outputs = {sympy.Symbol(f"a{n}"): leaf(names.post(layer, unit))
               for n, unit in enumerate(units)}
    formula = local.replaced(formula, outputs)
    values = {names.post(layer, unit): float(ctx.a(layer)[0, unit]) for unit in units}
    return _factor_parts(factors.Factor(formula, local.with_numbers(formula, values),
                                   factors.compound(formula)))


def _factor_parts(factor: factors.Factor) -> tuple[Formula, Formula, bool, object]:
    return factor.formula, factor.numbers, factor.compound, factor.derivation


def _reason(ctx: Context, below: Stage, above: Stage, count: int) -> str:
    sum_note = (f"; a sum over the {count} units it depends on" if count > 1 else "")
    if above.kind == "loss" and below.kind == "pre":
        return ("the loss takes the output layer's signals (its activation is fused into it): "
                "its gradient by each signal, times that signal's partial" + sum_note)
    if above.kind == "loss":
        return "the loss op's gradient by each output, times that output's partial" + sum_note
    if above.kind == "pre":
        return ("the affine map: the signal's partial by an output below is the weight "
                "between them" + sum_note)
    op = ctx.activation(above.layer)
    if op.elementwise:
        return f"the activation ({op.name}) acts unit by unit: its derivative, derived below"
    return (f"{op.name} is not elementwise: each output depends on every signal of the layer "
            "through an entry of its Jacobian, derived from the op's formula and written with "
            "its outputs (the values from the op's backward pass)" + sum_note)
