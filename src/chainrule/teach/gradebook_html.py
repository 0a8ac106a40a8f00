"""The grade book as one HTML page: the class summary, the common mistakes, each student's
total, every answer, and the rows that could not be graded. Every text from the answers file
is escaped; the page has no scripts and needs no network."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chainrule.teach.gradebook import GradeBook

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: auto; padding: 1rem;
  color: #1b1b1b; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { padding: 0.2em 0.6em; border-bottom: 1px solid #ddd; text-align: left;
  vertical-align: top; }
td.answer { font-family: ui-monospace, monospace; white-space: pre-wrap; max-width: 20rem;
  overflow-wrap: anywhere; }
.correct { color: #1a7f37; } .incorrect, .unreadable, .malformed { color: #cf222e; }
.conditional, .blank, .ungraded { color: #9a6700; }
"""


def _table(head: list[str], rows: list[list[str]], classes: list[str] | None = None) -> str:
    """A table; cells are already HTML."""
    out = ["<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>"]
    for k, row in enumerate(rows):
        css = f' class="{classes[k]}"' if classes else ""
        out.append(f"<tr{css}>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    return "\n".join(out) + "</table>"


def _summary(book: GradeBook) -> str:
    from chainrule.teach.gradebook import LABELS

    rows = []
    mistakes = book.mistakes()
    for question in book.questions:
        graded = [g for g in book.grades if g.question == question]
        right = sum(g.verdict == "correct" for g in graded)
        common = ", ".join(f"{escape(LABELS.get(c, c))} ({n})"
                           for c, n in mistakes.get(question, {}).most_common())
        rows.append([escape(question[1:]), str(len(graded)), str(right), common or "—"])
    return _table(["question", "answers", "right", "mistakes (how many)"], rows)


def _answers(book: GradeBook) -> str:
    from chainrule.teach.gradebook import LABELS

    rows, classes = [], []
    for g in book.grades:
        rows.append([str(g.line), escape(g.student), escape(g.variant), escape(g.question[1:]),
                     f'<span class="answer">{escape(g.answer)}</span>',
                     f'<span class="{escape(g.verdict)}">{escape(g.verdict)}</span>',
                     escape(LABELS.get(g.diagnosis, g.diagnosis)), escape(g.message),
                     escape(g.correct)])
        classes.append("row")
    head = ["line", "student", "variant", "question", "answer", "verdict", "diagnosis",
            "why", "correct answer"]
    return _table(head, rows, classes)


def gradebook_html(book: GradeBook) -> str:
    """The whole page."""
    totals = [[escape(student), f"{points:g} / {len(book.questions)}"]
              for student, points in book.totals().items()]
    malformed = [[str(m.line), escape(m.reason)] for m in book.malformed]
    right = sum(g.verdict == "correct" for g in book.grades)
    body = [
        "<h1>Grade book</h1>",
        f"<p>{len(book.grades)} answers graded, {right} right; {len(book.malformed)} rows "
        "could not be graded.</p>",
        "<h2>The class's mistakes, question by question</h2>", _summary(book),
        "<h2>Students</h2>", _table(["student", "points"], totals),
        "<h2>Every answer</h2>", _answers(book),
    ]
    if malformed:
        body += ["<h2>Rows that could not be graded</h2>",
                 _table(["line", "why"], malformed)]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Grade book</title><style>{STYLE}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")
