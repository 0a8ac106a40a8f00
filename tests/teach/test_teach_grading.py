"""A synthetic class graded as a teacher would: right answers in several forms, each common
mistake, garbage and hostile text, malformed rows. Every number the answers use is computed
here, by PyTorch autograd and the formulas of the textbooks, never taken from the grader."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from chainrule.errors import DataError
from chainrule.render.explain_items import LATEX, TEXT
from chainrule.teach import exercise, grade

QUESTIONS = ["delta_1^(L)", "w_21^(2)", "layer 1", "update w_21^(2)", "delta_1^(1)"]
LR = 0.5


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A 2-2-2 sigmoid network, E = ½ Σ (x − y)² (LFD); two variants; the exercise file."""
    folder = tmp_path_factory.mktemp("exercise")
    ex = exercise((2, 2, 2), ask=QUESTIONS, variants=2, seed=11, lr=LR)
    ex.write(folder, formats=())
    return ex, folder / "exercise.json"


def _class(ex, torch_reference):
    """(answer, expected verdict, expected diagnosis) of the class, for variant 11."""
    variant = ex.variants[0]
    r = torch_reference(variant.parameters, variant.x, variant.y, "sigmoid", "sigmoid",
                        "half_squared_error")
    a2, y, a1 = r.a[2][0], np.asarray(variant.y, dtype=float)[0], r.a[1][0]
    d2, d1 = r.delta[2][0], r.delta[1][0]
    out_delta = d2[0]  # δ₁⁽ᴸ⁾ = (x − y) σ′(s)
    g = r.grad_W[2][1, 0]  # ∂e/∂w₂₁⁽²⁾ = x₂⁽¹⁾ δ₁⁽²⁾
    G = r.grad_W[1]  # ∂e/∂W⁽¹⁾, LFD layout (from i, to j)
    w = r.W[2][1, 0]
    sig = 1 / (1 + np.exp(-a2[0]))  # σ evaluated at the output: the θ′(x) mistake

    def mat(m):
        return "; ".join(", ".join(f"{v:.5f}" for v in row) for row in m)

    return [
        ("q1", f"{out_delta:.5f}", "correct", ""),
        ("q1", f"{out_delta:.3f}", "correct", ""),
        ("q1", f"$ {out_delta:.4f} $".replace("-", "−"), "correct", ""),
        ("q1", "(x_1^(L)-y_1) x_1^(L)(1-x_1^(L))", "correct", ""),
        ("q1", r"\sigma(s_1^{(L)})(1-\sigma(s_1^{(L)}))(x_1^{(L)}-y_1)", "correct", ""),
        ("q1", "(x_1^(L)-y_1) e^{-s_1^(L)}/(1+e^{-s_1^(L)})^2", "correct", ""),
        ("q1", f"{-out_delta:.5f}", "incorrect", "sign"),
        ("q1", f"{2 * out_delta:.5f}", "incorrect", "factor"),
        ("q1", f"{a2[0] - y[0]:.5f}", "incorrect", "missing_activation_derivative"),
        ("q1", f"{(a2[0] - y[0]) * sig * (1 - sig):.5f}", "incorrect", "derivative_at_output"),
        ("q1", "2(x_1^(L)-y_1) x_1^(L)(1-x_1^(L))", "incorrect", "factor"),
        ("q1", "x_1^(L)-y_1", "incorrect", "missing_activation_derivative"),
        ("q2", f"{g:.5f}", "correct", ""),
        ("q2", r"\delta_1^{(L)} x_2^{(1)}", "correct", ""),
        ("q2", "(y_1 - x_1^(L)) x_1^(L)(1-x_1^(L)) x_2^(1)", "incorrect", "sign"),
        ("q2", f"{r.grad_W[2][0, 1]:.5f}", "incorrect", "swapped"),
        ("q2", f"{d2[0]:.5f}", "incorrect", "missing_factor"),
        ("q3", mat(G), "correct", ""),
        ("q3", "[[" + "], [".join(", ".join(f"{v:.5f}" for v in row) for row in G) + "]]",
         "correct", ""),
        ("q3", r"\begin{pmatrix}" + r" \\ ".join(" & ".join(f"{v:.5f}" for v in row)
                                                 for row in G) + r"\end{pmatrix}", "correct", ""),
        ("q3", mat(G.T), "incorrect", "transposed"),
        ("q3", mat(-G), "incorrect", "sign"),
        ("q3", "0.1, 0.2, 0.3", "incorrect", "shape"),
        ("q4", f"{w - LR * g:.5f}", "correct", ""),
        ("q4", f"{w + LR * g:.5f}", "incorrect", "sign"),
        ("q4", f"{w - g:.5f}", "incorrect", "learning_rate"),
        ("q4", f"{-LR * g:.5f}", "incorrect", "step_only"),
        ("q4", f"{w:.5f}", "incorrect", "unchanged"),
        ("q4", "w_21^(2) - 0.5 x", "unreadable", "unreadable"),  # a formula for a number
        ("q5", f"{d1[0]:.5f}", "correct", ""),
        ("q5", r"x_1^{(1)}(1-x_1^{(1)}) \sum_j w_{1j}^{(2)} \delta_j^{(2)}", "correct", ""),
        ("q5", "x_1^(1)(1-x_1^(1)) w_11^(2) delta_1^(2)", "incorrect", "missing_sum"),
        ("q5", f"{a1[0] * (1 - a1[0]) * r.W[2][0, 1] * d2[1]:.5f}", "incorrect", "missing_sum"),
        ("q5", "???", "unreadable", "unreadable"),
        ("q5", "__import__('os').system('echo owned')", "unreadable", "unreadable"),
        ("q5", "<script>alert(1)</script>", "unreadable", "unreadable"),
        ("q5", "9^9^9^9", "unreadable", "unreadable"),
        ("q5", "(" * 60 + "1" + ")" * 60, "unreadable", "unreadable"),
        ("q5", "x" * 1500, "unreadable", "unreadable"),
        ("q5", "", "blank", ""),
    ]


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([("student", "variant", "question", "answer"), *rows])


def test_a_synthetic_class_is_graded_as_expected(made, torch_reference, tmp_path):
    ex, exercise_file = made
    expected = _class(ex, torch_reference)
    rows = [(f"s{k}", "11", q, answer) for k, (q, answer, _, _) in enumerate(expected)]
    _write(tmp_path / "answers.csv", rows)
    book = grade(tmp_path / "answers.csv", exercise_file)
    assert book.malformed == ()
    got = [(g.question, g.verdict, g.diagnosis) for g in book.grades]
    assert got == [(q, verdict, code) for q, _, verdict, code in expected]
    assert [g.points for g in book.grades] == [float(v == "correct") for _, _, v, _ in expected]


def test_malformed_rows_are_reported_by_line_and_the_rest_graded(made, tmp_path):
    ex, exercise_file = made
    value = ex.variants[1].questions[0].value
    text = ("student,variant,question,answer\n"
            f"ann,12,1,{value:.5f}\n"            # line 2: graded
            "bob,12,7,0.5\n"                     # line 3: no question 7
            "cy,99,1,0.5\n"                      # line 4: no variant 99
            "dee,12\n"                           # line 5: too few fields
            "ann,12,q1,0.3\n"                    # line 6: a second answer
            "\n"                                 # line 7: blank, skipped
            f"eve,12,q1,{value:.5f}\n")          # line 8: graded
    path = tmp_path / "answers.csv"
    path.write_bytes(text.encode() + b"fay,12,1,\xff\xfe0.5\n")  # line 9: not UTF-8
    book = grade(path, exercise_file)
    assert [(g.line, g.student, g.verdict) for g in book.grades] == [
        (2, "ann", "correct"), (8, "eve", "correct")]
    reasons = {m.line: m.reason for m in book.malformed}
    assert sorted(reasons) == [3, 4, 5, 6, 9]
    assert "no question '7'" in reasons[3] and "no variant '99'" in reasons[4]
    assert "expected 4 fields; got 2" in reasons[5] and "second answer" in reasons[6]
    assert "not UTF-8" in reasons[9]


def test_the_grade_book_is_the_same_on_a_rerun_and_safe_to_open(made, tmp_path):
    ex, exercise_file = made
    value = ex.variants[0].questions[0].value
    _write(tmp_path / "answers.csv", [("ann", "11", "1", f"{value:.4f}"),
                                      ("bob", "11", "1", "=HYPERLINK(\"http://x\")+1"),
                                      ("cy", "11", "2", "<img src=x onerror=alert(1)>"),
                                      ("dee", "11", "1", "-0.5")])
    first = grade(tmp_path / "answers.csv", exercise_file)
    paths = first.write(tmp_path / "book.csv", tmp_path / "book.html")
    before = [p.read_bytes() for p in paths]
    grade(tmp_path / "answers.csv", exercise_file).write(*paths)
    assert [p.read_bytes() for p in paths] == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.csv", "book.csv", "book.html"]
    with open(paths[0], encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert rows[1]["answer"].startswith("'=")  # not run as a spreadsheet formula
    assert rows[3]["answer"] == "-0.5"  # a plain negative number stays a number
    page = paths[1].read_text(encoding="utf-8")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script" not in page


def test_a_failed_write_leaves_the_old_grade_book(made, tmp_path, monkeypatch):
    _, exercise_file = made
    _write(tmp_path / "answers.csv", [("ann", "11", "1", "0.1")])
    book = grade(tmp_path / "answers.csv", exercise_file)
    target = tmp_path / "book.csv"
    target.write_text("the old grade book\n", encoding="utf-8")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", fail)
    with pytest.raises(OSError, match="disk full"):
        book.write(target)
    assert target.read_text(encoding="utf-8") == "the old grade book\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.csv", "book.csv"]


def test_the_summary_counts_the_common_mistakes(made, torch_reference, tmp_path):
    ex, exercise_file = made
    expected = _class(ex, torch_reference)
    rows = [(f"s{k}", "11", q, answer) for k, (q, answer, _, _) in enumerate(expected)]
    _write(tmp_path / "answers.csv", rows)
    book = grade(tmp_path / "answers.csv", exercise_file)
    counts = book.mistakes()
    assert counts["q1"]["factor"] == 2 and counts["q1"]["sign"] == 1
    assert counts["q5"]["missing_sum"] == 2 and counts["q5"]["unreadable"] == 6
    assert "question 5: unreadable ×6, the sum over the next layer missing ×2" in book.summary()


def test_an_edited_exercise_file_is_refused(made, tmp_path):
    _, exercise_file = made
    text = exercise_file.read_text(encoding="utf-8")
    data = __import__("json").loads(text)
    data["variants"][0]["questions"][0]["value"] += 0.25
    edited = tmp_path / "exercise.json"
    edited.write_text(__import__("json").dumps(data), encoding="utf-8")
    _write(tmp_path / "answers.csv", [("ann", "11", "1", "0.1")])
    with pytest.raises(DataError, match="the file was edited"):
        grade(tmp_path / "answers.csv", edited)


def test_an_answers_file_without_the_columns_is_refused(made, tmp_path):
    _, exercise_file = made
    (tmp_path / "answers.csv").write_text("name,answer\nann,0.1\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing student, question"):
        grade(tmp_path / "answers.csv", exercise_file)


KEY_ASKS = {
    "lfd": ["delta_2^(L)", "delta_3^(1)", "w_31^(2)", "w_13^(1)", "w_02^(2)"],
    "nielsen": ["delta_2^(L)", "delta_3^(2)", "w_13^(3)", "w_31^(2)", "b_2^(3)"],
    "mitchell": ["delta_7", "delta_5", "w_65", "w_51"],
    "seed003": ["delta_2^(2)", "delta_3^(1)", "w_13^(2)", "w_31^(1)", "b_1^(2)"],
}


@pytest.mark.parametrize("notation", sorted(KEY_ASKS))
def test_the_keys_own_formulas_are_graded_right(notation, tmp_path):
    """A student who writes the key's formula, in LaTeX or in plain text, is right: the key
    (explain's formula) and the grader (the checker) agree in every notation that takes
    formulas."""
    ex = exercise((2, 3, 2), notation=notation, ask=KEY_ASKS[notation], seed=2)
    ex.write(tmp_path, formats=())
    variant = ex.variants[0]
    rows = [(f"{form}{q.id}", variant.id, q.id[1:], text) for q in variant.questions
            for form, text in (("latex", LATEX(q.formula)), ("plain", TEXT(q.formula)))]
    _write(tmp_path / "answers.csv", rows)
    book = grade(tmp_path / "answers.csv", tmp_path / "exercise.json")
    assert [(g.student, g.verdict) for g in book.grades] == [(r[0], "correct") for r in rows]


@pytest.mark.parametrize(("activation", "output", "loss", "asks"), [
    ("tanh", None, "squared_error", ["delta_1^(L)", "delta_2^(1)", "w_21^(1)"]),
    ("sigmoid", None, "cross_entropy", ["delta_2^(L)", "delta_1^(1)", "w_12^(2)"]),
    ("tanh", "identity", "mean_squared_error", ["delta_1^(L)", "delta_2^(1)", "w_01^(2)"]),
])  # fmt: skip
def test_the_keys_formulas_are_right_for_every_readable_activation(activation, output, loss,
                                                                   asks, tmp_path):
    ex = exercise((2, 2, 2), activation=activation, output_activation=output, loss=loss,
                  ask=asks, seed=3)
    ex.write(tmp_path, formats=())
    variant = ex.variants[0]
    rows = [(f"s{q.id}", variant.id, q.id[1:], TEXT(q.formula))
            for q in variant.questions]
    _write(tmp_path / "answers.csv", rows)
    book = grade(tmp_path / "answers.csv", tmp_path / "exercise.json")
    assert [g.verdict for g in book.grades] == ["correct"] * len(rows)


def test_relu_networks_are_answered_in_numbers():
    """A ReLU's derivative is written [s > 0] in the key, which the formula grammar does not
    read: the sheet offers no formulas, and grading reads numbers only."""
    ex = exercise((2, 2, 1), activation="relu", output_activation="sigmoid",
                  ask=["delta_1^(1)"], seed=3)
    assert "formula" not in ex.sheet("markdown")
    assert not ex.template.accepts_formula("delta")


def test_cs231n_exercises_are_answered_in_numbers(tmp_path):
    """CS231n's loss is the mean over N samples: its formulas would need a 1/N that one
    sample's key does not write, so its questions take numbers only, and the sheet says so."""
    ex = exercise((2, 2, 2), notation="cs231n", ask=["(dz_2)_1"], seed=2)
    ex.write(tmp_path, formats=())
    assert "formula" not in ex.sheet("markdown")
    _write(tmp_path / "answers.csv", [("ann", "2", "1", "(yhat_1 - y_1) yhat_1 (1 - yhat_1)"),
                                      ("bob", "2", "1", f"{ex.variants[0].questions[0].value}")])
    book = grade(tmp_path / "answers.csv", tmp_path / "exercise.json")
    assert [g.verdict for g in book.grades] == ["unreadable", "correct"]
    assert "asks for a number" in book.grades[0].message


def test_a_square_layer_in_a_to_from_course(tmp_path, torch_reference):
    """Nielsen writes w_jk from k to j, so ∂C/∂w of a layer is n_out × n_in: the engine's
    transpose. A square one must not be mistaken for an edited file, and the engine's layout
    is the "transposed" mistake there."""
    ex = exercise((2, 2, 1), notation="nielsen", ask=["layer 2"], seed=4)
    ex.write(tmp_path, formats=())
    variant = ex.variants[0]
    r = torch_reference(variant.parameters, variant.x, variant.y, "sigmoid", "sigmoid",
                        "half_squared_error")
    G = r.grad_W[1]  # (from k, to j)

    def mat(m):
        return "; ".join(", ".join(f"{v:.6f}" for v in row) for row in m)

    _write(tmp_path / "answers.csv", [("ann", "4", "1", mat(G.T)), ("bob", "4", "1", mat(G))])
    book = grade(tmp_path / "answers.csv", tmp_path / "exercise.json")
    assert [(g.verdict, g.diagnosis) for g in book.grades] == [("correct", ""),
                                                               ("incorrect", "transposed")]


def test_mitchells_sign_convention_is_named(tmp_path, torch_reference):
    """Mitchell's δ is −∂E/∂net: the value of ∂E/∂net is that convention's mistake, not a
    plain sign error, and δ itself is right."""
    ex = exercise((2, 2, 1), notation="mitchell", ask=["delta_5"], seed=6)
    ex.write(tmp_path, formats=())
    variant = ex.variants[0]
    r = torch_reference(variant.parameters, variant.x, variant.y, "sigmoid", "sigmoid",
                        "half_squared_error")
    dE_dnet = r.delta[2][0, 0]
    _write(tmp_path / "answers.csv", [("ann", "6", "1", f"{-dE_dnet:.5f}"),
                                      ("bob", "6", "1", f"{dE_dnet:.5f}"),
                                      ("cy", "6", "1", "(t_5 - o_5) o_5 (1 - o_5)")])
    book = grade(tmp_path / "answers.csv", tmp_path / "exercise.json")
    assert [(g.verdict, g.diagnosis) for g in book.grades] == [
        ("correct", ""), ("incorrect", "convention"), ("correct", "")]
