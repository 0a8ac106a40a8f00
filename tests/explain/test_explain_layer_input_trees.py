"""The batch-norm, dropout and pooling explanations hold their formulas as trees (formula
nodes and SymPy expressions), never as LaTeX text; the printed formulas, written here by hand,
read as the textbooks write them."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy

from chainrule.explain.api import explain
from chainrule.explain.examples import example
from chainrule.explain.model import Prose
from chainrule.render.explain_items import LATEX, TEXT

CASES = [("batchnorm", "x[1,0]", False), ("pool", "x[0,0,2,2]", False),
         ("avgpool", "x[0,0,1,1]", False), ("dropout", "x[0,1]", False),
         ("dropout", "x[0,2]", True)]  # the last at evaluation


def _explained(name: str, quantity: str, evaluation: bool = False, digits: int = 6):
    preset = example(name)
    net = preset.net.eval() if evaluation else preset.net
    return explain(net, preset.x, preset.y, quantity, digits=digits)


def _strings(item, where: str = "") -> list[str]:
    """Every string inside a formula but a sum's index letter, and every name of it made
    from LaTeX text."""
    if isinstance(item, str):
        return [] if where == "index" else [item]
    if isinstance(item, tuple):
        return [text for part in item for text in _strings(part, where)]
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return [text for field in dataclasses.fields(item)
                for text in _strings(getattr(item, field.name), field.name)]
    assert item is None or isinstance(item, sympy.Basic | int | float), item
    if isinstance(item, sympy.Basic):  # the names are trees too, none made from LaTeX
        return [symbol.name for symbol in item.free_symbols
                if getattr(symbol, "math_name", None) is None]
    return []


@pytest.mark.parametrize(("name", "quantity", "evaluation"), CASES)
def test_the_layer_explanations_hold_no_latex_text(name, quantity, evaluation):
    explanation = _explained(name, quantity, evaluation)
    lines = explanation.lines()
    assert lines
    for line in lines:
        for item in (*line.formula, line.numbers, line.shape):
            if item != "":  # no numbers, no shape
                assert not isinstance(item, str), (line.source, item)
                assert _strings(item) == [], line.source
    assert not isinstance(explanation.check.quantity, str)
    assert _strings(explanation.check.quantity) == []


@pytest.mark.parametrize(("name", "quantity", "evaluation"), CASES)
def test_their_prose_holds_its_math_as_trees(name, quantity, evaluation):
    """Titles, introductions and reasons: words and formula trees, no inline ``$…$`` LaTeX."""
    explanation = _explained(name, quantity, evaluation)
    said = [explanation.title]
    for section in explanation.sections:
        said += [section.title, section.text, *(line.reason for line in section.lines)]
    formulas = 0
    for text in said:
        parts = text.parts if isinstance(text, Prose) else (text,)
        for part in parts:
            if isinstance(part, str):
                assert "$" not in part and "\\" not in part, part
            else:
                assert _strings(part) == [], part
                formulas += 1
    assert formulas >= 2  # the title's ∂L/∂x and more


def _line_text(explanation, source) -> str:
    line = next(line for line in explanation.lines() if line.source == source)
    return " = ".join(TEXT.parts(line))


def test_the_batch_norm_formulas_read_as_the_paper_writes_them():
    explanation = _explained("batchnorm", "x[1,0]")
    assert _line_text(explanation, ("grad_var",)).startswith(
        "∂L/∂σ² = ∑ₖ ∂L/∂x̂ₖ(xₖ − μ)(−1/2)(σ² + ε)^(−3/2) = ")
    assert _line_text(explanation, ("x_hat",)).startswith("x̂ₖ = (xₖ − μ)/(√(σ² + ε)) = (")
    assert _line_text(explanation, ("paths", 1)).startswith(
        "∂L/∂x₁ = ∂L/∂x̂₁ 1/(√(σ² + ε)) + ∂L/∂σ² (2(x₁ − μ))/m + ∂L/∂μ 1/m = ")
    assert _line_text(explanation, ("three_terms", 1)).startswith(
        "∂L/∂x₁ = 1/(m√(σ² + ε))(m∂L/∂x̂₁ − ∑ₖ ∂L/∂x̂ₖ − x̂₁ ∑ₖ ∂L/∂x̂ₖ x̂ₖ) = 1/(4 · ")
    assert TEXT(explanation.check.quantity) == "∂L/∂x₁,₀"


def test_the_dropout_and_pooling_formulas():
    dropout = _explained("dropout", "x[0,1]")
    assert _line_text(dropout, ("mask", 0)) == "m_(0,·) = (1, 1, 0, 1)"
    mask = next(line for line in dropout.lines() if line.source == ("mask", 0))
    assert LATEX(mask.formula[0]) == r"m_{0,\cdot}" and LATEX(mask.numbers) == \
        r"\left(1, 1, 0, 1\right)"
    assert _line_text(dropout, ("grad_input", 0, 1)).startswith(
        "∂L/∂x₀,₁ = m₀,₁/(1 − p) ∂L/∂y₀,₁ = 1/(1 − 0.5) · (")
    pool = _explained("pool", "x[0,0,2,2]")
    assert _line_text(pool, ("window", 1, 1)).startswith("∂y₁,₁/∂x₂,₂ δ₁,₁ = 0 · ")
    average = _explained("avgpool", "x[0,0,1,1]")
    assert _line_text(average, ("window", 0, 0)).startswith("δ₀,₀/k² = ")


@pytest.mark.parametrize(("name", "quantity", "evaluation"), CASES)
def test_every_number_has_the_digits_asked_for(name, quantity, evaluation):
    """``digits=3``: the lines' numbers, values and the check, three significant figures."""
    explanation = _explained(name, quantity, evaluation, digits=3)
    check = explanation.check
    lines = explanation.to_text(width=10_000).splitlines()

    def written(value: float) -> str:
        return f"{value:.3g}".replace("-", "−")

    assert f"  backprop           {TEXT(check.quantity)} = {written(check.backprop)}" in lines
    values = [line.value for line in explanation.lines()
              if line.value is not None and np.ndim(line.value) == 0]
    assert values
    for value in values:
        assert any(line.endswith(f" = {written(value)}") for line in lines), value


@pytest.mark.parametrize(("name", "quantity"), [("conv", "K[0,0,1,1]"), ("rnn", "W[0,1]"),
                                                ("lstm", "W_f[0,1]")])
def test_the_check_of_every_layer_explanation_has_the_digits_asked_for(name, quantity):
    """``digits=3`` reaches the convolution, RNN and LSTM explanations' check too (it was
    printed with 6 figures whatever was asked)."""
    explanation = _explained(name, quantity, digits=3)
    check, lines = explanation.check, explanation.to_text(width=10_000).splitlines()
    written = f"{check.backprop:.3g}".replace("-", "−")
    assert f"  backprop           {TEXT(check.quantity)} = {written}" in lines
