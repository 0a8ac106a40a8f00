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

from chainrule.errors import ConfigError
from chainrule.explain.checks import finite_difference_input, step_and_tolerance
from chainrule.explain.model import Check, Explanation, Line, Section, number, operand
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
    symbol = rf"\frac{{\partial L}}{{\partial x_{{{n},{f}}}}}"
    return Explanation(f"${symbol}$ — batch normalization", "batchnorm", symbol, sections,
                       check)


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


def _vector(values: np.ndarray) -> str:
    return r"\left(" + ", ".join(number(v, 4) for v in values) + r"\right)"


def _network(net: Any, norm: BatchNorm, position: int, m: int, f: int) -> Section:
    text = (f"{net.summary()}. The batch norm is layer {position + 1}, in training mode: it "
            f"normalizes each feature by the mean and variance of the batch, here the m = {m} "
            f"values of feature {f}, then scales by γ and shifts by β (ε = {norm.eps:g}). "
            f"$x$ is the batch norm's input, $y$ its output, and $∂L/∂y$ comes from "
            f"backpropagation through the layers after it.")
    return Section("The network", text)


def _forward(c: _Column, f: int) -> Section:
    lines = (
        Line((r"x_{\cdot}",), _vector(c.x), c.x.copy(), "the batch's values of the feature",
             source=("x",)),
        Line((r"μ = \frac{1}{m}\sum_k x_k",), value=c.mean, source=("mean",)),
        Line((r"σ^2 = \frac{1}{m}\sum_k (x_k - μ)^2",), value=c.var,
             reason="the biased variance, as the normalization uses it", source=("var",)),
        Line((r"\hat x_k = \frac{x_k - μ}{\sqrt{σ^2 + ε}}",), _vector(c.x_hat), c.x_hat.copy(),
             source=("x_hat",)),
        Line((r"\frac{\partial L}{\partial \hat x_k} = γ \frac{\partial L}{\partial y_k}",),
             _vector(c.g), c.g.copy(), f"γ = {c.gamma:.6g}", source=("grad_x_hat",)),
    )
    text = (f"The batch's values of feature {f} (the column $x_{{\\cdot,{f}}}$), indexed "
            f"by the sample k = 0..m−1:")
    return Section("Forward, and the gradient reaching x̂", text, lines)


def _paths(c: _Column, n: int) -> Section:
    root = np.sqrt(c.var + c.eps)
    term_direct = c.g[n] / root
    term_var = c.grad_var * 2 * (c.x[n] - c.mean) / c.m
    term_mean = c.grad_mean / c.m
    text = (r"$x_i$ changes $\hat x_i$ directly, and every $\hat x_k$ through $μ$ and $σ^2$. "
            r"The two statistics first:")
    lines = (
        Line((r"\frac{\partial L}{\partial σ^2} = \sum_k \frac{\partial L}{\partial \hat x_k}"
              r"(x_k - μ)\left(-\tfrac12\right)(σ^2+ε)^{-3/2}",), value=c.grad_var,
             source=("grad_var",)),
        Line((r"\frac{\partial L}{\partial μ} = -\sum_k \frac{\partial L}{\partial \hat x_k}"
              r"\frac{1}{\sqrt{σ^2+ε}} + \frac{\partial L}{\partial σ^2}\cdot"
              r"\frac{-2}{m}\sum_k (x_k - μ)",), value=c.grad_mean,
             reason="the second sum is 0: the deviations from the mean add up to 0",
             source=("grad_mean",)),
        Line((rf"\frac{{\partial L}}{{\partial x_{{{n}}}}} = \frac{{\partial L}}"
              rf"{{\partial \hat x_{{{n}}}}}\frac{{1}}{{\sqrt{{σ^2+ε}}}} + \frac{{\partial L}}"
              rf"{{\partial σ^2}}\frac{{2(x_{{{n}}}-μ)}}{{m}} + \frac{{\partial L}}"
              rf"{{\partial μ}}\frac{{1}}{{m}}",),
             f"{operand(term_direct)} + {operand(term_var)} + {operand(term_mean)}",
             term_direct + term_var + term_mean,
             "the three paths: directly, through σ², through μ", source=("paths", n)),
    )
    return Section("Three paths: through x̂ directly, σ² and μ", text, lines)


def _three_terms(c: _Column, n: int) -> Section:
    root = np.sqrt(c.var + c.eps)
    total_g, total_gx = float(np.sum(c.g)), float(np.sum(c.g * c.x_hat))
    value = (c.m * c.g[n] - total_g - c.x_hat[n] * total_gx) / (c.m * root)
    formula = (rf"\frac{{\partial L}}{{\partial x_{{{n}}}}} = \frac{{1}}{{m\sqrt{{σ^2+ε}}}}"
               rf"\left(m \frac{{\partial L}}{{\partial \hat x_{{{n}}}}} - \sum_k \frac{{\partial "
               rf"L}}{{\partial \hat x_k}} - \hat x_{{{n}}} \sum_k \frac{{\partial L}}"
               rf"{{\partial \hat x_k}} \hat x_k\right)")
    numbers = (rf"\frac{{1}}{{{c.m} \cdot {number(root)}}}\left({c.m} \cdot {operand(c.g[n])} - "
               rf"{operand(total_g)} - {operand(c.x_hat[n])} \cdot {operand(total_gx)}\right)")
    line = Line((formula,), numbers, float(value), "the paths collected: the three-term form",
                source=("three_terms", n))
    text = ("Putting ∂L/∂σ² and ∂L/∂μ in and collecting terms gives the form the engine "
            "computes for the whole batch at once; without the two statistics' paths only the "
            "first term would remain, the classic mistake.")
    return Section("The three-term form", text, (line,))


def _check(net: Any, trace: Any, position: int, c: _Column, index: tuple[int, int]) -> Check:
    """The three-term value, backprop's ∂L/∂x, and a central difference of the loss in x."""
    n, f = index
    root = np.sqrt(c.var + c.eps)
    chain = float((c.m * c.g[n] - np.sum(c.g) - c.x_hat[n] * np.sum(c.g * c.x_hat))
                  / (c.m * root))
    h, tolerance = step_and_tolerance(net)
    finite = finite_difference_input(net, trace, position, index)
    symbol = rf"\frac{{\partial L}}{{\partial x_{{{n},{f}}}}}"
    return Check(symbol, chain, float(c.grad_x[n]), finite, h, tolerance)
