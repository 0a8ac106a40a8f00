r"""Token-level spellings of LaTeX that mean something simpler, rewritten before parsing.

* A raised prime is a prime: ``\theta^{\prime}``, ``\theta^\prime``, ``x^{'}`` read as ``θ'``.
* A sum in braces of its own, ``{\sum\limits_{k}} (t_k - a_k)^2`` (Mitchell's learner), is a
  sum: the braces only group the operator, and the body follows them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Token:
    """One token: its kind, its (translated) text and where it stands in the input."""

    kind: str
    text: str
    pos: int
    end: int
    whole: bool = False  # a name never split into letters (Greek letter, \mathrm{net}, ŷ)


def _rewrite(tokens: list[Token],
             match: Callable[[list[Token], int], tuple[list[Token], int]]) -> list[Token]:
    """``tokens`` with each run that ``match`` recognises (it returns the replacement and the
    run's length, 0 for no match) replaced."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        replacement, size = match(tokens, i)
        out.extend(replacement if size else tokens[i : i + 1])
        i += size or 1
    return out


def _raised_primes(tokens: list[Token], i: int) -> tuple[list[Token], int]:
    """``'`` tokens for ``^'`` or ``^{''}`` at ``tokens[i]`` (``x^{''}`` is ``x''``)."""

    def op(k: int, text: str) -> bool:
        return k < len(tokens) and tokens[k].kind == "op" and tokens[k].text == text

    count, size = 0, 0
    if op(i, "^") and op(i + 1, "'"):
        count, size = 1, 2
    elif op(i, "^") and op(i + 1, "{"):
        while op(i + 2 + count, "'"):
            count += 1
        size = count + 3 if count and op(i + 2 + count, "}") else 0
    if not size:
        return [], 0
    first, last = tokens[i], tokens[i + size - 1]
    return [Token("op", "'", first.pos, last.end) for _ in range(count)], size


def _braced_sum(tokens: list[Token], i: int) -> tuple[list[Token], int]:
    """``{ sum <subscript> }`` at ``i`` without its outer braces."""
    texts = [(t.kind, t.text) for t in tokens[i : i + 7]]
    if texts[:2] != [("op", "{"), ("word", "sum")]:
        return [], 0
    for script in (["sub"], ["op_", "x"], ["op_", "{", "x", "}"]):
        size = 2 + len(script) + 1
        if len(texts) >= size and _script_matches(texts[2 : size - 1], script) \
                and texts[size - 1] == ("op", "}"):
            return tokens[i + 1 : i + size - 1], size
    return [], 0


def _script_matches(found: list[tuple[str, str]], pattern: list[str]) -> bool:
    for (kind, text), want in zip(found, pattern, strict=True):
        ok = {"sub": kind == "sub", "op_": (kind, text) == ("op", "_"),
              "{": (kind, text) == ("op", "{"), "}": (kind, text) == ("op", "}"),
              "x": kind in ("word", "num")}[want]  # fmt: skip
        if not ok:
            return False
    return True


def normalized(tokens: list[Token]) -> list[Token]:
    """The tokens with the spellings above rewritten."""
    return _rewrite(_rewrite(tokens, _raised_primes), _braced_sum)
