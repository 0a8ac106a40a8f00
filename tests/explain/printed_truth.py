"""What an explanation line should print, from PyTorch autograd: the true value of every
name a notation prints (weights, δ's, signals, outputs, targets, ∂e/∂x, θ′, ∂s/∂w), and the
matching of a printed line's numbers to the symbols of its formula.

Used by test_explain_printed_numbers.py; the values come from test_explain_random.py's
independent PyTorch forward and backward pass.
"""

from __future__ import annotations

import re

import numpy as np
import sympy
from test_explain_random import autograd

import chainrule as cr
from chainrule.calculus.math_names import MathName
from chainrule.calculus.printing import TextPrinter
from chainrule.explain.context import Context
from chainrule.explain.formula_nodes import Product
from chainrule.explain.notation import PRESETS
from chainrule.explain.notation_symbols import NotationSymbol
from chainrule.render.explain_items import TEXT

NUM = r"\d+(?:\.\d+)?(?: × 10[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?"
SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def text(name: MathName) -> str:
    """A name as the text renderer prints it."""
    return TextPrinter().name(name)


def rate(top: MathName, bottom: MathName) -> str:
    """``∂top/∂bottom`` as an explanation prints it."""
    return f"∂{text(top)}/∂{text(bottom)}"


def read_number(printed: str) -> float:
    """``−1.5 × 10⁻⁷`` → -1.5e-07."""
    printed = printed.replace("−", "-").replace("(", "").replace(")", "").strip()
    if "×" in printed:
        mantissa, power = printed.split("× 10")
        return float(mantissa) * 10.0 ** int(power.strip().translate(SUPERSCRIPT))
    return float(printed)


def close(printed: float, true: float, digits: int = 6) -> bool:
    """Equal to the printed significant digits (both sides rounded: one unit of the last)."""
    return abs(printed - true) <= 10.0 ** (1 - digits) * max(abs(true), 1e-300) + 1e-300


class Truth:
    """The name (as printed) → true value of every quantity of the sample, from autograd."""

    def __init__(self, net: cr.Network, names_: list, x, y, target, notation: str) -> None:
        record = autograd(net, names_, x, target)
        ctx = Context.build(net, x, y, PRESETS[notation])
        self.names, self.sign = ctx.names, PRESETS[notation].delta_sign
        self.scalars: dict[str, float] = {}
        self.vectors: dict[str, np.ndarray] = {}
        self.record, self.net, self.notation = record, net, notation
        last = len(net.dense_layers)
        outputs = record.get("probabilities", record["a"][last]).detach().numpy()[0]
        for layer in range(last + 1):
            post = outputs if layer == last else record["a"][layer].detach().numpy()[0]
            self._add("post", layer, post)
            if layer == 0:
                continue
            z = record["z"][layer]
            self._add("pre", layer, z.detach().numpy()[0])
            self._add("delta", layer, self.sign * z.grad.numpy()[0])
            self._add_partials(layer, record)
            w, b = record["weights"][layer]
            for (i, j), value in np.ndenumerate(w.detach().numpy()):
                self.scalars[text(self.names.weight(layer, i, j))] = value
            for j, value in enumerate([] if b is None else b.detach().numpy()):
                self.scalars[text(self.names.bias(layer, j))] = value
        for j, value in enumerate(np.asarray(target, dtype=float)[0]):
            self.scalars[text(self.names.target(j))] = value
        self.vectors[text(self.names.target_vector())] = np.asarray(target, dtype=float)[0]

    def _add(self, kind: str, layer: int, values: np.ndarray) -> None:
        for j, value in enumerate(values):
            self.scalars[text(getattr(self.names, kind)(layer, j))] = float(value)
        self.vectors[text(getattr(self.names, f"{kind}_vector")(layer))] = values

    def _add_partials(self, layer: int, record: dict) -> None:
        """∂e/∂x, θ′ = ∂x/∂s, ∂e/∂s, and ∂s/∂w (the input it multiplies), ∂s/∂b = 1."""
        names, a, z = self.names, record["a"][layer], record["z"][layer]
        inputs = record["a"][layer - 1].detach().numpy()[0]
        has_bias = record["weights"][layer][1] is not None
        for j in range(a.shape[1]):
            post, pre = names.post(layer, j), names.pre(layer, j)
            if a.grad is not None:
                self.scalars[rate(names.loss, post)] = float(a.grad[0, j])
            if layer in record["prime"]:
                self.scalars[rate(post, pre)] = float(record["prime"][layer][0, j])
            self.scalars[rate(names.loss, pre)] = float(z.grad[0, j])
            for i, value in enumerate(inputs):
                self.scalars[rate(pre, names.weight(layer, i, j))] = value
            if has_bias:
                self.scalars[rate(pre, names.bias(layer, j))] = 1.0

    def post_vector(self, layer: int) -> np.ndarray:
        return self.vectors[text(self.names.post_vector(layer))]


def activation_of(truth: Truth, formula: str) -> np.ndarray | None:
    """``θ(𝐬⁽¹⁾)``, ``softmax(z₄)``: an activation of a signal vector, that layer's outputs."""
    match = re.fullmatch(r"[^()]+\((.+)\)", formula)
    if not match:
        return None
    for layer in range(1, len(truth.net.dense_layers) + 1):
        if text(truth.names.pre_vector(layer)) == match.group(1):
            return truth.post_vector(layer)
    return None


def sum_value(truth: Truth, line) -> float:
    """``∑ⱼ w_ij δ_j`` over the layer above, for the δ (or ∂e/∂x) line it stands in."""
    _, layer, _, unit = line.source
    return truth.sign * float(truth.record["a"][layer].grad[0, unit])


def operands(truth: Truth, formula: str, line) -> tuple[str, list[float]]:
    """A regex of the formula with each symbol as a number to capture, and their values."""
    keys = sorted(truth.scalars, key=len, reverse=True)
    pieces, values, k = [], [], 0
    while k < len(formula):
        if formula[k] == "∑":  # the sum over the layer above, up to its closing parenthesis
            depth, end = 0, k
            while end < len(formula) and not (formula[end] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(formula[end], 0)
                end += 1
            pieces.append(None)
            values.append(sum_value(truth, line))
            k = end
            continue
        key = next((key for key in keys if formula.startswith(key, k)
                    and not _continues(formula, k + len(key))), None)
        if key is None:
            pieces.append(formula[k])
            k += 1
            continue
        pieces.append(None)
        values.append(truth.scalars[key])
        k += len(key)
    return _pattern(pieces), values


def _continues(formula: str, end: int) -> bool:
    """Whether a name would go on past ``end`` (``x₁`` is not ``x₁₂``)."""
    return end < len(formula) and (formula[end] in "₀₁₂₃₄₅₆₇₈₉⁽" or formula[end].isalpha()
                                   or formula[end] in "0123456789")


def _pattern(pieces: list[str | None]) -> str:
    """``(`` symbol ``)`` loses its parentheses; a symbol matches a signed number with or
    without parentheses; spaces and · match any spacing."""
    out, k = [], 0
    while k < len(pieces):
        if pieces[k] == "(" and k + 2 < len(pieces) and pieces[k + 1] is None \
                and pieces[k + 2] == ")":
            pieces = [*pieces[:k], None, *pieces[k + 3:]]
        piece = pieces[k]
        if piece is None:
            out.append(rf"[\s·]*(\(−?{NUM}\)|−?{NUM})[\s·]*")
        elif piece in " ·":
            out.append(r"[\s·]*")
        else:
            out.append(re.escape(piece))
        k += 1
    return "".join(out)


def structural(truth: Truth, formula, numbers) -> list[tuple[str, float]] | None:
    """(printed, true) for each number of an expression whose terms SymPy printed in
    another order than the formula's: each number is the symbol it replaced, found by the
    place it carries (``0.5#1`` replaced the formula's second symbol in name order)."""
    if isinstance(formula, Product) and isinstance(numbers, Product):
        if len(formula.factors) != len(numbers.factors):
            return None
        pairs = []
        for (ours, _), (theirs, _) in zip(formula.factors, numbers.factors, strict=True):
            found = structural(truth, ours, theirs)
            if found is None:
                return None
            pairs += found
        return pairs
    if not (isinstance(formula, sympy.Basic) and isinstance(numbers, sympy.Basic)):
        return None
    symbols = sorted((s for s in formula.atoms(NotationSymbol)
                      if text(s.math_name) in truth.scalars), key=lambda s: s.name)
    pairs = []
    for placed in numbers.atoms(sympy.Symbol):
        place = placed.name.partition("#")[2]
        if not place.isdigit() or int(place) >= len(symbols):
            return None
        pairs.append((TEXT(placed), truth.scalars[text(symbols[int(place)].math_name)]))
    return pairs
