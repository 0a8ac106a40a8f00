r"""``∂L/∂x`` of one input entry of a pooling layer, window by window, with the numbers.

Max pooling passes δ of a window to its arg-max alone (on a tie, to the first maximum in
row-major window order, as PyTorch does); average pooling spreads ``δ/k²`` over the window.
An entry in several windows (stride < kernel) adds up what each sends. The check is
chain sum = backprop = finite difference (which straddles a tie's kink, so it is skipped
there, as for ReLU at 0).
"""

from __future__ import annotations

import re
from itertools import product
from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.explain.batch_norm_input import by_loss, dotted
from chainrule.explain.checks import finite_difference_input, step_and_tolerance
from chainrule.explain.formula_nodes import (
    Equation,
    Juxtaposed,
    Matrix,
    Number,
    Quotient,
    Rate,
    Terms,
    symbol,
)
from chainrule.explain.model import Check, Explanation, Line, Section, prose
from chainrule.nn.pooling import AvgPool2D, MaxPool2D

_INPUT = re.compile(r"^\s*d?x\s*\[\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\]\s*$")


def explains_pooling(net: Any, quantity: object) -> bool:
    """Whether the request is a pooling layer's input gradient ``"x[n,c,p,q]"``."""
    return (isinstance(quantity, str) and _INPUT.match(quantity) is not None
            and any(isinstance(layer, MaxPool2D | AvgPool2D) for layer in net.layers))


def explain_pooling(net: Any, x: Any, y: Any, quantity: str) -> Explanation:
    """The explanation of ``∂L/∂x[n,c,p,q]`` at the first pooling layer of ``net``."""
    position = next(k for k, layer in enumerate(net.layers)
                    if isinstance(layer, MaxPool2D | AvgPool2D))
    pool = net.layers[position]
    trace = net.trace(x, y)
    record = trace.records[position]
    index = _index(quantity, record.input.shape, pool)
    windows = _windows(pool, record.input.shape, index)
    parts = [_window_part(pool, record, index, window) for window in windows]
    chain = float(sum(value for value, _, _ in parts))
    entry = ",".join(map(str, index))
    derivative = by_loss(symbol("x", entry))
    lines = [line for _, line, _ in parts]
    sent = Terms(tuple(Number(v, operand=True) for v, _, _ in parts)) if parts else Number(0)
    lines.append(Line((derivative,), sent, chain, "the sum over the windows that hold the entry",
                      source=("grad_input", *index)))
    kind = "max" if isinstance(pool, MaxPool2D) else "average"
    delta = symbol("δ")
    text = prose(f"{net.summary()}. Layer {position + 1} takes the {kind} of each "
                 f"{pool.kernel_size}×{pool.kernel_size} window, windows every {pool.stride} "
                 "positions; ", Equation((delta, by_loss(symbol("y")))), " of each window's "
                 "output comes from backpropagation through the layers after it. The entry "
                 f"x{list(index)} lies in {len(windows)} window(s).")
    rule = (prose("The maximum passes ", delta, " to the entry that won the window and 0 to "
                  "the others: ", Rate(symbol("y"), symbol("x", "k"), partial=True), " is 1 "
                  "for the arg-max, 0 elsewhere. On a tie the first maximum in row-major order "
                  "takes it (as PyTorch does); the maximum has no derivative there, so any share "
                  "between the tied entries is a valid subgradient.")
            if kind == "max" else
            prose("The average sends ", Equation((Quotient(delta, symbol("k") ** 2),
                                                  Quotient(delta, Number(pool.kernel_size ** 2)))),
                  " to every entry of the window."))
    sections = (Section("The network", text), Section("Window by window", rule, tuple(lines)))
    return Explanation(prose(derivative, f" — {kind} pooling"), "pooling", derivative, sections,
                       _check(net, trace, position, index, derivative, chain,
                              any(tie for _, _, tie in parts)))


def _index(quantity: str, shape: tuple[int, ...], pool: Any) -> tuple[int, int, int, int]:
    match = _INPUT.match(quantity)
    assert match is not None
    index = tuple(int(part) for part in match.groups())
    if any(i >= size for i, size in zip(index, shape, strict=True)):
        raise ConfigError(f"the input of {pool.describe()} has shape {shape}; "
                          f"got x{list(index)}")
    return index  # type: ignore[return-value]


def _windows(pool: Any, shape: tuple[int, ...], index: tuple[int, ...]) -> list[tuple[int, int]]:
    """The output positions ``(i, j)`` whose window holds input ``(p, q)``."""
    k, s = pool.kernel_size, pool.stride
    rows, columns = (shape[2] - k) // s + 1, (shape[3] - k) // s + 1
    p, q = index[2:]
    return [(i, j) for i, j in product(range(rows), range(columns))
            if s * i <= p < s * i + k and s * j <= q < s * j + k]


def _window_part(pool: Any, record: Any, index: tuple[int, ...],
                 window: tuple[int, int]) -> tuple[float, Line, bool]:
    """``(what the window sends to the entry, its line, whether its maximum is tied)``."""
    n, c, p, q = index
    i, j = window
    k, s = pool.kernel_size, pool.stride
    values = record.input[n, c, s * i:s * i + k, s * j:s * j + k]
    delta = float(record.grad_output[n, c, i, j])
    shown = prose(f"window ({i}, {j}) = ", Matrix(tuple(tuple(map(float, row)) for row in values)))
    if isinstance(pool, AvgPool2D):
        sent = delta / k ** 2
        return sent, Line((Quotient(symbol("δ", f"{i},{j}"), symbol("k") ** 2),),
                          Quotient(Number(delta, operand=True), Number(k ** 2)), sent,
                          shown, source=("window", i, j)), False
    flat = values.ravel()
    winner = int(np.argmax(flat))
    tie = int(np.sum(flat == flat[winner])) > 1
    won = (s * i + winner // k, s * j + winner % k) == (p, q)
    sent = delta if won else 0.0
    who = "this entry" if won else f"x[{n},{c},{s * i + winner // k},{s * j + winner % k}]"
    reason = shown + prose(": its maximum ", Number(flat[winner], digits=4), f" is {who}",
                           " (a tie: the first in row-major order takes it)" if tie else "")
    formula = Juxtaposed((Rate(symbol("y", f"{i},{j}"), symbol("x", f"{p},{q}"), partial=True),
                          symbol("δ", f"{i},{j}")))
    numbers = dotted(Number(1 if won else 0), Number(delta, operand=True))
    # the entry itself tied for the maximum: the derivative has a kink there
    kink = tie and values[p - s * i, q - s * j] == flat[winner]
    return sent, Line((formula,), numbers, sent, reason, source=("window", i, j)), bool(kink)


def _check(net: Any, trace: Any, position: int, index: tuple[int, ...], derivative: Rate,
           chain: float, tie: bool) -> Check:
    h, tolerance = step_and_tolerance(net)
    finite = finite_difference_input(net, trace, position, index)
    backprop = float(trace.records[position].grad_input[index])
    return Check(derivative, chain, backprop, finite, h, tolerance, kink=tie)
