"""A formula to derive: the key's derivative is sympy.diff's, variants draw their function from
the seed, and a class's formulas are graded by the free-form checker."""

from __future__ import annotations

import csv

import pytest
import sympy

from chainrule.calculus.derive import derive
from chainrule.errors import ConfigError, DataError
from chainrule.teach import Template, exercise, grade, read_exercise
from chainrule.teach.derive_question import PLEASANT, read_derive

s, x, y = sympy.symbols("s x y")
#: The functions and their derivatives, differentiated here by sympy.diff.
BY_HAND = {
    "sigmoid": (1 / (1 + sympy.exp(-x)), x),
    "tanh": (sympy.tanh(x), x),
    "softplus": (sympy.log(1 + sympy.exp(x)), x),
    "tanh_squared_error": ((sympy.tanh(s) - y) ** 2, s),
    "sigmoid_squared_error": ((1 / (1 + sympy.exp(-s)) - y) ** 2 / 2, s),
}


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    return sympy.simplify((a - b).rewrite(sympy.exp)) == 0


@pytest.mark.parametrize("name", sorted(BY_HAND))
def test_the_keys_derivative_is_sympys(name):
    function, variable = BY_HAND[name]
    made = exercise((2, 2, 1), ask=[f"derive {name}"], variants=1, seed=1)
    question = made.variants[0].questions[0]
    assert question.kind == "derive" and question.wrt == str(variable)
    work = derive(question.function, wrt=question.wrt)
    assert _same(work.expr, function)
    assert _same(work.result, sympy.diff(function, variable))


def test_the_list_is_the_one_tested():
    assert set(PLEASANT) == set(BY_HAND)


def test_any_draws_per_student_reproducibly():
    made = exercise((2, 2, 1), ask=["derive any"], variants=12, seed=1)
    again = exercise((2, 2, 1), ask=["derive any"], variants=12, seed=1)
    drawn = [v.questions[0].function for v in made.variants]
    assert drawn == [v.questions[0].function for v in again.variants]
    assert len(set(drawn)) > 1  # students do not all get one function


def test_a_typed_formula_and_bad_forms():
    assert read_derive("derive: 1/(1+exp(-z)) wrt z").wrt == "z"
    for bad in ("derive cosine", "derive: x^2", "derive: wrt x"):
        with pytest.raises(ConfigError, match="derive"):
            Template(ask=(bad,))


def test_the_exercise_file_records_function_variable_and_derivative(tmp_path):
    made = exercise((2, 2, 1), ask=["derive: (tanh(s) - y)^2 wrt s"], variants=1, seed=2)
    made.write(tmp_path)
    _, variants = read_exercise(tmp_path / "exercise.json")
    question = variants[0].questions[0]
    assert (question.function, question.wrt) == ("(tanh(s) - y)^2", "s")
    assert "tanh" in question.value
    by_hand = 2 * (sympy.tanh(s) - y) * (1 - sympy.tanh(s) ** 2)
    assert sympy.simplify(question.formula - by_hand) == 0  # a tree, rebuilt on reading
    assert question.name == sympy.Derivative((sympy.tanh(s) - y) ** 2, s)


ANSWERS = {  # answer → (verdict, diagnosis); the truth is 2(tanh(s) − y)(1 − tanh²(s))
    "2(tanh(s)-y)(1-tanh(s)^2)": ("correct", ""),
    "2*(tanh(s)-y)/cosh(s)^2": ("correct", ""),
    r"2 (\tanh(s) - y)(1 - \tanh^2(s))": ("correct", ""),
    "2*tanh(s) - 2*y - 2*tanh(s)^3 + 2*y*tanh(s)^2": ("correct", ""),
    "2(y-tanh(s))(1-tanh(s)^2)": ("incorrect", "sign"),
    "(tanh(s)-y)(1-tanh(s)^2)": ("incorrect", "factor"),
    "2(tanh(s)-y)": ("incorrect", "not_equal"),
    "((": ("unreadable", "unreadable"),
    "__import__('os').system('ls')": ("unreadable", "unreadable"),
    "": ("blank", ""),
}


def test_a_class_is_graded(tmp_path):
    made = exercise((2, 2, 1), ask=["delta_1^(L)", "derive tanh_squared_error"], variants=1,
                    seed=4)
    made.write(tmp_path)
    with open(tmp_path / "class.csv", "w", newline="", encoding="utf-8") as out:
        rows = csv.writer(out)
        rows.writerow(["student", "variant", "question", "answer"])
        for n, answer in enumerate(ANSWERS):
            rows.writerow([f"s{n}", "4", "2", answer])
    book = grade(tmp_path / "class.csv", tmp_path / "exercise.json")
    assert not book.malformed
    got = {g.answer: (g.verdict, g.diagnosis) for g in book.grades}
    assert got == ANSWERS
    right = next(g for g in book.grades if g.verdict == "correct")
    assert right.points == 1.0 and "tanh" in right.correct


def test_a_derivative_edited_in_the_file_is_refused(tmp_path):
    made = exercise((2, 2, 1), ask=["derive sigmoid"], variants=1, seed=4)
    made.write(tmp_path)
    path = tmp_path / "exercise.json"
    path.write_text(path.read_text(encoding="utf-8").replace("σ(x)(1 − σ(x))", "σ(x)"),
                    encoding="utf-8")
    (tmp_path / "class.csv").write_text("student,variant,question,answer\na,4,1,0\n")
    with pytest.raises(DataError, match="records the derivative"):
        grade(tmp_path / "class.csv", path)
