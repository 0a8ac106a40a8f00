"""A question's name and formula are formula trees, never LaTeX text; an exercise file written
by an earlier version (its names and formulas recorded as LaTeX) still loads and grades, and
that LaTeX is never read back."""

from __future__ import annotations

import ast
import csv
import json
from pathlib import Path

import numpy as np
import pytest
import sympy

import chainrule.teach
from chainrule.render.explain_items import TEXT
from chainrule.teach import exercise, grade, read_exercise

ALL_KINDS = ["delta_1^(2)", "w_21^(1)", "w_01^(1)", "layer 2", "update w_11^(2)",
             "derive: (tanh(s) - y)^2 wrt s"]
#: The names of ALL_KINDS in LFD, written here as the course writes them.
LFD_NAMES = ["δ₁⁽ᴸ⁾", "∂e/∂w₂₁⁽¹⁾", "∂e/∂w₀₁⁽¹⁾", "∂e/∂W⁽ᴸ⁾", "w₁₁⁽ᴸ⁾", "∂/∂s [(tanh(s) − y)²]"]
#: Modules that read LaTeX back into a formula: the printers' own, never for teach.
LATEX_READERS = ("latex_text", "latex_tree", "latex_mathml")


def _is_tree(item) -> bool:
    return isinstance(item, sympy.Basic) or (
        not isinstance(item, str) and type(item).__module__.startswith("chainrule.explain."))


def test_names_and_formulas_are_trees_made_and_read(tmp_path):
    made = exercise((2, 2, 1), ask=ALL_KINDS, variants=1, seed=4)
    made.write(tmp_path, formats=())
    _, read = read_exercise(tmp_path / "exercise.json")
    for variant in (made.variants[0], read[0]):
        for question in variant.questions:
            assert _is_tree(question.name) and _is_tree(question.formula), question
        assert [TEXT(q.name) for q in variant.questions] == LFD_NAMES
    update = read[0].questions[4]
    assert TEXT(update.formula) == "w₁₁⁽ᴸ⁾ − η ∂e/∂w₁₁⁽ᴸ⁾"


def test_teach_imports_no_latex_reader():
    for path in Path(chainrule.teach.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                assert not any(reader in name for reader in LATEX_READERS), (path.name, name)


#: An exercise file as an earlier version wrote it: names and formulas as LaTeX text.
OLD_FILE = {
    "format": "chainrule-exercise", "version": 1,
    "template": {"layers": [2, 2, 1], "activation": "sigmoid", "output_activation": None,
                 "loss": "half_squared_error", "bias": True, "notation": "lfd",
                 "ask": ["delta_1^(2)", "update w_11^(2)", "derive: (tanh(s) - y)^2 wrt s"],
                 "lr": 0.5, "rtol": 0.01, "atol": 0.001, "decimals": 3},
    "variants": [{
        "id": "5", "seed": "5",
        "parameters": [[[0.4, 0.4], [0.4, -0.9]], [1.0, 0.2], [[0.9], [-0.5]], [-0.3]],
        "x": [[0.8, -0.7]], "y": [[0.0]],
        "questions": [
            {"id": "q1", "text": "delta_1^(2)", "kind": "delta", "of": "delta",
             "quantity": [2, 0, 0], "name": "\\delta_{1}^{(L)}", "value": 0.12406882816852924,
             "formula": "\\left(x_{1}^{(L)} - y_{n}\\right) \\cdot x_{1}^{(L)} "
                        "\\left(1 - x_{1}^{(L)}\\right)", "weight": None},
            {"id": "q2", "text": "update w_11^(2)", "kind": "update", "of": "weight",
             "quantity": [2, 0, 0], "name": "w_{11}^{(L)}", "value": 0.8541658727764083,
             "formula": "w_{11}^{(L)} - \\eta \\, \\frac{\\partial \\mathrm{e}}"
                        "{\\partial w_{11}^{(L)}}", "weight": 0.9},
            {"id": "q3", "text": "derive: (tanh(s) - y)^2 wrt s", "kind": "derive", "of": "",
             "quantity": [0, 0, 0],
             "name": "\\frac{\\partial }{\\partial s}\\left[\\left(\\tanh\\left(s\\right) - y"
                     "\\right)^{2}\\right]",
             "value": "2(tanh(s) − y)(1 − tanh²(s))",
             "formula": "2 \\left(\\tanh\\left(s\\right) - y\\right) \\left(1 - \\tanh^{2}"
                        "\\left(s\\right)\\right)",
             "weight": None, "function": "(tanh(s) - y)^2", "wrt": "s"},
        ]}],
}  # fmt: skip


def _by_hand() -> tuple[float, float]:
    """The output δ and the updated weight of OLD_FILE's network, computed here: sigmoid
    layers, e = ½(x − y)², δ = (x − y) x (1 − x), w⁺ = w − η δ x₁⁽¹⁾."""
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    hidden = sigmoid(np.array([0.8, -0.7]) @ np.array([[0.4, 0.4], [0.4, -0.9]]) + [1.0, 0.2])
    out = sigmoid(hidden @ np.array([0.9, -0.5]) - 0.3)
    delta = (out - 0.0) * out * (1 - out)
    return delta, 0.9 - 0.5 * delta * hidden[0]


def _grades(tmp_path: Path, data: dict) -> list[tuple[str, ...]]:
    delta, updated = _by_hand()
    (tmp_path / "exercise.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    rows = [("ann", "1", f"{delta:.4f}"), ("bob", "1", f"{-delta:.4f}"),
            ("cat", "1", "(x_1^(L) - y_n) * x_1^(L) * (1 - x_1^(L))"),
            ("dan", "1", "(x_1^(L) - y_n) * x_1^(L)"),
            ("ann", "2", f"{updated:.4f}"),
            ("ann", "3", "2(tanh(s)-y)(1-tanh(s)^2)"), ("bob", "3", "2(tanh(s)-y)")]
    with open(tmp_path / "answers.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("student", "variant", "question", "answer"),
                                      *((s, "5", q, a) for s, q, a in rows)])
    book = grade(tmp_path / "answers.csv", tmp_path / "exercise.json")
    return [(g.student, g.question, g.verdict, g.diagnosis, g.correct) for g in book.grades]


def test_an_old_exercise_file_still_grades(tmp_path):
    delta, updated = _by_hand()
    recorded = OLD_FILE["variants"][0]["questions"]
    assert recorded[0]["value"] == pytest.approx(delta, rel=1e-12)
    assert recorded[1]["value"] == pytest.approx(updated, rel=1e-12)
    one = "(x₁⁽ᴸ⁾ − yₙ) · x₁⁽ᴸ⁾(1 − x₁⁽ᴸ⁾) = 0.12407"  # as the earlier version wrote it
    derivative = "∂/∂s [(tanh(s) − y)²] = 2(tanh(s) − y)(1 − tanh²(s))"
    assert _grades(tmp_path, OLD_FILE) == [
        ("ann", "q1", "correct", "", one), ("bob", "q1", "incorrect", "sign", one),
        ("cat", "q1", "correct", "", one), ("dan", "q1", "incorrect", "not_equal", one),
        ("ann", "q2", "correct", "", "0.85417 (w₁₁⁽ᴸ⁾ − η ∂e/∂w₁₁⁽ᴸ⁾)"),
        ("ann", "q3", "correct", "", derivative),
        ("bob", "q3", "incorrect", "not_equal", derivative)]


def test_the_recorded_latex_is_never_read_back(tmp_path):
    """Names and formulas that no reader could read grade the same: they are rebuilt."""
    broken = json.loads(json.dumps(OLD_FILE))
    for question in broken["variants"][0]["questions"]:
        question["name"] = question["formula"] = "\\frac{"
    (tmp_path / "old").mkdir()
    (tmp_path / "broken").mkdir()
    assert _grades(tmp_path / "broken", broken) == _grades(tmp_path / "old", OLD_FILE)
