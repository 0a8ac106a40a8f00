"""The structure shared by the expression printers: precedence, signs, fractions, ordering.

The printers are :class:`sympy.printing.printer.Printer` subclasses: SymPy's own dispatch
finds the method ``_print_<class name>`` for each node (following the class's bases, so
SymPy's ``One`` is printed by ``_print_Integer``; an undefined function ``f(x)`` by
``_print_Function`` whatever its name), and each method returns ``(text, precedence)``. The
spelling of each construct (parentheses, fractions, powers, symbols, ``∂A/∂B``) is left to
the format: see :mod:`chainrule.calculus.printing.text` and
:mod:`chainrule.calculus.printing.latex`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import sympy
from sympy.printing.printer import Printer

from chainrule.calculus.math_names import MathName
from chainrule.calculus.partials import partial_parts
from chainrule.calculus.printing.piecewise_printing import PiecewisePrinting
from chainrule.calculus.symbols import SymbolParts, symbol_parts

ADD, NEG, MUL, POW, ATOM = 10, 15, 20, 30, 100
Printed = tuple[str, int]
_NAMED_UNARY = ("tanh", "log", "sigmoid", "sin", "cos", "tan", "sinh", "cosh", "sech", "csch",
                "coth", "sec", "csc", "cot")


def factor_rank(factor: sympy.Expr) -> int:
    """Numbers first, then symbols and calls, then sums (sums with a constant term last)."""
    if factor.is_Number:
        return 0
    base = factor.base if factor.is_Pow else factor
    if not base.is_Add:
        return 1
    return 3 if any(term.is_Number for term in base.args) else 2


@functools.lru_cache(maxsize=4096)
def ordered_terms(expr: sympy.Expr) -> tuple[sympy.Expr, ...]:
    """SymPy's order, with positive terms first: ``1 − x²``, ``tanh(s) − y``."""
    terms = expr.as_ordered_terms()
    positive = [t for t in terms if not t.could_extract_minus_sign()]
    return (*positive, *[t for t in terms if t.could_extract_minus_sign()])


@functools.lru_cache(maxsize=4096)
def split_fraction(expr: sympy.Expr) -> tuple[tuple[sympy.Expr, ...], tuple[sympy.Expr, ...]]:
    """Numerator and denominator factors of a product, each in reading order."""
    top: list[sympy.Expr] = []
    bottom: list[sympy.Expr] = []
    for factor in expr.as_ordered_factors():
        if factor.is_Rational and factor.q != 1:
            top += [sympy.Integer(factor.p)] if factor.p != 1 else []
            bottom.append(sympy.Integer(factor.q))
        elif factor.is_Pow and factor.exp.is_Number and factor.exp.is_negative:
            bottom.append(factor.base ** (-factor.exp))
        else:
            top.append(factor)
    top.sort(key=factor_rank)
    bottom.sort(key=factor_rank)
    return tuple(top), tuple(bottom)


class ExprPrinter(PiecewisePrinting, Printer):
    """Prints SymPy expressions; subclasses define the spelling of one format.

    Nodes of the calculus (``sigmoid``, ``softmax``, ``IndexSum``) and the explanations'
    symbols named by their LaTeX (``NotationSymbol``, ``NumberSymbol``) have their own
    ``_print_`` methods, as SymPy's do; anything else is printed as ``str`` would.
    """

    minus = "-"

    def __call__(self, expr: sympy.Basic) -> str:
        return self.node(expr)[0]

    def node(self, expr: sympy.Basic) -> Printed:
        """``(text, precedence)`` of ``expr``."""
        return self._print(expr)

    def emptyPrinter(self, expr: sympy.Basic) -> Printed:
        return str(expr), ATOM

    def wrapped(self, expr: sympy.Basic, above: int) -> str:
        """The expression, in parentheses if it binds less tightly than ``above``."""
        text, precedence = self.node(expr)
        return self.paren(text) if precedence < above else text

    def _print_Add(self, expr: sympy.Expr) -> Printed:
        out = ""
        for i, term in enumerate(ordered_terms(expr)):
            negative = term.could_extract_minus_sign()
            body = self.wrapped(-term if negative else term, NEG + 1)
            if i == 0:
                out = f"{self.minus}{body}" if negative else body
            else:
                out += f" {self.minus if negative else '+'} {body}"
        return out, ADD

    def _print_Mul(self, expr: sympy.Expr) -> Printed:
        if expr.could_extract_minus_sign():
            return f"{self.minus}{self.wrapped(-expr, MUL)}", NEG
        top, bottom = split_fraction(expr)
        if not bottom:
            return self.product(top), MUL
        return self.fraction(top, bottom)

    def product(self, factors: Sequence[sympy.Expr]) -> str:
        if not factors:
            return "1"
        out = self.wrapped(factors[0], MUL)
        for factor in factors[1:]:
            out = self.times(out, self.wrapped(factor, MUL))
        return out

    def _print_Pow(self, expr: sympy.Expr) -> Printed:
        base, exponent = expr.args
        if exponent == sympy.S.Half:
            return self.sqrt(self(base)), ATOM
        if exponent.is_Number and exponent.is_negative:
            return self.fraction([], [base ** (-exponent)])
        if type(base).__name__ in _NAMED_UNARY and exponent.is_Integer and exponent > 0:
            return self.function_power(base, exponent), ATOM
        return self.power(self.wrapped(base, POW + 1), exponent), POW

    def _print_exp(self, expr: sympy.Expr) -> Printed:
        return self.power(self.euler(), expr.args[0]), POW

    def _print_Integer(self, expr: sympy.Expr) -> Printed:
        if expr < 0:
            return f"{self.minus}{-expr}", NEG
        return str(expr), ATOM

    def _print_Float(self, expr: sympy.Expr) -> Printed:
        text = f"{float(expr):.6g}"
        if text.startswith("-"):
            return f"{self.minus}{text[1:]}", NEG
        return text, ATOM

    def _print_Symbol(self, expr: sympy.Symbol) -> Printed:
        partial = partial_parts(expr)
        if partial is not None:
            top, bottom = (self.symbol(symbol_parts(part)) for part in partial)
            return self.partial(top, bottom)
        parts = symbol_parts(expr)
        return self.symbol(parts), POW if parts.layer else ATOM

    def derivative(
        self, expr: sympy.Basic, wrt: sympy.Basic, partial: bool = False, fraction: bool = False
    ) -> str:
        """``d/dx [expr]`` (``∂/∂x`` if ``partial``), or ``dy/dx`` if ``fraction``."""
        return self.derivative_of(self(expr), self(wrt), partial, fraction,
                                  expr.is_Symbol or expr.is_Number)

    def _print_Derivative(self, expr: sympy.Derivative) -> Printed:
        """An unevaluated derivative by one variable, as :meth:`derivative` writes it:
        ``∂/∂s [(tanh(s) − y)²]`` (``d/ds`` when the function has no other variable)."""
        if len(expr.variables) != 1:
            raise ValueError(f"a derivative by one variable is printed; got {expr}")
        function, wrt = expr.expr, expr.variables[0]
        return self.derivative(function, wrt, bool(function.free_symbols - {wrt})), ATOM

    def _print_NotationSymbol(self, expr: sympy.Symbol) -> Printed:
        """A notation's name, printed from its tree (``math_name``)."""
        name: MathName = expr.math_name  # type: ignore[attr-defined]
        return self.name(name), POW if name.raised else ATOM

    def _print_NumberSymbol(self, expr: sympy.Symbol) -> Printed:
        """A number put into a formula, named by its digits (``-1.5e-07``) and its place after
        ``#`` (not printed): an operand, in parentheses when negative or a power of ten."""
        digits = expr.name.split("#", 1)[0]
        power = "e" in digits
        wrapped = digits.startswith("-") or power
        return (self.paren(self.number(digits)) if wrapped else self.number(digits)), \
            POW if power else ATOM

    def number(self, digits: str) -> str:
        """A number given by its digits as Python writes them: ``0.76``, ``-2``,
        ``1.5e-07`` (``1.5 × 10⁻⁷``)."""
        mantissa, _, exponent = digits.lstrip("-").partition("e")
        text = self.scientific(mantissa, int(exponent)) if exponent else self.digits(mantissa)
        return self.minus + text if digits.startswith("-") else text

    def digits(self, text: str) -> str:
        """A number's digits, ``0.76``."""
        return text

    def scientific(self, mantissa: str, exponent: int) -> str:
        """``mantissa × 10^exponent``."""
        raise NotImplementedError

    def _print_Function(self, expr: sympy.Expr) -> Printed:
        name = getattr(expr.func, "__name__", str(expr.func))
        return self.call(name, [self(arg) for arg in expr.args]), ATOM

    def _print_sigmoid(self, expr: sympy.Expr) -> Printed:
        arguments = [self(arg) for arg in expr.args]  # leaky_relu(x, 0.1): all of them
        return self.call(self.function_name(type(expr).__name__), arguments), ATOM

    _print_tanh = _print_log = _print_sin = _print_cos = _print_tan = _print_sigmoid
    _print_sinh = _print_cosh = _print_sech = _print_csch = _print_coth = _print_sigmoid
    _print_sec = _print_csc = _print_cot = _print_atan = _print_asin = _print_sigmoid
    _print_acos = _print_erf = _print_relu = _print_leaky_relu = _print_elu = _print_sigmoid
    _print_step = _print_sign = _print_softplus = _print_swish = _print_gelu = _print_sigmoid

    def _print_absolute(self, expr: sympy.Expr) -> Printed:
        return self.bars(self(expr.args[0])), ATOM

    def _print_Exp1(self, expr: sympy.Expr) -> Printed:
        return self.euler(), ATOM

    def _print_Pi(self, expr: sympy.Expr) -> Printed:
        return self.pi(), ATOM

    def _print_Equality(self, expr: sympy.Expr) -> Printed:
        return f"{self(expr.lhs)} = {self(expr.rhs)}", 0

    # The spelling of each construct, defined by the formats.
    def paren(self, text: str) -> str:
        raise NotImplementedError

    def times(self, left: str, right: str) -> str:
        raise NotImplementedError

    def fraction(self, top: Sequence[sympy.Expr], bottom: Sequence[sympy.Expr]) -> Printed:
        raise NotImplementedError

    def power(self, base: str, exponent: sympy.Expr) -> str:
        raise NotImplementedError

    def function_power(self, call: sympy.Expr, exponent: sympy.Expr) -> str:
        raise NotImplementedError

    def sqrt(self, text: str) -> str:
        raise NotImplementedError

    def bars(self, text: str) -> str:
        """``|text|``."""
        raise NotImplementedError

    def symbol(self, parts: SymbolParts) -> str:
        raise NotImplementedError

    def name(self, name: MathName) -> str:
        """A notation's name (``w₅₃``, ``(W₂)₁₂``, ``net₅``) in this format."""
        raise NotImplementedError

    def partial(self, top: str, bottom: str) -> Printed:
        """A symbol standing for ``∂top/∂bottom`` (see :mod:`chainrule.calculus.partials`)."""
        raise NotImplementedError

    def derivative_of(self, expr: str, wrt: str, partial: bool, fraction: bool, atom: bool) -> str:
        """The derivative of printed ``expr`` by printed ``wrt``; ``atom``: no brackets needed."""
        raise NotImplementedError

    def call(self, name: str, arguments: Sequence[str]) -> str:
        raise NotImplementedError

    def function_name(self, name: str) -> str:
        raise NotImplementedError

    def _print_Rational(self, expr: sympy.Expr) -> Printed:
        raise NotImplementedError

    def _print_softmax(self, expr: sympy.Expr) -> Printed:
        raise NotImplementedError

    def _print_IndexSum(self, expr: sympy.Expr) -> Printed:
        raise NotImplementedError

    def _print_KroneckerDelta(self, expr: sympy.Expr) -> Printed:
        raise NotImplementedError

    def euler(self) -> str:
        raise NotImplementedError

    def pi(self) -> str:
        raise NotImplementedError
