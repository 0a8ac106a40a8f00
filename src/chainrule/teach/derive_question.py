"""A formula to derive: the function, its variable and its step-by-step derivative.

Typed in ``--ask`` as ``derive sigmoid`` (a function of :data:`PLEASANT` by name), ``derive any``
(one of them drawn from each variant's seed) or ``derive: 1/(1+exp(-x)) wrt x`` (any formula the
formula grammar reads). The key shows the derivation ``chainrule derive`` writes; the student's
formula is graded by the free-form checker, so equivalent forms are accepted.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import sympy

from chainrule.calculus.derive import Derivation, derive
from chainrule.calculus.printing import to_text
from chainrule.errors import ConfigError

DERIVE = "derive"
ANY = "any"
#: Functions whose derivation a student can work by hand: name → (function, variable).
PLEASANT: dict[str, tuple[str, str]] = {
    "sigmoid": ("1/(1+exp(-x))", "x"),
    "tanh": ("tanh(x)", "x"),
    "softplus": ("log(1+exp(x))", "x"),
    "tanh_squared_error": ("(tanh(s) - y)^2", "s"),
    "sigmoid_squared_error": ("(1/(1+exp(-s)) - y)^2/2", "s"),
}


@dataclass(frozen=True)
class ToDerive:
    """The function (as typed, plain math) and the variable of a derive question."""

    function: str
    wrt: str

    def derivation(self) -> Derivation:
        """The step-by-step derivation, checked against ``sympy.diff`` by ``derive``."""
        return derive(self.function, wrt=self.wrt)


def is_derive(ask: str) -> bool:
    """Whether the typed question asks for a formula to derive."""
    head = ask.lower()
    return head.startswith(DERIVE + ":") or head.startswith(DERIVE + " ")


def read_derive(ask: str, seed: int = 0) -> ToDerive:
    """``"derive sigmoid"``, ``"derive any"`` (drawn with ``seed``) or
    ``"derive: FORMULA wrt VARIABLE"`` as a function and its variable."""
    rest = ask[len(DERIVE):].strip()
    if rest.startswith(":"):
        formula, sep, wrt = rest[1:].rpartition(" wrt ")
        if not sep or not formula.strip() or not wrt.strip():
            raise ConfigError(f"a formula to derive is written 'derive: FORMULA wrt VARIABLE', "
                              f"e.g. 'derive: 1/(1+exp(-x)) wrt x'; got {ask!r}")
        return ToDerive(formula.strip(), wrt.strip())
    if rest == ANY:  # each student's own, reproducible from the seed
        return ToDerive(*PLEASANT[random.Random(seed).choice(sorted(PLEASANT))])
    if rest not in PLEASANT:
        raise ConfigError(f"'derive' takes one of {', '.join(PLEASANT)} or 'any', or a formula "
                          f"as 'derive: 1/(1+exp(-x)) wrt x'; got {ask!r}")
    return ToDerive(*PLEASANT[rest])


@dataclass(frozen=True)
class Derived:
    """A derive question's truth: the derivative's name (the unevaluated ``d/dx [f]``, a SymPy
    tree), the derivative as plain text (what the exercise file records) and as a SymPy
    expression, and the derivation for the key."""

    name: Any
    text: str
    formula: Any
    derivation: Derivation


def derived(problem: ToDerive) -> Derived:
    work = problem.derivation()
    return Derived(sympy.Derivative(work.expr, work.wrt), to_text(work.result), work.result,
                   work)
