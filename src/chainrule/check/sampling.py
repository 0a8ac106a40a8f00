"""Sample points for the numeric verdict: independent variables drawn, intermediates computed.

Independent variables are drawn uniformly from their domain and rounded to two decimals, so a
counterexample reads well and can be checked by hand. When no proof confirms a verdict of
"correct", a second, wide sample (:func:`draw_wide`) looks further: both signs, magnitudes
from 10⁻³ to 10³, and the integers near the edges of a domain (``-10 … 10``, ``1 … 10`` for
counts). Intermediates (``x = tanh(s)``) are never drawn: they are computed from the
independent variables, in order. A group of targets that must sum to 1 is the softmax of
random logits.
"""

from __future__ import annotations

import numpy as np
import sympy

from chainrule.check.problem import Problem
from chainrule.check.sample_eval import Evaluator, evaluate

DEFAULT_DOMAIN = (-2.0, 2.0)
POSITIVE_DOMAIN = (0.05, 3.0)
COUNT_DOMAIN = (1, 20)
N_POINTS = 200
N_WIDE = 200  # points of the wide sample
WIDE_EXPONENTS = (-3.0, 3.0)  # magnitudes 10⁻³ to 10³ of the wide sample
WIDE_INTEGERS = np.arange(-10, 11)


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


def draw_wide(problem: Problem, n_points: int = N_WIDE, seed: int = 0) -> Evaluator:
    """An :class:`Evaluator` over a wide range: every variable without a domain of its own
    takes both signs, magnitudes from 10⁻³ to 10³ (three significant digits) and the integers
    from −10 to 10; a variable with a domain takes its edges, the integers in it and uniform
    values; a count takes 1 to 10 and up to 1000. Intermediates are computed as in
    :func:`draw`."""
    rng = np.random.default_rng(seed + 1)
    values: dict[sympy.Symbol, np.ndarray] = {}
    grouped = {symbol for group in problem.simplex_groups for symbol in group}
    for group in problem.simplex_groups:
        values.update(_draw_group(group, rng, n_points, problem.assume_simplex))
    for symbol in problem.independents:
        if symbol in grouped:
            continue
        if symbol in problem.counts:
            fixed = np.arange(1, 11)
            values[symbol] = _mixed(rng, fixed, rng.integers(1, 1001, n_points), n_points)
        elif symbol in problem.domains:
            low, high = problem.domains[symbol]
            inside = WIDE_INTEGERS[(low < WIDE_INTEGERS) & (high > WIDE_INTEGERS)]
            fixed = np.array([low, high, *inside])
            values[symbol] = _mixed(rng, fixed, rng.uniform(low, high, n_points), n_points)
        else:
            magnitudes = 10.0 ** rng.uniform(*WIDE_EXPONENTS, n_points)
            signed = _three_digits(magnitudes * rng.choice([-1.0, 1.0], n_points))
            values[symbol] = _mixed(rng, WIDE_INTEGERS, signed, n_points)
    for symbol, definition in problem.where:
        values[symbol] = evaluate(definition, values, n_points)
    return Evaluator(values, n_points)


def wide_description(problem: Problem) -> str:
    """How :func:`draw_wide` chose its points, for the verdict's text."""
    free = [s for s in problem.independents if s not in problem.counts
            and s not in problem.domains and all(s not in g for g in problem.simplex_groups)]
    if not free:
        return "over each variable's domain, its edges and the integers in it"
    low, high = (int(10 ** e) if e >= 0 else 10 ** e for e in WIDE_EXPONENTS)
    names = ", ".join(problem.name(s) for s in free)
    first = str(WIDE_INTEGERS[0]).replace("-", "−")
    return (f"with {names} of both signs from {low:g} to {high:g} in size and the integers "
            f"{first} to {WIDE_INTEGERS[-1]}")


def _mixed(rng: np.random.Generator, fixed: np.ndarray, drawn: np.ndarray,
           n_points: int) -> np.ndarray:  # fmt: skip
    """``fixed`` values (shuffled, so each variable meets the others' in new pairs), then
    ``drawn`` ones, ``n_points`` in all."""
    fixed = rng.permutation(np.asarray(fixed, dtype=float))[:n_points]
    return np.concatenate([fixed, np.asarray(drawn, dtype=float)[: n_points - len(fixed)]])


def _three_digits(values: np.ndarray) -> np.ndarray:
    """Rounded to three significant digits, so a counterexample reads well."""
    scale = 10.0 ** (np.floor(np.log10(np.abs(values))) - 2)
    return np.round(values / scale) * scale
