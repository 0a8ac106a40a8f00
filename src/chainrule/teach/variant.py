"""A variant: one student's numbers for the exercise, its questions and their true answers.

A variant is rebuilt exactly from the template and its seed; the exercise file also records
its network, sample, questions and values, so that grading needs nothing else: the questions'
names and formulas (trees) are rebuilt from those numbers by :func:`with_formulas`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from chainrule.errors import ChainruleError, ConfigError, DataError
from chainrule.explain.quantity import Quantity
from chainrule.explain.resolver import network_from_widths
from chainrule.teach.derive_question import ToDerive, derived, read_derive
from chainrule.teach.draw import draw, seed_number
from chainrule.teach.questions import Asked, Truth, asked_values, read_asks, truth
from chainrule.teach.template import Template


@dataclass(frozen=True)
class Question:
    """One question of a variant with its true answer.

    Attributes
    ----------
    id : ``q1``, ``q2``, … in the order asked.
    text : the question as the teacher typed it.
    kind : delta, weight, bias, layer, update or derive.
    quantity : engine indices ``(layer, i, j)`` of the quantity (an update's parameter).
    name : the quantity's name in the notation, a formula tree (the parameter, for an update;
        the unevaluated ``d/dx [f]`` for a derive question).
    value : the true value: a number, or a matrix as nested lists in the notation's layout (a
        derive question's: the derivative as plain text).
    formula : the true formula as a tree, as ``explain`` (or ``derive``) writes it.
    weight : the parameter's value before an update (None otherwise).
    of : the kind of the quantity explained (an update's: weight or bias).
    function, wrt : a derive question's function (plain math) and variable; empty otherwise.
    """

    id: str
    text: str
    kind: str
    quantity: tuple[int, int, int]
    name: Any
    value: float | list[list[float]] | str
    formula: Any
    weight: float | None = None

    of: str = ""  # the explained quantity's kind: an update's is weight or bias
    function: str = ""
    wrt: str = ""

    def engine_quantity(self) -> Quantity:
        """The quantity explained, in engine indices."""
        return Quantity(self.of or self.kind, *self.quantity)


@dataclass(frozen=True)
class Variant:
    """One variant: its id (a number or a student's id), seed, parameters, sample, questions;
    ``explanations`` (not saved) are the derivations of the key."""

    id: str
    seed: str
    parameters: tuple[np.ndarray, ...]
    x: np.ndarray
    y: np.ndarray
    questions: tuple[Question, ...]
    explanations: tuple[Any, ...] = field(default=(), compare=False, repr=False)


def empty_network(template: Template) -> Any:
    """The template's network, as ``chainrule explain --layers`` builds it."""
    return network_from_widths(template.layers, template.activation, template.output_activation,
                               template.loss, template.bias, seed=0)


def network(template: Template, variant: Variant) -> Any:
    """The variant's network with its parameters."""
    net = empty_network(template)
    shapes = [p.shape for p in net.parameters]
    if [np.shape(p) for p in variant.parameters] != shapes:
        raise ConfigError(f"variant {variant.id}: parameters of shapes "
                          f"{[np.shape(p) for p in variant.parameters]} do not fit the "
                          f"template's network (expected {shapes})")
    net.set_weights(variant.parameters)
    return net


def make_variant(template: Template, seed: str | int, variant_id: str | None = None
                 ) -> Variant:  # fmt: skip
    """The variant of ``seed``: pleasant numbers drawn, every question answered by
    ``explain``."""
    net = empty_network(template)
    asks = read_asks(template, net)
    x, y = draw(template, seed_number(seed), net, asked_values(asks))
    pairs = [_derive_question(a, seed_number(seed)) if a.kind == "derive"
             else (_question(a, t := truth(a, net, x, y, template)), t.explanation)
             for a in asks]
    return Variant(str(seed if variant_id is None else variant_id), str(seed),
                   tuple(p.copy() for p in net.parameters), x, y,
                   tuple(q for q, _ in pairs), tuple(e for _, e in pairs))


def _question(asked: Asked, found: Truth) -> Question:
    q = asked.quantity
    return Question(asked.id, asked.text, asked.kind, (q.layer, q.i, q.j), found.name,
                    found.value, found.formula, found.weight, q.kind)


def _derive_question(asked: Asked, seed: int) -> tuple[Question, Any]:
    """A derive question with its derivation (the function drawn from ``seed`` for 'any')."""
    problem = read_derive(asked.text, seed)
    found = derived(problem)
    return (Question(asked.id, asked.text, "derive", (0, 0, 0), found.name, found.text,
                     found.formula, function=problem.function, wrt=problem.wrt),
            found.derivation)


def with_formulas(template: Template, variant: Variant) -> Variant:
    """The variant with each question's name and formula as trees, rebuilt from the template,
    the variant's numbers and its questions (an exercise file records them for people to read,
    never to be read back); with the explanations of the key."""
    net = network(template, variant)
    questions, explanations = [], []
    for question in variant.questions:
        if question.kind == "derive":
            try:
                found = derived(ToDerive(question.function, question.wrt))
            except ChainruleError as error:
                raise DataError(f"variant {variant.id}, question {question.id[1:]}: the "
                                f"function to derive cannot be read: {error}") from None
            name, formula, explanation = found.name, found.formula, found.derivation
        else:
            asked = Asked(question.id, question.text, question.kind, question.engine_quantity())
            found = truth(asked, net, variant.x, variant.y, template)
            name, formula, explanation = found.name, found.formula, found.explanation
        questions.append(replace(question, name=name, formula=formula))
        explanations.append(explanation)
    return replace(variant, questions=tuple(questions), explanations=tuple(explanations))
