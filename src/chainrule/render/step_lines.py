"""Step trees and simplifications as document lines, one handler per step class.

The handler is found in a table by the step's class name (following its bases), never by an
if/elif chain; steps never format themselves. A handler returns the step's first line
``[label =] d/dx [expr] = ... = result`` with the rule as a note, then its details one level
deeper.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

from chainrule.calculus import simplify_steps as simple
from chainrule.calculus import steps as rules
from chainrule.calculus.function_steps import FunctionRuleStep
from chainrule.calculus.functions import sigmoid
from chainrule.calculus.printing import writes_partial
from chainrule.calculus.symbols import make_symbol
from chainrule.render.document import (
    Call,
    Deriv,
    DocumentLine,
    Equals,
    Fraction,
    Fragment,
    Math,
    Op,
)

Label = Fragment | None


def deriv(step: rules.Step) -> Deriv:
    return Deriv(step.expr, step.wrt, partial=writes_partial(step.expr, step.wrt))


def head(step: rules.Step, depth: int, label: Label, middle: tuple[Fragment, ...] = (),
         note: str = "") -> DocumentLine:  # fmt: skip
    """``[label =] d/dx [expr] [= middle ...] = result   (note)``."""
    items = ((label,) if label is not None else ()) + (deriv(step), *middle, Math(step.eval()))
    return DocumentLine(depth, (Equals(items),), (note,) if note else ())


class StepLines:
    """Lines for a step tree; ``lines(step)`` dispatches on the class name."""

    def __init__(self) -> None:
        leaf = self.leaf
        self.table: dict[str, Callable[[rules.Step, int, Label], list[DocumentLine]]] = {
            "ConstantStep": leaf("constant"), "IdentityStep": leaf("identity"),
            "PowerStep": leaf("power rule"), "ExponentialStep": leaf("exponential rule"),
            "ExpStep": leaf("exp rule"), "LogStep": leaf("log rule"),
            "TanhStep": leaf("tanh rule"), "SigmoidStep": leaf("sigmoid rule"),
            "ConstantMultipleStep": self.constant_multiple, "SumStep": self.sum,
            "ProductStep": self.product, "QuotientStep": self.quotient,
            "SoftmaxStep": self.softmax, "ChainStep": self.chain,
            "RewriteStep": self.rewrite, "DirectStep": self.direct,
            "FunctionRuleStep": self.function_rule,
        }  # fmt: skip

    def lines(self, step: rules.Step, depth: int = 0, label: Label = None) -> list[DocumentLine]:
        for cls in type(step).__mro__:
            handler = self.table.get(cls.__name__)
            if handler is not None:
                return handler(step, depth, label)
        raise TypeError(f"no renderer for step {type(step).__name__}")

    def children(self, step: rules.Step, depth: int) -> list[DocumentLine]:
        return [line for child in step.children() for line in self.lines(child, depth)]

    @staticmethod
    def leaf(note: str) -> Callable[[rules.Step, int, Label], list[DocumentLine]]:
        def handler(step: rules.Step, depth: int, label: Label) -> list[DocumentLine]:
            return [head(step, depth, label, note=note)]

        return handler

    @staticmethod
    def function_rule(step: rules.Step, depth: int, label: Label) -> list[DocumentLine]:
        """A function's own rule; a kinked one says what is taken at the kink."""
        assert isinstance(step, FunctionRuleStep)
        note = f"{step.rule}; {step.kink}" if step.kink else step.rule
        return [head(step, depth, label, note=note)]

    def constant_multiple(self, step: rules.Step, depth: int, label: Label) -> list[DocumentLine]:
        assert isinstance(step, rules.ConstantMultipleStep)
        inner = Deriv(step.other, step.wrt, partial=writes_partial(step.other, step.wrt))
        middle = Op("·", (Math(step.constant), inner))
        return [head(step, depth, label, (middle,), "constant multiple rule"),
                *self.children(step, depth + 1)]  # fmt: skip

    def sum(self, step: rules.Step, depth: int, label: Label) -> list[DocumentLine]:
        assert isinstance(step, rules.SumStep)
        middle = Op("+", tuple(deriv(child) for child in step.substeps))
        return [head(step, depth, label, (middle,), "sum rule"), *self.children(step, depth + 1)]

    def product(self, step: rules.Step, depth: int, label: Label) -> list[DocumentLine]:
        assert isinstance(step, rules.ProductStep)
        terms = []
        for i, child in enumerate(step.substeps):
            factors = [Math(f) for f in step.factors]
            factors[i] = deriv(child)  # type: ignore[call-overload]
            terms.append(Op("·", tuple(factors)))
        middle = Op("+", tuple(terms))
        return [head(step, depth, label, (middle,), "product rule"),
                *self.children(step, depth + 1)]  # fmt: skip

    def quotient(self, step: rules.Step, depth: int, label: Label) -> list[DocumentLine]:
        assert isinstance(step, rules.QuotientStep)
        top, bottom = Math(step.numerator), Math(step.denominator)
        upper = Op("−", (Op("·", (deriv(step.numerator_step), bottom)),
                         Op("·", (top, deriv(step.denominator_step)))))  # fmt: skip
        middle = Fraction(upper, Math(step.denominator**2))
        return [head(step, depth, label, (middle,), "quotient rule"),
                *self.children(step, depth + 1)]  # fmt: skip

    def softmax(self, step: rules.Step, depth: int, label: Label) -> list[DocumentLine]:
        """The Jacobian case in letters of its own (S = softmax(v)): the notation's y, z and
        δ may mean the target, the signal and the error."""
        assert isinstance(step, rules.SoftmaxStep)
        s_i, s_j = make_symbol("S", "i"), make_symbol("S", "j")
        v_i, v_j = make_symbol("v", "i"), make_symbol("v", "j")
        if step.same:
            case = Equals((Deriv(s_i, v_i, partial=True, fraction=True), Math(s_i * (1 - s_i))))
        else:
            case = Equals((Deriv(s_i, v_j, partial=True, fraction=True), Math(-s_i * s_j)))
        detail = (case, ", with S = softmax(v); here i = ", Math(step.component),
                  ", j = ", Math(step.variable))
        return [head(step, depth, label, note=f"softmax Jacobian, i {'=' if step.same else '≠'} j"),
                DocumentLine(depth + 1, detail)]  # fmt: skip

    def chain(self, step: rules.Step, depth: int, label: Label) -> list[DocumentLine]:
        assert isinstance(step, rules.ChainStep)
        name, dummy, wrt = step.name, step.dummy, step.wrt
        parts = (Equals((Call(name, dummy), Math(step.outer))), ", ",
                 Equals((Call(dummy.name, wrt), Math(step.inner))))  # fmt: skip
        rule = Op("·", (Call(name, dummy, prime=True), Call(dummy.name, wrt, prime=True)))
        coefficient, rest = step.outer_step.eval().as_coeff_Mul()
        pieces = [Math(rest.subs(dummy, step.inner)), Math(step.inner_step.eval())]
        if coefficient.is_positive and coefficient != 1:
            pieces.insert(0, Math(coefficient))
        else:
            pieces[0] = Math(step.outer_at_inner())
        total = Equals((Call(name, wrt, prime=True), rule, Op("·", tuple(pieces)),
                        Math(step.eval())))  # fmt: skip
        return [head(step, depth, label, note="chain rule"), DocumentLine(depth + 1, parts),
                *self.lines(step.outer_step, depth + 1, Call(name, dummy, prime=True)),
                *self.lines(step.inner_step, depth + 1, Call(dummy.name, wrt, prime=True)),
                DocumentLine(depth + 1, (total,))]  # fmt: skip

    def rewrite(self, step: rules.Step, depth: int, label: Label) -> list[DocumentLine]:
        assert isinstance(step, rules.RewriteStep)
        detail = ("rewrite ", Equals((Math(step.expr), Math(step.rewritten))))
        return [head(step, depth, label, note=f"rewrite: {step.reason}"),
                DocumentLine(depth + 1, detail), *self.children(step, depth + 1)]  # fmt: skip

    def direct(self, step: rules.Step, depth: int, label: Label) -> list[DocumentLine]:
        assert isinstance(step, rules.DirectStep)
        return [head(step, depth, label, note=f"computed directly: {step.reason}")]


class SimplificationLines:
    """Lines for simplification steps, one handler per class, found by class name."""

    def __init__(self) -> None:
        self.table: dict[str, Callable[[simple.Simplification], tuple[Fragment, ...]]] = {
            "TidyStep": lambda s: ("common factors taken out",),
            "SigmoidFormStep": self.sigmoid_form, "CollectStep": self.collect,
            "AssumeStep": self.assume, "WhereStep": self.where,
        }  # fmt: skip

    def lines(self, step: simple.Simplification, depth: int = 1) -> list[DocumentLine]:
        for cls in type(step).__mro__:
            handler = self.table.get(cls.__name__)
            if handler is not None:
                return [DocumentLine(depth, ("= ", Math(step.after)), handler(step))]
        raise TypeError(f"no renderer for simplification {type(step).__name__}")

    @staticmethod
    def sigmoid_form(step: simple.Simplification) -> tuple[Fragment, ...]:
        assert isinstance(step, simple.SigmoidFormStep)
        notes: list[Fragment] = ["in terms of the sigmoid: "]
        for u in step.arguments:
            s = sigmoid(u)
            notes += [Equals((Math(s), Math(1 / (1 + sympy.exp(-u))))), ", so ",
                      Equals((Math(sympy.exp(-u)), Math((1 - s) / s)))]  # fmt: skip
        return tuple(notes)

    @staticmethod
    def collect(step: simple.Simplification) -> tuple[Fragment, ...]:
        return ("multiplied out, terms of each softmax output collected",)

    @staticmethod
    def assume(step: simple.Simplification) -> tuple[Fragment, ...]:
        assert isinstance(step, simple.AssumeStep)
        return ("assuming ", Math(step.assumption), ": the targets sum to 1")

    @staticmethod
    def where(step: simple.Simplification) -> tuple[Fragment, ...]:
        assert isinstance(step, simple.WhereStep)
        notes: list[Fragment] = ["with "]
        for k, (name, value) in enumerate(step.definitions):
            notes += [", "] if k else []
            notes.append(Equals((Math(name), Math(value))))
        return tuple(notes)
