r"""Derivations an explanation meets more than once: written in full the first time, then
referred to.

An explanation derives the same thing for several units: σ′(net₆) after σ′(net₅), ∂E/∂o₆ after
∂E/∂o₅. A later derivation is referred to when it prints exactly as an earlier one, or when it
does once two unit numbers, or two variables' sub- and superscripts, are exchanged in its symbols'
names: they are read off the two variables' name trees (``net₅``, ``net₆``:
:mod:`chainrule.render.name_swaps`), and the exchange is proven by printing: the later
derivation, renamed, must give the earlier one's rows (:mod:`chainrule.render.step_rows`) row
for row, else it is written in full. The line above the derivation keeps its own formula and
numbers; only the rule-by-rule steps are replaced by the reference.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sympy

from chainrule.calculus.math_names import MathName
from chainrule.explain.local_derivations import renamed
from chainrule.explain.model import Explanation, Formula, Line, Prose, Text, prose
from chainrule.explain.notation_symbols import NotationSymbol
from chainrule.render import name_swaps
from chainrule.render.step_rows import Row, derivation_rows

_TOKENS = re.compile(r"\d+|\D+")
#: A sub- or superscript of a LaTeX name: ``_{1}``, ``^{(L)}`` (one level of braces inside).
_SCRIPT = re.compile(r"[_^]\{(?:[^{}]|\{[^{}]*\})*\}")
#: How a reason points at the derivation printed under it (left out where none is printed).
_DERIVED_BELOW = ("; derived step by step below", "; derived below", " (derived below)")


@dataclass(frozen=True)
class Reference:
    """Where a derivation was written before: the earlier line's position (section, line)
    and quantity (its formula), and what was exchanged: two numbers (``("5", "6")``), or two
    variables' indices (the two variables, ``z₁⁽ᴸ⁾`` and ``z₂⁽³⁾``); nothing when the two
    print the same."""

    at: tuple[int, int]
    quantity: Formula
    numbers: tuple[str, ...] = ()
    variables: tuple[sympy.Symbol, ...] = ()

    @property
    def prose(self) -> Prose:
        """The reference as prose, e.g. "the same derivation as for ∂E/∂o₅ above, with the
        numbers 5 and 6 exchanged"."""
        said = prose("the same derivation as for ", self.quantity, " above")
        if self.numbers:
            return said + f", with the numbers {self.numbers[0]} and {self.numbers[1]} exchanged"
        if self.variables:
            return said + prose(", with the indices of ", self.variables[0], " and ",
                                self.variables[1], " exchanged")
        return said


def without_derivation_note(reason: Text) -> Text:
    """A line's reason without its pointer to the derivation below (for a line whose
    derivation is not printed under it)."""
    for note in _DERIVED_BELOW:
        reason = reason.replace(note, "")
    return reason


def references(explanation: Explanation) -> dict[tuple[int, int], Reference]:
    """``(section, line)`` positions whose derivation is referred to, with the reference: the
    first earlier derivation that is the same (see the module's description)."""
    written: list[tuple[tuple[int, int], Line]] = []
    found: dict[tuple[int, int], Reference] = {}
    for s, section in enumerate(explanation.sections):
        for k, line in enumerate(section.lines):
            if line.derivation is None:
                continue
            for at, earlier in written:
                exchanged = _exchange(earlier.derivation, line.derivation)
                if exchanged is not None:
                    found[(s, k)] = Reference(at, earlier.formula[0], **exchanged)
                    break
            else:
                written.append(((s, k), line))
    return found


@functools.lru_cache(maxsize=1024)
def _exchange(earlier: Any, later: Any) -> dict[str, tuple[Any, ...]] | None:
    """What to exchange in ``later`` to print it as ``earlier`` (the fields of a
    :class:`Reference`): nothing, two numbers, or else two variables' indices; None when
    neither does. (Cached: a report meets the same pairs in many explanations.)"""
    earlier_rows, later_rows = derivation_rows(earlier), derivation_rows(later)
    if later_rows == earlier_rows:
        return {}
    if [r.depth for r in later_rows] != [r.depth for r in earlier_rows]:
        return None  # not the same steps: no renaming makes them print alike
    a, b = getattr(earlier.wrt, "math_name", None), getattr(later.wrt, "math_name", None)
    if a is None or b is None:  # plain symbols, not a notation's names
        return _exchange_text(earlier.wrt, later, earlier_rows)
    numbers = name_swaps.number_pair(a, b)
    if numbers is not None:
        swap = dict([numbers, numbers[::-1]])
        if _prints_as(later, lambda n: name_swaps.swapped_numbers(n, swap),
                      _TOKENS, swap, earlier_rows):
            return {"numbers": numbers}
    scripts = name_swaps.script_swap(a, b)
    if scripts is not None and _prints_as(
            later, lambda n: name_swaps.swapped_scripts(n, scripts), _SCRIPT, {}, earlier_rows):
        return {"variables": (earlier.wrt, later.wrt)}
    return None


def _exchange_text(wrt: sympy.Symbol, later: Any, earlier_rows: tuple[Row, ...]
                   ) -> dict[str, tuple[Any, ...]] | None:
    """:func:`_exchange` for variables that are no notation's name (plain SymPy symbols, as
    ``chainrule derive`` names them): the numbers or scripts read off their names' text."""
    a, b = str(wrt), str(later.wrt)
    numbers = _numbers(a, b)
    if numbers is not None and _prints_as(later, None, _TOKENS, dict([numbers, numbers[::-1]]),
                                          earlier_rows):
        return {"numbers": numbers}
    scripts = _scripts(a, b)
    if scripts is not None and _prints_as(later, None, _SCRIPT, scripts, earlier_rows):
        return {"variables": (wrt, later.wrt)}
    return None


def _prints_as(later: Any, rename_tree: Callable[[MathName], MathName] | None,
               pieces: re.Pattern[str], swap: dict[str, str],
               earlier_rows: tuple[Row, ...]) -> bool:  # fmt: skip
    """Whether ``later`` prints as ``earlier_rows`` once renamed: each notation name by
    ``rename_tree``, each other symbol's name with each piece (found by ``pieces``) that is a
    key of ``swap`` replaced by its value."""

    def rename(name: str) -> str:
        return pieces.sub(lambda m: swap.get(m.group(), m.group()), name)

    return derivation_rows(_renamed(later, rename_tree, rename)) == earlier_rows


def _numbers(a: str, b: str) -> tuple[str, str] | None:
    """The one number in which two names differ (``net_{5}``, ``net_{6}``: 5 and 6)."""
    return name_swaps.one_number_apart(_TOKENS.findall(a), _TOKENS.findall(b))


def _scripts(a: str, b: str) -> dict[str, str] | None:
    """The sub- and superscripts in which two names of the same form differ, each exchanged
    with the other's (``z_{1}^{(L)}``, ``z_{2}^{(3)}``: ``_{1}`` ↔ ``_{2}``, ``^{(L)}`` ↔
    ``^{(3)}``); None when the names differ elsewhere, or in no script."""
    ta, tb = _SCRIPT.split(a), _SCRIPT.split(b)
    if len(ta) != len(tb) or any(x != y for x, y in zip(ta, tb, strict=True)):
        return None
    pairs = [(x, y) for x, y in zip(_SCRIPT.findall(a), _SCRIPT.findall(b), strict=True)
             if x != y]
    swap = dict(pairs) | {y: x for x, y in pairs}
    return swap if pairs and len(swap) == 2 * len(pairs) else None


def _renamed(value: Any, rename_tree: Callable[[MathName], MathName] | None,
             rename: Callable[[str], str]) -> Any:
    """``value`` (a derivation) with its symbols renamed (dummies stay themselves), by the
    renaming the explanations build their derivations with: a notation's name on its tree."""
    mapping = {}
    for s in _symbols(value):
        tree = getattr(s, "math_name", None)
        if isinstance(s, sympy.Dummy):
            continue
        if tree is not None and rename_tree is not None:
            if rename_tree(tree) != tree:
                mapping[s] = NotationSymbol(rename_tree(tree))
        elif tree is None and rename(s.name) != s.name:
            mapping[s] = s.func(rename(s.name), **s.assumptions0)
    return renamed(value, mapping) if mapping else value


def _symbols(value: Any) -> set[sympy.Symbol]:
    """Every symbol in a derivation, its steps, expressions and tuples of them."""
    if isinstance(value, sympy.Basic):
        return value.atoms(sympy.Symbol)
    if isinstance(value, tuple):
        return set().union(*map(_symbols, value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return set().union(*(_symbols(getattr(value, f.name)) for f in dataclasses.fields(value)))
    return set()
