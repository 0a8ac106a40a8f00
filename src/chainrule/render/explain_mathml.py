"""An explanation's formulas as presentation MathML, printed from their trees.

The MathML face of :mod:`chainrule.render.explain_items`: SymPy expressions by the MathML
expression printer, formula nodes by the methods below; a line becomes one ``<math>`` block.
"""

from __future__ import annotations

from chainrule.calculus.printing.latex_mathml import latex_elements
from chainrule.calculus.printing.mathml import (
    MathMLPrinter,
    fenced,
    fraction,
    math_element,
    scripted,
    upright,
)
from chainrule.explain import formula_nodes as nodes
from chainrule.explain.model import Line
from chainrule.render.explain_items import ItemPrinter
from chainrule.render.tensor_items import MathMLTensor
from chainrule.render.vector_items import MathMLVectorItems


class MathMLItems(MathMLTensor, MathMLVectorItems, ItemPrinter):
    printer = MathMLPrinter()
    dot, plus, minus, equals, comma = "<mo>·</mo>", "<mo>+</mo>", "<mo>−</mo>", "<mo>=</mo>", \
        "<mo>,</mo>"
    ellipsis, dots, space = "<mo>⋯</mo>", "<mo>…</mo>", ""

    def from_latex(self, latex: str) -> str:
        return latex_elements(latex)

    def rate(self, top: str, bottom: str, partial: bool) -> str:
        d = "<mo>∂</mo>" if partial else "<mi>d</mi>"
        return fraction(d + top, d + bottom)

    def print_SumOver(self, total: nodes.SumOver) -> str:
        return scripted("<mo>∑</mo>", sub=self.index(total.index)) + self(total.body)

    odot, times, vdots, ddots = "<mo>⊙</mo>", "<mo>×</mo>", "<mo>⋮</mo>", "<mo>⋱</mo>"
    unequal, if_ = "<mo>≠</mo>", "<mtext>&#160;if&#160;</mtext>"
    approx, bar = "<mo>≈</mo>", "<mo>|</mo>"

    def plain_paren(self, text: str) -> str:
        return f"<mo>(</mo>{text}<mo>)</mo>"

    def print_Transposed(self, transposed: nodes.Transposed) -> str:
        inner = self(transposed.item)
        return scripted(self.paren(inner) if transposed.paren else inner, sup="<mo>⊤</mo>")

    listed = '<mo>,</mo><mspace width="1.00em"></mspace>'
    wide, more = '<mspace width="1.00em"></mspace>', "<mo>…</mo>"
    entry_comma = '<mo>,</mo><mspace width="0.25em"></mspace>'

    def index_of(self, index: tuple[int, ...]) -> str:
        numbers = "<mo>,</mo>".join(f"<mn>{k + 1}</mn>" for k in index)
        return f'<mo>(</mo>{numbers}<mo>)</mo><mo>:</mo><mspace width="0.25em"></mspace>'

    def brackets(self, text: str) -> str:
        return fenced(text, "[", "]")

    def equation(self, left: object, right: object) -> str:
        """``left = right`` as an inline ``<math>`` element."""
        return math_element(f"{self(left)}{self.equals}{self(right)}", display=False)

    def print_Updated(self, updated: nodes.Updated) -> str:
        inner = self(updated.item)
        return scripted(self.paren(inner) if updated.paren else inner, sup="<mo>+</mo>")

    def print_Quotient(self, fraction_: nodes.Quotient) -> str:
        return fraction(self(fraction_.top), self(fraction_.bottom))

    def print_Matrix(self, matrix: nodes.Matrix) -> str:
        rows, cols = matrix.shown()
        table = "".join("<mtr>" + "".join(f"<mtd><mrow>{self.cell(matrix, r, c)}</mrow></mtd>"
                                          for c in cols) + "</mtr>" for r in rows)
        return f"<mrow><mo>(</mo><mtable>{table}</mtable><mo>)</mo></mrow>"

    def print_Primed(self, primed: nodes.Primed) -> str:
        return scripted(self(primed.item), sup="<mo>′</mo>")

    def print_Applied(self, applied: nodes.Applied) -> str:
        name = upright(applied.name) if applied.upright else self(applied.name)
        if applied.prime:
            name = scripted(name, sup="<mo>′</mo>")
        return name + self.paren(self(applied.argument))

    def line(self, line: Line) -> str:
        """The line as one ``<math>`` block: its equal formulas, then its shape."""
        body = self.equals.join(self.parts(line))
        if line.shape:
            body += '<mspace width="2.00em"></mspace>' + fenced(self(line.shape), "[", "]")
        return math_element(body)


MATHML = MathMLItems()
