"""Every symbol of a claim about a network names a quantity of it, or the claim is refused.

A symbol the notation does not know (``q``, ``out``, a letter of another course) would be
sampled as a free variable, and the claim called wrong for a reason the learner cannot see;
instead it is an error that says where it is and which names the notation has.
"""

from __future__ import annotations

import re

import sympy

from chainrule.calculus.partials import partial_parts
from chainrule.calculus.printing import symbol_text
from chainrule.calculus.symbols import symbol_parts
from chainrule.check.claim_names import ClaimNames
from chainrule.errors import ConfigError

#: Names that are not quantities but may appear: the number of samples of a batch.
COUNTS = ("N", "m")


def require_bound(formula: sympy.Expr, names: ClaimNames, text: str) -> None:
    """Raise if a symbol of ``formula`` is no quantity of the network in ``names``' notation.

    Raises
    ------
    ConfigError
        Naming the symbol, its position in ``text`` (when it can be found) and the names
        the notation has.
    """
    for symbol in sorted(formula.free_symbols, key=lambda s: s.name):
        if symbol.name in COUNTS or partial_parts(symbol) is not None:
            continue
        try:
            if names.read(symbol) is not None or names.gradient_of(symbol) is not None:
                continue
        except ConfigError:
            continue  # a name of the notation with a wrong layer or index: read() says so later
        raise ConfigError(f"{symbol_text(symbol.name)}{_position(symbol, text)} is not a "
                          f"quantity of this network in the {names.notation.key} notation; its "
                          f"names are {_known(names)}, and N for the number of samples "
                          f"(a name of your own: --symbols '{symbol.name}=<one of them>')")


def _position(symbol: sympy.Symbol, text: str) -> str:
    base = re.escape(symbol_parts(symbol).base)
    found = re.search(rf"(?<![A-Za-z\\]){base}(?![A-Za-z])", text) if text else None
    return f" (at position {found.start()})" if found else ""


def _known(names: ClaimNames) -> str:
    shown = []
    for kind in ("pre", "post", "delta", "weight", "bias"):
        units = ("l", "i", "j") if kind == "weight" else ("l", "j")
        try:
            shown.append(symbol_text(names.namer.plain(kind, *units)))
        except ConfigError:
            continue
    shown.append(symbol_text(names.namer.plain("target", "j")))
    return ", ".join(shown)


_KINDS = {"pre": "the signal", "post": "the output", "delta": "δ", "weight": "the weight",
          "bias": "the bias", "target": "the target"}
MAX_LINES = 8


def symbol_readings(formula: sympy.Expr, names: ClaimNames,
                    skip: set[sympy.Symbol] | None = None) -> tuple[str, ...]:
    """How each symbol of ``formula`` was read: ``read x₁⁽ᴸ⁾ as the output of unit 1 of
    layer L``; at most :data:`MAX_LINES` lines, the rest counted; ``skip``: symbols already
    told (a learner's own names)."""
    lines = []
    for symbol in sorted(formula.free_symbols - (skip or set()), key=lambda s: s.name):
        meaning = quantity_meaning(symbol, names)
        if meaning:
            lines.append(f"read {names.display(symbol)} as {meaning}")
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES], f"(and {len(lines) - MAX_LINES} more names)"]
    return tuple(lines)


def quantity_meaning(symbol: sympy.Symbol, names: ClaimNames) -> str:
    """What ``symbol`` names in the network (``the output of unit 5 of layer 2``), or ""."""
    if symbol.name in COUNTS:
        return "the number of samples of the batch"
    parts = partial_parts(symbol)
    try:
        ref = names.read(symbol if parts is None else parts[1])
    except ConfigError:
        return ""
    if ref is None:
        return ""
    if parts is not None:
        if symbol_parts(parts[0]).base == symbol_parts(names.loss).base:
            return f"given: the loss's partial derivative by {_ref_text(ref, names)}"
        return f"a local factor of one layer, by {_ref_text(ref, names)}"
    return _ref_text(ref, names)


def _ref_text(ref, names: ClaimNames) -> str:
    what = _KINDS.get(ref.kind, ref.kind)
    if ref.kind == "target":
        one = names.widths[-1] == 1 or not ref.unit.isdigit()
        return what if one else f"{what} of output unit {ref.unit}"
    layer = "" if ref.layer is None else f" of layer {_tag(ref, names)}"
    if ref.kind == "weight":
        return f"{what} from unit {ref.units[0]} to unit {ref.units[1]}{layer}"
    return f"{what} of unit {ref.unit}{layer}" if ref.unit else f"{what}{layer} (every unit)"


def _tag(ref, names: ClaimNames) -> str:
    if isinstance(ref.layer, str):
        return ref.layer
    n = names.notation
    return names.namer.tag(ref.layer, n.post_offset if ref.kind == "post" else n.pre_offset)
