r"""Each loss of one sample and its derivative ∂e/∂output, as notation templates.

``value(outs, tgts)`` writes the loss over the output units; ``gradient(o, t, K)`` writes
∂e/∂o_k for one unit. :func:`verified_loss_form` checks the gradient against ``sympy.diff`` of
the loss op's own ``symbolic`` form, at random numbers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from chainrule.errors import DerivationError
from chainrule.explain.forms import paren, power


@dataclass(frozen=True)
class LossForm:
    """The loss ``value`` and its ``gradient`` with respect to one output, as LaTeX."""

    name: str
    value: Callable[[Sequence[str], Sequence[str]], str]
    gradient: Callable[[str, str, int], str]
    compound: bool
    sympy_gradient: Callable  # (o, t, K) -> SymPy
    reason: str  # how the gradient is derived


def _terms(outs: Sequence[str], tgts: Sequence[str], term: Callable[[str, str], str]) -> str:
    if len(outs) > 3:
        return rf"\sum_{{k}} {term('o_{k}', 't_{k}')}"
    return " + ".join(term(o, t) for o, t in zip(outs, tgts, strict=True))


def _forms() -> dict[str, LossForm]:
    def sq(o: str, t: str) -> str:
        return power(paren(f"{o} - {t}"))

    def half(o: str, t: str) -> str:
        return power(paren(f"{t} - {o}"))

    def ce(o: str, t: str) -> str:
        return rf"{t} \log {o}"

    def bce(o: str, t: str) -> str:
        return rf"\left[{t} \log {o} + (1 - {t}) \log\left(1 - {o}\right)\right]"

    only_term = "only the k-th term of the sum depends on the k-th output"
    return {
        "squared_error": LossForm(
            "squared_error", lambda o, t: _terms(o, t, sq),
            lambda o, t, k: rf"2\left({o} - {t}\right)", False, lambda o, t, k: 2 * (o - t),
            f"power rule and chain rule: the inner derivative of $x - y$ is 1; {only_term}"),
        "half_sse": LossForm(
            "half_sse", lambda o, t: r"\frac{1}{2}\left(" + _terms(o, t, half) + r"\right)",
            lambda o, t, k: rf"-\left({t} - {o}\right)", True, lambda o, t, k: o - t,
            f"the ½ cancels the 2 of the power rule; the inner derivative of $t - o$ is −1; "
            f"{only_term}"),
        "mse": LossForm(
            "mse", lambda o, t: rf"\frac{{1}}{{{len(o)}}}\left(" + _terms(o, t, sq) + r"\right)",
            lambda o, t, k: rf"\frac{{2}}{{{k}}}\left({o} - {t}\right)", False,
            lambda o, t, k: 2 * (o - t) / k, f"power rule, times the 1/K of the mean; {only_term}"),
        "cross_entropy": LossForm(
            "cross_entropy", lambda o, t: "-" + paren(_terms(o, t, ce)),
            lambda o, t, k: rf"-\frac{{{t}}}{{{o}}}", False, lambda o, t, k: -t / o,
            f"$\\frac{{d}}{{dp}} \\log p = \\frac{{1}}{{p}}$; {only_term}"),
        "binary_cross_entropy": LossForm(
            "binary_cross_entropy", lambda o, t: "-" + paren(_terms(o, t, bce)),
            lambda o, t, k: rf"\frac{{{o} - {t}}}{{{o}\left(1 - {o}\right)}}", False,
            lambda o, t, k: (o - t) / (o * (1 - o)),
            "$-\\frac{y}{p} + \\frac{1 - y}{1 - p}$ over a common denominator; " + only_term),
    }


FUSED_VALUE = {
    "softmax_cross_entropy": "cross_entropy",
    "sigmoid_binary_cross_entropy": "binary_cross_entropy",
}


def loss_form(loss: object) -> LossForm:
    """The form of a loss op; fused losses give the form of their probability-side loss."""
    name = FUSED_VALUE.get(loss.name, loss.name)  # type: ignore[attr-defined]
    forms = _forms()
    if name not in forms:
        raise DerivationError(f"no derivative form for the loss {name!r}")
    return forms[name]


@functools.lru_cache(maxsize=64)
def _verified(name: str, n_outputs: int) -> bool:
    import numpy as np
    import sympy

    from chainrule.ops import loss as make_loss

    op = make_loss(FUSED_VALUE.get(name, name))
    outs = sympy.symbols(f"o0:{n_outputs}", positive=True)
    tgts = sympy.symbols(f"t0:{n_outputs}", positive=True)
    form = loss_form(op)
    expression = op.symbolic(list(outs), list(tgts))
    rng = np.random.default_rng(0)
    point = dict(zip([*outs, *tgts], rng.uniform(0.1, 0.9, 2 * n_outputs), strict=True))
    for k in range(n_outputs):
        truth = float(sympy.diff(expression, outs[k]).subs(point))
        ours = float(form.sympy_gradient(outs[k], tgts[k], n_outputs).subs(point))
        if abs(truth - ours) > 1e-12 * (1 + abs(truth)):
            raise DerivationError(f"∂e/∂o of {name} disagrees with sympy.diff")
    return True


def verified_loss_form(loss: object, n_outputs: int) -> LossForm:
    """:func:`loss_form`, checked against ``sympy.diff`` of the op's symbolic loss."""
    _verified(loss.name, n_outputs)  # type: ignore[attr-defined]
    return loss_form(loss)
