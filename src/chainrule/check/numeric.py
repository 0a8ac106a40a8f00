"""Numbers for the verdict: expressions evaluated with NumPy at many sample points.

Each expression is compiled once with :func:`sympy.lambdify` (``modules="numpy"``) after its
symbols are renamed to plain identifiers, so names like ``x_1^(L)`` are no obstacle. The
functions chainrule adds to SymPy (``sigmoid``, ``softmax``) are evaluated by the engine's own
ops, so the checker's numbers are the engine's.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import sympy

from chainrule.errors import ConfigError
from chainrule.ops.sigmoid import stable_sigmoid
from chainrule.ops.softmax import stable_softmax

Values = Mapping[sympy.Symbol, np.ndarray]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return stable_sigmoid(np.asarray(z, dtype=float))


def _softmax(k: int, *zs: np.ndarray) -> np.ndarray:
    """Component ``k`` (1-based) of the softmax of ``zs``, each of shape ``(n_points,)``."""
    rows = np.stack(np.broadcast_arrays(*[np.asarray(z, dtype=float) for z in zs]), axis=-1)
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
        self._cache: dict[sympy.Expr, np.ndarray] = {}

    def __call__(self, expr: sympy.Expr) -> np.ndarray:
        """The expression's values, shape ``(n_points,)``; NaN where it is undefined."""
        if expr not in self._cache:
            self._cache[expr] = evaluate(expr, self.values, self.n_points)
        return self._cache[expr]

    def point(self, index: int) -> dict[sympy.Symbol, float]:
        """The value of every symbol at one point."""
        return {symbol: float(array[index]) for symbol, array in self.values.items()}


def evaluate(expr: sympy.Expr, values: Values, n_points: int) -> np.ndarray:
    """Evaluate ``expr`` with NumPy at ``n_points`` points given by ``values``.

    Raises
    ------
    ConfigError
        If the expression has a symbol without a value.
    """
    expr = sympy.sympify(expr)
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    missing = [s.name for s in symbols if s not in values]
    if missing:
        raise ConfigError(f"no value for {', '.join(missing)} while evaluating {expr}")
    plain = [sympy.Symbol(f"_v{i}") for i in range(len(symbols))]
    renamed = expr.xreplace(dict(zip(symbols, plain, strict=True)))
    function = sympy.lambdify(plain, renamed, modules=[NUMPY_FUNCTIONS, "numpy"])
    with np.errstate(all="ignore"):
        result = function(*[values[s] for s in symbols])
        result = np.asarray(result)
        if np.iscomplexobj(result):
            real = np.abs(result.imag) <= 1e-12 * (1 + np.abs(result.real))
            result = np.where(real, result.real, np.nan)
    return np.broadcast_to(result.astype(float), (n_points,)).copy()


def close(a: np.ndarray, b: np.ndarray, rtol: float = 1e-6) -> np.ndarray:
    """Pointwise ``a ≈ b`` with a relative tolerance and an absolute floor; False at NaN.

    The tolerance is loose (10⁻⁶, far above float64 rounding even through cancellation) so
    that a right formula computed another way is never called wrong; "close" is not "equal":
    the verdict settles close claims exactly (:func:`chainrule.check.confirm.first_difference`).
    """
    scale = 1.0 + float(np.nanmedian(np.abs(b))) if np.isfinite(b).any() else 1.0
    with np.errstate(all="ignore"):
        bound = 1e-9 * scale + rtol * np.maximum(np.abs(a), np.abs(b))
        return np.abs(a - b) <= bound


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
