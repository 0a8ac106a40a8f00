r"""The output layer's δ for every activation/loss pair, with its cancellations.

* elementwise θ with any loss: ``δ_j = ∂e/∂x_j · θ′(s_j)``, each factor with its formula;
  squared error keeps θ′, which is why sigmoid/tanh outputs learn slowly when saturated;
* softmax + cross-entropy (fused or not): the Jacobian's cases ``k = j`` and ``k ≠ j``
  collapse, with ``Σ_k y_k = 1``, to ``ŷ_j − y_j``;
* sigmoid + binary cross-entropy: ``x(1 − x)`` cancels, leaving ``x_j − y_j``;
* softmax with another loss: ``δ_j = x_j (g_j − Σ_k g_k x_k)`` with ``g = ∂e/∂x``.
"""

from __future__ import annotations

import sympy

from chainrule.errors import DerivationError
from chainrule.explain import factors
from chainrule.explain import local_derivations as local
from chainrule.explain.context import Context
from chainrule.explain.formula_nodes import (
    Applied,
    Approx,
    Condition,
    Equation,
    Juxtaposed,
    Listed,
    Magnitude,
    Neg,
    NotEqual,
    Number,
    Primed,
    Product,
    Quotient,
    SumOver,
    Terms,
    leaf,
    partial,
    symbol,
)
from chainrule.explain.inner_names import avoiding, notation_letters
from chainrule.explain.model import Formula, Line, Prose, Section, Text, prose
from chainrule.explain.shape_formulas import parenthesized

SHOWN_CLASSES = 3  # softmax classes written out in the step-by-step derivation


def product(*parts: tuple[Formula, bool]) -> Product:
    """Factors ``(formula, compound)`` multiplied: ``2(x − y)(1 − x²)``, ``δ · x``."""
    return Product(tuple(parts))


def signed(item: Formula, sign: int) -> Formula:
    """``item``, or ``−item`` for Mitchell's sign."""
    return Neg(item) if sign < 0 else item


class OutputDelta:
    """Builds the output δ of unit ``j`` (engine index) of the last layer, at sample 0."""

    def __init__(self, ctx: Context, j: int) -> None:
        self.ctx, self.j = ctx, j
        names, L = ctx.names, ctx.L
        self.o, self.s = names.post(L, j), names.pre(L, j)
        self.t, self.d = names.target(j), names.delta(L, j)
        self.e, self.sign = names.loss, ctx.notation.delta_sign
        self.op = ctx.activation(L)
        self.loss = ctx.net.loss
        self.value = self.sign * float(ctx.trace.delta(L)[0, j])
        self.o_val = float(ctx.a(L)[0, j])
        self.t_val = float(ctx.trace.targets[0, j])

    def lhs(self) -> tuple[Formula, Formula]:
        """``δ_j = ∂e/∂s_j`` (or ``δ_j = −∂E/∂net_j``)."""
        return leaf(self.d), signed(partial(self.e, self.s), self.sign)

    def delta_line(self, formula: tuple, numbers: object, reason: Text,
                   derivation: object = None) -> Line:
        return Line((*self.lhs(), *formula), numbers, self.value, reason,
                    ("delta", self.ctx.L, 0, self.j), self.sign, derivation=derivation)

    def section(self) -> Section:
        if self.op.normalizes:
            if self.loss.cancels(self.op):
                return self.softmax_cross_entropy()
            return self.softmax_other()
        return self.elementwise(cancel=self.loss.cancels(self.op))

    def loss_line(self) -> Line:
        value = factors.loss_value(self.ctx)
        scale = "" if self.ctx.n_samples == 1 else " (per sample; the batch loss averages them)"
        reason = f"the loss of one sample{scale}, as the loss op defines it"
        if self.ctx.fused:
            reason += prose(", written with the probabilities ", leaf(self.o),
                            f" its {self.op.name} makes of the signals")
        if self.loss.reduction == "mean" and self.ctx.n_samples == 1:
            reason += "; with one sample the mean over N = 1 samples changes nothing"
        return Line((leaf(self.e), value), "", float(self.ctx.trace.loss), reason, ("loss",))

    def factor_lines(self, grad: factors.Factor, theta_prime: factors.Factor) -> list[Line]:
        """∂e/∂o and ∂o/∂s, each with the derivation behind it."""
        ctx, L, j = self.ctx, self.ctx.L, self.j
        if ctx.fused:
            grad_value = None
            why = prose("the fused loss takes the signal; its derivative is taken through the "
                        "probability ", self.activation(), " (derived below)")
        else:
            grad_value = float(ctx.grad_a(L)[0, j])
            why = "the derivative of the loss op's formula (derived below)"
        lines = [Line((partial(self.e, self.o), grad.formula), grad.numbers,
                      grad_value, why, ("grad_a", L, 0, j) if grad_value is not None else (),
                      derivation=grad.derivation),
                 Line((partial(self.o, self.s),
                       Applied(leaf(ctx.names.activation), leaf(self.s), prime=True),
                       theta_prime.formula),
                      theta_prime.numbers,
                      float(ctx.theta_prime(L)[0, j]),
                      prose("the derivative of the output's activation ", self.activation(),
                            " (derived below)"),
                      ("theta_prime", L, 0, j), derivation=theta_prime.derivation)]
        summary = factors.chain_summary(theta_prime.derivation, ctx.names.activation)
        return [*lines, *([summary] if summary is not None else []), *theta_prime.steps]

    def elementwise(self, cancel: bool) -> Section:
        ctx = self.ctx
        grad = factors.loss_gradient(ctx, self.j)
        theta_prime = factors.prime(ctx, ctx.L, self.j)
        lines = [self.loss_line(), *self.factor_lines(grad, theta_prime)]
        first = grad.negated() if self.sign < 0 else grad
        chain = factors.times((signed(partial(self.e, self.o), self.sign), False),
                              (partial(self.o, self.s), False))
        symbolic = factors.times((first.formula, first.compound),
                                 (theta_prime.formula, theta_prime.compound))
        numbers = factors.times((first.numbers, first.compound),
                                (theta_prime.numbers, theta_prime.compound))
        reason = prose("chain rule: the loss depends on the signal only through the unit's "
                       "output", self.mitchell_sign() if self.sign < 0 else "")
        formula: tuple = (chain, symbolic)
        if cancel:
            formula = (*formula, self.cancel(first, theta_prime))
            o = leaf(self.o)
            reason += prose("; multiplied out, the factor ",
                            Product(((o, False), (Terms((Number(1), Neg(o))), True))),
                            " cancels the denominator")
        elif self.op.saturating and self.loss.squared:
            prime = Primed(leaf(self.ctx.names.activation))
            reason += prose("; squared error keeps ", prime, ": when the unit saturates (",
                            Magnitude(leaf(self.s)), " large) ", Approx(prime, Number(0)),
                            ", so δ ≈ 0 even if the output is wrong: learning stalls")
        lines.append(self.delta_line(formula, numbers, reason))
        return Section("The output layer's δ", self.intro(), tuple(lines))

    def cancel(self, grad: factors.Factor, theta_prime: factors.Factor) -> sympy.Expr:
        """The product of the two derived factors, multiplied out: ``o − t`` (checked)."""
        o, t = local.NotationSymbol(self.o), local.NotationSymbol(self.t)
        product = sympy.cancel(sympy.expand(grad.formula * theta_prime.formula))
        expected = (t - o) if self.sign < 0 else (o - t)
        if sympy.expand(product - expected) != 0:
            raise DerivationError(f"the sigmoid and binary cross-entropy factors give {product}, "
                                  f"not {expected}")
        return expected

    def cancelled(self) -> Terms:
        first, second = (self.t, self.o) if self.sign < 0 else (self.o, self.t)
        return Terms((leaf(first), Neg(leaf(second))))

    def intro(self) -> Prose:
        return prose(leaf(self.d), " is how the loss changes with the signal ", leaf(self.s),
                     f" of output unit {self.ctx.names.unit(self.ctx.L, self.j)}. Values are "
                     "those of the sample.")

    def activation(self) -> Equation:
        """``o = θ(s)``: the output unit's activation of its signal."""
        return Equation((leaf(self.o), Applied(leaf(self.ctx.names.activation), leaf(self.s))))

    @staticmethod
    def mitchell_sign() -> Prose:
        """Why Mitchell's δ has the opposite sign, with his weight update."""
        update = Equation((symbol("Δw", "ji"),
                           Juxtaposed((symbol("η"), symbol("δ", "j"), symbol("x", "ji")))))
        return prose("; Mitchell defines δ as minus ∂E/∂net, so the sign flips and the weight "
                     "update ", update, " adds")

    def softmax_cross_entropy(self) -> Section:
        ctx, names, L = self.ctx, self.ctx.names, self.ctx.L
        K = ctx.width(L)
        k_out, k_sig = names.post(L, "k"), names.pre(L, "k")
        softmax = Quotient(sympy.exp(leaf(k_sig)), SumOver("m", sympy.exp(leaf(names.pre(L, "m")))))
        lines = [self.loss_line(), Line((Equation((leaf(k_out), softmax)),),
                                        reason="softmax: every output depends on every signal")]
        jac, o, t, y_k = partial(k_out, self.s), leaf(self.o), leaf(self.t), leaf(names.target("k"))
        k, j = symbol("k"), Number(self.j + 1)
        one_minus_o = Terms((Number(1), Neg(o)))
        lines.append(Line((Listed((
            Condition(Equation((jac, Product(((leaf(k_out), False), (one_minus_o, True))))),
                      Equation((k, j))),
            Condition(Equation((jac, Neg(Juxtaposed((leaf(k_out), o))))), NotEqual(k, j)))),),
            reason="quotient rule on the softmax: the case k = j also differentiates the "
                   "numerator"))
        steps = (SumOver("k", Juxtaposed((parenthesized(Neg(Quotient(y_k, leaf(k_out)))), jac))),
                 Terms((Neg(Product(((t, False), (one_minus_o, True)))),
                        SumOver(NotEqual(k, j), Juxtaposed((y_k, o))))),
                 Terms((Juxtaposed((o, SumOver("k", y_k))), Neg(t))),
                 self.cancelled())
        if self.sign < 0:
            steps = (Neg(partial(self.e, self.s)), self.cancelled())
        first, second = (self.t_val, self.o_val) if self.sign < 0 else (self.o_val, self.t_val)
        numbers = Terms((Number(first, True), Neg(Number(second, True))))
        why = prose(f"all {K} outputs depend on ", leaf(self.s), ": the multivariable chain "
                    "rule sums over k; the two cases give the middle form, and ",
                    Equation((SumOver("k", symbol("y", "k")), Number(1))), " (one-hot or a "
                    "distribution) leaves ŷ − y; derived step by step below")
        if K > SHOWN_CLASSES:
            why += (f" for {SHOWN_CLASSES} of the {K} classes (units "
                    f"{', '.join(names.unit(L, k) for k in self.shown_classes())}): with all "
                    f"{K} every sum has {K} terms and the steps are the same")
        lines.append(self.delta_line(steps, numbers, why, self.softmax_derivation()))
        return Section("The output layer's δ: softmax with cross-entropy", self.intro(),
                       tuple(lines))

    def shown_classes(self) -> list[int]:
        """The output units the step-by-step derivation is written for: all of them, or unit
        j and the first others up to :data:`SHOWN_CLASSES` (with 10 classes the full tree
        runs to some 150 lines that teach nothing more)."""
        others = [k for k in range(self.ctx.width(self.ctx.L)) if k != self.j]
        return sorted([self.j, *others[:SHOWN_CLASSES - 1]])

    def softmax_derivation(self) -> object:
        """∂e/∂s_j of cross-entropy after the softmax, by the calculus; it must end at o − t."""
        names, L = self.ctx.names, self.ctx.L
        shown = self.shown_classes()
        local.fused_matches(self.loss.name)
        derivation = local.softmax_derivation(
            self.op, self.loss, [names.pre(L, k) for k in shown], [names.post(L, k) for k in shown],
            [names.target(k) for k in shown], shown.index(self.j))
        derivation = avoiding(derivation, notation_letters(self.ctx.notation))
        o, t = local.NotationSymbol(self.o), local.NotationSymbol(self.t)
        if sympy.expand(derivation.result - (o - t)) != 0:
            raise DerivationError(f"softmax with cross-entropy gave {derivation.result}, "
                                  f"not {o - t}")
        return derivation

    def softmax_other(self) -> Section:
        ctx, names, L = self.ctx, self.ctx.names, self.ctx.L
        grad = factors.loss_gradient(ctx, self.j)
        g_k = partial(self.e, names.post(L, "k"))
        g_j = partial(self.e, self.o)
        k_out = names.post(L, "k")
        formula = (SumOver("k", Juxtaposed((g_k, partial(k_out, self.s)))),
                   Product(((leaf(self.o), False),
                            (Terms((g_j, Neg(SumOver("k", Juxtaposed((g_k, leaf(k_out))))))),
                             True))))
        lines = [self.loss_line(),
                 Line((g_j, grad.formula), grad.numbers, float(ctx.grad_a(L)[0, self.j]),
                      "the derivative of the loss op's formula (derived below)",
                      ("grad_a", L, 0, self.j), derivation=grad.derivation)]
        jacobian = Product(((symbol("a", "k"), False),
                            (Terms((symbol("δ", "kj"), Neg(symbol("a", "j")))), True)))
        why = prose("softmax is not elementwise: the chain rule sums over every output k, with "
                    "the softmax Jacobian ", jacobian)
        lines.append(self.delta_line(formula, "", why))
        return Section("The output layer's δ: softmax", self.intro(), tuple(lines))
