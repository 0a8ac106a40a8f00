"""The expression printers dispatch as SymPy's do: a ``_print_<class>`` method per node."""

from __future__ import annotations

import sympy
from sympy.printing.printer import Printer

from chainrule.calculus.functions import sigmoid
from chainrule.calculus.printing import LatexPrinter, TextPrinter, to_latex, to_text
from chainrule.calculus.printing.expr_printer import ATOM


def test_the_printers_are_sympy_printers():
    assert issubclass(TextPrinter, Printer) and issubclass(LatexPrinter, Printer)


def test_a_new_node_is_one_print_method_and_keeps_the_printers_layout():
    class MaxText(TextPrinter):
        def _print_Max(self, expr: sympy.Expr) -> tuple[str, int]:
            return f"max({', '.join(self(arg) for arg in expr.args)})", ATOM

    x, y = sympy.symbols("x y")
    expr = 1 - sympy.Max(x, 0) * sigmoid(y)
    # positive term first, Unicode minus, SymPy's factor order, calls joined by a middle dot
    assert MaxText()(expr) == "1 − σ(y)·max(0, x)"
    assert TextPrinter()(expr) == "1 − σ(y)·Max(0, x)"  # without it: as str prints Max


def test_a_subclass_of_a_known_function_or_an_undefined_one_is_not_printed_as_it():
    x = sympy.Symbol("x")
    assert to_latex(sympy.tanh(x)) == r"\tanh\left(x\right)"
    assert to_latex(sympy.Function("tanh")(x)) == r"tanh\left(x\right)"  # a user's f, named tanh
    assert to_text(sympy.Function("f")(x, 2)) == "f(x, 2)"
