r"""Grammar rules for calls: ``tanh(s)``, ``\\tanh^2 x``, ``θ'(s)``, ``\\sqrt[3]{x}``,
``softmax_1(z_1, z_2)``.

A superscript between a function and its argument is a power of the value (``\\tanh^2 x``),
except ``^{-1}``, which means the inverse function and is refused.
"""

from __future__ import annotations

import sympy

from chainrule.calculus.arguments_note import ArgumentNotes
from chainrule.calculus.callables import CALLEES
from chainrule.calculus.functions import LAYER_FUNCTION, layer_function
from chainrule.calculus.lexer import Token
from chainrule.calculus.words import function_of

_WITH_RELU = {"max": "read max(a, b) as b + relu(a − b), so max(0, x) is relu(x)",
              "min": "read min(a, b) as a − relu(a − b)"}


class CallRules(ArgumentNotes):
    """The rules that read a function's name, primes, power and arguments."""

    def function(self, name: str, token: Token) -> sympy.Expr:
        component = self._component(token) if name == "softmax" else 0
        base = self._log_base(token) if name == "log" else None
        primes = 0
        while self.at("op", "'"):
            primes += 1
            self.take()
        callee = CALLEES.get(name)
        unary = name == LAYER_FUNCTION or (callee is not None and callee.least == 1)
        if primes > 1 or (primes and (not unary or name == "sqrt")):
            raise self.error(f"only first derivatives of one-argument functions can be written "
                             f"with a prime; got {token.text}{chr(39) * primes}",
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
        many = name == "softmax" or (callee is not None and callee.arity > 1)
        arguments = self.arguments(token, many=many)
        if name == "softmax":
            value = self.build.softmax(component, arguments, token)
        elif name == LAYER_FUNCTION:  # the notation's letter, bound later to a layer's op
            value = layer_function(token.text, primes)(arguments[0])
        elif degree is not None:
            value = self.build.power(arguments[0], sympy.Rational(1, degree), token)
        else:
            self._check_count(name, token, arguments)
            value = self.build.call(name, arguments, token, derivative=primes == 1)
            if name in _WITH_RELU:
                self.note(_WITH_RELU[name])
            if base is not None:
                value = self.build.mul([value, self.build.reciprocal(sympy.log(base), token)],
                                       token)  # fmt: skip
        return value if power is None else self.build.power(value, power, token)

    def _log_base(self, token: Token) -> sympy.Expr | None:
        """The base of ``log_2(x)``, ``\\log_{10} x``: a whole number from 2, or e."""
        if not (self.at("op", "_") or self.at("sub")):
            return None
        text = self.script_text()
        if text == "e":
            return sympy.E
        if not text.isdigit() or not 2 <= int(text) <= 1000:
            raise self.error(f"the base of a logarithm is a whole number from 2 to 1000, or e; "
                             f"got '{text}'", token)  # fmt: skip
        self.note(f"read `log_{text}` as the logarithm to base {text}, ln(x)/ln({text})")
        return sympy.Integer(int(text))

    def _check_count(self, name: str, token: Token, arguments: list[sympy.Expr]) -> None:
        callee = CALLEES[name]
        if not callee.least <= len(arguments) <= callee.arity:
            count = str(callee.arity) if callee.least == callee.arity else \
                f"{callee.least} or {callee.arity}"
            raise self.error(f"{token.text} takes {count} argument(s); got {len(arguments)}",
                             token)  # fmt: skip

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
                    if len(arguments) >= self.limits.nodes:
                        raise self.error("too many arguments", comma)
                    arguments.append(self.expression())
            self.expect_closing(opening)
            return arguments
        if many:
            raise self.error(f"{token.text} needs its arguments in parentheses", token)
        if not (self.starts_operand(self.peek()) or self.at("op", "- +")):
            raise self.error(f"{token.text} needs an argument, e.g. {token.text}(x)", token)
        with self.nested(token):
            factors = [self.unary()]
            while self.starts_operand(self.peek()) and function_of(self.peek().text) is None:
                factors.append(self.power())
        return [self.build.mul(factors, token)]
