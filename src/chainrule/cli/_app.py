"""The Typer application and the one decorator every command uses for clean errors."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from typing import Any

import typer

from chainrule.errors import ChainruleError, ConfigError

app = typer.Typer(
    name="chainrule",
    help="Backpropagation you can read: train networks, derive and explain every gradient.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def report_error(message: str) -> None:
    """Print an error for a person: red 'error:' and the message, on stderr, no traceback."""
    from rich.console import Console

    Console(stderr=True, highlight=False).print(f"[bold red]error:[/] {message}", markup=True)


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a command whose ChainruleErrors (and file errors) print cleanly, exit code 2."""

    def wrap(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def run(*call_args: Any, **call_kwargs: Any) -> Any:
            try:
                return function(*call_args, **call_kwargs)
            except ChainruleError as error:
                report_error(str(error).replace("[", r"\["))
                sys.stderr.flush()
                raise typer.Exit(error.exit_code) from None
            except OSError as error:  # a file the checks before the work could not foresee
                where = f" {error.filename}" if error.filename else ""
                report_error(f"could not read or write{where}: {error.strerror or error}"
                             .replace("[", r"\["))
                raise typer.Exit(2) from None

        return app.command(*args, **kwargs)(run)

    return wrap


def refuse_given(ctx: typer.Context, names: Iterable[str], reason: str) -> None:
    """Refuse the options among ``names`` that were typed on the command line: they would be
    ignored, because ``reason`` (e.g. "--example brings its own network") fixes them."""
    params = {param.name: param for param in ctx.command.params}
    typed = ["/".join(params[name].opts + params[name].secondary_opts) for name in names
             if getattr(ctx.get_parameter_source(name), "name", None) == "COMMANDLINE"]
    if typed:
        raise ConfigError(f"{', '.join(typed)} cannot be used here: {reason}")
