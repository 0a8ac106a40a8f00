"""Symbolic confirmation of a numeric verdict, within a time bound.

The numbers decide; SymPy only confirms. Simplification can take unbounded time on what a
learner types (``(a+b+c)^999``), and a thread cannot be stopped, so where the platform can
fork, the work runs in a forked child that is killed at the deadline (forking copies the
already imported SymPy: a few milliseconds). Elsewhere only size-bounded cheap steps run.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Mapping

import sympy

MAX_OPS = 400  # larger differences are not attempted
SIMPLIFY_OPS = 120  # sympy.simplify only below this size
TIME_LIMIT = 0.6  # seconds for the whole confirmation


def confirm_equal(claim: sympy.Expr, truth: sympy.Expr, limit: float = TIME_LIMIT) -> bool | None:
    """True when SymPy shows ``claim - truth == 0``; None when it could not in time."""
    difference = claim - truth
    if sympy.count_ops(difference) > MAX_OPS:
        return None
    return _bounded(lambda: _is_zero(difference), limit)


def confirm_differs(
    claim: sympy.Expr, truth: sympy.Expr, point: Mapping[sympy.Symbol, float],
    limit: float = TIME_LIMIT,
) -> bool | None:
    """True when ``claim - truth`` is exactly non-zero at ``point`` (30-digit evaluation)."""
    difference = claim - truth
    if sympy.count_ops(difference) > MAX_OPS:
        return None
    exact = {s: sympy.nsimplify(v, rational=True) for s, v in point.items()}
    return _bounded(lambda: _nonzero_at(difference, exact), limit)


def _is_zero(difference: sympy.Expr) -> bool | None:
    if sympy.expand(difference) == 0:
        return True
    exponential = difference.rewrite(sympy.exp)
    expanded = sympy.expand(exponential)
    groups = _groups_sharing_exponentials(sympy.Add.make_args(expanded))
    if len(groups) > 1 and all(_cancels(sympy.Add(*group)) for group in groups):
        return True
    if _cancels(expanded):
        return True
    if sympy.count_ops(difference) <= SIMPLIFY_OPS and sympy.simplify(exponential) == 0:
        return True
    return None


def _cancels(expression: sympy.Expr) -> bool:
    return sympy.cancel(sympy.together(expression)) == 0


def _groups_sharing_exponentials(terms: tuple[sympy.Expr, ...]) -> list[list[sympy.Expr]]:
    """The terms in groups that share no ``exp(...)``; terms free of it form one group.

    A sum of unit by unit derivatives (``Σᵢ``) has one group per unit: brought to one common
    denominator as a whole it takes several times longer to cancel, and each group that is
    zero on its own makes the whole sum zero.
    """
    groups: list[tuple[set[sympy.Expr | None], list[sympy.Expr]]] = []
    for term in terms:
        keys: set[sympy.Expr | None] = set(term.atoms(sympy.exp)) or {None}
        members = [term]
        for group in [g for g in groups if g[0] & keys]:
            groups.remove(group)
            keys |= group[0]
            members = group[1] + members
        groups.append((keys, members))
    return [members for _, members in groups]


def _nonzero_at(difference: sympy.Expr, point: Mapping[sympy.Symbol, sympy.Expr]) -> bool | None:
    value = difference.xreplace(dict(point)).evalf(30)
    if not value.is_number or value.has(sympy.nan, sympy.zoo):
        return None
    return True if abs(complex(value)) > 1e-20 else None


def _bounded(work: Callable[[], bool | None], limit: float) -> bool | None:
    """Run ``work`` in a forked child and give up after ``limit`` seconds."""
    if sys.platform != "linux":
        return None
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        try:
            sender.send(work())
        except Exception:  # any failure means "not confirmed"
            sender.send(None)

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()
    try:
        result = receiver.recv() if receiver.poll(limit) else None
    except EOFError:  # the child died without an answer
        result = None
    if process.is_alive():
        process.kill()
    process.join(0.1)
    receiver.close()
    return result
