"""A claim about a network as a :class:`~chainrule.check.problem.Problem`.

The claim's left side gives the quantity (:func:`~chainrule.check.claim.read_target`); its
formula's partial factors get their values and its given quantities decide where the true
derivative stops (:class:`~chainrule.check.network_piece.Frontier`); sums over the next layer's
units are written out over that layer's units (three for a layer written with letters).
"""

from __future__ import annotations

from dataclasses import replace

import sympy

from chainrule.calculus.functions import IndexSum
from chainrule.calculus.partials import partial_parts
from chainrule.calculus.printing import symbol_text
from chainrule.calculus.sums import at_index, expand_sums_over
from chainrule.calculus.symbols import symbol_parts
from chainrule.check.chain import at_kinks, substitute, total_derivative
from chainrule.check.claim import (
    Given,
    PartialValues,
    Target,
    canonical_formula,
    is_loss,
    read_target,
)
from chainrule.check.claim_names import ClaimNames, Ref, next_layer
from chainrule.check.freeform import free_problem
from chainrule.check.layer_ops import LayerOps
from chainrule.check.network_piece import Frontier, Local, LocalBuilder
from chainrule.check.other_units import other_unit_mistakes
from chainrule.check.partial_claims import loss_partial_problem, reaches_loss
from chainrule.check.problem import KnownMistake, Problem, SumTerms
from chainrule.check.symbol_readings import require_bound
from chainrule.check.unit_sets import resolve_unit_sets
from chainrule.errors import ConfigError

COUNT = sympy.Symbol("N")  # the samples of a batch, as a claim writes the 1/N of the mean
_GIVEN_VECTORS = {"delta": "delta_vector", "grad_pre": "pre_vector", "grad_post": "post_vector"}


def claim_problem(names: ClaimNames, ops: LayerOps, left: sympy.Expr, right: sympy.Expr,
                  sum_to_one: bool = False, per_sample: bool = False,
                  text: str = "") -> Problem:  # fmt: skip
    """The problem of the claim ``left = right`` about the network of ``names`` and ``ops``;
    ``per_sample`` reads a d-name as the gradient of one sample's loss, not the mean's."""
    target = _with_layer(read_target(left, names), right, names)
    values = PartialValues(names, ops, target)
    formula = values.replace(canonical_formula(right, names))
    require_bound(formula, names, text)
    frontier = choose_frontier(target, values.givens, names)
    if frontier.kind != "loss" and not values.givens and not values.defining and \
            reaches_loss(formula, target.ref.layer, names):
        return _through_to_loss(names, ops, target, formula, per_sample)
    local = LocalBuilder(names, ops, target.loss).build(target, frontier)
    labels = _labels(local, names)
    unit = target.ref.unit if target.ref.unit is not None else ""
    formula = resolve_unit_sets(formula, names, local.above, names.written_unit(
        target.ref.layer, unit) if target.ref.layer is not None else str(unit))
    index = _sum_index(formula, target, local, names)
    claim = expand_sums_over(formula, {node.index.name: labels
                                       for node in formula.atoms(IndexSum)})
    if index is not None and claim.free_symbols & _with_letter(claim, index):
        claim = at_index(claim, index, labels[0])  # a sum's index used outside a sum
    sign = names.notation.delta_sign if target.kind == "delta" else 1
    mean = _batch_mean(names, ops, frontier, target) and not per_sample
    loss = local.of / (COUNT if mean else 1)
    of = sign * loss
    if values.defining:  # the definition ∂e/∂s written out: the true derivative
        partial = total_derivative(loss, local.wrt, local.where, set(local.where))
        claim = claim.xreplace(dict.fromkeys(values.defining, partial))
    labels_sum = _labels_sum_to_one(names, ops, frontier)
    truth = total_derivative(of, local.wrt, local.where, set(local.where))
    problem = free_problem(claim, of, local.wrt, local.where,
                           sum_to_one=_sum_to_one(names, sum_to_one or labels_sum),
                           domains=_domains(names, ops, claim, local))  # fmt: skip
    return replace(
        problem,
        truth=truth,
        truth_full=at_kinks(problem.truth_full),
        of=of if frontier.kind == "loss" else None,
        quantity=_quantity(target, local, frontier, names, mean),
        simplex_reason="the targets are class labels (one-hot)" if labels_sum else "",
        names={s: names.display(s) for s in (*problem.independents, *problem.intermediates)},
        sums=_sum_terms(local, index or "k", sign, names),
        sign_hint=_sign_hint(names, target.loss) if target.kind == "delta" else None,
        mistakes=(*_missing_above(names, ops, target, frontier, local, index or "k", sign),
                  *other_unit_mistakes(names, target, claim, truth)),
    )


def _through_to_loss(names: ClaimNames, ops: LayerOps, target: Target, formula: sympy.Expr,
                     per_sample: bool) -> Problem:  # fmt: skip
    """A partial of the loss by a quantity two or more layers below the output, written out
    down to the loss (the targets, the outputs' signals): the network between them is
    written out from its ops."""
    kind = {"grad_post": "post", "grad_pre": "pre", "delta": "pre"}.get(target.kind,
                                                                         target.kind)
    loss_frontier = Frontier("loss", names.L)
    local = LocalBuilder(names, ops, target.loss)
    loss = local.loss_of(list(range(names.widths[-1])))
    mean = _batch_mean(names, ops, loss_frontier, target) and not per_sample
    sign = names.notation.delta_sign if target.kind == "delta" else 1
    of = sign * loss / (COUNT if mean else 1)
    bottom = Ref(kind, target.ref.layer, target.ref.units)
    quantity = _quantity(target, Local(names.name_of(bottom)), loss_frontier, names, mean)
    return loss_partial_problem(names, ops, bottom, of, formula, quantity)


def _with_layer(target: Target, right: sympy.Expr, names: ClaimNames) -> Target:
    """A notation that writes no layers (Mitchell): a general hidden layer when the formula
    names a given quantity or a sum, else the output layer."""
    if target.ref.layer is not None:
        return target
    if names.notation.layer_style != "global":
        example = names.namer.plain("delta", names.L, 0)
        raise ConfigError(f"{symbol_text(target.symbol.name)} needs its layer, as in "
                          f"{symbol_text(example)}")
    hidden = right.has(IndexSum) or any(_names_given(s, names, target)
                                        for s in right.free_symbols)
    ref = replace(target.ref, layer="l" if hidden else names.L)
    return replace(target, ref=ref)


def _names_given(symbol: sympy.Symbol, names: ClaimNames, target: Target) -> bool:
    parts = partial_parts(symbol)
    if parts is not None:  # ∂E/∂net_k of the target's own unit k is its definition
        ref = names.read(parts[1])
        own = ref is not None and ref.kind == "pre" and ref.unit == target.ref.unit
        return is_loss(parts[0], names) and not (own and target.kind == "delta")
    ref = names.read(symbol)
    return ref is not None and ref.kind == "delta"


def choose_frontier(target: Target, givens: set[Given], names: ClaimNames) -> Frontier:
    """What the claim takes as given (one kind, one layer), else the loss when it is within
    reach, else the given quantity such a formula needs (which the claim then lacks)."""
    layer = target.ref.layer
    assert layer is not None
    found = set()
    for given in givens:
        at = given.layer
        if at is None:  # Mitchell: δ_k of the weight's own unit k, else of the next layer
            same = target.kind in ("weight", "bias") and given.unit == target.ref.unit
            at = layer if same else next_layer(layer)
        found.add((given.kind, at))
    if len(found) > 1:
        listed = ", ".join(sorted(f"{kind} of layer {at}" for kind, at in found))
        raise ConfigError(f"the claim takes quantities of more than one kind or layer as "
                          f"given ({listed}); expected those of one layer")
    if found:
        return Frontier(*found.pop())
    if isinstance(layer, int) and names.L in (layer, layer + 1):
        return Frontier("loss", names.L)
    if target.kind in ("weight", "bias"):
        return Frontier("delta", layer)
    return Frontier("grad_post" if target.kind == "grad_post" else "delta", next_layer(layer))


def _labels(local: Local, names: ClaimNames) -> list[str]:
    """The values a sum's index takes: the units of the layer above, as written."""
    if local.above is not None:
        return [names.written_unit(local.above, k) for k in local.above_units]
    return [names.written_unit(names.L, k) for k in range(names.widths[-1])]


def _sum_index(formula: sympy.Expr, target: Target, local: Local,
               names: ClaimNames) -> str | None:  # fmt: skip
    """The index the claim sums over, or would have: its Σ's index, else the letter of a unit
    of the layer above (``δ_j^(l+1)`` without the Σ)."""
    for node in sympy.preorder_traversal(formula):
        if isinstance(node, IndexSum):
            return node.index.name
    if local.above is None:
        return None
    for symbol in sorted(formula.free_symbols, key=lambda s: s.name):
        parts = partial_parts(symbol)
        ref = names.read(parts[1] if parts is not None else symbol)
        if ref is None or ref.layer not in (local.above, None) or ref.kind == "target":
            continue
        if ref.unit.isalpha() and ref.unit not in target.ref.units:
            return ref.unit
    return None


def _with_letter(claim: sympy.Expr, index: str) -> set[sympy.Symbol]:
    """The claim's symbols that carry ``index`` in their name."""
    found = set()
    for symbol in claim.free_symbols:
        parts = partial_parts(symbol) or (symbol,)
        if any(index in symbol_parts(part).indices for part in parts):
            found.add(symbol)
    return found


def _sum_terms(local: Local, index: str, sign: int,
               names: ClaimNames) -> tuple[SumTerms, ...]:  # fmt: skip
    """Each unit's term of the sum over the layer above, for the missing-sum diagnosis."""
    if local.above is None or local.through is None:
        return ()
    terms, keep = [], set(local.where)
    for k in local.above_units:
        signal = names.symbol("pre", local.above, k)
        outer = total_derivative(local.of, signal, local.where, keep)
        terms.append(sign * outer * sympy.diff(local.where[signal], local.through))
    return (SumTerms(index, tuple(terms)),)


def _missing_above(names: ClaimNames, ops: LayerOps, target: Target, frontier: Frontier,
                   local: Local, index: str, sign: int) -> tuple[KnownMistake, ...]:  # fmt: skip
    """The claim without the layer above's ``∂a/∂z`` in each term of the sum."""
    above = local.above
    through_activation = frontier.kind == "loss" or (
        frontier.kind == "grad_post" and frontier.layer == above)
    if above is None or not through_activation or ops.activation(above).identity:
        return ()
    alternative = LocalBuilder(names, ops, target.loss, identity_above=True).build(
        target, frontier)
    model = sign * sympy.diff(substitute(alternative.of, alternative.where), alternative.wrt)
    a, z = (symbol_text(names.namer.plain(kind, above, index)) for kind in ("post", "pre"))
    message = (f"The activation-derivative factor ∂{a}/∂{z} = {ops.activation(above).name}′"
               f"({z}) of the next layer is missing from each term of the sum over {index}.")
    return (KnownMistake("missing_activation_derivative", message, model),)


def _batch_mean(names: ClaimNames, ops: LayerOps, frontier: Frontier, target: Target) -> bool:
    """Whether the claim's d-names are gradients of the batch's mean loss, as CS231n's ``dz``
    and ``dW`` are (and as ``explain`` prints ``dz₂ = (ŷ − y)/N``): from the loss, its 1/N
    is part of the quantity; a given ``dz`` already carries it."""
    if names.notation.delta_per_sample and target.kind not in ("weight", "bias"):
        return False  # Andrew Ng's dz is each example's own; the 1/m comes in dW and db
    return bool(names.notation.gradient_prefix) and ops.batch_mean and frontier.kind == "loss"


def _labels_sum_to_one(names: ClaimNames, ops: LayerOps, frontier: Frontier) -> bool:
    """Targets that are class labels are one-hot: Σ y = 1 holds by construction."""
    return ops.class_labels and frontier.kind == "loss" and names.widths[-1] > 1


def _quantity(target: Target, local: Local, frontier: Frontier, names: ClaimNames,
              mean: bool = False) -> str:  # fmt: skip
    loss, wrt = symbol_text(target.loss.name), names.display(local.wrt)
    if target.kind == "delta":
        sign = "−" if names.notation.delta_sign < 0 else ""
        text, inner = names.display(target.symbol), f"{sign}∂{loss}/∂{wrt}"
    elif names.gradient_of(target.symbol) is not None:
        text, inner = names.display(target.symbol), f"∂{loss}/∂{wrt}"
    else:
        text, inner = f"∂{loss}/∂{wrt}", ""
    if frontier.kind != "loss":
        given = _given_text(frontier, target, loss, names)
        inner = f"{inner}, {given} given" if inner else f"{given} given"
    if mean:
        inner = f"{inner}, {loss} the mean loss of N samples"
    return f"{text} ({inner})" if inner else text


def _given_text(frontier: Frontier, target: Target, loss: str, names: ClaimNames) -> str:
    """``δ⁽ˡ⁺¹⁾``, ``∂C₀/∂a⁽ᴸ⁻ᵐ⁺¹⁾``; "the next layer's δ" where layers are not written."""
    vector = names.namer.plain(_GIVEN_VECTORS[frontier.kind], frontier.layer)
    if names.notation.layer_style == "global":
        which = "this" if frontier.layer == target.ref.layer else "the next"
        base = symbol_text(symbol_parts(vector).base)
        return f"{which} layer's {base if frontier.kind == 'delta' else f'∂{loss}/∂{base}'}"
    vector = symbol_text(vector)
    return vector if frontier.kind == "delta" else f"∂{loss}/∂{vector}"


def _sign_hint(names: ClaimNames, loss: sympy.Symbol) -> str:
    if names.notation.delta_sign < 0:
        return "Mitchell's δ is −∂E/∂net; the claim is +∂E/∂net."
    pre = symbol_text(symbol_parts(names.namer.plain("pre", "l", "j")).base)
    return (f"This is Mitchell's δ = −∂E/∂net; in this notation δ = +∂{symbol_text(loss.name)}"
            f"/∂{pre}.")


def _sum_to_one(names: ClaimNames, assume: bool) -> tuple[str, ...]:
    return (symbol_parts(names.target(0)).base,) if assume else ()


def _domains(names: ClaimNames, ops: LayerOps, claim: sympy.Expr,
             local: Local) -> dict[sympy.Symbol, tuple[float, float]]:  # fmt: skip
    """Targets are drawn where the output activation's values lie."""
    domain = ops.target_domain()
    if domain is None:
        return {}
    symbols = claim.free_symbols | local.of.free_symbols
    for definition in local.where.values():
        symbols |= definition.free_symbols
    return {s: domain for s in symbols if names.is_target(s)}
