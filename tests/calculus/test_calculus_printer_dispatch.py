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
    class MinText(TextPrinter):
        def _print_Min(self, expr: sympy.Expr) -> tuple[str, int]:
            return f"min({', '.join(self(arg) for arg in expr.args)})", ATOM

    x, y = sympy.symbols("x y")
    expr = 1 - sympy.Min(x, 0) * sigmoid(y)
    # positive term first, Unicode minus, SymPy's factor order, calls joined by a middle dot
    assert MinText()(expr) == "1 − σ(y)·min(0, x)"
    assert TextPrinter()(expr) == "1 − σ(y)·Min(0, x)"  # without it: as str prints Min


def test_a_kinked_activations_theta_and_slope_print_as_courses_write_them():
    """θ and θ′ of ReLU and leaky ReLU (chainrule.ops.kink): ``max(z, 0)`` with the signal
    first, an Iverson bracket for a 1/0 slope, a case split in parentheses otherwise."""
    z = sympy.Symbol("z")
    assert to_text(sympy.Max(z, 0)) == "max(z, 0)" and to_latex(sympy.Max(z, 0)) == \
        r"\max\left(z, 0\right)"
    assert to_text(sympy.Max(z, sympy.Float(0.1) * z)) == "max(z, 0.1·z)"
    assert to_text(sympy.Piecewise((1, z > 0), (0, True))) == "[z > 0]"
    assert to_latex(2 * sympy.Piecewise((1, z > 0), (0, True))) == "2 [z > 0]"
    leaky = sympy.Piecewise((1, z > 0), (sympy.Float(0.1), True))
    assert to_text(leaky) == "(1 if z > 0 else 0.1)"
    assert to_latex(leaky) == r"\left(1 \text{ if } z > 0 \text{ else } 0.1\right)"
    three = sympy.Piecewise((1, z > 1), (2, z > 0), (0, True))
    assert to_text(three) == str(three)  # no form of its own: as SymPy writes it


def test_a_subclass_of_a_known_function_or_an_undefined_one_is_not_printed_as_it():
    x = sympy.Symbol("x")
    assert to_latex(sympy.tanh(x)) == r"\tanh\left(x\right)"
    assert to_latex(sympy.Function("tanh")(x)) == r"tanh\left(x\right)"  # a user's f, named tanh
    assert to_text(sympy.Function("f")(x, 2)) == "f(x, 2)"
