r"""The network form: a claim about a quantity of a network, in a course's notation.

The network and the notation are chosen as in ``explain``: a network object, a preset example
(``lfd``, ``nielsen``, ``mitchell``, ``jhz``, ``cs231n``) or a saved model, and a notation
preset (the example's own by default) or a :class:`~chainrule.explain.notation.Notation`.

.. code-block:: text

    \delta_1^{(L)} = 2(x_1^{(L)}-y_n)(1-(x_1^{(L)})^2)                 # LFD, output δ
    \delta_i^{(l)} = (1-(x_i^{(l)})^2) \sum_j w_{ij}^{(l+1)} \delta_j^{(l+1)}
    \frac{\partial e}{\partial w_{ij}^{(l)}} = x_i^{(l-1)} \delta_j^{(l)}
    ∂J/∂w_12^(2) = 2(h_1^(3) - y) h_2^(2)                             # the J/h/z tutorial
    \frac{\partial C_0}{\partial a_j^{(L-m)}} = \sum_i \frac{\partial C_0}{\partial a_i^{(L-m+1)}}
        \frac{\partial a_i^{(L-m+1)}}{\partial z_i^{(L-m+1)}}
        \frac{\partial z_i^{(L-m+1)}}{\partial a_j^{(L-m)}}            # Nielsen's, literally
    dz_2 = \hat{y} - y                                                 # CS231n, per unit

The true value is built from the network's own ops (:mod:`chainrule.check.network_piece`);
quantities the claim names — the next layer's δ, ``∂C_0/∂a`` of the next layer, a layer's δ in
a weight's gradient — are taken as given and sampled like any other variable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import sympy

from chainrule.calculus.printing import symbol_text, to_latex, to_text
from chainrule.calculus.symbols import symbol_parts
from chainrule.check.aliases import rename_claim
from chainrule.check.batch import claim_batch
from chainrule.check.claim import read_target
from chainrule.check.claim_names import ClaimNames
from chainrule.check.formulas import read_side, split_equation
from chainrule.check.layer_claims import check_layer_claim, is_layer_example
from chainrule.check.layer_ops import LayerOps
from chainrule.check.letters import bind_letters, displayed, letter_functions
from chainrule.check.matrix_claim import check_matrix_claim
from chainrule.check.matrix_left import is_matrix_claim, names_whole_layer, split_top
from chainrule.check.network_problem import claim_problem
from chainrule.check.partial_claims import local_partial, partial_problem
from chainrule.check.result import CheckResult
from chainrule.check.symbol_readings import quantity_meaning, symbol_readings
from chainrule.check.unit_sets import require_no_unit_sets, unit_set_readings
from chainrule.check.verdict import decide
from chainrule.check.weight_update import as_gradient
from chainrule.check.written import dotted_primes, respell
from chainrule.errors import ChainruleError, ConfigError, ParseError, one_of
from chainrule.explain.layer_superscripts import LayerSuperscripts
from chainrule.explain.learner_names import split_symbols, with_course_names
from chainrule.explain.notation import Notation
from chainrule.explain.resolver import resolve


def check_network_claim(
    claim: str | sympy.Eq,
    network: Any = None,
    *,
    example: str | None = None,
    model: str | Path | None = None,
    notation: str | Notation | None = None,
    symbols: str | None = None,
    targets_sum_to_one: bool | Iterable[str] = False,
    per_sample: bool | None = None,
) -> CheckResult:
    r"""Check a claim ``"<quantity> = <formula>"`` about a network, in a notation.

    Parameters
    ----------
    claim : str or sympy.Eq
        The left side names the quantity: a δ (``\delta_1^{(L)}``; ``dz_2`` or ``delta^(L)``
        for every unit of a layer), a weight or bias meaning the loss's gradient with respect to
        it (``w_12^(2)``), or a partial derivative of the loss (``∂e/∂w_12^(2)``,
        ``\frac{\partial C_0}{\partial a_j^{(L-m)}}``). Layers are numbers, ``L``, ``L-1`` or
        letters (``l``, ``L-m``) for a general hidden layer.
    network : chainrule.Network, optional
        The network; or give ``example`` or ``model``. Without any, the example named like
        ``notation`` (else ``lfd``).
    example : str, optional
        A preset of :mod:`chainrule.explain.examples`: ``lfd``, ``nielsen``, ``mitchell``,
        ``jhz``, ``cs231n``.
    model : str or Path, optional
        A network saved by ``chainrule train --save``.
    notation : str or Notation, optional
        A preset (``lfd``, ``nielsen``, ``mitchell``, ``cs231n``, ``ng``, ``jhz``), ``custom``
        with ``symbols``, or a :class:`~chainrule.explain.notation.Notation`; the example's
        own by default, else ``lfd``.
    symbols : str, optional
        Custom symbols, e.g. ``"loss=J,post=h,pre=z"`` (as ``chainrule explain --symbols``),
        and the learner's own names of quantities, e.g. ``"out_o1=o_5,net_h1=net_3"``.
    targets_sum_to_one : bool or iterable of str
        Assume the targets sum to 1 (one-hot or probabilities), as softmax + cross-entropy
        derivations do; or the names of the targets that do (the notation's target, ``y``).
        Assumed anyway where the targets are class labels (cross-entropy losses).
    per_sample : bool, optional
        The convention of the claim's δ and gradients where the network's loss is the mean
        over a batch: True for one sample's loss (or the sum), False for the batch mean; by
        default either is accepted and the verdict names the one that holds.

    Returns
    -------
    CheckResult
        The verdict; for a wrong claim a diagnosis, a counterexample and the right formula.

    Raises
    ------
    ParseError
        If the claim cannot be read.
    ConfigError
        If the network, notation or quantity is not one this network has.
    """
    if is_layer_example(example):  # conv, rnn, batchnorm, pool, dropout: index notation
        return check_layer_claim(claim, example, {"notation": notation, "symbols": symbols,
                                                  "per_sample": per_sample})
    if example is None and (network is not None or model is not None):
        net = resolve(network, model=model).net
        if net.general:  # convolution, pooling, recurrent, ...: index notation
            from chainrule.check.layer_model import check_network_layer_claim

            what = f"the network in {model}" if network is None else "this network"
            return check_network_layer_claim(claim, net, what, {
                "notation": notation, "symbols": symbols, "per_sample": per_sample})
    symbols, aliases = split_symbols(symbols)
    resolved = resolve(network, example=example, model=model, notation=notation, symbols=symbols)
    if not (isinstance(claim, str) and resolved.chosen_notation().key == "nielsen"):
        return _network_claim(claim, resolved, aliases, targets_sum_to_one, per_sample)
    bare = LayerSuperscripts(claim)  # w^4_{12}: Nielsen's layer, never a power
    try:
        result = _network_claim(bare.written, resolved, aliases, targets_sum_to_one, per_sample)
    except ParseError as error:
        raise bare.mapped(error) from None
    return replace(result, reading=(*bare.reading, *result.reading))


def _network_claim(claim: str | sympy.Eq, resolved: Any, aliases: dict,
                   targets_sum_to_one: bool | Iterable[str],
                   per_sample: bool | None) -> CheckResult:  # fmt: skip
    """The claim about the resolved network in its chosen notation."""
    net, chosen = resolved.net, resolved.chosen_notation()
    ops = LayerOps(net)
    if not isinstance(claim, str):
        return _unit_claim(claim, net, chosen, ops, aliases, targets_sum_to_one, per_sample)
    text, step = as_gradient(dotted_primes(claim), chosen.loss)  # Δw = η δ x: a step
    left, right, offset = split_top(text)

    def as_matrices() -> CheckResult:
        return check_matrix_claim(left, right, offset, text, net, chosen, ops,
                                  claim_batch(resolved), per_sample, aliases,
                                  example_batch=resolved.example is not None)

    if is_matrix_claim(left, right, chosen):
        return _with_step(as_matrices(), step)
    _sum_to_one(targets_sum_to_one, ClaimNames(net, chosen))  # the options first: never hidden
    try:
        return _with_step(_unit_claim(text if step else claim, net, chosen, ops, aliases,
                                      targets_sum_to_one, per_sample), step)  # fmt: skip
    except (ConfigError, ParseError) as error:
        if not names_whole_layer(left, chosen):
            raise
        try:  # a whole layer's δ or gradient the unit-by-unit reading cannot take
            return _with_step(as_matrices(), step)
        except ChainruleError:
            raise error from None


def _with_step(result: CheckResult, step: str | None) -> CheckResult:
    """The verdict with how a weight's step Δw was read, first."""
    return replace(result, reading=(step, *result.reading)) if step else result


def _unit_claim(claim: str | sympy.Eq, net: Any, chosen: Notation, ops: LayerOps,
                aliases: dict, targets_sum_to_one: bool | Iterable[str],
                per_sample: bool | None) -> CheckResult:  # fmt: skip
    """The claim read unit by unit with the formula parser, checked symbolically."""
    names = ClaimNames(net, chosen)
    targets_sum_to_one = _sum_to_one(targets_sum_to_one, names)
    left, right = _sides(claim, letter_functions(), chosen)
    written = right
    aliases, origins = with_course_names(aliases, chosen, names.widths)
    left, right, renamed, brought = rename_claim(left, right, aliases,
                                                 lambda s: _alias_meaning(s, names), origins)
    right, letters = bind_letters(right, names, ops)
    units = _vector_units(left, names)
    text = claim if isinstance(claim, str) else ""

    def verdict(one_sample: bool) -> CheckResult:
        refs = local_partial(left, names)
        if refs is not None:
            require_no_unit_sets(right)
            return decide(partial_problem(names, ops, refs, left, right))
        if units is not None:
            return _vector_claim(names, ops, left, right, units, targets_sum_to_one, one_sample,
                                 text)
        return decide(claim_problem(names, ops, left, right, targets_sum_to_one, one_sample,
                                    text))

    result = verdict(bool(per_sample))
    if per_sample is None and not result.correct and _mean_missing(result):
        alternative = verdict(True)
        if alternative.verdict in ("correct", "probably_correct"):
            loss = symbol_text(names.loss.name)
            result = replace(alternative, convention=(
                f"correct for one sample's loss; for the batch mean {loss} of N samples, which "
                f"this notation's name stands for, it is {result.correct_text}"))
    shown = symbol_readings(right, names, skip=brought)
    reading = (*renamed, *unit_set_readings(right, names), *shown, *letters)
    return replace(_as_written(result, written), reading=reading)


def _alias_meaning(symbol: sympy.Symbol, names: ClaimNames) -> str:
    """What a learner's name stands for: a quantity of the network, or the loss."""
    return "the loss" if symbol == names.loss else quantity_meaning(symbol, names)


def _mean_missing(result: CheckResult) -> bool:
    return result.diagnosis is not None and result.diagnosis.code == "missing_mean"


def _sum_to_one(given: bool | Iterable[str], names: ClaimNames) -> bool:
    """``targets_sum_to_one`` as a flag; names must be the notation's target."""
    if isinstance(given, bool):
        return given
    target = symbol_parts(names.target(0)).base
    for name in [given] if isinstance(given, str) else given:
        if name != target:
            raise one_of("sum_to_one", name, [target])
    return bool(given)


def _sides(claim: str | sympy.Eq, functions: dict[str, str],
           notation: Notation) -> tuple[sympy.Expr, sympy.Expr]:  # fmt: skip
    if isinstance(claim, sympy.Equality):
        return claim.lhs, claim.rhs
    if not isinstance(claim, str):
        raise ParseError(f"expected a claim 'quantity = formula'; got {type(claim).__name__}")
    claim = respell(claim, notation)
    left, right, offset = split_equation(claim)
    return read_side(left, 0, claim, functions), read_side(right, offset, claim, functions)


def _vector_units(left: sympy.Expr,
                  names: ClaimNames) -> list[tuple[sympy.Symbol, dict]] | None:  # fmt: skip
    """For a layer's δ vector (``dz_2``, ``delta^(L)``): each unit's δ, and the names of the
    unit's quantities in place of the layer's vectors."""
    if not isinstance(left, sympy.Symbol):
        return None
    plain = names.namer.plain
    vectors = {"pre_vector": "pre", "post_vector": "post", "delta_vector": "delta"}
    for layer in range(1, names.L + 1):
        if left.name != plain("delta_vector", layer):
            continue
        units = []
        for k in range(names.widths[layer]):
            mapping = {sympy.Symbol(plain(v, layer)): names.symbol(s, layer, k)
                       for v, s in vectors.items()}  # fmt: skip
            if layer == names.L:
                mapping[sympy.Symbol(plain("target_vector"))] = names.target(k)
            units.append((names.symbol("delta", layer, k), mapping))
        return units
    return None


def _vector_claim(names: ClaimNames, ops: LayerOps, vector: sympy.Symbol, right: sympy.Expr,
                  units: list[tuple[sympy.Symbol, dict]], sum_to_one: bool,
                  per_sample: bool = False, text: str = "") -> CheckResult:
    """The claim read for each unit; the first wrong unit is reported."""
    results = []
    for left, mapping in units:
        result = decide(claim_problem(names, ops, left, right.xreplace(mapping), sum_to_one,
                                      per_sample, text))
        if not result.correct:
            return result
        results.append(result)
    quantity = f"{symbol_text(vector.name)} (unit by unit{_meaning(results[0].quantity)})"
    return replace(results[0], quantity=quantity)


def _meaning(quantity: str) -> str:
    """What a unit's quantity says beyond its name, e.g. ", L the mean loss of N samples"."""
    _, _, inner = quantity.partition(", ")
    return f", {inner[:-1]}" if inner.endswith(")") else ""


def _as_written(result: CheckResult, formula: sympy.Expr) -> CheckResult:
    """The result, its claim printed as the learner wrote it (sums and partials kept)."""
    formula = displayed(formula)
    return replace(result, claim_text=to_text(formula), claim_latex=to_latex(formula))


__all__ = ["check_network_claim", "read_target"]
