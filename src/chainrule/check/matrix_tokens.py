"""The tokens of a matrix claim: numbers, words, operators, NumPy calls; LaTeX commands and
Unicode scripts become the same tokens as their plain spellings (``\\odot`` and ``∘`` are
``⊙``, ``\\cdot`` is ``@``, ``ᵀ`` is ``^T``, ``₁`` is ``_1``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from chainrule.errors import ParseError

LIMIT = 400  # characters of a claim
_BOLD = {0x1D400 + k: ord("A") + k for k in range(26)} | {
    0x1D41A + k: ord("a") + k for k in range(26)}
_TOKEN = re.compile(r"""
  (?P<space>\s+|\\[,;:! ]|\\quad|\\qquad|\\left|\\right|\\big|\\Big|\$)
| (?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d{1,2}(?![A-Za-z]))?)
| (?P<np>(?:np|numpy)\.(?:sum|mean|dot|multiply|matmul|transpose|power|square|exp|log|tanh))
| (?P<pow>\*\*)
| (?P<dotT>\.T(?![A-Za-z]))
| (?P<method>\.(?:dot|sum|mean|transpose)(?=\())
| (?P<cmd>\\[A-Za-z]+)
| (?P<word>[A-Za-z]+)
| (?P<greek>[α-ωΓ-Ωŷ∇])
| (?P<sup>[ᵀ⁽⁾⁰¹²³⁴⁵⁶⁷⁸⁹ᴸˡ⁺⁻]+)
| (?P<sub>[₀-₉ₙᵢⱼₖ₊₋]+)
| (?P<op>[-+*/@⊙∘·×(){}\[\]^_,=′'∑Σ−∂])
""", re.VERBOSE)
_GREEK = {"α": "alpha", "δ": "delta", "σ": "sigma", "θ": "theta", "Σ": "sum", "∑": "sum",
          "ŷ": "yhat", "∇": "nabla"}  # fmt: skip
_OPS = {"·": "@", "×": "@", "−": "-", "′": "'", "∘": "⊙", "∑": "Σ"}
_CMD_OPS = {"partial": "∂", "cdot": "@", "times": "@", "odot": "⊙", "circ": "⊙", "sum": "Σ",
            "prime": "'", "top": "T", "intercal": "T"}  # fmt: skip
_CMD_WORDS = {"delta", "sigma", "theta", "nabla", "tanh", "exp", "log", "frac", "hat",
              "mathrm", "mathbf", "boldsymbol", "text", "operatorname", "dfrac", "tfrac"}
_SUP = str.maketrans("ᵀ⁽⁾⁰¹²³⁴⁵⁶⁷⁸⁹ᴸˡ⁺⁻", "T()0123456789Ll+-")
_SUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉ₙᵢⱼₖ₊₋", "0123456789nijk+-")

@dataclass(frozen=True)
class MatrixToken:
    kind: str  # num, word, op, np, method, end
    text: str
    pos: int


def tokens(text: str) -> list[MatrixToken]:
    """The tokens of ``text``; raises ParseError at an unknown character or command."""
    if len(text) > LIMIT:
        raise ParseError(f"claim too long: {len(text)} characters, at most {LIMIT}")
    text = text.translate(_BOLD)  # 𝐱, 𝐖: bold vectors and matrices as LFD prints them
    found, i = [], 0
    while i < len(text):
        match = _TOKEN.match(text, i)
        if match is None:
            raise ParseError(f"unexpected character {text[i]!r}", text, i)
        kind, value = match.lastgroup, match[0]
        i = match.end()
        if kind == "space":
            continue
        if kind == "cmd":
            name = value[1:]
            if name in _CMD_OPS:
                found.append(MatrixToken("op", _CMD_OPS[name], match.start()))
            elif name in _CMD_WORDS:
                found.append(MatrixToken("word", name, match.start()))
            else:
                raise ParseError(f"unknown command {value} in a matrix claim", text,
                                 match.start())  # fmt: skip
            continue
        if kind == "greek":
            kind, value = "word", _GREEK.get(value, value)
            if value == "sum":
                kind, value = "op", "Σ"
        elif kind == "op":
            value = _OPS.get(value, value)
        elif kind == "dotT":
            kind, value = "op", ".T"
        elif kind == "method":  # a1.T.dot(dz2), dz2.sum(axis=0): NumPy's methods
            kind = "method"
        elif kind == "pow":
            kind, value = "op", "^"
        elif kind == "sup":
            found += _superscript(value.translate(_SUP), match.start())
            continue
        elif kind == "sub":
            found += [MatrixToken("op", "_", match.start()),
                      MatrixToken("word", value.translate(_SUB), match.start())]
            continue
        found.append(MatrixToken(kind, value, match.start()))
    found.append(MatrixToken("end", "", len(text)))
    return found


def _superscript(plain: str, pos: int) -> list[MatrixToken]:
    """``ᵀ`` is a transpose; ``⁽ˡ⁾`` a layer tag; ``²`` a power."""
    out = []
    if plain.startswith("("):
        close = plain.find(")")
        out += [MatrixToken("op", "^", pos), MatrixToken("op", "(", pos),
                MatrixToken("word", plain[1:close], pos), MatrixToken("op", ")", pos)]
        plain = plain[close + 1:]
    for char in plain:
        out += [MatrixToken("op", "^", pos),
                MatrixToken("word" if char == "T" else "num", char, pos)]
    return out


