"""Decide a :class:`Problem`: numbers at random points give the verdict, SymPy confirms it."""

from __future__ import annotations

import numpy as np
import sympy

from chainrule.calculus.printing import to_latex, to_text
from chainrule.check import confirm, mistakes
from chainrule.check.chain import substitute, tidy
from chainrule.check.display import value_text
from chainrule.check.evidence import wide_check
from chainrule.check.problem import Problem
from chainrule.check.result import CheckResult, Counterexample, Diagnosis
from chainrule.check.sample_eval import Evaluator, agree_beyond, all_close, close
from chainrule.check.sampling import N_POINTS, draw
from chainrule.errors import ConfigError

N_EXACT = 3  # sample points evaluated exactly when the numbers cannot tell


def decide(problem: Problem, n_points: int = N_POINTS, seed: int = 0) -> CheckResult:
    """Check ``problem.claim`` against ``problem.truth_full`` at ``n_points`` random points.

    Numbers closer than :func:`~chainrule.check.sample_eval.close` can tell from rounding are
    settled exactly: SymPy confirms the equality ("correct"), or an exact evaluation at a
    sample point shows a difference (a claim off by ``10⁻⁹`` is incorrect, not correct). A
    claim SymPy cannot prove equal in time is also compared over a wide range
    (:mod:`chainrule.check.evidence`): "incorrect" where it differs there, else "probably
    correct", never "correct". Values beyond float64 are compared precisely; points where the
    truth has no real value are skipped and counted.

    Raises
    ------
    ConfigError
        If the true derivative is undefined at almost every point of the domain.
    """
    evaluate, truth, mask = _sample(problem, n_points, seed)
    claim = evaluate(problem.claim)
    formula = _display_truth(problem, evaluate, truth, mask)
    common = {
        "quantity": problem.quantity,
        "claim": problem.claim,
        "claim_text": to_text(problem.claim),
        "claim_latex": to_latex(problem.claim),
        "correct_formula": formula,
        "correct_text": to_text(formula),
        "correct_latex": to_latex(formula),
        "n_points": n_points,
        "skipped": n_points - int(mask.sum()),
    }
    on_simplex = _simplex_substitution(problem)
    claim_full = substitute(problem.claim, dict(problem.where)).xreplace(on_simplex)
    truth_full = problem.truth_full.xreplace(on_simplex)
    differ = _differ(problem, evaluate, claim, truth, mask)
    if differ.any():
        return _differs(problem, evaluate, claim, truth, mask, differ, seed, common)
    if confirm.confirm_equal(claim_full, truth_full):
        condition = problem.condition_text if problem.assume_simplex else ""
        return CheckResult("correct", symbolically_confirmed=True, condition=condition,
                           **common)
    return _unproven(problem, evaluate, claim, truth, mask, claim_full, truth_full, seed,
                     common)


def _unproven(problem: Problem, evaluate: Evaluator, claim: np.ndarray, truth: np.ndarray,
              mask: np.ndarray, claim_full: sympy.Expr, truth_full: sympy.Expr, seed: int,
              common: dict) -> CheckResult:  # fmt: skip
    """A claim the numbers agree with but SymPy did not prove equal: exact evaluation at
    sample points, then the wide sample, decide between "incorrect" and "probably correct"."""
    points = [_independent_point(problem, evaluate, int(i))
              for i in np.flatnonzero(mask)[:N_EXACT]]
    found = confirm.first_difference(claim_full, truth_full, points)
    if found is not None:
        index = int(np.flatnonzero(mask)[found[0]])
        diagnosis = _near_miss(problem, claim_full, truth_full, found[1])
        example = _counterexample(problem, evaluate, index, claim, truth, found[1])
        return CheckResult("incorrect", diagnosis=diagnosis, counterexample=example,
                           symbolically_confirmed=True, **common)
    wide = wide_check(problem, claim_full, truth_full, seed)
    if wide.counterexample is not None:
        example = _counterexample(problem, wide.evaluate, wide.counterexample, wide.claim,
                                  wide.truth, wide.difference)
        diagnosis = Diagnosis("not_equal", f"The claim agrees with {problem.quantity} at small "
                              "values but not everywhere: it differs at the counterexample "
                              "(found over a wide range, confirmed by exact evaluation).")
        return CheckResult("incorrect", diagnosis=diagnosis, counterexample=example,
                           symbolically_confirmed=True, **common)
    condition = problem.condition_text if problem.assume_simplex else ""
    evidence = wide.text
    if not (np.abs(truth[mask & np.isfinite(truth)]) > 1e-300).any():
        evidence += ("; but the derivative is 0 to float precision at every point, so these "
                     "numbers cannot tell much")
    return CheckResult("probably_correct", symbolically_confirmed=None, condition=condition,
                       evidence=evidence, **common)


def _differ(problem: Problem, evaluate: Evaluator, claim: np.ndarray, truth: np.ndarray,
            mask: np.ndarray) -> np.ndarray:  # fmt: skip
    """Where the claim differs from the truth: by float64 numbers where the truth is a float,
    by the precise values where it is beyond float."""
    differ = mask & ~close(claim, truth)
    beyond = np.flatnonzero(mask & ~np.isfinite(truth))
    if beyond.size:
        claim_beyond = evaluate.beyond(problem.claim)
        truth_beyond = evaluate.beyond(problem.truth_full)
        differ[beyond] = ~agree_beyond(claim_beyond, truth_beyond, beyond)
    return differ


def _differs(problem: Problem, evaluate: Evaluator, claim: np.ndarray, truth: np.ndarray,
             mask: np.ndarray, differ: np.ndarray, seed: int,
             common: dict) -> CheckResult:  # fmt: skip
    """The result of a claim whose numbers differ from the truth's at the points ``differ``."""
    finite = mask & np.isfinite(truth)
    context = mistakes.SampledProblem(problem, evaluate, claim, truth, finite, seed)
    diagnosis = mistakes.diagnose(context) if finite.sum() >= 3 else _no_diagnosis(problem)
    if not np.isfinite(claim[finite]).any():
        diagnosis = _no_value(problem, claim[finite])
    index = int(np.argmax(differ))
    claim_full = substitute(problem.claim, dict(problem.where))
    point = _independent_point(problem, evaluate, index)
    confirmed = confirm.confirm_differs(claim_full, problem.truth_full, point)
    verdict = "conditional" if diagnosis.code == "conditional" else "incorrect"
    return CheckResult(
        verdict,
        diagnosis=diagnosis,
        counterexample=_counterexample(problem, evaluate, index, claim, truth),
        symbolically_confirmed=confirmed,
        condition=problem.condition_text if verdict == "conditional" else "",
        **common,
    )


def _no_value(problem: Problem, claim: np.ndarray) -> Diagnosis:
    """The diagnosis of a claim that is nowhere a float where the truth is one."""
    if claim.size and np.isinf(claim).all():
        return Diagnosis("not_equal", f"The claim is beyond 10³⁰⁸ in size (computed exactly) "
                         f"where {problem.quantity} is an ordinary number.")
    return Diagnosis("not_equal", "The claim has no real value (it is undefined or complex) "
                     f"where {problem.quantity} has one.")


def _no_diagnosis(problem: Problem) -> Diagnosis:
    return Diagnosis("not_equal", f"The claim is not {problem.quantity}.")


def _independent_point(problem: Problem, evaluate: Evaluator, index: int) -> dict:
    return {s: v for s, v in evaluate.point(index).items() if s in problem.independents}


def _near_miss(problem: Problem, claim: sympy.Expr, truth: sympy.Expr,
               difference: float) -> Diagnosis:  # fmt: skip
    """A claim off by less than float64 numbers show: by how much, exactly when found."""
    found = confirm.near_miss(claim, truth)
    if found is not None and found[0] == "factor":
        return Diagnosis("factor", f"The claim is {to_text(found[1])} × the true derivative: "
                         "a factor close to 1, but not 1.")
    if found is not None:
        return Diagnosis("not_equal", f"The claim is {problem.quantity} plus the constant "
                         f"{to_text(found[1])}: close to it, but not equal.")
    return Diagnosis("not_equal", f"The claim is close to {problem.quantity} but not equal: "
                     f"they differ by {value_text(difference, digits=3)} at the counterexample "
                     "(found by exact evaluation).")


def _simplex_substitution(problem: Problem) -> dict[sympy.Symbol, sympy.Expr]:
    """With Σ y = 1 assumed, the last member of each group is 1 minus the others."""
    if not problem.assume_simplex:
        return {}
    return {group[-1]: 1 - sympy.Add(*group[:-1]) for group in problem.simplex_groups}


def _sample(problem: Problem, n_points: int, seed: int) -> tuple[Evaluator, np.ndarray, np.ndarray]:
    for positive in (False, True):
        evaluate = draw(problem, n_points, seed, positive=positive)
        truth = evaluate(problem.truth_full)
        mask = ~np.isnan(truth)  # beyond float (±inf) is defined: compared precisely
        if mask.sum() >= n_points // 2:
            return evaluate, truth, mask
    raise ConfigError(
        f"the derivative {to_text(problem.truth_full)} is undefined at almost every point "
        "tried; expected a function defined for real values of its variables"
    )


def _display_truth(
    problem: Problem, evaluate: Evaluator, truth: np.ndarray, mask: np.ndarray
) -> sympy.Expr:
    """The truth in the claim's symbols, if it agrees with the truth in independents; with
    Σ y = 1 assumed, in its shortest form on the simplex: ``ŷ₁ − y₁``, not
    ``y₂ŷ₁ − y₁(1 − ŷ₁)``."""
    formula = problem.truth_full
    if problem.truth != problem.truth_full and all_close(evaluate(problem.truth), truth, mask):
        formula = problem.truth
    if not problem.assume_simplex or sympy.count_ops(formula) > 150:
        return formula
    for group in problem.simplex_groups:
        for member in group:
            others = sympy.Add(*[s for s in group if s != member])
            candidate = tidy(sympy.expand(formula.xreplace({member: 1 - others})))
            shorter = sympy.count_ops(candidate) < sympy.count_ops(formula)
            if shorter and all_close(evaluate(candidate), truth, mask):
                formula = candidate
    return formula


def _counterexample(
    problem: Problem, evaluate: Evaluator, index: int, claim: np.ndarray, truth: np.ndarray,
    difference: float | None = None,
) -> Counterexample:
    point = evaluate.point(index)
    variables = tuple((problem.name(s), point[s]) for s in problem.independents)
    intermediates = tuple(
        (problem.name(s), to_text(definition), point[s]) for s, definition in problem.where
    )
    return Counterexample(variables, intermediates, float(claim[index]), float(truth[index]),
                          difference)
