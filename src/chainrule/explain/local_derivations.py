r"""Each factor's local derivation: the op's own ``symbolic`` form, derived by the calculus.

One definition per operation: an activation's θ′ and a loss's ∂e/∂output are not written
here; they are :func:`chainrule.calculus.derive` of ``op.symbolic(z)`` and
``loss.symbolic(outputs, targets)``, so the steps shown by ``chainrule explain`` are those of
``chainrule derive``. Each op is derived once (cached by its name and configuration) with
plain placeholder symbols, then written in the notation by replacing the placeholders with
:class:`NotationSymbol` s of the notation's names (``s₁⁽ᴸ⁾``, ``net₅``).
Numbers go into a formula as :class:`NumberSymbol` s (the sample's values from the trace).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import sympy

# `calculus.derive` loads the rules on first call: `chainrule check` prints formula nodes
# (whose symbols live here) but derives nothing step by step.
from chainrule import calculus
from chainrule.calculus import make_symbol, same_function, softmax
from chainrule.calculus.math_names import MathName
from chainrule.calculus.symbols import GREEK_BY_LETTER
from chainrule.errors import DerivationError
from chainrule.explain.notation_symbols import NotationSymbol
from chainrule.ops import affine
from chainrule.ops.registry import activation as make_activation
from chainrule.ops.registry import loss as make_loss

if TYPE_CHECKING:
    from chainrule.calculus import Derivation

_KINKS = (sympy.Max, sympy.Min, sympy.Piecewise, sympy.Heaviside)


class NumberSymbol(sympy.Symbol):
    """A number put into a formula, named by its digits and its place: ``0.76#0``,
    ``-1.5e-07#1``; the printers write it as an operand (in parentheses when negative).

    The place (after ``#``, not printed) keeps two equal numbers two symbols, so ``1 - 1``
    is not cancelled to 0, while the same formula with the same numbers stays equal.
    """


def renamed(obj: Any, mapping: Mapping[sympy.Basic, sympy.Basic]) -> Any:
    """A step tree, derivation or expression with the symbols of ``mapping`` replaced."""
    if isinstance(obj, sympy.Basic):
        return replaced(obj, mapping)
    if isinstance(obj, tuple):
        return tuple(renamed(item, mapping) for item in obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        values = {f.name: renamed(getattr(obj, f.name), mapping) for f in dataclasses.fields(obj)}
        return type(obj)(**values)
    return obj


def replaced(expr: sympy.Basic, mapping: Mapping[sympy.Basic, sympy.Basic]) -> sympy.Basic:
    """``expr.xreplace(mapping)`` that keeps sums, products and powers as they are built, so
    the textbook form survives: ``2(x − y)`` is not multiplied out to ``2x − 2y``."""
    if expr in mapping:
        return mapping[expr]
    if not expr.args:
        return expr
    args = tuple(replaced(arg, mapping) for arg in expr.args)
    if args == expr.args:
        return expr
    if isinstance(expr, (sympy.Add, sympy.Mul, sympy.Pow)):
        return expr.func(*args, evaluate=False)
    return expr.func(*args)


def plain(name: MathName, fallback: str) -> str:
    """A letter for a placeholder symbol: net for ``net₅``, yhat for ``ŷ₁``, delta for
    ``δⱼ``, the vector's letter z for an entry ``(z₂)₁``."""
    while isinstance(name.base, MathName):
        name = name.base
    letters = name.prefix + "".join(GREEK_BY_LETTER.get(c, c) for c in name.base)
    if name.accent:
        letters = letters + "hat" if name.accent == "hat" else name.accent + letters
    return re.sub(r"[^A-Za-z]", "", letters) or fallback


#: Letters the calculus may name inner functions with (f(g), g(h), ...): a notation that uses
#: one for a quantity keeps it, so the derivation picks other names for its inner functions.
_RESERVED = frozenset("fghuvwpqrkm")


def letters(*names: MathName, canonical: str = "zay") -> tuple[str, ...]:
    """Placeholder letters for the notation's letters (signal, output, target, in the order
    given): the canonical ``z``, ``a``, ``y``, unless the notation's letter is one the
    calculus names inner functions with. Notations share derivations this way."""
    out: list[str] = []
    for k, name in enumerate(names):
        letter = plain(name, canonical[k])
        letter = letter if letter in _RESERVED else canonical[k]
        out.append(letter if letter not in out else f"{letter}{k}")
    return tuple(out)


def op_key(op: Any) -> tuple[str, tuple[tuple[str, Any], ...]]:
    """An op's name and configuration, hashable: the cache key of its derivation."""
    return op.name, tuple(sorted(op.config().items()))


@functools.lru_cache(maxsize=128)
def _activation_template(key: tuple, pre: str, post: str) -> Derivation | None:
    name, config = key
    op = make_activation(name, **dict(config))
    z, a = sympy.Symbol(pre), sympy.Symbol(post)
    form = op.symbolic(z)
    if form.has(*_KINKS):
        return None
    return calculus.derive(form, z, where=None if form == z else {a: form})


def activation_derivation(op: Any, pre: MathName, post: MathName) -> Derivation | None:
    """``d/ds θ(s)`` for the unit with signal ``pre`` and output ``post`` (the notation's names).

    None for a kinked activation (ReLU: no derivative at 0, see :mod:`~.forms`) and for
    softmax (not elementwise). The result is written with the output: ``1 − x²``, ``x(1 − x)``.
    Cached: one derivation per op and pair of names.
    """
    return _activation_derivation(op_key(op), bool(op.elementwise), pre, post)


@functools.lru_cache(maxsize=1024)
def _activation_derivation(key: tuple, elementwise: bool, pre: MathName, post: MathName
                           ) -> Derivation | None:
    """``d/ds θ(s)`` for the unit with signal ``pre`` and output ``post`` (the notation's names).

    None for a kinked activation (ReLU: no derivative at 0, see :mod:`~.forms`) and for
    softmax (not elementwise). The result is written with the output: ``1 − x²``, ``x(1 − x)``.
    """
    if not elementwise:
        return None
    p, q = letters(pre, post)
    template = _activation_template(key, p, q)
    if template is None:
        return None
    return renamed(template, {sympy.Symbol(p): NotationSymbol(pre),
                              sympy.Symbol(q): NotationSymbol(post)})


def _symbols(letter: str, count: int) -> list[sympy.Symbol]:
    return [make_symbol(letter, str(k + 1)) for k in range(count)]


def _probability_loss(name: str) -> str:
    """The loss a fused loss contains (its ``probability_loss``), else the loss itself."""
    return make_loss(name).probability_loss or name


@functools.lru_cache(maxsize=256)
def _loss_template(name: str, count: int, j: int, out: str, tgt: str) -> Derivation:
    outs, tgts = _symbols(out, count), _symbols(tgt, count)
    return calculus.derive(make_loss(_probability_loss(name)).symbolic(outs, tgts), outs[j])


def _mapping(placeholders: Sequence[sympy.Symbol], names: Sequence[MathName]) -> dict:
    return {p: NotationSymbol(n) for p, n in zip(placeholders, names, strict=True)}


def loss_derivation(loss: Any, outs: Sequence[MathName], tgts: Sequence[MathName],
                    j: int) -> Derivation:
    """``∂e/∂o_j`` of the loss of one sample over outputs ``outs`` and targets ``tgts``.

    A fused loss is derived on the probabilities it contains (cross-entropy of a softmax,
    binary cross-entropy of a sigmoid); :func:`fused_matches` ties that to the fused op.
    """
    return _loss_derivation(loss.name, tuple(outs), tuple(tgts), j)


@functools.lru_cache(maxsize=1024)
def _loss_derivation(name: str, outs: tuple[MathName, ...], tgts: tuple[MathName, ...],
                     j: int) -> Derivation:
    o, t = letters(outs[0], tgts[0], canonical="ay")
    template = _loss_template(name, len(outs), j, o, t)
    mapping = {**_mapping(_symbols(o, len(outs)), outs), **_mapping(_symbols(t, len(tgts)), tgts)}
    return renamed(template, mapping)


def loss_value(loss: Any, outs: Sequence[MathName], tgts: Sequence[MathName]) -> sympy.Expr:
    """The loss of one sample, written over the outputs (the probabilities, if fused)."""
    return _loss_value(loss.name, tuple(outs), tuple(tgts))


@functools.lru_cache(maxsize=256)
def _loss_value(name: str, outs: tuple[MathName, ...], tgts: tuple[MathName, ...]
                ) -> sympy.Expr:
    o, t = letters(outs[0], tgts[0], canonical="ay")
    count = len(outs)
    placeholders = _symbols(o, count), _symbols(t, count)
    value = make_loss(_probability_loss(name)).symbolic(*placeholders)
    return renamed(value, {**_mapping(placeholders[0], outs), **_mapping(placeholders[1], tgts)})


def _softmax_form(key: tuple, zs: Sequence[sympy.Symbol]) -> list[sympy.Expr]:
    """The outputs of the normalizing op ``key``, written with the softmax function (checked
    equal to the op's own symbolic form)."""
    _softmax_checked(key, len(zs))
    return [softmax(k + 1, *zs) for k in range(len(zs))]


@functools.lru_cache(maxsize=16)
def _softmax_checked(key: tuple, count: int) -> bool:
    name, config = key
    zs = _symbols("z", count)
    written = make_activation(name, **dict(config)).symbolic_vector(zs)
    for k, own in enumerate(written):
        ours = softmax(k + 1, *zs)
        if not same_function(own, ours.rewrite(sympy.exp)):
            raise DerivationError(f"{name}'s symbolic form {own} is not {ours}")
    return True


@functools.lru_cache(maxsize=64)
def _softmax_template(key: tuple, name: str, count: int, j: int, pre: str, out: str, tgt: str
                      ) -> Derivation:
    zs, outs, tgts = _symbols(pre, count), _symbols(out, count), _symbols(tgt, count)
    fused_matches(name)
    probabilities = _softmax_form(key, zs)
    expression = make_loss(_probability_loss(name)).symbolic(probabilities, tgts)
    return calculus.derive(expression, zs[j], where=dict(zip(outs, probabilities, strict=True)))


def softmax_derivation(op: Any, loss: Any, pres: Sequence[MathName], outs: Sequence[MathName],
                       tgts: Sequence[MathName], j: int) -> Derivation:
    """``∂e/∂s_j`` of cross-entropy after the softmax ``op`` (fused or not): ends at
    ``ŷ_j − y_j``."""
    return _softmax_derivation(op_key(op), loss.name, tuple(pres), tuple(outs), tuple(tgts), j)


@functools.lru_cache(maxsize=1024)
def _softmax_derivation(key: tuple, name: str, pres: tuple[MathName, ...],
                        outs: tuple[MathName, ...], tgts: tuple[MathName, ...], j: int
                        ) -> Derivation:
    p, o, t = letters(pres[0], outs[0], tgts[0])
    count = len(pres)
    template = _softmax_template(key, name, count, j, p, o, t)
    mapping = {**_mapping(_symbols(p, count), pres), **_mapping(_symbols(o, count), outs),
               **_mapping(_symbols(t, count), tgts)}
    return renamed(template, mapping)


@functools.lru_cache(maxsize=16)
def fused_matches(name: str) -> bool:
    """Whether a fused loss equals its probability loss after its activation (checked)."""
    fused = make_loss(name)
    if fused.probability_loss is None or fused.output_activation is None:
        return True
    zs, tgts = _symbols("z", 2), _symbols("y", 2)
    probabilities = make_activation(fused.output_activation).symbolic_vector(zs)
    inner = make_loss(fused.probability_loss).symbolic(probabilities, tgts)
    if not same_function(fused.symbolic(zs, tgts), inner.rewrite(sympy.exp)):
        raise DerivationError(f"{name} is not {fused.probability_loss} of its activation")
    return True


def with_numbers(expr: sympy.Expr, values: Mapping[MathName, float]) -> sympy.Expr:
    """``expr`` with each notation symbol named in ``values`` replaced by that number, written
    with the explanation's significant digits."""
    from chainrule.explain.model import significant

    symbols = sorted((s for s in expr.atoms(NotationSymbol) if s.math_name in values),
                     key=lambda s: s.name)
    mapping = {s: NumberSymbol(f"{float(values[s.math_name]):.{significant()}g}#{k}")
               for k, s in enumerate(symbols)}
    return replaced(expr, mapping)


@functools.lru_cache(maxsize=1024)
def signal_derivation(inputs: tuple[MathName, ...], weights: tuple[MathName, ...],
                      bias: MathName | None, wrt: MathName) -> Derivation:
    """``∂s_j/∂w_ij`` (or ``∂s_j/∂b_j``) of the affine op's signal ``s_j = Σ_i x_i w_ij + b_j``,
    written out over the inputs' names: the sum rule, where every term but one is a
    constant. ``wrt`` is the name of the weight or bias."""
    xs = [NotationSymbol(name) for name in inputs]
    column = [[NotationSymbol(name)] for name in weights]
    biases = None if bias is None else [NotationSymbol(bias)]
    signal = affine.symbolic(xs, column, biases)[0]
    return calculus.derive(signal, NotationSymbol(wrt))
