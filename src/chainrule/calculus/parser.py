r"""The safe formula parser: text in plain math or LaTeX -> a SymPy expression.

Nothing typed is ever run as code: the text is split into tokens and read by a recursive-descent
grammar that builds SymPy objects itself, calling only whitelisted functions.

.. code-block:: text

    expression := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary | power)*        # a power after a term: 2x, x(1-x)
    unary      := ("-" | "+") unary | power
    power      := postfix ("^" unary)?                       # right-associative: 2^3^2 = 2^9
    postfix    := primary superscript*                       # x², e⁻ˣ
    primary    := number | name | "(" expression ")" | "{" expression "}" | \frac{..}{..}
                | partial                                    # ∂C/∂w, \frac{\partial C}{\partial w}

Names (symbols, calls, sums) are read by :class:`~chainrule.calculus.name_grammar.NameRules`,
partial derivatives of names by :class:`~chainrule.calculus.partial_rules.PartialRules`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import sympy

from chainrule.calculus.lexer import Token, tokenize
from chainrule.calculus.limits import Limits
from chainrule.calculus.name_grammar import D_OPERATOR
from chainrule.calculus.piecewise_rules import PiecewiseRules
from chainrule.calculus.stream import describe
from chainrule.calculus.sum_scope import check_sum_scopes
from chainrule.calculus.sympy_builder import Builder
from chainrule.errors import ParseError


class Parser(PiecewiseRules):
    """Reads one formula; use :func:`parse`."""

    def __init__(self, text: str, limits: Limits, activations: dict[str, str],
                 builder: Builder | None = None, bound: frozenset[str] = frozenset(),
                 declared: Mapping[str, sympy.Lambda] | None = None) -> None:  # fmt: skip
        builder = builder or Builder(text, limits)
        super().__init__(text, tokenize(text, limits), limits, builder)
        self.activations = activations
        self.bound = bound
        self.declared = dict(declared or {})

    def parse(self) -> sympy.Expr:
        if self.at("end"):
            raise self.error("empty formula", None)
        value = self.expression()
        if not self.at("end"):
            token = self.peek()
            if token.text == "=":
                raise self.error("write an expression, not an equation", token)
            if token.text in ")]}":
                raise self.error(f"unmatched {describe(token)}", token)
            if token.text == "'":
                raise self.error("a prime marks the derivative of a function called on its "
                                 "argument, θ'(s), σ'(z), g'(z); a primed name is not read",
                                 token)  # fmt: skip
            raise self.error(f"unexpected {describe(token)}", token)
        check_sum_scopes(self.uses, self.sums, self.text)
        return value

    def expression(self) -> sympy.Expr:
        start = self.peek()
        with self.nested(start):
            terms = [self.term()]
            while self.at("op", "+ -"):
                sign = self.take()
                term = self.term()
                terms.append(self.build.neg(term, sign) if sign.text == "-" else term)
        value = terms[0] if len(terms) == 1 else self.build.add(terms, start)
        return self.conditional(value, start) if self.at("word", "if") else value

    def term(self) -> sympy.Expr:
        start = self.peek()
        factors = [self.unary()]
        while True:
            token = self.peek()
            if self.at("op", "*"):
                self.take()
                factors.append(self.unary())
            elif self.at("op", "/"):
                self.take()
                factors.append(self.build.reciprocal(self.unary(), token))
            elif self.starts_operand(token):
                factors.append(self.power())
            else:
                break
        return factors[0] if len(factors) == 1 else self.build.mul(factors, start)

    def unary(self) -> sympy.Expr:
        if self.at("op", "- +"):
            sign = self.take()
            with self.nested(sign):
                value = self.unary()
            return self.build.neg(value, sign) if sign.text == "-" else value
        return self.power()

    def power(self) -> sympy.Expr:
        base = self.postfix()
        if self.at("op", "^"):
            caret = self.take()
            return self.build.power(base, self._not_transpose(self.exponent_from(caret), caret),
                                    caret)  # fmt: skip
        return base

    def _not_transpose(self, exponent: sympy.Expr, caret: Token) -> sympy.Expr:
        """``x^T``, ``xᵀ`` is a transpose, never the power T (unless T is a name of the
        formula: given a value, or standing elsewhere on its own)."""
        others = re.sub(r"\^\s*\{?\s*T\s*\}?|ᵀ", "", self.text)
        if exponent != sympy.Symbol("T") or "T" in self.bound or \
                re.search(r"(?<![\\A-Za-z])T(?![A-Za-z_])", others) is not None:
            return exponent
        raise self.error("^T is a transpose: vectors and matrices are read in a claim about a "
                         "network (--example, --model), or in `check` with their shapes "
                         "declared, --where 'x: 3'; else write the entries out, as "
                         "x_1^2 + x_2^2, or a sum, \\sum_i x_i^2", caret)  # fmt: skip

    def exponent_from(self, token: Token) -> sympy.Expr:
        """The exponent after ``^`` (already taken) or in a superscript token."""
        if token.kind == "sup":
            return self._superscript(token)
        with self.nested(token):
            return self.unary()

    def postfix(self) -> sympy.Expr:
        value = self.primary()
        while self.at("sup"):
            token = self.take()
            exponent = self._not_transpose(self._superscript(token), token)
            value = self.build.power(value, exponent, token)
        return value

    def _superscript(self, token: Token) -> sympy.Expr:
        inner = Parser(token.text, self.limits, self.activations, self.build, self.bound,
                       self.declared)  # fmt: skip
        inner.depth = self.depth + 1
        try:
            value = inner.parse()
            self.note(*inner.notes)
            return value
        except ParseError as error:
            offset = token.pos + (error.position or 0)
            raise ParseError(error.reason, self.text, offset) from None

    def primary(self) -> sympy.Expr:
        token = self.peek()
        if token.kind == "num":
            return self.build.number(self.take())
        if self.at("op", "( [ {"):
            return self.group()
        if self.at("op", "| ‖"):
            return self.bars()
        if self.at("op", "cases"):
            return self.cases()
        if token.kind == "frac":
            return self.fraction()
        if token.kind == "partial":
            return self.partial()
        if token.kind == "word":
            return self.word()
        if token.kind == "sub":
            raise self.error("a subscript needs a symbol before it", token)
        if token.text == "_":
            raise self.error("'_' starts a subscript and needs a symbol before it", token)
        raise self.error(f"expected a number, a name or '(' but found {describe(token)}", token)

    def starts_operand(self, token: Token) -> bool:
        """A factor of an implicit product may also start with ``∂`` (``∂C/∂a ∂a/∂z``)."""
        return token.kind == "partial" or super().starts_operand(token)

    def group(self) -> sympy.Expr:
        opening = self.take()
        if self.at("op", ") ] }"):
            raise self.error("empty parentheses", opening)
        value = self.expression()
        if self.at("op", "> < >= <="):
            value = self.condition(opening, value)  # [z > 0], 1{z > 0}: the indicator
        self.expect_closing(opening)
        return value

    def fraction(self) -> sympy.Expr:
        token = self.take()
        if self.at("op", "{") and self.peek(1).text == "d" and self.at("op", "}", 2) \
                and self.at("op", "{", 3) and self.peek(4).text.startswith("d"):
            raise self.error(D_OPERATOR, token)
        if self.starts_partial_fraction():
            return self.partial_fraction(token)
        with self.nested(token):
            numerator = self.group() if self.at("op", "{") else self.primary()
            denominator = self.group() if self.at("op", "{") else self.primary()
        return self.build.mul([numerator, self.build.reciprocal(denominator, token)], token)
