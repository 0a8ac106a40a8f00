"""`chainrule derive EXPR`: a derivative step by step, as text, LaTeX or Markdown."""

from __future__ import annotations

from typing import Annotated

import typer

from chainrule.cli._app import command
from chainrule.cli._formulas import require_text, where_pairs
from chainrule.errors import one_of

_FORMATS = ("text", "latex", "markdown")


@command("derive", short_help="Differentiate a formula step by step, checked by SymPy.")
def derive_command(
    expr: Annotated[str, typer.Argument(help="The formula, e.g. '1/(1+exp(-x))' or LaTeX.")],
    wrt: Annotated[
        str | None, typer.Option("--wrt", help="The variable (default: the only one).")
    ] = None,
    where: Annotated[
        list[str] | None,
        typer.Option("--where", help="NAME=EXPR to write the result with, e.g. a=tanh(s)."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output: text, latex or markdown.")
    ] = "text",
) -> None:
    """Differentiate EXPR step by step: every rule, the chain rule through named inner
    functions, then the textbook form. Checked against SymPy.

    Exit codes: 0 derived, 2 refused (unreadable, undefined everywhere, or too large to
    derive in bounded time), 3 a bug in chainrule (its steps disagree with SymPy)."""
    if fmt not in _FORMATS:
        raise one_of("--format", fmt, _FORMATS)
    require_text(expr, "EXPR", "'x^2'")
    require_text(wrt, "--wrt", "x")
    from chainrule.calculus import derive
    from chainrule.render import render

    derivation = derive(expr, wrt, where=where_pairs(where or []))
    typer.echo(render(derivation, fmt), nl=False)
