"""The parser's vocabulary, and how a run of letters becomes names.

A word typed as one run of letters is never silently taken apart into three or more letters:

* a known function is that function, in any case (``tanh``, ``ReLU``, ``leaky_relu``, ``GELU``);
* a function glued to one variable letter is a call, with a note: ``tanhx`` is tanh(x);
* a run within one typo of a function (``tahn``, ``sigmod``) is an error with "did you mean";
* two letters side by side multiply (``2xy``, ``ab``, ``wx``, ``xW_1``), except a gradient name
  ``d`` + letter (``dW``, ``dz``, ``dZ2``) and two capitals (``HA``), which are one symbol;
* any other run, three letters or more, is one symbol, with a note: ``mask``, ``out_o1``.

The notes are shown wherever the formula is echoed (see :mod:`chainrule.calculus.reading`).
"""

from __future__ import annotations

from collections.abc import Collection

from chainrule.calculus.normalize import Token
from chainrule.calculus.symbols import ACCENTS, GREEK
from chainrule.errors import ParseError

#: Functions the parser knows, by every spelling it accepts (lower case; any case is read).
FUNCTIONS: dict[str, str] = {
    "exp": "exp", "log": "log", "ln": "log", "tanh": "tanh", "sigmoid": "sigmoid",
    "sqrt": "sqrt", "softmax": "softmax", "sin": "sin", "cos": "cos", "tan": "tan",
    "sec": "sec", "csc": "csc", "cot": "cot", "sinh": "sinh", "cosh": "cosh", "sech": "sech",
    "csch": "csch", "coth": "coth", "arctan": "arctan", "atan": "arctan", "arcsin": "arcsin",
    "asin": "arcsin", "arccos": "arccos", "acos": "arccos", "erf": "erf", "relu": "relu",
    "step": "step", "heaviside": "step", "sign": "sign", "sgn": "sign", "abs": "abs",
    "softplus": "softplus", "swish": "swish", "silu": "swish", "gelu": "gelu",
    "leaky_relu": "leaky_relu", "leakyrelu": "leaky_relu", "lrelu": "leaky_relu", "elu": "elu",
    "max": "max", "min": "min", "logistic": "sigmoid", "maximum": "max", "minimum": "min",
    "sig": "sigmoid",
}  # fmt: skip
#: Short names that are not the function's own name, said in the echo when read.
ABBREVIATIONS: dict[str, str] = {"sig": "the logistic sigmoid σ"}
#: Letters that are an activation function when called, ``θ(s)``, and a symbol otherwise.
ACTIVATION_LETTERS: frozenset[str] = frozenset({"theta", "sigma", "g", "f"})
SUM_WORDS: frozenset[str] = frozenset({"sum"})
PRODUCT_WORDS: frozenset[str] = frozenset({"prod"})
CONSTANTS: frozenset[str] = frozenset({"e", "pi"})
#: Names of several letters that the courses write in italics as one name (Mitchell's net).
COURSE_NAMES: frozenset[str] = frozenset({"net"})
#: Common functions chainrule does not differentiate; named in the error message.
UNSUPPORTED: frozenset[str] = frozenset({"floor", "ceil", "mod", "round"})
KNOWN: frozenset[str] = (frozenset(FUNCTIONS) | SUM_WORDS | PRODUCT_WORDS | CONSTANTS
                         | COURSE_NAMES | frozenset(GREEK))  # fmt: skip
SUPPORTED_TEXT = ("exp, log (ln, log_2), sqrt, sin, cos, tan, sinh, cosh, tanh, sech, csch, "
                  "coth, arctan, erf, sigmoid (σ), relu, leaky_relu, elu, softplus, swish, gelu, "
                  "abs, sign, step, max, min, softmax_k, sum_j, prod_j")  # fmt: skip
#: Letters a function may be glued to and still be read as called on it: ``tanhx``, ``lnz``.
_GLUED = frozenset("xyzsuvwa")


def abbreviation_note(word: str) -> list[str]:
    """``["read Sig as the logistic sigmoid σ"]`` for a short name, else nothing to say."""
    meaning = ABBREVIATIONS.get(word.lower())
    return [f"read {word} as {meaning}"] if meaning else []


def function_of(word: str) -> str | None:
    """The canonical function a word spells (``ReLU`` -> ``relu``), else None."""
    if word in FUNCTIONS:
        return FUNCTIONS[word]
    if len(word) >= 3 and word.lower() in FUNCTIONS:
        return FUNCTIONS[word.lower()]
    return None


def _one_edit(word: str, name: str) -> bool:
    """Whether ``word`` is ``name`` with one letter missing, one extra, or two swapped."""
    if abs(len(word) - len(name)) > 1 or word == name:
        return False
    if len(word) == len(name):
        diff = [i for i in range(len(word)) if word[i] != name[i]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 \
            and word[diff[0]] == name[diff[1]] and word[diff[1]] == name[diff[0]]
    short, long = sorted((word, name), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def typo_of(word: str) -> str | None:
    """A function of four letters or more that ``word`` is one slip away from, else None."""
    lowered = word.lower()
    for name in sorted(FUNCTIONS):
        if len(name) >= 4 and _one_edit(lowered, name):
            return name
    return None


def case_split(word: str) -> list[str]:
    """Single letters, then the last run of one case as one name: ``xW`` -> ``x, W``."""
    start = len(word) - 1
    while start > 0 and word[start - 1].isupper() == word[-1].isupper():
        start -= 1
    return [*word[:start], word[start:]]


def has_script(following: Token) -> bool:
    """Whether a subscript or a layer tag follows (so the letters name one symbol)."""
    return (following.kind == "op" and following.text == "_") or following.kind == "sub"


def _glued_call(word: str) -> list[str] | None:
    """``tanhx`` -> ``[tanh, x]``: a function and one variable letter, else None."""
    for size in range(len(word) - 1, 1, -1):
        head, rest = word[:size], word[size:]
        if function_of(head) is not None and len(rest) == 1 and rest in _GLUED:
            return [head, rest]
    return None


def _one_symbol(word: str) -> bool:
    """Two letters that name one thing: a gradient ``dW``/``dz`` or two capitals ``HA``."""
    return (word[0] == "d" and word[1].isalpha()) or word.isupper()


def split_word(token: Token, following: Token, text: str,
               declared: Collection[str] = ()) -> tuple[list[Token], list[str]]:  # fmt: skip
    """The names a word token stands for, as tokens with their own positions, and the notes
    that say how it was read (see the module docstring).

    Raises
    ------
    ParseError
        For a function chainrule does not support, or a word close to a known function.
    """
    word = token.text
    if token.whole and following.kind == "op" and following.text == "(":
        _refuse_unknown_call(word, declared, text, token.pos)
    if token.whole or word in KNOWN or word in declared or len(word) == 1 or _accented(word) \
            or function_of(word) is not None:
        return [token], []
    if word.lower() in UNSUPPORTED:
        raise ParseError(f"'{word}' is not supported; the functions are {SUPPORTED_TEXT}", text,
                         token.pos)  # fmt: skip
    if (glued := _glued_call(word)) is not None:
        return _tokens(token, glued), [f"read `{word}` as {glued[0]}({glued[1]})"]
    if (close := typo_of(word)) is not None:
        raise ParseError(f"unknown name '{word}'; did you mean '{close}'? (a name of several "
                         f"letters is read as one symbol; write it in another way if that is "
                         f"what you mean)", text, token.pos)  # fmt: skip
    if has_script(following) and not (len(word) == 2 and _one_symbol(word)):
        parts = case_split(word)  # xW_1 is x·W₁: a change of case splits before a subscript
        if len(parts) == 2:
            note = [f"read `{word}` as {parts[0]}·{parts[1]}"] if len(word) > 2 else []
            return _tokens(token, parts), note
        if len(word) == 2:  # mx_i is m·x_i, as in ∑ (y_i − (mx_i + c))²: two letters multiply
            return _tokens(token, list(word)), [f"read `{word}` before its subscript as "
                                                f"{word[0]}·{word[1]}"]
    elif len(word) == 2 and not _one_symbol(word):
        return _tokens(token, list(word)), []
    return [Token("word", word, token.pos, token.end, whole=True)], \
        [f"read `{word}` as one symbol"]


def _refuse_unknown_call(word: str, declared: Collection[str], text: str, pos: int) -> None:
    """``\\text{Sig}(x)``: an upright name that abbreviates or misspells a function, before
    ``(``, is refused; read as a product it would be a guess (a wrong verdict)."""
    if len(word) < 3 or word in KNOWN or word in declared or word == "indicator" \
            or _accented(word) or function_of(word) is not None:
        return
    close = sorted(name for name in FUNCTIONS if name.startswith(word.lower())) or \
        [name for name in [typo_of(word)] if name]
    if close:  # \mathrm{mask}(x + 1), far from any function, stays a product
        raise ParseError(f"unknown function '{word}'; did you mean '{close[0]}'? (the functions "
                         f"are {SUPPORTED_TEXT}; for a product write {word}·(...))", text, pos)


def _tokens(token: Token, parts: list[str]) -> list[Token]:
    tokens, pos = [], token.pos
    for part in parts:
        tokens.append(Token("word", part, pos, pos + len(part), whole=len(part) > 1))
        pos += len(part)
    return tokens


def _accented(word: str) -> bool:
    return any(len(word) == len(a) + 1 and word.endswith(a) for a in ACCENTS)
