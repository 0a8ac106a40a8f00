"""Opening a file that may come from anyone: only a regular file, never a pipe or a device.

A path named ``model.npz`` or ``train-images-idx3-ubyte`` may be a FIFO (reading it waits
forever), a device, a folder or a file of ``/proc`` that claims to be empty but never ends.
:func:`open_regular` looks before it opens, opens without blocking, and looks again at what
it opened (the path may have changed in between), so the caller reads a plain file of a
known size or gets the caller's own error class with the reason.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import BinaryIO

from chainrule.errors import ChainruleError

KINDS = {stat.S_IFDIR: "a folder", stat.S_IFIFO: "a named pipe (FIFO)",
         stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
         stat.S_IFSOCK: "a socket"}


def _kind(mode: int) -> str:
    return KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _a(what: str) -> str:
    return f"{'an' if what[:1] in 'AEIOU' else 'a'} {what}"


def open_regular(path: Path, error: type[ChainruleError], what: str) -> tuple[BinaryIO, int]:
    """``(stream, size)`` of the regular, non-empty file at ``path``, opened for reading.

    Parameters
    ----------
    path : the file (symbolic links are followed).
    error : the exception raised for any problem, e.g. ``ModelFileError`` or ``DataError``.
    what : what the file should be, for messages, e.g. ``"model file"``.
    """
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise error(f"no {what} at {path}") from None
    except OSError as exc:
        raise error(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(before.st_mode):
        raise error(f"{path} is {_kind(before.st_mode)}, not {_a(what)}: expected a regular file")
    try:
        # O_NONBLOCK: if the path became a FIFO since the stat, opening it does not wait
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise error(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        raise error(f"{path} is {_kind(status.st_mode)}, not {_a(what)}: expected a regular file")
    if status.st_size == 0:  # also what files of /proc and /sys report
        os.close(descriptor)
        raise error(f"{path} is empty (0 bytes), not {_a(what)}")
    return io.open(descriptor, "rb"), status.st_size  # noqa: UP020 - takes a descriptor
