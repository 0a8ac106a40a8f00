r"""Split a typed formula into tokens; plain math and LaTeX share one token set.

Kinds of token: ``num`` (``12``, ``0.5``), ``word`` (a run of Latin letters, a Greek letter, a
function name, a ``\mathrm{...}`` name), ``op`` (``+ - * / ^ _ ( ) [ ] { } , '``), ``frac``,
``sup`` (a run of Unicode superscripts, translated: ``⁻ˣ`` -> ``-x``), ``sub`` (``₁`` -> ``1``),
``partial`` (``∂`` or ``\partial``) and ``end``. LaTeX commands become the same tokens as their
plain spellings (``\cdot`` is ``*``, ``\tanh`` is the word ``tanh``, ``\left(`` is ``(``), so one
grammar reads both dialects. Math delimiters (``$``, ``$$``, ``\(``, ``\[``) and ``\limits`` are
skipped; a raised prime (``^{\prime}``, ``^{'}``) is a prime.
"""

from __future__ import annotations

import difflib
import re

from chainrule.calculus.latex_names import CMD_WORDS as _CMD_WORDS
from chainrule.calculus.latex_names import DOTTED_COMMAND, SCRIPTED_NAME, LatexNames
from chainrule.calculus.limits import Limits
from chainrule.calculus.normalize import Token, normalized
from chainrule.calculus.scripts import FROM_SUBSCRIPT, FROM_SUPERSCRIPT
from chainrule.calculus.unicode_math import PARTIAL as _PARTIAL
from chainrule.calculus.unicode_math import UnicodeMath
from chainrule.calculus.words import FUNCTIONS

_SCIENTIFIC = re.compile(r"[eE][+-]?(\d+)")
_OPS = set("+-*/^_()[]{},'=|&<>")
_UNICODE_OPS = {
    "−": "-", "–": "-", "·": "*", "⋅": "*", "×": "*", "∙": "*", "∗": "*", "÷": "/", "∕": "/",
    "′": "'", "’": "'", "ʹ": "'", "‖": "‖", "∈": "∈", "≥": ">=", "≤": "<=", "⩾": ">=", "⩽": "<=",
}  # fmt: skip
_CMD_OPS = {"cdot": "*", "times": "*", "ast": "*", "div": "/", "prime": "'", "{": "(", "}": ")",
            "|": "‖", "Vert": "‖", "lVert": "‖", "rVert": "‖", "vert": "|", "lvert": "|",
            "rvert": "|", "mid": "|", "gt": ">", "lt": "<", "geq": ">=", "ge": ">=", "leq": "<=",
            "le": "<=", "\\": "\\", "in": "∈"}  # fmt: skip
_CMD_SKIP = {",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "limits", "nolimits",
             "(", ")", "[", "]"}  # fmt: skip
_CMD_SIZES = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr"}
_CMD_NAMES = {"mathrm", "text", "operatorname", "mathbf", "boldsymbol", "mathit", "textrm"}
#: Old font switches, ``\\rm max``, ``{\\rm max}``, ``\\rm {max}``: the name after them.
_CMD_SWITCHES = {"rm", "bf", "it"}
#: Commands that write a name upright or bold, ``\\mathrm{net}``, ``\\mathbf{w}``.
NAME_COMMANDS: frozenset[str] = frozenset(_CMD_NAMES)
_CMD_ACCENTS = {"hat": "hat", "widehat": "hat", "bar": "bar", "overline": "bar"}
_CMD_ACCENTS |= {"tilde": "tilde", "dot": "dot"}
_CMD_FRAC = {"frac", "dfrac", "tfrac"}
_MODULES = {"np", "numpy", "torch", "math", "F"}
#: NumPy's number types: np.int64(z > 0) is the indicator; its argument must be a condition.
_NP_WHERE = re.compile(r"(?:np|numpy|torch)\.where(?=\s*\()")
#: A cast of a condition to a number, after its parenthesis: ``(z > 0).astype(float)``.
_CAST_AFTER = re.compile(r"\.(?:astype\(\s*(?:(?:np|numpy)\.)?(?:float|int|double)\w*\s*\)"
                         r"|float\(\)|double\(\)|int\(\))")
_NUMBER_CAST = re.compile(r"(?:np|numpy)\.(?:int|float)(?:8|16|32|64)?(?=\()")
_KNOWN_CMDS = _CMD_OPS.keys() | _CMD_SIZES | _CMD_NAMES | _CMD_ACCENTS.keys() | _CMD_WORDS
_KNOWN_CMDS |= _CMD_SWITCHES
_KNOWN_CMDS |= _CMD_FRAC | {"quad", "qquad", "partial", "limits", "begin", "end", "mathbb"}


class Lexer(LatexNames, UnicodeMath):
    """Turns text into a list of tokens; see the module docstring."""

    def __init__(self, text: str, limits: Limits) -> None:
        self.text = text
        self.latex = "\\" in text
        self.limits = limits
        self.i = 0
        self.tokens: list[Token] = []

    def run(self) -> list[Token]:
        while self.i < len(self.text):
            self._next()
        self.tokens.append(Token("end", "", len(self.text), len(self.text)))
        return normalized(self.tokens)

    def _one_character(self) -> bool:
        """LaTeX reads one character after ``^`` or ``_`` (``x_12`` is x₁·2) and for each
        unbraced argument of ``\\frac`` (``\\frac12`` is 1/2, ``\\frac{1}23`` is 3/2)."""
        if not self.latex or not self.tokens:
            return False
        last = self.tokens[-1]
        if (last.kind == "op" and last.text in "^_") or last.kind == "frac":
            return True
        if len(self.tokens) > 1 and self.tokens[-2].kind == "frac":
            return last.kind in ("num", "word") and last.end - last.pos == 1
        return last.kind == "op" and last.text == "}" and self._closes_first_argument()

    def _closes_first_argument(self) -> bool:
        """Whether the last token, a ``}``, closes a group that opened right after ``\\frac``."""
        depth = 0
        for k in range(len(self.tokens) - 1, -1, -1):
            token = self.tokens[k]
            if token.kind == "op" and token.text in "{}":
                depth += 1 if token.text == "}" else -1
            if depth == 0:
                return k > 0 and self.tokens[k - 1].kind == "frac"
        return False

    def _next(self) -> None:
        char, start = self.text[self.i], self.i
        if char.isspace() or char == "$":  # $...$ and $$...$$ delimit math in a post
            self.i += 1
        elif char == "\\":
            self._command()
        elif "a" <= char.lower() <= "z":
            self._letters()
        elif "0" <= char <= "9" or (char == "." and self.text[self.i + 1 : self.i + 2].isdigit()):
            self._number()
        elif char == "." and self.tokens and self.tokens[-1].text == ")" \
                and (cast := _CAST_AFTER.match(self.text, self.i)) is not None:
            self.i = cast.end()  # (z > 0).astype(float): the condition is already 0 or 1
        elif self.text.startswith("**", self.i):
            self.i += 2
            self._add("op", "^", start)
        elif self.text.startswith((">=", "<=", "||"), self.i):
            self.i += 2
            self._add("op", "‖" if char == "|" else self.text[start : self.i], start)
        elif char in _OPS or char in _UNICODE_OPS:
            self.i += 1
            self._add("op", _UNICODE_OPS.get(char, char), start)
        elif char in FROM_SUPERSCRIPT or char in FROM_SUBSCRIPT:
            self._scripts(FROM_SUPERSCRIPT if char in FROM_SUPERSCRIPT else FROM_SUBSCRIPT)
        else:
            self._unicode(char, start)

    def _letters(self) -> None:
        start = self.i
        if self._one_character():
            self.i += 1
        else:
            self._run_of_letters()
            if self.text[start : self.i] in _MODULES and self.text.startswith(".", self.i) \
                    and _function_after(self.text, self.i + 1):
                self.i += 1  # np.exp is exp: the module's name is dropped
                return
            if (where := _NP_WHERE.match(self.text, start)) is not None:
                self.i = where.end()  # np.where(z > 0, 1, 0): a piecewise value
                self._add("word", "np.where", start, whole=True)
                return
            if (cast := _NUMBER_CAST.match(self.text, start)) is not None:
                self.i = cast.end()  # np.int64(z > 0): a condition cast to 0 or 1
                self._add("word", "indicator", start, whole=True)
                return
            if self.text.startswith("_", self.i):  # in LaTeX too: leaky_r·elu is no reading
                end = self.i + 1
                while end < len(self.text) and "a" <= self.text[end].lower() <= "z":
                    end += 1
                if self.text[start:end].lower() in FUNCTIONS:  # leaky_relu is one name
                    self.i = end
        self._add("word", self.text[start : self.i], start)

    def _number(self) -> None:
        start = self.i
        if self._one_character():
            self.i += 1
        else:
            seen_dot = False
            while self.i < len(self.text):
                char = self.text[self.i]
                if char == "." and not seen_dot and self.text[self.i + 1 : self.i + 2].isdigit():
                    seen_dot = True
                elif not "0" <= char <= "9":
                    break
                self.i += 1
            if seen_dot and self.text.startswith(".", self.i) \
                    and self.text[self.i + 1 : self.i + 2].isdigit():
                raise self.error("a number has one decimal point", self.i)
        digits = self.i - start - self.text[start : self.i].count(".")
        if digits > self.limits.digits:
            raise self.error(f"number too long: at most {self.limits.digits} digits", start)
        self._scientific(start)
        self._add("num", self.text[start : self.i], start)

    def _scientific(self, start: int) -> None:
        """``1e-3``: an ``e`` glued to a number and followed by an integer is a power of ten."""
        match = _SCIENTIFIC.match(self.text, self.i)
        if match is None or self._one_character():
            return
        if len(match[1]) > 2:
            raise self.error("exponent of ten too large: at most 2 digits", start)
        self.i = match.end()

    def _scripts(self, table: dict[str, str]) -> None:
        start = self.i
        while self.i < len(self.text) and self.text[self.i] in table:
            self.i += 1
        plain = "".join(table[c] for c in self.text[start : self.i])
        self._add("sup" if table is FROM_SUPERSCRIPT else "sub", plain, start)

    def _command(self) -> None:
        start = self.i
        self.i += 1
        end = self.i
        while end < len(self.text) and "a" <= self.text[end].lower() <= "z":
            end += 1
        if end == self.i:  # a one-character command such as \, or \{
            end = min(self.i + 1, len(self.text))
        name, self.i = self.text[self.i : end], end
        if not name:
            raise self.error("a backslash must start a command such as \\frac", start)
        self._command_token(name, start)

    def _command_token(self, name: str, start: int) -> None:
        if name in _CMD_SKIP:
            return
        if name in _CMD_SIZES:
            if self.text.startswith(".", self.i):  # \left. and \right. draw nothing
                self.i += 1
            return
        if name in _CMD_OPS:
            self._add("op", _CMD_OPS[name], start)
        elif name in _CMD_FRAC:
            self._add("frac", "frac", start)
        elif name in ("begin", "end"):
            self._environment(name, start)
        elif name == "mathbb":
            if self._braced_text(name, start) not in ("1", "I"):
                raise self.error("\\mathbb is read only as the indicator \\mathbb{1}", start)
            self._add("word", "indicator", start, whole=True)
        elif name == "partial":
            self._add("partial", _PARTIAL, start)
        elif name in _CMD_WORDS:
            self._add("word", name, start, whole=True)
        elif name in _CMD_SWITCHES:
            self._font_switch(name, start)
        elif name in _CMD_NAMES and (inner := SCRIPTED_NAME.match(self.text, self.i)):
            self._scripted_name(inner, start)
        elif name in _CMD_NAMES:
            self._add("word", self._braced_letters(name, start), start, whole=True)
        elif name == "dot" and (dotted := DOTTED_COMMAND.match(self.text, self.i)):
            self._dotted_function(dotted, start)  # \dot\sigma(z) is σ'(z)
        elif name in _CMD_ACCENTS:
            letter = self._braced_letters(name, start)
            if len(letter) != 1:
                raise self.error(f"\\{name} takes one Latin letter, as in \\{name}{{y}}", start)
            self._add("word", letter + _CMD_ACCENTS[name], start, whole=True)
        else:
            hint = suggest(name, _KNOWN_CMDS, prefix="\\")
            raise self.error(f"unknown command \\{name}{hint}", start)

def _function_after(text: str, start: int) -> bool:
    """Whether a known function's name starts at ``start`` (``np.exp``, ``torch.tanh``)."""
    end = start
    while end < len(text) and (text[end].isalpha() or text[end] == "_"):
        end += 1
    return text[start:end].lower() in FUNCTIONS


def suggest(name: str, known: set[str] | list[str], prefix: str = "") -> str:
    """``"; did you mean 'tanh'?"`` for a close known name, else an empty string."""
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.7)
    return f"; did you mean '{prefix}{close[0]}'?" if close else ""


def tokenize(text: str, limits: Limits) -> list[Token]:
    """The tokens of ``text``, ending with an ``end`` token; raises ParseError."""
    return Lexer(text, limits).run()
