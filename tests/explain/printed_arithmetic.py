"""Evaluate the numbers of an explanation line as they are printed, e.g.
``(1 − 0.597656²) · 0.0825182`` or ``−(−0.142357) · 0.506875``: a small recursive-descent
reader of the printed arithmetic (sums, products written with · or side by side, quotients,
powers as superscripts or ``^(…)``, ``e``, ``log``, ``ln``, ``exp``, ``tanh``, ``σ``, and
a kink's ``a if b > c else d`` and Iverson brackets ``[b > 0]``)."""

from __future__ import annotations

import math
import re

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?(?: × 10[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?)"
                   r"|(?P<sup>[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)|(?P<word>if|else)|(?P<name>log|ln|exp|tanh|σ|e)"
                   r"|(?P<op>[()\[\]+−\-·×/^<>≤≥]))")
COMPARE = {">": float.__gt__, "<": float.__lt__, "≥": float.__ge__, "≤": float.__le__}
FUNCTIONS = {"log": math.log, "ln": math.log, "exp": math.exp, "tanh": math.tanh,
             "σ": lambda v: 1 / (1 + math.exp(-v))}


def tokens(text: str) -> list[tuple[str, str]]:
    out, k = [], 0
    text = text.strip()
    while k < len(text):
        match = TOKEN.match(text, k)
        if not match or match.end() == k:
            raise ValueError(f"cannot read {text[k:]!r} in {text!r}")
        kind = match.lastgroup
        out.append((kind, match.group(kind)))
        k = match.end()
    return out


class Reader:
    """``magnitude``: every number taken positive and every minus as a plus, an upper bound
    on the size of the terms, against which the rounding of printed numbers is measured."""

    def __init__(self, text: str, magnitude: bool = False) -> None:
        self.items, self.k, self.text, self.magnitude = tokens(text), 0, text, magnitude

    def peek(self) -> tuple[str, str] | None:
        return self.items[self.k] if self.k < len(self.items) else None

    def take(self) -> tuple[str, str]:
        item = self.items[self.k]
        self.k += 1
        return item

    def choice(self) -> float:
        """``a if b > c else d`` (a kink's derivative), or a plain sum."""
        value = self.sum()
        if self.peek() != ("word", "if"):
            return value
        self.take()
        left, (_, compare), right = self.sum(), self.take(), self.sum()
        assert self.take() == ("word", "else"), self.text
        other = self.sum()
        return value if COMPARE[compare](float(left), float(right)) else other

    def sum(self) -> float:
        value = self.product()
        while self.peek() and self.peek()[1] in "+−-":
            sign = self.take()[1]
            if sign == "+" or self.magnitude:
                value = value + self.product()
            else:
                value = value - self.product()
        return value

    def product(self) -> float:
        value = self.power()
        while self.peek() and (self.peek()[1] in "·×/" or self.starts_factor()):
            op = self.take()[1] if self.peek()[1] in "·×/" else "·"
            value = value / self.power() if op == "/" else value * self.power()
        return value

    def starts_factor(self) -> bool:
        kind, token = self.peek()
        return kind in ("num", "name") or token == "("

    def power(self) -> float:
        if self.peek() and self.peek()[1] in "−-":  # unary minus binds looser than a power
            self.take()
            return self.power() if self.magnitude else -self.power()
        value = self.atom()
        while self.peek() and (self.peek()[0] == "sup" or self.peek()[1] == "^"):
            if self.take()[1] == "^":
                value = value ** self.atom()
            else:
                value = value ** int(self.items[self.k - 1][1].translate(SUPERSCRIPTS))
        return value

    def atom(self) -> float:
        kind, token = self.take()
        if kind == "num":
            if "×" in token:
                mantissa, power = token.split("× 10")
                return float(mantissa) * 10.0 ** int(power.translate(SUPERSCRIPTS))
            return float(token)
        if token == "(":
            value = self.choice()
            assert self.take()[1] == ")", self.text
            return value
        if token == "[":  # Iverson bracket: 1 where the condition holds, else 0
            left, (_, compare), right = self.sum(), self.take(), self.sum()
            assert self.take()[1] == "]", self.text
            return 1.0 if COMPARE[compare](float(left), float(right)) else 0.0
        if token == "e":
            return math.e
        if kind == "name":
            value = FUNCTIONS[token](self.atom())
            return abs(value) if self.magnitude else value
        raise ValueError(f"unexpected {token!r} in {self.text!r}")


def evaluate(text: str, magnitude: bool = False) -> float:
    """The value of printed arithmetic; ValueError for what it cannot read."""
    reader = Reader(text, magnitude)
    value = reader.choice()
    if reader.peek() is not None:
        raise ValueError(f"left over {reader.items[reader.k:]} in {text!r}")
    return value


def agrees(text: str, value: float, digits: int = 6) -> bool:
    """Whether printed arithmetic gives ``value`` up to the rounding of its printed numbers
    (each to ``digits`` significant digits, and ``value`` itself printed so)."""
    rounding = 10.0 ** (1 - digits)
    tolerance = 5 * rounding * evaluate(text, magnitude=True) + rounding * abs(value)
    return abs(evaluate(text) - value) <= tolerance + 1e-300
