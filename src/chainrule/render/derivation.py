"""A whole derivation, or one step tree, in a chosen format."""

from __future__ import annotations

from chainrule.calculus.derive import Derivation
from chainrule.calculus.printing import writes_partial
from chainrule.calculus.steps import Step
from chainrule.errors import one_of
from chainrule.render.document import Deriv, DocumentLine, Equals, Fragment, Math
from chainrule.render.step_lines import SimplificationLines, StepLines
from chainrule.render.writers import WRITERS, Writer

#: The formats :func:`render` accepts.
FORMATS: tuple[str, ...] = tuple(WRITERS)


def derivation_lines(derivation: Derivation) -> list[DocumentLine]:
    """How the formula was read, the rule steps, the simplification steps and the result, as
    format-free lines."""
    lines = []
    if derivation.reading is not None:
        reading = derivation.reading
        lines.append(DocumentLine(0, ("Read as: ", Math(reading.expr)), reading.notes))
    lines += StepLines().lines(derivation.tree)
    if derivation.simplifications:
        lines.append(DocumentLine(0, ("Simplify:",)))
        for step in derivation.simplifications:
            lines.extend(SimplificationLines().lines(step, depth=1))
    partial = writes_partial(derivation.expr, derivation.wrt)
    lhs = Deriv(derivation.expr, derivation.wrt, partial=partial)
    note: list[Fragment] = []
    for name, value in derivation.where:
        note += ["; " if note else "", "with ", Equals((Math(name), Math(value)))]
    for assumption in derivation.assumptions:
        note += ["; " if note else "", "assuming ", Math(assumption)]
    result = Equals((lhs, Math(derivation.result)))
    lines.append(DocumentLine(0, ("Result: ", result), tuple(f for f in note if f != "")))
    return lines


def _writer(fmt: str) -> Writer:
    if fmt not in WRITERS:
        raise one_of("format", fmt, WRITERS)
    return WRITERS[fmt]()


def render(derivation: Derivation, fmt: str = "text") -> str:
    """A derivation as ``"text"`` (Unicode, 80 columns), ``"latex"`` or ``"markdown"``."""
    return _writer(fmt).document(derivation_lines(derivation))


def render_step(step: Step, fmt: str = "text") -> str:
    """One step tree (say, d/ds tanh(s) inside a larger explanation) in a format."""
    return _writer(fmt).document(StepLines().lines(step))
