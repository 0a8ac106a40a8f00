"""Grammar rules for names: symbols with subscripts and layer tags, calls, and sums.

``x_1^(L)``, ``w_{ij}^{(l)}``, ``x₁⁽ᴸ⁾``: a superscript in parentheses or brackets right after a
symbol is its layer tag, never a power. ``tanh(s)``, ``\\tanh^2 x``, ``θ'(s)``,
``softmax_1(z_1, z_2)``, ``\\sum_{j} w_{ij} \\delta_j`` (the body of a sum is the whole product
after it, as in ``\\sum_k (t_k - a_k)^2``).
"""

from __future__ import annotations

import re

import sympy

from chainrule.calculus.functions import LAYER_FUNCTION
from chainrule.calculus.letter_calls import LetterCallRules
from chainrule.calculus.lexer import Token
from chainrule.calculus.stream import describe
from chainrule.calculus.sum_rules import SumRules
from chainrule.calculus.sum_scope import SymbolUse
from chainrule.calculus.symbols import ACCENTS, GREEK
from chainrule.calculus.words import (
    ACTIVATION_LETTERS,
    CONSTANTS,
    PRODUCT_WORDS,
    SUM_WORDS,
    SUPPORTED_TEXT,
    abbreviation_note,
    function_of,
    split_word,
)

_SCRIPT_OPS = {"+", "-", ","}
#: Why ``d/dx (x^2)`` and ``\\frac{d}{dx}`` are refused rather than read as d·x²/(d·x).
D_OPERATOR = ("d/dx is the operator that differentiates, and a formula cannot contain it: write "
              "the function alone, x^2, and name the variable separately (derive --wrt x)")


class NameRules(SumRules, LetterCallRules):
    """The rules that start at a word token; ``activations`` maps θ, g, σ to a function."""

    activations: dict[str, str]
    bound: frozenset[str]
    declared: dict[str, sympy.Lambda]

    def word(self) -> sympy.Expr:
        if self.peek().text == "d" and self.at("op", "/", 1) and self.at("word", None, 2) \
                and self.peek(2).text.startswith("d"):
            raise self.error(D_OPERATOR, self.peek())
        parts, notes = split_word(self.peek(), self.peek(1), self.text, self.declared)
        self.note(*notes)
        if len(parts) > 1:
            self.tokens[self.i : self.i + 1] = parts
        token = self.take()
        name = token.text
        if name in self.declared and self.at("op", "( '"):
            return self.declared_call(name, token)
        if (function := function_of(name)) is not None:
            following = self.peek()
            if following.kind == "num" and following.pos == token.end and not self.latex \
                    and token.end - token.pos == len(name):  # typed as letters, not √2
                glued = name + following.text  # relu6(x) is ReLU6, not relu(6x)
                raise self.error(f"'{glued}' is not a function chainrule knows; the functions "
                                 f"are {SUPPORTED_TEXT}. Write {name}({following.text}...) "
                                 f"or {name} {following.text}... if that is what you mean",
                                 token)  # fmt: skip
            self.note(*abbreviation_note(name))
            return self.function(function, token)
        if name in SUM_WORDS or (name == "Sigma" and self._script_follows()):
            return self.index_sum(token)
        if name in PRODUCT_WORDS or (name == "Pi" and self._script_follows()):
            return self.index_sum(token, product=True)
        if name == "indicator":
            return self.indicator(token)
        if name == "np.where":
            return self.where_call(token)
        if name in ACTIVATION_LETTERS and name not in self.bound and self._called():
            return self.activation(name, token)
        if self.at("op", "(") and (len(name) == 1 or name in GREEK) and name not in CONSTANTS:
            self.letter_before_parenthesis(name, token)  # Φ(x), η(t - o), h(x)
        if f"read `{name}` as one symbol" in notes and self.at("op", "(") \
                and self.peek().pos == token.end and not self._used_as_symbol(name):
            raise self.error(f"'{name}' is not a function chainrule knows; the functions are "
                             f"{SUPPORTED_TEXT}. Declare it (--where '{name}(x)=...'), or write "
                             f"{name}·(...) for a product", token)  # fmt: skip
        named = self.named_by_command(token)
        if name in ("e", "pi") and not (self.at("op", "_") or self.at("sub")) \
                and not (named and name == "e" and not self.at("op", "^") and not self.at("sup")):
            if name == "e" and self.at("op", "(") and not named:
                self.named_before_parenthesis(name, token, token)  # e(w): the loss e or e·w?
            return sympy.E if name == "e" else sympy.pi  # \mathrm{e} is a name, \mathrm{e}^x exp
        start = self.i
        value = self.symbol(name, token)
        if named and self.note_of_names_follows():
            self.skip_argument_note()  # \mathrm{e}(\mathbf{w}) is the loss e
        elif self.at("op", "(") and (self.i > start or len(name) > 1):
            self.named_before_parenthesis(name, token, self.peek(-1))  # f_1(x), h_θ(x)
        return value

    def _used_as_symbol(self, name: str) -> bool:
        """Whether ``name`` also stands in the formula without a parenthesis after it, as in
        out(1 - out): then it is a symbol there too, and the parenthesis a product."""
        return re.search(rf"(?<![A-Za-z\\]){name}(?![A-Za-z(])", self.text) is not None

    def activation(self, letter: str, token: Token) -> sympy.Expr:
        """``θ(s)``, ``f'(z)``: the function the letter stands for; ``f`` must be given."""
        if letter not in self.activations:
            raise self.error(f"{token.text} is called here but is not a known function: declare "
                             f"it (--where '{token.text}(x)=...'), or write {token.text}·(...) "
                             f"for a product", token)  # fmt: skip
        typed, meaning = self.text[token.pos : token.end], self.activations[letter]
        prime = self.peek() if self.at("op", "'") else None
        if prime is not None:  # σ', or \dot\sigma with its dot before the letter
            start, end = min(prime.pos, token.pos), max(prime.end, token.end)
            typed, meaning = self.text[start:end], f"the derivative of {meaning}"
        if self.activations[letter] == LAYER_FUNCTION:
            what = "the derivative of " if prime is not None else ""
            self.note(f"read `{typed}` as {what}the activation of the layer of its argument")
        else:
            self.note(f"read `{typed}` as {'' if prime else 'the function '}{meaning}")
        return self.function(self.activations[letter], token)

    def declared_call(self, name: str, token: Token) -> sympy.Expr:
        """``f(x)`` or ``f'(x)`` for a function declared as ``f(x) = ...``."""
        lam = self.declared[name]
        primes = 0
        while self.at("op", "'"):
            primes += 1
            self.take()
        if primes > 1:
            raise self.error(f"only a first derivative {name}' can be written", token)
        arguments = self.arguments(token, many=True)
        if len(arguments) != len(lam.variables):
            raise self.error(f"{name} was declared with {len(lam.variables)} argument(s); got "
                             f"{len(arguments)}", token)  # fmt: skip
        body = sympy.diff(lam.expr, lam.variables[0]) if primes else lam.expr
        from chainrule.calculus.printing import to_text

        variables = ", ".join(to_text(v) for v in lam.variables)
        self.note(f"read `{name}{chr(39) * primes}` as declared, {name}({variables}) = "
                  f"{to_text(lam.expr)}")
        return self.build.declared(body, dict(zip(lam.variables, arguments, strict=True)), token)

    def _called(self) -> bool:
        """Whether θ, σ or g is called: ``θ(s)``, ``θ'(s)``, ``θ^2(s)``, ``θ²(s)``."""
        if self.at("op", "( '"):
            return True
        if not (self.at("op", "^") or self.at("sup")) or self._layer_follows():
            return False
        start, nodes, uses, sums = self.i, self.build.nodes, len(self.uses), len(self.sums)
        self.exponent_from(self.take())
        called = self.at("op", "(")
        self.i, self.build.nodes = start, nodes
        del self.uses[uses:], self.sums[sums:]
        return called

    def _script_follows(self) -> bool:
        return self.at("op", "_") or self.at("sub") or self._layer_follows()

    def _layer_follows(self) -> bool:
        if self.at("sup"):
            text = self.peek().text
            return text.startswith("(") and text.endswith(")")
        if not self.at("op", "^"):
            return False
        if self.at("op", "( [", 1):
            return self._tag_like(2)
        if self.at("op", "{", 1) and self.at("op", "( [", 2):  # ^{(l)}: a tag ...
            return not self._arithmetic(3)  # ... but ^{(1 - 1)} is the power 0
        return False

    def _arithmetic(self, ahead: int) -> bool:
        """Whether the bracket before ``ahead`` holds numbers joined by + or − (at least one
        sign): a computed exponent such as ``(1 - 1)``, never a layer's name."""
        signs = 0
        while not self.at("op", ") ]", ahead):
            if not (self.at("num", None, ahead) or self.at("op", "+ -", ahead)):
                return False
            signs, ahead = signs + self.at("op", "+ -", ahead), ahead + 1
        return signs > 0 and self.at("op", "}", ahead + 1)

    def _tag_like(self, ahead: int) -> bool:
        """Whether the bracket before ``ahead`` holds a layer name (``L``, ``l+1``, ``2``), not
        a power such as ``(-1/3)`` or ``(2x)``: names and numbers joined by + or −."""
        if self.at("op", "-", ahead):
            return False
        expect_name = True
        while not self.at("op", ") ]", ahead):
            token = self.peek(ahead)
            if token.kind == "end" or (expect_name and token.kind not in ("word", "num")) \
                    or (not expect_name and not self.at("op", "+ -", ahead)):
                return False
            expect_name, ahead = not expect_name, ahead + 1
        return not expect_name

    def symbol(self, base: str, token: Token) -> sympy.Expr:
        """A name with its subscript and layer tag; a bare ``x^(2)`` is refused as ambiguous
        (``x_1^(2)``, ``x^{(2)}``, ``x⁽²⁾`` and ``δ^(L)`` are layer tags)."""
        subscript, layer, power_like = "", "", None
        while True:
            following, previous = self.peek(), self.peek(-1)
            if self.at("op", "_") or self.at("sub"):
                if subscript:
                    raise self.error("a symbol has one subscript", following)
                subscript = self.script_text()
            elif not subscript and (index := self.bracket_index()) is not None:
                subscript = index  # y[k] is y_k
            elif self._digits_glued(following, previous) and not subscript:
                subscript = self.take().text  # x1 is x_1 (in LaTeX too: Z1 is never Z·1)
            elif self._layer_follows():
                if layer:
                    raise self.error("a symbol has one layer tag", following)
                bare = self.at("op", "(", 1)
                layer = self.layer_tag()
                power_like = following if bare and layer.isdigit() else None
            else:
                if power_like is not None and not subscript:
                    raise self.error(f"{base}^({layer}) could be a power or a layer tag: write "
                                     f"{base}^{layer} for the power, {base}^{{({layer})}} or a "
                                     f"subscript and ^({layer}) for layer {layer}", power_like)
                if subscript in ACCENTS and len(base) == 1:  # y_hat is ŷ
                    base, subscript = base + subscript, ""
                value = self.build.symbol(base, subscript, layer, token)
                self.uses.append(SymbolUse(value, token.pos))
                return value

    def _digits_glued(self, following: Token, previous: Token) -> bool:
        return (following.kind == "num" and following.pos == previous.end
                and following.text.isdigit())  # fmt: skip

    def script_text(self) -> str:
        """The text of a subscript: ``_1``, ``_ij``, ``_{ij}``, ``_{i,j}``, ``₁``."""
        if self.at("sub"):
            return self.take().text
        underscore = self.take()
        if self.at("op", "{"):
            return self._raw_until(self.take(), "}", "subscript")
        if self.at("num") or self.at("word"):
            text = self.take().text
            glued = self.peek()
            if not self.latex and glued.kind == "num" and glued.pos == self.peek(-1).end \
                    and glued.text.isdigit():
                text += self.take().text  # out_o1: the subscript is o1
            return text
        raise self.error(f"expected a subscript after '_', found {describe(self.peek())}",
                         underscore)  # fmt: skip

    def layer_tag(self) -> str:
        """The text of a layer tag: ``^(L)``, ``^{(l+1)}``, ``^{[2]}``, ``⁽ᴸ⁾``."""
        if self.at("sup"):
            token = self.take()
            return self._check_tag(token.text[1:-1], token)
        self.take()
        braced = self.take() if self.at("op", "{") else None
        opening = self.take()
        tag = self._raw_until(opening, ")" if opening.text == "(" else "]", "layer tag")
        if braced is not None:
            self.expect_closing(braced)
        return tag

    def _check_tag(self, tag: str, token: Token) -> str:
        if not tag or not all(c.isalnum() or c in "+-" for c in tag):
            raise self.error("a layer tag is a layer name like (L), (l+1) or (2)", token)
        return tag

    def _raw_until(self, opening: Token, closing: str, what: str) -> str:
        text = ""
        while not self.at("op", closing):
            token = self.take()
            if token.kind not in ("num", "word") and token.text not in _SCRIPT_OPS:
                hint = ""
                if token.text == "=":
                    hint = "; write a sum without limits, \\sum_{j} ..., and expand it later"
                if what == "layer tag":
                    hint = "; a superscript in parentheses is a layer tag, for a power write ^{...}"
                raise self.error(f"{describe(token)} cannot be part of a {what}{hint}", token)
            text += token.text
        self.take()
        if not text:
            raise self.error(f"empty {what}", opening)
        return text
