"""`chainrule grade`: a class's answers graded against an exercise file; a grade book out."""

from __future__ import annotations

from pathlib import Path

import typer

from chainrule.cli._app import command


@command()
def grade(
    answers: Path = typer.Argument(..., help="The answers, CSV with a header: student, "
                                   "question, answer (and variant, if the variants were not "
                                   "seeded by student ids)."),
    exercise: Path = typer.Option(..., "--exercise", help="The exercise.json written by "
                                  "`chainrule exercise`."),
    output: Path = typer.Option(Path("gradebook.csv"), help="The grade book (CSV); the HTML "
                                "page is written beside it (.html)."),
) -> None:
    """Grade every answer (numbers within the exercise's tolerance, formulas by the checker of
    `chainrule check`) and write the grade book as CSV and HTML."""
    from chainrule.cli._paths import check_output_file
    from chainrule.teach.grading import grade as grade_class

    check_output_file(output, "output")
    book = grade_class(answers, exercise)
    for path in book.write(output, output.with_suffix(".html")):
        typer.echo(f"wrote {path}")
    typer.echo(book.summary())
