"""Build SymPy objects for the parser, counting them and refusing what would be too big.

Every number, symbol and operation goes through a :class:`Builder`, which counts nodes, keeps
exponents and computed numbers small (``9^9^9^9`` is refused before SymPy computes anything),
and turns division by zero or ``log(0)`` into a :class:`~chainrule.errors.ParseError`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import sympy

from chainrule.calculus.budget import call_cost, power_cost
from chainrule.calculus.callables import CALLEES
from chainrule.calculus.functions import UNARY_DERIVATIVE, IndexSum, softmax
from chainrule.calculus.lexer import Token
from chainrule.calculus.limits import Limits
from chainrule.calculus.symbols import make_symbol
from chainrule.errors import ParseError

_UNDEFINED = (sympy.S.ComplexInfinity, sympy.S.NaN, sympy.S.Infinity, sympy.S.NegativeInfinity)


class Builder:
    """Makes SymPy expressions within :class:`~chainrule.calculus.limits.Limits`."""

    def __init__(self, text: str, limits: Limits) -> None:
        self.text = text
        self.limits = limits
        self.nodes = 0

    def error(self, message: str, token: Token | None) -> ParseError:
        return ParseError(message, self.text, None if token is None else token.pos)

    def count(self, token: Token | None, size: int = 1) -> None:
        """Count ``size`` more parts; too many is a ParseError at ``token``."""
        self._count(token, size)

    def _count(self, token: Token | None, size: int = 1) -> None:
        self.nodes += size
        if self.nodes > self.limits.nodes:
            raise self.error(f"formula too large: more than {self.limits.nodes} parts", token)

    def _within_budget(self, refusal: str | None, token: Token | None) -> None:
        """The cost model's refusal (:mod:`chainrule.calculus.budget`) as a ParseError."""
        if refusal is not None:
            raise self.error(refusal, token)

    def _defined(self, value: sympy.Expr, token: Token | None, what: str) -> sympy.Expr:
        if value.has(*_UNDEFINED):
            raise self.error(f"{what} is undefined here", token)
        return value

    def number(self, token: Token) -> sympy.Expr:
        self._count(token)
        mantissa, _, power = token.text.lower().partition("e")
        whole, _, fraction = mantissa.partition(".")
        value = sympy.Rational(int(whole or "0") * 10 ** len(fraction) + int(fraction or "0"),
                               10 ** len(fraction))  # fmt: skip
        return value * sympy.Integer(10) ** int(power) if power else value

    def symbol(self, base: str, subscript: str, layer: str, token: Token) -> sympy.Expr:
        self._count(token)
        return make_symbol(base, subscript, layer)

    def add(self, terms: Sequence[sympy.Expr], token: Token) -> sympy.Expr:
        self._count(token, len(terms) - 1)
        return sympy.Add(*terms)

    def mul(self, factors: Sequence[sympy.Expr], token: Token) -> sympy.Expr:
        self._count(token, len(factors) - 1)
        return self._defined(sympy.Mul(*factors), token, "this product")

    def neg(self, value: sympy.Expr, token: Token) -> sympy.Expr:
        self._count(token)
        return -value

    def reciprocal(self, value: sympy.Expr, token: Token) -> sympy.Expr:
        self._count(token)
        if value == 0:  # a literal zero; asking SymPy is_zero of a deep call is slow
            raise self.error("division by zero", token)
        return self._defined(1 / value, token, "this quotient")

    def power(self, base: sympy.Expr, exponent: sympy.Expr, token: Token) -> sympy.Expr:
        self._count(token)
        self._within_budget(power_cost(base, exponent, self.limits), token)
        if exponent.is_Number:
            self._check_exponent(base, exponent, token)
        return self._defined(base**exponent, token, "this power")

    def _check_exponent(self, base: sympy.Expr, exponent: sympy.Expr, token: Token) -> None:
        bound = self.limits.exponent
        if not exponent.is_Rational:
            raise self.error("a numeric exponent must be exact, like 2 or 1/2", token)
        if abs(exponent) > bound:
            raise self.error(f"exponent too large: at most {bound} in absolute value", token)
        if base == 0 and exponent.is_negative:
            raise self.error("division by zero", token)
        coefficient = base if base.is_Number else base.as_coeff_Mul()[0]
        if coefficient in (1, -1):
            return
        if exponent.q > bound:
            raise self.error(f"exponent too fine: denominator at most {bound}", token)
        if not coefficient.is_Rational:
            raise self.error("a numeric base must be exact, like 2 or 1/2", token)
        size = max(abs(coefficient.p), coefficient.q)
        digits = abs(exponent.p) * math.log10(size) if size > 1 else 0.0
        if digits > self.limits.result_digits:
            limit = self.limits.result_digits
            raise self.error(f"number too large: about {digits:.3g} digits, at most {limit}",
                             token)  # fmt: skip

    def call(self, name: str, arguments: Sequence[sympy.Expr], token: Token,
             derivative: bool) -> sympy.Expr:  # fmt: skip
        """``name(arguments)``, or its derivative ``name'(argument)``."""
        self._count(token, len(arguments))
        self._within_budget(call_cost(tuple(arguments), self.limits), token)
        if derivative and name in UNARY_DERIVATIVE:
            value = UNARY_DERIVATIVE[name](arguments[0])  # textbook form, σ(1 − σ)
        elif derivative:
            value = CALLEES[name].derivative(arguments[0])
        else:
            value = CALLEES[name](arguments)
        return self._defined(value, token, f"{name} of this argument")

    def declared(self, body: sympy.Expr, values: dict[sympy.Symbol, sympy.Expr],
                 token: Token) -> sympy.Expr:  # fmt: skip
        """A declared function's body with its variables replaced by the arguments."""
        self._count(token, sympy.count_ops(body) + 1)
        self._within_budget(call_cost(tuple(values.values()), self.limits), token)
        return self._defined(body.xreplace(values), token, "this function")

    def softmax(self, component: int, inputs: Sequence[sympy.Expr], token: Token) -> sympy.Expr:
        self._count(token, len(inputs))
        self._within_budget(call_cost(tuple(inputs), self.limits), token)
        if not 1 <= component <= len(inputs):
            raise self.error(f"softmax has {len(inputs)} components; there is no component "
                             f"{component}", token)  # fmt: skip
        return softmax(component, *inputs)

    def index_sum(self, body: sympy.Expr, index: str, token: Token,
                  upper: sympy.Expr | None = None) -> sympy.Expr:  # fmt: skip
        self._count(token)
        limit = () if upper is None else (upper,)
        return IndexSum(body, sympy.Symbol(index), *limit)
