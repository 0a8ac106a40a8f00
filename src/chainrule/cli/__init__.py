"""The `chainrule` command line. Thin: parses options, calls the library, prints results.

Each command lives in its own module and imports its heavy dependencies inside the command,
so `chainrule --help` stays fast.
"""

from __future__ import annotations

import gc
import importlib

from chainrule.cli._app import app

# Collect young objects less often than Python's default (every 700 allocations): importing
# SymPy builds ~10⁶ long-lived objects, and each collection walks the ones not yet promoted.
_YOUNG_THRESHOLD = 50_000

_COMMAND_MODULES = ("train", "derive", "explain", "check", "report", "export", "exercise", "grade")

for _name in _COMMAND_MODULES:
    try:
        importlib.import_module(f"chainrule.cli.{_name}")
    except ModuleNotFoundError as _missing:  # a command module not written yet
        if _missing.name != f"chainrule.cli.{_name}":
            raise


def main() -> None:
    """Entry point of the `chainrule` script."""
    gc.set_threshold(_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    try:
        app()
    finally:
        # The interpreter collects everything once more at exit: after SymPy that walk takes
        # ~0.1 s of CPU, to find nothing a process about to end needs freed. Frozen objects
        # are skipped by it (and still freed by reference counting).
        gc.freeze()


__all__ = ["app", "main"]
