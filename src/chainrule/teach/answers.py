"""A class's answers file (CSV): one row per student and question, read defensively.

Columns, named in a header row: ``student``, ``question`` (``1`` or ``q1``) and ``answer``,
and ``variant`` when the variants were not drawn from the students' ids. A row that cannot be
used — too few fields, an unknown question or variant, a second answer to the same question,
text that is not UTF-8 — is reported with its line number, and every other row is graded.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chainrule.errors import DataError

MAX_BYTES = 20_000_000
MAX_ROWS = 100_000
MAX_FIELD = 2_000
REQUIRED = ("student", "question", "answer")


@dataclass(frozen=True)
class Answer:
    """One usable row: its line in the file, the student, variant, question id and text."""

    line: int
    student: str
    variant: str
    question: str
    text: str


@dataclass(frozen=True)
class Malformed:
    """A row that could not be graded, and why."""

    line: int
    reason: str


def read_answers(path: str | Path, variants: set[str], questions: set[str]
                 ) -> tuple[list[Answer], list[Malformed]]:  # fmt: skip
    """The usable answers and the malformed rows of the file at ``path``."""
    source = Path(path)
    if not source.is_file():
        raise DataError(f"no answers file at {source}")
    if source.stat().st_size > MAX_BYTES:
        raise DataError(f"{source} is larger than {MAX_BYTES:,} bytes; split the class")
    text = source.read_bytes().decode("utf-8-sig", errors="replace").replace("\x00", "\ufffd")
    return read_rows(text, variants, questions)


def read_rows(text: str, variants: set[str], questions: set[str]
              ) -> tuple[list[Answer], list[Malformed]]:  # fmt: skip
    """:func:`read_answers` on the file's text."""
    reader = csv.reader(io.StringIO(text, newline=""))
    column = _columns(reader)
    answers: list[Answer] = []
    malformed: list[Malformed] = []
    seen: dict[tuple[str, str], int] = {}
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            malformed.append(Malformed(line, f"not a CSV row: {error}"))
            continue
        if not any(cell.strip() for cell in row):
            continue  # a blank line, as spreadsheets leave at the end
        if len(answers) + len(malformed) >= MAX_ROWS:
            malformed.append(Malformed(line, f"more than {MAX_ROWS:,} rows: the rest of the "
                                       "file was not read"))
            break
        found = _row(line, row, column, variants, questions)
        if isinstance(found, Malformed):
            malformed.append(found)
        elif (found.variant, found.student, found.question) in seen:
            first = seen[(found.variant, found.student, found.question)]
            malformed.append(Malformed(line, f"a second answer of {found.student!r} to "
                                       f"question {found.question[1:]} (the first, at line "
                                       f"{first}, is graded)"))
        else:
            seen[(found.variant, found.student, found.question)] = line
            answers.append(found)
    return answers, malformed


def _columns(reader: Any) -> dict[str, int]:
    """The position of each column, from the header row."""
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        raise DataError("the answers file is empty; expected a header row "
                        "'student,question,answer'") from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise DataError(f"the answers file's header must name the columns student, question "
                        f"and answer (and variant if needed); missing {', '.join(missing)}, "
                        f"got {', '.join(header) or 'nothing'}")
    return {name: header.index(name) for name in (*REQUIRED, "variant") if name in header}


def _row(line: int, row: list[str], column: dict[str, int], variants: set[str],
         questions: set[str]) -> Answer | Malformed:  # fmt: skip
    if len(row) <= max(column.values()):
        return Malformed(line, f"expected {max(column.values()) + 1} fields; got {len(row)}")
    if any(len(cell) > MAX_FIELD for cell in row):
        return Malformed(line, f"a field longer than {MAX_FIELD:,} characters")
    if any("\ufffd" in cell for cell in row):
        return Malformed(line, "text that is not UTF-8")
    student = row[column["student"]].strip()
    variant = row[column["variant"]].strip() if "variant" in column else student
    question = row[column["question"]].strip().lower()
    question = question if question.startswith("q") else f"q{question}"
    if not student:
        return Malformed(line, "no student named")
    if variant not in variants:
        what = "variant" if "variant" in column else "variant named like the student"
        return Malformed(line, f"no {what} {variant!r} in the exercise")
    if question not in questions:
        return Malformed(line, f"no question {row[column['question']].strip()!r} in the "
                         f"exercise (it has {', '.join(sorted(q[1:] for q in questions))})")
    return Answer(line, student, variant, question, row[column["answer"]])
