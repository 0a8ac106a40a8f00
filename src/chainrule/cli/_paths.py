"""Output paths the commands write to: refused before any work when they cannot be written.

Every command creates the missing folders above a file it writes (as ``train --save`` and
``report --output`` always did); a path that is a folder, or that lies under a file, is a
clear error instead of a traceback after training.
"""

from __future__ import annotations

from pathlib import Path

from chainrule.data._atomic import write_text_atomic
from chainrule.errors import ConfigError


def check_output_file(path: Path, option: str) -> None:
    """Refuse ``path`` for ``--option`` when it names a folder or lies under a file."""
    if path.is_dir():
        raise ConfigError(f"`--{option}` must be a file to write; got {str(path)!r}, "
                          "which is a folder")
    _check_parents(path, option)


def check_output_folder(path: Path, option: str) -> None:
    """Refuse ``path`` for ``--option`` (a folder to write into) when it is a file."""
    if path.exists() and not path.is_dir():
        raise ConfigError(f"`--{option}` must be a folder to write into; got {str(path)!r}, "
                          "which is a file")
    _check_parents(path, option)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (UTF-8, atomically), creating the folders above it."""
    write_text_atomic(path, text)


def _check_parents(path: Path, option: str) -> None:
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ConfigError(f"`--{option}` must lie in a folder; got {str(path)!r}, "
                                  f"but {str(parent)!r} is a file")
            return
