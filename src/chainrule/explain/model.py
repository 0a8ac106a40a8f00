"""Explanations as data: frozen dataclasses that the renderers print.

An :class:`Explanation` is a title and a list of :class:`Section` s; a section is prose and
:class:`Line` s; a line is a chain of equal LaTeX formulas, optionally the same formula with
the sample's numbers, the value, and the reason it holds. Every value is a number the engine
computed (from the trace or the network's parameters); ``source`` says which, so tests can
compare each one with the engine. Prose (titles, introductions, reasons) is a :class:`Prose`
of words and formulas, or a plain string.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule._display import writer

#: One formula: a SymPy expression (symbols of the notation, see
#: :mod:`chainrule.explain.local_derivations`), a node of :mod:`chainrule.explain.formula_nodes`
#: (:class:`~chainrule.explain.formula_nodes.Product`, ``Rate``, ...); never text (the item
#: printers refuse a ``str``).
Formula = Any


@dataclass(frozen=True)
class Prose:
    """Words with formulas inside them: "the loss depends on w₅₃ only through net₅".

    Built by :func:`prose`. Each part is plain text (a ``str``, printed as words) or a
    :data:`Formula` (printed as inline math by each renderer's formula printer); neighbouring
    strings are joined and empty ones left out. ``prose(a) + " and " + b`` joins prose.

    >>> import sympy
    >>> said = prose("the loss depends on ", sympy.Symbol("w"), "") + " through its signal"
    >>> said.parts
    ('the loss depends on ', w, ' through its signal')
    >>> said.words()
    'the loss depends on  through its signal'
    """

    parts: tuple[Any, ...] = ()

    def words(self) -> str:
        """The plain text alone, the formulas left out (e.g. for a page's title)."""
        return "".join(part for part in self.parts if isinstance(part, str))

    def replace(self, old: str, new: str) -> Prose:
        """The prose with ``old`` replaced by ``new`` in its plain text."""
        return prose(*(part.replace(old, new) if isinstance(part, str) else part
                       for part in self.parts))

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __add__(self, other: Prose | str) -> Prose:
        return prose(self, other)

    def __radd__(self, other: Prose | str) -> Prose:
        return prose(other, self)


#: What prose an explanation may hold: a :class:`Prose`, or a string of words (no math).
Text = Prose | str


def prose(*parts: Any) -> Prose:
    """Prose of ``parts`` in order: strings are words, :class:`Prose` is spliced in, anything
    else is a formula (a SymPy expression or a formula node) printed inline."""
    out: list[Any] = []
    for part in parts:
        for piece in part.parts if isinstance(part, Prose) else (part,):
            if isinstance(piece, str) and out and isinstance(out[-1], str):
                out[-1] += piece
            elif not (isinstance(piece, str) and not piece):
                out.append(piece)
    return Prose(tuple(out))


@dataclass(frozen=True)
class Line:
    """One step of a derivation.

    Attributes
    ----------
    formula : formulas joined by ``=`` (e.g. the chain, then its factors' formulas): LaTeX
        text or a :data:`Formula`.
    numbers : the last formula with the sample's numbers put in, or empty.
    value : the value at the sample: a float, an array (matrix form) or None.
    reason : why the step holds (:class:`Prose`, or a string of plain words).
    source : where the value comes from in the engine, e.g. ``("delta", 2, 0)`` for
        ``trace.delta(2)[0, 0]``, ``("grad_W", 1, 0, 1)``, ``("grad_b", 1, 0)``; the value
        equals ``sign`` times that engine number.
    sign : ``-1`` when the notation's quantity is minus the engine's (Mitchell's δ); ``N``
        when it is each example's own where the engine's is of the batch mean (Andrew Ng's
        dz).
    shape : the value's shape as a formula, e.g. ``Shape(500, 2)`` (``500 × 2``).
    derivation : the calculus derivation behind the line's formula (a
        :class:`chainrule.calculus.Derivation` in the notation's symbols), shown under it.
    """

    formula: tuple[Formula, ...]
    numbers: Formula = ""
    value: float | np.ndarray | None = None
    reason: Text = ""
    source: tuple = ()
    sign: int = 1
    shape: Formula = ""
    derivation: Any = None


@dataclass(frozen=True)
class Section:
    """A titled part of an explanation: an introduction and its lines (title and
    introduction are :class:`Prose` or plain strings)."""

    title: Text
    text: Text = ""
    lines: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Check:
    """The closing check: the chained product, backprop and finite differences agree.

    Values are floats for one weight, bias or δ, arrays for a whole layer; ``quantity`` is
    the formula of what is checked (``∂E/∂w₅₃``).
    """

    quantity: Formula
    chain: float | np.ndarray
    backprop: float | np.ndarray
    finite_difference: float | np.ndarray
    step: float
    tolerance: float
    checked_entries: int = 1
    kink: bool = False  # a ReLU signal within h of 0: finite differences straddle the kink

    @property
    def chain_vs_backprop(self) -> float:
        return float(np.max(np.abs(np.asarray(self.chain) - np.asarray(self.backprop))))

    @property
    def backprop_vs_finite_difference(self) -> float:
        difference = np.asarray(self.backprop) - np.asarray(self.finite_difference)
        return float(np.nanmax(np.abs(difference)))

    @property
    def passed(self) -> bool:
        scale = 1.0 + float(np.max(np.abs(np.asarray(self.backprop))))
        exact = self.chain_vs_backprop <= 1e-12 * scale
        return exact and (self.kink or self.backprop_vs_finite_difference <= self.tolerance * scale)


@dataclass(frozen=True)
class Explanation:
    """A derivation a teacher would write, with the sample's numbers.

    ``str()`` (and ``print``) give the text; :meth:`to_latex`, :meth:`to_markdown` and
    :meth:`to_html` the other formats; Jupyter shows it through ``_repr_html_``.

    Attributes
    ----------
    title : Prose or str
        The heading, e.g. ``prose(Rate(E, w₅₃, partial=True), " — Mitchell, ...")``; a page
        title takes its words (:meth:`Prose.words`).
    notation : str
        The notation's key, e.g. ``"mitchell"``.
    quantity : Formula
        The quantity explained, e.g. ``Rate(E, w₅₃, partial=True)`` (the title's formula).
    sections : tuple of Section
        The parts: the network, the forward pass, the chain rule, each factor, the matrix form.
    check : Check or None
        Chain product, backprop and finite differences side by side (``check.passed``).

    Examples
    --------
    >>> import chainrule as cr
    >>> ex = cr.explain.example("mitchell")
    >>> explanation = cr.explain(ex.net, ex.x, ex.y, "w_53", notation="mitchell")
    >>> round(explanation.gradient, 6), explanation.check.passed
    (0.072157, True)
    >>> [round(line.value, 6) for line in explanation.steps if line.source == ("delta", 2, 0, 0)]
    [-0.142357]
    """

    title: Text
    notation: str
    quantity: Formula  # the quantity explained
    sections: tuple[Section, ...]
    check: Check | None = None
    subject: Any = None  # the Quantity explained (engine indices), e.g. for a diagram
    digits: int = 6  # significant figures of the printed numbers

    def lines(self) -> list[Line]:
        """Every line of every section, in order."""
        return [line for section in self.sections for line in section.lines]

    @property
    def steps(self) -> tuple[Line, ...]:
        """Every line of the derivation, in order: its formula, numbers, ``value``, reason."""
        return tuple(self.lines())

    @property
    def gradient(self) -> float | np.ndarray | None:
        """∂L/∂(the quantity) as backprop computes it: a float for one weight, bias or δ
        (for a δ the engine's ∂L/∂z, whatever sign the notation gives δ), an array for a
        layer; None without a check."""
        return None if self.check is None else self.check.backprop

    def to_text(self, width: int = 100, steps: str = "full") -> str:
        """The explanation as text for a terminal ``width`` columns wide; ``steps="short"``
        leaves out each factor's calculus derivation (``"full"`` shows it, once)."""
        # The writers sit above explain (render): the display methods find them by name
        # (chainrule._display), so `explain` itself never imports them.
        with significant_digits(self.digits):
            return writer("explanation.text")(self, width=width, steps=steps)

    def to_latex(self) -> str:
        """The explanation as LaTeX: sections, ``align*`` derivations and the check."""
        with significant_digits(self.digits):
            return writer("explanation.latex")(self)

    def to_markdown(self) -> str:
        """The explanation as Markdown with ``$…$`` math."""
        with significant_digits(self.digits):
            return writer("explanation.markdown")(self)

    def to_html(self, standalone: bool = True, steps: str = "mathml") -> str:
        """HTML with MathML; ``steps="text"`` writes the derivations' steps as Unicode text
        (much smaller, for pages with many explanations), ``"none"`` leaves them out."""
        with significant_digits(self.digits):
            return writer("explanation.html")(self, standalone=standalone, steps=steps)

    def _repr_html_(self) -> str:
        return self.to_html(standalone=False)

    def _repr_latex_(self) -> str:
        return self.to_latex()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.to_text()


#: Significant figures of the numbers an explanation prints (``explain(..., digits=N)``).
_DIGITS: ContextVar[int] = ContextVar("digits", default=6)


@contextmanager
def significant_digits(digits: int) -> Iterator[None]:
    """Print numbers with ``digits`` significant figures while building or rendering."""
    if not (isinstance(digits, int) and 1 <= digits <= 17):
        from chainrule.errors import ConfigError

        raise ConfigError(f"digits must be a whole number from 1 to 17; got {digits!r}")
    token = _DIGITS.set(digits)
    try:
        yield
    finally:
        _DIGITS.reset(token)


def significant() -> int:
    """The significant figures numbers are printed with now (:func:`significant_digits`)."""
    return _DIGITS.get()


def number(value: float, digits: int | None = None) -> str:
    """A value as LaTeX, e.g. ``0.123457``, ``-2``, ``1.5 \\times 10^{-7}``; ``digits``
    significant figures (by default those of :func:`significant_digits`, else 6)."""
    digits = _DIGITS.get() if digits is None else digits
    value = float(value)
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def operand(value: float, digits: int | None = None) -> str:
    """A value to put inside a formula: negative numbers and powers of ten in parentheses."""
    text = number(value, digits)
    return rf"\left({text}\right)" if text.startswith("-") or "times" in text else text
