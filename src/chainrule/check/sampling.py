"""Sample points for the numeric verdict: independent variables drawn, intermediates computed.

Independent variables are drawn uniformly from their domain and rounded to two decimals, so a
counterexample reads well and can be checked by hand. Intermediates (``x = tanh(s)``) are
never drawn: they are computed from the independent variables, in order. A group of targets
that must sum to 1 is the softmax of random logits.
"""

from __future__ import annotations

import numpy as np
import sympy

from chainrule.check.numeric import Evaluator, evaluate
from chainrule.check.problem import Problem

DEFAULT_DOMAIN = (-2.0, 2.0)
POSITIVE_DOMAIN = (0.05, 3.0)
COUNT_DOMAIN = (1, 20)
N_POINTS = 200


def draw(
    problem: Problem,
    n_points: int = N_POINTS,
    seed: int = 0,
    simplex: bool | None = None,
    positive: bool = False,
) -> Evaluator:
    """An :class:`Evaluator` holding values for every variable of ``problem``.

    Parameters
    ----------
    problem : Problem
        The check being decided.
    n_points : int
        How many points.
    seed : int
        Seed of the random generator (the verdict is reproducible).
    simplex : bool, optional
        Whether target groups sum to 1; ``problem.assume_simplex`` when None.
    positive : bool
        Draw variables without a domain of their own from ``(0.05, 3)`` instead of
        ``(-2, 2)`` (for functions such as ``log`` or ``sqrt``).
    """
    rng = np.random.default_rng(seed)
    simplex = problem.assume_simplex if simplex is None else simplex
    values: dict[sympy.Symbol, np.ndarray] = {}
    grouped = {symbol for group in problem.simplex_groups for symbol in group}
    for group in problem.simplex_groups:
        values.update(_draw_group(group, rng, n_points, simplex))
    for symbol in problem.independents:
        if symbol in grouped:
            continue
        if symbol in problem.counts:
            values[symbol] = rng.integers(*COUNT_DOMAIN, size=n_points).astype(float)
            continue
        low, high = problem.domains.get(symbol, POSITIVE_DOMAIN if positive else DEFAULT_DOMAIN)
        values[symbol] = np.round(rng.uniform(low, high, size=n_points), 2)
    for symbol, definition in problem.where:
        values[symbol] = evaluate(definition, values, n_points)
    return Evaluator(values, n_points)


def _draw_group(
    group: tuple[sympy.Symbol, ...], rng: np.random.Generator, n_points: int, simplex: bool
) -> dict[sympy.Symbol, np.ndarray]:
    if not simplex:
        return {s: np.round(rng.uniform(0.0, 1.0, size=n_points), 2) for s in group}
    logits = np.round(rng.uniform(-2.0, 2.0, size=(len(group), n_points)), 2)
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=0)
    return dict(zip(group, probabilities, strict=True))
