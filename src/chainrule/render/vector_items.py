"""How each format prints the nodes of :mod:`chainrule.explain.vector_nodes`: mixed into the
item printers of :mod:`chainrule.render.explain_items` (LaTeX, and the base of the others) and
:mod:`chainrule.render.explain_mathml`."""

from __future__ import annotations

from chainrule.calculus.printing.mathml import fenced, row, scripted
from chainrule.calculus.scripts import superscript
from chainrule.explain import vector_nodes as nodes


class VectorItems:
    """``(a, b)ˢ`` and ``‖x‖_label`` from the printer's own ``plain_paren``, ``comma`` and
    item printing; the spellings below are LaTeX's."""

    norm_form, label_form = r"\left\|{}\right\|", r"{}_{{\text{{{}}}}}"

    def print_Tupled(self, tupled: nodes.Tupled) -> str:
        inner = self.plain_paren(self.comma.join(self(item) for item in tupled.items))
        return inner if tupled.sup is None else self.raised(inner, self(tupled.sup))

    def print_Norm(self, norm: nodes.Norm) -> str:
        bars = self.norm_form.format(self(norm.item))
        return self.label_form.format(bars, norm.label) if norm.label else bars

    def raised(self, base: str, sup: str) -> str:
        """``base`` with the printed superscript ``sup``."""
        return f"{base}^{{{sup}}}"


class TextVectorItems(VectorItems):
    norm_form, label_form = "|{}|", "{}_({})"  # ‖x‖ as a terminal reader types it

    def raised(self, base: str, sup: str) -> str:
        return base + (superscript(sup) or f"^({sup})")


class MathMLVectorItems(VectorItems):
    norm_form = fenced("{}", "‖", "‖")
    label_form = "<msub>{}<mrow><mtext>{}</mtext></mrow></msub>"

    def raised(self, base: str, sup: str) -> str:
        return scripted(row(base), sup=sup)
