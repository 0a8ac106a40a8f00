"""What each function name the parser knows builds, with how many arguments.

``max(a, b)`` and ``min(a, b)`` are written with the ReLU, exactly: max(a, b) = b + relu(a − b)
and min(a, b) = a − relu(a − b), so ``max(0, x)`` is relu(x) and the derivative has one rule
and one kink convention.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy

from chainrule.calculus.activations import (
    absolute,
    elu,
    gelu,
    leaky_relu,
    relu,
    sign,
    softplus,
    step,
    swish,
)
from chainrule.calculus.functions import sigmoid
from chainrule.calculus.hyperbolic import csch, sech


@dataclass(frozen=True)
class Callee:
    """A function as the parser calls it: ``apply(*arguments)``; ``defaults`` fill the
    optional trailing arguments (the slope α of ``leaky_relu(x)``)."""

    apply: Callable[..., sympy.Expr]
    arity: int = 1
    defaults: tuple[sympy.Expr, ...] = ()

    @property
    def least(self) -> int:
        """The fewest arguments it may be given."""
        return self.arity - len(self.defaults)

    def __call__(self, arguments: Sequence[sympy.Expr]) -> sympy.Expr:
        return self.apply(*arguments, *self.defaults[len(arguments) - self.least :])

    def derivative(self, argument: sympy.Expr) -> sympy.Expr:
        """``f'(argument)`` of a one-argument function (the defaults filled in)."""
        u = sympy.Dummy("u")
        return sympy.diff(self([u]), u).xreplace({u: argument})


def _max(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
    if a == 0 or b == 0:
        return relu(b if a == 0 else a)
    return b + relu(a - b)


def _min(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
    return a - relu(a - b)


def _identity(x: sympy.Expr) -> sympy.Expr:
    return x


#: Every function by its canonical name (see :data:`chainrule.calculus.words.FUNCTIONS`).
CALLEES: dict[str, Callee] = {
    "exp": Callee(sympy.exp), "log": Callee(sympy.log), "tanh": Callee(sympy.tanh),
    "sigmoid": Callee(sigmoid), "sqrt": Callee(sympy.sqrt), "identity": Callee(_identity),
    "sin": Callee(sympy.sin), "cos": Callee(sympy.cos), "tan": Callee(sympy.tan),
    "sec": Callee(sympy.sec), "csc": Callee(sympy.csc), "cot": Callee(sympy.cot),
    "sinh": Callee(sympy.sinh), "cosh": Callee(sympy.cosh), "sech": Callee(sech),
    "csch": Callee(csch), "coth": Callee(sympy.coth), "arctan": Callee(sympy.atan),
    "arcsin": Callee(sympy.asin), "arccos": Callee(sympy.acos), "erf": Callee(sympy.erf),
    "relu": Callee(relu), "step": Callee(step), "sign": Callee(sign), "abs": Callee(absolute),
    "softplus": Callee(softplus), "swish": Callee(swish), "gelu": Callee(gelu),
    "leaky_relu": Callee(leaky_relu, 2, (sympy.Rational(1, 100),)),
    "elu": Callee(elu, 2, (sympy.S.One,)),
    "max": Callee(_max, 2), "min": Callee(_min, 2),
}  # fmt: skip

#: What a letter used as a function (θ, g, σ, f) may stand for: a network's activations.
ACTIVATION_NAMES: tuple[str, ...] = (
    "identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "swish", "gelu",
    "step",
)  # fmt: skip
