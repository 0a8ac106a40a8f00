r"""A bare letter before a parenthesis: ``Φ(x)``, ``η(t − o)``, ``h(x)``, ``w(x + 1)``; a name
before an index in brackets: ``y[k]``.

``Φ(x)`` may be a function called on x or the product Φ·x; read the wrong way, a right answer is
called wrong (GELU′ = Φ(x) + xφ(x)). The letters the parser knows as functions (a declared
``--where 'Φ(x)=...'``, the notation's activation letter θ, σ, g, f) are read before this rule.
For any other letter:

* a letter given a value (``--where 'η=0.1'``), the constant π, or a letter that also stands
  alone in the formula (``o(1 - o)``, ``δ(1 − δ)``) is a factor, as always;
* a Greek letter that names a constant in the backpropagation courses (the learning rate η,
  the momentum α, the regularisation λ, β, γ, ε) is a factor, with a note:
  "read ``\eta(t-o)`` as η·(t-o)";
* any other Greek letter is refused, with its position and how to say what is meant;
* a Latin letter before one name in parentheses (``h(x)``, ``p(y_i)``) is refused the same way;
  before anything else (``w(x + 1)``) it is a factor, with a note.

A name with scripts or of several letters before one name in parentheses is refused when it is
a function's letter (``h_θ(x)``, ``f_1(x)``, ``σ_1(x)``, a plain ``e(w)``) and a factor with a
note otherwise (``w_ij(x_i)``); before anything else it is a factor (``o_h(1 - o_h)``).

An index in brackets after a name, as code and some course notes write it (``y[k]``,
``O[k]``, ``w[j, k]``), is that name's subscript, with a note: ``y[k]`` is y_k, never y·k.
"""

from __future__ import annotations

import re

from chainrule.calculus.lexer import Token
from chainrule.calculus.stream import TokenStream
from chainrule.calculus.symbols import GREEK, make_symbol

#: Greek letters the courses use for constants: learning rate, momentum, regularisation.
CONSTANT_LETTERS: frozenset[str] = frozenset(
    {"eta", "alpha", "lambda", "beta", "gamma", "epsilon", "varepsilon"})
_OPENING, _CLOSING = "( [ {", ") ] }"
#: Latin letters the courses use for functions: f(x), g(z), h_θ(x), and e for the error e(w).
_FUNCTION_LETTERS = frozenset("fghe")


class LetterCallRules(TokenStream):
    """Decide what a parenthesis after a bare letter means (see the module docstring)."""

    bound: frozenset[str]

    def letter_before_parenthesis(self, name: str, token: Token) -> None:
        """Called with the letter ``token`` taken and ``(`` next: return to read a product
        (after a note where the product is not obvious), or raise a ParseError."""
        if name in self.bound or name == "pi" or self._stands_alone(name, token):
            return
        typed = self.text[token.pos : token.end]
        closing = self._closing_parenthesis()
        group = self.text[self.peek().pos : closing.end] if closing is not None else "(...)"
        letter = GREEK.get(name, name)
        written = self.text[token.pos : closing.end] if closing is not None else typed + group
        if name in CONSTANT_LETTERS:
            self.note(f"read `{written}` as {letter}·{group}")
            return
        if name in GREEK or (closing is not None and self._one_name_inside(closing)):
            raise self.error(
                f"{written} could be a function {letter} called on {group} or the product "
                f"{letter}·{group}: declare the function (--where '{typed}(x)=...'), or write "
                f"{typed} \\cdot {group} (or {typed}*{group}) for a product", token)
        self.note(f"read `{written}` as the product {letter}·{group}")

    def named_before_parenthesis(self, name: str, token: Token, last: Token) -> None:
        """A name with its scripts (``f_1``, ``h_θ``, ``σ_1``, ``net``) or ``e``, ``(`` next:
        before one name in parentheses it looks like a call. A function's letter (f, g, h, a
        Greek letter that is no course constant) or e is refused there; any other name is a
        factor with a note, ``w_ij(x_i)`` is w_ij·(x_i). Before anything else, a factor."""
        closing = self._closing_parenthesis()
        if name in self.bound or closing is None or not self._one_name_inside(closing):
            return
        written = self.text[token.pos : closing.end]
        named, group = self.text[token.pos : last.end], self.text[self.peek().pos : closing.end]
        if name in _FUNCTION_LETTERS or (name in GREEK and name not in CONSTANT_LETTERS):
            raise self.error(
                f"{written} could be a function {named} called on {group} or the product "
                f"{named}·{group}: declare the function (--where '{name}(x)=...', then write "
                f"{name}{group}), or write "
                f"{named} \\cdot {group} (or {named}*{group}) for a product", token)
        self.note(f"read `{written}` as the product {named}·{group}")

    def _stands_alone(self, name: str, token: Token) -> bool:
        """Whether ``name`` is also written elsewhere without a parenthesis after it, as in
        o(1 - o): then it is a value, and the parenthesis a product."""
        for k, other in enumerate(self.tokens):
            if other is not token and other.kind == "word" and other.text == name \
                    and not (self.tokens[k + 1].kind == "op" and self.tokens[k + 1].text == "("):
                return True
        if len(name) != 1:
            return False
        # a letter inside a run not yet split, such as the o of ``2o``: search the text
        return re.search(rf"(?<![A-Za-z\\]){name}(?![A-Za-z(])", self.text) is not None

    def _closing_parenthesis(self) -> Token | None:
        """The token that closes the parenthesis at the current position."""
        depth, ahead = 0, 0
        while self.peek(ahead).kind != "end":
            if self.at("op", _OPENING, ahead):
                depth += 1
            elif self.at("op", _CLOSING, ahead):
                depth -= 1
                if depth == 0:
                    return self.peek(ahead)
            ahead += 1
        return None

    def _one_name_inside(self, closing: Token) -> bool:
        """Whether the parentheses hold one name, ``(x)``, ``(y_i)``, ``(x_1)``: a call's look."""
        inside = [t for t in self.tokens[self.i + 1 :] if t.pos < closing.pos]
        name = inside[0] if inside else None
        if name is None or name.kind != "word" or not (len(name.text) == 1 or name.text in GREEK):
            return False
        rest = inside[1:]
        return not rest or (rest[0].kind == "sub" and len(rest) == 1) or (
            rest[0].kind == "op" and rest[0].text == "_" and len(rest) <= 4
            and all(t.kind in ("word", "num") or t.text in "{}" for t in rest[1:]))

    def bracket_index(self) -> str | None:
        """``[k]``, ``[j, k]`` glued to the name just read: take it and return the subscript
        (``k``, ``jk``) with a note; None, taking nothing, for any other bracket."""
        name = self.peek(-1)
        if not self.at("op", "["):
            return None
        ahead, parts = 1, []
        while self.peek(ahead).kind in ("word", "num") and len(parts) < 4:
            parts.append(self.peek(ahead).text)
            if self.at("op", "]", ahead + 1):
                break
            if not self.at("op", ",", ahead + 1):
                return None
            ahead += 2
        if not parts or not self.at("op", "]", ahead + 1) \
                or (len(parts) > 1 and any(len(part) > 1 for part in parts)):
            return None
        closing = self.peek(ahead + 1)
        self.i += ahead + 2
        subscript = "".join(parts)
        from chainrule.calculus.printing import to_text

        named = to_text(make_symbol(name.text, subscript))
        self.note(f"read `{self.text[name.pos : closing.end]}` as {named}")
        return subscript
