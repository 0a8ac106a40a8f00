"""Writers: document lines as terminal text, LaTeX (``align*``) or Markdown (``$...$`` math).

Each writer spells every fragment through a table keyed by the fragment's class name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy

from chainrule.calculus.printing import ExprPrinter, LatexPrinter, TextPrinter
from chainrule.calculus.printing.expr_printer import POW
from chainrule.render.document import (
    Call,
    Deriv,
    DocumentLine,
    Equals,
    Fraction,
    Fragment,
    Math,
    Op,
)

_LATEX_PROSE = {"≠": r"$\neq$", "σ": r"$\sigma$", "′": "'", "_": r"\_", "&": r"\&", "%": r"\%",
                "#": r"\#", "{": r"\{", "}": r"\}", "$": r"\$", "^": r"\^{}", "\\": ""}  # fmt: skip


class Writer:
    """Spells fragments; subclasses choose the printer and the notation."""

    printer: ExprPrinter
    times = "·"
    minus = "−"

    def __init__(self) -> None:
        self.table: dict[str, Callable[[Fragment], str]] = {
            "str": self.prose, "Math": self.math, "Deriv": self.deriv, "Call": self.call,
            "Op": self.op, "Fraction": self.fraction, "Equals": self.equals,
        }  # fmt: skip

    def fragment(self, fragment: Fragment) -> str:
        return self.table[type(fragment).__name__](fragment)

    def join(self, fragments: Sequence[Fragment]) -> str:
        """Fragments side by side; neighbouring pieces of prose are spelt as one."""
        merged: list[Fragment] = []
        for fragment in fragments:
            if merged and isinstance(fragment, str) and isinstance(merged[-1], str):
                merged[-1] += fragment
            else:
                merged.append(fragment)
        return "".join(self.fragment(f) for f in merged)

    def prose(self, fragment: Fragment) -> str:
        assert isinstance(fragment, str)
        return fragment

    def math(self, fragment: Fragment) -> str:
        assert isinstance(fragment, Math)
        return self.printer(fragment.expr)

    def factor(self, fragment: Fragment) -> str:
        """A fragment inside a product, in parentheses if it is a sum, a product or negative."""
        text = self.fragment(fragment)
        if isinstance(fragment, Math) and self.printer.node(fragment.expr)[1] < POW:
            return self.printer.paren(text)
        if isinstance(fragment, Op) and fragment.operator != "·":
            return self.printer.paren(text)
        return text

    def op(self, fragment: Fragment) -> str:
        assert isinstance(fragment, Op)
        items = fragment.items
        if fragment.operator == "·":
            negate = isinstance(items[0], Math) and items[0].expr == -1 and len(items) > 1
            texts = [self.factor(item) for item in items[1:]] if negate else None
            texts = texts or [self.factor(item) for item in items]
            return (self.minus if negate else "") + f" {self.times} ".join(texts).strip()
        if fragment.operator == "−":
            left, right = items
            return f"{self.fragment(left)} {self.minus} {self.factor(right)}"
        return " + ".join(self.fragment(item) for item in items)

    def equals(self, fragment: Fragment) -> str:
        assert isinstance(fragment, Equals)
        return " = ".join(self.fragment(item) for item in fragment.items)

    def call(self, fragment: Fragment) -> str:
        assert isinstance(fragment, Call)
        name = self.printer(sympy.Symbol(fragment.name))
        prime = self.prime if fragment.prime else ""
        return f"{name}{prime}({self.printer(fragment.arg)})"

    prime = "′"

    def deriv(self, fragment: Fragment) -> str:
        assert isinstance(fragment, Deriv)
        return self.printer.derivative(fragment.expr, fragment.wrt, fragment.partial,
                                       fragment.fraction)

    def fraction(self, fragment: Fragment) -> str:
        raise NotImplementedError

    def document(self, lines: Sequence[DocumentLine]) -> str:
        raise NotImplementedError


class TextWriter(Writer):
    """Unicode text for an 80-column terminal; long equations wrap at their ``=`` signs."""

    printer = TextPrinter()
    width = 80

    def fraction(self, fragment: Fragment) -> str:
        assert isinstance(fragment, Fraction)
        return f"({self.fragment(fragment.top)})/{self.factor(fragment.bottom)}"

    def line(self, line: DocumentLine) -> list[str]:
        indent = "  " * line.depth
        note = f"   ({self.join(line.note)})" if line.note else ""
        text = indent + self.join(line.parts)
        if len(text) + len(note) <= self.width:
            return [text + note]
        out = self._wrap(indent, line.parts)
        if len(out[-1]) + len(note) > self.width and note:
            out.append(f"{indent}    {note.strip()}")
        else:
            out[-1] += note
        return out

    def _wrap(self, indent: str, parts: Sequence[Fragment]) -> list[str]:
        """Break a long line at the ``=`` signs of its equation."""
        where = next((i for i, part in enumerate(parts) if isinstance(part, Equals)), None)
        if where is None:
            return [indent + self.join(parts)]
        equation = parts[where]
        assert isinstance(equation, Equals)
        first, *rest = equation.items
        segments = [self.join(parts[:where]) + self.fragment(first)]
        segments += [f"= {self.fragment(item)}" for item in rest]
        segments[-1] += self.join(parts[where + 1 :])
        out, current = [], indent + segments[0]
        for segment in segments[1:]:
            if len(current) + 1 + len(segment) <= self.width:
                current += " " + segment
            else:
                out.append(current)
                current = f"{indent}    {segment}"
        return [*out, current]

    def document(self, lines: Sequence[DocumentLine]) -> str:
        return "\n".join(text for line in lines for text in self.line(line)) + "\n"


class LatexWriter(Writer):
    """A LaTeX ``align*`` environment, one row per line, indented with ``\\quad``."""

    printer = LatexPrinter()
    times = r"\cdot"
    minus = "-"
    prime = "'"

    def prose(self, fragment: Fragment) -> str:
        assert isinstance(fragment, str)
        escaped = "".join(_LATEX_PROSE.get(char, char) for char in fragment)
        return rf"\text{{{escaped}}}"

    def fraction(self, fragment: Fragment) -> str:
        assert isinstance(fragment, Fraction)
        return rf"\frac{{{self.fragment(fragment.top)}}}{{{self.fragment(fragment.bottom)}}}"

    def document(self, lines: Sequence[DocumentLine]) -> str:
        rows = []
        for line in lines:
            note = rf" \qquad {self.join(('(', *line.note, ')'))}" if line.note else ""
            indent = r"\quad " * line.depth
            rows.append(f"& {indent}{self.join(line.parts)}{note}")
        return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}\n"


class MarkdownWriter(Writer):
    """A nested Markdown list; math in ``$...$`` (LaTeX), prose as it is."""

    def __init__(self) -> None:
        super().__init__()
        self.latex = LatexWriter()
        self.printer = self.latex.printer
        for kind in ("Math", "Deriv", "Call", "Op", "Fraction", "Equals"):
            self.table[kind] = self._inline

    def _inline(self, fragment: Fragment) -> str:
        return f"${self.latex.fragment(fragment)}$"

    def deriv(self, fragment: Fragment) -> str:
        return self._inline(fragment)

    def fraction(self, fragment: Fragment) -> str:
        return self._inline(fragment)

    def document(self, lines: Sequence[DocumentLine]) -> str:
        rows = []
        for line in lines:
            note = f" *({self.join(line.note)})*" if line.note else ""
            rows.append(f"{'  ' * line.depth}- {self.join(line.parts)}{note}")
        return "\n".join(rows) + "\n"


WRITERS: dict[str, Callable[[], Writer]] = {
    "text": TextWriter, "latex": LatexWriter, "markdown": MarkdownWriter,
}  # fmt: skip
