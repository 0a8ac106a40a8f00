"""Indicators, piecewise functions, sums with limits and norms; every reading echoed back."""

from __future__ import annotations

import pytest
import sympy

from chainrule.calculus import derive, expand_sums, parse, read_formula, to_latex, to_text
from chainrule.errors import ParseError

x, z, K = sympy.symbols("x z K")


def _values(expr: sympy.Expr, symbol: sympy.Symbol, points=(-2, 0, 3)) -> list[sympy.Expr]:
    return [expr.rewrite(sympy.Piecewise).subs(symbol, v) for v in points]


@pytest.mark.parametrize(
    ("text", "expected"),  # values at x or z = -2, 0, 3, written by hand
    [
        ("[z > 0]", [0, 0, 1]),
        ("1{z>0}", [0, 0, 1]),
        (r"\mathbb{1}_{z > 0}", [0, 0, 1]),
        (r"\mathbb{1}\{z \geq 0\}", [0, 1, 1]),
        ("𝟙(z ≤ 0)", [1, 1, 0]),
        ("[z < 0]", [1, 0, 0]),
        ("Heaviside(z)", [0, 0, 1]),
        ("np.int64(z > 0)", [0, 0, 1]),  # a NumPy cast of a condition: True is 1, False 0
        ("np.float32(z >= 0)", [0, 1, 1]),
        ("np.maximum(0, z)", [0, 0, 3]),  # NumPy's elementwise max, on one number the max
        ("1 if z > 0 else 0", [0, 0, 1]),
        ("z if z > 0 else 0.1z", [sympy.Rational(-1, 5), 0, 3]),
        (r"\begin{cases} 1 & z > 0 \\ 0 & \text{otherwise} \end{cases}", [0, 0, 1]),
        (r"\begin{cases} z & \text{if } z > 0 \\ 0 & z \le 0 \end{cases}", [0, 0, 3]),
        (r"\begin{cases} -1 & z < 0 \\ 0 & z < 1 \\ 1 & \text{otherwise} \end{cases}",
         [-1, 0, 1]),
        # a leaky ReLU′ as a learner typed it, a comma before each & (by hand: 2 from 0 on)
        (r"\begin{cases} 2, & \text{if } z \geq 0 \\ -1, & \text{if } z < 0 \end{cases}",
         [-1, 2, 2]),
    ],
)
def test_indicators_and_piecewise_functions(text: str, expected: list) -> None:
    assert _values(parse(text), z) == expected


def test_relu_prime_written_as_cases_is_the_engines_relu_prime() -> None:
    """Stanford CS231n and Ng write ReLU′ as cases; at 0 the engine (and PyTorch) take 0."""
    written = parse(r"\begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}")
    derived = derive("max(0, z)").result
    assert _values(written, z, (-1, 0, 2)) == _values(derived, z, (-1, 0, 2)) == [0, 0, 1]


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        (r"\begin{cases} 1 & z > 0 \\ 0 & z > 1 \end{cases}", 31, "opposite of the first"),
        (r"\begin{cases} 1 & z > 0 \end{cases}", 0, "two cases"),
        ("1 if z > 0", 10, "expected 'else'"),
        ("[z >]", 4, "expected a number"),
        ("np.int64(z)", 10, "expected a comparison"),  # a cast of a number would truncate it
        (r"\begin{matrix} 1 \end{matrix}", 0, "only \\begin{cases}"),
    ],
)
def test_malformed_conditions_are_refused_where_they_go_wrong(text, position, fragment) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    assert fragment in str(info.value)
    assert info.value.position == position


@pytest.mark.parametrize(
    "text",
    [r"\sum_{k=1}^{K} (t_k - a_k)^2", "sum_{k=1}^K (t_k - a_k)^2", "Σₖ₌₁ᴷ (tₖ − aₖ)²"],
)
def test_a_sum_up_to_a_named_size_expands_at_every_size(text: str) -> None:
    summed = parse(text)
    for size in (1, 2, 3, 5):
        by_hand = sum((sympy.Symbol(f"t_{k}") - sympy.Symbol(f"a_{k}")) ** 2
                      for k in range(1, size + 1))  # fmt: skip
        assert expand_sums(summed, {"K": size}) == by_hand
        assert expand_sums(summed, {"k": size}) == by_hand


def test_a_sum_up_to_a_number_is_written_out_and_says_so() -> None:
    reading = read_formula(r"\frac{1}{2}\sum_{i=1}^{3} (y_i - \hat{y}_i)^2")
    terms = [(sympy.Symbol(f"y_{i}") - sympy.Symbol(f"yhat_{i}")) ** 2 for i in (1, 2, 3)]
    assert reading.expr == sympy.Add(*terms) / 2
    assert reading.notes == ("wrote out the sum over i = 1..3",)


def test_derive_takes_the_size_from_where_and_says_so() -> None:
    derivation = derive(r"\frac{1}{2}\sum_{k=1}^{K} (t_k - a_k)^2", "a_2", where={"K": 3})
    assert derivation.result == sympy.Symbol("a_2") - sympy.Symbol("t_2")
    assert "wrote out the sum up to K = 3" in derivation.reading.notes


def test_the_mean_over_samples_and_double_sums() -> None:
    m = sympy.Symbol("m")
    mean = parse("(1/m) Σᵢ (ŷ_i - y_i)^2")
    squares = [(sympy.Symbol(f"yhat_{i}") - sympy.Symbol(f"y_{i}")) ** 2 for i in (1, 2)]
    assert expand_sums(mean, {"i": 2}) == sympy.Add(*squares) / m
    double = parse(r"\sum_i \sum_j w_{ij} x_j")
    assert expand_sums(double, {"i": 2, "j": 2}) == sum(
        sympy.Symbol(f"w_{i}{j}") * sympy.Symbol(f"x_{j}") for i in (1, 2) for j in (1, 2))


@pytest.mark.parametrize(
    ("text", "sizes", "expected"),
    [
        ("‖x‖^2", {"i": 3}, sum(sympy.Symbol(f"x_{i}") ** 2 for i in (1, 2, 3))),
        ("||w||^2", {"i": 2}, sympy.Symbol("w_1") ** 2 + sympy.Symbol("w_2") ** 2),
        (r"\|W\|_F^2", {"i": 2, "j": 2},
         sum(sympy.Symbol(f"W_{i}{j}") ** 2 for i in (1, 2) for j in (1, 2))),
        ("‖x‖", {"i": 2}, sympy.sqrt(sympy.Symbol("x_1") ** 2 + sympy.Symbol("x_2") ** 2)),
    ],
)
def test_norms_are_sums_of_squares(text: str, sizes: dict, expected: sympy.Expr) -> None:
    reading = read_formula(text)
    assert expand_sums(reading.expr, sizes) == expected
    assert reading.notes and reading.notes[0].startswith("read ‖")


def test_absolute_values_with_bars() -> None:
    assert _values(parse("|x - 1|"), x) == [3, 1, 2]
    assert _values(parse(r"\left| x \right|"), x) == [2, 0, 3]
    assert _values(parse("2|x|"), x) == [4, 0, 6]


@pytest.mark.parametrize(
    "text", ["x^(-1/3)", "x^(2*y)", "e^(-x^2/2)"],
)
def test_a_bracketed_exponent_that_is_no_layer_name_is_a_power(text: str) -> None:
    assert parse(text).is_Pow or isinstance(parse(text), sympy.exp)


def test_echo_in_every_format() -> None:
    reading = read_formula("mask * relu(x)")
    assert reading.echo() == "Read as: mask·relu(x)\n  (read `mask` as one symbol)"
    assert reading.echo("markdown").startswith(r"Read as: $\mathrm{mask} \operatorname{relu}")
    assert reading.echo("latex").startswith("% Read as: ")
    assert parse(to_text(reading.expr)) == parse(to_latex(reading.expr)) == reading.expr


def test_products_with_numbers_as_limits_are_written_out() -> None:
    w = [sympy.Symbol(f"w_{k}") for k in (1, 2, 3)]
    assert parse(r"\prod_{k=1}^{3} (1 + w_k)") == (1 + w[0]) * (1 + w[1]) * (1 + w[2])
    assert parse("∏_{k=1}^2 w_k") == w[0] * w[1]
    reading = read_formula("Π_{k=2}^{3} w_k")
    assert reading.expr == w[1] * w[2]
    assert reading.notes == ("wrote out the product over k = 2..3",)
    with pytest.raises(ParseError, match="limits written as numbers"):
        parse(r"\prod_{k=1}^{K} w_k")
