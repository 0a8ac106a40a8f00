"""A learner's own names for a network's quantities: ``--symbols "out_o1=o_5,net_h1=net_3"``.

The items of ``symbols`` whose key is a field of a notation (``loss=J``, ``post=h``) change the
notation; any other ``name=quantity`` item names a quantity of the network in the notation's
spelling, and the claim's ``name`` is read as that quantity (and the verdict says so).
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

from chainrule.calculus.partials import partial_parts, partial_symbol
from chainrule.calculus.printing import symbol_text
from chainrule.check.formulas import read_symbol
from chainrule.errors import ParseError
from chainrule.explain.learner_names import GIVEN


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


def apply_aliases(expr: sympy.Expr, aliases: dict[sympy.Symbol, sympy.Symbol],
                  meaning: Callable[[sympy.Symbol], str] | None = None,
                  origins: dict[sympy.Symbol, str] | None = None,
                  ) -> tuple[sympy.Expr, tuple[str, ...]]:
    """``expr`` with each learner's name replaced, inside partials too (``∂E_total/∂out_o1``
    is ``∂E/∂o_5``), and a line for each one used: ``read out_o1 as o₅, the output of unit 5
    of layer 2 (--symbols)``, the quantity's meaning given by ``meaning`` when it has one."""
    used: set[sympy.Symbol] = set()
    mapping = {}
    for symbol in expr.free_symbols:
        parts = partial_parts(symbol)
        if parts is None:
            if symbol in aliases:
                used.add(symbol)
                mapping[symbol] = aliases[symbol]
            continue
        if any(part in aliases for part in parts):
            used.update(part for part in parts if part in aliases)
            mapping[symbol] = partial_symbol(*(aliases.get(part, part) for part in parts))
    return expr.xreplace(mapping), alias_lines(used, aliases, meaning, origins)


def alias_lines(used: set[sympy.Symbol], aliases: dict[sympy.Symbol, sympy.Symbol],
                meaning: Callable[[sympy.Symbol], str] | None = None,
                origins: dict[sympy.Symbol, str] | None = None) -> tuple[str, ...]:
    """``read out_o1 as o₅, the output of unit 5 of layer 2 (--symbols)`` per name used;
    a name built in for the course says where it comes from instead (``Mazur's name``)."""
    lines = []
    for name in sorted(used, key=lambda s: s.name):
        quantity = aliases[name]
        told = meaning(quantity) if meaning is not None else ""
        told = f", {told}" if told else ""
        origin = (origins or {}).get(name, GIVEN)
        lines.append(f"read {symbol_text(name.name)} as {symbol_text(quantity.name)}{told} "
                     f"({origin})")
    return tuple(lines)


def rename_claim(left: sympy.Expr, right: sympy.Expr, aliases: dict[str, str],
                 meaning: Callable[[sympy.Symbol], str],
                 origins: dict[str, str] | None = None) -> tuple[sympy.Expr, sympy.Expr,
                                                                  tuple[str, ...],
                                                                  set[sympy.Symbol]]:
    """Both sides of a claim with the learner's names replaced: ``(left, right, a line per
    name, the quantities that only the learner's names brought in)`` (their own reading
    lines would repeat the names' lines); ``origins``: where built-in names come from."""
    table = symbol_aliases(aliases)
    sources = {read_symbol(key): origin for key, origin in (origins or {}).items()}
    written = right.free_symbols
    left, named = apply_aliases(left, table, meaning, sources)
    right, renamed = apply_aliases(right, table, meaning, sources)
    brought = {table[s] for s in written if s in table} - written
    return left, right, tuple(dict.fromkeys((*named, *renamed))), brought
