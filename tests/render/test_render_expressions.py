"""Golden output of the expression printers (checked by hand against the math)."""

from __future__ import annotations

import pytest
import sympy

from chainrule.calculus import parse
from chainrule.render import to_latex, to_markdown, to_text

CASES = [
    # typed formula, Unicode text, LaTeX
    ("σ(x)(1 - σ(x))", "σ(x)(1 − σ(x))",
     r"\sigma\left(x\right) \left(1 - \sigma\left(x\right)\right)"),
    ("2(x-y)(1-x^2)", "2(x − y)(1 − x²)", r"2 \left(x - y\right) \left(1 - x^{2}\right)"),
    ("exp(-x)/(1+exp(-x))^2", "e⁻ˣ/(1 + e⁻ˣ)²", r"\frac{e^{-x}}{\left(1 + e^{-x}\right)^{2}}"),
    ("1/(1+exp(-x))", "1/(1 + e⁻ˣ)", r"\frac{1}{1 + e^{-x}}"),
    ("1 - tanh(s)^2", "1 − tanh²(s)", r"1 - \tanh^{2}\left(s\right)"),
    ("tanh(s) - y", "tanh(s) − y", r"\tanh\left(s\right) - y"),
    ("x_1^(L)", "x₁⁽ᴸ⁾", "x_{1}^{(L)}"),
    ("(x_1^(L))^2", "(x₁⁽ᴸ⁾)²", r"\left(x_{1}^{(L)}\right)^{2}"),
    ("w_12^(2)", "w₁₂⁽²⁾", "w_{12}^{(2)}"),
    ("δ_j^(l+1)", "δⱼ⁽ˡ⁺¹⁾", r"\delta_{j}^{(l+1)}"),
    ("x_N", "x_N", "x_{N}"),
    ("ŷ_1 - y_1", "ŷ₁ − y₁", r"\hat{y}_{1} - y_{1}"),
    ("net_k", "netₖ", r"\mathrm{net}_{k}"),
    ("x/2", "x/2", r"\frac{x}{2}"),
    ("-3x/2", "−3x/2", r"-\frac{3 x}{2}"),
    ("1/(2x)", "1/(2x)", r"\frac{1}{2 x}"),
    ("(1-x)/x", "(1 − x)/x", r"\frac{1 - x}{x}"),
    ("sqrt(x+1)", "√(x + 1)", r"\sqrt{x + 1}"),
    ("x^{n-1}", "xⁿ⁻¹", "x^{n - 1}"),
    ("e^(-x_1)", "e^(−x₁)", "e^{-x_{1}}"),
    ("e^(x_1)", "e^(x₁)", "e^{x_{1}}"),  # a raised name that Unicode cannot raise: in ()
    ("2 * 3^x", "2·3ˣ", r"2 \cdot 3^{x}"),
    ("softmax_1(z_1, z_2)", "softmax₁(z₁, z₂)",
     r"\operatorname{softmax}_{1}\left(z_{1}, z_{2}\right)"),
    (r"\sum_{j} w_{ij} \delta_j", "Σⱼ δⱼ·wᵢⱼ", r"\sum_{j} \delta_{j} w_{ij}"),
    ("log(x)", "log(x)", r"\log\left(x\right)"),
    ("pi", "π", r"\pi"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "text", "latex"), CASES)
def test_text_and_latex(typed: str, text: str, latex: str) -> None:
    expr = parse(typed)
    assert to_text(expr) == text
    assert to_latex(expr) == latex


def test_markdown_is_latex_in_dollars() -> None:
    assert to_markdown(parse("x_1^(L)")) == "$x_{1}^{(L)}$"


def test_kronecker_delta_and_equations() -> None:
    i, j = sympy.symbols("i j")
    expr = sympy.Eq(sympy.Symbol("y_1") + sympy.Symbol("y_2"), 1)
    assert to_text(expr) == "y₁ + y₂ = 1"
    assert to_text(sympy.KroneckerDelta(i, j)) == "δᵢⱼ"
    assert to_latex(sympy.KroneckerDelta(i, j)) == r"\delta_{ij}"
