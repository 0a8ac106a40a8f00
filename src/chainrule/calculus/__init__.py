"""Calculus for learners: a safe formula parser and step-by-step derivatives."""

from chainrule.calculus.functions import IndexSum, sigmoid, softmax
from chainrule.calculus.limits import DEFAULT_LIMITS, Limits
from chainrule.calculus.parser import parse
from chainrule.calculus.symbols import SymbolParts, make_symbol, symbol_name, symbol_parts

__all__ = [
    "DEFAULT_LIMITS",
    "IndexSum",
    "Limits",
    "SymbolParts",
    "make_symbol",
    "parse",
    "sigmoid",
    "softmax",
    "symbol_name",
    "symbol_parts",
]
