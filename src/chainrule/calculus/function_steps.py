r"""One rule step per function learners use: ``d/dx f(x)`` for f = sin, cosh, relu, ...

Each class writes its derivative as a textbook does (``eval()``), names its rule (``rule``) and,
for a kinked function, the value the engine takes at the kink (``kink``, as PyTorch). The
derivative of a function of something else is a :class:`~chainrule.calculus.steps.ChainStep`
whose outer step is one of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import sympy

from chainrule.calculus.activations import (
    absolute,
    elu,
    gelu,
    leaky_relu,
    relu,
    sign,
    softplus,
    step,
    swish,
)
from chainrule.calculus.functions import sigmoid
from chainrule.calculus.hyperbolic import csch, sech
from chainrule.calculus.steps import Step


@dataclass(frozen=True)
class FunctionRuleStep(Step):
    """``d/dx f(x)`` for a function with a rule of its own; ``rule`` names it."""

    rule: ClassVar[str] = ""
    kink: ClassVar[str] = ""


def _second(step: Step) -> sympy.Expr:
    """The constant second argument (α) of ``leaky_relu(x, α)`` and ``elu(x, α)``."""
    return step.expr.args[1]


@dataclass(frozen=True)
class SinStep(FunctionRuleStep):
    """``d/dx sin x = cos x``."""

    rule: ClassVar[str] = "sin rule"

    def eval(self) -> sympy.Expr:
        return sympy.cos(self.wrt)


@dataclass(frozen=True)
class CosStep(FunctionRuleStep):
    """``d/dx cos x = −sin x``."""

    rule: ClassVar[str] = "cos rule"

    def eval(self) -> sympy.Expr:
        return -sympy.sin(self.wrt)


@dataclass(frozen=True)
class TanStep(FunctionRuleStep):
    """``d/dx tan x = 1 + tan² x``."""

    rule: ClassVar[str] = "tan rule"

    def eval(self) -> sympy.Expr:
        return 1 + sympy.tan(self.wrt) ** 2


@dataclass(frozen=True)
class SinhStep(FunctionRuleStep):
    """``d/dx sinh x = cosh x``."""

    rule: ClassVar[str] = "sinh rule"

    def eval(self) -> sympy.Expr:
        return sympy.cosh(self.wrt)


@dataclass(frozen=True)
class CoshStep(FunctionRuleStep):
    """``d/dx cosh x = sinh x``."""

    rule: ClassVar[str] = "cosh rule"

    def eval(self) -> sympy.Expr:
        return sympy.sinh(self.wrt)


@dataclass(frozen=True)
class SechStep(FunctionRuleStep):
    """``d/dx sech x = −sech x · tanh x``."""

    rule: ClassVar[str] = "sech rule"

    def eval(self) -> sympy.Expr:
        return -sech(self.wrt) * sympy.tanh(self.wrt)


@dataclass(frozen=True)
class CschStep(FunctionRuleStep):
    """``d/dx csch x = −csch x · coth x``."""

    rule: ClassVar[str] = "csch rule"

    def eval(self) -> sympy.Expr:
        return -csch(self.wrt) * sympy.coth(self.wrt)


@dataclass(frozen=True)
class CothStep(FunctionRuleStep):
    """``d/dx coth x = 1 − coth² x``."""

    rule: ClassVar[str] = "coth rule"

    def eval(self) -> sympy.Expr:
        return 1 - sympy.coth(self.wrt) ** 2


@dataclass(frozen=True)
class ArctanStep(FunctionRuleStep):
    """``d/dx arctan x = 1/(1 + x²)``."""

    rule: ClassVar[str] = "arctan rule"

    def eval(self) -> sympy.Expr:
        return 1 / (1 + self.wrt**2)


@dataclass(frozen=True)
class ErfStep(FunctionRuleStep):
    """``d/dx erf x = 2 e^{−x²}/√π``."""

    rule: ClassVar[str] = "erf rule"

    def eval(self) -> sympy.Expr:
        return 2 * sympy.exp(-(self.wrt**2)) / sympy.sqrt(sympy.pi)


@dataclass(frozen=True)
class ReluStep(FunctionRuleStep):
    """``d/dx relu x = [x > 0]``."""

    rule: ClassVar[str] = "ReLU rule"
    kink: ClassVar[str] = "relu′(0) = 0, as PyTorch"

    def eval(self) -> sympy.Expr:
        return step(self.wrt)


@dataclass(frozen=True)
class LeakyReluStep(FunctionRuleStep):
    """``d/dx leaky_relu(x, α) = [x > 0] + α(1 − [x > 0])``."""

    rule: ClassVar[str] = "leaky ReLU rule"
    kink: ClassVar[str] = "the slope at 0 is α, as PyTorch"

    def eval(self) -> sympy.Expr:
        return step(self.wrt) + _second(self) * (1 - step(self.wrt))


@dataclass(frozen=True)
class EluStep(FunctionRuleStep):
    """``d/dx elu(x, α) = [x > 0] + α eˣ (1 − [x > 0])``."""

    rule: ClassVar[str] = "ELU rule"
    kink: ClassVar[str] = "the slope at 0 is α, as PyTorch"

    def eval(self) -> sympy.Expr:
        x = self.wrt
        return step(x) + _second(self) * sympy.exp(x) * (1 - step(x))


@dataclass(frozen=True)
class HeavisideStep(FunctionRuleStep):
    """``d/dx [x > 0] = 0`` away from 0."""

    rule: ClassVar[str] = "step rule"
    kink: ClassVar[str] = "taken as 0 at x = 0 too, as PyTorch"

    def eval(self) -> sympy.Expr:
        return sympy.S.Zero


@dataclass(frozen=True)
class SignStep(FunctionRuleStep):
    """``d/dx sign x = 0`` away from 0."""

    rule: ClassVar[str] = "sign rule"
    kink: ClassVar[str] = "taken as 0 at x = 0 too, as PyTorch"

    def eval(self) -> sympy.Expr:
        return sympy.S.Zero


@dataclass(frozen=True)
class AbsStep(FunctionRuleStep):
    """``d/dx |x| = sign x``."""

    rule: ClassVar[str] = "absolute value rule"
    kink: ClassVar[str] = "sign(0) = 0, as PyTorch"

    def eval(self) -> sympy.Expr:
        return sign(self.wrt)


@dataclass(frozen=True)
class SoftplusStep(FunctionRuleStep):
    """``d/dx softplus x = σ(x)``."""

    rule: ClassVar[str] = "softplus rule"

    def eval(self) -> sympy.Expr:
        return sigmoid(self.wrt)


@dataclass(frozen=True)
class SwishStep(FunctionRuleStep):
    """``d/dx swish x = σ(x)(1 + x(1 − σ(x)))``."""

    rule: ClassVar[str] = "swish (SiLU) rule"

    def eval(self) -> sympy.Expr:
        x = self.wrt
        return sigmoid(x) * (1 + x * (1 - sigmoid(x)))


@dataclass(frozen=True)
class GeluStep(FunctionRuleStep):
    """``d/dx gelu x = Φ(x) + x φ(x)``."""

    rule: ClassVar[str] = "GELU rule"

    def eval(self) -> sympy.Expr:
        x = self.wrt
        cdf = (1 + sympy.erf(x / sympy.sqrt(2))) / 2
        return cdf + x * sympy.exp(-(x**2) / 2) / sympy.sqrt(2 * sympy.pi)


#: The rule step of each function, by its SymPy class.
FUNCTION_RULES: dict[type, type[FunctionRuleStep]] = {
    sympy.sin: SinStep, sympy.cos: CosStep, sympy.tan: TanStep, sympy.sinh: SinhStep,
    sympy.cosh: CoshStep, sech: SechStep, csch: CschStep, sympy.coth: CothStep,
    sympy.atan: ArctanStep, sympy.erf: ErfStep, relu: ReluStep, leaky_relu: LeakyReluStep,
    elu: EluStep, step: HeavisideStep, sign: SignStep, absolute: AbsStep,
    softplus: SoftplusStep, swish: SwishStep, gelu: GeluStep,
}  # fmt: skip
