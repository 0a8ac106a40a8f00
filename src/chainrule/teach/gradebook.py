"""The grade book: every answer's verdict, diagnosis and correct answer, the rows that could
not be graded, and the class's common mistakes; written as CSV and as one HTML page.

Rows keep the answers file's order, and nothing in them depends on the time or the machine,
so grading the same files twice writes the same bytes. Both files are written atomically.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, fields
from pathlib import Path

from chainrule.data._atomic import write_text_atomic
from chainrule.teach.answers import Malformed
from chainrule.teach.diagnosis_labels import LABELS


@dataclass(frozen=True)
class Grade:
    """One graded answer."""

    line: int
    student: str
    variant: str
    question: str
    answer: str
    verdict: str
    diagnosis: str
    message: str
    correct: str
    read_as: str = ""
    points: float = 0.0


@dataclass(frozen=True)
class GradeBook:
    """The graded answers (in the file's order), the malformed rows and the questions."""

    grades: tuple[Grade, ...]
    malformed: tuple[Malformed, ...]
    questions: tuple[str, ...]

    def mistakes(self) -> dict[str, Counter]:
        """Per question, how many answers got each diagnosis."""
        out: dict[str, Counter] = {q: Counter() for q in self.questions}
        for grade in self.grades:
            if grade.diagnosis:
                out.setdefault(grade.question, Counter())[grade.diagnosis] += 1
        return out

    def totals(self) -> dict[str, float]:
        """Each student's points, students in the order they first appear."""
        out: dict[str, float] = {}
        for grade in self.grades:
            out[grade.student] = out.get(grade.student, 0.0) + grade.points
        return out

    def summary(self) -> str:
        """A few lines for the terminal: answers graded, right, and the common mistakes."""
        right = sum(g.verdict == "correct" for g in self.grades)
        lines = [f"{len(self.grades)} answers graded, {right} right; "
                 f"{len(self.malformed)} rows could not be graded"]
        for question, counts in self.mistakes().items():
            if counts:
                common = ", ".join(f"{LABELS.get(c, c)} ×{n}" for c, n in counts.most_common(3))
                lines.append(f"  question {question[1:]}: {common}")
        for row in self.malformed[:10]:
            lines.append(f"  line {row.line}: {row.reason}")
        return "\n".join(lines)

    def to_csv(self) -> str:
        stream = io.StringIO(newline="")
        writer = csv.writer(stream, lineterminator="\n")
        names = [f.name for f in fields(Grade)]
        writer.writerow(names)
        for grade in self.grades:
            writer.writerow([_cell(getattr(grade, n)) for n in names])
        for row in self.malformed:
            writer.writerow([_cell(row.line), "", "", "", "", "malformed", "", _cell(row.reason),
                             "", "", 0.0])
        return stream.getvalue()

    def to_html(self) -> str:
        from chainrule.teach.gradebook_html import gradebook_html

        return gradebook_html(self)

    def write(self, csv_path: str | Path, html_path: str | Path | None = None) -> list[Path]:
        """Write the CSV (and the HTML page), each atomically; return the paths."""
        written = [write_text_atomic(csv_path, self.to_csv())]
        if html_path is not None:
            written.append(write_text_atomic(html_path, self.to_html()))
        return written


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text: a cell starting with = + - @ (other than
    a plain number) would be run as a spreadsheet formula, so it gets a leading '."""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _plain_number(text):
        return "'" + text
    return text


def _plain_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True

