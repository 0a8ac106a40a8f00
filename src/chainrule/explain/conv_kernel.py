r"""One kernel weight of a convolution, explained with the sample's numbers.

``K[o,c,u,v]`` multiplies an input entry at *every* output position of map ``o``, so its
gradient is a sum over those positions (and the samples) of ``δ · input``:

.. math:: \frac{\partial L}{\partial K_{o,c,u,v}} = \sum_{n,i,j} δ_{n,o,i,j}\,
          \tilde x_{n,c,\,si+u,\,sj+v}

written out term by term, then as the im2col product with its shapes; the input gradient is
shown as the full correlation of δ with the flipped kernel on one input entry; the check is
chain sum = backprop = finite difference, as for the dense layers. CS231n's row-major
tensors ``(N, C, H, W)``, indices from 0.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.explain.checks import central_difference, step_and_tolerance
from chainrule.explain.formula_nodes import (
    Equation,
    Juxtaposed,
    Neg,
    Number,
    Primed,
    Product,
    Quotient,
    Rate,
    Shape,
    SumOver,
    Terms,
    Transposed,
    loss_rate,
    symbol,
)
from chainrule.explain.model import Check, Explanation, Formula, Line, Section, prose
from chainrule.explain.tensor_nodes import Indexed, Indices, LeftOut
from chainrule.nn.conv import Conv2D
from chainrule.ops.convolution import pad

#: the sum is written out term by term up to this many terms
MAX_TERMS = 16
_WEIGHT = re.compile(r"^\s*d?[Kw]\s*\[\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\]\s*$")


def explains_kernel(net: Any) -> bool:
    """Whether ``net`` is explained here: its first layer is a ``Conv2D``."""
    return bool(net.layers) and isinstance(net.layers[0], Conv2D)


def kernel_index(quantity: object, conv: Conv2D) -> tuple[int, int, int, int]:
    """``"K[o,c,u,v]"`` as indices inside the kernel (read by a pattern, never evaluated)."""
    match = _WEIGHT.match(quantity) if isinstance(quantity, str) else None
    if match is None:
        raise ConfigError(f"for a convolution, ask for one kernel weight, e.g. --weight "
                          f"'K[0,0,1,1]'; got {quantity!r}")
    index = tuple(int(part) for part in match.groups())
    if any(i >= size for i, size in zip(index, conv.kernel_shape, strict=True)):
        raise ConfigError(f"K of {conv.describe()} has shape {conv.kernel_shape}; "
                          f"got K{list(index)}")
    return index  # type: ignore[return-value]


def explain_kernel(net: Any, x: Any, y: Any, quantity: object) -> Explanation:
    """The explanation of ``∂L/∂K[o,c,u,v]`` of the first layer of ``net`` at ``(x, y)``."""
    conv: Conv2D = net.layers[0]
    o, c, u, v = kernel_index(quantity, conv)
    trace = net.trace(x, y)
    record = trace.records[0]
    padded = pad(record.input, conv.padding, 2)
    delta = record.grad_output  # ∂L/∂y of the convolution, (N, O, Ho, Wo)
    terms = _terms(padded, delta, conv, (o, c, u, v))
    chain = float(sum(d * value for _, _, d, value in terms))
    sections = (_network(net, record, conv), _forward(conv, padded, record.output, o),
                _chain_section(terms, chain, (o, c, u, v)),
                _im2col_section(conv, delta, record.grads["K"]),
                _input_section(conv, delta, record.grad_input))
    quantity = loss_rate(entry("K", o, c, u, v))
    return Explanation(prose(quantity, " — CS231n's row-major tensors"), "cs231n", quantity,
                       sections, _check(net, trace, quantity, chain, (o, c, u, v)))


def entry(letter: str, *indices: int | str, accent: str = "") -> Formula:
    """A tensor's entry with plain indices, one name: ``K_{0,c,u,v}``, ``x̃_{0,0,1,0}``."""
    return symbol(letter, ",".join(str(k) for k in indices), accent=accent)


def _dotted(*factors: Formula) -> Product:
    """``a · b``: factors with a dot between them."""
    return Product(tuple((factor, False) for factor in factors), dotted=True)


def _times(*values: float, digits: int | None = None) -> Product:
    """``a · b`` of engine numbers, negative ones in parentheses."""
    return _dotted(*(Number(v, True, digits) for v in values))


Term = tuple[tuple[int, int, int], tuple[int, int], float, float]


def _terms(padded: np.ndarray, delta: np.ndarray, conv: Conv2D,
           index: tuple[int, int, int, int]) -> list[Term]:
    """``((n, i, j), (si + u, sj + v), δ[n,o,i,j], x̃[n,c,si+u,sj+v])`` for every output
    position."""
    o, c, u, v = index
    s = conv.stride
    return [((n, i, j), (s * i + u, s * j + v), float(delta[n, o, i, j]),
             float(padded[n, c, s * i + u, s * j + v]))
            for n, i, j in np.ndindex(delta.shape[0], *delta.shape[2:])]


def _network(net: Any, record: Any, conv: Conv2D) -> Section:
    n, channels, height, width = record.input.shape
    rows, columns = record.output.shape[2:]
    text = prose(
        f"{net.summary()}. The input ", symbol("x"), f" has shape (N, C, H, W) = ({n}, "
        f"{channels}, {height}, {width}); the convolution slides each {conv.kernel_size}×"
        f"{conv.kernel_size} kernel with stride s = {conv.stride} over ",
        symbol("x", accent="tilde"), f", the input {_padding(conv.padding)}, giving maps of "
        f"{rows}×{columns}. It is a cross-correlation, as in PyTorch and CS231n: the kernel "
        "is not flipped in the forward pass. ", Equation((symbol("δ"), loss_rate(symbol("y")))),
        " is the gradient of the loss with respect to the convolution's output, from "
        "backpropagation through the layers after it.")
    return Section("The network", text)


def _padding(padding: int) -> str:
    return ("itself (no padding)" if padding == 0
            else f"with {padding} zero{'s' if padding > 1 else ''} of padding on each side")


def _forward(conv: Conv2D, padded: np.ndarray, output: np.ndarray, o: int) -> Section:
    """The first output entry of map ``o`` as its sum, with the numbers."""
    k = conv.kernel_size
    kernel = conv.K[o]
    window = SumOver(Indices((symbol("c"), symbol("u"), symbol("v"))), Juxtaposed(
        (entry("K", o, "c", "u", "v"), entry("x", 0, "c", "u", "v", accent="tilde")),
        spaced=False))
    products = [_times(kernel[c, u, v], padded[0, c, u, v], digits=4)
                for c, u, v in np.ndindex(kernel.shape)]
    bias = (Number(conv.b[o], True, 4),) if conv.bias else ()
    formula = Equation((entry("y", 0, o, 0, 0),
                        Terms((entry("b", o), window)) if conv.bias else window))
    line = Line((formula,), Terms((*bias, *products)), float(output[0, o, 0, 0]),
                f"the first output position of map {o}: the kernel laid on the top-left "
                f"{k}×{k} patch of every channel", source=("conv_output", 0, o, 0, 0))
    return Section("Forward: one output entry", "Each output entry is the kernel times one "
                   "input patch, summed over the channels and the window:", (line,))


def _chain_section(terms: list[Term], chain: float, index: tuple[int, int, int, int]) -> Section:
    o, c, u, v = index
    weight, output = entry("K", o, c, u, v), entry("y", "n", o, "i", "j")
    text = prose(weight, f" multiplies an input entry at every output position of map {o}, "
                 "so by the chain rule its gradient is a sum over those positions (and the "
                 "samples) of ", symbol("δ"), " times the input entry it met there:")
    positions = Indices((symbol("n"), symbol("i"), symbol("j")))
    met = Indexed(symbol("x", accent="tilde"),
                  (symbol("n"), c, _shifted("i", u), _shifted("j", v)))
    general = (loss_rate(weight), SumOver(positions, Juxtaposed((loss_rate(output),
                                                             loss_rate(weight, output)))),
               SumOver(positions, Juxtaposed((entry("δ", "n", o, "i", "j"), met), spaced=False)))
    lines = [Line(general, reason="the weight is shared by all output positions")]
    for (n, i, j), (a, b), d, value in terms[:MAX_TERMS]:
        met = entry("x", n, c, a, b, accent="tilde")
        lines.append(Line((_dotted(entry("δ", n, o, i, j), met),), _times(d, value), d * value,
                          source=("term", n, o, i, j)))
    shown = [Number(d * value, True) for _, _, d, value in terms[:MAX_TERMS]]
    left = (LeftOut(len(terms) - MAX_TERMS),) if len(terms) > MAX_TERMS else ()
    lines.append(Line((loss_rate(weight),), Terms((*shown, *left)), chain,
                      "the sum of the terms above", source=("grad_K", 1, *index)))
    return Section("The chain rule: a sum over output positions", text, tuple(lines))


def _shifted(position: str, offset: int) -> Terms:
    """``si + u`` with the offset's number: where the kernel entry meets the input."""
    return Terms((Juxtaposed((symbol("s"), symbol(position)), spaced=False), Number(offset)))


def _im2col_section(conv: Conv2D, delta: np.ndarray, grad_kernel: np.ndarray) -> Section:
    n, channels = delta.shape[0], conv.in_channels
    k, positions = conv.kernel_size, delta.shape[2] * delta.shape[3]
    patch = channels * k * k
    columns, kernel = entry("X", "col"), entry("K", "col")
    forward = Equation((symbol("Y"), Terms((Juxtaposed((kernel, columns)), symbol("b")))))
    text = prose(
        "The same sums for all kernel weights at once, as the engine computes them: the "
        "patches of each sample are the columns of ", columns, f", shape (C·k², Ho·Wo) = "
        f"({patch}, {positions}), and the kernel is ", kernel, ", shape (O, C·k²) = "
        f"({conv.out_channels}, {patch}). The forward pass is one product per sample, ",
        forward, "; each row of ", entry("δ", "col"), " (O, Ho·Wo) meets each row of ", columns,
        " in the product below, which is the sum above for every (o, c, u, v) at once "
        f"(summed over the N = {n} samples). Memory: ", columns, " holds N·Ho·Wo·C·k² = "
        f"{n * positions * patch} numbers for this batch.")
    product = Juxtaposed((entry("δ", "col", "n"), Transposed(entry("X", "col", "n"))),
                         spaced=False)
    line = Line((loss_rate(entry("K", "col")), SumOver(symbol("n"), product)),
                value=grad_kernel.reshape(conv.out_channels, patch).copy(),
                shape=Shape(conv.out_channels, patch),
                reason="entry (o, c·k² + u·k + v) is the gradient of K[o,c,u,v]",
                source=("grad_K", 1))
    return Section("Matrix form (im2col)", text, (line,))


def _input_section(conv: Conv2D, delta: np.ndarray, grad_input: np.ndarray) -> Section:
    """``∂L/∂x`` of one input entry: δ meets the flipped kernel."""
    s, k, p = conv.stride, conv.kernel_size, conv.padding
    row, column = min(1, grad_input.shape[2] - 1), min(1, grad_input.shape[3] - 1)
    terms = []
    for o, u, v in np.ndindex(conv.out_channels, k, k):
        i, j = row + p - u, column + p - v  # x̃ position minus the kernel offset
        if i % s or j % s or not (0 <= i // s < delta.shape[2] and 0 <= j // s < delta.shape[3]):
            continue
        terms.append((o, u, v, i // s, j // s))
    terms.sort(key=lambda term: (term[0], term[3], term[4]))  # output positions in order
    parts = [_times(delta[0, o, i, j], conv.K[o, 0, u, v]) for o, u, v, i, j in terms]
    text = prose(
        "Backwards, each input entry gets ", _dotted(symbol("δ"), symbol("K")),
        " from every output position whose patch contains it: ", _input_sum(),
        " over the positions that exist. Going over the output positions in order, the kernel "
        "entries come in reverse (u = k−1 first): this is the full correlation of δ (padded, "
        "and spread out by the stride) with the kernel flipped in both axes, ",
        Indexed(symbol("K"), (symbol("o"), symbol("c"), *(_flipped(k, index) for index in "uv"))),
        ".")
    line = Line((loss_rate(entry("x", 0, 0, row, column)),),
                Terms(tuple(parts)) if parts else Number(0), float(grad_input[0, 0, row, column]),
                "the terms of the output positions whose patch holds this entry",
                source=("grad_input", 0, 0, row, column))
    return Section("Back to the input: the flipped kernel", text, (line,))


def _input_sum() -> Equation:
    """``∂L/∂x_{n,c,p,q} = Σ_{o,u,v} δ_{n,o,(p+pad−u)/s,(q+pad−v)/s} K_{o,c,u,v}``."""
    spots = (Quotient(Terms((symbol(at), symbol("pad"), Neg(symbol(offset)))), symbol("s"))
             for at, offset in (("p", "u"), ("q", "v")))
    met = Indexed(symbol("δ"), (symbol("n"), symbol("o"), *spots))
    return Equation((loss_rate(entry("x", "n", "c", "p", "q")), SumOver(
        Indices((symbol("o"), symbol("u"), symbol("v"))),
        Juxtaposed((met, entry("K", "o", "c", "u", "v")), spaced=False))))


def _flipped(k: int, index: str) -> Terms:
    """``k−1−u′``: the flipped kernel's index."""
    return Terms((Number(k - 1), Neg(Primed(symbol(index)))))


def _check(net: Any, trace: Any, quantity: Rate, chain: float,
           index: tuple[int, int, int, int]) -> Check:
    """Chain sum, backprop (a second, independent pass) and a central difference."""
    _, grads = net.loss_and_gradients(trace.inputs, trace.targets)
    backprop = float(grads[net.parameter_names.index("K1")][index])
    h, tolerance = step_and_tolerance(net)
    finite = central_difference(net, "K1", index, trace.inputs, trace.targets)
    return Check(quantity, chain, backprop, finite, h, tolerance)
