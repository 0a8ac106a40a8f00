"""Grading a class: each answer read, judged and diagnosed; the grade book built.

Numbers are compared with the exercise's stated tolerance and diagnosed by the common
mistakes of :mod:`chainrule.teach.numeric`; formulas are checked by the same checker as
``chainrule check`` (:func:`chainrule.check.check_network_claim`), so equivalent forms are
accepted and a wrong one gets the checker's diagnosis. A formula's verdict depends on the
network's structure and the question only — the checker samples every symbol itself — so
equal formulas to the same question are checked once. A formula to derive is checked by the
free-form checker (:func:`chainrule.check.check_derivative`) against the recorded function.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from chainrule.check import check_derivative, check_network_claim
from chainrule.errors import ChainruleError, DataError
from chainrule.explain.notation import get_notation
from chainrule.render.explain_items import TEXT
from chainrule.teach.answer_reading import MAX_CHARS, Unreadable, read_answer
from chainrule.teach.answers import Answer, read_answers
from chainrule.teach.exercise_file import read_exercise
from chainrule.teach.gradebook import Grade, GradeBook
from chainrule.teach.numeric import Facts, Tolerance, judge, mistakes
from chainrule.teach.questions import claim_name, gradient_of
from chainrule.teach.template import Template
from chainrule.teach.variant import Question, Variant, network

POINTS = {"correct": 1.0}


@dataclass
class _Context:
    """A variant ready to grade: its network, the engine's facts, its questions."""

    variant: Variant
    net: Any
    facts: Facts
    questions: dict[str, Question]


def grade(answers: str | Path, exercise: str | Path) -> GradeBook:
    """Grade the answers file against the exercise file (both as written by chainrule).

    Returns
    -------
    GradeBook : per answer the verdict, diagnosis and correct answer; the rows that could not
        be graded, with their line; a summary of the class's common mistakes.
    """
    template, variants = read_exercise(exercise)
    contexts = {v.id: _context(template, v) for v in variants}
    questions = {q.id for v in variants for q in v.questions}
    rows, malformed = read_answers(answers, set(contexts), questions)
    grader = _Grader(template)
    grades = tuple(grader.grade(row, contexts[row.variant]) for row in rows)
    order = [q.id for q in variants[0].questions]
    return GradeBook(grades, tuple(malformed), tuple(order))


def _context(template: Template, variant: Variant) -> _Context:
    """The variant's network, and the check that its recorded values are the engine's."""
    net = network(template, variant)
    notation = get_notation(template.notation)
    # a course that writes w_jk (to, from) writes a layer's gradient n_out × n_in
    facts = Facts(net, net.trace(variant.x, variant.y), notation.delta_sign,
                  notation.weight_order == "to_from")
    for question in variant.questions:
        if question.kind == "derive":
            _verify_derivative(variant, question)
        else:
            _verify(template, variant, question, facts)
    return _Context(variant, net, facts, {q.id: q for q in variant.questions})


def _verify(template: Template, variant: Variant, question: Question, facts: Facts) -> None:
    """Refuse an exercise file whose recorded value is not what the engine computes."""
    engine = np.asarray(gradient_of(facts.trace, question.engine_quantity()), dtype=float)
    if question.kind == "delta":
        engine = facts.sign * engine
    elif question.kind == "layer" and facts.transposed:
        engine = engine.T
    elif question.kind == "update":
        engine = question.weight - template.lr * engine
    if np.shape(question.value) != engine.shape or not np.allclose(
            engine, question.value, rtol=1e-9, atol=1e-12):
        raise DataError(f"variant {variant.id}, question {question.id[1:]}: the exercise file "
                        f"records {question.value}, but its network gives {engine.tolist()}; "
                        "the file was edited or written by another version")


def _verify_derivative(variant: Variant, question: Question) -> None:
    """Refuse a derive question whose recorded derivative is not its function's (derived
    again when the file was read)."""
    found = TEXT(question.formula)
    if found != question.value:
        raise DataError(f"variant {variant.id}, question {question.id[1:]}: the exercise file "
                        f"records the derivative {question.value}, but its function gives "
                        f"{found}; the file was edited or written by another version")


class _Grader:
    """Grades answers one by one, remembering formula verdicts (see the module docstring)."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.tolerance = Tolerance(template.rtol, template.atol)
        self.formulas: dict[tuple[str, str], tuple[str, str, str]] = {}

    def grade(self, row: Answer, context: _Context) -> Grade:
        question = context.questions[row.question]
        correct = correct_text(question, self.template)
        base = dict(line=row.line, student=row.student, variant=row.variant,
                    question=row.question, answer=row.text, correct=correct)
        if not row.text.strip():
            return Grade(**base, verdict="blank", diagnosis="", message="No answer.")
        if question.kind == "derive":
            verdict, code, message = self._formula(row.text, question, context)
            return Grade(**base, verdict=verdict, diagnosis=code, message=message,
                         read_as="formula", points=POINTS.get(verdict, 0.0))
        try:
            reading = read_answer(row.text, question.kind == "layer",
                                  self.template.accepts_formula(question.kind))
        except Unreadable as why:
            return Grade(**base, verdict="unreadable", diagnosis="unreadable",
                         message=f"Could not be read: {why}")
        if reading.kind == "formula":
            verdict, code, message = self._formula(reading.text, question, context)
        else:
            verdict, code, message = judge(reading.value, question.value,
                                           mistakes(question, context.facts, self.template.lr),
                                           self.tolerance)
        return Grade(**base, verdict=verdict, diagnosis=code, message=message,
                     read_as=reading.kind, points=POINTS.get(verdict, 0.0))

    def _formula(self, text: str, question: Question, context: _Context
                 ) -> tuple[str, str, str]:  # fmt: skip
        key = (question.id, " ".join(text.split()))
        if key not in self.formulas:
            self.formulas[key] = self._check(text, question, context)
        return self.formulas[key]

    def _check(self, text: str, question: Question, context: _Context) -> tuple[str, str, str]:
        if len(text) > MAX_CHARS:  # the limit numeric and network answers have
            return "unreadable", "unreadable", (f"Could not be read: the answer is {len(text)} "
                                                f"characters long; at most {MAX_CHARS} are read")
        try:
            if question.kind == "derive":
                result = check_derivative(text, question.function, question.wrt)
            else:
                claim = f"{claim_name(self.template, question.engine_quantity())} = {text}"
                result = check_network_claim(claim, context.net,
                                             notation=self.template.notation)
        except ChainruleError as error:
            return "unreadable", "unreadable", f"Could not be read: {error}"
        except Exception as error:  # one answer must not stop a class's grading
            return "ungraded", "ungraded", (f"Could not be graded automatically "
                                            f"({type(error).__name__}): grade it by hand.")
        if result.correct:
            how = ("SymPy confirms it" if result.symbolically_confirmed
                   else f"equal at {result.n_points} random points")
            return "correct", "", f"Right: {how}."
        if result.verdict == "probably_correct":  # agrees everywhere checked, not proven
            return result.verdict, "", f"Probably right: checked {result.evidence}; not proven."
        code = result.diagnosis.code if result.diagnosis else "not_equal"
        message = result.diagnosis.message if result.diagnosis else result.headline()
        return result.verdict, code, message


def correct_text(question: Question, template: Template) -> str:
    """The correct answer as plain text: the formula and the value."""
    if question.kind == "derive":
        return f"{TEXT(question.name)} = {question.value}"
    digits = template.decimals + 2
    if np.ndim(question.value) == 0:
        value = f"{float(question.value):.{digits}g}"
    else:
        value = "; ".join(", ".join(f"{v:.{digits}g}" for v in row) for row in question.value)
    formula = TEXT(question.formula)
    return f"{formula} = {value}" if question.kind != "update" else f"{value} ({formula})"
