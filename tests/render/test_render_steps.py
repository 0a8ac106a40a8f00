"""Golden output of whole derivations, in the three formats.

Each expected text below was checked by hand: the chain f(g) = 1/g, g(h) = 1 + eʰ, h(x) = −x
gives f′ = −1/g², g′(h) = eʰ, h′ = −1, so σ′ = e⁻ˣ/(1 + e⁻ˣ)² = σ(1 − σ); the squared error
gives 2(tanh(s) − y)(1 − tanh²(s)); softmax₂ by z₁ is y₂(δ₂₁ − y₁) = −y₁y₂.
"""

from __future__ import annotations

import pytest
import sympy

from chainrule.calculus import ConstantStep, derive
from chainrule.calculus.rules import Names, Rules
from chainrule.errors import ConfigError
from chainrule.render import FORMATS, render, render_step
from chainrule.render.step_lines import StepLines

SIGMOID_TEXT = """\
Read as: 1/(1 + e⁻ˣ)
d/dx [1/(1 + e⁻ˣ)] = e⁻ˣ/(1 + e⁻ˣ)²   (chain rule)
  f(g) = 1/g, g(x) = 1 + e⁻ˣ
  f′(g) = d/dg [1/g] = −1/g²   (power rule)
  g′(x) = d/dx [1 + e⁻ˣ] = −e⁻ˣ   (chain rule)
    g(h) = eʰ + 1, h(x) = −x
    g′(h) = d/dh [eʰ + 1] = d/dh 1 + d/dh [eʰ] = eʰ   (sum rule)
      d/dh 1 = 0   (constant)
      d/dh [eʰ] = eʰ   (exp rule)
    h′(x) = d/dx [−x] = −d/dx x = −1   (constant multiple rule)
      d/dx x = 1   (identity)
    g′(x) = g′(h) · h′(x) = e⁻ˣ · (−1) = −e⁻ˣ
  f′(x) = f′(g) · g′(x) = (−1/(1 + e⁻ˣ)²) · (−e⁻ˣ) = e⁻ˣ/(1 + e⁻ˣ)²
Simplify:
  = σ(x)(1 − σ(x))
      (in terms of the sigmoid: σ(x) = 1/(1 + e⁻ˣ), so e⁻ˣ = (1 − σ(x))/σ(x))
Result: d/dx [1/(1 + e⁻ˣ)] = σ(x)(1 − σ(x))
"""

SQUARED_ERROR_TEXT = """\
Read as: (tanh(s) − y)²
∂/∂s [(tanh(s) − y)²] = 2(tanh(s) − y)(1 − tanh²(s))   (chain rule)
  f(g) = g², g(s) = tanh(s) − y
  f′(g) = d/dg [g²] = 2g   (power rule)
  g′(s) = ∂/∂s [tanh(s) − y] = ∂/∂s [−y] + d/ds [tanh(s)] = 1 − tanh²(s)
      (sum rule)
    ∂/∂s [−y] = 0   (constant)
    d/ds [tanh(s)] = 1 − tanh²(s)   (tanh rule)
  f′(s) = f′(g) · g′(s) = 2 · (tanh(s) − y) · (1 − tanh²(s))
      = 2(tanh(s) − y)(1 − tanh²(s))
Simplify:
  = 2(x − y)(1 − x²)   (with x = tanh(s))
Result: ∂/∂s [(tanh(s) − y)²] = 2(x − y)(1 − x²)   (with x = tanh(s))
"""

SOFTMAX_TEXT = """\
Read as: softmax₂(z₁, z₂)
∂/∂z₁ [softmax₂(z₁, z₂)] = −softmax₁(z₁, z₂)·softmax₂(z₁, z₂)
    (softmax Jacobian, i ≠ j)
  ∂Sᵢ/∂vⱼ = −Sᵢ·Sⱼ, with S = softmax(v); here i = 2, j = 1
Result: ∂/∂z₁ [softmax₂(z₁, z₂)] = −softmax₁(z₁, z₂)·softmax₂(z₁, z₂)
"""

_TANH = r"\frac{d}{ds}\left[\tanh\left(s\right)\right] = 1 - \tanh^{2}\left(s\right)"
TANH_LATEX = "\n".join([
    r"\begin{align*}",
    r"& \text{Read as: }\tanh\left(s\right) \\",
    rf"& {_TANH} \qquad \text{{(tanh rule)}} \\",
    rf"& \text{{Result: }}{_TANH}",
    r"\end{align*}",
    "",
])  # fmt: skip
TANH_MARKDOWN = (r"- Read as: $\tanh\left(s\right)$" "\n"
                 f"- ${_TANH}$ *(tanh rule)*\n- Result: ${_TANH}$\n")

PRODUCT_TEXT = """\
Read as: x·eˣ
d/dx [x·eˣ] = d/dx x · eˣ + x · d/dx [eˣ] = x·eˣ + eˣ   (product rule)
  d/dx x = 1   (identity)
  d/dx [eˣ] = eˣ   (exp rule)
Simplify:
  = eˣ(x + 1)   (common factors taken out)
Result: d/dx [x·eˣ] = eˣ(x + 1)
"""

QUOTIENT_TEXT = """\
Read as: x/(x + 1)
d/dx [x/(x + 1)] = (d/dx x · (x + 1) − x · d/dx [x + 1])/(x + 1)² = 1/(x + 1)²
    (quotient rule)
  d/dx x = 1   (identity)
  d/dx [x + 1] = d/dx 1 + d/dx x = 1   (sum rule)
    d/dx 1 = 0   (constant)
    d/dx x = 1   (identity)
Result: d/dx [x/(x + 1)] = 1/(x + 1)²
"""

DIRECT_TEXT = """\
d/dx [arcsin(x)] = 1/√(1 − x²)
    (computed directly: no rule of chainrule covers asin; SymPy differentiated it)
Result: d/dx [arcsin(x)] = 1/√(1 − x²)
"""


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        (("1/(1+exp(-x))",), {}, SIGMOID_TEXT),
        (("(tanh(s) - y)^2", "s"), {"where": {"x": "tanh(s)"}}, SQUARED_ERROR_TEXT),
        (("softmax_2(z_1, z_2)", "z_1"), {}, SOFTMAX_TEXT),
        (("x e^x",), {}, PRODUCT_TEXT),
        (("x/(1+x)",), {}, QUOTIENT_TEXT),
    ],
)
def test_text_golden(check, args: tuple, kwargs: dict, expected: str) -> None:
    assert render(check(derive(*args, **kwargs)), "text") == expected


def test_direct_step_is_shown(check) -> None:
    assert render(check(derive(sympy.asin(sympy.Symbol("x")))), "text") == DIRECT_TEXT


def test_latex_and_markdown_golden() -> None:
    assert render(derive("tanh(s)"), "latex") == TANH_LATEX
    assert render(derive("tanh(s)"), "markdown") == TANH_MARKDOWN


def test_cross_entropy_states_its_assumption_in_every_format(check) -> None:
    derivation = check(derive("-(y_1 log(softmax_1(z_1,z_2)) + y_2 log(softmax_2(z_1,z_2)))", "z_1",
                        where={"yhat_1": "softmax_1(z_1, z_2)"}))  # fmt: skip
    text = render(derivation, "text")
    assert "= softmax₁(z₁, z₂) − y₁   (assuming y₁ + y₂ = 1: the targets sum to 1)" in text
    assert "= ŷ₁ − y₁   (with ŷ₁ = softmax₁(z₁, z₂))" in text
    assert r"assuming }y_{1} + y_{2} = 1" in render(derivation, "latex")
    assert "assuming $y_{1} + y_{2} = 1$" in render(derivation, "markdown")


@pytest.mark.parametrize("formula", ["1/(1+exp(-x))", "x^x", "(x_1^(L) - tanh(s_1^(L)))^2"])
def test_text_fits_an_80_column_terminal(check, formula: str) -> None:
    variable = "s_1^(L)" if "s_1" in formula else None
    for line in render(check(derive(formula, variable)), "text").splitlines():
        assert len(line) <= 80, line


def test_one_step_tree_renders_alone_for_other_modules() -> None:
    s = sympy.Symbol("s")
    step = Rules(Names(set())).step(sympy.tanh(s), s)
    assert render_step(step, "text") == "d/ds [tanh(s)] = 1 − tanh²(s)   (tanh rule)\n"
    assert render_step(step, "markdown").startswith(r"- $\frac{d}{ds}")


def test_dispatch_is_a_table_by_class_name() -> None:
    lines = StepLines()
    assert "ChainStep" in lines.table and "SoftmaxStep" in lines.table

    class Unknown(ConstantStep):
        pass

    # A subclass is found through its bases; an unrelated object is refused.
    x = sympy.Symbol("x")
    assert lines.lines(Unknown(sympy.S(2), x))[0].note == ("constant",)
    with pytest.raises(TypeError, match="no renderer"):
        lines.lines(object())  # type: ignore[arg-type]


def test_unknown_format_is_refused() -> None:
    assert FORMATS == ("text", "latex", "markdown")
    with pytest.raises(ConfigError, match="must be one of latex, markdown, text"):
        render(derive("x"), "pdf")
