r"""Reading a whole-matrix claim: ``dW_2 = a_1^T dz_2``, ``db = \sum_n dz``, ``np.dot(a1.T, dz2)``.

The scalar grammar (:mod:`chainrule.calculus`) multiplies commuting symbols, so it cannot keep
``a₁ᵀ dz₂`` apart from ``dz₂ a₁ᵀ``; this grammar keeps the order and the kind of each product,
and builds a tree that :mod:`chainrule.check.matrix_eval` evaluates on the network's arrays.
Nothing is evaluated as code: the text is split into tokens and read by the rules below.

.. code-block:: text

    expression := term (("+" | "-") term)*
    term       := unary (("@" | \cdot | "*" | ⊙ | \odot | ∘ | \circ | "/")? unary)*
    unary      := "-" unary | postfix
    postfix    := primary (ᵀ | ^T | ^{T} | ^\top | .T | ^number | .dot(b) | .sum(axis=k))*
    primary    := number | name | "(" expression ")" | \frac{..}{..} | Σ_n unary
                | np.sum(expression, axis=k) | np.dot(a, b) | np.multiply(a, b)
                | letter'(expression) | tanh(expression) | ...

Juxtaposition and ``@``, ``\cdot``, ``np.dot`` are the matrix product; ``*``, ``⊙``, ``∘`` and
``np.multiply`` the element-wise one. A name carries its subscript and layer tag:
``a_1``, ``W^{[2]}``, ``\delta^{(l+1)}``, ``A^{[l-1]T}`` (a transpose inside the tag, as Andrew
Ng writes it).
"""

from __future__ import annotations

from chainrule.check.matrix_calls import read_method, read_primary
from chainrule.check.matrix_nodes import Name, Node
from chainrule.check.matrix_tokens import MatrixToken, tokens
from chainrule.errors import ParseError

DEPTH = 24  # nested groups, sums and calls
POWER = 64  # the largest exponent written
class MatrixReader:
    """Reads one side of a matrix claim into a tree of :data:`Node`."""

    def __init__(self, text: str, offset: int = 0, whole: str | None = None) -> None:
        self.text, self.whole, self.offset = text, whole or text, offset
        try:
            found = tokens(text)
        except ParseError as error:
            position = None if error.position is None else error.position + offset
            raise ParseError(error.reason, self.whole, position) from None
        self.toks = [MatrixToken(t.kind, t.text, t.pos + offset) for t in found]
        self.i = 0

    def error(self, message: str, token: MatrixToken | None = None) -> ParseError:
        token = token or self.peek()
        return ParseError(message, self.whole, token.pos)

    def peek(self, k: int = 0) -> MatrixToken:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def at(self, text: str, k: int = 0) -> bool:
        token = self.peek(k)
        return token.kind in ("op", "np", "word") and token.text == text

    def take(self) -> MatrixToken:
        token = self.peek()
        self.i += 1
        return token

    def expect(self, text: str) -> MatrixToken:
        if not self.at(text):
            raise self.error(f"expected '{text}' but found '{self.peek().text or 'the end'}'")
        return self.take()

    def read(self) -> Node:
        if self.peek().kind == "end":
            raise self.error("empty formula")
        node = self.expression()
        if self.peek().kind != "end":
            raise self.error(f"unexpected '{self.peek().text}'")
        return node

    def expression(self) -> Node:
        self.depth = getattr(self, "depth", 0) + 1
        if self.depth > DEPTH:
            raise self.error(f"formula nested too deeply: at most {DEPTH} levels")
        try:
            return self._expression()
        finally:
            self.depth -= 1

    def _expression(self) -> Node:
        node = self.term()
        while self.at("+") or self.at("-"):
            token = self.take()
            node = ("add" if token.text == "+" else "sub", node, self.term(), token.pos)
        return node

    def term(self) -> Node:
        node = self.unary()
        while True:
            token = self.peek()
            if token.kind == "op" and token.text in ("@", "⊙", "*", "/"):
                self.take()
                kind = {"@": "matmul", "/": "div"}.get(token.text, "emul")
                node = (kind, node, self.unary(), token.pos, token.text)
            elif self._starts_operand():
                node = ("matmul", node, self.postfix(), token.pos, "")
            else:
                return node

    def _starts_operand(self) -> bool:
        token = self.peek()
        return token.kind in ("num", "word", "np") or (token.kind == "op"
                                                      and token.text in ("(", "Σ"))

    def unary(self) -> Node:
        if self.at("-"):
            self.take()
            return ("neg", self.unary())
        if self.at("+"):
            self.take()
        return self.postfix()

    def postfix(self) -> Node:
        node = self.primary()
        while True:
            if self.at(".T"):
                self.take()
                node = ("T", node)
            elif self.peek().kind == "method":
                node = read_method(self, node)
            elif self.at("^"):
                node = self._power(node)
            else:
                return node

    def _power(self, node: Node) -> Node:
        caret = self.take()
        braced = self.at("{")
        if braced:
            self.take()
        if self.at("T"):
            self.take()
            node = ("T", node)
        elif self.peek().kind == "num":
            exponent = float(self.take().text)
            if abs(exponent) > POWER:
                raise self.error(f"exponent too large: at most {POWER}", caret)
            node = ("pow", node, exponent)
        else:
            raise self.error("after '^' expected T (a transpose) or a number (a power); a "
                             "layer tag goes right after the name, as in a^{(l)}", caret)
        if braced:
            self.expect("}")
        return node

    def primary(self) -> Node:
        return read_primary(self)

    # -- names ------------------------------------------------------------------------------

    def name(self, base: str, pos: int) -> Name:
        """A name's subscript and layer tag (and a transpose written inside the tag)."""
        sub = tag = ""
        while True:
            if self.at("_") and not sub:
                self.take()
                sub = self._script()
            elif self.at("^") and self._tag_follows() and not tag:
                self.take()
                tag = self._tag()
            else:
                return Name(base, sub, tag, pos)

    def _tag_follows(self) -> bool:
        if self.at("(", 1) or self.at("[", 1) or self.at("l", 1) or self.at("L", 1):
            return True
        return self.at("{", 1) and any(self.at(t, 2) for t in ("(", "[", "l", "L"))

    def _tag(self) -> str:
        if self.at("l") or self.at("L"):  # Nielsen's a^l, z^L
            return self.take().text
        if self.at("{") and (self.at("l", 1) or self.at("L", 1)):  # a^{l-1}
            self.take()
            text = ""
            while not self.at("}"):
                token = self.take()
                if token.kind == "end":
                    raise self.error("unclosed layer tag", token)
                text += token.text
            self.take()
            return text
        braced = self.at("{")
        if braced:
            self.take()
        opening = self.take()
        closing = ")" if opening.text == "(" else "]"
        text = ""
        while not self.at(closing):
            token = self.take()
            if token.kind == "end" or token.text in ("(", "{", "}"):
                raise self.error("a layer tag is a layer such as (l), [2] or (l+1)", token)
            text += token.text
        self.take()
        if braced:
            if self.at("T"):  # A^{[l-1]T}
                self.take()
                self.toks.insert(self.i + 1, MatrixToken("op", ".T", self.peek().pos))
            self.expect("}")
        if not text:
            raise self.error("empty layer tag", opening)
        return text

    def _script(self) -> str:
        if self.at("{"):
            self.take()
            text = ""
            while not self.at("}"):
                token = self.take()
                if token.kind == "end":
                    raise self.error("unclosed subscript", token)
                text += token.text
            self.take()
            return text
        token = self.take()
        if token.kind not in ("num", "word"):
            raise self.error("expected a subscript after '_'", token)
        return token.text
