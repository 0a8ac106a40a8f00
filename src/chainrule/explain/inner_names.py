"""Inner-function names of a derivation that avoid the notation's own letters.

The calculus names the functions of a nested chain ``f(g)``, ``g(h)``, ... avoiding only the
symbols of the formula. A notation whose activation is ``g`` (or ``f``, as in CS231n) would
then read ``dg/dz = df/dg · dg/dh · dh/dz`` with two meanings of ``g``; the derivation is
renamed here so that no function name is a letter of the notation.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from typing import Any

import sympy

from chainrule.calculus import ChainStep, Derivation, walk
from chainrule.explain.letter_names import letter
from chainrule.explain.local_derivations import plain, renamed
from chainrule.explain.notation import Notation

_POOL = ("f", "g", "h", "u", "v", "p", "q", "r", "k", "m")


def notation_letters(notation: Notation) -> frozenset[str]:
    """The letters a notation writes its quantities and its activation with."""
    fields = ("activation", "loss", "pre", "post", "delta", "weight", "bias", "target",
              "input", "output", "weight_matrix")
    names = (letter(notation, field) for field in fields)
    return frozenset(plain(name, "") for name in names if name is not None) - {""}


def _candidates() -> Iterator[str]:
    yield from _POOL
    n = 1
    while True:
        yield f"u_{n}"
        n += 1


def _with_names(obj: Any, names: dict[str, str]) -> Any:
    """A step tree with each chain's function name replaced as ``names`` says."""
    if isinstance(obj, tuple):
        return tuple(_with_names(item, names) for item in obj)
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return obj
    values = {f.name: _with_names(getattr(obj, f.name), names) for f in dataclasses.fields(obj)}
    if isinstance(obj, ChainStep):
        values["name"] = names.get(obj.name, obj.name)
    return type(obj)(**values)


@functools.lru_cache(maxsize=1024)
def avoiding(derivation: Derivation | None, letters: frozenset[str]) -> Derivation | None:
    """``derivation`` with every inner-function name that is one of ``letters`` renamed."""
    if derivation is None:
        return None
    chains = [step for step in walk(derivation.tree) if isinstance(step, ChainStep)]
    used = {step.name for step in chains} | {step.dummy.name for step in chains}
    clashes = sorted(used & letters)
    if not clashes:
        return derivation
    taken = used | letters | {s.name for s in derivation.expr.atoms(sympy.Symbol)}
    fresh = (name for name in _candidates() if name not in taken)
    names = {old: next(fresh) for old in clashes}
    symbols = {sympy.Symbol(old): sympy.Symbol(new) for old, new in names.items()}
    tree = _with_names(renamed(derivation.tree, symbols), names)
    return dataclasses.replace(derivation, tree=tree)
