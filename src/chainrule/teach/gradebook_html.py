"""The grade book as one HTML page: the class summary, the common mistakes, each student's
total, every answer, and the rows that could not be graded. The page is the template
``templates/gradebook.html``, which escapes every text from the answers file; it has no
scripts and needs no network."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chainrule.render.pages import render_page
from chainrule.teach.diagnosis_labels import LABELS

if TYPE_CHECKING:
    from chainrule.teach.gradebook import GradeBook


def _summary(book: GradeBook) -> list[list[Any]]:
    """Per question: how many answered, how many right, the mistakes (how many of each)."""
    rows = []
    mistakes = book.mistakes()
    for question in book.questions:
        graded = [g for g in book.grades if g.question == question]
        right = sum(g.verdict == "correct" for g in graded)
        common = ", ".join(f"{LABELS.get(c, c)} ({n})"
                           for c, n in mistakes.get(question, {}).most_common())
        rows.append([question[1:], len(graded), right, common or "—"])
    return rows


def _answer(grade: Any) -> dict[str, Any]:
    return {"line": grade.line, "student": grade.student, "variant": grade.variant,
            "question": grade.question[1:], "answer": grade.answer, "verdict": grade.verdict,
            "diagnosis": LABELS.get(grade.diagnosis, grade.diagnosis),
            "message": grade.message, "correct": grade.correct}


def gradebook_html(book: GradeBook) -> str:
    """The whole page."""
    totals = [[student, f"{points:g} / {len(book.questions)}"]
              for student, points in book.totals().items()]
    return render_page(
        "teach", "gradebook.html", graded=len(book.grades),
        right=sum(g.verdict == "correct" for g in book.grades), summary=_summary(book),
        totals=totals, answers=[_answer(g) for g in book.grades],
        malformed=[[m.line, m.reason] for m in book.malformed])
