"""Time `chainrule grade` on a class of 1,000 answers (the issue asks for under a minute).

200 students, 30 variants (seeded 1..30), five questions each: a third right numbers, a third
common mistakes, a sixth formulas (the checker's work: each student writes the δ in one of
many equivalent or wrong forms), the rest garbage and hostile text. Nothing is timed in the
unit tests; run this by hand: ``python bench/grade_class.py``.
"""

from __future__ import annotations

import csv
import random
import tempfile
import time
from pathlib import Path

QUESTIONS = ["delta_1^(L)", "w_21^(2)", "layer 1", "update w_21^(2)", "delta_1^(1)"]
FORMULAS = [  # δ₁⁽ᴸ⁾ of a sigmoid unit under ½(x − y)², in forms a class writes
    "(x_1^(L)-y_1) x_1^(L)(1-x_1^(L))", "(x_1^(L)-y_1)(x_1^(L)-(x_1^(L))^2)",
    r"\sigma(s_1^{(L)})(1-\sigma(s_1^{(L)}))(x_1^{(L)}-y_1)",
    "(x_1^(L)-y_1) e^{-s_1^(L)}/(1+e^{-s_1^(L)})^2", "(y_1-x_1^(L)) x_1^(L)(1-x_1^(L))",
    "2(x_1^(L)-y_1) x_1^(L)(1-x_1^(L))", "x_1^(L)-y_1", "(x_1^(L)-y_1)(1-(x_1^(L))^2)",
]
GARBAGE = ["banana", "???", "__import__('os')", "<script>alert(1)</script>", "9^9^9^9", ""]


def _answer(rng: random.Random, question, k: int) -> str:
    value = question.value
    if question.kind == "layer":
        matrix = [[v * rng.choice([1, 1, -1, 2]) for v in row] for row in value]
        return "; ".join(", ".join(f"{v:.4f}" for v in row) for row in matrix)
    roll = k % 6
    if roll in (0, 1):
        return f"{value:.4f}"
    if roll in (2, 3):
        return f"{value * rng.choice([-1, 2, 0.5, 1.3]):.4f}"
    if roll == 4 and question.id == "q1":
        # a fresh spelling per student, so the checker's cache cannot hide its cost
        return rng.choice(FORMULAS) + " " * rng.randrange(3) + f"+ 0*{rng.randrange(1000)}"
    return rng.choice(GARBAGE)


def main() -> None:
    from chainrule.teach import exercise, grade

    rng = random.Random(0)
    made = exercise((2, 2, 2), ask=QUESTIONS, variants=30, seed=1)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        made.write(root, formats=())
        rows = [("student", "variant", "question", "answer")]
        for student in range(200):
            variant = made.variants[student % 30]
            for k, question in enumerate(variant.questions):
                rows.append((f"student{student}", variant.id, question.id[1:],
                             _answer(rng, question, student + k)))
        with open(root / "answers.csv", "w", newline="", encoding="utf-8") as stream:
            csv.writer(stream).writerows(rows)
        start = time.perf_counter()
        book = grade(root / "answers.csv", root / "exercise.json")
        book.write(root / "book.csv", root / "book.html")
        seconds = time.perf_counter() - start
    formulas = sum(g.read_as == "formula" for g in book.grades)
    print(f"{len(book.grades)} answers ({formulas} formulas) graded in {seconds:.1f} s "
          f"(limit 60 s)")
    print(book.summary())


if __name__ == "__main__":
    main()
