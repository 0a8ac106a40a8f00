"""How each format prints a tensor's entry and the tail of a long sum: the formula nodes of
the convolution and recurrent explanations (``x̃_{n,c,si+u,sj+v}``, ``… (2 more terms)``),
mixed into the item printers of :mod:`chainrule.render.explain_items` and
:mod:`chainrule.render.explain_mathml`."""

from __future__ import annotations

from typing import Any

from chainrule.calculus.printing.mathml import scripted
from chainrule.calculus.scripts import subscript
from chainrule.explain import tensor_nodes as nodes
from chainrule.explain.formula_nodes import Number


def lowered(index: str) -> str:
    """A subscript in small characters when each comma-separated index has them (``ₙ,ᵢ,ⱼ``),
    else ``_k`` or ``_(…)``."""
    index = index.replace(" ", "")
    small = [subscript(part) for part in index.split(",")]
    if all(part is not None for part in small):
        return ",".join(part or "" for part in small)
    return f"_{index}" if len(index) == 1 else f"_({index})"


def more_terms(count: int) -> str:
    """``2 more terms``: what a sum leaves out."""
    return f"{count} more term{'s' if count > 1 else ''}"


class TensorItems:
    """The indices of an entry, ``n,i,j``, in every format (mixed into an item printer)."""

    index_comma = ","
    __call__: Any  # the item printer's: one formula in this format

    def print_Indices(self, indices: nodes.Indices) -> str:
        """Integers as numbers, anything else as a formula."""
        return self.index_comma.join(self(Number(k)) if isinstance(k, int) else self(k)
                                     for k in indices.items)


class LatexTensor(TensorItems):
    def print_Indexed(self, entry: nodes.Indexed) -> str:
        return f"{self(entry.base)}_{{{self(nodes.Indices(entry.indices))}}}"

    def print_LeftOut(self, left: nodes.LeftOut) -> str:
        return rf"\dots \text{{ ({more_terms(left.count)})}}"


class TextTensor(TensorItems):
    def print_Indexed(self, entry: nodes.Indexed) -> str:
        return self(entry.base) + lowered(self(nodes.Indices(entry.indices)))

    def print_LeftOut(self, left: nodes.LeftOut) -> str:
        return f"… ({more_terms(left.count)})"


class MathMLTensor(TensorItems):
    index_comma = "<mo>,</mo>"

    def print_Indexed(self, entry: nodes.Indexed) -> str:
        return scripted(self(entry.base), sub=self(nodes.Indices(entry.indices)))

    def print_LeftOut(self, left: nodes.LeftOut) -> str:
        words = more_terms(left.count).replace(" ", "&#160;")
        return f"<mo>…</mo><mtext>&#160;({words})</mtext>"
