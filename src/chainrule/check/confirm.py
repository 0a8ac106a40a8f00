"""Symbolic confirmation of a numeric verdict, within a time bound.

The numbers decide; SymPy only confirms. Simplification can take unbounded time on what a
learner types (``(a+b+c)^999``), and a thread cannot be stopped, so where the platform can
fork, the work runs in a forked child that is killed at the deadline (forking copies the
already imported SymPy: a few milliseconds), and that dies with its parent. Elsewhere only
size-bounded cheap steps run.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from multiprocessing.connection import Connection

import sympy

from chainrule.calculus.budget import end_with_parent

MAX_OPS = 400  # larger differences are not attempted
SIMPLIFY_OPS = 120  # sympy.simplify only below this size
TIME_LIMIT = 0.6  # CPU seconds for the whole confirmation
WALL_FACTOR = 5  # the wall-clock bound, in TIME_LIMITs, on a machine busy with other work
_POLL = 0.02  # seconds between looks at the child
DIGITS = 50  # precision of the exact evaluation at a point, beyond the values' own digits
MAX_DIGITS = 2000  # most digits of one evaluation


def confirm_equal(claim: sympy.Expr, truth: sympy.Expr, limit: float = TIME_LIMIT) -> bool | None:
    """True when SymPy shows ``claim - truth == 0``; None when it could not in time."""
    difference = claim - truth
    if sympy.count_ops(difference) > MAX_OPS:
        return None
    return bounded(lambda: _is_zero(difference), limit)


def confirm_differs(
    claim: sympy.Expr, truth: sympy.Expr, point: Mapping[sympy.Symbol, float],
    limit: float = TIME_LIMIT,
) -> bool | None:
    """True when ``claim - truth`` is exactly non-zero at ``point`` (high-precision evaluation)."""
    found = first_difference(claim, truth, [point], limit)
    return True if found is not None else None


def first_difference(
    claim: sympy.Expr, truth: sympy.Expr, points: Sequence[Mapping[sympy.Symbol, float]],
    limit: float = TIME_LIMIT,
) -> tuple[int, float] | None:
    """The first of ``points`` where ``claim - truth`` is exactly non-zero, and the difference.

    Each point's floats are taken as the exact rationals they are, decimals in the formulas as
    the decimals they are written as, and both sides are evaluated to ``DIGITS`` digits: a
    difference far below what float64 numbers can show (``2x + 10⁻²⁰`` against ``2x``) is found.
    None when no point shows one in time (or the formulas are too large to try).
    """
    if sympy.count_ops(claim) + sympy.count_ops(truth) > MAX_OPS:
        return None
    claim, truth = _decimals_exact(claim), _decimals_exact(truth)
    exact = [{s: sympy.nsimplify(v, rational=True) for s, v in p.items()} for p in points]

    def work() -> tuple[int, float] | None:
        for index, at in enumerate(exact):
            difference = _difference_at(claim, truth, at)
            if difference is not None:
                return index, difference
        return None

    return bounded(work, limit)


def near_miss(claim: sympy.Expr, truth: sympy.Expr, limit: float = TIME_LIMIT
              ) -> tuple[str, sympy.Expr] | None:  # fmt: skip
    """How a claim that differs exactly, but too little for float64 numbers, is off:
    ``("offset", c)`` for ``claim = truth + c``, ``("factor", c)`` for ``claim = c·truth``
    (``c`` a number), None when it is neither or not found in time."""
    claim, truth = _decimals_exact(claim), _decimals_exact(truth)
    if sympy.count_ops(claim) + sympy.count_ops(truth) > SIMPLIFY_OPS:
        return None

    def work() -> tuple[str, sympy.Expr] | None:
        offset = sympy.expand(claim - truth)
        if offset.is_number:
            return "offset", offset
        ratio = sympy.cancel(sympy.together(claim / truth))
        return ("factor", ratio) if ratio.is_number else None

    return bounded(work, limit)


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


def _decimals_exact(expr: sympy.Expr) -> sympy.Expr:
    """Floats replaced by the decimals they print as (``0.1`` is 1/10, not the nearest double)."""
    return expr.xreplace({f: sympy.Rational(str(f)) for f in expr.atoms(sympy.Float)})


def _difference_at(
    claim: sympy.Expr, truth: sympy.Expr, point: Mapping[sympy.Symbol, sympy.Expr]
) -> float | None:
    """``claim - truth`` at ``point`` when it is non-zero beyond the evaluation's precision.

    A difference of rational values is exact (``3^999 + 1`` against ``3^999``). Otherwise both
    sides are evaluated to ``DIGITS`` digits beyond their size (``e^999/2^999 + 1`` is not
    ``e^999/2^999``); when both are non-zero the difference counts
    relative to the larger (``2σ(−10³⁰)`` is twice ``σ(−10³⁰)``, though both are near 0), and
    when one is 0 relative to 1, so that the rounding of a sum that cancels is no difference.
    """
    exact = (claim - truth).xreplace(dict(point))
    if exact.is_Rational:
        return None if exact == 0 else float(exact)
    sides = [side.xreplace(dict(point)) for side in (claim, truth)]
    digits = DIGITS
    for _ in range(2):  # again with more digits when the values are large (e^999/2^999 + 1)
        values = [side.evalf(digits) for side in sides]
        if not all(v.is_number and not v.has(sympy.nan, sympy.zoo, sympy.oo) for v in values):
            return None
        sizes = [abs(v) for v in values]
        largest = max(sizes)
        magnitude = int(sympy.log(largest, 10).evalf(15)) if largest > 1 else 0
        if DIGITS + magnitude <= digits:
            break
        digits = min(DIGITS + magnitude, MAX_DIGITS)
    difference = sympy.Add(values[0], -values[1]).evalf(digits)
    scale = largest if all(size != 0 for size in sizes) else 1 + sizes[0] + sizes[1]
    if abs(difference) <= scale * sympy.Float(10) ** (10 - digits):
        return None
    return float(sympy.re(difference))


def bounded(work: Callable[[], bool | None], limit: float) -> bool | None:
    """Run ``work`` in a forked child and give up after ``limit`` seconds of its CPU time.

    CPU time, not wall time, so that a busy machine does not turn a proof into "not proven";
    the wall clock still stops it at ``WALL_FACTOR × limit``. The child dies with its parent
    (even on SIGKILL) and is killed when the parent leaves early (an exception, Ctrl-C).
    """
    if sys.platform != "linux":
        return None
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    parent = os.getpid()

    def child() -> None:
        end_with_parent(parent)
        try:
            sender.send(work())
        except Exception:  # any failure means "not confirmed"
            sender.send(None)

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()
    try:
        return _answer(receiver, process.pid, limit)
    finally:
        if process.is_alive():
            process.kill()
        process.join(0.1)
        receiver.close()


def _answer(receiver: Connection, pid: int | None, limit: float) -> bool | None:
    """The child's answer, or None once it has used ``limit`` CPU seconds (or died)."""
    wall = time.monotonic() + WALL_FACTOR * limit
    try:
        while not receiver.poll(_POLL):
            if _cpu_seconds(pid) > limit or time.monotonic() > wall:
                return None
        return receiver.recv()
    except EOFError:  # the child died without an answer
        return None


def _cpu_seconds(pid: int | None) -> float:
    """User and system CPU time of a process, from ``/proc``; 0 when it cannot be read."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
