"""What a check compares: a claim, the true derivative, and how to sample their variables.

Both the free form (``check CLAIM --of EXPR --wrt VAR --where ...``) and the network form
build a :class:`Problem`; the verdict and the diagnoses read nothing else.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy


@dataclass(frozen=True)
class Link:
    """An intermediate made by an activation, ``output = f(argument)``.

    Attributes
    ----------
    output : the intermediate's symbol, e.g. ``x`` for ``x = tanh(s)``.
    function : the activation's name, e.g. ``"tanh"``.
    argument : its input, e.g. ``s``.
    at_signal : ``f'(argument)``, the factor the chain rule brings in, e.g. ``1 - tanh(s)**2``.
    at_output : ``f'(output)``, the same derivative wrongly applied to the output.
    from_output : ``f'`` written with the output when it can be, e.g. ``1 - x**2``; else None.
    """

    output: sympy.Symbol
    function: str
    argument: sympy.Expr
    at_signal: sympy.Expr
    at_output: sympy.Expr
    from_output: sympy.Expr | None = None


@dataclass(frozen=True)
class SumTerms:
    """A sum inside the true derivative, ``Σ_index terms``, for the missing-sum diagnosis."""

    index: str
    terms: tuple[sympy.Expr, ...]

    @property
    def total(self) -> sympy.Expr:
        return sympy.Add(*self.terms)


@dataclass(frozen=True)
class KnownMistake:
    """A mistake particular to one problem: what a learner who made it would have written.

    Attributes
    ----------
    code : a code of :data:`chainrule.check.result.DIAGNOSES`.
    message : the sentence for the learner.
    model : the wrong formula, in the problem's variables (evaluated at the sample points).
    """

    code: str
    message: str
    model: sympy.Expr


@dataclass(frozen=True)
class Problem:
    """Everything the verdict needs.

    Attributes
    ----------
    claim : the learner's formula, in the learner's symbols (intermediates kept as symbols).
    truth : the true derivative written, where possible, in the claim's symbols.
    truth_full : the true derivative in the independent variables only.
    wrt : the variable of differentiation.
    of : the function differentiated (for the loss-convention hint), or None.
    quantity : how messages name the derivative, e.g. ``"∂e/∂s"`` or ``"δ₁⁽ᴸ⁾"``.
    where : intermediates in computing order, ``(symbol, definition)``.
    domains : sampling interval of an independent variable, when not the default.
    counts : symbols that count samples (``N``); sampled as integers.
    simplex_groups : groups of variables (targets) that may be required to sum to 1.
    assume_simplex : sample those groups so that they sum to 1.
    simplex_reason : why they do, when the network says so (its targets are class labels).
    links : the activations between ``wrt`` and the function.
    sums : sums in the truth (for the missing-sum diagnosis).
    signal : whether ``wrt`` is the input of an activation (a δ in some notation).
    sign_hint : what the sign diagnosis adds about δ conventions; a default when None.
    mistakes : mistakes particular to this problem, tried after the general ones that come
        before ``missing_sum``.
    names : how results print a symbol where its parser name is not how the notation writes
        it (CS231n's ``(z₂)₁`` for ``z_1^(2)``); the others print as :func:`symbol_text`.
    """

    claim: sympy.Expr
    truth: sympy.Expr
    truth_full: sympy.Expr
    wrt: sympy.Symbol
    of: sympy.Expr | None = None
    quantity: str = ""
    where: tuple[tuple[sympy.Symbol, sympy.Expr], ...] = ()
    domains: Mapping[sympy.Symbol, tuple[float, float]] = field(default_factory=dict)
    counts: tuple[sympy.Symbol, ...] = ()
    simplex_groups: tuple[tuple[sympy.Symbol, ...], ...] = ()
    assume_simplex: bool = False
    simplex_reason: str = ""
    links: tuple[Link, ...] = ()
    sums: tuple[SumTerms, ...] = ()
    signal: bool = False
    sign_hint: str | None = None
    mistakes: tuple[KnownMistake, ...] = ()
    names: Mapping[sympy.Symbol, str] = field(default_factory=dict)

    def name(self, symbol: sympy.Symbol) -> str:
        """``symbol`` as results print it."""
        from chainrule.calculus.printing import symbol_text

        return self.names.get(symbol) or symbol_text(symbol.name)

    @property
    def intermediates(self) -> tuple[sympy.Symbol, ...]:
        return tuple(symbol for symbol, _ in self.where)

    @functools.cached_property
    def independents(self) -> tuple[sympy.Symbol, ...]:
        """Every variable that is sampled rather than computed, sorted by name (computed
        once: a network's problem has large expressions, and the verdict asks per point)."""
        symbols = set(self.claim.free_symbols) | set(self.truth_full.free_symbols) | {self.wrt}
        symbols |= set(self.truth.free_symbols)
        for _, definition in self.where:
            symbols |= definition.free_symbols
        symbols -= set(self.intermediates)
        return tuple(sorted(symbols, key=lambda s: s.name))

    @property
    def condition_text(self) -> str:
        """The condition a simplex group stands for, e.g. ``Σ y = 1``."""
        from chainrule.calculus.printing import symbol_text
        from chainrule.calculus.symbols import symbol_parts

        bases = sorted({symbol_parts(group[0]).base for group in self.simplex_groups})
        text = " and ".join(f"Σ {symbol_text(base)} = 1" for base in bases)
        return f"{text}: {self.simplex_reason}" if self.simplex_reason and text else text
