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
from chainrule.check.naming import ClaimNames
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
                          f"names are {_known(names)}, and N for the number of samples")


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
