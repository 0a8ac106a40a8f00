r"""The reciprocal hyperbolic functions, kept light: ``sech`` and ``csch``.

SymPy's own ``sech`` asks its assumptions about the argument whenever one is built, which takes
seconds for ``sech(sech(sech(...)))``; these know only their derivative, their value and how to
write themselves with ``exp``.

.. math::

    \operatorname{sech} x = \frac{2}{e^x + e^{-x}}, \quad \operatorname{sech}' x =
    -\operatorname{sech} x \tanh x; \qquad \operatorname{csch} x = \frac{2}{e^x - e^{-x}}, \quad
    \operatorname{csch}' x = -\operatorname{csch} x \coth x
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.core.function import ArgumentIndexError


class sech(sympy.Function):
    """The hyperbolic secant, 1/cosh x."""

    nargs = 1

    @classmethod
    def eval(cls, x: sympy.Expr) -> sympy.Expr | None:
        return sympy.S.One if x == 0 else None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return -self * sympy.tanh(self.args[0])

    def _eval_rewrite_as_exp(self, x: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return 2 / (sympy.exp(x) + sympy.exp(-x))

    def _eval_rewrite_as_cosh(self, x: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return 1 / sympy.cosh(x)

    def _eval_evalf(self, prec: int) -> sympy.Expr | None:
        return (1 / sympy.cosh(self.args[0]))._eval_evalf(prec)

    def _numpycode(self, printer: Any) -> str:
        return f"({printer._print(1 / sympy.cosh(self.args[0]))})"


class csch(sympy.Function):
    """The hyperbolic cosecant, 1/sinh x."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return -self * sympy.coth(self.args[0])

    def _eval_rewrite_as_exp(self, x: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return 2 / (sympy.exp(x) - sympy.exp(-x))

    def _eval_rewrite_as_sinh(self, x: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return 1 / sympy.sinh(x)

    def _eval_evalf(self, prec: int) -> sympy.Expr | None:
        return (1 / sympy.sinh(self.args[0]))._eval_evalf(prec)

    def _numpycode(self, printer: Any) -> str:
        return f"({printer._print(1 / sympy.sinh(self.args[0]))})"
