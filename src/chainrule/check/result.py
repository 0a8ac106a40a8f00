"""The result of checking a learner's formula: a verdict, a diagnosis and a counterexample.

A wrong formula is a result, not an exception. ``str(result)`` is for the terminal;
``_repr_html_`` and ``_repr_latex_`` make it display well in Jupyter.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import sympy

from chainrule.calculus.printing import to_latex
from chainrule.check.display import distinct_texts, value_text

VERDICTS = ("correct", "probably_correct", "incorrect", "conditional")
#: What the CLI exits with for each verdict (2 is a formula that cannot be used, 3 a bug).
EXIT_CODES = {"correct": 0, "incorrect": 1, "conditional": 1, "probably_correct": 4}
#: The diagnoses, in the order they are tried.
DIAGNOSES = (
    "sign",
    "factor",
    "missing_activation_derivative",
    "derivative_at_output",
    "missing_sum",
    "missing_mean",
    "swapped",
    "wrong_unit",
    "conditional",
    "extra_factor",
    "not_equal",
)


@dataclass(frozen=True)
class Diagnosis:
    """What is wrong: a code from :data:`DIAGNOSES` and a sentence for the learner."""

    code: str
    message: str


@dataclass(frozen=True)
class Counterexample:
    """A point where the claim and the true derivative differ.

    Attributes
    ----------
    variables : ``(name, value)`` of each independent variable, names as printed.
    intermediates : ``(name, definition, value)`` of each intermediate computed from them.
    claim_value : the claim's value there.
    true_value : the true derivative's value there.
    difference : ``claim − truth`` there by exact evaluation, when float64 numbers cannot show
        it (None when they can).
    """

    variables: tuple[tuple[str, float], ...]
    intermediates: tuple[tuple[str, str, float], ...]
    claim_value: float
    true_value: float
    difference: float | None = None

    def __str__(self) -> str:
        at = ", ".join(f"{name} = {value_text(value)}" for name, value in self.variables)
        lines = [f"at {at}" if at else "at any point"]
        lines += [f"  {n} = {d} = {value_text(v)}" for n, d, v in self.intermediates]
        claim, truth = _value_texts(self.claim_value, self.true_value)
        lines.append(f"  the claim is {claim}")
        lines.append(f"  the true value is {truth}")
        if self.difference is not None:
            lines.append(f"  the claim − the true value is {value_text(self.difference, 3)} "
                         "(exact evaluation)")
        return "\n".join(lines)


def _value_texts(claim: float, truth: float) -> tuple[str, str]:
    """Both values as :func:`distinct_texts` writes them; a value that is not a real number,
    or is beyond float64, in words."""
    if np.isfinite(claim) and np.isfinite(truth):
        return distinct_texts(claim, truth)
    return _value_word(claim), _value_word(truth)


def _value_word(value: float) -> str:
    if np.isnan(value):
        return "not a real number (undefined or complex)"
    if np.isinf(value):
        return f"{'−' if value < 0 else ''}larger than 10³⁰⁸ (computed exactly)"
    return value_text(value)


@dataclass(frozen=True)
class CheckResult:
    """The verdict on a claimed derivative.

    Attributes
    ----------
    verdict : ``"correct"`` (proven: the numbers agree and SymPy shows the difference is 0),
        ``"probably_correct"`` (the numbers agree everywhere they were checked, see
        ``evidence``, but no proof was found in time), ``"incorrect"`` or ``"conditional"``
        (right only under ``condition``).
    quantity : the derivative checked, as printed, e.g. ``∂e/∂s`` or ``δ₁⁽ᴸ⁾``.
    claim : the claim as understood (SymPy), and ``claim_text`` as printed.
    correct_formula : the true derivative in the claim's own symbols (SymPy), with
        ``correct_text`` and ``correct_latex``.
    diagnosis : what is wrong (None when correct).
    counterexample : a point where the claim is wrong (None when correct).
    symbolically_confirmed : True when SymPy confirmed the verdict (the difference simplifies
        to 0, or is exactly non-zero at the counterexample); None when not decided in time.
    condition : the condition assumed (``Σ y = 1``) or needed; empty if none.
    n_points : how many random points decided the numeric verdict.
    skipped : how many of them were skipped: the true derivative has no real value there.
    evidence : for ``"probably_correct"``, where the claim was checked; for a whole-matrix
        claim (``n_points`` 0), what it was compared with, entry by entry.
    reading : how the claim was read, one line a symbol or call (``read θ′(s₁⁽¹⁾) as the
        derivative of layer 1's activation, relu``), printed before the verdict.
    convention : the convention under which the claim holds or which it matches, when it is
        not the network's own (``correct for one sample's loss; ...``).
    proof : for a whole-matrix claim whose numbers agree, what the symbolic proof showed, or
        why there is none (``proven symbolically: ...``).

    Examples
    --------
    >>> import chainrule as cr
    >>> result = cr.check("a(1-a)", of="1/(1+exp(-z))", wrt="z", where={"a": "sigmoid(z)"})
    >>> result.verdict, result.correct, result.exit_code
    ('correct', True, 0)
    >>> print(result)
    correct: d/dz [1/(1 + e⁻ᶻ)] = a(1 − a)
      checked at 200 random points; SymPy confirms it symbolically
    >>> print(result.to_latex())
    \\text{correct}:\\quad a \\left(1 - a\\right) = \\frac{e^{-z}}{\\left(1 + e^{-z}\\right)^{2}}
    """

    verdict: str
    quantity: str
    claim: sympy.Expr
    claim_text: str
    correct_formula: sympy.Expr
    correct_text: str
    correct_latex: str
    diagnosis: Diagnosis | None = None
    counterexample: Counterexample | None = None
    symbolically_confirmed: bool | None = None
    condition: str = ""
    n_points: int = 0
    claim_latex: str = ""
    skipped: int = 0
    evidence: str = ""
    reading: tuple[str, ...] = ()
    convention: str = ""
    proof: str = ""

    @property
    def correct(self) -> bool:
        """True only for an unconditional "correct"."""
        return self.verdict == "correct"

    @property
    def exit_code(self) -> int:
        """The CLI's exit code (:data:`EXIT_CODES`): 0 proven correct, 4 probably correct
        (not proven), 1 incorrect or only conditionally correct."""
        return EXIT_CODES[self.verdict]

    def headline(self) -> str:
        """The verdict in one line: ``correct: ∂/∂h [(y − h)²] = 2h − 2y``,
        ``incorrect: 2h is not ∂/∂h [(y − h)²]``."""
        given = f" (given {self.condition})" if self.condition else ""
        if self.verdict == "correct":
            return f"correct: {self.quantity} = {self.claim_text}{given}"
        if self.verdict == "probably_correct":
            return f"probably correct: {self.quantity} = {self.claim_text}{given}"
        if self.verdict == "conditional":
            return f"correct only if {self.condition}: {self.quantity} = {self.claim_text}"
        return f"incorrect: {self.claim_text} is not {self.quantity}"

    def __str__(self) -> str:
        lines = [*self.reading, self.headline()]
        if self.convention:
            lines.append(f"  {self.convention}")
        if self.proof:  # a whole-matrix claim: compared in numbers, then proven or not
            lines += [f"  {self.evidence}", f"  {self.proof}"]
            return "\n".join(lines)
        if self.verdict == "correct":
            lines.append(f"  checked at {self._points_text()}; SymPy confirms it symbolically")
            return "\n".join(lines)
        if self.verdict == "probably_correct" and not self.n_points:  # an index claim
            lines.append(f"  {self.evidence}")
            lines.append("  not proven symbolically: a matrix claim is compared in numbers")
            return "\n".join(lines)
        if self.verdict == "probably_correct":
            lines.append(f"  checked at {self._points_text()} and {self.evidence}")
            lines.append("  not proven: SymPy found no symbolic proof within the time limit")
            return "\n".join(lines)
        if self.diagnosis is not None:
            lines.append(f"  {self.diagnosis.message}")
        if self.counterexample is not None:
            lines.append("  counterexample " + str(self.counterexample).replace("\n", "\n  "))
        lines.append(f"  correct: {self.quantity} = {self.correct_text}")
        return "\n".join(lines)

    def _points_text(self) -> str:
        skipped = (f" ({self.skipped} skipped: the derivative has no real value there)"
                   if self.skipped else "")  # fmt: skip
        return f"{self.n_points} random points{skipped}"

    def to_text(self) -> str:
        """The verdict, the diagnosis, the counterexample and the right formula, as text."""
        return str(self)

    def to_latex(self) -> str:
        r"""The verdict as one LaTeX formula, e.g.
        ``\text{incorrect}:\quad 2 h \neq 2 \left(h - y\right)``."""
        sign = "=" if self.verdict in ("correct", "probably_correct") else r"\neq"
        claim = self.claim_latex or to_latex(self.claim)
        verdict = self.verdict.replace("_", " ")
        return f"\\text{{{verdict}}}:\\quad {claim} {sign} {self.correct_latex}"

    def to_markdown(self) -> str:
        """The verdict in bold, the diagnosis, the counterexample as code, the right formula."""
        rows = [f"**{self.headline()}**"]
        if self.diagnosis is not None:
            rows.append(self.diagnosis.message)
        if self.counterexample is not None:
            rows.append("```text\n" + str(self.counterexample) + "\n```")
        rows.append(f"correct: ${self.correct_latex}$")
        return "\n\n".join(rows)

    def _repr_latex_(self) -> str:
        return f"${self.to_latex()}$"

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        colour = {"correct": "#1a7f37", "conditional": "#9a6700",
                  "probably_correct": "#9a6700"}.get(self.verdict, "#cf222e")
        rows = [html.escape(line) for line in self.reading]
        rows.append(f"<b style='color:{colour}'>{html.escape(self.headline())}</b>")
        if self.convention:
            rows.append(html.escape(self.convention))
        if self.diagnosis is not None:
            rows.append(html.escape(self.diagnosis.message))
        if self.counterexample is not None:
            rows.append("<pre>" + html.escape(str(self.counterexample)) + "</pre>")
        rows.append(f"correct: $${self.correct_latex}$$")
        return "<div class='chainrule-check'>" + "<br>".join(rows) + "</div>"
