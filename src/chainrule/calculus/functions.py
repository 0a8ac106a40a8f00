r"""The SymPy functions chainrule adds: the sigmoid, a softmax component and a sum over an index.

Each one differentiates with :func:`sympy.diff` and rewrites to :func:`sympy.exp`, so a result
built from them can always be checked against SymPy's own derivative.

.. math::

    \sigma(x) = \frac{1}{1 + e^{-x}}, \qquad \sigma'(x) = \sigma(x)\,(1 - \sigma(x))

    \operatorname{softmax}_k(z_1, \dots, z_n) = \frac{e^{z_k}}{\sum_i e^{z_i}}, \qquad
    \frac{\partial y_k}{\partial z_j} = y_k(\delta_{kj} - y_j)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy
from sympy.core.function import ArgumentIndexError

from chainrule.calculus.symbols import uses_index


class sigmoid(sympy.Function):
    r"""The logistic sigmoid :math:`\sigma(x) = 1/(1 + e^{-x})`.

    Its derivative is written with the output, :math:`\sigma(x)(1 - \sigma(x))`.
    """

    nargs = 1

    @classmethod
    def eval(cls, arg: sympy.Expr) -> sympy.Expr | None:
        if arg == 0:
            return sympy.S.Half
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        return self * (1 - self)

    def _eval_rewrite_as_exp(self, arg: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return 1 / (1 + sympy.exp(-arg))

    def _eval_evalf(self, prec: int) -> sympy.Expr | None:
        value = (1 / (1 + sympy.exp(-self.args[0])))._eval_evalf(prec)
        return value

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_real else None


class softmax(sympy.Function):
    r"""Component ``k`` (1-based) of the softmax of ``z_1 .. z_n``: ``softmax(k, z_1, ..., z_n)``.

    .. math:: \operatorname{softmax}_k(z) = e^{z_k} / \textstyle\sum_i e^{z_i}

    The Jacobian is :math:`y_k(\delta_{kj} - y_j)`: :math:`y_k(1 - y_k)` on the diagonal and
    :math:`-y_k y_j` off it.
    """

    @classmethod
    def eval(cls, k: sympy.Expr, *zs: sympy.Expr) -> sympy.Expr | None:
        if not zs or not k.is_Integer or not 1 <= int(k) <= len(zs):
            raise ValueError(f"softmax component {k} of {len(zs)} inputs does not exist")
        if len(zs) == 1:
            return sympy.S.One
        return None

    @property
    def component(self) -> int:
        """The 1-based index ``k`` of this component."""
        return int(self.args[0])

    @property
    def inputs(self) -> tuple[sympy.Expr, ...]:
        """The softmax inputs ``z_1 .. z_n``."""
        return tuple(self.args[1:])

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        j = argindex - 1
        if not 1 <= j <= len(self.inputs):
            raise ArgumentIndexError(self, argindex)
        if j == self.component:
            return self * (1 - self)
        return -self * softmax(j, *self.inputs)

    def _eval_rewrite_as_exp(self, k: sympy.Expr, *zs: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return sympy.exp(zs[int(k) - 1]) / sympy.Add(*[sympy.exp(z) for z in zs])

    def _eval_evalf(self, prec: int) -> sympy.Expr | None:
        return self._eval_rewrite_as_exp(*self.args)._eval_evalf(prec)


class IndexSum(sympy.Function):
    r"""A sum over a named index, :math:`\sum_j \text{body}`, kept unexpanded: ``(body, j)``, or
    ``(body, k, K)`` for :math:`\sum_{k=1}^{K}` with a size K given later.

    The index appears in the body inside symbol names (``w_ij``, ``delta_j``) or as the symbol
    itself; :func:`chainrule.calculus.expand_sums` writes the terms out once the range is known.
    Differentiation goes inside the sum; by a symbol that carries the index (``a_k`` for a sum
    over ``k``) it picks that one term.
    """

    nargs = (2, 3)

    @classmethod
    def eval(cls, body: sympy.Expr, index: sympy.Expr, *upper: sympy.Expr) -> sympy.Expr | None:
        if not isinstance(index, sympy.Symbol):
            raise TypeError(f"the index of a sum must be a symbol; got {index}")
        if body == 0:
            return sympy.S.Zero
        return None

    @property
    def body(self) -> sympy.Expr:
        """The summand."""
        return self.args[0]

    @property
    def index(self) -> sympy.Symbol:
        """The index the sum runs over."""
        return self.args[1]

    @property
    def upper(self) -> sympy.Expr | None:
        """The last value of the index (the index runs from 1), or None if not written."""
        return self.args[2] if len(self.args) > 2 else None

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        limit = self.upper.free_symbols if self.upper is not None else set()
        return (self.args[0].free_symbols - {self.args[1]}) | limit

    def _eval_derivative(self, symbol: sympy.Symbol) -> sympy.Expr:
        """Inside the sum; by ``a_k`` for a sum over ``k``, only the term ``k`` depends on
        ``a_k``: :math:`\\partial_{a_k} \\sum_k f(a_k) = f'(a_k)`, no sum left."""
        derivative = sympy.diff(self.args[0], symbol)
        if uses_index(symbol, self.args[1].name):
            return derivative
        return IndexSum(derivative, *self.args[1:])


class UnitSet(sympy.Function):
    r"""The units a sum runs over, named as Mitchell writes them: ``outputs`` in
    :math:`\sum_{k \in outputs}`, ``downstream(h)`` in :math:`\sum_{k \in Downstream(h)}`; the
    upper limit of an :class:`IndexSum`, resolved from the network by the checker. Its names
    are not variables of the formula."""

    nargs = (1, 2)

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        return set()

    def written(self) -> str:
        """``outputs``, ``downstream(h)``."""
        name, *argument = (str(arg) for arg in self.args)
        return f"{name}({argument[0]})" if argument else name


def _tanh_derivative(arg: sympy.Expr) -> sympy.Expr:
    return 1 - sympy.tanh(arg) ** 2


def _sigmoid_derivative(arg: sympy.Expr) -> sympy.Expr:
    return sigmoid(arg) * (1 - sigmoid(arg))


#: The textbook form of a derivative written with a prime, σ'(z) = σ(z)(1 − σ(z)).
UNARY_DERIVATIVE: dict[str, Callable[[sympy.Expr], sympy.Expr]] = {
    "exp": sympy.exp,
    "log": lambda arg: 1 / arg,
    "tanh": _tanh_derivative,
    "sigmoid": _sigmoid_derivative,
    "sqrt": lambda arg: 1 / (2 * sympy.sqrt(arg)),
    "identity": lambda arg: sympy.S.One,
}

#: A letter (θ, σ, g, f) that stays a function of its own, for the caller to bind: in a claim
#: about a network it is the activation of the layer its argument belongs to.
LAYER_FUNCTION = "layer"


def layer_function(letter: str, primes: int) -> type[sympy.Function]:
    """The undefined function ``theta`` (``θ(s)``), or ``theta'`` for its derivative."""
    return sympy.Function(letter + "'" * primes)
