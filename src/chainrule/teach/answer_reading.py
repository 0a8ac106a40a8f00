r"""Reading one answer: a number, a matrix or a formula — never by evaluating the text.

Numbers are read by a regular expression, or, when written as arithmetic (``2(0.3)(0.7)``,
``-\frac{1}{8}``), by the project's formula grammar, whose result must be free of symbols.
A matrix is rows of numbers: ``0.1, 0.2; 0.3, 0.4``, ``[[0.1, 0.2], [0.3, 0.4]]`` or a LaTeX
``pmatrix``/``bmatrix``. Anything else with symbols in it is a formula, for the checker. The
text is bounded before it is read (:data:`MAX_CHARS`), and the grammar has its own limits on
size, depth and exponents.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import sympy

from chainrule.calculus import parse
from chainrule.errors import ParseError

MAX_CHARS = 500
MAX_ENTRIES = 100
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_ENVIRONMENT = re.compile(r"\\(begin|end)\{[pbvB]?matrix\}")
_SPACES = {"\u2212": "-", "\u2009": " ", "\u202f": " ", "\u00a0": " ", "\\,": " ", "\\!": "",
           "\\left": "", "\\right": "", "\\cdot": "*", "\\times": "*"}  # fmt: skip


@dataclass(frozen=True)
class AnswerReading:
    """What an answer was read as: ``kind`` is number, matrix or formula; ``value`` a float
    or a tuple of rows; ``text`` the formula (the right side of a written equation)."""

    kind: str
    value: float | tuple[tuple[float, ...], ...] | None = None
    text: str = ""


class Unreadable(Exception):
    """An answer that cannot be read; the message says why (and where)."""


def tidy(text: str) -> str:
    """The answer without surrounding ``$``, spacing commands and Unicode minus signs; the
    right side of a written equation (``\\delta_1 = 0.25`` → ``0.25``)."""
    text = text.strip().strip("$").strip()
    for old, new in _SPACES.items():
        text = text.replace(old, new)
    if "=" in text:
        text = text.rsplit("=", 1)[1].strip()
    return text


def read_number(text: str) -> float:
    """A number typed as a decimal, or as arithmetic of numbers read by the grammar."""
    compact = text.replace(" ", "")
    if _NUMBER.fullmatch(compact):
        return float(compact)
    if _DECIMAL_COMMA.fullmatch(compact):
        return float(compact.replace(",", "."))
    expression = _parse(text)
    if expression.free_symbols:
        raise Unreadable(f"expected a number; got a formula in {_names(expression)}")
    return _real(expression)


def read_answer(text: str, matrix: bool, formula: bool) -> AnswerReading:
    """Read ``text`` as the question expects: a matrix, or a number (or a formula when
    ``formula``). Raises :class:`Unreadable` with the reason."""
    if len(text) > MAX_CHARS:
        raise Unreadable(f"the answer is {len(text)} characters long; at most {MAX_CHARS} "
                         "are read")
    text = tidy(text)
    if not text:
        raise Unreadable("the answer is empty")
    if matrix:
        return AnswerReading("matrix", read_matrix(text))
    compact = text.replace(" ", "")
    if _NUMBER.fullmatch(compact) or _DECIMAL_COMMA.fullmatch(compact):
        return AnswerReading("number", read_number(text))
    expression = _parse(text)
    if not expression.free_symbols:
        return AnswerReading("number", _real(expression))
    if not formula:
        raise Unreadable(f"this question asks for a number; got a formula in "
                         f"{_names(expression)}")
    return AnswerReading("formula", text=text)


def read_matrix(text: str) -> tuple[tuple[float, ...], ...]:
    """Rows of numbers: rows split at ``;``, ``\\\\``, newlines or ``],[``; entries at
    ``,``, ``&`` or spaces."""
    body = _ENVIRONMENT.sub(" ", text)
    body = re.sub(r"\]\s*,\s*\[", ";", body).replace("\\\\", ";").replace("\n", ";")
    body = body.replace("[", " ").replace("]", " ").replace("(", " ").replace(")", " ")
    rows = [row for row in body.split(";") if row.strip()]
    out = []
    for row in rows:
        entries = [e for e in re.split(r"[,&\s]+", row.strip()) if e]
        if len(out) * len(entries) > MAX_ENTRIES:
            raise Unreadable(f"the matrix has more than {MAX_ENTRIES} entries")
        out.append(tuple(read_number(e) for e in entries))
    if not out or len({len(r) for r in out}) != 1:
        raise Unreadable("expected a matrix: rows of equally many numbers, e.g. "
                         "'0.1, 0.2; 0.3, 0.4'")
    return tuple(out)


def _parse(text: str) -> sympy.Expr:
    try:
        return parse(text)
    except ParseError as error:
        raise Unreadable(str(error)) from None


def _real(expression: sympy.Expr) -> float:
    try:
        value = complex(expression.evalf(15))
    except (TypeError, ValueError, ArithmeticError):
        raise Unreadable("expected a real number") from None
    if value.imag != 0 or not math.isfinite(value.real):
        raise Unreadable("expected a finite real number")
    return value.real


def _names(expression: sympy.Expr) -> str:
    return ", ".join(sorted(str(s) for s in expression.free_symbols)[:5])
