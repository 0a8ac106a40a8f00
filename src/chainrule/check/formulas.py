"""Reading the learner's formulas: text through the safe parser, or SymPy as it is.

Text never reaches ``sympify``/``eval``: it goes through :func:`chainrule.calculus.parse`,
which refuses anything that is not a formula with a :class:`~chainrule.errors.ParseError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sympy

from chainrule.errors import ParseError

Formula = str | sympy.Expr


def read(formula: Formula, functions: Mapping[str, str] | None = None, *,
         bound: Iterable[sympy.Symbol] = (),
         declared: Mapping[str, sympy.Lambda] | None = None,
         notes: list[str] | None = None) -> sympy.Expr:  # fmt: skip
    """A SymPy expression from text (parsed safely) or from SymPy (checked to be one);
    ``bound`` names (given a value in --where) are symbols, ``declared`` functions are read.
    How the text was read ("read `mask` as one symbol") is appended to ``notes``, if given."""
    if isinstance(formula, sympy.Basic):
        if not isinstance(formula, sympy.Expr):
            raise ParseError(f"expected a formula (a SymPy expression); got {formula!r}")
        return formula
    if isinstance(formula, (int, float)) and not isinstance(formula, bool):
        return sympy.nsimplify(formula)
    from chainrule.calculus import read_formula

    reading = read_formula(formula, functions=functions, bound=bound, declared=declared)
    if notes is not None:
        notes.extend(note for note in reading.notes if note not in notes)
    return reading.expr


def read_symbol(name: str | sympy.Symbol) -> sympy.Symbol:
    """A variable's name, e.g. ``"s"``, ``"x_1^{(L)}"``: it must parse to a single symbol."""
    symbol = name if isinstance(name, sympy.Basic) else read(name)
    if not isinstance(symbol, sympy.Symbol):
        raise ParseError(f"expected a variable name; got {name!r}")
    return symbol


def split_equation(text: str) -> tuple[str, str, int]:
    """``"lhs = rhs"`` → ``(lhs, rhs, offset of rhs)``; one ``=`` is expected (an ``=`` in
    braces, as in a sum's limits ``\\sum_{j=1}^{3}``, is not that one)."""
    found = _top_level_equals(text)
    if len(found) != 1:
        raise ParseError(
            f"expected one '=' between the quantity and its formula; found {len(found)}",
            text, found[1] if len(found) > 1 else len(text),
        )
    return text[:found[0]], text[found[0] + 1:], found[0] + 1


def _top_level_equals(text: str) -> list[int]:
    """The positions of the ``=`` signs outside braces."""
    depth, positions = 0, []
    for position, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "=" and depth <= 0:
            positions.append(position)
    return positions


def read_side(
    text: str, offset: int, whole: str, functions: Mapping[str, str] | None,
    notes: list[str] | None = None,
) -> sympy.Expr:
    """Parse one side of an equation; an error's caret points into the whole text."""
    try:
        return read(text, functions, notes=notes)
    except ParseError as error:
        position = None if error.position is None else error.position + offset
        raise ParseError(error.reason, whole, position) from None


def read_where(
    where: Mapping[str | sympy.Symbol, Formula] | Iterable[str] | None,
    functions: Mapping[str, str] | None = None,
    notes: list[str] | None = None,
) -> dict[sympy.Symbol, sympy.Expr]:
    """Intermediates from ``{"x": "tanh(s)"}`` or ``["x=tanh(s)", ...]`` (CLI ``--where``);
    how their formulas were read is appended to ``notes``, if given."""
    if where is None:
        return {}
    result: dict[sympy.Symbol, sympy.Expr] = {}
    items = where.items() if isinstance(where, Mapping) else [(None, item) for item in where]
    for key, value in items:
        if _declaration(key, value) is not None:
            continue  # f(x) = ...: a function, read by read_declarations
        if key is None:  # "NAME=EXPR"
            name, definition, offset = split_equation(value)
            symbol = read_symbol(name.strip())
            expr = read_side(definition, offset, value, functions, notes)
        else:
            symbol = read_symbol(key.strip() if isinstance(key, str) else key)
            expr = read(value, functions, notes=notes)
        if symbol in result:
            raise ParseError(f"{symbol} is defined twice in --where")
        result[symbol] = expr
    return result


def _declaration(key: object, value: object) -> tuple[str, str] | None:
    """``("f(x)", "body")`` for a --where item that declares a function, else None."""
    from chainrule.calculus.reading import declaration_name

    if key is None and isinstance(value, str) and "=" in value:
        key, _, value = value.partition("=")
    if isinstance(key, str) and isinstance(value, str) and declaration_name(key) is not None:
        return key, value
    return None


def read_declarations(
    where: Mapping[str | sympy.Symbol, Formula] | Iterable[str] | None,
    functions: Mapping[str, str] | None = None,
) -> dict[str, sympy.Lambda]:
    """Functions declared in --where, ``f(x)=1/(1+exp(-x))``, by name."""
    from chainrule.calculus import declare_function

    declared: dict[str, sympy.Lambda] = {}
    if where is None:
        return declared
    items = where.items() if isinstance(where, Mapping) else [(None, item) for item in where]
    for key, value in items:
        found = _declaration(key, value)
        if found is not None:
            name, definition = declare_function(*found, functions=functions, declared=declared)
            declared[name] = definition
    return declared
