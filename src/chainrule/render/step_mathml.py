"""A derivation's rows as presentation MathML, written from the document lines themselves.

The MathML face of :mod:`chainrule.render.writers`: the same fragments (expressions,
derivatives, products, fractions, equations, prose) spelled as MathML elements by the MathML
expression printer, one row per step, its rule as HTML with inline ``<math>``. The rows are
those of ``chainrule derive`` (:func:`chainrule.render.derivation.derivation_lines`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import sympy

from chainrule.calculus.derive import Derivation
from chainrule.calculus.printing.mathml import MathMLPrinter, fraction, math_element, scripted
from chainrule.render.derivation import derivation_lines
from chainrule.render.document import Call, Equals, Fraction, Fragment, Math, Op
from chainrule.render.writers import Writer


@dataclass(frozen=True)
class MathRow:
    """One step: its indentation ``depth``, its ``math`` (a ``<math>`` element) and its
    ``note`` (HTML: prose with inline ``<math>``)."""

    depth: int
    math: str
    note: str = ""


class MathMLWriter(Writer):
    """Document fragments as MathML elements (siblings, no ``<math>`` around them)."""

    printer = MathMLPrinter()
    times, minus = "<mo>·</mo>", "<mo>−</mo>"

    def prose(self, fragment: Fragment) -> str:
        assert isinstance(fragment, str)
        return f"<mtext>{escape(fragment).replace(' ', '&#160;')}</mtext>"

    def op(self, fragment: Fragment) -> str:
        assert isinstance(fragment, Op)
        items = fragment.items
        if fragment.operator == "·":
            negate = isinstance(items[0], Math) and items[0].expr == -1 and len(items) > 1
            texts = [self.factor(item) for item in (items[1:] if negate else items)]
            return (self.minus if negate else "") + self.times.join(texts)
        if fragment.operator == "−":
            left, right = items
            return f"{self.fragment(left)}{self.minus}{self.factor(right)}"
        return "<mo>+</mo>".join(self.fragment(item) for item in items)

    def equals(self, fragment: Fragment) -> str:
        assert isinstance(fragment, Equals)
        return "<mo>=</mo>".join(self.fragment(item) for item in fragment.items)

    def call(self, fragment: Fragment) -> str:
        assert isinstance(fragment, Call)
        name = self.printer(sympy.Symbol(fragment.name))
        if fragment.prime:
            name = scripted(name, sup="<mo>′</mo>")
        return f"{name}<mo>(</mo>{self.printer(fragment.arg)}<mo>)</mo>"

    def fraction(self, fragment: Fragment) -> str:
        assert isinstance(fragment, Fraction)
        return fraction(self.fragment(fragment.top), self.fragment(fragment.bottom))

    def note(self, fragments: Sequence[Fragment]) -> str:
        """A rule's note as HTML: its prose escaped, its math inline."""
        return "".join(escape(f) if isinstance(f, str) else
                       math_element(self.fragment(f), display=False) for f in fragments)

    def document(self, lines: Sequence) -> str:
        raise NotImplementedError("a MathML derivation is laid out by its page, row by row")


@functools.lru_cache(maxsize=256)
def mathml_rows(derivation: Derivation) -> tuple[MathRow, ...]:
    """The rule steps, the simplifications and the result of ``derivation``, as MathML rows."""
    writer = MathMLWriter()
    return tuple(MathRow(line.depth, math_element(writer.join(line.parts), display=False),
                         writer.note(line.note)) for line in derivation_lines(derivation))
