r"""A small parser for the LaTeX subset still written as text, into a tree.

Explanations hold every formula as a tree and their printers never come here. What still
does: a teaching sheet's questions and answers (:mod:`chainrule.teach`), strings with ``$…$``
LaTeX, turned into text (:mod:`chainrule.calculus.printing.latex_text`, for a grading report)
and MathML (:mod:`chainrule.calculus.printing.latex_mathml`, for the sheet's page), so no one
has to guess at LaTeX with regular expressions.
Understood: ``{}`` groups, ``^`` and ``_``, primes, ``\frac``, ``\sqrt``, ``\hat``/``\bar``,
``\mathbf``/``\mathrm``/``\operatorname``, ``\text``, ``\left…\right``, ``\big`` sizes,
``pmatrix``/``bmatrix`` environments, spacing commands and the symbols in :data:`SYMBOLS`.
Anything else raises :class:`~chainrule.errors.ParseError`: a renderer never prints raw LaTeX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chainrule.calculus.symbols import GREEK as LETTERS
from chainrule.errors import ParseError

# LaTeX's \epsilon and \phi are the lunate ϵ and the closed ϕ; the other letters as the parser
# and the printers spell them.
GREEK = {**LETTERS, "epsilon": "ϵ", "phi": "ϕ"}
OPERATORS = {
    "partial": "∂", "cdot": "·", "times": "×", "sum": "∑", "prod": "∏", "odot": "⊙",
    "otimes": "⊗", "circ": "∘", "top": "⊤", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥",
    "ne": "≠", "neq": "≠", "approx": "≈", "to": "→", "rightarrow": "→", "Rightarrow": "⇒",
    "infty": "∞", "cdots": "⋯", "ldots": "…", "dots": "…", "vdots": "⋮", "ddots": "⋱",
    "in": "∈", "pm": "±", "mid": "∣", "quad": " ", "lbrace": "{", "rbrace": "}",
    "langle": "⟨", "rangle": "⟩", "prime": "′", "equiv": "≡", "forall": "∀", "nabla": "∇",
}  # fmt: skip
FUNCTIONS = ("log", "ln", "exp", "tanh", "sinh", "cosh", "max", "min", "sin", "cos")
SYMBOLS = {**GREEK, **OPERATORS}
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[0-9]+(?:\.[0-9]+)?|[A-Za-z]|\s+|.", re.S)
_SPACES = {",": 0.17, ";": 0.28, ":": 0.22, " ": 0.25, "!": 0.0, "quad": 1.0, "qquad": 2.0}


@dataclass
class Node:
    """One node: ``kind`` is group, ident, number, op, text, script, frac, sqrt, accent,
    style, fenced, matrix or space."""

    kind: str
    text: str = ""
    children: list[Node] = field(default_factory=list)
    sub: Node | None = None
    sup: Node | None = None
    rows: list[list[Node]] = field(default_factory=list)


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = [(m.group(), m.start()) for m in _TOKEN.finditer(source)]
        self.tokens = [t for t in self.tokens if not t[0].isspace() or t[0] == "\\ "]
        self.at = 0

    def peek(self) -> str | None:
        return self.tokens[self.at][0] if self.at < len(self.tokens) else None

    def take(self) -> str:
        if self.at >= len(self.tokens):
            raise ParseError("LaTeX ended too early", self.source, len(self.source) - 1)
        self.at += 1
        return self.tokens[self.at - 1][0]

    def fail(self, message: str) -> ParseError:
        position = self.tokens[min(self.at, len(self.tokens) - 1)][1] if self.tokens else 0
        return ParseError(message, self.source, position)

    def sequence(self, stops: tuple[str, ...] = ()) -> Node:
        children: list[Node] = []
        while self.peek() is not None and self.peek() not in stops:
            if self.peek() in ("^", "_", "'"):
                base = children.pop() if children else Node("group")
                children.append(self.scripts(base))
            else:
                children.append(self.atom())
        return Node("group", children=children)

    def scripts(self, base: Node) -> Node:
        node = base if base.kind == "script" else Node("script", children=[base])
        while self.peek() in ("^", "_", "'"):
            mark = self.take()
            if mark == "'":
                primes = (node.sup.children if node.sup else []) + [Node("op", "′")]
                node.sup = Node("group", children=primes)
            elif mark == "^":
                node.sup = self.argument()
            else:
                node.sub = self.argument()
        return node

    def argument(self) -> Node:
        token = self.peek()
        if token == "{":
            self.take()
            inner = self.sequence(("}",))
            self.expect("}")
            return inner
        if token is not None and re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", token) and len(token) > 1:
            self.tokens[self.at] = (token[1:], self.tokens[self.at][1] + 1)
            return Node("number", token[0])
        return self.atom()

    def expect(self, token: str) -> None:
        if self.peek() != token:
            raise self.fail(f"expected {token!r} in LaTeX; got {self.peek()!r}")
        self.take()

    def atom(self) -> Node:
        token = self.take()
        if token == "{":
            inner = self.sequence(("}",))
            self.expect("}")
            return inner
        if token.startswith("\\"):
            return self.command(token[1:])
        if token[0].isdigit():
            return Node("number", token)
        if token.isalpha():
            return Node("ident", token)
        if token in "}&":
            raise self.fail(f"unexpected {token!r} in LaTeX")
        return Node("op", "−" if token == "-" else token)

    def command(self, name: str) -> Node:
        if name in ("frac", "dfrac", "tfrac"):
            return Node("frac", children=[self.argument(), self.argument()])
        if name == "sqrt":
            return Node("sqrt", children=[self.argument()])
        if name in ("hat", "bar", "tilde", "widehat"):
            mark = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "tilde": "\u0303"}
            return Node("accent", mark[name], children=[self.argument()])
        if name in ("mathbf", "boldsymbol", "mathrm", "operatorname", "mathit"):
            return Node("style", name, children=[self.argument()])
        if name == "text":
            return Node("text", self.raw_group())
        if name == "left":
            return self.fenced()
        if name in ("big", "Big", "bigl", "bigr", "Bigl", "Bigr", "bigg"):
            return self.atom()
        if name == "begin":
            return self.matrix()
        if name in _SPACES:
            return Node("space", str(_SPACES[name]))
        if name in FUNCTIONS:
            return Node("ident", name)
        if name in SYMBOLS:
            kind = "ident" if name in GREEK else "op"
            return Node(kind, SYMBOLS[name])
        if name in ("{", "}", "|", "%", "#", "_"):
            return Node("op", name)
        if name == "\\":
            raise self.fail("a line break is only allowed inside a matrix")
        raise self.fail(f"the LaTeX command \\{name} is not supported")

    def raw_group(self) -> str:
        self.expect("{")
        start = self.tokens[self.at - 1][1] + 1
        depth = 1
        while depth:
            token = self.take()
            depth += {"{": 1, "}": -1}.get(token, 0)
        return self.source[start : self.tokens[self.at - 1][1]]

    def fenced(self) -> Node:
        opening = self.delimiter()
        inner = self.sequence(("\\right",))
        self.expect("\\right")
        closing = self.delimiter()
        return Node("fenced", opening + closing, children=[inner])

    def delimiter(self) -> str:
        token = self.take()
        return {"\\{": "{", "\\}": "}", "\\lVert": "‖", "\\rVert": "‖", "\\|": "‖",
                "\\langle": "⟨", "\\rangle": "⟩", "\\lbrace": "{", "\\rbrace": "}"}.get(
                    token, token)

    def matrix(self) -> Node:
        environment = self.raw_group()
        if environment not in ("pmatrix", "bmatrix", "matrix"):
            raise self.fail(f"the LaTeX environment {environment!r} is not supported")
        rows: list[list[Node]] = [[]]
        while True:
            rows[-1].append(self.sequence(("&", "\\\\", "\\end")))
            token = self.take()
            if token == "&":
                continue
            if token == "\\\\":
                rows.append([])
                continue
            self.raw_group()
            break
        fences = {"pmatrix": "()", "bmatrix": "[]", "matrix": "  "}[environment]
        return Node("matrix", fences, rows=[r for r in rows if r != [Node("group")]])


def parse_latex(source: str) -> Node:
    """The tree of a LaTeX formula; :class:`ParseError` for anything not understood."""
    parser = _Parser(source)
    tree = parser.sequence()
    if parser.peek() is not None:
        raise parser.fail(f"unexpected {parser.peek()!r} in LaTeX")
    return tree
