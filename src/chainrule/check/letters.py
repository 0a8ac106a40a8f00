r"""The notation's own letters for the activation, bound to the network's layers.

In a claim about a network, ``θ(s)``, ``σ(z)``, ``g(z)``, ``f(z)`` and their primes
(``θ'(s)``, ``f′(z)``, ``\sigma'(z)``) name the activation of the layer their argument belongs
to, whatever that activation is: ``θ'(s_1^{(1)})`` on a ReLU layer is the step, on a tanh layer
``1 − tanh²``. The parser leaves them as undefined functions (``theta``, ``theta'``); here
each one becomes that layer's op's :meth:`~chainrule.ops.base.Activation.symbolic` form, or its
derivative, and a line says how it was read.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from chainrule.calculus.functions import LAYER_FUNCTION
from chainrule.calculus.printing import symbol_text, to_text
from chainrule.calculus.symbols import symbol_parts
from chainrule.check.chain import at_kinks
from chainrule.check.claim_names import ClaimNames
from chainrule.check.layer_ops import LayerOps
from chainrule.check.matrix_nodes import LETTERS
from chainrule.errors import ConfigError

_Z = sympy.Dummy("z")


def letter_functions() -> dict[str, str]:
    """The parser's ``functions``: every letter stays a function for :func:`bind_letters`."""
    return {"θ": LAYER_FUNCTION, "σ": LAYER_FUNCTION, "g": LAYER_FUNCTION,
            "f": LAYER_FUNCTION}  # fmt: skip


def bind_letters(expr: sympy.Expr, names: ClaimNames,
                 ops: LayerOps) -> tuple[sympy.Expr, tuple[str, ...]]:  # fmt: skip
    """``expr`` with each letter call replaced by its layer's activation, and the readings.

    Raises
    ------
    ConfigError
        If the layer of a call's argument cannot be told and the layers' activations differ,
        or the layer's activation is not elementwise (a softmax output).
    """
    mapping, readings = {}, []
    for call in sorted(expr.atoms(AppliedUndef), key=str):
        name = call.func.__name__
        letter, primes = name.rstrip("'"), len(name) - len(name.rstrip("'"))
        if letter not in LETTERS:
            continue
        layer = _layer_of(call.args[0], names)
        op = _op(call, layer, names, ops)
        value = op.symbolic(_Z)
        if primes:
            value = at_kinks(sympy.diff(value, _Z))
        mapping[call] = value.xreplace({_Z: call.args[0]})
        readings.append(_reading(call, letter, primes, layer, op, names))
    return expr.xreplace(mapping), tuple(readings)


def displayed(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with its letter calls named as they print: ``θ′(s)`` for ``theta'(s)``."""
    mapping = {}
    for call in expr.atoms(AppliedUndef):
        name = call.func.__name__
        if name.rstrip("'") in LETTERS:
            mapping[call] = sympy.Function(_call_text(call).partition("(")[0])(*call.args)
    return expr.xreplace(mapping)


def _layer_of(argument: sympy.Expr, names: ClaimNames) -> int | str | None:
    """The one layer whose signals the argument is made of, else None."""
    layers = set()
    for symbol in argument.free_symbols:
        try:
            ref = names.read(symbol)
        except ConfigError:
            ref = None
        if ref is not None and ref.kind == "pre" and ref.layer is not None:
            layers.add(ref.layer)
    return layers.pop() if len(layers) == 1 else None


def _op(call: sympy.Expr, layer: int | str | None, names: ClaimNames, ops: LayerOps) -> Any:
    if layer is None:
        found = {ops.activation(k) for k in range(1, ops.L + 1)}
        if len(found) > 1:
            listed = ", ".join(f"layer {_tag(k, names)} {ops.activation(k).name}"
                               for k in range(1, ops.L + 1))
            raise ConfigError(f"{_call_text(call)}: cannot tell which layer's activation this "
                              f"is ({listed}); write its argument with the layer, as in "
                              f"{_call_text(call, names.namer.plain('pre', 1, 0))}")
        return found.pop()
    op = ops.activation(layer)
    if not op.elementwise:
        raise ConfigError(f"{_call_text(call)}: the activation of layer {_tag(layer, names)} is "
                          f"the {op.name}, which is not elementwise; write its outputs instead")
    return op


def _reading(call: sympy.Expr, letter: str, primes: int, layer: int | str | None, op: Any,
             names: ClaimNames) -> str:  # fmt: skip
    where = "every layer's" if layer is None else f"layer {_tag(layer, names)}'s"
    what = "the derivative of " if primes else ""
    kink = ""
    if primes and op.symbolic(_Z).has(sympy.Max, sympy.Piecewise):
        at_zero = at_kinks(sympy.diff(op.symbolic(_Z), _Z)).subs(_Z, 0)
        kink = f" ({op.name}′(0) = {at_zero}, as in PyTorch)"
    argument = call.args[0]
    shown = names.display(argument) if isinstance(argument, sympy.Symbol) else None
    return f"read {_call_text(call, display=shown)} as {what}{where} activation, {op.name}{kink}"


def _tag(layer: int | str, names: ClaimNames) -> str:
    return names.namer.tag(layer, names.notation.pre_offset)


def _call_text(call: sympy.Expr, argument: str | None = None,
               display: str | None = None) -> str:
    name = call.func.__name__
    letter = name.rstrip("'")
    base = symbol_parts(sympy.Symbol(letter)).base
    shown = symbol_text(base) + "′" * (len(name) - len(letter))
    inner = display or (symbol_text(argument) if argument is not None
                        else to_text(call.args[0]))
    return f"{shown}({inner})"
