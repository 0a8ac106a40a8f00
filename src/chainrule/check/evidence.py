"""The evidence behind "correct" when SymPy finds no proof in time: a wide sample.

The first sample (two decimals in ``(-2, 2)``) reads well but sees only one small interval; a
claim such as ``2x + (x − 3 + √((x − 3)²))`` agrees with ``2x`` there and is wrong for x > 3.
So before an unproven claim is called "probably correct", it is compared at points of both
signs and of magnitudes from 10⁻³ to 10³ and at the integers near the edges
(:func:`chainrule.check.sampling.draw_wide`), where the function itself is defined; each
disagreement the numbers show is settled by exact evaluation, so rounding at large values
never makes a right claim wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy

from chainrule.check import confirm
from chainrule.check.chain import substitute
from chainrule.check.problem import Problem
from chainrule.check.sample_eval import Evaluator, close
from chainrule.check.sampling import N_WIDE, draw_wide, wide_description

N_EXACT_WIDE = 8  # disagreements of the wide sample settled by exact evaluation


@dataclass(frozen=True)
class WideCheck:
    """What the wide sample found.

    Attributes
    ----------
    evaluate : the sample's evaluator.
    claim, truth : the claim's and the true derivative's values there, shape ``(N_WIDE,)``.
    counterexample : the index of a point where the claim is exactly wrong, or None.
    difference : ``claim − truth`` there, by exact evaluation.
    checked : how many points the claim was compared at (both sides defined and real).
    text : where it was compared, for the verdict.
    """

    evaluate: Evaluator
    claim: np.ndarray
    truth: np.ndarray
    counterexample: int | None
    difference: float | None
    checked: int
    text: str


def wide_check(problem: Problem, claim_full: sympy.Expr, truth_full: sympy.Expr,
               seed: int = 0) -> WideCheck:  # fmt: skip
    """Compare the claim with the true derivative over the wide sample."""
    evaluate = draw_wide(problem, N_WIDE, seed)
    claim, truth = evaluate(problem.claim), evaluate(problem.truth_full)
    defined = np.isfinite(truth) & _function_defined(problem, evaluate)
    candidates = np.flatnonzero(defined & ~close(claim, truth))[:N_EXACT_WIDE]
    found = None
    if candidates.size:
        points = [{s: v for s, v in evaluate.point(int(i)).items() if s in problem.independents}
                  for i in candidates]  # fmt: skip
        found = confirm.first_difference(claim_full, truth_full, points)
    index = None if found is None else int(candidates[found[0]])
    checked = int(defined.sum())
    text = f"at {checked} more points {wide_description(problem)}"
    return WideCheck(evaluate, claim, truth, index, None if found is None else found[1],
                     checked, text)


def _function_defined(problem: Problem, evaluate: Evaluator) -> np.ndarray:
    """Where the function differentiated has a real value (beyond float counts): a claim is
    judged only where the function it is the derivative of exists."""
    if problem.of is None:
        return np.ones(evaluate.n_points, dtype=bool)
    function = substitute(problem.of, dict(problem.where))
    return ~np.isnan(evaluate(function))
