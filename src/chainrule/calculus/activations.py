r"""The activations and kinked functions learners write, as SymPy functions.

Each one has its derivative (``fdiff``) and a rewrite in SymPy's own terms (``Piecewise``,
``exp``, ``erf``) so that a result built from them can be checked against :func:`sympy.diff`
of the rewritten form. At a kink the derivative follows the engine, as PyTorch does:

.. math::

    \operatorname{relu}'(0) = 0, \qquad \operatorname{step}(0) = [0 > 0] = 0, \qquad
    |x|'\big|_0 = \operatorname{sign}(0) = 0, \qquad \operatorname{elu}'(0) = \alpha

``step(x)`` is the Heaviside step with step(0) = 0, the indicator ``[x > 0]``.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.core.function import ArgumentIndexError

from chainrule.calculus.functions import sigmoid

_SQRT2 = sympy.sqrt(2)


class _Formed(sympy.Function):
    """A function with a form in SymPy's own terms (``form``): numbers, ``evalf`` and the NumPy
    code the checker evaluates all go through it; ``slope`` is the derivative in the first
    argument, which ``fdiff`` returns (other arguments: ``slope_in``)."""

    @classmethod
    def form(cls, *args: sympy.Expr) -> sympy.Expr:
        raise NotImplementedError

    def slope(self, *args: sympy.Expr) -> sympy.Expr:
        raise NotImplementedError

    def slope_in(self, argindex: int, *args: sympy.Expr) -> sympy.Expr:
        raise ArgumentIndexError(self, argindex)

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        if argindex == 1:
            return self.slope(*self.args)
        return self.slope_in(argindex, *self.args)

    def _eval_evalf(self, prec: int) -> sympy.Expr | None:
        return self.form(*self.args)._eval_evalf(prec)

    def _numpycode(self, printer: Any) -> str:
        """Compiled to NumPy (the checker evaluates formulas so), in parentheses like every
        code printed here, for it may be raised to a power."""
        return f"({printer._print(self.form(*self.args))})"


class _Kinked(_Formed):
    """A function defined piece by piece: its form is a ``Piecewise``, used for numbers."""

    def _eval_rewrite_as_Piecewise(self, *args: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return self.form(*args)

    @classmethod
    def eval(cls, *args: sympy.Expr) -> sympy.Expr | None:
        """The value when every argument is a real number, else left as it is."""
        if all(arg.is_Number and arg.is_finite for arg in args):  # not nan, not ∞
            return cls.form(*args)
        return None


class step(_Kinked):
    r"""The Heaviside step :math:`[x > 0]`: 1 for x > 0, 0 for x ≤ 0 (so ReLU′(0) = 0).

    Its derivative is 0 wherever it is defined (x ≠ 0); at 0 the engine takes 0 as well.
    """

    nargs = 1

    @classmethod
    def form(cls, x: sympy.Expr) -> sympy.Expr:
        return sympy.Piecewise((1, x > 0), (0, True))

    def slope(self, x: sympy.Expr) -> sympy.Expr:
        return sympy.S.Zero


class sign(_Kinked):
    r"""The sign :math:`\operatorname{sign}(x) \in \{-1, 0, 1\}`; its derivative is 0 (also at
    0, as PyTorch)."""

    nargs = 1

    @classmethod
    def form(cls, x: sympy.Expr) -> sympy.Expr:
        return sympy.Piecewise((1, x > 0), (-1, x < 0), (0, True))

    def slope(self, x: sympy.Expr) -> sympy.Expr:
        return sympy.S.Zero


class absolute(_Kinked):
    r"""The absolute value :math:`|x|`, with :math:`|x|' = \operatorname{sign}(x)` (0 at 0)."""

    nargs = 1

    @classmethod
    def form(cls, x: sympy.Expr) -> sympy.Expr:
        return sympy.Piecewise((x, x > 0), (-x, True))

    def slope(self, x: sympy.Expr) -> sympy.Expr:
        return sign(x)


class relu(_Kinked):
    r"""The rectifier :math:`\max(0, x)`, with :math:`\operatorname{relu}'(x) = [x > 0]`
    (0 at the kink x = 0, as PyTorch)."""

    nargs = 1

    @classmethod
    def form(cls, x: sympy.Expr) -> sympy.Expr:
        return sympy.Piecewise((x, x > 0), (0, True))

    def slope(self, x: sympy.Expr) -> sympy.Expr:
        return step(x)


class leaky_relu(_Kinked):
    r"""``leaky_relu(x, α)``: x for x > 0, αx otherwise; the derivative is
    :math:`[x > 0] + \alpha (1 - [x > 0])` (α at the kink, as PyTorch)."""

    nargs = 2

    @classmethod
    def form(cls, x: sympy.Expr, alpha: sympy.Expr) -> sympy.Expr:
        return sympy.Piecewise((x, x > 0), (alpha * x, True))

    def slope(self, x: sympy.Expr, alpha: sympy.Expr) -> sympy.Expr:
        return step(x) + alpha * (1 - step(x))

    def slope_in(self, argindex: int, x: sympy.Expr, alpha: sympy.Expr) -> sympy.Expr:
        if argindex != 2:
            raise ArgumentIndexError(self, argindex)
        return x * (1 - step(x))


class elu(_Kinked):
    r"""``elu(x, α)``: x for x > 0, :math:`\alpha(e^x - 1)` otherwise; the derivative is
    :math:`[x > 0] + \alpha e^x (1 - [x > 0])` (α at the kink, as PyTorch)."""

    nargs = 2

    @classmethod
    def form(cls, x: sympy.Expr, alpha: sympy.Expr) -> sympy.Expr:
        return sympy.Piecewise((x, x > 0), (alpha * (sympy.exp(x) - 1), True))

    def slope(self, x: sympy.Expr, alpha: sympy.Expr) -> sympy.Expr:
        return step(x) + alpha * sympy.exp(x) * (1 - step(x))

    def slope_in(self, argindex: int, x: sympy.Expr, alpha: sympy.Expr) -> sympy.Expr:
        if argindex != 2:
            raise ArgumentIndexError(self, argindex)
        return (sympy.exp(x) - 1) * (1 - step(x))


class softplus(_Formed):
    r""":math:`\operatorname{softplus}(x) = \ln(1 + e^x)`, with derivative :math:`\sigma(x)`."""

    nargs = 1

    def slope(self, x: sympy.Expr) -> sympy.Expr:
        return sigmoid(x)

    @classmethod
    def form(cls, x: sympy.Expr) -> sympy.Expr:
        return sympy.log(1 + sympy.exp(x))

    def _eval_rewrite_as_exp(self, x: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return self.form(x)


class swish(_Formed):
    r""":math:`\operatorname{swish}(x) = \operatorname{silu}(x) = x\,\sigma(x)`, with derivative
    :math:`\sigma(x)\,(1 + x(1 - \sigma(x)))`."""

    nargs = 1

    def slope(self, x: sympy.Expr) -> sympy.Expr:
        return sigmoid(x) * (1 + x * (1 - sigmoid(x)))

    @classmethod
    def form(cls, x: sympy.Expr) -> sympy.Expr:
        return x / (1 + sympy.exp(-x))

    def _eval_rewrite_as_exp(self, x: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return self.form(x)


class gelu(_Formed):
    r"""The exact GELU :math:`x\,\Phi(x) = \tfrac{x}{2}(1 + \operatorname{erf}(x/\sqrt2))`, with
    derivative :math:`\Phi(x) + x\,\varphi(x)`, :math:`\varphi(x) = e^{-x^2/2}/\sqrt{2\pi}`.

    The tanh approximation is written out by the learner, e.g.
    ``0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3)))``, and read as it stands.
    """

    nargs = 1

    def slope(self, x: sympy.Expr) -> sympy.Expr:
        density = sympy.exp(-(x**2) / 2) / sympy.sqrt(2 * sympy.pi)
        return (1 + sympy.erf(x / _SQRT2)) / 2 + x * density

    @classmethod
    def form(cls, x: sympy.Expr) -> sympy.Expr:
        return x * (1 + sympy.erf(x / _SQRT2)) / 2

    def _eval_rewrite_as_erf(self, x: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return self.form(x)

    _eval_rewrite_as_exp = _eval_rewrite_as_erf
