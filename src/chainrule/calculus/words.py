"""The parser's vocabulary, and how a run of letters becomes names.

``2xy`` is 2·x·y, ``tanhx`` is tanh x, ``net`` and ``net_k`` are one name (a run of letters with a
subscript is one symbol), ``xW_1`` is x·W₁ (a change of case splits). A run that is not a known
name but looks like one (``tahn``, ``sigmod``) is an error with a "did you mean", never a
silent product of letters.
"""

from __future__ import annotations

import difflib

from chainrule.calculus.lexer import Token
from chainrule.calculus.symbols import ACCENTS, GREEK
from chainrule.errors import ParseError

#: Functions the parser knows, by every spelling it accepts.
FUNCTIONS: dict[str, str] = {
    "exp": "exp", "log": "log", "ln": "log", "tanh": "tanh", "sigmoid": "sigmoid",
    "sqrt": "sqrt", "softmax": "softmax",
}  # fmt: skip
#: Letters that are an activation function when called, ``θ(s)``, and a symbol otherwise.
ACTIVATION_LETTERS: frozenset[str] = frozenset({"theta", "sigma", "g"})
SUM_WORDS: frozenset[str] = frozenset({"sum"})
CONSTANTS: frozenset[str] = frozenset({"e", "pi"})
#: Names of several letters that the courses write in italics as one name (Mitchell's net).
COURSE_NAMES: frozenset[str] = frozenset({"net"})
#: Common functions chainrule does not differentiate; named in the error message.
UNSUPPORTED: frozenset[str] = frozenset({
    "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "asin", "acos",
    "atan", "sinh", "cosh", "coth", "arctanh", "atanh", "relu", "abs", "max", "min", "sign",
    "floor", "ceil", "mod", "erf", "softplus", "gelu", "swish",
})  # fmt: skip
KNOWN: frozenset[str] = (frozenset(FUNCTIONS) | SUM_WORDS | CONSTANTS | COURSE_NAMES
                         | frozenset(GREEK))  # fmt: skip
SUPPORTED_TEXT = "exp, log (ln), tanh, sigmoid (σ), θ, g, sqrt, softmax_k, sum_j"


def _close_name(word: str) -> str | None:
    names = sorted(set(FUNCTIONS) | set(GREEK) | SUM_WORDS)
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.75)
    return close[0] if close else None


def greedy_split(word: str) -> list[str]:
    """Known names of two letters or more, longest first, and single letters between them."""
    parts, i = [], 0
    while i < len(word):
        for size in range(len(word) - i, 1, -1):
            if word[i : i + size] in KNOWN:
                parts.append(word[i : i + size])
                i += size
                break
        else:
            parts.append(word[i])
            i += 1
    return parts


def case_split(word: str) -> list[str]:
    """Single letters, then the last run of one case as one name: ``xW`` -> ``x, W``."""
    start = len(word) - 1
    while start > 0 and word[start - 1].isupper() == word[-1].isupper():
        start -= 1
    return [*word[:start], word[start:]]


def has_script(following: Token) -> bool:
    """Whether a subscript or a layer tag follows (so the letters name one symbol)."""
    return (following.kind == "op" and following.text == "_") or following.kind == "sub"


def split_word(token: Token, following: Token, text: str) -> list[Token]:
    """The names a word token stands for, as tokens with their own positions.

    Raises
    ------
    ParseError
        For a function chainrule does not support, or a word close to a known name.
    """
    word = token.text
    if token.whole or word in KNOWN or len(word) == 1 or _accented(word):
        return [token]
    if word in UNSUPPORTED:
        raise ParseError(f"'{word}' is not supported; the functions are {SUPPORTED_TEXT}", text,
                         token.pos)  # fmt: skip
    parts = greedy_split(word)
    if all(len(part) == 1 for part in parts):
        if has_script(following):
            parts = case_split(word)
        elif (close := _close_name(word)) is not None:
            raise ParseError(f"unknown name '{word}'; did you mean '{close}'?", text, token.pos)
    tokens, pos = [], token.pos
    for part in parts:
        tokens.append(Token("word", part, pos, pos + len(part), whole=len(part) > 1))
        pos += len(part)
    return tokens


def _accented(word: str) -> bool:
    return any(len(word) == len(a) + 1 and word.endswith(a) for a in ACCENTS)
