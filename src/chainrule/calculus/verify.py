"""Check that two expressions are the same function: cheaply, so it can run on every call.

Equal trees are equal; otherwise both sides are evaluated at a few seeded random points (in
30-digit floating point, which keeps a sum of a hundred terms under a second) and must agree
there. Tests add a symbolic check with
:func:`sympy.simplify`; this module stays bounded in time.
"""

from __future__ import annotations

import cmath
import random

import sympy

from chainrule.calculus.functions import IndexSum
from chainrule.calculus.sums import expand_sums

_POINTS = 4
_TOLERANCE = 1e-9
_DIGITS = 30


def _numeric(expr: sympy.Expr) -> sympy.Expr:
    """The expression with sums over an index written out with two terms, for evaluation."""
    indices = {node.index.name: 2 for node in expr.atoms(IndexSum)}
    return expand_sums(expr, indices) if indices else expr


def sample_points(symbols: set[sympy.Symbol], count: int = _POINTS,
                  seed: int = 20231119) -> list[dict[sympy.Symbol, sympy.Expr]]:  # fmt: skip
    """``count`` points with every symbol set to a rational in (0.3, 1.7), seeded."""
    rng = random.Random(seed)
    ordered = sorted(symbols, key=lambda s: s.name)
    return [{s: sympy.Rational(rng.randint(300, 1700), 1000) for s in ordered}
            for _ in range(count)]  # fmt: skip


def _value(expr: sympy.Expr, point: dict[sympy.Symbol, sympy.Expr]) -> complex | None:
    """``expr`` at ``point``, the point's values made 30-digit floats first: with exact
    rationals SymPy evaluates each function of them adaptively, seconds for a long sum."""
    floats = {symbol: sympy.Float(value, _DIGITS) for symbol, value in point.items()}
    try:
        value = complex(expr.xreplace(floats).evalf(_DIGITS))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if not (cmath.isfinite(value)):
        return None
    return value


def same_function(left: sympy.Expr, right: sympy.Expr) -> bool:
    """Whether ``left`` and ``right`` agree at random points (or are the same tree).

    Points where either side is undefined are skipped; if no point is usable the answer comes
    from :func:`sympy.simplify` of the difference.
    """
    agree = agreement(left, right)
    if agree is not None:
        return agree
    return sympy.simplify((left - right).rewrite(sympy.exp)) == 0


def agreement(left: sympy.Expr, right: sympy.Expr) -> bool | None:
    """Whether ``left`` and ``right`` agree at the random points where both have a finite
    value; None when there is no such point (``0**x*zoo`` and ``nan``)."""
    if left == right:
        return True
    left, right = _numeric(left), _numeric(right)
    symbols = left.free_symbols | right.free_symbols
    compared = 0
    for point in sample_points(symbols):
        a, b = _value(left, point), _value(right, point)
        if a is None or b is None:
            continue
        if abs(a - b) > _TOLERANCE * (1 + abs(a) + abs(b)):
            return False
        compared += 1
    return True if compared else None
