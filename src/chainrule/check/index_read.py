r"""Reading an index-notation claim about a layer, ``dK[o,c,u,v] = sum_{n,i,j} dY[n,o,i,j] x[..]``.

Nothing is evaluated as code: the text is split into tokens and read by these rules.

.. code-block:: text

    claim      := left "=" expression
    left       := ("d" | "dL/d" | "∂L/∂") name "[" index ("," index)* "]"
    expression := term (("+" | "-") term)*
    term       := unary (("*" | "·" | "/")? unary)*
    unary      := "-" unary | power
    power      := primary ("^" primary)?
    primary    := number | name ("[" affine ("," affine)* "]")? | "(" expression ")"
                | ("sum" | "Σ" | "∑" | "\sum") "_" letters term
                | ("sqrt" | "tanh") "(" expression ")"
    affine     := ["-"] aterm (("+" | "-") aterm)*      aterm := integer | [integer "*"] letter

An index letter is one lower-case letter; ``letters`` is ``{i,j}``, ``(i,j)``, ``ij`` or ``i``.
A sum takes the whole product after it, up to the next ``+`` or ``-`` (``Σ_k a b − c`` is
``(Σ_k a b) − c``); :func:`~chainrule.check.index_tree.show` writes the reading back with
brackets, so the learner sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chainrule.check.index_tree import Access, Affine, IndexOp, Sum
from chainrule.errors import ParseError

LIMIT = 400  # characters of a claim
DEPTH = 24  # nested groups and sums
_TOKEN = re.compile(r"""
  (?P<space>\s+|\\[,;: ]|\\left|\\right)
| (?P<num>\d+(?:\.\d+)?)
| (?P<var>σ²|\\sigma\^\{?2\}?|sigma\^\{?2\}?)
| (?P<word>x̂|\\?[A-Za-z]+|[α-ωΓ-Ω])
| (?P<op>[-+*/^·()\[\]{},=_−∑Σ⋅])
""", re.VERBOSE)
_SPELLING = {"−": "-", "⋅": "*", "·": "*", "∑": "sum", "Σ": "sum", "\\sum": "sum",
             "\\sqrt": "sqrt", "\\tanh": "tanh", "μ": "mu", "\\mu": "mu", "ε": "eps",
             "\\epsilon": "eps", "\\varepsilon": "eps", "γ": "gamma", "\\gamma": "gamma",
             "β": "beta", "\\beta": "beta", "δ": "delta", "\\delta": "delta", "x̂": "xhat"}


@dataclass(frozen=True)
class IndexToken:
    kind: str
    text: str
    pos: int


@dataclass(frozen=True)
class IndexLeft:
    """The quantity: the gradient of ``name`` at ``indices`` (letters free, integers fixed)."""

    name: str
    indices: tuple[str | int, ...]
    text: str
    #: a letter written with an offset, ``t-1`` in ``dc[n,t-1,j]``: letter -> offset
    shifts: tuple[tuple[str, int], ...] = ()


def tokens(text: str) -> list[IndexToken]:
    """The tokens of ``text``; a character no rule reads is an error at its position."""
    if len(text) > LIMIT:
        raise ParseError(f"the claim is longer than {LIMIT} characters", text[:80], LIMIT)
    out, pos = [], 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ParseError(f"cannot read {text[pos]!r} here", text, pos)
        kind = match.lastgroup or ""
        if kind == "var":
            out.append(IndexToken("word", "var", pos))
        elif kind != "space":
            word = match.group()
            out.append(IndexToken(kind, _SPELLING.get(word, word), pos))
        pos = match.end()
    return [*out, IndexToken("end", "", len(text))]


class IndexReader:
    """Recursive descent over :func:`tokens`; ``offset`` places positions in ``whole``."""

    def __init__(self, text: str, offset: int = 0, whole: str = "") -> None:
        self.toks = [IndexToken(t.kind, t.text, t.pos + offset) for t in tokens(text)]
        self.at, self.whole, self.depth = 0, whole or text, 0

    def error(self, message: str) -> ParseError:
        token = self.toks[self.at]
        came = repr(token.text) if token.text else "the end"
        return ParseError(f"{message}; got {came}", self.whole, token.pos)

    def peek(self, *texts: str) -> bool:
        return self.toks[self.at].text in texts and self.toks[self.at].kind != "end"

    def take(self, text: str) -> IndexToken:
        if not self.peek(text):
            raise self.error(f"expected {text!r}")
        self.at += 1
        return self.toks[self.at - 1]

    def read(self) -> object:
        node = self.expression()
        if self.toks[self.at].kind != "end":
            raise self.error("expected an operator or the end of the formula")
        return node

    def expression(self) -> object:
        self.depth += 1
        if self.depth > DEPTH:
            raise self.error(f"nested more than {DEPTH} deep")
        node = self.term()
        while self.peek("+", "-"):
            op = self.toks[self.at].text
            self.at += 1
            node = IndexOp(op, (node, self.term()))
        self.depth -= 1
        return node

    def term(self) -> object:
        node = self.unary()
        while True:
            if self.peek("*", "/"):
                op = self.take(self.toks[self.at].text).text
                node = IndexOp(op, (node, self.unary()))
            elif self.toks[self.at].kind in ("num", "word") or self.peek("("):
                node = IndexOp("*", (node, self.unary()))  # juxtaposition
            else:
                return node

    def unary(self) -> object:
        if self.peek("-"):
            self.at += 1
            return IndexOp("neg", (self.unary(),))
        node = self.primary()
        if self.peek("^"):
            self.at += 1
            exponent = self.primary()
            return IndexOp("^", (node, exponent))
        return node

    def primary(self) -> object:
        token = self.toks[self.at]
        if token.kind == "num":
            self.at += 1
            return float(token.text)
        if self.peek("(", "{"):
            close = ")" if self.take(token.text).text == "(" else "}"
            node = self.expression()
            self.take(close)
            return node
        if token.text == "sum":
            return self.summation()
        if token.text == "sqrt" or (token.text == "tanh" and self.toks[self.at + 1].text == "("):
            self.at += 1
            return IndexOp(token.text, (self.primary(),))
        if token.kind == "word":
            self.at += 1
            return Access(token.text, self.indices() if self.peek("[") else (), token.pos)
        raise self.error("expected a number, a name, '(' or a sum")

    def summation(self) -> Sum:
        pos = self.take("sum").pos
        self.take("_")
        letters: list[str] = []
        if self.peek("{", "("):
            close = "}" if self.take(self.toks[self.at].text).text == "{" else ")"
            while not self.peek(close):
                letters += self.letters()
                if not self.peek(close):
                    self.take(",")
            self.take(close)
        else:
            letters = self.letters()
        self.depth += 1
        if self.depth > DEPTH:
            raise self.error(f"nested more than {DEPTH} deep")
        body = self.term()  # Σ takes the whole product after it, up to a + or −
        self.depth -= 1
        return Sum(tuple(letters), body, pos)

    def letters(self) -> list[str]:
        token = self.toks[self.at]
        if token.kind != "word" or not token.text.isalpha() or not token.text.islower():
            raise self.error("expected index letters, e.g. sum_{i,j}")
        self.at += 1
        return list(token.text)

    def indices(self) -> tuple[Affine, ...]:
        self.take("[")
        out = [self.affine()]
        while self.peek(","):
            self.at += 1
            out.append(self.affine())
        self.take("]")
        return tuple(out)

    def affine(self) -> Affine:
        terms: list[tuple[int, str]] = []
        constant, sign = 0, 1
        if self.peek("-"):
            self.at += 1
            sign = -1
        while True:
            token = self.toks[self.at]
            if token.kind == "num" and token.text.isdigit():
                self.at += 1
                if self.peek("*"):
                    self.at += 1
                    terms.append((sign * int(token.text), self.letter()))
                else:
                    constant += sign * int(token.text)
            else:
                terms.append((sign, self.letter()))
            if not self.peek("+", "-"):
                return Affine(tuple(terms), constant)
            sign = 1 if self.take(self.toks[self.at].text).text == "+" else -1

    def letter(self) -> str:
        token = self.toks[self.at]
        if token.kind != "word" or len(token.text) != 1 or not token.text.islower():
            raise self.error("expected an index: a letter, an integer, or k*letter")
        self.at += 1
        return token.text


_LEFT = re.compile(r"^\s*(?:∂L/∂|dL/d|d)\s*([A-Za-z]+|x̂|δ|γ|β)\s*\[([^\]]*)\]\s*$")


def read_left(text: str) -> IndexLeft:
    """The quantity of ``dK[o,c,u,v]``, ``dL/dW[0,1]`` or ``∂L/∂x[n,f]``."""
    match = _LEFT.match(text)
    if match is None:
        raise ParseError("expected the gradient of one array's entries on the left, e.g. "
                         "dK[o,c,u,v], dL/dW[i,j] or ∂L/∂x[n,f]", text, 0)
    indices: list[str | int] = []
    shifts: list[tuple[str, int]] = []
    for part in match.group(2).split(","):
        part = re.sub(r"\s+", "", part).replace("−", "-")
        shifted = re.fullmatch(r"([a-z])([+-]\d)", part)
        if part.isdigit():
            indices.append(int(part))
        elif len(part) == 1 and part.islower():
            indices.append(part)
        elif shifted:
            indices.append(shifted.group(1))
            shifts.append((shifted.group(1), int(shifted.group(2))))
        else:
            raise ParseError(f"expected an index letter, a letter ± a digit (t-1) or an "
                             f"integer; got {part!r}", text, match.start(2))
    letters = [i for i in indices if isinstance(i, str)]
    if len(set(letters)) != len(letters):
        raise ParseError("each free index letter may appear once on the left", text, 0)
    name = _SPELLING.get(match.group(1), match.group(1))
    return IndexLeft(name, tuple(indices), text.strip(), tuple(shifts))
