"""The free form: is CLAIM the derivative of EXPR with respect to VAR?

``--where`` names intermediate quantities (``x = tanh(s)``, ``a = σ(z)``) so the claim may use
a unit's output, as textbooks do; they are computed from the independent variables, never
sampled on their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

import sympy

from chainrule.calculus.budget import CHECK_SECONDS, deadline
from chainrule.calculus.functions import IndexSum
from chainrule.calculus.printing import derivative_text, symbol_text, writes_partial
from chainrule.calculus.sums import write_out_sized_sums
from chainrule.calculus.symbols import symbol_parts
from chainrule.check.chain import links_to, substitute, total_derivative
from chainrule.check.formulas import (
    Formula,
    read,
    read_declarations,
    read_symbol,
    read_where,
)
from chainrule.check.problem import Problem
from chainrule.check.result import CheckResult
from chainrule.check.sum_sizes import sizes_note, written_at_sizes
from chainrule.check.verdict import decide
from chainrule.errors import ConfigError, ParseError, one_of

COUNT_NAMES = ("N", "n_samples")  # symbols that count samples: 1/N of a mean
TARGET_BASES = ("y", "t", "ydot")  # bases of targets that may have to sum to 1


def check_derivative(
    claim: Formula,
    of: Formula,
    wrt: str | sympy.Symbol,
    where: Mapping[str | sympy.Symbol, Formula] | Iterable[str] | None = None,
    *,
    sum_to_one: Iterable[str] = (),
    functions: Mapping[str, str] | None = None,
) -> CheckResult:
    r"""Check whether ``claim`` is the derivative of ``of`` with respect to ``wrt``.

    Parameters
    ----------
    claim, of : str or sympy.Expr
        Formulas in plain math or LaTeX (``"2(x-y)(1-x^2)"``, ``"\frac{1}{1+e^{-z}}"``).
    wrt : str or sympy.Symbol
        The variable, e.g. ``"s"``.
    where : mapping or list of ``"NAME=EXPR"``, optional
        Intermediates, e.g. ``{"x": "tanh(s)"}``, computed from the other variables.
    sum_to_one : iterable of str
        Bases of target groups assumed to sum to 1, e.g. ``["y"]`` for ``y_1 + y_2 = 1``.
    functions : mapping, optional
        What θ and g stand for, e.g. ``{"θ": "tanh"}`` (see :func:`chainrule.calculus.parse`).

    Returns
    -------
    CheckResult
        The verdict, and for a wrong claim a diagnosis, a counterexample and the right formula.

    Raises
    ------
    ParseError
        If a formula cannot be read.
    ConfigError
        If the intermediates are circular or the derivative is undefined almost everywhere.
    TooLargeError
        If the check takes more than its budget (``budget.CHECK_SECONDS`` of CPU time).
    """
    with deadline(CHECK_SECONDS, "to check"):
        declared = read_declarations(where, functions)
        notes: list[str] = []  # how words were read, shown above the verdict
        named = read_where(where, functions, notes)
        known = {"bound": tuple(named), "declared": declared, "notes": notes}  # σ = σ(z):
        claim_expr, of_expr = read(claim, functions, **known), read(of, functions, **known)
        sized: set[sympy.Symbol] = set()  # n = 3 for a sum up to n: written out
        for formula in (claim_expr, of_expr):
            _, used, said = write_out_sized_sums(formula, named)
            sized |= used
            notes.extend(note for note in said if note not in notes)
        if sized:
            sizes = {name: named[name] for name in sized}
            claim_expr, of_expr = (write_out_sized_sums(e, sizes)[0] for e in (claim_expr, of_expr))
            named = {name: value for name, value in named.items() if name not in sized}
        variable = read_symbol(wrt)
        sized_out = written_at_sizes(claim_expr, of_expr, variable, named)
        if sized_out is None:
            result = decide(free_problem(  # σ(1 − σ) is a product
                claim_expr, of_expr, variable, named, sum_to_one=tuple(sum_to_one)))
        else:  # a sum without a size: right at every size, or wrong
            results = [decide(free_problem(w.claim, w.of, w.wrt, w.where,
                                           sum_to_one=tuple(sum_to_one))) for w in sized_out]
            result = next((r for r in results if not r.correct), results[-1])
            indices = sorted({n.index.name for n in (claim_expr + of_expr).atoms(IndexSum)})
            notes.append(sizes_note(sized_out, indices))
        return replace(result, reading=(*notes, *result.reading)) if notes else result


def free_problem(
    claim: sympy.Expr,
    of: sympy.Expr,
    wrt: sympy.Symbol,
    where: Mapping[sympy.Symbol, sympy.Expr],
    sum_to_one: tuple[str, ...] = (),
    domains: Mapping[sympy.Symbol, tuple[float, float]] | None = None,
) -> Problem:
    """The :class:`Problem` of the free form, from SymPy expressions."""
    for name, expr in (("the claim", claim), ("the function", of), *where.items()):
        if expr.has(IndexSum):
            raise ParseError(
                f"{name} has a sum over an index; write its terms out in the free form"
            )
    ordered = _in_order(where)
    keep = claim.free_symbols & set(where) - {wrt}
    differentiable = {u: d for u, d in where.items() if u != wrt}
    truth_full = sympy.diff(substitute(of, differentiable), wrt)
    truth = total_derivative(of, wrt, where, keep)
    links = links_to(wrt, where, keep)
    independents = (claim.free_symbols | of.free_symbols | {wrt}) - set(where)
    for definition in where.values():
        independents |= definition.free_symbols - set(where)
    groups = _target_groups(independents)
    assumed = _assumed_groups(groups, sum_to_one)
    return Problem(
        claim=claim,
        truth=truth,
        truth_full=truth_full,
        wrt=wrt,
        of=of,
        quantity=_quantity(of, wrt, substitute(of, differentiable)),
        where=ordered,
        domains=dict(domains or {}),
        counts=tuple(s for s in independents if s.name in COUNT_NAMES),
        simplex_groups=groups,
        assume_simplex=bool(assumed),
        links=links,
        signal=any(link.argument == wrt for link in links),
    )


def _assumed_groups(groups: tuple[tuple[sympy.Symbol, ...], ...],
                    sum_to_one: tuple[str, ...]) -> set[str]:  # fmt: skip
    """The bases of ``sum_to_one``, each checked to name a group of targets of the formulas."""
    bases = {symbol_parts(group[0]).base for group in groups}
    for name in sum_to_one:
        if name not in bases:
            if bases:
                raise one_of("sum_to_one", name, bases)
            raise ConfigError(f"`sum_to_one` names a group of targets written like y_1, y_2 "
                              f"(bases {', '.join(TARGET_BASES)}), and the formulas have none; "
                              f"got {name!r}")
    return set(sum_to_one)


def _quantity(of: sympy.Expr, wrt: sympy.Symbol, function: sympy.Expr) -> str:
    """``∂/∂h [(y − h)²]`` as ``chainrule derive`` writes it; ``∂e/∂s`` for a named function,
    ``∂f/∂s`` when the function is too long for a headline."""
    partial = writes_partial(function, wrt)
    text = derivative_text(of, wrt, partial=partial, fraction=of.is_Symbol)
    if len(text) <= 48:
        return text
    return derivative_text(sympy.Symbol("f"), wrt, partial=partial, fraction=True)


def _in_order(
    where: Mapping[sympy.Symbol, sympy.Expr],
) -> tuple[tuple[sympy.Symbol, sympy.Expr], ...]:
    """Intermediates sorted so each comes after those it uses; circles are refused."""
    done: list[sympy.Symbol] = []
    pending = dict(where)
    while pending:
        ready = [u for u, d in pending.items() if not (d.free_symbols & set(pending))]
        if not ready:
            names = ", ".join(symbol_text(u.name) for u in pending)
            raise ConfigError(f"the definitions of {names} refer to each other in a circle")
        for u in sorted(ready, key=lambda s: s.name):
            done.append(u)
            del pending[u]
    return tuple((u, where[u]) for u in done)


def _target_groups(symbols: Iterable[sympy.Symbol]) -> tuple[tuple[sympy.Symbol, ...], ...]:
    """Targets written ``y_1, y_2, …`` (two or more): a group that may have to sum to 1."""
    by_base: dict[str, list[sympy.Symbol]] = {}
    for symbol in symbols:
        parts = symbol_parts(symbol)
        if parts.base in TARGET_BASES and parts.subscript.isdigit() and not parts.layer:
            by_base.setdefault(parts.base, []).append(symbol)
    return tuple(
        tuple(sorted(group, key=lambda s: int(symbol_parts(s).subscript)))
        for _, group in sorted(by_base.items())
        if len(group) >= 2
    )
