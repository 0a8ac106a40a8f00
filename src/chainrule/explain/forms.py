r"""θ′ of the activations with a kink (ReLU, leaky ReLU), which the calculus cannot derive.

Every smooth activation's θ′ is derived from its op's ``symbolic`` form by
:mod:`chainrule.explain.local_derivations`. A kinked one has no derivative at 0, so the step-by-step
differentiator gives no rule for it; the op writes its θ′ piece by piece (its ``kink``), with
the engine's convention at the kink, and :func:`verified_kink_form` checks each piece against
``sympy.diff`` of the op's own ``symbolic`` form away from the kink.
"""

from __future__ import annotations

import functools

from chainrule.errors import DerivationError
from chainrule.ops.kink import Kink


def kink_form(op: object) -> Kink:
    """The piecewise form of a kinked activation op, as the op itself writes it."""
    kink = op.kink()  # type: ignore[attr-defined]
    if kink is None:
        raise DerivationError(f"no piecewise derivative form for the activation "
                              f"{op.name!r}")  # type: ignore[attr-defined]
    return kink


@functools.lru_cache(maxsize=64)
def _verified(name: str, config: tuple) -> bool:
    import sympy

    from chainrule.ops.registry import activation

    op = activation(name, **dict(config))
    z = sympy.Symbol("z", real=True)
    forward, slope = kink_form(op).of(z)
    truth = sympy.diff(op.symbolic(z), z)  # type: ignore[attr-defined]
    for point in (-1.3, -0.2, 0.4, 2.1):  # away from the kink, on both sides
        if abs(float(truth.subs(z, point)) - float(slope.subs(z, point))) > 1e-12:
            raise DerivationError(f"θ′ of {name} disagrees with sympy.diff at z = {point}")
        if abs(float(op.symbolic(z).subs(z, point)) - float(forward.subs(z, point))) > 1e-12:
            raise DerivationError(f"θ of {name} disagrees with its symbolic form at z = {point}")
    return True


def verified_kink_form(op: object) -> Kink:
    """:func:`kink_form`, after checking it against ``sympy.diff`` of ``op.symbolic``."""
    _verified(op.name, tuple(sorted(op.config().items())))  # type: ignore[attr-defined]
    return kink_form(op)
