r"""The pieces of an explanation's formulas that are not SymPy expressions, as small trees.

An explanation writes its formulas as data, never as LaTeX text: SymPy expressions in the
notation's symbols (:class:`~chainrule.explain.notation_symbols.NotationSymbol`) where the
calculus gives them, and these frozen nodes where the layout matters (the order of a
``w δ`` pair, a sum written term by term, ``θ′(s)``, a row of numbers). The renderers print
every node in each format (:mod:`chainrule.render.explain_items`).

>>> terms = Terms((Juxtaposed((symbol("w", "53"), symbol("o", "3"))), symbol("b", "5")))
>>> [type(t).__name__ for t in terms.terms]
['Juxtaposed', 'NotationSymbol']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chainrule.calculus.math_names import MathName
from chainrule.explain.notation_symbols import NotationSymbol


def symbol(base: str | MathName, sub: str = "", sup: str = "", *, accent: str = "",
           upright: bool = False, bold: bool = False) -> NotationSymbol:
    """A notation's name as a formula's leaf, usable inside SymPy expressions.

    ``symbol("w", "53")`` is ``w₅₃``; ``symbol("net", "5", upright=True)`` is ``net₅``;
    ``symbol("a", "j", "(L)")`` is ``aⱼ⁽ᴸ⁾``; ``symbol("y", "1", accent="hat")`` is ``ŷ₁``;
    ``symbol(MathName("W", sub="2"), "12")`` is ``(W₂)₁₂``; ``symbol("W", sup="[2]")`` is
    ``W^[2]``. ``base`` is Unicode letters (``"δ"``), ``sub`` and ``sup`` text as written
    (``"n,j"``, ``"(l+1)"``); see :class:`~chainrule.calculus.math_names.MathName`.
    Each printer writes the tree itself (no LaTeX read back).
    """
    return NotationSymbol(MathName(base, sub, sup, accent, upright, bold))


def leaf(name: MathName) -> NotationSymbol:
    """A name built elsewhere (by the notation's :class:`~.quantity_names.Namer`) as a
    formula's leaf."""
    return NotationSymbol(name)


def partial(top: MathName, bottom: MathName) -> Rate:
    """``∂top/∂bottom`` of two of the notation's names, as a formula."""
    return Rate(leaf(top), leaf(bottom), partial=True)


def loss_rate(of: Any, top: Any = None) -> Rate:
    """``∂L/∂of``, of the loss L of a layer's explanation (``∂top/∂of`` given ``top``)."""
    return Rate(symbol("L") if top is None else top, of, partial=True)


@dataclass(frozen=True)
class Product:
    """Factors multiplied: each a formula, with whether it is compound (a sum, put in
    parentheses). The renderers write ``2(x − y)(1 − x²)`` or ``δ · x``."""

    factors: tuple[tuple[Any, bool], ...]
    dotted: bool = False  # a · between every two factors, even before a parenthesis


@dataclass(frozen=True)
class Rate:
    """A derivative in Leibniz notation, ``d top / d bottom`` (``∂`` if ``partial``)."""

    top: Any
    bottom: Any
    partial: bool = False


@dataclass(frozen=True)
class Neg:
    """``−item``; ``−(item)`` when ``paren`` (a whole sum negated, not its first term)."""

    item: Any
    paren: bool = False


@dataclass(frozen=True)
class Equation:
    """Sides that are equal, within one formula: ``δ = θ′(s) Σ w δ``."""

    sides: tuple[Any, ...]


@dataclass(frozen=True)
class NotEqual:
    """``left ≠ right``."""

    left: Any
    right: Any


@dataclass(frozen=True)
class Approx:
    """``left ≈ right``."""

    left: Any
    right: Any


@dataclass(frozen=True)
class Primed:
    """``item′``: a function's derivative named by its letter alone (``σ′``), or a second
    index of the same kind (``u′``, the flipped kernel's)."""

    item: Any


@dataclass(frozen=True)
class Magnitude:
    """``|item|``, the absolute value."""

    item: Any


@dataclass(frozen=True)
class Condition:
    """A formula that holds under a condition: ``∂a_k/∂z_j = a_k(1 − a_j) if k = j``."""

    formula: Any
    condition: Any


@dataclass(frozen=True)
class Juxtaposed:
    """Factors side by side with no sign between them, in this order: ``w₅₃ o₃``, ``δ₅ o₃``;
    with no space between them unless ``spaced`` (``(N × 2)(2 × 3)``)."""

    items: tuple[Any, ...]
    spaced: bool = True


@dataclass(frozen=True)
class Hadamard:
    """Factors multiplied entry by entry: ``δ ⊙ σ′(z)``."""

    items: tuple[Any, ...]


@dataclass(frozen=True)
class Transposed:
    """``itemᵀ``; ``(item)ᵀ`` when ``paren`` (a name that already carries a superscript)."""

    item: Any
    paren: bool = False


@dataclass(frozen=True)
class Updated:
    """``item⁺``, the value after an update step; ``(item)⁺`` when ``paren``."""

    item: Any
    paren: bool = False


@dataclass(frozen=True)
class Listed:
    """Formulas side by side, separated by a comma and a wide space: ``w₁₁ = 0.1,  w₂₁ = 0.2``."""

    items: tuple[Any, ...]


@dataclass(frozen=True)
class Quotient:
    """``top / bottom`` as a fraction: ``(ŷ − y)/N``, ``1/m``."""

    top: Any
    bottom: Any


@dataclass(frozen=True)
class Shape:
    """A matrix's shape, ``rows × cols``, in parentheses when ``paren``: ``(N × 2)``."""

    rows: int | str
    cols: int | str
    paren: bool = False


@dataclass(frozen=True)
class Matrix:
    """A matrix of values with ``digits`` significant figures; more than ``limit`` rows or
    columns show the first three, a ``⋮``/``⋯`` and the last."""

    values: tuple[tuple[float, ...], ...]
    digits: int = 4
    limit: int = 6

    def shown(self) -> tuple[list[int | None], list[int | None]]:
        """The row and column indices shown, None where rows or columns are left out."""
        rows: list[int | None] = list(range(len(self.values)))
        cols: list[int | None] = list(range(len(self.values[0])))
        if len(rows) > self.limit:
            rows = [*rows[:3], None, rows[-1]]
        if len(cols) > self.limit:
            cols = [*cols[:3], None, cols[-1]]
        return rows, cols


@dataclass(frozen=True)
class Terms:
    """Terms added in this order: ``a + b + c``; a :class:`Neg` term is subtracted; an
    :data:`ELLIPSIS` term stands for the terms left out (``a + b + ⋯ + z``)."""

    terms: tuple[Any, ...]


@dataclass(frozen=True)
class Ellipsis_:
    """``⋯``: terms left out of a long sum."""


ELLIPSIS = Ellipsis_()


@dataclass(frozen=True)
class SumOver:
    """``Σ_index body``, a sum over an index letter of the notation, or over the values of
    the index a formula allows (``k ≠ j``)."""

    index: Any
    body: Any


@dataclass(frozen=True)
class Applied:
    """A function applied to an argument, ``θ(s)``, or its derivative ``θ′(s)`` (``prime``);
    ``name`` is a formula (the notation's letter) or an upright word (``upright``: softmax)."""

    name: Any
    argument: Any
    prime: bool = False
    upright: bool = False


@dataclass(frozen=True)
class Number:
    """An engine value as a formula prints it, with the explanation's significant digits:
    ``0.506875``, ``1.5 × 10⁻⁷``; an ``operand`` in parentheses when negative or a power."""

    value: float
    operand: bool = False
    digits: int | None = None  # significant figures; None: those of the explanation

    def text(self) -> str:
        """The digits as Python writes them: ``0.506875``, ``-1.5e-07``."""
        from chainrule.explain.model import significant

        value = float(self.value)
        return "0" if value == 0 else f"{value:.{self.digits or significant()}g}"

    @property
    def wrapped(self) -> bool:
        """In parentheses: an operand that is negative or has a power of ten."""
        return self.operand and (self.text().startswith("-") or "e" in self.text())


@dataclass(frozen=True)
class Entries:
    """Some entries of a matrix after its shape, indexed from 1: ``[2 × 3]  (1, 2): 0.0123,
    (1, 3): −0.5, …`` (``more``: entries left out)."""

    shape: Shape
    entries: tuple[tuple[tuple[int, ...], float], ...]
    more: bool = False


@dataclass(frozen=True)
class Vector:
    """A short row of values, ``(0.05, 0.1)``; more than ``limit`` show the first four, ``…``
    and the last."""

    values: tuple[float, ...]
    limit: int = 8
    digits: int | None = None  # significant figures; None: those of the explanation


@dataclass(frozen=True)
class Power:
    """``base`` raised to ``exponent`` as written, not simplified: ``(σ² + ε)^(−3/2)`` (a SymPy
    power with a negative exponent prints as a fraction); ``(base)`` when ``paren``. The
    exponent is a SymPy expression, printed as each format prints a power's."""

    base: Any
    exponent: Any
    paren: bool = False


@dataclass(frozen=True)
class Root:
    """``√item`` of a formula kept as written: ``√(σ² + ε)`` (SymPy would order the terms of
    its sum by their names)."""

    item: Any
