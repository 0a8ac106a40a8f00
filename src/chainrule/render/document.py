"""A small, format-free document: lines of prose and math fragments.

Step handlers (:mod:`chainrule.render.step_lines`) describe a derivation once with these
fragments; each writer (:mod:`chainrule.render.writers`) spells them in its format.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy


@dataclass(frozen=True)
class Math:
    """An expression."""

    expr: sympy.Basic


@dataclass(frozen=True)
class Deriv:
    """``d/dx [expr]`` (``∂/∂x`` if ``partial``); ``∂y/∂z`` if ``fraction``."""

    expr: sympy.Basic
    wrt: sympy.Basic
    partial: bool = False
    fraction: bool = False


@dataclass(frozen=True)
class Call:
    """A named function applied to a variable: ``g(x)``, or ``g′(x)`` if ``prime``."""

    name: str
    arg: sympy.Basic
    prime: bool = False


@dataclass(frozen=True)
class Op:
    """Fragments joined by an operator: ``+``, ``−`` or ``·`` (``times``)."""

    operator: str
    items: tuple[Fragment, ...]


@dataclass(frozen=True)
class Fraction:
    """A fraction of two fragments."""

    top: Fragment
    bottom: Fragment


@dataclass(frozen=True)
class Equals:
    """A chain of equal fragments: ``a = b = c``."""

    items: tuple[Fragment, ...]


Fragment = str | Math | Deriv | Call | Op | Fraction | Equals


@dataclass(frozen=True)
class DocumentLine:
    """One line at an indentation ``depth``: its fragments and an optional note (the rule)."""

    depth: int
    parts: tuple[Fragment, ...]
    note: tuple[Fragment, ...] = ()
