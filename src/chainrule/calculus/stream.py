"""A cursor over tokens with the bookkeeping every grammar rule needs: look, take, nest."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sympy

from chainrule.calculus.lexer import Token
from chainrule.calculus.limits import Limits
from chainrule.calculus.sum_scope import SumSpan, SymbolUse
from chainrule.calculus.sympy_builder import Builder
from chainrule.errors import ParseError

_CLOSING = {"(": ")", "[": "]", "{": "}"}


def describe(token: Token) -> str:
    """How an error message names a token."""
    if token.kind == "end":
        return "the end of the formula"
    if token.kind == "frac":
        return "\\frac"
    if token.kind in ("sup", "sub"):
        return f"the {'superscript' if token.kind == 'sup' else 'subscript'} '{token.text}'"
    return f"'{token.text}'"


class TokenStream:
    """Tokens, a position in them, a nesting depth, the :class:`Builder` of the result, and
    the symbols and sums read so far (see :mod:`chainrule.calculus.sum_scope`).

    The grammar methods (:meth:`expression`, :meth:`term`, :meth:`unary`, :meth:`power`,
    :meth:`group`) are defined by :class:`chainrule.calculus.parser.Parser`.
    """

    def __init__(self, text: str, tokens: list[Token], limits: Limits, builder: Builder) -> None:
        self.text = text
        self.tokens = tokens
        self.limits = limits
        self.build = builder
        self.latex = "\\" in text
        self.i = 0
        self.depth = 0
        self.uses: list[SymbolUse] = []  # every symbol read, for the scope of sum indices
        self.sums: list[SumSpan] = []
        self.notes: list[str] = []  # how words were read, for the echo
        self.open_bars = 0  # |x| or ‖x‖ open: a bar then closes, it does not start a factor

    def note(self, *notes: str) -> None:
        """Record how something was read, once."""
        self.notes.extend(note for note in notes if note not in self.notes)

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def at(self, kind: str, texts: str | None = None, ahead: int = 0) -> bool:
        """Whether the token ``ahead`` is of ``kind`` (and, for ops, one of the ``texts``)."""
        token = self.peek(ahead)
        if token.kind != kind:
            return False
        return texts is None or (token.text != "" and token.text in texts.split())

    def take(self) -> Token:
        token = self.peek()
        self.i = min(self.i + 1, len(self.tokens) - 1)
        return token

    def error(self, message: str, token: Token | None) -> ParseError:
        return ParseError(message, self.text, None if token is None else token.pos)

    def expect_closing(self, opening: Token) -> None:
        closing = _CLOSING[opening.text]
        if not self.at("op", closing):
            found = describe(self.peek())
            raise self.error(f"expected '{closing}' to close the '{opening.text}' here, "
                             f"found {found}", opening)  # fmt: skip
        self.take()

    @contextmanager
    def nested(self, token: Token) -> Iterator[None]:
        """Count one level of nesting while parsing inside ``token``."""
        self.depth += 1
        if self.depth > self.limits.depth:
            raise self.error(f"formula nested too deeply: at most {self.limits.depth} levels",
                             token)  # fmt: skip
        try:
            yield
        finally:
            self.depth -= 1

    def starts_operand(self, token: Token) -> bool:
        """Whether ``token`` can begin a factor of an implicit product (``2x``, ``x(1-x)``)."""
        if token.kind == "word":
            return token.text not in ("if", "else", "otherwise")
        if token.kind in ("num", "frac"):
            return True
        if token.kind == "op" and token.text in ("|", "‖", "cases"):
            return token.text == "cases" or self.open_bars == 0
        return token.kind == "op" and token.text in ("(", "[", "{")

    def expression(self) -> sympy.Expr:
        raise NotImplementedError

    def term(self) -> sympy.Expr:
        raise NotImplementedError

    def unary(self) -> sympy.Expr:
        raise NotImplementedError

    def power(self) -> sympy.Expr:
        raise NotImplementedError

    def group(self) -> sympy.Expr:
        raise NotImplementedError

    def exponent_from(self, token: Token) -> sympy.Expr:
        raise NotImplementedError
