"""Reading an answer: numbers in every common spelling, matrices, formulas; never evaluated."""

from __future__ import annotations

import pytest

from chainrule.teach.answer_reading import MAX_CHARS, Unreadable, read_answer


@pytest.mark.parametrize(("text", "value"), [
    ("0.125", 0.125), ("-0.125", -0.125), ("−0.125", -0.125), ("$-0.125$", -0.125),
    ("0,125", 0.125), ("1.25e-1", 0.125), (".125", 0.125), ("2(0.25)(0.25)", 0.125),
    (r"-\frac{1}{8}", -0.125), (r"\delta_1^{(L)} = 0.125", 0.125), ("1/8", 0.125),
    ("0.5 \\cdot 0.25", 0.125),
])  # fmt: skip
def test_numbers(text, value):
    reading = read_answer(text, matrix=False, formula=True)
    assert reading.kind == "number" and reading.value == pytest.approx(value, abs=1e-15)


@pytest.mark.parametrize("text", [
    "0.1, -0.2; 0.3, 0.4", "[[0.1, -0.2], [0.3, 0.4]]", "0.1 -0.2\n0.3 0.4",
    r"\begin{pmatrix} 0.1 & -0.2 \\ 0.3 & 0.4 \end{pmatrix}",
    r"$\begin{bmatrix} 0.1 & −0.2 \\ 0.3 & 0.4 \end{bmatrix}$",
])  # fmt: skip
def test_matrices(text):
    assert read_answer(text, matrix=True, formula=False).value == ((0.1, -0.2), (0.3, 0.4))


def test_formulas_go_to_the_checker_only_where_the_question_takes_one():
    reading = read_answer("2(x_1^(L) - y_n)", matrix=False, formula=True)
    assert reading.kind == "formula" and reading.text == "2(x_1^(L) - y_n)"
    with pytest.raises(Unreadable, match="asks for a number; got a formula in x_1"):
        read_answer("2(x_1^(L) - y_n)", matrix=False, formula=False)


@pytest.mark.parametrize(("text", "why"), [
    ("__import__('os').system('ls')", "at position"),
    ("9^9^9^9", "exponent too large"),
    ("(" * 50 + "1" + ")" * 50, "nested too deeply"),
    ("1/0", "division by zero"),
    ("sqrt(-1)", "finite real number"),
    ("x" * (MAX_CHARS + 1), f"at most {MAX_CHARS} are read"),
    ("  $ $ ", "empty"),
    ("0.1, 0.2; 0.3", "rows of equally many numbers"),
])  # fmt: skip
def test_what_cannot_be_read_says_why(text, why):
    matrix = ";" in text
    with pytest.raises(Unreadable, match=why):
        read_answer(text, matrix=matrix, formula=True)
