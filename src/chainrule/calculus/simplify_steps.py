"""The steps after the rules: from the raw derivative to the textbook form, as data.

Each step holds the expression ``before`` and ``after`` and what was done; ``eval()`` returns
``after``. All but :class:`AssumeStep` keep the function the same (checked at run time);
:class:`AssumeStep` uses a stated assumption such as Σ y = 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy


@dataclass(frozen=True)
class Simplification:
    """One rewriting of the derivative, ``before`` -> ``after``."""

    before: sympy.Expr
    after: sympy.Expr

    def eval(self) -> sympy.Expr:
        """The expression after this step."""
        return self.after


@dataclass(frozen=True)
class TidyStep(Simplification):
    """Common factors pulled out: ``(1 − x²)(2x − 2y)`` -> ``2(x − y)(1 − x²)``."""


@dataclass(frozen=True)
class SigmoidFormStep(Simplification):
    """Written with σ(u) = 1/(1 + e^{−u}): e^{−u} = (1 − σ(u))/σ(u); ``arguments`` are the u."""

    arguments: tuple[sympy.Expr, ...]


@dataclass(frozen=True)
class CollectStep(Simplification):
    """Multiplied out, then the terms of each softmax output ``around`` gathered."""

    around: tuple[sympy.Expr, ...]


@dataclass(frozen=True)
class AssumeStep(Simplification):
    """A stated assumption used, e.g. ``Eq(y_1 + y_2, 1)`` (one-hot or probability targets)."""

    assumption: sympy.Eq


@dataclass(frozen=True)
class WhereStep(Simplification):
    """Written with the caller's names, e.g. ``a = tanh(s)``: ``1 − tanh²(s)`` -> ``1 − a²``."""

    definitions: tuple[tuple[sympy.Symbol, sympy.Expr], ...]
