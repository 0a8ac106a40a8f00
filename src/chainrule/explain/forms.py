r"""The calculus the explanations quote: each activation's θ′ and each loss's ∂e/∂output.

Every form is written as a LaTeX template of the notation's symbols (so it can be printed
with symbols or with the sample's numbers) and as a SymPy expression; :func:`verify_forms`
checks the SymPy expression against ``sympy.diff`` of the op's own ``symbolic`` form, so a
form here can never drift from the engine's op.
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
class ActivationForm:
    """θ and θ′ of one activation, as templates of the signal ``z`` and the output ``a``.

    ``steps`` is the local derivation: ``(formula, reason)`` pairs from θ to θ′.
    """

    name: str
    forward: Callable[[str, str], str]  # (theta, z) -> LaTeX of θ(z)
    derivative: Callable[[str, str], str]  # (z, a) -> LaTeX of θ′ in the notation
    compound: bool  # the derivative is a sum: parenthesize it in products
    sympy_form: Callable  # (z, a, op) -> SymPy θ′
    steps: Callable[[str, str, str], list[tuple[str, str]]]  # (theta, z, a)


def _tanh_steps(theta: str, z: str, a: str) -> list[tuple[str, str]]:
    return [
        (rf"{theta}({z}) = \tanh({z}) = \frac{{\sinh({z})}}{{\cosh({z})}}", "definition of tanh"),
        (rf"{theta}^{{\prime}}({z}) = \frac{{\cosh^{{2}}({z}) - \sinh^{{2}}({z})}}"
         rf"{{\cosh^{{2}}({z})}}",
         "quotient rule, with $\\sinh' = \\cosh$ and $\\cosh' = \\sinh$"),
        (rf"= 1 - \tanh^{{2}}({z}) = 1 - {power(a)}",
         f"split the fraction; $\\tanh({z}) = {a}$ is the unit's output"),
    ]


def _sigmoid_steps(theta: str, z: str, a: str) -> list[tuple[str, str]]:
    return [
        (rf"{theta}({z}) = \frac{{1}}{{1 + e^{{-{z}}}}} = g^{{-1}}, \quad g = 1 + e^{{h}},"
         rf" \quad h = -{z}", "write σ as a chain of three simple functions"),
        (rf"\frac{{d {theta}}}{{d {z}}} = \frac{{d g^{{-1}}}}{{d g}} \cdot \frac{{d g}}{{d h}}"
         rf" \cdot \frac{{d h}}{{d {z}}} = \left(-\frac{{1}}{{g^{{2}}}}\right) \cdot e^{{h}}"
         r" \cdot (-1)", "chain rule: power rule, exponential rule, derivative of −z"),
        (rf"= \frac{{e^{{-{z}}}}}{{\left(1 + e^{{-{z}}}\right)^{{2}}}}"
         rf" = \frac{{1}}{{1 + e^{{-{z}}}}} \cdot \frac{{e^{{-{z}}}}}{{1 + e^{{-{z}}}}}",
         "the two minus signs cancel; split the fraction"),
        (rf"= {theta}({z})\left(1 - {theta}({z})\right) = {a}\left(1 - {a}\right)",
         f"$\\frac{{e^{{-{z}}}}}{{1 + e^{{-{z}}}}} = 1 - {theta}({z})$"),
    ]


def _relu_steps(theta: str, z: str, a: str) -> list[tuple[str, str]]:
    return [(rf"{theta}({z}) = \max({z}, 0)", "ReLU"),
            (rf"{theta}^{{\prime}}({z}) = [{z} > 0]",
             "slope 1 where the unit is on, 0 where it is off; at the kink we take θ′(0) = 0")]


def _leaky_steps(slope: float) -> Callable[[str, str, str], list[tuple[str, str]]]:
    def steps(theta: str, z: str, a: str) -> list[tuple[str, str]]:
        return [(rf"{theta}({z}) = \max({z}, {slope:g}\,{z})", "leaky ReLU"),
                (rf"{theta}^{{\prime}}({z}) = 1 \text{{ if }} {z} > 0 \text{{ else }} {slope:g}",
                 f"slope 1 for positive signals, {slope:g} otherwise (θ′(0) = {slope:g})")]
    return steps


def activation_form(op: object) -> ActivationForm:
    """The form of the activation op ``op`` (an instance from :mod:`chainrule.ops`)."""
    import sympy

    name = op.name  # type: ignore[attr-defined]
    if name == "tanh":
        return ActivationForm(name, lambda t, z: rf"\tanh({z})", lambda z, a: f"1 - {power(a)}",
                              True, lambda z, a, o: 1 - a**2, _tanh_steps)
    if name == "sigmoid":
        return ActivationForm(name, lambda t, z: rf"\frac{{1}}{{1 + e^{{-{z}}}}}",
                              lambda z, a: rf"{a}\left(1 - {a}\right)", False,
                              lambda z, a, o: a * (1 - a), _sigmoid_steps)
    if name == "identity":
        return ActivationForm(name, lambda t, z: z, lambda z, a: "1", False,
                              lambda z, a, o: sympy.Integer(1),
                              lambda t, z, a: [(rf"{t}({z}) = {z}, \quad {t}^{{\prime}} = 1",
                                                "a linear unit passes its signal on")])
    if name == "relu":
        return ActivationForm(name, lambda t, z: rf"\max({z}, 0)", lambda z, a: f"[{z} > 0]",
                              False, lambda z, a, o: sympy.Piecewise((1, z > 0), (0, True)),
                              _relu_steps)
    if name == "leaky_relu":
        slope = op.slope  # type: ignore[attr-defined]
        return ActivationForm(
            name, lambda t, z: rf"\max({z}, {slope:g}\,{z})",
            lambda z, a: rf"\left(1 \text{{ if }} {z} > 0 \text{{ else }} {slope:g}\right)",
            False, lambda z, a, o: sympy.Piecewise((1, z > 0), (sympy.Float(slope), True)),
            _leaky_steps(slope))
    raise DerivationError(f"no elementwise derivative form for the activation {name!r}")


@functools.lru_cache(maxsize=64)
def _verified_activation(op: object) -> bool:
    import sympy

    z = sympy.Symbol("z", real=True)
    form = activation_form(op)
    truth = sympy.diff(op.symbolic(z), z)  # type: ignore[attr-defined]
    ours = form.sympy_form(z, op.symbolic(z), op)  # type: ignore[attr-defined]
    for point in (-1.3, 0.4, 2.1):
        if abs(float(truth.subs(z, point)) - float(ours.subs(z, point))) > 1e-12:
            raise DerivationError(f"θ′ of {form.name} disagrees with sympy.diff at z = {point}")
    return True


def verified_activation_form(op: object) -> ActivationForm:
    """:func:`activation_form`, after checking it against ``sympy.diff`` of ``op.symbolic``."""
    _verified_activation(op)
    return activation_form(op)
