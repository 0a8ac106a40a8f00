"""Calculus for learners: a safe formula parser, step-by-step derivatives, and the printers
that write expressions in the learner's symbols (:mod:`chainrule.calculus.printing`).

>>> from chainrule.calculus import derive
>>> derive("1/(1+exp(-x))").result
(1 - sigmoid(x))*sigmoid(x)
"""

from chainrule.calculus.derive import Derivation, derive
from chainrule.calculus.functions import IndexSum, sigmoid, softmax
from chainrule.calculus.limits import DEFAULT_LIMITS, Limits
from chainrule.calculus.printing import to_latex, to_markdown, to_text
from chainrule.calculus.reading import Reading, declare_function, parse, read_formula
from chainrule.calculus.simplify_steps import (
    AssumeStep,
    CollectStep,
    SigmoidFormStep,
    Simplification,
    TidyStep,
    WhereStep,
)
from chainrule.calculus.steps import (
    ChainStep,
    ConstantMultipleStep,
    ConstantStep,
    DirectStep,
    ExponentialStep,
    ExpStep,
    IdentityStep,
    LogStep,
    PowerStep,
    ProductStep,
    QuotientStep,
    RewriteStep,
    SigmoidStep,
    SoftmaxStep,
    Step,
    SumStep,
    TanhStep,
    walk,
)
from chainrule.calculus.sums import expand_sums
from chainrule.calculus.symbols import SymbolParts, make_symbol, symbol_name, symbol_parts
from chainrule.calculus.verify import same_function

__all__ = [
    "DEFAULT_LIMITS",
    "AssumeStep",
    "ChainStep",
    "CollectStep",
    "ConstantMultipleStep",
    "ConstantStep",
    "Derivation",
    "DirectStep",
    "ExpStep",
    "ExponentialStep",
    "IdentityStep",
    "IndexSum",
    "Limits",
    "LogStep",
    "PowerStep",
    "ProductStep",
    "QuotientStep",
    "Reading",
    "RewriteStep",
    "SigmoidFormStep",
    "SigmoidStep",
    "Simplification",
    "SoftmaxStep",
    "Step",
    "SumStep",
    "SymbolParts",
    "TanhStep",
    "TidyStep",
    "WhereStep",
    "declare_function",
    "derive",
    "expand_sums",
    "make_symbol",
    "parse",
    "read_formula",
    "same_function",
    "sigmoid",
    "softmax",
    "symbol_name",
    "symbol_parts",
    "to_latex",
    "to_markdown",
    "to_text",
    "walk",
]  # fmt: skip
