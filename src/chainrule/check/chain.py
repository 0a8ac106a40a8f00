"""The true derivative, through named intermediates, written in the learner's symbols.

With ``x = tanh(s)`` and ``e = (x - y)**2``, ``∂e/∂s`` is ``2(tanh(s) - y)(1 - tanh(s)**2)``
in the independent variables, and ``2(x - y)(1 - x**2)`` when the learner wrote ``x``: the
total derivative keeps the intermediates the learner used, and an activation's derivative is
written with its output (``1 - x**2``, ``a(1 - a)``) as textbooks do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sympy

from chainrule.calculus.functions import sigmoid
from chainrule.calculus.textbook import orient
from chainrule.check.problem import Link

Where = Mapping[sympy.Symbol, sympy.Expr]

_Z = sympy.Dummy("z")
_LOGISTIC = 1 / (1 + sympy.exp(-_Z))
#: f'(z) of each activation, and f' written with the output u = f(z).
_DERIVATIVES = {
    "tanh": (lambda z: 1 - sympy.tanh(z) ** 2, lambda u: 1 - u**2),
    "sigmoid": (lambda z: sigmoid(z) * (1 - sigmoid(z)), lambda u: u * (1 - u)),
    "exp": (sympy.exp, lambda u: u),
}


def substitute(expr: sympy.Expr, where: Where, keep: Iterable[sympy.Symbol] = ()) -> sympy.Expr:
    """Replace intermediates by their definitions, except those in ``keep``."""
    replace = {u: d for u, d in where.items() if u not in set(keep)}
    for _ in range(len(replace) + 1):
        new = expr.xreplace(replace)
        if new == expr:
            return new
        expr = new
    return expr


def activation_of(definition: sympy.Expr) -> tuple[str, sympy.Expr] | None:
    """``("tanh", s)`` for ``tanh(s)``, ``("sigmoid", z)`` for ``σ(z)`` or ``1/(1+e^-z)``."""
    if isinstance(definition, sympy.tanh):
        return "tanh", definition.args[0]
    if isinstance(definition, sigmoid):
        return "sigmoid", definition.args[0]
    if isinstance(definition, sympy.exp):
        return "exp", definition.args[0]
    wild = sympy.Wild("w")
    match = definition.match(_LOGISTIC.xreplace({_Z: wild}))
    if match and wild in match:
        return "sigmoid", match[wild]
    return None


def derivative_from_output(definition: sympy.Expr, output: sympy.Symbol) -> sympy.Expr | None:
    """``f'`` written with the output ``u = f(z)`` of an activation (``1 - u**2`` for tanh,
    ``u(1 - u)`` for the sigmoid), or None when ``definition`` is not one that can be."""
    found = activation_of(definition)
    return None if found is None else _DERIVATIVES[found[0]][1](output)


def links_to(wrt: sympy.Symbol, where: Where, keep: Iterable[sympy.Symbol]) -> tuple[Link, ...]:
    """The activations whose input depends on ``wrt``, nearest first."""
    keep = set(keep)
    where = {u: d for u, d in where.items() if u != wrt}
    links = []
    for output, definition in where.items():
        found = activation_of(definition)
        if found is None or output == wrt:
            continue
        name, argument = found
        if wrt != argument and wrt not in substitute(argument, where).free_symbols:
            continue
        at_signal, from_output = _DERIVATIVES[name]
        links.append(
            Link(
                output=output,
                function=name,
                argument=argument,
                at_signal=at_signal(argument),
                at_output=at_signal(output),
                from_output=from_output(output) if output in keep else None,
            )
        )
    links.sort(key=lambda link: link.argument != wrt)
    return tuple(links)


def total_derivative(
    of: sympy.Expr, wrt: sympy.Symbol, where: Where, keep: Iterable[sympy.Symbol]
) -> sympy.Expr:
    """``d of / d wrt`` through the intermediates, keeping those in ``keep`` as symbols.

    An intermediate ``u = f(arg)`` made by an activation contributes ``f'`` written with
    ``u`` (``1 - u**2`` for tanh), so the result reads in the learner's symbols.
    """
    where = {u: d for u, d in where.items() if u != wrt}
    keep = {u for u in keep if u in where}
    definitions = {u: substitute(where[u], where, keep) for u in keep}
    memo: dict[sympy.Symbol, sympy.Expr] = {}

    def through(expr: sympy.Expr) -> sympy.Expr:
        result = sympy.diff(expr, wrt)
        for u in sorted(expr.free_symbols & keep, key=lambda s: s.name):
            result += sympy.diff(expr, u) * of_intermediate(u)
        return result

    def of_intermediate(u: sympy.Symbol) -> sympy.Expr:
        if u not in memo:
            found = activation_of(definitions[u])
            if found is not None:
                memo[u] = _DERIVATIVES[found[0]][1](u) * through(found[1])
            else:
                memo[u] = through(definitions[u])
        return memo[u]

    result = through(substitute(of, where, keep))
    for u in sorted(keep, key=lambda s: -sympy.count_ops(definitions[s])):
        result = result.subs(definitions[u], u)
    return at_kinks(tidy(result))


def at_kinks(derivative: sympy.Expr) -> sympy.Expr:
    """The engine's convention at a kink: the step is 0 at 0 (ReLU′(0) = 0, as in PyTorch)."""
    return derivative.replace(lambda e: isinstance(e, sympy.Heaviside),
                              lambda e: sympy.Heaviside(e.args[0], 0))


def tidy(expr: sympy.Expr) -> sympy.Expr:
    """Common factors pulled out, as a textbook prints it: ``2(x - y)(1 - x²)``."""
    if sympy.count_ops(expr) > 150:
        return expr
    candidate = orient(sympy.factor_terms(expr))
    return candidate if sympy.count_ops(candidate) <= sympy.count_ops(expr) else expr
