r"""A letter before a parenthesis is a call, a product with a note, or an error — never a silent
guess. GELU's derivative as the courses write it, Φ(x) + xφ(x) (Hendrycks and Gimpel's
GELU(x) = xΦ(x)), must not be read as the product Φ·x; Widrow-Hoff's Δw = η(t − o)x (Mitchell,
Machine Learning, ch. 4) must keep reading η as the learning rate.
"""

from __future__ import annotations

import time

import pytest
import sympy

from chainrule.calculus import read_formula
from chainrule.calculus.reading import declare_function
from chainrule.check import check
from chainrule.errors import ParseError

x, t, o, w, eta, lam = sympy.symbols("x t o w eta lambda")
_PHI = "\\Phi(x)=(1+erf(x/sqrt(2)))/2"
_DENSITY = "\\phi(x)=exp(-x^2/2)/sqrt(2*pi)"


@pytest.mark.parametrize("text", ["\\Phi(x) + x\\phi(x)", "Φ(x)", "x φ(x)", "\\psi (x)",
                                  "\\delta(x)", "\\mu\\left(x - 1\\right)", "h(x)", "p(y_i)",
                                  "2 + u(t)", "h(\\theta)"])  # fmt: skip
def test_an_unknown_letter_called_is_refused_with_its_position_and_a_way_out(text: str) -> None:
    start = time.process_time()
    with pytest.raises(ParseError) as caught:
        read_formula(text)
    assert time.process_time() - start < 1.0
    message = str(caught.value)
    assert "--where" in message and "product" in message
    assert caught.value.position is not None
    letter_at = caught.value.position
    assert text[letter_at].isalpha() or text[letter_at] == "\\"


def test_gelu_derivative_with_phi_declared_is_correct() -> None:
    # d/dx [x Φ(x)] = Φ(x) + x φ(x), φ = Φ' the standard normal density (by hand).
    result = check("\\Phi(x) + x\\phi(x)", of="x*\\Phi(x)", wrt="x", where=[_PHI, _DENSITY])
    assert result.correct
    wrong = check("\\Phi(x) + \\phi(x)", of="x*\\Phi(x)", wrt="x", where=[_PHI, _DENSITY])
    assert not wrong.correct


def test_a_declared_greek_function_is_a_call() -> None:
    declared = dict([declare_function("\\Phi(x)", "(1+erf(x/sqrt(2)))/2")])
    reading = read_formula("x\\Phi(x)", declared=declared)
    assert sympy.simplify(reading.expr - x * (1 + sympy.erf(x / sympy.sqrt(2))) / 2) == 0


@pytest.mark.parametrize(
    ("text", "expected", "note"),
    [
        ("\\eta(t-o)x", eta * (t - o) * x, "read `\\eta(t-o)` as η·(t-o)"),
        ("η(t − o)", eta * (t - o), "read `η(t − o)` as η·(t − o)"),
        ("\\lambda (w)", lam * w, "read `\\lambda (w)` as λ·(w)"),
        ("eta(t-o)^2", eta * (t - o) ** 2, "read `eta(t-o)` as η·(t-o)"),
    ],
)
def test_a_constant_of_the_courses_is_a_factor_and_says_so(text: str, expected: sympy.Expr,
                                                          note: str) -> None:  # fmt: skip
    reading = read_formula(text)
    assert reading.expr == expected
    assert note in reading.notes


@pytest.mark.parametrize(
    ("text", "bound", "expected"),
    [
        ("\\Phi(1 - \\Phi)", (), sympy.Symbol("Phi") * (1 - sympy.Symbol("Phi"))),
        ("o(1 - o)", (), o * (1 - o)),
        ("\\delta(x)", ("delta",), sympy.Symbol("delta") * x),
        ("2\\pi(x + 1)", (), 2 * sympy.pi * (x + 1)),
    ],
)
def test_a_letter_with_a_value_stays_a_factor(text: str, bound: tuple[str, ...],
                                              expected: sympy.Expr) -> None:  # fmt: skip
    assert read_formula(text, bound=bound).expr == expected


def test_a_latin_letter_before_a_sum_is_a_product_with_a_note() -> None:
    reading = read_formula("w(x + 1)")
    assert reading.expr == w * (x + 1)
    assert reading.notes == ("read `w(x + 1)` as the product w·(x + 1)",)


def test_the_learning_rate_in_a_checked_update_keeps_working() -> None:
    # Δw = −η ∂E/∂w for E = ½(t − o)², o = w x: −η·(−(t − o)x) = η(t − o)x (by hand).
    result = check("\\eta(t-o)x", of="-\\eta \\frac{1}{2}(t - o)^2", wrt="w", where=["o=w x"])
    assert result.correct
    assert any("η·(t-o)" in line for line in result.reading)


@pytest.mark.parametrize(
    ("text", "expected", "note"),
    [  # Humphrys' notes on the sigmoid's delta write y[k] and O[k] for unit k's output, target
        ("y[k] (1 - y[k])", sympy.Symbol("y_k") * (1 - sympy.Symbol("y_k")),
         "read `y[k]` as yₖ"),
        ("O[k]", sympy.Symbol("O_k"), "read `O[k]` as Oₖ"),
        ("w[j, k] x", sympy.Symbol("w_jk") * x, "read `w[j, k]` as wⱼₖ"),
        ("a[1]^2", sympy.Symbol("a_1") ** 2, "read `a[1]` as a₁"),
    ],
)
def test_an_index_in_brackets_is_a_subscript_and_says_so(text: str, expected: sympy.Expr,
                                                         note: str) -> None:  # fmt: skip
    reading = read_formula(text)
    assert reading.expr == expected
    assert note in reading.notes


def test_a_condition_in_brackets_after_a_letter_stays_the_indicator() -> None:
    reading = read_formula("x[z > 0]")
    assert reading.expr.subs(sympy.Symbol("z"), 1) == x
    assert reading.expr.subs(sympy.Symbol("z"), -1) == 0


def test_the_sigmoid_delta_with_bracket_indices_is_checked() -> None:
    # d/dx_k ½(y_k − O_k)² with y_k = σ(x_k): (y_k − O_k) y_k (1 − y_k) (by hand).
    of, where = "\\frac{1}{2}(y[k] - O[k])^2", ["y[k]=\\sigma(x_k)"]
    assert check("y[k] (1 - y[k]) (y[k] - O[k])", of=of, wrt="x_k", where=where).correct
    assert not check("(1 - y[k]) (y[k] - O[k])", of=of, wrt="x_k", where=where).correct


@pytest.mark.parametrize("text", ["\\rm {max}(0, x)", "{\\rm max}(0, x)", "\\rm max(0, x)",
                                  "\\mathrm{max}(0, x)"])  # fmt: skip
def test_an_old_font_switch_before_a_name_is_that_name(text: str) -> None:
    # leapai.top's ReLU page writes ReLU as \rm {max}(0, x)
    assert read_formula(text).expr == read_formula("max(0, x)").expr


def test_a_font_switch_without_a_name_is_refused_at_its_position() -> None:
    with pytest.raises(ParseError) as caught:
        read_formula("x + \\rm")
    assert caught.value.position == 4


@pytest.mark.parametrize("text", ["x^T x", "xᵀx", "x^{T} W x", "(1 - a)^T"])
def test_a_transpose_is_never_read_as_the_power_t(text: str) -> None:
    # d/dx xᵀx = 2x for a vector x; read as x^T·x with a number T, 2x would be "incorrect".
    with pytest.raises(ParseError, match="transpose") as caught:
        read_formula(text)
    assert text[caught.value.position] in "^ᵀ"


def test_t_as_a_name_of_the_formula_may_still_be_a_power() -> None:
    T, a = sympy.symbols("T a")
    assert read_formula("a^T + T").expr == a**T + T
    assert read_formula("a^T", bound=("T",)).expr == a**T


@pytest.mark.parametrize("text", ["\\dot\\sigma(x)", "\\dot{\\sigma}(x)", "σ̇(x)", "σ'(x)"])
def test_a_dotted_function_is_its_derivative_and_says_so(text: str) -> None:
    # Learning From Data writes θ̇ for θ′; σ′ = σ(1 − σ) (by hand)
    reading = read_formula(text)
    s = 1 / (1 + sympy.exp(-x))
    assert sympy.simplify((reading.expr - s * (1 - s)).rewrite(sympy.exp)) == 0
    assert any("derivative of sigmoid" in note for note in reading.notes)


def test_a_dotted_letter_stays_a_name() -> None:
    assert read_formula("\\dot y").expr == sympy.Symbol("ydot")
    assert read_formula("ẏ").expr == sympy.Symbol("ydot")


@pytest.mark.parametrize(("text", "at_two", "at_minus_two", "at_zero"), [
    # ReLU's and leaky ReLU's backward as NumPy code writes them; at 0 the engine's ReLU'(0) = 0
    ("np.where(x > 0, 1, 0)", 1, 0, 0),
    ("np.where(x > 0, 1, 0.01)", 1, sympy.Rational(1, 100), sympy.Rational(1, 100)),
    ("(x > 0).astype(float)", 1, 0, 0),
    ("(x > 0).astype(np.float32)", 1, 0, 0),
    ("torch.where(x > 0, x, 0)", 2, 0, 0),
])
def test_numpy_conditions_are_read_as_pieces(text: str, at_two: sympy.Expr,
                                             at_minus_two: sympy.Expr,
                                             at_zero: sympy.Expr) -> None:  # fmt: skip
    expr = read_formula(text).expr
    assert (expr.subs(x, 2), expr.subs(x, -2), expr.subs(x, 0)) == (at_two, at_minus_two, at_zero)


@pytest.mark.parametrize("text", ["np.where(x, 1, 0)", "np.where(x > 0, 1)", "x.astype(float)"])
def test_numpy_conditions_that_are_not_read_are_errors(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        read_formula(text)
    assert caught.value.position is not None


@pytest.mark.parametrize("text", ["h_\\theta(x)", "f_1(x)", "g_2(z)", "\\sigma_1(x)",
                                  "f^{(l)}(z)", "e(w)"])  # fmt: skip
def test_a_function_letter_with_scripts_before_one_name_is_refused(text: str) -> None:
    # Ng's machine-learning course writes the hypothesis h_θ(x); read as h_θ·x it is a guess
    with pytest.raises(ParseError, match="--where") as caught:
        read_formula(text)
    assert caught.value.position == 0


@pytest.mark.parametrize(("text", "expected", "note"), [
    ("w_{ij}(x_i)", sympy.Symbol("w_ij") * sympy.Symbol("x_i"),
     "read `w_{ij}(x_i)` as the product w_{ij}·(x_i)"),
    ("W_1(x)", sympy.Symbol("W_1") * x, "read `W_1(x)` as the product W_1·(x)"),
])
def test_another_name_with_scripts_before_one_name_is_a_product_with_a_note(
        text: str, expected: sympy.Expr, note: str) -> None:
    reading = read_formula(text)
    assert reading.expr == expected
    assert note in reading.notes


@pytest.mark.parametrize("text", ["a_j(1-a_j)", "o_h(1 - o_h)", "\\delta_j(1 - x)"])
def test_a_name_with_scripts_before_a_sum_is_a_silent_product(text: str) -> None:
    reading = read_formula(text)
    assert reading.notes == ()
    assert isinstance(reading.expr, sympy.Mul)


@pytest.mark.parametrize("text", ["leaky_relu(x, \\alpha)", "\\text{leaky\\_relu}(x, \\alpha)",
                                  "\\operatorname{leaky\\_relu}(x, \\alpha)"])  # fmt: skip
def test_leaky_relu_is_one_name_in_latex_too(text: str) -> None:
    # read as leaky_r·elu(x, α) in LaTeX, a right derivative was called wrong
    alpha = sympy.Symbol("alpha")
    expr = read_formula(text).expr
    tenth = sympy.Rational(1, 10)
    assert expr.subs({x: 2, alpha: tenth}) == 2
    assert expr.subs({x: -2, alpha: tenth}) == -2 * tenth
