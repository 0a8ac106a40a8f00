"""The parser: both dialects to one grammar, symbols with structure, clear errors."""

from __future__ import annotations

import pytest
import sympy
from sympy import E, Rational, exp, log, sqrt, tanh

from chainrule.calculus import (
    IndexSum,
    Limits,
    make_symbol,
    parse,
    read_formula,
    sigmoid,
    softmax,
    symbol_parts,
)
from chainrule.errors import ConfigError, ParseError

x, y, s, z = sympy.symbols("x y s z")
x1, w12 = sympy.Symbol("x_1"), sympy.Symbol("w_12")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2(x-y)(1-x^2)", sympy.Mul(2, x - y, 1 - x**2)),
        ("2*(x-y)*(1-x**2)", sympy.Mul(2, x - y, 1 - x**2)),
        ("2x y", 2 * x * y),
        ("2xy", 2 * x * y),
        ("x(1-x)", x * (1 - x)),
        ("-x^2", -(x**2)),
        ("2^3^2", sympy.Integer(512)),
        ("x/2y", x * y / 2),
        ("e^x", exp(x)),
        ("e^-x", exp(-x)),
        ("e^(-x)", exp(-x)),
        ("exp(-x)", exp(-x)),
        ("1/(1+exp(-x))", 1 / (1 + exp(-x))),
        ("log(x) + ln(y)", log(x) + log(y)),
        ("ln x", log(x)),
        ("tanh(s)", tanh(s)),
        ("tanhx", tanh(x)),
        ("sigmoid(z)", sigmoid(z)),
        ("σ(z)", sigmoid(z)),
        ("θ(s)", tanh(s)),
        ("theta(s)", tanh(s)),
        ("g(s)", sigmoid(s)),
        ("θ'(s)", 1 - tanh(s) ** 2),
        ("θ′(s)", 1 - tanh(s) ** 2),
        ("σ'(z)", sigmoid(z) * (1 - sigmoid(z))),
        ("θ²(s)", tanh(s) ** 2),
        ("tanh^2(s)", tanh(s) ** 2),
        ("sqrt(x)", sqrt(x)),
        ("√(x+1)", sqrt(x + 1)),
        ("x²", x**2),
        ("e⁻ˣ", exp(-x)),
        ("0.5x", x / 2),
        ("1e-3", Rational(1, 1000)),
        ("x − y", x - y),
        ("x · y × z", x * y * z),
        ("x ÷ y", x / y),
        ("θ", sympy.Symbol("theta")),
        ("σ^2", sympy.Symbol("sigma") ** 2),
        ("g", sympy.Symbol("g")),
        ("pi x", sympy.pi * x),
        ("x1", x1),
        ("w12", w12),
        ("x_1", x1),
        ("w_12", w12),
        ("W w", sympy.Symbol("W") * sympy.Symbol("w")),
        ("net_k", sympy.Symbol("net_k")),
        ("net", sympy.Symbol("net")),  # Mitchell's net input, not n·e·t with Euler's e
        ("1/(1+e^(-net))", 1 / (1 + exp(-sympy.Symbol("net")))),
        ("xW_1", x * sympy.Symbol("W_1")),
        ("ŷ_1 - y_1", sympy.Symbol("yhat_1") - sympy.Symbol("y_1")),
        ("softmax_2(z_1, z_2, z_3)", softmax(2, *sympy.symbols("z_1 z_2 z_3"))),
    ],
)
def test_plain_math(text: str, expected: sympy.Expr) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"\frac{1}{1+e^{-x}}", 1 / (1 + exp(-x))),
        (r"\frac12", Rational(1, 2)),  # \frac takes one character per unbraced argument
        (r"\frac1x", 1 / x),
        (r"\frac12 x", x / 2),
        (r"\frac{1}23", Rational(3, 2)),
        (r"\frac xy", x / y),
        (r"\frac{12}{34}", Rational(6, 17)),
        (r"x \cdot y \times z", x * y * z),
        (r"\left( x - y \right)^2", (x - y) ** 2),
        (r"\tanh(s)", tanh(s)),
        (r"\tanh s", tanh(s)),
        (r"\tanh^2 x", tanh(x) ** 2),
        (r"\sigma(z)", sigmoid(z)),
        (r"\sigma'(z)", sigmoid(z) * (1 - sigmoid(z))),
        (r"\theta(s)", tanh(s)),
        (r"\theta^2(s)", tanh(s) ** 2),
        (r"\theta", sympy.Symbol("theta")),
        (r"\exp(x)", exp(x)),
        (r"e^{-x}", exp(-x)),
        (r"\log(x)", log(x)),
        (r"\sqrt{x}", sqrt(x)),
        (r"\sqrt[3]{x}", x ** Rational(1, 3)),  # the cube root, not √3·x
        (r"\sqrt[3]{x+1}", (x + 1) ** Rational(1, 3)),
        (r"\tanh^{2} x", tanh(x) ** 2),
        (r"\theta_12", sympy.Symbol("theta_1") * 2),  # LaTeX takes one character after _
        (r"x_{12}", sympy.Symbol("x_12")),
        (r"\frac{\partial}{\partial}", None),
        (r"\mathrm{net}_k", sympy.Symbol("net_k")),
        (r"\hat{y}_1", sympy.Symbol("yhat_1")),
        (r"\operatorname{softmax}_1(z_1, z_2)", softmax(1, *sympy.symbols("z_1 z_2"))),
    ],
)
def test_latex(text: str, expected: sympy.Expr | None) -> None:
    if expected is None:
        with pytest.raises(ParseError):
            parse(text)
    else:
        assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("x_1^(L)", "x_1^(L)"),
        ("x_1^{(L)}", "x_1^(L)"),
        (r"x_1^{(L)}", "x_1^(L)"),
        ("x^(L)_1", "x_1^(L)"),
        ("x₁⁽ᴸ⁾", "x_1^(L)"),
        (r"w_{ij}^{(l)}", "w_ij^(l)"),
        ("w_12^(2)", "w_12^(2)"),
        (r"\delta_j^{(l+1)}", "delta_j^(l+1)"),
        ("δ_j^(l+1)", "delta_j^(l+1)"),
        ("delta_j^(l+1)", "delta_j^(l+1)"),
        ("a^[l]", "a^(l)"),
        (r"a^{[l]}", "a^(l)"),
        (r"x^{(2)}", "x^(2)"),  # a superscript in parentheses is a layer tag, never a power
        ("x⁽²⁾", "x^(2)"),
        ("x_1^(2)", "x_1^(2)"),
        ("x^(2)_1", "x_1^(2)"),
        ("δ^(L)", "delta^(L)"),
        ("a_j^(L-m+1)", "a_j^(L-m+1)"),
    ],
)
def test_layer_tags_are_part_of_the_symbol(text: str, name: str) -> None:
    assert parse(text) == sympy.Symbol(name)


def test_a_computed_exponent_in_braces_is_a_power_not_a_layer_tag() -> None:
    # Mazur's power rule as a learner typed it: w_5^{(1 - 1)} is w_5 to the power 0 (= 1);
    # no layer is named "1 - 1", while a^{(l-1)} with a letter stays a layer tag.
    w5 = sympy.Symbol("w_5")
    assert parse(r"1 * out_{h1} * w_5^{(1 - 1)}") == sympy.Symbol("out_h1")
    assert parse(r"3 w_5^{(3 - 1)}") == 3 * w5**2
    assert parse(r"w^{(2 + 1)}") == sympy.Symbol("w") ** 3
    assert parse(r"a^{(l-1)}") == sympy.Symbol("a^(l-1)")


def test_an_upright_unknown_name_before_a_bracket_is_refused_not_multiplied() -> None:
    # Read as Sigm·(...) the derivative of the cross-entropy came out wrong, so a right claim
    # was called wrong.
    with pytest.raises(ParseError, match="unknown function 'Sigm'; did you mean 'sigmoid'"):
        parse(r"\text{Sigm}(b_3 + w_5 O_1)")
    assert parse(r"\text{Sigm} \cdot (x + 1)") == sympy.Symbol("Sigm") * (x + 1)
    assert parse(r"\sigma(x)") == sigmoid(x)


@pytest.mark.parametrize("text", [r"\text{Sig}(x + 1)", "Sig(x + 1)", "sig(x + 1)"])
def test_sig_is_the_logistic_sigmoid_and_says_so(text: str) -> None:
    # A learner's answer key writes the sigmoid as \text{Sig}(...) (COVID BCE question).
    reading = read_formula(text)
    assert reading.expr == sigmoid(x + 1)
    assert any("as the logistic sigmoid σ" in note for note in reading.notes)


def test_a_style_around_a_name_and_its_subscript_is_that_name() -> None:
    # A learner's answer wrote \mathbf{w_4} for the weight w_4 (as \mathbf{w}_4 would be).
    w4 = sympy.Symbol("w_4")
    assert parse(r"\mathbf{w_4} x") == w4 * x
    assert parse(r"\mathrm{out_{h1}}^2") == sympy.Symbol("out_h1") ** 2
    assert parse(r"\mathbf{w_4}") == parse(r"\mathbf{w}_4") == w4
    with pytest.raises(ParseError, match="needs Latin letters"):
        parse(r"\mathbf{w_4 + 1}")


def test_symbol_parts_take_a_name_apart() -> None:
    parts = symbol_parts(parse(r"w_{ij}^{(l+1)}"))
    assert (parts.base, parts.subscript, parts.layer) == ("w", "ij", "l+1")
    assert parts.indices == ("i", "j")
    assert symbol_parts(parse("δ_j")).base == "delta"
    assert symbol_parts(parse("ŷ")).accent == ("y", "hat")
    assert make_symbol("x", "1", "L") == parse("x_1^(L)")
    assert symbol_parts(sympy.Symbol("plain")).base == "plain"


def test_powers_of_tagged_symbols_and_the_seed_formula() -> None:
    xL, yn = sympy.Symbol("x_1^(L)"), sympy.Symbol("y_n")
    assert parse(r"\left(x_1^{(L)}-y_n\right)^2") == (xL - yn) ** 2
    assert parse("(x_1^(L))^2") == xL**2
    assert parse("2(x_1^(L) - y_n)(1 - (x_1^(L))^2)") == sympy.Mul(2, xL - yn, 1 - xL**2)


def test_sum_over_a_named_index() -> None:
    j = sympy.Symbol("j")
    w, delta = sympy.Symbol("w_ij^(l+1)"), sympy.Symbol("delta_j^(l+1)")
    expected = IndexSum(w * delta, j)
    assert parse(r"\sum_{j} w_{ij}^{(l+1)} \delta_j^{(l+1)}") == expected
    assert parse("sum_j(w_ij^(l+1) δ_j^(l+1))") == expected
    assert parse("Σ_j w_ij^(l+1) δ_j^(l+1)") == expected
    assert parse(r"\sum_j a_j + b") == IndexSum(sympy.Symbol("a_j"), j) + sympy.Symbol("b")


def test_functions_option_says_what_theta_and_g_denote() -> None:
    assert parse("θ(s)", functions={"θ": "sigmoid"}) == sigmoid(s)
    assert parse(r"\theta'(s)", functions={"theta": "sigmoid"}) == sigmoid(s) * (1 - sigmoid(s))
    assert parse("g(z)", functions={"g": "tanh"}) == tanh(z)
    assert parse("g(z)", functions={"g": "identity"}) == z
    step = sympy.Piecewise((1, s > 0), (0, True))  # θ' on a ReLU layer is the step, 0 at 0
    derivative = parse("θ'(s)", functions={"θ": "relu"}).rewrite(sympy.Piecewise)
    assert all(derivative.subs(s, v) == step.subs(s, v) for v in (-2, 0, 3))
    with pytest.raises(ConfigError, match="must be one of elu, gelu, identity, leaky_relu, relu"):
        parse("θ(s)", functions={"θ": "maxout"})
    with pytest.raises(ConfigError):
        parse("θ(s)", functions={"phi": "tanh"})


def test_the_exact_constant_e_and_its_powers() -> None:
    assert parse("e") == E
    assert parse("e_1") == sympy.Symbol("e_1")
    assert parse("2e^x") == 2 * exp(x)


def _error(text: str, **kwargs: object) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(text, **kwargs)
    return info.value


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        ("tahn(x)", 0, "did you mean 'tanh'"),
        ("sigmod(z)", 0, "did you mean 'sigmoid'"),
        (r"\frak{1}{2}", 0, "did you mean '\\frac'"),
        ("2 + floor(x)", 4, "'floor' is not supported"),
        ("x +", 3, "found the end of the formula"),
        ("(x + 1", 0, "expected ')'"),
        ("x + 1)", 5, "unmatched ')'"),
        ("1/0", 1, "division by zero"),
        ("log(0)", 0, "undefined"),
        ("x = 1", 2, "not an equation"),
        ("|x", 0, "expected '|' to close"),
        ("x__1", 1, "subscript"),
        ("x^{(2*y)}", 5, "layer tag"),
        ("softmax(z)", 0, "component"),
        ("softmax_3(a, b)", 0, "no component 3"),
        ("θ''(s)", 0, "first derivatives"),
        ("x 中", 2, "unexpected character"),
        ("x^(2)", 1, "could be a power or a layer tag"),
        ("2.5.3x", 3, "one decimal point"),
        ("d/dx (x^2)", 0, "d/dx is the operator"),
        (r"\frac{d}{dx} x^2", 0, "d/dx is the operator"),
        (r"\frac{\mathrm{d}}{\mathrm{d}x}(x^2)", 0, "d/dx is the operator"),
        (r"\tanh^{-1} x", 5, "inverse function"),
        ("tanh⁻¹(x)", 4, "inverse function"),
        (r"\sqrt[n]{x}", 6, "degree of a root"),
        ("", None, "empty"),
    ],
)
def test_errors_point_at_the_problem(text: str, position: int | None, fragment: str) -> None:
    error = _error(text)
    assert fragment in str(error)
    assert error.position == position
    if position is not None:
        caret_line = str(error).splitlines()[-1]
        assert caret_line == "  " + " " * position + "^"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("9^9^9^9", "exponent too large"),
        ("2^100000", "exponent too large"),
        ("(2^999)^1000", "number too large"),
        ("(10^29 x)^1000^1000", "number too large"),
        ("1" * 31, "number too long"),
        ("x" * 100_000, "formula too long"),
        ("(" * 60 + "x" + ")" * 60, "nested too deeply"),
        ("-" * 60 + "x", "nested too deeply"),
        ("+".join(["x"] * 400), "formula too large"),
    ],
)
def test_limits_refuse_at_once(text: str, fragment: str) -> None:
    assert fragment in str(_error(text))


def test_limits_are_configurable() -> None:
    assert parse("x^5") == x**5
    with pytest.raises(ParseError, match="exponent too large"):
        parse("x^5", limits=Limits(exponent=4))
    with pytest.raises(ParseError, match="formula too long"):
        parse("x + y", limits=Limits(length=3))


def test_non_text_is_refused() -> None:
    with pytest.raises(ParseError, match="must be text"):
        parse(b"x")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"\theta^{\prime}(s)", 1 - tanh(s) ** 2),  # seed 000 writes the prime raised
        (r"\theta^\prime(s)", 1 - tanh(s) ** 2),
        (r"\theta^{'}(s)", 1 - tanh(s) ** 2),
        (r"\theta^'(s)", 1 - tanh(s) ** 2),
        (r"\sigma^{\prime}(z)", sigmoid(z) * (1 - sigmoid(z))),
        (r"\sum\limits_{k} x_k", IndexSum(sympy.Symbol("x_k"), sympy.Symbol("k"))),
        (r"{\sum\limits_{k}} x_k^2", IndexSum(sympy.Symbol("x_k") ** 2, sympy.Symbol("k"))),
        (r"$x^2$", x**2),
        (r"$$ \frac{1}{2} x $$", x / 2),
        (r"\(x^2\)", x**2),
        (r"\[x^2\]", x**2),
        # seed 000's line, verbatim: 2(θ(s) − y)θ'(s) with θ = tanh
        (r"2(\theta(s_1^{(L)}) - y_n)(\theta^{\prime}(s_1^{(L)}))",
         sympy.Mul(2, tanh(sympy.Symbol("s_1^(L)")) - sympy.Symbol("y_n"),
                   1 - tanh(sympy.Symbol("s_1^(L)")) ** 2)),
    ],
)
def test_latex_the_seed_learners_wrote(text: str, expected: sympy.Expr) -> None:
    assert parse(text) == expected


def test_seed_002_sum_of_squared_errors_verbatim() -> None:
    """``E = \\frac{1}{2} $${\\sum\\limits_{k}} (t_k - a_k)^2 $``, right of the ``=``."""
    t, a, k = sympy.Symbol("t_k"), sympy.Symbol("a_k"), sympy.Symbol("k")
    text = r"\frac{1}{2} $${\sum\limits_{k}} (t_k - a_k)^2 $"
    assert parse(text) == IndexSum((t - a) ** 2, k) / 2


def test_a_primed_name_is_refused_the_same_way_however_the_prime_is_written() -> None:
    for text in ("x'", "x^{'}", r"x^{\prime}"):
        error = _error(text)
        assert "a prime marks the derivative of a function" in str(error)
        assert error.position == 1


def test_upright_e_is_the_loss_of_learning_from_data_unless_raised() -> None:
    """LFD writes the error e(w) upright; an upright e with an exponent is still exp."""
    e = sympy.Symbol("e")
    assert parse(r"\mathrm{e}") == e
    assert parse(r"\mathrm{e}(\mathbf{w})") == e
    assert parse(r"\mathrm{e}(\mathrm{w})") == e
    assert parse(r"\mathrm{e}^{-x}") == exp(-x)
    assert parse(r"\mathrm{e}(x + 1)") == e * (x + 1)  # not names in the parentheses: a product
    assert parse("e(w + 1)") == E * (sympy.Symbol("w") + 1)  # a plain e stays Euler's number
    with pytest.raises(ParseError, match="product"):  # ... but e(w) may be the loss: not guessed
        parse("e(w)")
