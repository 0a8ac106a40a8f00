"""A learner's own names for a network's quantities: ``--symbols "out_o1=o_5,net_h1=net_3"``.

The items of ``symbols`` whose key is a field of a notation (``loss=J``, ``post=h``) change the
notation; any other ``name=quantity`` item names a quantity of the network in the notation's
spelling, and the claim's ``name`` is read as that quantity (and the verdict says so).
"""

from __future__ import annotations

import sympy

from chainrule.calculus.printing import symbol_text
from chainrule.check.formulas import read_symbol
from chainrule.errors import ConfigError
from chainrule.explain.notation import CUSTOM_KEYS


def split_symbols(symbols: str | None) -> tuple[str | None, dict[sympy.Symbol, sympy.Symbol]]:
    """``(notation symbols or None, {learner's name: the notation's name})``."""
    if not symbols:
        return symbols, {}
    fields, aliases = [], {}
    for item in filter(None, (part.strip() for part in symbols.split(","))):
        key, sep, value = item.partition("=")
        if not sep or not value.strip():
            raise ConfigError(f"a symbol must look like `name=symbol`; got {item!r}")
        if key.strip() in CUSTOM_KEYS:
            fields.append(item)
        else:
            aliases[read_symbol(key.strip())] = read_symbol(value.strip())
    return (",".join(fields) or None), aliases


def apply_aliases(expr: sympy.Expr,
                  aliases: dict[sympy.Symbol, sympy.Symbol]) -> tuple[sympy.Expr, tuple[str, ...]]:
    """``expr`` with each learner's name replaced, and a line for each one used."""
    used = [a for a in aliases if a in expr.free_symbols]
    lines = tuple(f"read {symbol_text(a.name)} as {symbol_text(aliases[a].name)} (--symbols)"
                  for a in sorted(used, key=lambda s: s.name))
    return expr.xreplace({a: aliases[a] for a in used}), lines
