"""`chainrule exercise`: randomized backprop exercises, one variant per student, with keys."""

from __future__ import annotations

from pathlib import Path

import typer

from chainrule.cli._app import command


@command()
def exercise(
    layers: str = typer.Option("2,2,1", help="Units per layer, input first, e.g. 2,2,1."),
    activation: str = typer.Option("sigmoid", help="Activation of the hidden layers."),
    output_activation: str | None = typer.Option(
        None, help="Activation of the output layer (default as `chainrule explain`)."),
    loss: str = typer.Option("half_squared_error", help="Loss: half_squared_error, "
                             "squared_error, mean_squared_error, cross_entropy, …"),
    bias: bool = typer.Option(True, help="Give the dense layers biases."),
    notation: str = typer.Option("lfd", help="lfd, nielsen, mitchell, cs231n or seed003."),
    ask: list[str] = typer.Option([], "--ask", help="A question, named as `chainrule explain` "
                                  "names quantities: 'delta_1^(L)', 'w_12^(2)', 'layer 2' (the "
                                  "matrix), 'update w_12^(2)', or a formula to derive: "
                                  "'derive sigmoid' (tanh, softplus, tanh_squared_error, "
                                  "sigmoid_squared_error), 'derive any' (one per student), "
                                  "'derive: 1/(1+exp(-x)) wrt x'. Repeat for more (default: the "
                                  "output δ)."),
    lr: float = typer.Option(0.5, help="Learning rate η of 'update' questions."),
    tolerance: float = typer.Option(0.01, help="Relative tolerance of numeric answers."),
    atol: float = typer.Option(0.001, help="Absolute tolerance of numeric answers."),
    decimals: int = typer.Option(3, help="Decimals the sheet asks for."),
    variants: int = typer.Option(1, help="How many variants (seeds --seed, --seed + 1, …)."),
    seed: int = typer.Option(1, help="The first variant's seed."),
    students: Path | None = typer.Option(None, help="A file of student ids, one a line: one "
                                         "variant each, seeded by the id (replaces "
                                         "--variants)."),
    format: list[str] = typer.Option([], "--format", help="latex, markdown or html; repeat "
                                     "for more (default: all three)."),
    output: Path = typer.Option(Path("exercise"), help="The folder to write into."),
) -> None:
    """Write an exercise: exercise.json (for `chainrule grade`), the sheet and the answer key
    (sheet.tex/key.tex for pdflatex, .md, .html)."""
    from chainrule.cli._paths import check_output_folder
    from chainrule.errors import one_of
    from chainrule.teach.exercise_set import exercise as make_exercise
    from chainrule.teach.sheet_writers import FORMATS

    check_output_folder(output, "output")
    for fmt in format:
        if fmt not in FORMATS:
            raise one_of("format", fmt, FORMATS)
    seeds = _student_ids(students) if students is not None else None
    made = make_exercise(layers, activation=activation, output_activation=output_activation,
                         loss=loss, bias=bias, notation=notation, ask=ask, lr=lr,
                         rtol=tolerance, atol=atol, decimals=decimals, variants=variants,
                         seed=seed, seeds=seeds)
    for path in made.write(output, format or FORMATS):
        typer.echo(f"wrote {path}")


def _student_ids(path: Path) -> list[str]:
    """The ids of a roster: the first comma-separated field of each non-empty line."""
    from chainrule.errors import DataError

    if not path.is_file():
        raise DataError(f"no students file at {path}")
    lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    ids = [line.split(",")[0].strip() for line in lines if line.strip()]
    if not ids:
        raise DataError(f"{path} names no student; expected one id a line")
    return ids
