r"""A name written as a function of its arguments: ``\mathrm{e}(\mathbf{w})`` is the loss e.

Learning From Data writes the error of a sample as :math:`\mathrm{e}(\mathbf{w})`, a function of
the weights; the value is the name e and the parentheses only say what it depends on. Such a
note is read (and dropped) in two places only, where nothing else can be meant:

* after the name on top of ``∂``: ``∂e(w)/∂s``, ``\frac{\partial \mathrm{e}(\mathbf{w})}{...}``;
* after an upright or bold name (``\mathrm{e}``, ``\mathrm{E}``) when the parentheses hold only
  upright or bold names, ``(\mathbf{w})``, ``(\mathrm{w})``.

Elsewhere parentheses after a name are a product, ``x(1 - x)``.
"""

from __future__ import annotations

import sympy

from chainrule.calculus.lexer import NAME_COMMANDS, Token
from chainrule.calculus.stream import TokenStream, describe
from chainrule.calculus.words import FUNCTIONS


class ArgumentNotes(TokenStream):
    """Recognise and skip the argument list of a name written as a function."""

    def named_by_command(self, token: Token) -> bool:
        """Whether ``token`` was typed as ``\\mathrm{...}``, ``\\mathbf{...}`` and the like."""
        return token.kind == "word" and any(
            self.text.startswith(f"\\{command}", token.pos) for command in NAME_COMMANDS)

    def note_of_names_follows(self) -> bool:
        """Whether ``(`` and a comma list of upright or bold names, then ``)``, come next."""
        if not self.at("op", "("):
            return False
        ahead = 1
        while self.named_by_command(self.peek(ahead)):
            if self.at("op", ")", ahead + 1):
                return True
            if not self.at("op", ",", ahead + 1):
                return False
            ahead += 2
        return False

    def skip_argument_note(self) -> None:
        """Take ``(w)``, ``(w_1, w_2)`` after a name; only names may stand there."""
        opening, uses = self.take(), len(self.uses)
        while True:
            token = self.take()
            if token.kind != "word" or token.text in FUNCTIONS:
                raise self.error(f"only names may stand in the parentheses of e(w); found "
                                 f"{describe(token)}", token)  # fmt: skip
            self.symbol(token.text, token)
            if not self.at("op", ","):
                break
            self.take()
        self.expect_closing(opening)
        del self.uses[uses:]  # what e depends on, not a use of w

    def symbol(self, base: str, token: Token) -> sympy.Expr:
        raise NotImplementedError
