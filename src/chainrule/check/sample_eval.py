"""Numbers for the verdict: expressions evaluated with NumPy at many sample points.

Each expression is compiled once with :func:`sympy.lambdify` (NumPy's namespace) after its
symbols are renamed to plain identifiers, so names like ``x_1^(L)`` are no obstacle. The
functions chainrule adds to SymPy (``sigmoid``, ``softmax``) are evaluated by the engine's own
ops, so the checker's numbers are the engine's.

Numbers beyond float64 (``10^1000``, ``exp(10^30)``, ``(2x)^999`` at x = 2) are not left to
overflow: where NumPy overflows, or a number of the formula does not fit a float, the value is
computed again in arbitrary precision (:data:`DIGITS` digits) at up to :data:`MAX_PRECISE`
points. A value that is real but beyond float is ``±inf`` in the arrays and its precise value
is kept (:attr:`Evaluator.beyond`); a complex or undefined value is NaN, a point skipped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import sympy

from chainrule.errors import ConfigError
from chainrule.ops.sigmoid import stable_sigmoid
from chainrule.ops.softmax import stable_softmax

Values = Mapping[sympy.Symbol, np.ndarray]


DIGITS = 30  # precision of the values computed beyond float64
MAX_PRECISE = 200  # most points of one expression computed in arbitrary precision
FLOAT_BOUND = 1e300  # numbers beyond this (or non-zero below its inverse) are not floats

Beyond = dict[int, sympy.Float]  # point index -> a real value beyond float64


def _real(z: np.ndarray) -> np.ndarray:
    """Real inputs as floats; complex ones NaN where they are not real (not a real value)."""
    z = np.asarray(z)
    if np.iscomplexobj(z):
        return np.where(np.abs(z.imag) <= 1e-12 * (1 + np.abs(z.real)), z.real, np.nan)
    return z.astype(float)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return stable_sigmoid(_real(z))


def _softmax(k: int, *zs: np.ndarray) -> np.ndarray:
    """Component ``k`` (1-based) of the softmax of ``zs``, each of shape ``(n_points,)``."""
    rows = np.stack(np.broadcast_arrays(*[_real(z) for z in zs]), axis=-1)
    return stable_softmax(rows.reshape(-1, len(zs)))[:, int(k) - 1].reshape(rows.shape[:-1])


NUMPY_FUNCTIONS = {"sigmoid": _sigmoid, "softmax": _softmax}


class Evaluator:
    """Evaluate SymPy expressions at the same sample points, compiling each one once.

    Parameters
    ----------
    values : mapping of Symbol to ndarray, each of shape ``(n_points,)``
        The value of every symbol (independent variables and intermediates) at each point.
    n_points : int
        How many points.
    """

    def __init__(self, values: Values, n_points: int) -> None:
        self.values = dict(values)
        self.n_points = n_points
        self._cache: dict[sympy.Expr, tuple[np.ndarray, Beyond]] = {}

    def __call__(self, expr: sympy.Expr) -> np.ndarray:
        """The expression's values, shape ``(n_points,)``; NaN where it is undefined or not
        real, ``±inf`` where it is real but beyond float64."""
        if expr not in self._cache:
            self._cache[expr] = evaluate_precisely(expr, self.values, self.n_points)
        return self._cache[expr][0]

    def beyond(self, expr: sympy.Expr) -> Beyond:
        """The values of ``expr`` beyond float64, by point index (arbitrary precision)."""
        self(expr)
        return self._cache[expr][1]

    def point(self, index: int) -> dict[sympy.Symbol, float]:
        """The value of every symbol at one point."""
        return {symbol: float(array[index]) for symbol, array in self.values.items()}


def evaluate(expr: sympy.Expr, values: Values, n_points: int) -> np.ndarray:
    """Evaluate ``expr`` at ``n_points`` points given by ``values``: NaN where it is undefined
    or not real, ``±inf`` where it is real and beyond float64 (see :func:`evaluate_precisely`).

    Raises
    ------
    ConfigError
        If the expression has a symbol without a value.
    """
    return evaluate_precisely(expr, values, n_points)[0]


def evaluate_precisely(expr: sympy.Expr, values: Values, n_points: int
                       ) -> tuple[np.ndarray, Beyond]:  # fmt: skip
    """Evaluate ``expr`` with NumPy, then in arbitrary precision where NumPy overflowed.

    Returns
    -------
    values : ndarray, shape ``(n_points,)``
        As :func:`evaluate`.
    beyond : dict of int to sympy.Float
        The precise value at each point where it is real and beyond float64.
    """
    expr = sympy.sympify(expr)
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    missing = [s.name for s in symbols if s not in values]
    if missing:
        raise ConfigError(f"no value for {', '.join(missing)} while evaluating {expr}")
    plain = [sympy.Symbol(f"_v{i}") for i in range(len(symbols))]
    renamed = _fold_constants(expr.xreplace(dict(zip(symbols, plain, strict=True))))
    arguments = [np.asarray(values[s], dtype=float) for s in symbols]
    result, overflowed = _with_numpy(renamed, plain, arguments, n_points)
    beyond: Beyond = {}
    if overflowed or _has_huge_number(renamed):
        result, beyond = _precise_where_not_finite(renamed, plain, arguments, result)
    infinite = np.isinf(result)
    infinite[list(beyond)] = False
    result[infinite] = np.nan  # 1/0: no value, not a large one
    return result, beyond


def _with_numpy(expr: sympy.Expr, plain: list[sympy.Symbol], arguments: list[np.ndarray],
                n_points: int) -> tuple[np.ndarray, bool]:  # fmt: skip
    """The values by NumPy, and whether a step overflowed (or could not be done in float)."""
    flags: list[str] = []
    numbers = {n: sympy.Float(n, 17) for n in expr.atoms(sympy.Rational)
               if abs(n.p) > 2**53 or n.q > 2**53}  # a NumPy loop takes no Python int
    compiled = expr.xreplace(numbers) if numbers else expr
    function = _compiled(tuple(plain), compiled)
    handler = np.seterrcall(lambda kind, _flag: flags.append(kind))
    try:
        with np.errstate(over="call", invalid="ignore", divide="ignore", under="ignore"):
            result = _real(function(*arguments))
    except (ArithmeticError, TypeError, ValueError, AttributeError):
        return np.full(n_points, np.nan), True
    finally:
        np.seterrcall(handler)
    return np.broadcast_to(result, (n_points,)).copy(), bool(flags)


@functools.lru_cache(maxsize=64)
def _compiled(plain: tuple[sympy.Symbol, ...], expr: sympy.Expr) -> Callable[..., Any]:
    """The NumPy function of ``expr``, compiled once for every sample that evaluates it (the
    claim and the truth are evaluated at the first sample and again at the wide one)."""
    # NumPy's own namespace, not the name "numpy": the name makes SymPy run
    # `from numpy import *`, which loads NumPy's lazy subpackages (testing, f2py, ma, …).
    return sympy.lambdify(plain, expr, modules=[NUMPY_FUNCTIONS, np])


def _fold_constants(expr: sympy.Expr) -> sympy.Expr:
    """Parts without a variable (``π¹⁰⁰⁰``, ``exp(10³⁰)``) as precise real numbers, which
    NumPy reads as floats (``inf`` beyond float64, then recomputed precisely)."""
    return _folded(expr)[0]


def _folded(expr: sympy.Expr) -> tuple[sympy.Expr, bool]:
    """``expr`` with its constant parts folded, and whether it has a variable: one pass from
    the leaves up, a node rebuilt only where a part of it changed (a large derivative has
    thousands of nodes and few constants)."""
    if not expr.args or expr.is_Number:
        return expr, bool(expr.free_symbols)
    parts = [_folded(arg) for arg in expr.args]
    variable = any(has for _, has in parts)
    if variable and getattr(expr, "bound_symbols", ()):  # it binds its variables (Lambda)
        variable = bool(expr.free_symbols)
    if not variable:
        value = precise_value(expr, {})
        return (expr if value is None else value), False
    args = [arg for arg, _ in parts]
    changed = any(new is not old for new, old in zip(args, expr.args, strict=True))
    return (expr.func(*args) if changed else expr), True


def _has_huge_number(expr: sympy.Expr) -> bool:
    return any(abs(n) > FLOAT_BOUND or (n != 0 and abs(n) < 1 / FLOAT_BOUND)
               for n in expr.atoms(sympy.Number) if n.is_finite)  # fmt: skip


def _precise_where_not_finite(expr: sympy.Expr, plain: list[sympy.Symbol],
                              arguments: list[np.ndarray], result: np.ndarray
                              ) -> tuple[np.ndarray, Beyond]:  # fmt: skip
    """``result`` with its non-finite values computed again in arbitrary precision."""
    result = result.copy()
    beyond: Beyond = {}
    for index in np.flatnonzero(~np.isfinite(result))[:MAX_PRECISE]:
        point = {s: sympy.Float(float(a[index]), DIGITS) for s, a in zip(plain, arguments,
                                                                         strict=True)}
        value = precise_value(expr, point)
        if value is None:
            result[index] = np.nan
        elif abs(value) > FLOAT_BOUND:
            result[index] = np.inf if value > 0 else -np.inf
            beyond[int(index)] = value
        else:
            result[index] = float(value)
    return result, beyond


def precise_value(expr: sympy.Expr, point: Mapping[sympy.Symbol, sympy.Expr]
                  ) -> sympy.Float | None:  # fmt: skip
    """``expr`` at ``point`` to :data:`DIGITS` digits; None where it is undefined or not real."""
    try:
        value = expr.xreplace(dict(point)).evalf(DIGITS)
    except (ArithmeticError, TypeError, ValueError, AttributeError, RecursionError):
        return None
    if not value.is_number or value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return None
    real, imaginary = value.as_real_imag()
    if not real.is_Float and not real.is_Number:
        return None
    if imaginary != 0 and abs(imaginary) > abs(real) * 10.0 ** (5 - DIGITS):
        return None
    return sympy.Float(real, DIGITS)


def agree_beyond(a: Beyond, b: Beyond, indices: np.ndarray) -> np.ndarray:
    """Whether two expressions agree, to 10⁻⁹ relative, at points where both are beyond
    float64; False where only one of them is."""
    agree = np.zeros(len(indices), dtype=bool)
    for position, index in enumerate(indices):
        x, y = a.get(int(index)), b.get(int(index))
        if x is not None and y is not None:
            agree[position] = bool(abs(x - y) <= 1e-9 * max(abs(x), abs(y)))
    return agree


def close(a: np.ndarray, b: np.ndarray, rtol: float = 1e-6) -> np.ndarray:
    """Pointwise ``a ≈ b`` with a relative tolerance and an absolute floor; False where either
    is not a finite float (NaN, or ±inf for a value beyond float64, compared precisely by
    :func:`agree_beyond`).

    The tolerance is loose (10⁻⁶, far above float64 rounding even through cancellation) so
    that a right formula computed another way is never called wrong; "close" is not "equal":
    the verdict settles close claims exactly (:func:`chainrule.check.confirm.first_difference`).
    """
    finite = np.isfinite(b)
    scale = 1.0 + float(np.median(np.abs(b[finite]))) if finite.any() else 1.0
    with np.errstate(all="ignore"):
        bound = 1e-9 * scale + rtol * np.maximum(np.abs(a), np.abs(b))
        return (np.abs(a - b) <= bound) & np.isfinite(a) & np.isfinite(b)


def all_close(a: np.ndarray, b: np.ndarray, mask: np.ndarray | None = None) -> bool:
    """True when ``a ≈ b`` at every point of ``mask`` (all points by default)."""
    agree = close(a, b)
    if mask is not None:
        agree = agree | ~mask
    return bool(agree.all())


def constant_ratio(claim: np.ndarray, truth: np.ndarray) -> float | None:
    """``claim / truth`` if it is the same number at every point, else None."""
    usable = np.isfinite(claim) & np.isfinite(truth) & (np.abs(truth) > 1e-8)
    if usable.sum() < 3:
        return None
    ratio = claim[usable] / truth[usable]
    first = float(np.median(ratio))
    if not np.isfinite(first) or abs(first) < 1e-12:
        return None
    return first if all_close(ratio, np.full_like(ratio, first)) else None
