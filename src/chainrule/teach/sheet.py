"""The exercise sheet and the answer key as blocks of a small document, before any format.

A block is a heading, a paragraph of prose (words and formula trees, :func:`prose`), a display
formula (a formula tree, printed by the explanations' item printers), a numbered list of such
paragraphs, a page break, an explanation (the derivation ``explain`` writes, rendered by
explain's own renderers) or a derivation (a formula derived step by step as ``chainrule
derive`` writes it). The writers of :mod:`chainrule.teach.sheet_writers` spell the blocks as
LaTeX, Markdown or HTML. A question's name and formula are trees (see
:class:`~chainrule.teach.variant.Question`), printed in each format by the same printers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from chainrule.explain.api import explain
from chainrule.explain.formula_nodes import (
    Equation,
    Listed,
    Matrix,
    Neg,
    Number,
    Product,
    Terms,
    Updated,
    leaf,
    symbol,
)
from chainrule.explain.model import Explanation, Prose, prose, significant
from chainrule.explain.quantity import Quantity
from chainrule.teach.questions import namer
from chainrule.teach.template import Template
from chainrule.teach.variant import Question, Variant, network


@dataclass(frozen=True)
class Block:
    """``kind``: heading, text, math, items, break, explanation or derivation; ``content``
    accordingly (prose, or a string of words; a formula tree; a tuple of prose; None; an
    :class:`Explanation`; a :class:`~chainrule.calculus.derive.Derivation`)."""

    kind: str
    content: Any = None


def sheet_blocks(template: Template, variants: list[Variant]) -> list[Block]:
    """The exercise sheet: for each variant, the network, its numbers and the questions."""
    out: list[Block] = []
    for index, variant in enumerate(variants):
        if index:
            out.append(Block("break"))
        if all(q.kind == "derive" for q in variant.questions):  # no network to show
            out.append(Block("heading", prose(f"Variant {variant.id}")))
        else:
            out += _given(template, variant)
        out.append(Block("text", "Questions:"))
        out.append(Block("items", tuple(_question_text(q, template) for q in variant.questions)))
        out.append(Block("text", _instructions(template, variant)))
    return out


def key_blocks(template: Template, variants: list[Variant]) -> list[Block]:
    """The answer key: for each variant, every answer, then its worked derivation."""
    out: list[Block] = []
    for index, variant in enumerate(variants):
        if index:
            out.append(Block("break"))
        out.append(Block("heading", prose(f"Variant {variant.id}: answers (seed {variant.seed})")))
        out.append(Block("items", tuple(_answer_text(q, template) for q in variant.questions)))
        for question, explanation in zip(variant.questions, variant.explanations, strict=True):
            out.append(Block("heading", f"Question {question.id[1:]}: the derivation"))
            out.append(Block("derivation" if question.kind == "derive" else "explanation",
                             explanation))
            if question.kind == "update":
                out.append(Block("math", _update_math(question, template, explanation)))
    return out


def _given(template: Template, variant: Variant) -> list[Block]:
    net = network(template, variant)
    described = explain(net, variant.x, variant.y, Quantity("delta", len(net.dense_layers), 0, 0),
                        template.notation)
    header, forward = described.sections[0], described.sections[1]
    out = [Block("heading", prose(f"Variant {variant.id}")), Block("text", header.text)]
    loss = next(line for line in described.lines() if line.source == ("loss",))
    out.append(Block("text", "The loss of the sample:"))
    out.append(Block("math", Equation(tuple(loss.formula))))
    out.append(Block("text", "The weights and biases:"))
    out += [Block("math", row) for row in _parameter_rows(template, net)]
    out.append(Block("text", "The sample:"))
    out.append(Block("math", Listed(tuple(Equation((*line.formula, line.numbers))
                                          for line in (forward.lines[0], forward.lines[-1])))))
    return out


def _parameter_rows(template: Template, net: Any) -> list[Listed]:
    """One row a layer: each weight, then each bias, named in the notation."""
    names = namer(template)
    rows = []
    for layer, dense in enumerate(net.dense_layers, start=1):
        pairs = [(names.weight(layer, i, j), dense.W[i, j])
                 for j in range(dense.n_out) for i in range(dense.n_in)]
        if dense.b is not None:
            pairs += [(names.bias(layer, j), dense.b[j]) for j in range(dense.n_out)]
        rows.append(Listed(tuple(Equation((leaf(name), Number(float(value))))
                                 for name, value in pairs)))
    return rows


def _question_text(question: Question, template: Template) -> Prose:
    name = question.name
    if question.kind == "derive":
        return prose("Derive ", name, " step by step, naming each rule you use; give the "
                     "result as a formula in ", sympy.Symbol(question.wrt), ".")
    if question.kind == "layer":
        rows, columns = np.shape(question.value)
        return prose("Compute the whole layer's gradient ", name,
                     f" in matrix form ({rows} × {columns}).")
    if question.kind == "update":
        return prose("One step of gradient descent with learning rate ",
                     Equation((symbol("η"), Number(template.lr))),
                     ": compute the new value of ", name, ".")
    return prose("Compute ", name, ".")


def _instructions(template: Template, variant: Variant) -> str:
    tolerance = f"{template.rtol:.0%} or {template.atol:g}"
    formulas = [q.id[1:] for q in variant.questions if template.accepts_formula(q.kind)]
    if all(q.kind == "derive" for q in variant.questions):
        return "Answer by a formula: any equivalent form is accepted."
    text = (f"Give numbers to {template.decimals} decimals: an answer within {tolerance} of "
            "the exact value is accepted.")
    if formulas:
        text += (f" Question{'s' if len(formulas) > 1 else ''} {', '.join(formulas)} may be "
                 "answered by a formula in the course's symbols instead.")
    return text


def _value(value: Any, digits: int) -> Number | Matrix:
    """The true value, to three more decimals than asked (six significant figures)."""
    if np.ndim(value) == 0:
        return Number(round(float(value), digits + 3))
    rows = tuple(tuple(round(v, digits + 3) for v in row) for row in value)
    return Matrix(rows, digits=significant(), limit=max(np.shape(value)))


def _answer_text(question: Question, template: Template) -> Prose:
    if question.kind == "derive":
        return prose(Equation((question.name, question.formula)))
    said = Equation((question.name, question.formula, _value(question.value, template.decimals)))
    return prose("new ", said) if question.kind == "update" else prose(said)


def _update_math(question: Question, template: Template, explanation: Explanation) -> Equation:
    """``w⁺ = w − η ∂e/∂w = 0.3 − 0.5 · (0.12) = 0.24``, written as ``explain``'s update step
    writes it, the gradient named as the explanation of the weight (or bias) names it."""
    assert question.weight is not None and explanation.check is not None
    q, names = question.engine_quantity(), namer(template)
    called = names.weight(q.layer, q.i, q.j) if q.kind == "weight" else names.bias(q.layer, q.j)
    step = (question.weight - float(question.value)) / template.lr
    rule = Terms((leaf(called), Neg(Product(((symbol("η"), False),
                                              (explanation.check.quantity, False))))))
    numbers = Terms((Number(question.weight, True),
                     Neg(Product(((Number(template.lr), False), (Number(step), True)),
                                 dotted=True))))
    return Equation((Updated(leaf(called), paren=called.raised), rule, numbers,
                     Number(float(question.value))))
