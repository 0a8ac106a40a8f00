"""Calculus for learners: a safe formula parser, step-by-step derivatives, and the printers
that write expressions in the learner's symbols (:mod:`chainrule.calculus.printing`).

>>> from chainrule.calculus import derive
>>> derive("1/(1+exp(-x))").result
(1 - sigmoid(x))*sigmoid(x)
"""

import sys
import types
from typing import Any

from chainrule._lazy import lazy_exports

# Names load on first use: `chainrule check` reads and prints formulas but derives nothing
# step by step, so it never imports the rules and steps.
_EXPORTS = {  # module: the names it exports
    "derive": "Derivation",
    "functions": "IndexSum sigmoid softmax",
    "limits": "DEFAULT_LIMITS Limits",
    "printing": "to_latex to_markdown to_text",
    "reading": "Reading declare_function parse read_formula",
    "simplify_steps": "AssumeStep CollectStep SigmoidFormStep Simplification TidyStep WhereStep",
    "steps": "ChainStep ConstantMultipleStep ConstantStep DirectStep ExponentialStep ExpStep "
             "IdentityStep LogStep PowerStep ProductStep QuotientStep RewriteStep SigmoidStep "
             "SoftmaxStep Step SumStep TanhStep walk",
    "sums": "expand_sums",
    "symbols": "SymbolParts make_symbol symbol_name symbol_parts",
    "verify": "same_function",
}
__getattr__, __dir__ = lazy_exports(__name__, {
    name: f"{__name__}.{module}" for module, names in _EXPORTS.items() for name in names.split()})


class _Calculus(types.ModuleType):
    """The package, whose ``derive`` is the function although ``chainrule.calculus.derive``
    is also a module: importing that module binds its name on the package, and this keeps
    the name the function's, as it was when the package imported everything at once."""

    @property
    def derive(self) -> Any:
        from chainrule.calculus.derive import derive

        return derive

    @derive.setter
    def derive(self, module: Any) -> None:  # the submodule, bound by the import system
        pass


sys.modules[__name__].__class__ = _Calculus

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
