"""How the expression printers write a kinked activation's θ and θ′ (:mod:`chainrule.ops.kink`):
``max(z, 0)``, the Iverson bracket ``[z > 0]`` and the case split ``(1 if z > 0 else 0.1)``.

A mixin of :class:`~chainrule.calculus.printing.expr_printer.ExprPrinter`: the structure is
here, the spelling of ``>``, ``[…]`` and ``if … else`` is the format's (MathML's and LaTeX's
override the hooks below).
"""

from __future__ import annotations

import sympy

ATOM = 100  # an atom's precedence, as in expr_printer (which imports this module)
Printed = tuple[str, int]


class PiecewisePrinting:
    """``_print_Max``, ``_print_StrictGreaterThan`` and ``_print_Piecewise``, for a printer
    that has ``call``, ``function_name``, ``paren`` and ``emptyPrinter``."""

    def _print_Max(self, expr: sympy.Expr) -> Printed:
        """``max(z, 0)``, ``max(z, 0.1z)``: the plainest argument first and numbers last, as
        courses write a rectifier (SymPy sorts the arguments its own way)."""
        arguments = sorted(expr.args, key=lambda a: (bool(a.is_Number), sympy.count_ops(a)))
        return self.call(self.function_name("max"), [self(a) for a in arguments]), ATOM

    def _print_StrictGreaterThan(self, expr: sympy.Expr) -> Printed:
        return self.greater(self(expr.lhs), self(expr.rhs)), 0

    def _print_Piecewise(self, expr: sympy.Expr) -> Printed:
        """A slope with a kink: ``[z > 0]`` (an Iverson bracket: 1 where the condition holds,
        else 0), or ``(1 if z > 0 else 0.1)``; other piecewise forms as SymPy writes them."""
        pieces = expr.args
        if len(pieces) != 2 or pieces[1].cond is not sympy.true:
            return self.emptyPrinter(expr)
        (value, condition), (other, _) = pieces
        if value == 1 and other == 0:
            return self.iverson(self(condition)), ATOM
        return self.paren(self.cases(self(value), self(condition), self(other))), ATOM

    def greater(self, left: str, right: str) -> str:
        """``left > right``."""
        return f"{left} > {right}"

    def iverson(self, condition: str) -> str:
        """``[condition]``: 1 where it holds, else 0."""
        return f"[{condition}]"

    def cases(self, value: str, condition: str, other: str) -> str:
        """``value if condition else other`` (put in parentheses by the caller)."""
        return f"{value} if {condition} else {other}"
