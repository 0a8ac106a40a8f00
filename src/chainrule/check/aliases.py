"""A learner's own names for a network's quantities: ``--symbols "out_o1=o_5,net_h1=net_3"``.

The items of ``symbols`` whose key is a field of a notation (``loss=J``, ``post=h``) change the
notation; any other ``name=quantity`` item names a quantity of the network in the notation's
spelling, and the claim's ``name`` is read as that quantity (and the verdict says so).
"""

from __future__ import annotations

import re

import sympy

from chainrule.calculus.printing import symbol_text
from chainrule.check.formulas import read_symbol
from chainrule.errors import ConfigError, ParseError
from chainrule.explain.notation import CUSTOM_KEYS


def split_symbols(symbols: str | None) -> tuple[str | None, dict[str, str]]:
    """``(notation symbols or None, {learner's name: the notation's name})`` as written."""
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
            aliases[key.strip()] = value.strip()
    return (",".join(fields) or None), aliases


def symbol_aliases(aliases: dict[str, str]) -> dict[sympy.Symbol, sympy.Symbol]:
    """The aliases whose names the formula parser reads as one symbol each (``out_{o1}``);
    the others (``HA``) are names of whole matrices, for matrix claims."""
    found = {}
    for key, value in aliases.items():
        try:
            found[read_symbol(key)] = read_symbol(value)
        except ParseError:
            continue
    return found


def key_text(written: str) -> str:
    """A name reduced to compare spellings: ``out_{o1}`` and ``out_o1``, ``A^{[1]}`` and
    ``A^(1)``."""
    text = re.sub(r"[\s{}\\]", "", written)
    return re.sub(r"\^\[([^\]]*)\]", r"^(\1)", text)


def apply_aliases(expr: sympy.Expr,
                  aliases: dict[sympy.Symbol, sympy.Symbol]) -> tuple[sympy.Expr, tuple[str, ...]]:
    """``expr`` with each learner's name replaced, and a line for each one used."""
    used = [a for a in aliases if a in expr.free_symbols]
    lines = tuple(f"read {symbol_text(a.name)} as {symbol_text(aliases[a].name)} (--symbols)"
                  for a in sorted(used, key=lambda s: s.name))
    return expr.xreplace({a: aliases[a] for a in used}), lines
