r"""Grammar rules for partial derivatives of names: ``∂A/∂B`` and ``\frac{\partial A}{\partial B}``.

.. code-block:: text

    partial      := "∂" name "/" "∂" name                 # ∂C/∂w_12^(2), \partial e/\partial w
    fraction     := \frac "{" "∂" name "}" "{" "∂" name "}"
    name         := a symbol with its subscript and layer tag, optionally in braces

Each one becomes a single symbol standing for the derivative (see
:mod:`chainrule.calculus.partials`). Only first derivatives of plain names are written this
way: ``∂²e``, ``∂(x^2)/∂x`` and the operator form ``\frac{\partial}{\partial x} f`` are refused
with a message that says how to write them.
"""

from __future__ import annotations

import sympy

from chainrule.calculus.lexer import Token
from chainrule.calculus.name_grammar import NameRules
from chainrule.calculus.partials import partial_symbol
from chainrule.calculus.stream import describe
from chainrule.calculus.words import SUM_WORDS, function_of, split_word

_FORMS = "∂A/∂B or \\frac{\\partial A}{\\partial B}"


class PartialRules(NameRules):
    """The rules that start at a ``∂`` token, or at ``\\frac{\\partial``."""

    def word(self) -> sympy.Expr:
        """A name, or ``dL/dw`` written with d's: the derivative ∂L/∂w, and the echo says so."""
        slash = self._d_fraction_slash()
        if slash is None:
            return super().word()
        first, second = self.peek(), self.peek(slash + 1)
        for k, token in ((slash + 1, second), (0, first)):
            self.tokens[self.i + k : self.i + k + 1] = [
                Token("partial", "∂", token.pos, token.pos + 1),
                Token("word", token.text[1:], token.pos + 1, token.end, whole=True)]
        value = self.partial()
        from chainrule.calculus.printing import to_text

        typed = self.text[first.pos : self.peek(-1).end]
        self.note(f"read `{typed}` as the derivative {to_text(value)}")
        return value

    def _d_fraction_slash(self) -> int | None:
        """Where the ``/`` of ``dL/dw``, ``dE_total/dw_5`` stands, counted from here; None when
        the name here is no such fraction's top (``dW`` alone is Ng's gradient name)."""
        if not _d_name(self.peek()) or (self.i > 0 and self.at("op", "^", -1)):
            return None  # e^dZ/dZ: an exponent is one factor, the / comes after it
        ahead, depth = 1, 0
        while ahead < 10 and depth >= 0 and (
                self.at("sub", None, ahead) or self.at("sup", None, ahead)
                or self.at("op", "_ { } ( ) [ ] ^", ahead)
                or ((self.at("num", None, ahead) or self.at("word", None, ahead))
                    and self.at("op", "_ { ( [ ^", ahead - 1))):  # fmt: skip
            depth += self.at("op", "{ ( [", ahead) - self.at("op", "} ) ]", ahead)
            ahead += 1
        if depth == 0 and self.at("op", "/", ahead) and _d_name(self.peek(ahead + 1)):
            return ahead
        return None

    def partial(self) -> sympy.Expr:
        """``∂A/∂B``, the parser standing at the first ``∂``."""
        start = self.take()
        top = self.partial_name(start, top=True)
        if not self.at("op", "/"):
            raise self.error(f"a partial derivative is written {_FORMS}; expected '/∂' after "
                             f"∂{top}, found {describe(self.peek())}", self.peek())  # fmt: skip
        self.take()
        if not self.at("partial"):
            raise self.error(f"expected ∂ after '/' in {_FORMS}, found {describe(self.peek())}",
                             self.peek())  # fmt: skip
        bottom = self.partial_name(self.take())
        return self._derivative(top, bottom, start)

    def starts_partial_fraction(self) -> bool:
        """Whether a ``\\frac`` just taken is followed by ``{\\partial``."""
        return self.at("op", "{") and self.at("partial", None, 1)

    def partial_fraction(self, frac: Token) -> sympy.Expr:
        """``\\frac{\\partial A}{\\partial B}``, the ``\\frac`` already taken."""
        top = self._braced_partial(top=True)
        if not self.starts_partial_fraction():
            raise self.error(f"the denominator of \\frac{{\\partial {top}}}{{...}} must be "
                             f"{{\\partial B}}, found {describe(self.peek())}",
                             self.peek())  # fmt: skip
        bottom = self._braced_partial()
        return self._derivative(top, bottom, frac)

    def _braced_partial(self, top: bool = False) -> sympy.Symbol:
        opening = self.take()
        name = self.partial_name(self.take(), top)
        self.expect_closing(opening)
        return name

    def partial_name(self, partial: Token, top: bool = False) -> sympy.Symbol:
        """The name after ``∂``: ``C_0``, ``w_{jk}^{(l)}``, ``{a_j}``; on top, ``e(w)`` too (on
        the bottom, ``∂e/∂x (1 - x)`` is a product)."""
        if self.at("sup") or self.at("op", "^"):
            raise self.error("only first partial derivatives can be written; ∂² is not "
                             "supported", self.peek())  # fmt: skip
        if self.at("op", "{"):
            opening = self.take()
            name = self.partial_name(partial, top)
            self.expect_closing(opening)
            return name
        token = self.peek()
        if token.kind != "word":
            hint = ""
            if token.text in (")", "}"):
                hint = "; the operator form \\frac{\\partial}{\\partial x} f is not supported, " \
                       "write \\frac{\\partial f}{\\partial x}"
            raise self.error(f"∂ needs a variable name after it, as in ∂C/∂w_12; found "
                             f"{describe(token)}{hint}", token)  # fmt: skip
        parts, notes = split_word(token, self.peek(1), self.text, self.declared)
        self.note(*notes)
        if len(parts) > 1:
            self.tokens[self.i : self.i + 1] = parts
        token = self.take()
        if function_of(token.text) is not None or token.text in SUM_WORDS:
            raise self.error(f"∂ takes a variable name, not the function '{token.text}'; "
                             f"write {_FORMS} with names", token)  # fmt: skip
        name = self.symbol(token.text, token)
        if top and self.at("op", "("):
            self.skip_argument_note()  # ∂e(w)/∂s: e as a function of w
        return name

    def _derivative(self, top: sympy.Symbol, bottom: sympy.Symbol, token: Token) -> sympy.Expr:
        if top == bottom:
            raise self.error(f"∂{top}/∂{top} is 1; write 1", token)
        return partial_symbol(top, bottom)


def _d_name(token: Token) -> bool:
    """``dL``, ``dw``, ``dE``: a word of a ``d`` and a letter or more, typed as one."""
    return token.kind == "word" and not token.whole and len(token.text) == 2 \
        and token.text[0] == "d" and token.text[1].isalpha()
