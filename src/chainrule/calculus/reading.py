r"""Read a formula and say how it was read: :func:`read_formula` returns a :class:`Reading`.

Every verdict and every derivation starts with the echo, so a misreading is always visible::

    >>> print(read_formula("mask/(1-p)").echo())
    Read as: mask/(1 − p)
      (read `mask` as one symbol)

Names bound elsewhere change the reading, and the echo says so: with ``σ`` bound to a value
(``--where 'σ=sigmoid(z)'``), ``σ(1-σ)`` is the product σ·(1 − σ), not σ applied to 1 − σ; a
function declared as ``f(x) = 1/(1+exp(-x))`` makes ``f(x)(1-f(x))`` and ``f'(x)`` read as meant.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sympy

from chainrule.calculus.callables import ACTIVATION_NAMES
from chainrule.calculus.functions import LAYER_FUNCTION
from chainrule.calculus.limits import DEFAULT_LIMITS, Limits
from chainrule.calculus.parser import Parser
from chainrule.calculus.symbols import GREEK_BY_LETTER, symbol_parts
from chainrule.errors import ParseError, one_of

_ACTIVATION_KEYS = {"θ": "theta", "theta": "theta", "\\theta": "theta", "g": "g", "f": "f",
                    "σ": "sigma", "sigma": "sigma", "\\sigma": "sigma"}  # fmt: skip
_DEFAULT_ACTIVATIONS = {"theta": "tanh", "g": "sigmoid", "sigma": "sigmoid"}
_DECLARATION = re.compile(r"^\s*(\\?[A-Za-z]\w*|[^\W\d_])\s*\(([^()]*)\)\s*$")


@dataclass(frozen=True)
class Reading:
    """A formula as it was read.

    Attributes
    ----------
    text : str
        The formula as typed.
    expr : sympy.Expr
        What it was read as.
    notes : tuple of str
        How words were read, e.g. ``"read `mask` as one symbol"``; empty when nothing needed
        saying.
    """

    text: str
    expr: sympy.Expr
    notes: tuple[str, ...] = ()

    def echo(self, fmt: str = "text") -> str:
        """``Read as: ...`` in ``"text"``, ``"latex"`` or ``"markdown"``, notes below."""
        from chainrule.calculus.printing import to_latex, to_text

        if fmt not in ("text", "latex", "markdown"):
            raise one_of("format", fmt, ("text", "latex", "markdown"))
        if fmt == "text":
            lines = [f"Read as: {to_text(self.expr)}", *[f"  ({n})" for n in self.notes]]
        elif fmt == "markdown":
            lines = [f"Read as: ${to_latex(self.expr)}$", *[f"- {n}" for n in self.notes]]
        else:
            lines = [f"% Read as: {to_latex(self.expr)}", *[f"% ({n})" for n in self.notes]]
        return "\n".join(lines)


def activation_table(functions: Mapping[str, str] | None) -> dict[str, str]:
    """What θ, g, σ and f stand for when called, after the caller's ``functions`` overrides
    (f has no default: called without one, it is an error)."""
    table = dict(_DEFAULT_ACTIVATIONS)
    for key, value in (functions or {}).items():
        if key not in _ACTIVATION_KEYS:
            raise one_of("functions key", key, ["θ", "g", "σ", "f"])
        if value not in ACTIVATION_NAMES and value != LAYER_FUNCTION:
            raise one_of(f"functions[{key!r}]", value, ACTIVATION_NAMES)
        table[_ACTIVATION_KEYS[key]] = value
    return table


def _bound_names(bound: Iterable[str | sympy.Symbol]) -> frozenset[str]:
    names = set()
    for item in bound:
        name = item if isinstance(item, str) else symbol_parts(item).base
        names.add(_ACTIVATION_KEYS.get(name.strip(), name.strip()))
    return frozenset(names)


def read_formula(text: str, *, functions: Mapping[str, str] | None = None,
                 bound: Iterable[str | sympy.Symbol] = (),
                 declared: Mapping[str, sympy.Lambda] | None = None,
                 limits: Limits = DEFAULT_LIMITS) -> Reading:  # fmt: skip
    r"""Parse a formula typed in plain math or LaTeX, and say how it was read.

    Parameters
    ----------
    text : str
        For example ``"2(x-y)(1-x^2)"``, ``"\frac{1}{1+e^{-x}}"``, ``"θ'(s_1^(L))"``,
        ``"max(0, x)"``, ``"\sum_{k=1}^{K} (t_k - a_k)^2"``. A backslash selects LaTeX rules
        (``x_12`` is then x₁·2); both dialects share one grammar.
    functions : mapping, optional
        What θ, g, σ and f denote when called: ``{"θ": "relu"}``. Defaults: θ is tanh, g and σ
        the sigmoid, f nothing. Allowed values: see ``ACTIVATION_NAMES``, or ``"layer"``: the
        letter stays an undefined function (``θ(s)``, ``θ'(s)`` named ``theta'``) for the
        caller to bind to a layer's activation.
    bound : iterable of str or Symbol
        Names given a value elsewhere (``--where σ=sigmoid(z)``): such a letter is a symbol,
        so ``σ(1-σ)`` is a product.
    declared : mapping of str to sympy.Lambda, optional
        Functions declared by the user (see :func:`declare_function`), by name.
    limits : Limits, optional
        Bounds on length, size, nesting and numbers.

    Returns
    -------
    Reading
        The expression and the notes on how it was read.

    Raises
    ------
    ParseError
        With the position of the problem and a caret under it, and a suggestion.
    """
    if not isinstance(text, str):
        raise ParseError(f"a formula must be text; got {type(text).__name__}")
    if len(text) > limits.length:
        raise ParseError(f"formula too long: {len(text)} characters, at most {limits.length}")
    if not text.strip():
        raise ParseError("empty formula")
    table = activation_table(functions)
    try:
        parser = Parser(text, limits, table, bound=_bound_names(bound), declared=declared)
        expr = parser.parse()
    except ParseError:
        raise
    except RecursionError:
        raise ParseError("formula nested too deeply", text, None) from None
    except (ValueError, TypeError, ArithmeticError) as error:
        raise ParseError(f"cannot build this formula: {error}", text, None) from None
    return Reading(text, expr, tuple(parser.notes))


def parse(text: str, *, functions: Mapping[str, str] | None = None,
          bound: Iterable[str | sympy.Symbol] = (),
          declared: Mapping[str, sympy.Lambda] | None = None,
          limits: Limits = DEFAULT_LIMITS) -> sympy.Expr:  # fmt: skip
    r"""The expression of :func:`read_formula` (same parameters), without the notes.

    >>> parse("θ'(s)")
    1 - tanh(s)**2
    """
    return read_formula(text, functions=functions, bound=bound, declared=declared,
                        limits=limits).expr  # fmt: skip


def declaration_name(text: str) -> tuple[str, list[str]] | None:
    """``"f(x)"`` -> ``("f", ["x"])``, ``"σ(z)"`` -> ``("sigma", ["z"])``; None for a plain
    name such as ``"a"`` or ``"x_1"``."""
    match = _DECLARATION.match(text)
    if match is None:
        return None
    name = match[1].lstrip("\\")
    name = GREEK_BY_LETTER.get(name, name)
    variables = [v.strip() for v in match[2].split(",")]
    return name, variables


def declare_function(name_text: str, body: str, *,
                     functions: Mapping[str, str] | None = None,
                     declared: Mapping[str, sympy.Lambda] | None = None,
                     ) -> tuple[str, sympy.Lambda] | None:  # fmt: skip
    """A function declared as ``f(x) = body`` (``--where "f(x)=1/(1+exp(-x))"``).

    Returns
    -------
    (str, sympy.Lambda) or None
        The function's name and its definition; None if ``name_text`` is not ``f(...)``.

    Raises
    ------
    ParseError
        If a variable is not a plain name, or the body cannot be read.
    """
    found = declaration_name(name_text)
    if found is None:
        return None
    name, variable_texts = found
    variables = [parse(v) for v in variable_texts]
    if not variable_texts or not all(isinstance(v, sympy.Symbol) for v in variables) \
            or len(set(variables)) != len(variables):
        raise ParseError(f"declare a function with distinct variable names, as in f(x) = ...; "
                         f"got {name_text!r}")  # fmt: skip
    value = parse(body, functions=functions, declared=declared)
    return name, sympy.Lambda(tuple(variables), value)
