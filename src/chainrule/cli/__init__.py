"""The `chainrule` command line. Thin: parses options, calls the library, prints results.

Each command lives in its own module and imports its heavy dependencies inside the command,
so `chainrule --help` stays fast.
"""

from __future__ import annotations

import gc
import importlib

from chainrule.cli._app import app

# Collect young objects less often than Python's default (every 700 new containers): importing
# SymPy leaves ~50 000 long-lived ones, and with the default it runs ~150 collections, some of
# which walk them all; with this threshold, 9 that walk only the young ones.
_YOUNG_THRESHOLD = 50_000

_COMMAND_MODULES = ("train", "derive", "explain", "check", "report", "export", "exercise", "grade")

for _name in _COMMAND_MODULES:  # chainrule.cli.train_command, ...
    try:
        importlib.import_module(f"chainrule.cli.{_name}_command")
    except ModuleNotFoundError as _missing:  # a command module not written yet
        if _missing.name != f"chainrule.cli.{_name}_command":
            raise


def main() -> None:
    """Entry point of the `chainrule` script."""
    gc.set_threshold(_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    try:
        app()
    finally:
        # At exit the interpreter clears every module and collects what that leaves in
        # reference cycles (SymPy's thousands of classes and functions): ~0.1 s of CPU for a
        # process that is ending. The collector skips frozen objects; the OS frees them.
        gc.freeze()


__all__ = ["app", "main"]
