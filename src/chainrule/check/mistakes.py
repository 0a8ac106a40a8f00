"""Known mistakes, tried in order: each is a model of a wrong derivation.

A model says what a learner who made that mistake would have written, as numbers at the
sample points (``-truth`` for a flipped sign, ``truth / θ'`` for a missing activation
derivative); the first model that reproduces the claim at every point is the diagnosis.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy

from chainrule.calculus.printing import symbol_text, to_text
from chainrule.check.problem import Problem
from chainrule.check.result import Diagnosis
from chainrule.check.sample_eval import Evaluator, all_close, constant_ratio
from chainrule.check.sampling import draw


@dataclass
class SampledProblem:
    """The problem and its numbers at the sample points."""

    problem: Problem
    evaluate: Evaluator
    claim: np.ndarray
    truth: np.ndarray
    mask: np.ndarray  # points where the truth is defined
    seed: int = 0

    def reproduces(self, model: np.ndarray) -> bool:
        """Whether the claim equals the mistake's model at every usable point."""
        usable = self.mask & np.isfinite(model)
        return usable.sum() >= max(3, self.mask.sum() // 2) and all_close(
            self.claim, model, usable
        )

    def swaps(self) -> list[tuple[sympy.Symbol, sympy.Symbol]]:
        """Pairs of the claim's symbols whose exchange turns the claim into the truth."""
        symbols = sorted(self.problem.claim.free_symbols, key=lambda s: s.name)[:10]
        found = []
        for a, b in itertools.combinations(symbols, 2):
            swapped = self.problem.claim.xreplace({a: b, b: a})
            if self.reproduces_truth(self.evaluate(swapped)):
                found.append((a, b))
        return found

    def reproduces_truth(self, values: np.ndarray) -> bool:
        usable = self.mask & np.isfinite(values)
        return usable.sum() >= max(3, self.mask.sum() // 2) and all_close(
            values, self.truth, usable
        )


Model = Callable[[SampledProblem], Diagnosis | None]


def diagnose(context: SampledProblem) -> Diagnosis:
    """The first known mistake that explains the claim, else ``not_equal``.

    Models overflow where the claim does (``x^998`` at 1.8): such points are not usable, and
    NumPy's warnings about them are not for the learner.
    """
    with np.errstate(all="ignore"):
        for model in MODELS:
            found = model(context)
            if found is not None:
                return found
    return _not_equal(context)


def _sign(context: SampledProblem) -> Diagnosis | None:
    if not context.reproduces(-context.truth):
        return None
    quantity = context.problem.quantity
    message = f"The sign is flipped: the claim is −{quantity}."
    pairs = [(a, b) for a, b in context.swaps()]
    if pairs:
        a, b = (symbol_text(s.name) for s in pairs[0])
        message += f" The difference is written the wrong way round ({a} and {b} swapped)."
    if context.problem.sign_hint is not None:
        message += " " + context.problem.sign_hint
    elif context.problem.signal:
        message += (
            " This is Mitchell's δ = −∂E/∂net, the negative of the derivative; "
            f"{quantity} has the opposite sign."
        )
    return Diagnosis("sign", message)


def _factor(context: SampledProblem) -> Diagnosis | None:
    ratio = constant_ratio(context.claim, context.truth)
    if ratio is None or abs(ratio - 1) < 1e-9 or abs(ratio + 1) < 1e-9:
        return None
    exact = Fraction(ratio).limit_denominator(1000)
    factor = sympy.Rational(exact.numerator, exact.denominator)
    if abs(float(factor) - ratio) > 1e-6 * abs(ratio):
        factor = sympy.Float(ratio, 6)
    message = f"The claim is {to_text(factor)} × the true derivative (off by a constant factor)."
    of = context.problem.of
    if of is not None:
        message += f" It would be right for {to_text(sympy.expand(factor * of, deep=False))}"
        message += _convention(factor)
    return Diagnosis("factor", message)


def _convention(factor: sympy.Expr) -> str:
    if factor == sympy.Rational(1, 2):
        return ", the ½(x − y)² convention."
    if factor == 2:
        return ", i.e. without the ½ of the ½(x − y)² convention."
    return "."


def _missing_activation(context: SampledProblem) -> Diagnosis | None:
    for link in context.problem.links:
        if context.reproduces(context.truth / context.evaluate(link.at_signal)):
            written = link.from_output if link.from_output is not None else link.at_signal
            return Diagnosis(
                "missing_activation_derivative",
                f"The activation-derivative factor {to_text(written)} (the derivative of "
                f"{link.function} at {to_text(link.argument)}) is missing.",
            )
    return None


def _at_output(context: SampledProblem) -> Diagnosis | None:
    for link in context.problem.links:
        model = context.truth / context.evaluate(link.at_signal) * context.evaluate(link.at_output)
        if context.reproduces(model):
            return Diagnosis(
                "derivative_at_output",
                f"θ′ is applied to the output instead of the signal: the claim has "
                f"{to_text(link.at_output)} where {to_text(link.at_signal)} belongs "
                f"({link.function}′ at {to_text(link.output)} instead of at "
                f"{to_text(link.argument)}).",
            )
    return None


def _known(context: SampledProblem) -> Diagnosis | None:
    """A mistake the problem itself describes (e.g. ∂a/∂z left out of each term of a sum)."""
    for mistake in context.problem.mistakes:
        if context.reproduces(context.evaluate(mistake.model)):
            return Diagnosis(mistake.code, mistake.message)
    return None


def _missing_sum(context: SampledProblem) -> Diagnosis | None:
    for found in context.problem.sums:
        total = context.evaluate(found.total)
        for term in found.terms:
            if context.reproduces(context.truth * context.evaluate(term) / total):
                return Diagnosis(
                    "missing_sum",
                    f"The sum over the next layer's units {found.index} is missing: the claim "
                    f"keeps only the term {to_text(term)} of {to_text(found.total)}.",
                )
    return None


def _missing_mean(context: SampledProblem) -> Diagnosis | None:
    for count in context.problem.counts:
        if context.reproduces(context.truth * context.evaluate(count)):
            name = symbol_text(count.name)
            return Diagnosis(
                "missing_mean",
                f"The factor 1/{name} of the mean over {name} samples is missing: the claim "
                "is the derivative of one sample's loss, not of their mean.",
            )
    return None


def _swapped(context: SampledProblem) -> Diagnosis | None:
    pairs = context.swaps()
    if not pairs:
        return None
    a, b = (symbol_text(s.name) for s in pairs[0])
    return Diagnosis("swapped", f"{a} and {b} are swapped: exchanging them makes it right.")


def _conditional(context: SampledProblem) -> Diagnosis | None:
    problem = context.problem
    if not problem.simplex_groups or problem.assume_simplex:
        return None
    constrained = draw(problem, len(context.claim), seed=context.seed + 1, simplex=True)
    claim, truth = constrained(problem.claim), constrained(problem.truth_full)
    mask = np.isfinite(truth)
    if mask.sum() < 3 or not all_close(claim, truth, mask):
        return None
    return Diagnosis(
        "conditional",
        f"Correct only when {problem.condition_text} (one-hot or probability targets); "
        "for other targets it differs.",
    )


def _extra_factor(context: SampledProblem) -> Diagnosis | None:
    factors = [f for f in sympy.Mul.make_args(context.problem.claim) if not f.is_number]
    factors += [f.base for f in factors if f.is_Pow and f.exp.is_Integer and f.exp > 1]
    for size in (1, 2):
        for chosen in itertools.combinations(factors, size):
            extra = sympy.Mul(*chosen)
            if context.reproduces(context.truth * context.evaluate(extra)):
                return Diagnosis("extra_factor", _extra_message(context, extra))
    for link in context.problem.links:
        if context.reproduces(context.truth * context.evaluate(link.at_signal)):
            written = link.from_output if link.from_output is not None else link.at_signal
            return Diagnosis("extra_factor", _extra_message(context, written))
    return None


def _extra_message(context: SampledProblem, extra: sympy.Expr) -> str:
    message = f"The claim has an extra factor {to_text(extra)}."
    values = context.evaluate(extra)
    for link in context.problem.links:
        if all_close(values, context.evaluate(link.at_signal), context.mask):
            message += f" The derivative of {link.function} appears twice."
    return message


def _not_equal(context: SampledProblem) -> Diagnosis:
    problem = context.problem
    message = f"The claim is not equal to {problem.quantity}."
    needed = set(problem.truth_full.free_symbols)
    claim_full = set(_full(problem).free_symbols)
    missing = sorted(needed - claim_full, key=lambda s: s.name)
    extra = sorted(claim_full - needed, key=lambda s: s.name)
    if missing:
        names = ", ".join(symbol_text(s.name) for s in missing)
        message += f" The true derivative depends on {names}; the claim does not."
    if extra:
        names = ", ".join(symbol_text(s.name) for s in extra)
        message += f" The claim depends on {names}; the true derivative does not."
    return Diagnosis("not_equal", message)


def _full(problem: Problem) -> sympy.Expr:
    from chainrule.check.chain import substitute

    return substitute(problem.claim, dict(problem.where))


MODELS: tuple[Model, ...] = (
    _sign,
    _factor,
    _missing_activation,
    _at_output,
    _known,
    _missing_sum,
    _missing_mean,
    _swapped,
    _conditional,
    _extra_factor,
)
