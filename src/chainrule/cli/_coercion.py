"""Option values that are already what their annotation asks for are taken as they are.

Typer turns every option's value into its annotated type through a pydantic ``TypeAdapter``,
built for each option of the command being run, the options not given included; importing
pydantic and building the adapters cost about 0.1 s of CPU, a fifth of ``chainrule check``.
A command's values are mostly strings that are already strings, lists of them, and defaults
(None, a number, a flag's bool). Those are returned unchanged, which is what the adapter would
return; a path typed on the command line is made a ``Path`` (as the adapter does) and checked
by Typer's own path checks; any other value (a number typed on the command line, a value with
a range or a parser) goes to Typer's own coercion, built the first time it is needed, so its
parsing and error messages stay Typer's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args, get_origin

_PLAIN = (str, int, float, bool)
_UNSET = object()


def _in_range(value: Any, info: Any) -> bool:
    """Whether a number is within the option's ``min`` and ``max`` (if it has them)."""
    return ((info.min is None or value >= info.min)
            and (info.max is None or value <= info.max))


def _as_given(value: Any, descriptor: Any, multiple: bool) -> Any:
    """``value`` as the adapter would return it, or ``_UNSET`` when only Typer can say."""
    annotation, info = descriptor.annotation, descriptor.parameter_info
    if value is None:
        return () if multiple else None
    if annotation in _PLAIN and type(value) is annotation:  # exactly: True is not an int
        return value if annotation is str or _in_range(value, info) else _UNSET
    if (get_origin(annotation) is list and get_args(annotation) == (str,)
            and isinstance(value, (list, tuple)) and all(type(v) is str for v in value)):
        return list(value)
    return _UNSET


class _TakenAsGiven:
    """A parameter's coercion: values already of the annotated type unchanged, the rest by
    Typer (the object Typer's parameter keeps as its ``_runtime_param``)."""

    def __init__(self, descriptor: Any) -> None:
        self._descriptor = descriptor
        self._typer: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        given = _as_given(value, self._descriptor, bool(param.multiple or param.nargs == -1))
        if given is not _UNSET:
            return given
        info = self._descriptor.parameter_info
        if self._descriptor.annotation is Path and info.path_type is None and type(value) is str:
            try:
                from typer._param_types import coerce_cli_path
            except ImportError:  # another Typer: its own coercion below
                pass
            else:
                return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(self._descriptor)
        return self._typer.coerce(value, param=param, ctx=ctx)


def _simple(descriptor: Any) -> bool:
    """Whether nothing but the type and a range decide the value: no parser, choices or
    file."""
    info = descriptor.parameter_info
    return (info.parser is None and getattr(info, "click_type", None) is None
            and not descriptor.is_choice and not descriptor.is_file)


def take_values_as_given(params: list[Any]) -> None:
    """Give each simple Typer parameter of a command the coercion above (a Typer without
    per-parameter coercion objects is left as it is)."""
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if (descriptor is not None and getattr(param, "_runtime_param", _UNSET) is None
                and _simple(descriptor)):
            param._runtime_param = _TakenAsGiven(descriptor)
