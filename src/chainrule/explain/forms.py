r"""θ′ of the activations with a kink (ReLU, leaky ReLU), which the calculus cannot derive.

Every smooth activation's θ′ is derived from its op's ``symbolic`` form by
:mod:`chainrule.explain.local`. A kinked one has no derivative at 0, so the step-by-step
differentiator gives no rule for it; its θ′ is written here piece by piece, with the engine's
convention at the kink, and :func:`verified_kink_form` checks each piece against
``sympy.diff`` of the op's own ``symbolic`` form away from the kink.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from chainrule.errors import DerivationError


def power(base: str, exponent: int | str = 2) -> str:
    """``base^{exponent}``, parenthesized when ``base`` already has scripts or a sign."""
    wrapped = any(c in base for c in "^_-") or base.startswith(r"\left") or " " in base
    inner = rf"\left({base}\right)" if wrapped and not base.startswith(r"\left(") else base
    return f"{inner}^{{{exponent}}}"


def paren(text: str) -> str:
    return rf"\left({text}\right)"


@dataclass(frozen=True)
class KinkForm:
    """θ and θ′ of a kinked activation, as LaTeX templates of the signal ``z``.

    ``steps`` is the local derivation: ``(formula, reason)`` pairs from θ to θ′.
    """

    name: str
    forward: Callable[[str], str]  # z -> LaTeX of θ(z)
    derivative: Callable[[str], str]  # z -> LaTeX of θ′
    on: float  # θ′ for z > 0
    off: float  # θ′ for z ≤ 0 (the convention at 0 included)
    steps: Callable[[str, str], list[tuple[str, str]]]  # (theta, z)


def _relu_steps(theta: str, z: str) -> list[tuple[str, str]]:
    return [(rf"{theta}({z}) = \max({z}, 0)", "ReLU: the signal where it is positive, else 0"),
            (rf"{theta}^{{\prime}}({z}) = [{z} > 0]",
             "slope 1 where the unit is on, 0 where it is off; there is no derivative at the "
             "kink, and chainrule takes θ′(0) = 0")]


def _leaky_steps(slope: float) -> Callable[[str, str], list[tuple[str, str]]]:
    def steps(theta: str, z: str) -> list[tuple[str, str]]:
        return [(rf"{theta}({z}) = \max({z}, {slope:g}\,{z})", "leaky ReLU"),
                (rf"{theta}^{{\prime}}({z}) = 1 \text{{ if }} {z} > 0 \text{{ else }} {slope:g}",
                 f"slope 1 for positive signals, {slope:g} otherwise; there is no derivative "
                 f"at the kink, and chainrule takes θ′(0) = {slope:g}")]
    return steps


def kink_form(op: object) -> KinkForm:
    """The form of a kinked activation op (an instance from :mod:`chainrule.ops`)."""
    name = op.name  # type: ignore[attr-defined]
    if name == "relu":
        return KinkForm(name, lambda z: rf"\max({z}, 0)", lambda z: f"[{z} > 0]", 1.0, 0.0,
                        _relu_steps)
    if name == "leaky_relu":
        slope = float(op.slope)  # type: ignore[attr-defined]
        return KinkForm(
            name, lambda z: rf"\max({z}, {slope:g}\,{z})",
            lambda z: rf"\left(1 \text{{ if }} {z} > 0 \text{{ else }} {slope:g}\right)",
            1.0, slope, _leaky_steps(slope))
    raise DerivationError(f"no piecewise derivative form for the activation {name!r}")


@functools.lru_cache(maxsize=64)
def _verified(name: str, config: tuple) -> bool:
    import sympy

    from chainrule.ops.registry import activation

    op = activation(name, **dict(config))
    z = sympy.Symbol("z", real=True)
    form = kink_form(op)
    truth = sympy.diff(op.symbolic(z), z)  # type: ignore[attr-defined]
    for point, want in ((-1.3, form.off), (-0.2, form.off), (0.4, form.on), (2.1, form.on)):
        if abs(float(truth.subs(z, point)) - want) > 1e-12:
            raise DerivationError(f"θ′ of {name} disagrees with sympy.diff at z = {point}")
    return True


def verified_kink_form(op: object) -> KinkForm:
    """:func:`kink_form`, after checking it against ``sympy.diff`` of ``op.symbolic``."""
    _verified(op.name, tuple(sorted(op.config().items())))  # type: ignore[attr-defined]
    return kink_form(op)
