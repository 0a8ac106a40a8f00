"""The `chainrule` command line. Thin: parses options, calls the library, prints results.

Each command lives in its own module and imports its heavy dependencies inside the command,
so `chainrule --help` stays fast.
"""

from __future__ import annotations

import importlib

from chainrule.cli._app import app

_COMMAND_MODULES = ("train", "derive", "explain", "check", "report", "export", "exercise", "grade")

for _name in _COMMAND_MODULES:
    try:
        importlib.import_module(f"chainrule.cli.{_name}")
    except ModuleNotFoundError as _missing:  # a command module not written yet
        if _missing.name != f"chainrule.cli.{_name}":
            raise


def main() -> None:
    """Entry point of the `chainrule` script."""
    app()


__all__ = ["app", "main"]
