"""A claim about one unit's δ (or ``∂e/∂s``) that names the δ of another unit of its layer.

``∂E/∂net_3 = −δ_4`` (Mitchell) names δ₄, a quantity of the quantity's own layer: the claim is
checked with that layer's δs given (the truth is then −δ₃, the definition), and the diagnosis
says which unit the claim took: "δ₄ is the δ of unit 4, not of unit 3".
"""

from __future__ import annotations

import sympy

from chainrule.calculus.partials import partial_parts, partial_symbol
from chainrule.calculus.printing import symbol_text
from chainrule.calculus.symbols import symbol_parts
from chainrule.check.claim import Given, Target, is_loss
from chainrule.check.claim_names import ClaimNames
from chainrule.check.problem import KnownMistake

SIGNAL_KINDS = ("delta", "grad_pre")  # a δ, or ∂e/∂s: both are taken of a unit's signal


def names_other_unit(target: Target, given: Given) -> bool:
    """Whether ``given`` is the δ or ``∂e/∂s`` of another unit of the target's own layer."""
    ref = target.ref
    return (target.kind in SIGNAL_KINDS and given.kind in SIGNAL_KINDS
            and isinstance(ref.layer, int) and given.layer == ref.layer
            and given.unit != ref.unit)


def other_unit_mistakes(names: ClaimNames, target: Target, formula: sympy.Expr,
                        truth: sympy.Expr) -> tuple[KnownMistake, ...]:  # fmt: skip
    """For each δ (or ``∂e/∂s``) of another unit of the target's layer that ``formula``
    names: the truth with the target's own one replaced by it, with either sign."""
    ref = target.ref
    if target.kind not in SIGNAL_KINDS or not isinstance(ref.layer, int):
        return ()
    unit = names.unit_index(ref)
    signal = names.symbol("pre", ref.layer, unit)
    owns = (names.symbol("delta", ref.layer, unit), partial_symbol(target.loss, signal))
    found = []
    for symbol in sorted(formula.free_symbols, key=lambda s: s.name):
        other = _other_unit(names, target, symbol)
        if other is None:
            continue
        written = names.display(symbol)
        message = (f"{written} is the {_what(names, target, symbol)} of unit {other}, not of "
                   f"unit {ref.unit}: the claim names another unit of the same layer.")
        model = truth.xreplace(dict.fromkeys(owns, symbol))
        found.append(KnownMistake("wrong_unit", message, model))
        found.append(KnownMistake("wrong_unit", f"{message} Its sign is flipped too.", -model))
    return tuple(found)


def _other_unit(names: ClaimNames, target: Target, symbol: sympy.Symbol) -> str | None:
    """The unit of ``symbol`` when it is the δ or ``∂e/∂s`` of another unit of the target's
    layer, else None."""
    parts = partial_parts(symbol)
    if parts is not None:
        if not is_loss(parts[0], names):
            return None
        ref, kind = names.read(parts[1]), "pre"
    else:
        ref, kind = names.read(symbol), "delta"
    if ref is None or ref.kind != kind or not ref.units:
        return None
    given = Given("delta" if kind == "delta" else "grad_pre", ref.layer, ref.unit)
    return ref.unit if names_other_unit(target, given) else None


def _what(names: ClaimNames, target: Target, symbol: sympy.Symbol) -> str:
    """"δ", or "∂E/∂net" for a partial of the loss."""
    if partial_parts(symbol) is None:
        return "δ"
    base = symbol_parts(names.namer.plain("pre", target.ref.layer, "j")).base
    return f"∂{symbol_text(target.loss.name)}/∂{symbol_text(base)}"
