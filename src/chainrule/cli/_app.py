"""The Typer application and the one decorator every command uses for clean errors."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from typing import Any, get_args

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from chainrule.cli._coercion import take_values_as_given
from chainrule.errors import ChainruleError, ConfigError


def _metavar(param: Any) -> str:
    """What a value looks like in help: TEXT, INT, NUMBER, PATH; a flag takes none; an
    argument is its name (CLAIM, EXPR)."""
    if isinstance(param, TyperArgument):
        return (param.name or "value").upper()
    descriptor = getattr(param, "type_descriptor", None)
    if getattr(param, "is_flag", False) or descriptor is None:
        return ""
    if descriptor.is_path:
        return "PATH"
    annotation = descriptor.annotation
    if descriptor.is_list:
        annotation = get_args(annotation)[0]
    return {int: "INT", float: "NUMBER"}.get(annotation, "TEXT")


def _no_type(ctx: Any) -> str:
    return ""


class _PlainMetavars:
    """Help that shows values as people read them (``--lr NUMBER``, ``CLAIM``), not as
    Python types (``<float>``, ``{claim}``, ``<bool>`` beside a flag)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if param.metavar is None:
                param.metavar = _metavar(param)
            if isinstance(param, TyperArgument):  # its name column already says CLAIM
                param.display_type_rich = _no_type
        return params

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)  # type: ignore[misc]
        arguments = {f"{{{p.metavar}}}": p.metavar for p in self.get_params(ctx)
                     if isinstance(p, TyperArgument)}
        return [arguments.get(piece, piece) for piece in pieces]


class _ValuesAsGiven:
    """Options whose values are already of their type skip Typer's pydantic coercion (see
    :mod:`chainrule.cli._coercion`)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)  # type: ignore[misc]
        take_values_as_given(params)  # the help option too, made here
        return params


class Command(_ValuesAsGiven, _PlainMetavars, TyperCommand):
    """Every command's class (see :class:`_PlainMetavars`, :class:`_ValuesAsGiven`)."""


class Group(_ValuesAsGiven, _PlainMetavars, TyperGroup):
    """The `chainrule` group's class (see :class:`_PlainMetavars`, :class:`_ValuesAsGiven`)."""


app = typer.Typer(
    name="chainrule",
    help="Backpropagation you can read: train networks, derive and explain every gradient.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=Group,
    rich_markup_mode=None,  # plain help: rich's help formatter alone takes 0.2 s to import
    context_settings={"max_content_width": 100},
)


def _version(given: bool) -> None:
    if given:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"chainrule {version('chainrule')}")
        except PackageNotFoundError:  # run from a source tree that was never installed
            typer.echo("chainrule (not installed: no version recorded)")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Backpropagation you can read: train networks, derive and explain every gradient."""


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

        kwargs.setdefault("cls", Command)
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
