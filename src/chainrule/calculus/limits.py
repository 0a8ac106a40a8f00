"""The limits that keep parsing a typed formula fast, whatever is typed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Bounds on a formula; anything beyond them is a :class:`~chainrule.errors.ParseError`.

    Attributes
    ----------
    length : int
        Most characters in the text.
    nodes : int
        Most operations and leaves built (numbers, symbols, sums, products, powers, calls).
    depth : int
        Deepest nesting of parentheses, signs, powers and calls.
    digits : int
        Most digits in one number as typed.
    exponent : int
        Largest absolute value of a numeric exponent.
    result_digits : int
        Most digits of a number computed while parsing (``2^1000`` has 302).
    nesting : int
        Most levels of non-linear functions (calls, roots, symbolic powers, powers of those)
        nested inside one another (:func:`chainrule.calculus.budget.nonlinear_depth`): SymPy's
        work on ``tanh`` of a sum doubles with each level.
    """

    length: int = 1000
    nodes: int = 600
    depth: int = 40
    digits: int = 30
    exponent: int = 1000
    result_digits: int = 1000
    nesting: int = 6


DEFAULT_LIMITS = Limits()
