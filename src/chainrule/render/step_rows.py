"""A derivation as rows of LaTeX, one per step, for renderers that lay the rows out themselves.

``chainrule derive`` writes a whole ``align*`` environment (:mod:`chainrule.render.writers`);
an explanation instead places the same rows under one of its own lines, in text, LaTeX,
Markdown or HTML. Each :class:`Row` holds the step's math as LaTeX (prose pieces in
``\\text{}``) and its rule as pieces, words and LaTeX math, which :func:`note_latex` joins
for a LaTeX or Markdown page (no math is read back from text). The rows come from the same
step handlers (:func:`chainrule.render.derivation.derivation_lines`), so the steps are exactly
those of ``chainrule derive``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from chainrule.calculus.derive import Derivation
from chainrule.render.derivation import derivation_lines
from chainrule.render.document import DocumentLine, Fragment
from chainrule.render.writers import LatexWriter, TextWriter

#: A piece of a LaTeX row's note: (whether it is math, its words or its LaTeX).
NotePiece = tuple[bool, str]


@dataclass(frozen=True)
class Row:
    """One step: its indentation ``depth``, its ``math`` and its ``note``: text, in text rows
    (:func:`text_rows`); in LaTeX rows (:func:`derivation_rows`) LaTeX math and the note's
    pieces (:data:`NotePiece`)."""

    depth: int
    math: str
    note: str | tuple[NotePiece, ...] = ""


def note_latex(pieces: tuple[NotePiece, ...], words: Callable[[str], str]) -> str:
    """A LaTeX row's note with its math in ``$…$`` and its words written by ``words``."""
    return "".join(f"${text}$" if math else words(text) for math, text in pieces)


class RowWriter(LatexWriter):
    """The LaTeX writer, one row per line, with the notes as pieces of words and math."""

    def prose(self, fragment: Fragment) -> str:
        assert isinstance(fragment, str)
        return rf"\text{{{fragment}}}"

    def note(self, fragments: Sequence[Fragment]) -> tuple[NotePiece, ...]:
        return tuple((False, fragment) if isinstance(fragment, str)
                     else (True, self.fragment(fragment)) for fragment in fragments)

    def rows(self, lines: Sequence[DocumentLine]) -> list[Row]:
        return [Row(line.depth, self.join(line.parts), self.note(line.note)) for line in lines]


@functools.lru_cache(maxsize=256)
def derivation_rows(derivation: Derivation) -> tuple[Row, ...]:
    """The rule steps, the simplifications and the result of ``derivation``, as rows."""
    return tuple(RowWriter().rows(derivation_lines(derivation)))


@functools.lru_cache(maxsize=256)
def text_rows(derivation: Derivation) -> tuple[Row, ...]:
    """The same rows as Unicode text (math and notes), as ``chainrule derive`` prints them."""
    writer = TextWriter()
    return tuple(Row(line.depth, writer.join(line.parts), writer.join(line.note))
                 for line in derivation_lines(derivation))
