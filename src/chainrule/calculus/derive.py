"""``derive``: a derivative as a tree of steps, checked against SymPy, then in textbook form."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import sympy

from chainrule._display import writer
from chainrule.calculus.budget import DERIVE_SECONDS, deadline
from chainrule.calculus.functions import IndexSum
from chainrule.calculus.reading import (
    Reading,
    declaration_name,
    declare_function,
    parse,
    read_formula,
)
from chainrule.calculus.rules import Names, Rules, taken_names
from chainrule.calculus.simplify_steps import AssumeStep, Simplification, WhereStep
from chainrule.calculus.steps import Step, walk
from chainrule.calculus.sums import write_out_sized_sums
from chainrule.calculus.symbols import symbol_parts
from chainrule.calculus.textbook import Definitions, textbook_steps
from chainrule.calculus.verify import agreement, same_function
from chainrule.errors import ConfigError, DerivationError, ParseError

Formula = str | sympy.Expr
WhereArg = Mapping[str | sympy.Symbol, Formula] | Iterable[tuple[str | sympy.Symbol, Formula]]


@dataclass(frozen=True)
class Derivation:
    """A derivative worked out step by step.

    Attributes
    ----------
    expr : sympy.Expr
        The function that was differentiated.
    wrt : sympy.Symbol
        The variable.
    tree : Step
        The rule steps; ``tree.eval()`` is :attr:`derivative`.
    raw : sympy.Expr
        ``sympy.diff(expr, wrt)``, which the tree was checked against.
    simplifications : tuple of Simplification
        The steps from :attr:`derivative` to :attr:`result`, in order.
    where : tuple of (Symbol, Expr)
        The caller's names, e.g. ``((a, tanh(s)),)``.
    reading : Reading or None
        How the formula was read, when it was given as text (:meth:`Reading.echo`).
    """

    expr: sympy.Expr
    wrt: sympy.Symbol
    tree: Step
    raw: sympy.Expr
    simplifications: tuple[Simplification, ...]
    where: Definitions
    reading: Reading | None = None

    @property
    def derivative(self) -> sympy.Expr:
        """The derivative as the rules give it, before simplification."""
        return self.tree.eval()

    @property
    def result(self) -> sympy.Expr:
        """The final, textbook form."""
        return self.simplifications[-1].after if self.simplifications else self.derivative

    @property
    def assumptions(self) -> tuple[sympy.Eq, ...]:
        """The assumptions the simplification used, such as ``Eq(y_1 + y_2, 1)``."""
        return tuple(s.assumption for s in self.simplifications if isinstance(s, AssumeStep))

    @property
    def steps(self) -> tuple[Step, ...]:
        """Every rule step of :attr:`tree`, outermost first (the tree read top-down)."""
        return tuple(walk(self.tree))

    # The writers sit above calculus (render): the display methods find them by name
    # (chainrule._display), so `derive` itself never imports them.
    def to_text(self) -> str:
        """The steps as Unicode text for a terminal (what ``str()`` and ``print`` show)."""
        return writer("derivation.steps")(self, "text")

    def to_latex(self) -> str:
        """The steps as LaTeX (an ``align*`` environment), for notes and papers."""
        return writer("derivation.steps")(self, "latex")

    def to_markdown(self) -> str:
        """The steps as a Markdown list with ``$…$`` math."""
        return writer("derivation.steps")(self, "markdown")

    def _repr_html_(self) -> str:
        return writer("derivation.html")(self)

    def _repr_latex_(self) -> str:
        return self.to_latex()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.to_text().rstrip("\n")


def as_expr(formula: Formula, what: str, functions: Mapping[str, str] | None = None) -> sympy.Expr:
    """A formula given as text (parsed safely) or as a SymPy expression."""
    if isinstance(formula, str):
        return parse(formula, functions=functions)
    if isinstance(formula, sympy.Expr):
        return formula
    raise ParseError(f"`{what}` must be a formula (text or SymPy expression); got "
                     f"{type(formula).__name__}")  # fmt: skip


def as_symbol(name: str | sympy.Symbol, what: str) -> sympy.Symbol:
    """A variable given by name (``"x_1^(L)"``) or as a SymPy symbol."""
    symbol = as_expr(name, what)
    if not isinstance(symbol, sympy.Symbol):
        raise ConfigError(f"`{what}` must be one variable such as x or s_1^(L); got {name!r}")
    return symbol


def default_variable(expr: sympy.Expr) -> sympy.Symbol:
    """The only free symbol of ``expr``; a ConfigError listing the candidates otherwise."""
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if len(symbols) == 1:
        return symbols[0]  # type: ignore[return-value]
    if not symbols:
        raise ConfigError("the formula has no variable to differentiate with respect to")
    names = ", ".join(s.name for s in symbols)  # type: ignore[attr-defined]
    raise ConfigError(f"the formula has several variables; choose one of {names} (--wrt)")


def _pairs(where: WhereArg | None) -> list[tuple[str | sympy.Symbol, Formula]]:
    if where is None:
        return []
    return list(where.items() if isinstance(where, Mapping) else where)


def declarations(where: WhereArg | None, functions: Mapping[str, str] | None
                 ) -> dict[str, sympy.Lambda]:  # fmt: skip
    """The functions declared in ``where`` as ``("f(x)", "1/(1+exp(-x))")``, by name."""
    declared: dict[str, sympy.Lambda] = {}
    for name, value in _pairs(where):
        if isinstance(name, str) and isinstance(value, str):
            found = declare_function(name, value, functions=functions, declared=declared)
            if found is not None:
                declared[found[0]] = found[1]
    return declared


def definitions(where: WhereArg | None, functions: Mapping[str, str] | None,
                declared: Mapping[str, sympy.Lambda] | None = None) -> Definitions:  # fmt: skip
    """The caller's ``where`` names as ``((symbol, expression), ...)``; declared functions
    (``f(x)=...``) are left out, they are read into the formula itself."""
    out = []
    for name, value in _pairs(where):
        if isinstance(name, str) and declaration_name(name) is not None:
            continue
        if isinstance(value, int) and not isinstance(value, bool):
            value = sympy.Integer(value)
        expr = read_formula(value, functions=functions, declared=declared).expr \
            if isinstance(value, str) else as_expr(value, "where value")
        out.append((as_symbol(name, "where name"), expr))
    return tuple(out)


def _put_in(function: sympy.Expr, names: Definitions, variable: sympy.Symbol | None
            ) -> tuple[sympy.Expr, list[str]]:  # fmt: skip
    """A name of ``where`` used in the formula stands for its value (σ = σ(z) in σ(1 − σ));
    the result is written with the name again."""
    from chainrule.calculus.printing import to_text

    used = {name: value for name, value in names
            if name in function.free_symbols and name != variable}
    notes = [f"{to_text(name)} = {to_text(value)} put in, as given" for name, value in used.items()]
    return function.xreplace(used), notes


def derive(expr: Formula, wrt: str | sympy.Symbol | None = None, *,
           where: WhereArg | None = None,
           functions: Mapping[str, str] | None = None) -> Derivation:  # fmt: skip
    """Differentiate step by step, check against :func:`sympy.diff`, and simplify.

    Parameters
    ----------
    expr : str or sympy.Expr
        The function, e.g. ``"1/(1+exp(-x))"`` or ``"(θ(s) - y)^2"``.
    wrt : str or sympy.Symbol, optional
        The variable; by default the only free symbol of ``expr``.
    where : mapping or pairs, optional
        Names for sub-expressions, used in the result: ``{"a": "tanh(s)"}`` gives ``1 − a²``;
        a declared function, ``{"f(x)": "1/(1+exp(-x))"}``, read into the formula; a size,
        ``{"K": 3}``, for a sum up to K.
    functions : mapping, optional
        What θ and g denote in text formulas (see :func:`chainrule.calculus.parse`).

    Returns
    -------
    Derivation
        The step tree, SymPy's derivative, the simplification steps and the result.

    Raises
    ------
    ParseError, ConfigError
        For a formula or variable that cannot be used.
    TooLargeError
        If the work takes longer than its budget (``budget.DERIVE_SECONDS``).
    DerivationError
        If the steps disagree with :func:`sympy.diff` (a bug in chainrule).

    Examples
    --------
    >>> import chainrule as cr
    >>> derivation = cr.derive("(tanh(s) - y)^2", wrt="s", where={"x": "tanh(s)"})
    >>> derivation.result
    2*(1 - x**2)*(x - y)
    >>> print(derivation.to_text().splitlines()[-1])
    Result: ∂/∂s [(tanh(s) − y)²] = 2(x − y)(1 − x²)   (with x = tanh(s))
    >>> [type(step).__name__ for step in derivation.steps][:3]
    ['ChainStep', 'PowerStep', 'SumStep']
    >>> print(cr.derive("x^3").to_latex(), end="")
    \\begin{align*}
    & \\text{Read as: }x^{3} \\\\
    & \\frac{d}{dx}\\left[x^{3}\\right] = 3 x^{2} \\qquad \\text{(power rule)} \\\\
    & \\text{Result: }\\frac{d}{dx}\\left[x^{3}\\right] = 3 x^{2}
    \\end{align*}
    """
    with deadline(DERIVE_SECONDS, "to derive step by step"):
        declared = declarations(where, functions)
        names = definitions(where, functions, declared)
        reading = None
        if isinstance(expr, str):
            reading = read_formula(expr, functions=functions, declared=declared,
                                   bound=[name for name, _ in names])  # fmt: skip
        function = reading.expr if reading is not None else as_expr(expr, "expr", functions)
        function, sizes, notes = write_out_sized_sums(function, dict(names))
        names = tuple((name, value) for name, value in names if name not in sizes)
        given = None if wrt is None else as_symbol(wrt, "wrt")
        function, more = _put_in(function, names, given)
        variable = default_variable(function) if given is None else given
        if reading is not None and (notes or more):
            reading = replace(reading, notes=(*reading.notes, *notes, *more))
        _check_sums(function, variable)
        taken = taken_names(function, variable, *[n for n, _ in names], *[v for _, v in names],
                            *[sympy.Symbol(name) for name in declared])  # fmt: skip
        naming = Names(taken)
        tree = Rules(naming).step(function, variable, name=naming.top())
        raw = sympy.diff(function, variable)
        _check_tree(tree.eval(), raw, function)
        steps = tuple(textbook_steps(tree.eval(), names))
        for step in steps:
            _check(step)
    return Derivation(function, variable, tree, raw, steps, names, reading)


def _check_tree(derivative: sympy.Expr, raw: sympy.Expr, function: sympy.Expr) -> None:
    """The steps' derivative against sympy.diff's; a derivative that has no value at any point
    (``0^x``: 0 for x > 0, undefined below) is a refusal, not a bug."""
    agree = agreement(derivative, raw)
    if agree is None:
        raise ConfigError(f"the derivative of {function} has no finite value at any point "
                          "tried; expected a function differentiable somewhere on the reals")
    if not agree:
        raise DerivationError(f"the steps give {derivative} but sympy.diff gives {raw}")


def _check_sums(function: sympy.Expr, variable: sympy.Symbol) -> None:
    """Refuse ``d/dx_1 Σ_j w_j x_j`` unexpanded: the sum hides x_1 inside x_j."""
    wanted = symbol_parts(variable)
    for node in function.atoms(IndexSum):
        for symbol in node.body.atoms(sympy.Symbol):
            parts = symbol_parts(symbol)
            if (parts.base, parts.layer) == (wanted.base, wanted.layer) and symbol != variable \
                    and node.index.name in parts.indices:
                index = node.index.name
                raise ConfigError(f"{variable} may be a term of the sum over {index}; write the "
                                  f"sum out first: expand_sums(expr, {{'{index}': n}})")


def _check(step: Simplification) -> None:
    before, after = step.before, step.after
    if isinstance(step, WhereStep):
        after = after.xreplace(dict(step.definitions))
    if isinstance(step, AssumeStep):
        *others, last = step.assumption.lhs.args
        solved = {last: 1 - sympy.Add(*others)}
        before, after = before.xreplace(solved), after.xreplace(solved)
    if not same_function(before, after):
        kind = type(step).__name__
        raise DerivationError(f"{kind} changed the derivative: {step.before} -> {step.after}")
