"""Words as learners type them: a known function, one symbol with a note, two letters that
multiply, or an error with its position and a "did you mean" — never a product of three letters.

Cases from courses: ``sech(n)^2`` (d tanh/dn on a Q&A site), ``mask/(1-p)`` (inverted dropout,
cs231n), ``out_o1`` and ``net_h1`` (Mazur's worked example), ``dZ2`` (Ng's deep-learning course),
``ReLU(w x)`` and ``leaky_relu`` (PyTorch's names).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import sympy

from chainrule.calculus import parse, read_formula, sigmoid
from chainrule.errors import ParseError

x, y, z, n, p, a, b, w = sympy.symbols("x y z n p a b w")
S = sympy.Symbol


@pytest.mark.parametrize(
    ("text", "expected", "note"),
    [
        ("mask/(1-p)", S("mask") / (1 - p), "read `mask` as one symbol"),
        ("out_o1*(1-out_o1)", S("out_o1") * (1 - S("out_o1")), "read `out` as one symbol"),
        ("net_h1", S("net_h1"), None),  # Mitchell's net is a known name: nothing to say
        ("dZ2", S("dZ_2"), "read `dZ` as one symbol"),
        ("2db", 2 * S("db"), "read `db` as one symbol"),
        ("HA", S("HA"), "read `HA` as one symbol"),
        ("cost", S("cost"), "read `cost` as one symbol"),  # not cos(t)
        ("xyz", S("xyz"), "read `xyz` as one symbol"),
        ("tanhx", sympy.tanh(x), "read `tanhx` as tanh(x)"),
        ("sinx", sympy.sin(x), "read `sinx` as sin(x)"),
        ("lnx", sympy.log(x), "read `lnx` as ln(x)"),
    ],
)
def test_a_word_is_one_symbol_or_a_glued_call_and_says_so(text: str, expected: sympy.Expr,
                                                          note: str | None) -> None:  # fmt: skip
    reading = read_formula(text)
    assert reading.expr == expected
    assert reading.notes == ((note,) if note else ())
    if note:
        assert note in reading.echo()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2ab", 2 * a * b),
        ("xy", x * y),
        ("wx", w * x),
        ("xW_1", x * S("W_1")),
        ("ax + b", a * x + b),
        ("yhat - y", S("yhat") - y),
        ("ŷ(1-ŷ)", S("yhat") * (1 - S("yhat"))),
    ],
)
def test_two_letters_side_by_side_still_multiply(text: str, expected: sympy.Expr) -> None:
    assert parse(text) == expected
    assert read_formula(text).notes == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sech(n)^2", sympy.sech(n) ** 2),
        ("ReLU(w x)", sympy.Max(0, w * x)),
        ("Relu(x)", sympy.Max(0, x)),
        ("max(0, x)", sympy.Max(0, x)),
        ("max(x, 0)", sympy.Max(0, x)),
        ("leaky_relu(x, 0.2)", sympy.Piecewise((x, x > 0), (x / 5, True))),
        ("LeakyReLU(x)", sympy.Piecewise((x, x > 0), (x / 100, True))),
        ("Sigmoid(z)", 1 / (1 + sympy.exp(-z))),
        ("GELU(x)", x / 2 * (1 + sympy.erf(x / sympy.sqrt(2)))),
        ("SiLU(x)", x / (1 + sympy.exp(-x))),
    ],
)
def test_known_functions_in_any_case(text: str, expected: sympy.Expr) -> None:
    got = parse(text)
    symbols = got.free_symbols | expected.free_symbols
    for value in (-2, -sympy.Rational(1, 3), 0, sympy.Rational(1, 2), 3):
        point = {symbol: value for symbol in symbols}
        left, right = got.xreplace(point).evalf(20), expected.xreplace(point).evalf(20)
        assert abs(float(left) - float(right)) < 1e-12, (value, left, right)


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        ("tahn(x)", 0, "did you mean 'tanh'"),
        ("2 sigmod(z)", 2, "did you mean 'sigmoid'"),
        ("sofmax_1(z_1, z_2)", 0, "did you mean 'softmax'"),
        ("x + rleu(x)", 4, "did you mean 'relu'"),
        ("f(z)", 0, "declare it"),
        ("floor(x)", 0, "not supported"),
        ("max(x)", 0, "takes 2 argument"),
    ],
)
def test_a_near_miss_is_an_error_at_its_position(text: str, position: int, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    assert info.value.position == position
    assert fragment in str(info.value)


def test_a_letter_bound_to_a_value_is_a_symbol_not_a_call() -> None:
    sigma = S("sigma")
    assert parse("σ(1-σ)") == sigmoid(1 - sigma)  # unbound, σ is the sigmoid applied...
    assert "read `σ` as the function sigmoid" in read_formula("σ(1-σ)").echo()  # ...and says so
    assert parse("σ(1-σ)", bound=["σ"]) == sigma * (1 - sigma)
    assert parse(r"\sigma(1-\sigma)", bound=[sigma]) == sigma * (1 - sigma)


def test_a_declared_function_and_its_derivative() -> None:
    from chainrule.calculus import declare_function

    name, f = declare_function("f(x)", "1/(1+exp(-x))")
    assert name == "f"
    logistic = 1 / (1 + sympy.exp(-z))
    assert parse("f(z)(1-f(z))", declared={"f": f}) == logistic * (1 - logistic)
    assert parse("f'(z)", declared={"f": f}) == sympy.diff(logistic, z)
    reading = read_formula("f'(z)", declared={"f": f})
    assert reading.notes == ("read `f'` as declared, f(x) = 1/(1 + e⁻ˣ)",)
    with pytest.raises(ParseError, match="declared with 1 argument"):
        parse("f(x, y)", declared={"f": f})


# A word of three letters or more, as typed: not after a backslash (a LaTeX command) and not
# a known function, constant or Greek letter, which have their own meaning.
_RUN = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{3,}(?![A-Za-z])")


def _corpus() -> list[str]:
    """Every string constant of the test suite (and of the README) that looks like a formula."""
    root = Path(__file__).resolve().parents[2]
    texts: set[str] = set()
    for path in [*sorted((root / "tests").rglob("*.py")), root / "README.md"]:
        source = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            texts.update(re.findall(r"['\"]([^'\"\n]{1,120})['\"]", source))
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.add(node.value)
    return sorted(t for t in texts if 0 < len(t) <= 200 and _RUN.search(t))


def test_no_word_in_the_test_corpus_is_read_as_three_letters_or_more() -> None:
    """Issue 13: a word written as one word never becomes a product of single letters."""
    checked = 0
    for text in _corpus():
        try:
            expr = parse(text)
        except Exception:  # prose, messages and errors on purpose do not parse
            continue
        checked += 1
        letters = {s.name for s in expr.free_symbols if len(s.name) == 1}
        for word in _RUN.findall(text):
            pieces = set(word)
            assert not (len(pieces) >= 3 and pieces <= letters), (text, word, expr)
    assert checked > 200  # the corpus is real: hundreds of formulas were read


@pytest.mark.parametrize(
    ("text", "top", "bottom"),
    [
        ("dL/dw", "L", "w"),
        ("dE_total/dw_5", "E_total", "w_5"),  # Mazur's worked example
        ("dC/da_j^(L)", "C", "a_j^(L)"),
        ("dW^{[2]}/dZ", "W^(2)", "Z"),
    ],
)
def test_a_derivative_written_with_ds_is_the_partial(text: str, top: str, bottom: str) -> None:
    from chainrule.calculus.partials import partial_symbol

    reading = read_formula(text)
    assert reading.expr == partial_symbol(top, bottom)
    assert reading.notes[-1].startswith(f"read `{text}` as the derivative ∂")
    assert parse("dW") == S("dW")  # alone, Ng's gradient is a name


def test_code_spellings_learners_paste() -> None:
    assert parse("np.exp(-x)") == sympy.exp(-x)
    assert parse("torch.sigmoid(z)") == sigmoid(z)
    assert parse("logistic(z)") == sigmoid(z)
    assert parse("y_hat*(1-y_hat)") == S("yhat") * (1 - S("yhat"))  # y_hat is ŷ
    with pytest.raises(ParseError) as info:
        parse("np.x")  # a module's name is dropped only before a function
    assert info.value.position == 2


def test_an_unknown_word_called_is_refused_unless_it_is_a_symbol_elsewhere() -> None:
    with pytest.raises(ParseError, match="'mish' is not a function chainrule knows") as info:
        parse("x + mish(x)")
    assert info.value.position == 4
    out = S("out")
    assert parse("out(1-out)") == out * (1 - out)  # out stands alone too: a product
    assert parse("mask (x)") == S("mask") * x  # a space: a product, and the note says so


@pytest.mark.parametrize(("text", "name"), [
    (r"\tanh(Z1)", "Z_1"),        # a learner's LaTeX for DeepLearning.AI's Z1
    (r"\sigma(z2) + 1", "z_2"),
    ("tanh(Z1)", "Z_1"),
])  # fmt: skip
def test_digits_glued_to_a_letter_are_its_subscript_in_latex_too(text: str, name: str) -> None:
    # Read as Z·1 the formula would lose its variable, and a claim about ∂/∂Z1 would be judged
    # against a derivative of 0: a right answer called wrong.
    assert sympy.Symbol(name) in parse(text).free_symbols


def test_a_claim_about_z1_written_in_latex_is_judged_against_z1() -> None:
    from chainrule.check import check_derivative

    # d tanh(Z1)/dZ1 = 1 − tanh²(Z1) = 1 − A1², by hand.
    result = check_derivative("(1 - A1^2)", of=r"\tanh(Z1)", wrt="Z1", where=[r"A1=\tanh(Z1)"])
    assert result.verdict == "correct"


@pytest.mark.parametrize(("text", "expected"), [
    ("mx_i + c", S("m") * S("x_i") + S("c")),      # a regression line, y = m x_i + c
    ("wx_1", S("w") * S("x_1")),
])  # fmt: skip
def test_two_lower_case_letters_before_a_subscript_multiply_and_say_so(
        text: str, expected: sympy.Expr) -> None:
    reading = read_formula(text)
    assert reading.expr == expected
    assert any("before its subscript" in note for note in reading.notes)


@pytest.mark.parametrize(("text", "glued"), [("relu6(x)", "relu6"), ("log2(x)", "log2")])
def test_a_function_name_glued_to_digits_is_refused_not_read_as_a_product(
        text: str, glued: str) -> None:
    # PyTorch's ReLU6 is min(max(0, x), 6), not relu(6x); log2 may be log₂: never guessed.
    with pytest.raises(ParseError, match=f"'{glued}' is not a function"):
        parse(text)
