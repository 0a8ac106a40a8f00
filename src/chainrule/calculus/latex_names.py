r"""Names written with LaTeX commands, for the lexer: ``\mathrm{net}``, ``\mathbf{w_4}``,
``\rm max``, ``{\rm max}``, ``\dot\sigma`` (a function's derivative), ``\hat{y}``, and the
``cases`` environment.
"""

from __future__ import annotations

import re

from chainrule.calculus.normalize import Token
from chainrule.calculus.symbols import GREEK
from chainrule.calculus.words import FUNCTIONS
from chainrule.errors import ParseError

#: Commands that are words: functions and Greek letters (``\tanh``, ``\sigma``).
CMD_WORDS = {"exp", "log", "ln", "tanh", "sqrt", "sum", "sigmoid", "softmax", "sin", "cos",
             "tan", "sec", "csc", "cot", "sinh", "cosh", "coth", "sech", "csch", "arctan",
             "arcsin", "arccos", "max", "min", "prod", "erf", "sgn"} | set(GREEK)
#: A name and its subscript inside a style's braces: ``\mathbf{w_4}``, ``\mathrm{out_{h1}}``.
SCRIPTED_NAME = re.compile(r"\s*\{\s*([A-Za-z]+)(\s*_\s*(?:\{[A-Za-z0-9]+\}|[A-Za-z0-9]))\s*\}")
#: ``\dot\sigma``, ``\dot{\theta}``, ``\dot {\sigma}``: a dot over a command.
DOTTED_COMMAND = re.compile(r"\s*(\{\s*)?\\(?P<name>[A-Za-z]+)\s*(?(1)\})")


class LatexNames:
    """The lexer's rules for names written with commands; see the module docstring."""

    text: str
    i: int
    tokens: list[Token]

    def error(self, message: str, position: int) -> ParseError:
        return ParseError(message, self.text, position)

    def _add(self, kind: str, text: str, start: int, whole: bool = False) -> None:
        self.tokens.append(Token(kind, text, start, self.i, whole))

    def _next(self) -> None:
        raise NotImplementedError  # the lexer's step: reads the token at ``self.i``

    def _run_of_letters(self) -> None:
        while self.i < len(self.text) and "a" <= self.text[self.i].lower() <= "z":
            self.i += 1

    def _font_switch(self, name: str, start: int) -> None:
        """``\\rm max``, ``\\rm {max}``, ``{\\rm max}``: the name, one word (and the braces
        around a switch and its name only group them)."""
        while self.text.startswith(" ", self.i):
            self.i += 1
        if self.text.startswith("{", self.i):
            word = self._braced_letters(name, start)
        else:
            begin = self.i
            self._run_of_letters()
            word = self.text[begin : self.i]
            if not word:
                raise self.error(f"\\{name} needs a name after it, as in \\{name} max", start)
        last = self.tokens[-1] if self.tokens else None
        rest = self.text[self.i :].lstrip(" ")
        if last is not None and last.kind == "op" and self.text[last.pos] == "{" \
                and not self.text[last.end : start].strip() and rest.startswith("}"):
            self.tokens.pop()  # {\rm max}: the braces only hold the switch
            self.i = len(self.text) - len(rest) + 1
            start = last.pos
        self._add("word", word, start, whole=True)

    def _dotted_function(self, dotted: re.Match[str], start: int) -> None:
        """``\\dot\\sigma``, ``\\dot{\\theta}``: the function's derivative, a prime (as
        Learning From Data writes θ̇ for θ′); a dotted Latin letter stays a name (ẏ)."""
        name = dotted["name"]
        if name not in CMD_WORDS or name in ("sum", "prod", "sqrt"):
            raise self.error(f"\\dot\\{name} is not read; a dot over a function is its "
                             f"derivative, as in \\dot\\sigma(z)", start)  # fmt: skip
        self.i = dotted.end()
        self.tokens.append(Token("word", name, dotted.start("name") - 1, dotted.end("name"),
                                 whole=True))  # fmt: skip
        self.tokens.append(Token("op", "'", start, start + 4))

    def _environment(self, name: str, start: int) -> None:
        """``\\begin{cases}`` and ``\\end{cases}``, the only environment a formula may hold."""
        if self._braced_text(name, start) != "cases":
            raise self.error(f"only \\{name}{{cases}} is read, for a piecewise function", start)
        self._add("op", "cases" if name == "begin" else "endcases", start)

    def _braced_text(self, command: str, start: int) -> str:
        """The text in ``{...}`` right after a command (one character without braces)."""
        while self.i < len(self.text) and self.text[self.i] == " ":
            self.i += 1
        if self.text.startswith("{", self.i):
            close = self.text.find("}", self.i)
            if close < 0:
                raise self.error(f"\\{command}{{ needs its closing brace", start)
            content, self.i = self.text[self.i + 1 : close].strip(), close + 1
            return content
        self.i += 1
        return self.text[self.i - 1 : self.i]

    def _scripted_name(self, inner: re.Match[str], start: int) -> None:
        """``\\mathbf{w_4}``: the style drawn around a name and its subscript is the name
        ``w_4`` (as ``\\mathbf{w}_4`` is)."""
        self.i = inner.end(1)
        self.tokens.append(Token("word", inner[1], inner.start(1), self.i, True))
        while self.i < inner.end(2):  # the subscript, lexed as anywhere else
            self._next()
        self.i = inner.end()

    def _braced_letters(self, command: str, start: int) -> str:
        """The letters of ``{...}`` (or the single letter) after ``\\mathrm``, ``\\hat``..."""
        while self.i < len(self.text) and self.text[self.i] == " ":
            self.i += 1
        if self.text.startswith("{", self.i):
            close = self.text.find("}", self.i)
            content = self.text[self.i + 1 : close].strip() if close > 0 else ""
            self.i = close + 1 if close > 0 else len(self.text)
        else:
            content = self.text[self.i : self.i + 1]
            self.i += 1
        content = content.replace("\\_", "_")  # \operatorname{leaky\_relu}, \text{leaky\_relu}
        named = command == "operatorname" or content.lower() in FUNCTIONS
        if not content or not all("a" <= c.lower() <= "z" or c == "_" for c in content) \
                or not content[0].isalpha() or (not named and "_" in content):
            raise self.error(f"\\{command} needs Latin letters in braces, e.g. {{net}}", start)
        return content
