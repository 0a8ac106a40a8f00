"""Every number printed in every line of an explanation, checked against PyTorch autograd.

Each line prints ``formula = numbers = value``. Three checks, on the text a learner reads:

1. **each operand**: the formula's symbols (weights, δ's, signals, outputs, targets, ∂e/∂x,
   θ′, the sum over the layer above) are replaced by their true values, computed by PyTorch
   from the network, and the numbers the line prints must be those values, in those places
   (up to the printed 6 significant digits, and the parentheses put around a negative number);
2. **the arithmetic**: the printed numbers, evaluated as printed, give the printed value;
3. **the value**: the printed value is autograd's (times the notation's sign of δ), and a
   printed matrix is autograd's in the notation's orientation (rows follow the first index
   of the notation's weights).

A wrong index order, a transpose or a sign slip changes a printed number, so it fails here
even where the network is square and nothing crashes.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from printed_arithmetic import agrees
from printed_truth import NUM, Truth, activation_of, close, operands, read_number, structural
from test_explain_random import build

import chainrule as cr
from chainrule.explain import example, explain
from chainrule.explain.context import Context
from chainrule.explain.formula_nodes import Number
from chainrule.explain.notation import PRESETS
from chainrule.explain.quantity import every_quantity
from chainrule.render.explain_items import TEXT


def check_line(truth: Truth, line, counts: dict[str, int]) -> None:
    formula, numbers = TEXT(line.formula[-1]), TEXT(line.numbers)
    vector = truth.vectors.get(formula)
    vector = activation_of(truth, formula) if vector is None else vector
    if vector is not None and numbers.startswith("("):  # a row of numbers, e.g. 𝐱⁽⁰⁾
        printed = [read_number(item) for item in numbers[1:-1].split(", ")]
        assert len(printed) == len(vector), (formula, numbers)
        assert all(close(p, t) for p, t in zip(printed, vector, strict=True)), (formula, numbers)
        counts["operands"] += len(printed)
        return
    if np.ndim(line.value) > 0:  # a matrix: the layer's gradient in the notation's layout
        check_matrix(truth, line, numbers)
        counts["matrices"] += 1
        return
    # the numbers follow the last formula, or one before it that the last one simplifies;
    # a bias's gradient is printed with its constant input: "−δ₄ = −(−0.0199541) · 1"
    bias = line.source[:1] == ("grad_b",)
    pairs = None
    for candidate in reversed(line.formula):
        pattern, values = operands(truth, TEXT(candidate), line)
        match = re.fullmatch(pattern + (r"(?:[\s·]*1)?" if bias else ""), numbers)
        pairs = (list(zip(match.groups(), values, strict=True)) if match
                 else structural(truth, candidate, line.numbers))
        if pairs is not None:
            break
    assert pairs is not None, f"the numbers {numbers!r} do not follow the formula {formula!r}"
    for printed, true in pairs:
        assert close(read_number(printed), true), (formula, numbers, printed, true)
        counts["operands"] += 1
    if line.value is not None and np.ndim(line.value) == 0:
        shown = read_number(TEXT(Number(float(line.value))))
        assert agrees(numbers, shown), f"{numbers} is printed as equal to {shown}"
        counts["sums"] += 1


def check_matrix(truth: Truth, line, numbers: str) -> None:
    kind, layer = line.source[0], line.source[1]
    record = truth.record
    if kind == "grad_W_matrix":
        true = record["weights"][layer][0].grad.numpy()
        if PRESETS[truth.notation].weight_order == "to_from":  # w_jk: rows are the j
            true = true.T
    elif kind == "grad_b_vector":
        true = record["weights"][layer][1].grad.numpy()
    else:  # δ of the layer: one row or one column per sample
        true = truth.sign * record["z"][layer].grad.numpy()
    rows = [[read_number(cell) for cell in re.findall(rf"−?{NUM}", row)]
            for row in numbers[1:-1].split("; ")]
    printed = np.array(rows)
    true = np.asarray(true).reshape(printed.shape) if printed.size == np.size(true) else true
    if kind == "delta_matrix" and printed.shape[0] != true.shape[0]:
        true = true.T  # a column per sample (column-vector notations)
    assert printed.shape == np.shape(true), (numbers, np.shape(true))
    assert all(close(p, t, 4) for p, t in zip(printed.ravel(), np.ravel(true), strict=True)), \
        (line.source, numbers, true)


def check_value(truth: Truth, line) -> None:
    """The printed value of a scalar line is autograd's (test_explain_random's source map)."""
    from test_explain_random import expected

    shown = read_number(TEXT(Number(float(line.value))))
    true = line.sign * float(expected(line.source, truth.record, truth.net))
    last = len(truth.net.dense_layers)
    if line.source[:2] == ("a", last) and truth.net.loss.output_activation:
        true = float(truth.record["probabilities"][0, line.source[3]])
    assert close(shown, true), (line.source, shown, true)


def check_explanation(net, names_, x, y, target, notation: str, quantity) -> dict[str, int]:
    truth = Truth(net, names_, x, y, target, notation)
    counts = {"operands": 0, "sums": 0, "matrices": 0, "values": 0}
    for line in explain(net, x, y, quantity, notation).lines():
        if line.value is not None and np.ndim(line.value) == 0 and line.source:
            check_value(truth, line)
            counts["values"] += 1
        if not (isinstance(line.numbers, str) and not line.numbers):
            check_line(truth, line, counts)
    return counts


def square_net(seed: int) -> tuple:
    """A 2-2-2 sigmoid network with half the squared error (Mitchell's), random weights."""
    rng = np.random.default_rng(seed)
    net = cr.Network([cr.Dense(2, 2, bias=bool(seed % 2)), cr.Sigmoid(),
                      cr.Dense(2, 2, bias=bool(seed % 2)), cr.Sigmoid()],
                     loss=cr.HalfSumSquaredError(), seed=seed)
    x, target = rng.normal(size=(1, 2)), rng.uniform(size=(1, 2))
    return net, ["sigmoid", "sigmoid"], x, target, target


@pytest.mark.parametrize("notation", list(PRESETS))
@pytest.mark.parametrize("seed", range(3))
def test_every_number_of_a_square_network(notation: str, seed: int) -> None:
    net, names_, x, y, target = square_net(seed)
    ctx = Context.build(net, x, y, PRESETS[notation])
    has_bias = [d.b is not None for d in net.dense_layers]
    quantities = [name for name, _ in every_quantity(ctx.names, has_bias)]
    layers = [1 + PRESETS[notation].pre_offset + k for k in range(2)]
    total = {"operands": 0, "sums": 0, "matrices": 0, "values": 0}
    for quantity in [*quantities, *layers]:
        for key, count in check_explanation(net, names_, x, y, target, notation,
                                            quantity).items():
            total[key] += count
    assert total["operands"] > 100 and total["sums"] > 20 and total["matrices"] >= 4


def test_every_number_of_the_mitchell_example() -> None:
    """Seed 002's 2-2-2 network, every weight and δ, in Mitchell's notation and LFD's."""
    chosen = example("mitchell")
    names_ = ["sigmoid", "sigmoid"]
    for notation in ("mitchell", "lfd"):
        ctx = Context.build(chosen.net, chosen.x, chosen.y, PRESETS[notation])
        for quantity, _ in every_quantity(ctx.names, [False, False]):
            counts = check_explanation(chosen.net, names_, chosen.x, chosen.y, chosen.y,
                                       notation, quantity)
            assert counts["operands"] >= 10 and counts["sums"] >= 3


@pytest.mark.parametrize("seed", range(40))
def test_every_number_of_a_random_network(seed: int) -> None:
    net, names_, x, y, target = build(seed)
    notation = list(PRESETS)[seed % len(PRESETS)]
    ctx = Context.build(net, x, y, PRESETS[notation])
    has_bias = [d.b is not None for d in net.dense_layers]
    table = [name for name, _ in every_quantity(ctx.names, has_bias)]
    rng = np.random.default_rng(seed)
    picks = [table[int(k)] for k in rng.choice(len(table), min(5, len(table)), replace=False)]
    picks.append(1 + PRESETS[notation].pre_offset + int(rng.integers(len(net.dense_layers))))
    for quantity in picks:
        counts = check_explanation(net, names_, x, y, target, notation, quantity)
        assert counts["operands"] > 0 and counts["values"] > 0
