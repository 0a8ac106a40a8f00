r"""Grammar rules for what has bars, conditions or cases.

.. code-block:: text

    condition   := expression (">" | "<" | ">=" | "<=") expression      # z > 0, a \le b
    indicator   := "[" condition "]" | "1{" condition "}" | \mathbb{1}_{condition} | 𝟙(condition)
    conditional := expression "if" condition "else" expression         # 1 if x > 0 else 0
    cases       := \begin{cases} value & [\text{if}] condition \\ ... \end{cases}
    bars        := "|" expression "|"                                 # |x| = abs(x)
                 | "‖" name "‖" ["_F" | "_2"]                           # ‖x‖ = √(Σᵢ xᵢ²)

A condition is the step function: [a > b] = step(a − b), 1 when a > b and 0 otherwise, so
[z > 0] is ReLU′(z) with the engine's value 0 at z = 0. A piecewise function takes the first
case whose condition holds: v₁[c₁] + (1 − [c₁]) v₂.
"""

from __future__ import annotations

import sympy

from chainrule.calculus.activations import absolute, step
from chainrule.calculus.lexer import Token
from chainrule.calculus.partial_rules import PartialRules
from chainrule.calculus.stream import describe
from chainrule.calculus.symbols import make_symbol, symbol_parts

_COMPARISONS = "> < >= <="
_OTHERWISE = ("otherwise", "else")
#: A condition read: its indicator (0 or 1), its two sides, and whether it is strict.
_Condition = tuple[sympy.Expr, sympy.Expr, sympy.Expr, bool]


class PiecewiseRules(PartialRules):
    """Conditions, indicators, piecewise functions, absolute values and norms."""

    def condition(self, token: Token, left: sympy.Expr | None = None) -> sympy.Expr:
        """``a > b`` as the indicator ``[a > b]`` (0 or 1); ``left`` if already read."""
        return self._comparison(token, left)[0]

    def _comparison(self, token: Token, left: sympy.Expr | None = None) -> _Condition:
        """A condition, with its sides and whether it is strict (a > b, a < b)."""
        with self.nested(token):
            left = self.expression() if left is None else left
            if not self.at("op", _COMPARISONS):
                raise self.error(f"expected a comparison such as z > 0, found "
                                 f"{describe(self.peek())}", self.peek())  # fmt: skip
            relation = self.take().text
            right = self.expression()
        difference = left - right if relation in (">", "<=") else right - left
        inside = step(difference)
        strict = relation in (">", "<")
        return (inside if strict else 1 - inside), left, right, strict

    def indicator(self, token: Token) -> sympy.Expr:
        """``\\mathbb{1}_{z>0}``, ``\\mathbb{1}\\{z > 0\\}``, ``𝟙(z > 0)``."""
        if self.at("op", "_"):
            self.take()
        if not self.at("op", "( [ {"):
            raise self.error("the indicator takes a condition, as in \\mathbb{1}_{z>0}", token)
        opening = self.take()
        value = self.condition(opening)
        self.expect_closing(opening)
        self.note("read the indicator as 1 where its condition holds and 0 elsewhere")
        return value

    def where_call(self, token: Token) -> sympy.Expr:
        """``np.where(z > 0, a, b)``: a where the condition holds, b elsewhere."""
        if not self.at("op", "("):
            raise self.error("np.where takes (condition, value, other)", token)
        opening = self.take()
        chosen = self.condition(opening)
        values = []
        for _ in range(2):
            if not self.at("op", ","):
                raise self.error(f"np.where takes (condition, value, other); expected ',', "
                                 f"found {describe(self.peek())}", self.peek())  # fmt: skip
            self.take()
            with self.nested(opening):
                values.append(self.expression())
        self.expect_closing(opening)
        typed = self.text[token.pos : token.end]
        self.note(f"read {typed}(condition, a, b) as a where the condition holds, b elsewhere")
        return self.build.add([values[0] * chosen, (1 - chosen) * values[1]], token)

    def conditional(self, value: sympy.Expr, start: Token) -> sympy.Expr:
        """``value if condition else other``, the ``if`` next."""
        word = self.take()
        chosen = self.condition(word)
        if not self.at("word", "else"):
            raise self.error(f"expected 'else' after the condition, found {describe(self.peek())}",
                             self.peek())  # fmt: skip
        self.take()
        other = self.expression()
        return self.build.add([value * chosen, (1 - chosen) * other], start)

    def cases(self) -> sympy.Expr:
        """``\\begin{cases} ... \\end{cases}``: rows of ``value & condition``."""
        opening = self.take()
        rows: list[tuple[sympy.Expr, _Condition | None, Token]] = []
        while True:
            value = self.expression()
            if self.at("op", ",") and self.at("op", "&", 1):
                self.take()  # "1, & x > 0": a comma before the & is punctuation
            if not self.at("op", "&"):
                raise self.error(f"each case is 'value & condition'; expected '&', found "
                                 f"{describe(self.peek())}", self.peek())  # fmt: skip
            ampersand = self.take()
            if self.at("word", "if"):
                self.take()
            where = self.peek()
            if self.at("word", " ".join(_OTHERWISE)):
                self.take()
                rows.append((value, None, where))
            else:
                rows.append((value, self._comparison(ampersand), where))
            if self.at("op", "endcases"):
                self.take()
                break
            if not self.at("op", "\\"):
                raise self.error(f"expected \\\\ between cases or \\end{{cases}}, found "
                                 f"{describe(self.peek())}", self.peek())  # fmt: skip
            self.take()
        return self._first_match(rows, opening)

    def _first_match(self, rows: list[tuple[sympy.Expr, _Condition | None, Token]],
                     opening: Token) -> sympy.Expr:  # fmt: skip
        if len(rows) < 2:
            raise self.error("a piecewise function needs two cases or more", opening)
        result, last, token = rows[-1]
        if last is not None:
            previous = [c for _, c, _ in rows[:-1]]
            if len(previous) == 1 and previous[0] is not None \
                    and _split_at_a_point(previous[0], last):
                return self._with_gap(rows, token)
            if len(previous) != 1 or previous[0] is None \
                    or sympy.expand(last[0] + previous[0][0] - 1) != 0:
                raise self.error("the last case must be 'otherwise', or the opposite of the "
                                 "first (x > 0, then x ≤ 0)", token)  # fmt: skip
        for value, chosen, token in reversed(rows[:-1]):
            if chosen is None:
                raise self.error("only the last case may be 'otherwise'", token)
            result = value * chosen[0] + (1 - chosen[0]) * result
        return result

    def _with_gap(self, rows: list[tuple[sympy.Expr, _Condition | None, Token]],
                  token: Token) -> sympy.Expr:  # fmt: skip
        """``0 & x < 0 \\ 1 & x > 0``: the cases say nothing at x = 0. Read only where they
        jump there (a kink, where no derivative exists; the reading takes 0 there, as the
        engine's ReLU′(0) = 0): where they meet, the value at x = 0 is missing, not a kink."""
        from chainrule.calculus.printing import to_text

        (first, (chosen, left, right, _), _), (second, (other, *_), _) = rows
        point = f"{to_text(left)} = {to_text(right)}"
        solved = _solve_linear(left - right)
        if solved is None:
            raise self.error(f"the cases leave {point} undefined; write ≤ or ≥ in one of them",
                             token)  # fmt: skip
        if sympy.simplify((first - second).xreplace(solved)) == 0:
            raise self.error(f"the cases leave {point} undefined, though both give the same "
                             f"value there: write ≤ or ≥ in one of them to say its value",
                             token)  # fmt: skip
        self.note(f"the cases leave {point} undefined, where they jump (a kink: no derivative "
                  f"exists there); read as 0 at {point}, as the engine's ReLU′(0) = 0 (and "
                  f"PyTorch's)")  # fmt: skip
        return first * chosen + second * other

    def bars(self) -> sympy.Expr:
        """``|x|`` or ``‖x‖``, ``‖W‖_F``: the parser standing at the opening bar."""
        opening = self.take()
        self.open_bars += 1
        try:
            with self.nested(opening):
                inner = self.expression()
        finally:
            self.open_bars -= 1
        if not self.at("op", opening.text):
            raise self.error(f"expected '{opening.text}' to close the '{opening.text}' here, "
                             f"found {describe(self.peek())}", opening)  # fmt: skip
        self.take()
        if opening.text == "|":
            return absolute(inner)
        return self._norm(inner, opening)

    def _norm(self, inner: sympy.Expr, opening: Token) -> sympy.Expr:
        kind = self.script_text() if (self.at("op", "_") or self.at("sub")) else ""
        if not isinstance(inner, sympy.Symbol) or symbol_parts(inner).subscript:
            raise self.error("a norm ‖x‖ is read of one name, a vector x or a matrix W",
                             opening)  # fmt: skip
        parts = symbol_parts(inner)
        if kind not in ("", "2", "F"):
            raise self.error(f"the norms read are ‖x‖, ‖x‖_2 and ‖W‖_F; got _{kind}", opening)
        matrix = kind == "F" or (not kind and parts.base[:1].isupper())
        free = [c for c in "ijklnpq" if c not in self.text]
        i, j = ([*free, "i", "j"])[:2]
        if matrix:
            square = make_symbol(parts.base, i + j, parts.layer) ** 2
            total = self.build.index_sum(self.build.index_sum(square, j, opening), i, opening)
            self.note(f"read ‖{parts.base}‖ as √(Σ_{i} Σ_{j} {parts.base}_{i}{j}²)")
        else:
            total = self.build.index_sum(make_symbol(parts.base, i, parts.layer) ** 2, i, opening)
            self.note(f"read ‖{parts.base}‖ as √(Σ_{i} {parts.base}_{i}²)")
        return sympy.sqrt(total)


def _split_at_a_point(first: _Condition, last: _Condition) -> bool:
    """Whether two strict conditions are opposite sides of one boundary: x < 0 and x > 0."""
    return first[3] and last[3] and sympy.expand(
        (first[1] - first[2]) * (last[1] - last[2])) != 0 and _opposite(first, last)


def _opposite(first: _Condition, last: _Condition) -> bool:
    """``[a > b]`` and ``[a < b]``: their step functions' arguments are opposite."""
    (one,), (two,) = first[0].args, last[0].args
    return sympy.expand(one + two) == 0


def _solve_linear(difference: sympy.Expr) -> dict[sympy.Symbol, sympy.Expr] | None:
    """A point of ``difference = 0``, from a symbol it is linear in (x = 0, w·x = 0 at w = 0)."""
    for symbol in sorted(difference.free_symbols, key=str):
        slope = sympy.diff(difference, symbol)
        if slope != 0 and not slope.has(symbol):
            return {symbol: sympy.solve(difference, symbol)[0]}
    return None
