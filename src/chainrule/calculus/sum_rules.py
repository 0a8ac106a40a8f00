r"""Grammar rules for sums over an index: ``\sum_{j} w_{ij} \delta_j``, ``sum_k``, ``Σᵢ``, and
with limits, ``\sum_{k=1}^{K}``, ``sum_{k=1}^3``, ``Σₖ₌₁ᴷ``; products ``\prod_{i=1}^{3}``,
``∏``, ``Π`` with numbers as limits, written out.

The body of a sum is the whole product after it (``\sum_k (t_k - a_k)^2``). A sum with a number
as its upper limit is written out at once (``\sum_{k=1}^{3} x_k`` is x₁ + x₂ + x₃, and the echo
says so); with a name as its upper limit (K, n, m) it is kept, and written out once the size is
given (``--where K=3``; see :func:`chainrule.calculus.expand_sums`).
"""

from __future__ import annotations

import sympy

from chainrule.calculus.calls import CallRules
from chainrule.calculus.functions import UnitSet
from chainrule.calculus.lexer import Token
from chainrule.calculus.sum_scope import SumSpan
from chainrule.calculus.sums import at_index, expand_sums_over

_MAX_TERMS = 50
#: The sets of units a sum may run over, with how many names they take (Mitchell's
#: ``outputs``; ``Downstream(h)``, the units whose inputs include h's output).
UNIT_SETS = {"outputs": 1, "output": 1, "downstream": 2}


class SumRules(CallRules):
    """The rules that read a sum's index, its limits and its body."""

    def index_sum(self, token: Token, product: bool = False) -> sympy.Expr:
        """A sum, or with ``product`` a product ``\\prod_{i=1}^{3}`` (written out at once: a
        product is read only with a number as its upper limit)."""
        if not (self.at("op", "_") or self.at("sub")):
            raise self.error("a sum needs its index: \\sum_{j} ... or sum_j(...)", token)
        units = None
        if not product and self.at("op", "{", 1) and self.at("op", "∈", 3):
            index, units = self._index_in_set(token)
            lower = None
        else:
            index, lower = self._index_and_start(token)
        upper = self._upper_limit() if (self.at("op", "^") or self.at("sup")) else None
        if units is not None and upper is not None:
            raise self.error("a sum over a named set of units has no upper limit", token)
        if lower is not None and upper is None:
            raise self.error(f"the sum from {index} = {lower} needs its upper limit, e.g. "
                             f"\\sum_{{{index}={lower}}}^{{K}}", token)  # fmt: skip
        if product and (upper is None or not upper.is_Integer):
            raise self.error("a product Π is read with its limits written as numbers, as in "
                             "\\prod_{i=1}^{3} x_i; or write the factors out", token)  # fmt: skip
        with self.nested(token):
            body = self.term()  # the whole product: \sum_j (a_j) b_j is one sum
        self.sums.append(SumSpan(index, token.pos, self.peek().pos))
        if product:
            return self._product(body, index, 1 if lower is None else lower, int(upper), token)
        if upper is None:
            return self.build.index_sum(body, index, token, units)
        return self._limited(body, index, 1 if lower is None else lower, upper, token)

    def _index_in_set(self, token: Token) -> tuple[str, UnitSet]:
        """``_{k \\in outputs}``, ``_{k \\in Downstream(h)}`` (Mitchell): the index, its set
        kept for the checker to find in the network."""
        self.take()
        opening, index = self.take(), self.take()
        self.take()  # ∈
        name = self.take()
        if index.kind != "word" or not index.text.isalpha() or name.kind != "word" \
                or name.text.lower() not in UNIT_SETS:
            raise self.error("a sum over a set is read over the network's units: "
                             "\\sum_{k \\in outputs} or \\sum_{k \\in Downstream(h)}",
                             token)  # fmt: skip
        arguments = [sympy.Symbol(name.text.lower())]
        if self.at("op", "("):
            bracket = self.take()
            unit = self.take()
            if unit.kind not in ("word", "num"):
                raise self.error("Downstream takes one unit, as in Downstream(h)", unit)
            self.expect_closing(bracket)
            arguments.append(sympy.Symbol(unit.text))
        if (UNIT_SETS[name.text.lower()] == 2) != (len(arguments) == 2):
            raise self.error(f"write {name.text}(h) for the units after h, or outputs for "
                             f"the output units", name)  # fmt: skip
        self.expect_closing(opening)
        units = UnitSet(*arguments)
        self.note(f"read the sum over {index.text} ∈ {units.written()} as a sum over those "
                  f"units of the network")  # fmt: skip
        return index.text, units

    def _index_and_start(self, token: Token) -> tuple[str, int | None]:
        """``_j`` -> (j, None); ``_{k=1}``, ``ₖ₌₁`` -> (k, 1)."""
        if self.at("op", "_") and self.at("op", "{", 1) and self.at("op", "=", 3):
            self.take()
            opening = self.take()
            index = self.take().text
            self.take()
            start = self._integer(self.take(), "the start of a sum")
            self.expect_closing(opening)
        else:
            text = self.script_text()
            index, equals, first = text.partition("=")
            start = self._integer(Token("num", first, token.pos, token.end), "the start of a "
                                  "sum") if equals else None  # fmt: skip
        if not index.isalpha():
            raise self.error(f"the index of a sum is a name like j; got '{index}'", token)
        return index, start

    def _integer(self, token: Token, what: str) -> int:
        if not token.text.isdigit() or int(token.text) > _MAX_TERMS:
            raise self.error(f"{what} is a whole number from 0 to {_MAX_TERMS}; got "
                             f"'{token.text}'", token)  # fmt: skip
        return int(token.text)

    def _upper_limit(self) -> sympy.Expr:
        caret = self.take()
        upper = self.exponent_from(caret)
        if upper.is_Integer and 0 <= upper <= _MAX_TERMS:
            return upper
        if upper.is_Symbol:
            return upper
        raise self.error(f"the upper limit of a sum is a whole number up to {_MAX_TERMS} or a "
                         f"name such as K; got {upper}", caret)  # fmt: skip

    def _limited(self, body: sympy.Expr, index: str, lower: int, upper: sympy.Expr,
                 token: Token) -> sympy.Expr:  # fmt: skip
        if upper.is_Integer:
            labels = [str(k) for k in range(lower, int(upper) + 1)]
            if not labels:
                raise self.error(f"the sum from {lower} to {upper} has no terms", token)
            self.build.count(token, len(labels) * (sympy.count_ops(body) + 1))
            self.note(f"wrote out the sum over {index} = {lower}..{upper}")
            total = self.build.index_sum(body, index, token)
            return expand_sums_over(total, {index: labels})
        if lower != 1:
            raise self.error(f"a sum up to {upper} starts at {index} = 1 here; write "
                             f"\\sum_{{{index}=1}}^{{{upper}}}", token)  # fmt: skip
        return self.build.index_sum(body, index, token, upper)

    def _product(self, body: sympy.Expr, index: str, lower: int, upper: int,
                 token: Token) -> sympy.Expr:  # fmt: skip
        labels = [str(k) for k in range(lower, upper + 1)]
        if not labels:
            raise self.error(f"the product from {lower} to {upper} has no factors", token)
        self.build.count(token, len(labels) * (sympy.count_ops(body) + 1))
        self.note(f"wrote out the product over {index} = {lower}..{upper}")
        return sympy.Mul(*[at_index(body, index, label) for label in labels])
