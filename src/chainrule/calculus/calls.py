r"""Grammar rules for calls: ``tanh(s)``, ``\\tanh^2 x``, ``θ'(s)``, ``\\sqrt[3]{x}``,
``softmax_1(z_1, z_2)``.

A superscript between a function and its argument is a power of the value (``\\tanh^2 x``),
except ``^{-1}``, which means the inverse function and is refused.
"""

from __future__ import annotations

import sympy

from chainrule.calculus.arguments_note import ArgumentNotes
from chainrule.calculus.functions import LAYER_FUNCTION, layer_function
from chainrule.calculus.lexer import Token
from chainrule.calculus.words import FUNCTIONS


class CallRules(ArgumentNotes):
    """The rules that read a function's name, primes, power and arguments."""

    def function(self, name: str, token: Token) -> sympy.Expr:
        component = self._component(token) if name == "softmax" else 0
        primes = 0
        while self.at("op", "'"):
            primes += 1
            self.take()
        if primes > 1 or (primes and name in ("softmax", "sqrt")):
            raise self.error(f"only first derivatives of tanh, sigmoid, θ, exp and log can be "
                             f"written with a prime; got {token.text}{chr(39) * primes}",
                             token)  # fmt: skip
        degree = self._root_degree(token) if name == "sqrt" and self.latex else None
        power = None
        if self.at("op", "^") or self.at("sup"):
            caret = self.peek()
            power = self.exponent_from(self.take())
            if power == -1:
                raise self.error(f"{token.text}^{{-1}} is the inverse function, which chainrule "
                                 f"does not support; for the reciprocal write "
                                 f"1/{token.text}(x)", caret)  # fmt: skip
        arguments = self.arguments(token, many=name == "softmax")
        if name == "softmax":
            value = self.build.softmax(component, arguments, token)
        elif name == LAYER_FUNCTION:  # the notation's letter, bound later to a layer's op
            value = layer_function(token.text, primes)(arguments[0])
        elif degree is not None:
            value = self.build.power(arguments[0], sympy.Rational(1, degree), token)
        else:
            value = self.build.call(name, arguments[0], token, derivative=primes == 1)
        return value if power is None else self.build.power(value, power, token)

    def _root_degree(self, token: Token) -> int | None:
        """The ``3`` of ``\\sqrt[3]{x}``, a whole number from 2 up; None without brackets."""
        if not self.at("op", "["):
            return None
        opening = self.take()
        degree = self.peek()
        if not (self.at("num") and degree.text.isdigit() and 2 <= int(degree.text) <= 100):
            raise self.error("the degree of a root is a whole number from 2 to 100, as in "
                             "\\sqrt[3]{x}", degree)  # fmt: skip
        self.take()
        self.expect_closing(opening)
        return int(degree.text)

    def _component(self, token: Token) -> int:
        if not (self.at("op", "_") or self.at("sub")):
            raise self.error("softmax needs its component: softmax_1(z_1, z_2, z_3)", token)
        text = self.script_text()
        if not text.isdigit():
            raise self.error(f"the softmax component must be a number; got '{text}'", token)
        return int(text)

    def arguments(self, token: Token, many: bool) -> list[sympy.Expr]:
        """``(a)``, ``(a, b, c)`` for softmax, or an argument without parentheses (``tanh x``)."""
        if self.at("op", "( [ {"):
            opening = self.take()
            with self.nested(opening):
                arguments = [self.expression()]
                while self.at("op", ","):
                    comma = self.take()
                    if not many:
                        raise self.error(f"{token.text} takes one argument", comma)
                    arguments.append(self.expression())
            self.expect_closing(opening)
            return arguments
        if many:
            raise self.error(f"{token.text} needs its arguments in parentheses", token)
        if not (self.starts_operand(self.peek()) or self.at("op", "- +")):
            raise self.error(f"{token.text} needs an argument, e.g. {token.text}(x)", token)
        with self.nested(token):
            factors = [self.unary()]
            while self.starts_operand(self.peek()) and self.peek().text not in FUNCTIONS:
                factors.append(self.power())
        return [self.build.mul(factors, token)]
