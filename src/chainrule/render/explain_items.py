r"""The formulas of an explanation's lines as LaTeX and Unicode text (MathML:
:mod:`chainrule.render.explain_mathml`).

A formula is a SymPy expression in the notation's symbols, a node of
:mod:`chainrule.explain.formula_nodes` (``Product``, ``Rate``, ``Terms``, ...) printed by the
methods below (found by the node's class name), or LaTeX text not yet written as a tree (read
by :mod:`chainrule.calculus.printing.latex_text` and ``latex_mathml``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from chainrule.calculus.math_names import MathName
from chainrule.calculus.printing import ExprPrinter, LatexPrinter, TextPrinter, latex_to_text
from chainrule.explain import formula_nodes as nodes
from chainrule.explain.model import Line
from chainrule.render.tensor_items import LatexTensor, TextTensor, lowered
from chainrule.render.vector_items import TextVectorItems, VectorItems


class ItemPrinter(VectorItems):
    """A line's formulas in one format; subclasses give the format's spelling."""

    printer: ExprPrinter
    dot = " · "
    plus, minus, equals, comma, ellipsis = " + ", " − ", " = ", ", ", "⋯"

    def __init__(self, inline: bool = False) -> None:
        self.inline = inline  # in a line of prose: parentheses of the text's size

    def __call__(self, item: Any) -> str:
        """One formula of a line."""
        if isinstance(item, str):
            return self.from_latex(item)
        if isinstance(item, sympy.Basic):
            return self.printer(item)
        method = getattr(self, f"print_{type(item).__name__}", None)
        if method is None:
            raise TypeError(f"a formula must be an expression, a formula node or LaTeX text; "
                            f"got {type(item).__name__}")
        return method(item)

    def print_Product(self, product: nodes.Product) -> str:
        """A compound factor in parentheses, a dot between factors unless a parenthesis
        follows: ``2(x − y)(1 − x²)``, ``δ · x``."""
        out = ""
        for factor, compound in product.factors:
            text = self(factor)
            piece = self.paren(text) if compound else text
            opens = piece.startswith(self.paren("\0").partition("\0")[0]) or (
                isinstance(factor, nodes.Power) and factor.paren)  # (σ² + ε)^(−3/2)
            if out and (product.dotted or not opens):
                out += self.dot
            out += piece
        return out

    def print_MathName(self, name: MathName) -> str:
        return self.printer.name(name)

    def print_Rate(self, rate: nodes.Rate) -> str:
        return self.rate(self(rate.top), self(rate.bottom), rate.partial)

    def print_Neg(self, neg: nodes.Neg) -> str:
        inner = self(neg.item)
        return self.minus.strip() + (self.paren(inner) if neg.paren else inner)

    def print_Equation(self, equation: nodes.Equation) -> str:
        return self.equals.join(self(side) for side in equation.sides)

    unequal, if_, approx, bar, prime = " ≠ ", " if ", " ≈ ", "|", "′"

    def print_NotEqual(self, relation: nodes.NotEqual) -> str:
        return self(relation.left) + self.unequal + self(relation.right)

    def print_Approx(self, relation: nodes.Approx) -> str:
        return self(relation.left) + self.approx + self(relation.right)

    def print_Magnitude(self, magnitude: nodes.Magnitude) -> str:
        return self.bar + self(magnitude.item) + self.bar

    def print_Primed(self, primed: nodes.Primed) -> str:
        return self(primed.item) + self.prime

    def print_Condition(self, condition: nodes.Condition) -> str:
        return self(condition.formula) + self.if_ + self(condition.condition)

    def index(self, index: Any) -> str:
        """A sum's index: a letter, or a formula (``k ≠ 2``)."""
        return self.printer.name(MathName(index)) if isinstance(index, str) else self(index)

    def print_Juxtaposed(self, juxtaposed: nodes.Juxtaposed) -> str:
        space = self.space if juxtaposed.spaced else ""
        return space.join(self(item) for item in juxtaposed.items)

    space = " "
    odot, times = " ⊙ ", " × "

    def print_Hadamard(self, product: nodes.Hadamard) -> str:
        return self.odot.join(self(item) for item in product.items)

    def print_Shape(self, shape: nodes.Shape) -> str:
        text = self.times.join(self.printer.name(MathName(side)) if isinstance(side, str) else
                               self(nodes.Number(side)) for side in (shape.rows, shape.cols))
        return self.plain_paren(text) if shape.paren else text

    def plain_paren(self, text: str) -> str:
        return f"({text})"

    def cell(self, matrix: nodes.Matrix, r: int | None, c: int | None) -> str:
        """One cell of a matrix: a value, or the dots standing for those left out."""
        if r is None:
            return self.vdots if c is not None else self.ddots
        if c is None:
            return self.ellipsis
        return self(nodes.Number(matrix.values[r][c], digits=matrix.digits))

    vdots, ddots = "⋮", "⋱"
    listed = ", "

    def print_Entries(self, entries: nodes.Entries) -> str:
        shown = [self.index_of(index) + self(nodes.Number(value))
                 for index, value in entries.entries]
        more = [self.more] if entries.more else []
        return (self.brackets(self(entries.shape)) + self.wide +
                self.entry_comma.join([*shown, *more]))

    wide, entry_comma, more = " ", ", ", "…"

    def index_of(self, index: tuple[int, ...]) -> str:
        """``(1, 2): `` before an entry."""
        return "(" + ", ".join(str(k + 1) for k in index) + "): "

    def brackets(self, text: str) -> str:
        return f"[{text}]"

    def print_Listed(self, listed: nodes.Listed) -> str:
        return self.listed.join(self(item) for item in listed.items)

    def print_Terms(self, total: nodes.Terms) -> str:
        out = ""
        for k, term in enumerate(total.terms):
            if isinstance(term, nodes.Neg) and k:
                out += self.minus + (self.paren(self(term.item)) if term.paren else
                                     self(term.item))
            else:
                out += (self.plus if k else "") + self(term)
        return out

    def print_Ellipsis_(self, _: nodes.Ellipsis_) -> str:
        return self.ellipsis

    def print_Vector(self, vector: nodes.Vector) -> str:
        items = [self(nodes.Number(v, digits=vector.digits)) for v in vector.values]
        if len(items) > vector.limit:
            items = [*items[:4], self.dots, items[-1]]
        return self.paren(self.comma.join(items))

    dots = "…"

    def print_Power(self, power: nodes.Power) -> str:
        base = self(power.base)
        return self.printer.power(self.paren(base) if power.paren else base, power.exponent)

    def print_Root(self, root: nodes.Root) -> str:
        return self.printer.sqrt(self(root.item))

    def print_Number(self, value: nodes.Number) -> str:
        text = self.printer.number(value.text())
        return self.paren(text) if value.wrapped else text

    def paren(self, text: str) -> str:
        return self.plain_paren(text) if self.inline else self.printer.paren(text)

    def parts(self, line: Line) -> list[str]:
        """The line's formulas, its numbers and its value (when a scalar), in this format,
        a part equal to the one before it left out (written once)."""
        items = [*line.formula]
        if not (isinstance(line.numbers, str) and not line.numbers):
            items.append(line.numbers)
        if line.value is not None and np.ndim(line.value) == 0:
            items.append(nodes.Number(float(line.value)))
        parts = [self(item) for item in items]
        return [p for k, p in enumerate(parts) if k == 0 or p != parts[k - 1]]

    def from_latex(self, latex: str) -> str:
        raise NotImplementedError

    def rate(self, top: str, bottom: str, partial: bool) -> str:
        raise NotImplementedError

    def print_SumOver(self, total: nodes.SumOver) -> str:
        raise NotImplementedError

    def print_Applied(self, applied: nodes.Applied) -> str:
        raise NotImplementedError


class LatexItems(LatexTensor, ItemPrinter):
    printer = LatexPrinter()
    dot = r" \cdot "
    minus, ellipsis, dots = " - ", r"\cdots", r"\ldots"

    def from_latex(self, latex: str) -> str:
        return latex

    def rate(self, top: str, bottom: str, partial: bool) -> str:
        d = r"\partial " if partial else "d "
        return rf"\frac{{{d}{top}}}{{{d}{bottom}}}"

    def print_SumOver(self, total: nodes.SumOver) -> str:
        return rf"\sum_{{{self.index(total.index)}}} {self(total.body)}"

    odot, times, vdots, ddots = r" \odot ", r" \times ", r"\vdots", r"\ddots"
    unequal, if_, approx, prime = r" \ne ", r" \text{ if } ", r" \approx ", r"^{\prime}"

    def print_Transposed(self, transposed: nodes.Transposed) -> str:
        inner = self(transposed.item)
        return (self.paren(inner) if transposed.paren else inner) + r"^{\top}"

    def print_Quotient(self, fraction: nodes.Quotient) -> str:
        return rf"\frac{{{self(fraction.top)}}}{{{self(fraction.bottom)}}}"

    listed = r",\quad "
    wide, entry_comma, more = r"\quad ", r",\ ", r"\dots"

    def index_of(self, index: tuple[int, ...]) -> str:
        return "(" + ",".join(str(k + 1) for k in index) + r"):\ "

    def brackets(self, text: str) -> str:
        return rf"\left[{text}\right]"

    def print_Updated(self, updated: nodes.Updated) -> str:
        inner = self(updated.item)
        return (self.paren(inner) if updated.paren else inner) + "^{+}"

    def print_Matrix(self, matrix: nodes.Matrix) -> str:
        rows, cols = matrix.shown()
        body = r" \\ ".join(" & ".join(self.cell(matrix, r, c) for c in cols) for r in rows)
        return rf"\begin{{pmatrix}} {body} \end{{pmatrix}}"

    def print_Applied(self, applied: nodes.Applied) -> str:
        name = rf"\mathrm{{{applied.name}}}" if applied.upright else self(applied.name)
        prime = r"^{\prime}" if applied.prime else ""
        return f"{name}{prime}{self.paren(self(applied.argument))}"


class TextItems(TextTensor, TextVectorItems, ItemPrinter):
    printer = TextPrinter()

    def from_latex(self, latex: str) -> str:
        return latex_to_text(latex)

    def rate(self, top: str, bottom: str, partial: bool) -> str:
        d = "∂" if partial else "d"
        return f"{d}{_single(top)}/{d}{_single(bottom)}"

    def print_SumOver(self, total: nodes.SumOver) -> str:
        return f"∑{lowered(self.index(total.index))} {self(total.body)}"

    def print_Transposed(self, transposed: nodes.Transposed) -> str:
        inner = self(transposed.item)
        return (self.paren(inner) if transposed.paren else inner) + "ᵀ"

    def print_Updated(self, updated: nodes.Updated) -> str:
        inner = self(updated.item)
        return (self.paren(inner) if updated.paren else inner) + "⁺"

    def print_Quotient(self, fraction: nodes.Quotient) -> str:
        top, bottom = self(fraction.top), self(fraction.bottom)
        return f"{_single(top)}/{_single(bottom)}"

    def print_Matrix(self, matrix: nodes.Matrix) -> str:
        rows, cols = matrix.shown()
        return "[" + "; ".join(" ".join(self.cell(matrix, r, c) for c in cols)
                               for r in rows) + "]"

    def print_Applied(self, applied: nodes.Applied) -> str:
        name = applied.name if applied.upright else self(applied.name)
        return f"{name}{'′' if applied.prime else ''}({self(applied.argument)})"


def _single(text: str) -> str:
    """A side of ``dtop/dbottom``, in parentheses when it is not one term."""
    return f"({text})" if " " in text.strip() else text


LATEX, TEXT = LatexItems(), TextItems()


def item_latex(item: Any) -> str:
    """One formula of a line as LaTeX."""
    return LATEX(item)
