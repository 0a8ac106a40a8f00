r"""``∂L/∂x`` of a batch norm, derived through μ and σ² with the batch's numbers.

In training, every output of feature ``f`` depends on every input of that feature through the
batch mean and variance, so ``x_i`` reaches the loss by three paths (Ioffe & Szegedy, 2015):

.. math:: \frac{\partial L}{\partial x_i} = \frac{\partial L}{\partial \hat x_i}
          \frac{1}{\sqrt{σ^2+ε}} + \frac{\partial L}{\partial σ^2}\frac{2(x_i-μ)}{m}
          + \frac{\partial L}{\partial μ}\frac{1}{m}

which simplifies to the three-term form
``(1/(m√(σ²+ε))) (m ĝ_i − Σ_k ĝ_k − x̂_i Σ_k ĝ_k x̂_k)`` with ``ĝ = ∂L/∂x̂ = γ ∂L/∂y``.
Dense batch norms (inputs ``(N, F)``), in training mode.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import sympy

from chainrule.errors import ConfigError
from chainrule.explain.checks import finite_difference_input, step_and_tolerance
from chainrule.explain.formula_nodes import (
    Equation,
    Juxtaposed,
    Neg,
    Number,
    Power,
    Product,
    Quotient,
    Rate,
    Root,
    SumOver,
    Terms,
    Vector,
    symbol,
)
from chainrule.explain.model import (
    Check,
    Explanation,
    Formula,
    Line,
    Section,
    prose,
)
from chainrule.nn.batch_norm import BatchNorm

_INPUT = re.compile(r"^\s*d?x\s*\[\s*(\d+)\s*,\s*(\d+)\s*\]\s*$")


def first_of(net: Any, quantity: object) -> Any:
    """For a request ``"x[n,f]"``: the network's first batch norm or dropout layer, whose
    input it names; else None."""
    if not isinstance(quantity, str) or _INPUT.match(quantity) is None:
        return None
    from chainrule.nn.dropout import Dropout

    return next((layer for layer in net.layers if isinstance(layer, BatchNorm | Dropout)),
                None)


def explains_batch_norm(net: Any, quantity: object) -> bool:
    """Whether the request is ``"x[n,f]"`` and the network's first batch norm or dropout
    layer is a batch norm."""
    return isinstance(first_of(net, quantity), BatchNorm)


def input_index(quantity: str, shape: tuple[int, ...], layer: Any) -> tuple[int, int]:
    """``"x[n,f]"`` as indices of the layer's input of ``shape``."""
    match = _INPUT.match(quantity)
    assert match is not None
    n, f = int(match.group(1)), int(match.group(2))
    if len(shape) == 2 and (n >= shape[0] or f >= shape[1]):
        raise ConfigError(f"the input of {layer.describe()} has shape {shape}; got x[{n},{f}]")
    return n, f


def explain_batch_norm(net: Any, x: Any, y: Any, quantity: str) -> Explanation:
    """The explanation of ``∂L/∂x[n,f]`` at the first batch norm of ``net``."""
    position = next(k for k, layer in enumerate(net.layers) if isinstance(layer, BatchNorm))
    norm: BatchNorm = net.layers[position]
    if not net.training:
        raise ConfigError("the gradient through μ and σ² is batch norm's training-mode one: "
                          "call net.train() first (in evaluation mode μ and σ² are constants)")
    saved = [buffer.copy() for buffer in norm.buffers]
    try:
        trace = net.trace(x, y)
        record = trace.records[position]
        n, f = _index(quantity, record.input.shape, norm)
        column = _Column(record, norm, f)
        sections = (_network(net, norm, position, column.m, f), _forward(column, f),
                    _paths(column, n), _three_terms(column, n))
        check = _check(net, trace, position, column, (n, f))
    finally:
        for buffer, value in zip(norm.buffers, saved, strict=True):
            buffer[...] = value  # the explanation's passes leave the running statistics
    return Explanation(prose(check.quantity, " — batch normalization"), "batchnorm",
                       check.quantity,
                       sections, check)


def _index(quantity: str, shape: tuple[int, ...], norm: BatchNorm) -> tuple[int, int]:
    if len(shape) != 2:
        raise ConfigError(f"the batch-norm explanation covers dense inputs (N, F); "
                          f"{norm.describe()} gets {shape}")
    return input_index(quantity, shape, norm)


class _Column:
    """One feature's batch: the engine's x, μ, σ², x̂ and ∂L/∂y, and the derived numbers."""

    def __init__(self, record: Any, norm: BatchNorm, f: int) -> None:
        self.x = record.input[:, f]
        self.m = len(self.x)
        self.mean, self.var = float(record.state["mean"][f]), float(record.state["var"][f])
        self.x_hat = record.state["x_hat"][:, f]
        self.gamma, self.eps = float(norm.gamma[f]), norm.eps
        self.grad_y = record.grad_output[:, f]
        self.grad_x = record.grad_input[:, f]  # backprop's, for the check
        self.g = self.gamma * self.grad_y  # ∂L/∂x̂
        root = self.var + self.eps
        self.grad_var = float(np.sum(self.g * (self.x - self.mean)) * -0.5 * root ** -1.5)
        self.grad_mean = float(-np.sum(self.g) / np.sqrt(root)
                               + self.grad_var * -2 * np.mean(self.x - self.mean))


_L, _M, _MU, _GAMMA = symbol("L"), symbol("m"), symbol("μ"), symbol("γ")
_VARIANCE, _EPSILON = symbol("σ") ** 2, symbol("ε")
_ROOT = Root(Terms((_VARIANCE, _EPSILON)))  # √(σ² + ε)


def _x(k: int | str) -> sympy.Symbol:
    """``x_k``: the batch's value of sample ``k`` (a number or the letter ``k``)."""
    return symbol("x", str(k))


def _x_hat(k: int | str) -> sympy.Symbol:
    """``x̂_k``: the normalized value of sample ``k``."""
    return symbol("x", str(k), accent="hat")


def by_loss(bottom: Formula) -> Rate:
    """``∂L/∂bottom``."""
    return Rate(_L, bottom, partial=True)


def _vector(values: np.ndarray) -> Vector:
    """The batch's values of the feature, four significant figures each, all of them."""
    return Vector(tuple(float(v) for v in values), limit=max(8, len(values)), digits=4)


def _over_m(body: Formula) -> Juxtaposed:
    """``1/m Σ_k body``."""
    return Juxtaposed((Quotient(Number(1), _M), SumOver("k", body)))


def _network(net: Any, norm: BatchNorm, position: int, m: int, f: int) -> Section:
    text = prose(f"{net.summary()}. The batch norm is layer {position + 1}, in training mode: "
                 f"it normalizes each feature by the mean and variance of the batch, here the ",
                 Equation((_M, Number(m))), f" values of feature {f}, then scales by ", _GAMMA,
                 " and shifts by ", symbol("β"), " (", Equation((_EPSILON, Number(norm.eps))),
                 "). ", symbol("x"), " is the batch norm's input, ", symbol("y"),
                 " its output, and ", by_loss(symbol("y")),
                 " comes from backpropagation through the layers after it.")
    return Section("The network", text)


def _forward(c: _Column, f: int) -> Section:
    deviation = _x("k") - _MU
    lines = (
        Line((symbol("x", "·"),), _vector(c.x), c.x.copy(),
             "the batch's values of the feature", source=("x",)),
        Line((Equation((_MU, _over_m(_x("k")))),), value=c.mean, source=("mean",)),
        Line((Equation((_VARIANCE, _over_m(deviation ** 2))),), value=c.var,
             reason="the biased variance, as the normalization uses it", source=("var",)),
        Line((Equation((_x_hat("k"), Quotient(deviation, _ROOT))),), _vector(c.x_hat),
             c.x_hat.copy(), source=("x_hat",)),
        Line((Equation((by_loss(_x_hat("k")),
                        Juxtaposed((_GAMMA, by_loss(symbol("y", "k"))), spaced=False))),),
             _vector(c.g), c.g.copy(), prose(Equation((_GAMMA, Number(c.gamma)))),
             source=("grad_x_hat",)),
    )
    text = prose(f"The batch's values of feature {f} (the column ", symbol("x", f"·,{f}"),
                 "), indexed by the sample k = 0..m−1:")
    return Section(prose("Forward, and the gradient reaching ", symbol("x", accent="hat")),
                   text, lines)


def _statistics(c: _Column) -> tuple[Line, Line]:
    """``∂L/∂σ²`` and ``∂L/∂μ``, each a sum over the batch."""
    deviation = _x("k") - _MU
    grad_var = Product(((by_loss(_x_hat("k")), False), (deviation, True),
                        (sympy.Rational(-1, 2), True),
                        (Power(Terms((_VARIANCE, _EPSILON)), sympy.Rational(-3, 2), True),
                         False)))
    grad_mean = Terms((
        Neg(SumOver("k", Juxtaposed((by_loss(_x_hat("k")), Quotient(Number(1), _ROOT))))),
        Product(((by_loss(_VARIANCE), False),
                 (Juxtaposed((Quotient(sympy.Integer(-2), _M),
                              SumOver("k", Product(((deviation, True),))))), False)),
                dotted=True)))
    return (Line((Equation((by_loss(_VARIANCE), SumOver("k", grad_var))),), value=c.grad_var,
                 source=("grad_var",)),
            Line((Equation((by_loss(_MU), grad_mean)),), value=c.grad_mean,
                 reason="the second sum is 0: the deviations from the mean add up to 0",
                 source=("grad_mean",)))


def _paths(c: _Column, n: int) -> Section:
    root = np.sqrt(c.var + c.eps)
    terms = (c.g[n] / root, c.grad_var * 2 * (c.x[n] - c.mean) / c.m, c.grad_mean / c.m)
    text = prose(_x("i"), " changes ", _x_hat("i"), " directly, and every ", _x_hat("k"),
                 " through ", _MU, " and ", _VARIANCE, ". The two statistics first:")
    paths = Terms((
        Juxtaposed((by_loss(_x_hat(n)), Quotient(Number(1), _ROOT))),
        Juxtaposed((by_loss(_VARIANCE),
                    Quotient(Product(((Number(2), False), (_x(n) - _MU, True))), _M))),
        Juxtaposed((by_loss(_MU), Quotient(Number(1), _M)))))
    line = Line((Equation((by_loss(_x(n)), paths)),),
                Terms(tuple(Number(float(term), operand=True) for term in terms)),
                float(sum(terms)),
                prose("the three paths: directly, through ", _VARIANCE, ", through ", _MU),
                source=("paths", n))
    title = prose("Three paths: through ", symbol("x", accent="hat"), " directly, ", _VARIANCE,
                  " and ", _MU)
    return Section(title, text, (*_statistics(c), line))


def _three_terms(c: _Column, n: int) -> Section:
    root = np.sqrt(c.var + c.eps)
    total_g, total_gx = float(np.sum(c.g)), float(np.sum(c.g * c.x_hat))
    value = (c.m * c.g[n] - total_g - c.x_hat[n] * total_gx) / (c.m * root)
    collected = Terms((Juxtaposed((_M, by_loss(_x_hat(n))), spaced=False),
                       Neg(SumOver("k", by_loss(_x_hat("k")))),
                       Neg(Juxtaposed((_x_hat(n),
                                       SumOver("k", Juxtaposed((by_loss(_x_hat("k")),
                                                                _x_hat("k")))))))))
    formula = Product(((Quotient(Number(1), Juxtaposed((_M, _ROOT), spaced=False)), False),
                       (collected, True)))
    m = Number(c.m)
    numbers = Product((
        (Quotient(Number(1), dotted(m, Number(float(root)))), False),
        (Terms((dotted(m, Number(float(c.g[n]), operand=True)),
                Neg(Number(total_g, operand=True)),
                Neg(dotted(Number(float(c.x_hat[n]), operand=True),
                            Number(total_gx, operand=True))))), True)))
    line = Line((Equation((by_loss(_x(n)), formula)),), numbers, float(value),
                "the paths collected: the three-term form", source=("three_terms", n))
    text = prose("Putting ", by_loss(_VARIANCE), " and ", by_loss(_MU), " in and collecting "
                 "terms gives the form the engine computes for the whole batch at once; without "
                 "the two statistics' paths only the first term would remain, the classic "
                 "mistake.")
    return Section("The three-term form", text, (line,))


def dotted(*factors: Formula) -> Product:
    """``a · b``."""
    return Product(tuple((factor, False) for factor in factors), dotted=True)


def _check(net: Any, trace: Any, position: int, c: _Column, index: tuple[int, int]) -> Check:
    """The three-term value, backprop's ∂L/∂x, and a central difference of the loss in x."""
    n, f = index
    root = np.sqrt(c.var + c.eps)
    chain = float((c.m * c.g[n] - np.sum(c.g) - c.x_hat[n] * np.sum(c.g * c.x_hat))
                  / (c.m * root))
    h, tolerance = step_and_tolerance(net)
    finite = finite_difference_input(net, trace, position, index)
    return Check(by_loss(symbol("x", f"{n},{f}")), chain, float(c.grad_x[n]), finite, h, tolerance)
