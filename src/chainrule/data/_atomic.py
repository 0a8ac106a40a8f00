"""Files written whole or not at all: a temporary file beside the target, then a rename.

One writer for every file chainrule makes (models, weight files, exercise sheets, grade
books): a reader sees the old file or the new one, never half of one. The new file gets the
permissions of the file it replaces, else what the user's umask gives (``mkstemp`` alone would
make it private), and the temporary file of a write that was killed is removed by the next
write to the same name.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: str | os.PathLike[str], write: Callable[[BinaryIO], object]) -> Path:
    """``write(stream)`` into a temporary file beside ``path``, then rename it to ``path``;
    missing folders are created. Returns the path written."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(folder, target.name)
    mode = _mode_for(target)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.",
                                         suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically (see :func:`write_atomic`)."""
    return write_atomic(path, lambda stream: stream.write(text.encode("utf-8")))


def _mode_for(target: Path) -> int:
    """The permissions of the file replaced, else what the user's umask gives a new file."""
    try:
        existing = os.stat(target)
        if stat.S_ISREG(existing.st_mode):
            return stat.S_IMODE(existing.st_mode)
    except OSError:
        pass
    mask = os.umask(0)  # the only portable way to read the umask is to set it
    os.umask(mask)
    return 0o666 & ~mask


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Delete ``.NAME.PID.*.tmp`` files of writes whose process ``PID`` no longer runs."""
    prefix = f".{name}."
    try:
        entries = [p for p in folder.iterdir() if p.name.startswith(prefix)
                   and p.name.endswith(".tmp")]
    except OSError:
        return
    for entry in entries:
        pid = entry.name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            entry.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process: it exists
        return True
    return True
