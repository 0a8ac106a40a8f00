"""Budgets that bound the work a typed formula can cause, whatever its length.

Two layers. A cost model refuses, before SymPy builds anything, what is known to explode: deep
nesting of non-linear functions (each ``tanh`` of a sum doubles SymPy's work on the one inside
it) and powers of numbers whose exponent hides a huge constant (``8^(w - 10²⁹)`` becomes
``8^(-10²⁹)·8^w``, a number of 10²⁹ digits). Then a deadline stops any work that still runs
too long: a timer of the process's CPU time (so a busy machine does not change the outcome)
raises :class:`~chainrule.errors.TooLargeError` in the main thread, and again every 50 ms
should some library code swallow it. Worker processes started for
bounded work die with their parent (:func:`end_with_parent`).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import sympy

from chainrule.calculus.limits import Limits
from chainrule.errors import TooLargeError

DERIVE_SECONDS = 2.0  # parse, differentiate, verify and simplify one formula
CHECK_SECONDS = 4.0  # parse and decide one check (symbolic work runs in bounded children)
_REPEAT = 0.05  # seconds between repeated signals until the deadline's block is left

_expiries: list[float] = []  # process CPU times of the active deadlines, innermost last
_tasks: list[str] = []


def nonlinear_depth(expr: sympy.Expr) -> int:
    """How deeply non-linear functions nest in ``expr``: calls (``tanh``, ``exp``, ``σ``),
    powers whose exponent is not a whole number (``√u``, ``x^x``) and whole powers of those
    (``tanh(u)²``, the ``θ'`` of a ``θ``) count, sums and products do not: ``tanh(2 tanh(x))``
    has depth 2, ``θ'(s) = 1 − tanh(s)²`` depth 2."""
    seen: dict[sympy.Basic, int] = {}

    def depth(node: sympy.Basic) -> int:
        if node not in seen:
            inner = max((depth(arg) for arg in node.args), default=0)
            seen[node] = inner + _level(node, inner)
        return seen[node]

    return depth(expr)


def _level(node: sympy.Basic, inner: int) -> int:
    if isinstance(node, sympy.Function):
        return 1
    if not isinstance(node, sympy.Pow):
        return 0
    if not node.exp.is_Integer:
        return 1
    return 1 if inner and abs(node.exp) >= 2 else 0


def huge_exponent_constant(base: sympy.Expr, exponent: sympy.Expr, bound: int) -> bool:
    """Whether ``base^exponent`` would make SymPy compute a number of a huge power: a base
    with a numeric factor other than ±1 and a symbolic exponent whose constant term or
    coefficient is larger than ``bound``."""
    if exponent.is_Number:
        return False
    factor = base if base.is_Number else base.as_coeff_Mul()[0]
    if not factor.is_Number or factor in (0, 1, -1):
        return False
    constant = exponent.as_coeff_Add()[0]
    coefficient = exponent.as_coeff_Mul()[0]
    return any(abs(c) > bound for c in (constant, coefficient) if c.is_finite)


def call_cost(arguments: tuple[sympy.Expr, ...], limits: Limits) -> str | None:
    """Why a call on ``arguments`` is refused by the cost model; None when it is not."""
    if max(map(nonlinear_depth, arguments), default=0) + 1 > limits.nesting:
        return _too_deep(limits)
    return None


def power_cost(base: sympy.Expr, exponent: sympy.Expr, limits: Limits) -> str | None:
    """Why ``base^exponent`` is refused by the cost model; None when it is not."""
    depth = max(nonlinear_depth(base), nonlinear_depth(exponent))
    if depth + (0 if exponent.is_Integer else 1) > limits.nesting:
        return _too_deep(limits)
    if huge_exponent_constant(base, exponent, limits.exponent):
        return (f"exponent too large: a number in the exponent of a number may be at most "
                f"{limits.exponent} in absolute value")
    return None


def _too_deep(limits: Limits) -> str:
    return (f"functions nested too deeply: at most {limits.nesting} non-linear functions "
            "(tanh, σ, exp, log, √, x^y) inside one another")


@contextmanager
def deadline(seconds: float, task: str) -> Iterator[None]:
    """Raise :class:`TooLargeError` if the block uses more than ``seconds`` of CPU time.

    Works in the main thread of a process on a platform with interval timers (Linux, macOS);
    elsewhere the block runs unbounded and only the cost model applies. Nested deadlines keep
    the earliest expiry. ``task`` says what was stopped (``"to derive step by step"``).
    """
    if not _can_interrupt():
        yield
        return
    expiry = time.process_time() + seconds
    outer = bool(_expiries)
    if outer and _expiries[-1] <= expiry:
        expiry = _expiries[-1]
        task = _tasks[-1]
    previous = None if outer else signal.signal(signal.SIGPROF, _on_alarm)
    _expiries.append(expiry)
    _tasks.append(f"{task}: stopped after {seconds:g} s of work")
    _arm(expiry)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPROF})
        _expiries.pop()
        _tasks.pop()
        if _expiries:
            _arm(_expiries[-1])
        else:
            signal.setitimer(signal.ITIMER_PROF, 0)
            while signal.SIGPROF in signal.sigpending():
                signal.sigtimedwait({signal.SIGPROF}, 0)
            signal.signal(signal.SIGPROF, previous)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGPROF})


def _can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _arm(expiry: float) -> None:
    signal.setitimer(signal.ITIMER_PROF, max(expiry - time.process_time(), 0.001), _REPEAT)


def _on_alarm(signum: int, frame: object) -> None:
    if _expiries and time.process_time() >= _expiries[-1] - 0.001:
        raise TooLargeError(f"too large {_tasks[-1]}; try a formula with fewer nested "
                            "functions or smaller powers")


def end_with_parent(parent: int) -> None:
    """In a child process of ``parent`` (a pid): be killed when the parent dies, even by
    SIGKILL (Linux)."""
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
