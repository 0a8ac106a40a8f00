"""Saving and loading networks: one ``.npz`` file, no pickle, and a file is never trusted.

The file holds the weights as plain arrays and the architecture as JSON (stored as bytes in
the array ``__architecture__``), with a ``format_version``. Loading reads it as input from
anyone: only a regular file is opened; the architecture record is checked field by field
(:mod:`chainrule.nn.architecture`); each parameter's member must declare the shape the
architecture gives it and hold exactly those bytes, all checked before the network is
allocated (:mod:`chainrule.nn.npz_file`); the network's total size is capped; members
nobody asked for are never read; nothing is ever unpickled. Every failure is a
:class:`ModelFileError`.

Writes are atomic: a temporary file in the same folder (named after the target and the
writing process), then a rename; the file gets the permissions of the user's umask (or those
of the file it replaces). A save that was killed leaves its temporary file behind, and the
next save to the same folder removes it once its process is gone.

Another format reuses the pieces: :mod:`chainrule.nn.architecture` reads its architecture
record (:func:`read_record` opens one kept in a file of its own) and :func:`build` makes
the network (PyTorch weight files do so, :mod:`chainrule.nn.torch_files`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from chainrule.data._atomic import write_atomic
from chainrule.data._files import open_regular
from chainrule.errors import ChainruleError, ModelFileError
from chainrule.nn import (
    architecture,
    layer_types,  # noqa: F401  (registers the layers beyond Dense)
)
from chainrule.nn.architecture import FORMAT, FORMAT_VERSION, describe
from chainrule.nn.network import Network
from chainrule.nn.npz_file import NpzFile

__all__ = ["FORMAT", "FORMAT_VERSION", "MAX_MODEL_BYTES", "build", "describe", "load",
           "read_record", "save"]

RECORD = "__architecture__"
MAX_RECORD_BYTES = 1 << 20  # the JSON architecture: a few kB in practice
#: the most bytes of parameters a model file may make chainrule allocate (1 GiB: 134
#: million float64 parameters, 7 times what `chainrule train` builds)
MAX_MODEL_BYTES = 1 << 30
ZIP_MAGIC = b"PK\x03\x04"


def save(network: Network, path: str | os.PathLike[str]) -> Path:
    """Write ``network`` to ``path`` atomically (``.npz`` is appended if missing, missing
    folders are created); return the path written."""
    target = Path(path)
    if target.suffix != ".npz":
        target = target.with_name(target.name + ".npz")
    arrays = dict(zip(network.parameter_names, network.parameters, strict=True))
    arrays.update(network.buffers)  # e.g. a batch norm's running statistics
    arrays[RECORD] = np.frombuffer(json.dumps(describe(network)).encode(), np.uint8)
    return write_atomic(target, lambda stream: np.savez(stream, **arrays))


def load(path: str | os.PathLike[str]) -> Network:
    """Read a network written by :func:`save`; any problem is a :class:`ModelFileError`."""
    source = Path(path)
    if not os.path.lexists(source) and source.suffix != ".npz":  # save() appended it
        source = source.with_name(source.name + ".npz")
    return load_npz(source)


def load_npz(source: Path) -> Network:
    """Read chainrule's own ``.npz`` format, checking every size before allocating."""
    stream, _ = open_regular(source, ModelFileError, "model file")
    with stream:
        if stream.read(4) != ZIP_MAGIC:  # numpy would try pickle on anything else
            raise ModelFileError(f"{source} is not a chainrule model file: expected an .npz "
                                 "archive (a zip of arrays), as `chainrule train --save` writes")
        stream.seek(0)
        archive = NpzFile(stream, source)
        try:
            return _read(archive, source)
        finally:
            archive.close()


def _read(archive: NpzFile, source: Path) -> Network:
    spec = architecture.read(_record(archive, source), source)
    shapes = spec.parameter_shapes()
    members = []
    for name, shape in shapes:
        member = archive.member(name)
        if member is None or member.shape != shape:
            found = "nothing" if member is None else member.shape
            raise ModelFileError(f"{source}: parameter {name} should have shape {shape}; "
                                 f"found {found}")
        archive.check_size(name, member)
        members.append(member)
    total = sum(member.nbytes for member in members)
    if total > MAX_MODEL_BYTES:
        raise ModelFileError(f"{source} declares {total:,} bytes of parameters; chainrule "
                             f"loads at most {MAX_MODEL_BYTES:,}")
    network = build(spec, source)
    if [(n, p.shape) for n, p in zip(network.parameter_names, network.parameters,
                                     strict=True)] != shapes:
        raise ModelFileError(f"{source}: the network built has other parameters than the "
                             "file describes")
    for (name, _), member, parameter in zip(shapes, members, network.parameters, strict=True):
        parameter[...] = _finite(archive.read(name, member), name, source)
    for name, buffer in network.buffers.items():  # batch norm's running statistics
        member = archive.member(name)
        if member is None or member.shape != buffer.shape:
            found = "nothing" if member is None else member.shape
            raise ModelFileError(f"{source}: buffer {name} should have shape {buffer.shape}; "
                                 f"found {found}")
        archive.check_size(name, member)
        buffer[...] = _finite(archive.read(name, member), name, source)
    return network


def _record(archive: NpzFile, source: Path) -> bytes:
    member = archive.member(RECORD, kinds="u")
    if member is None:
        raise ModelFileError(f"{source} has no architecture record: not a chainrule model file")
    if member.dtype != np.uint8 or len(member.shape) != 1 or member.nbytes > MAX_RECORD_BYTES:
        raise ModelFileError(f"{source}: the architecture record should be at most "
                             f"{MAX_RECORD_BYTES:,} bytes of text; found {member.shape} "
                             f"of {member.dtype}")
    archive.check_size(RECORD, member)
    return archive.read(RECORD, member).tobytes()


def read_record(path: Path) -> bytes:
    """The bytes of an architecture record kept in a file of its own (a ``.json`` beside
    another format's weights): a regular file of at most :data:`MAX_RECORD_BYTES`."""
    stream, size = open_regular(path, ModelFileError, "architecture record")
    with stream:
        if size > MAX_RECORD_BYTES:
            raise ModelFileError(f"{path} holds {size:,} bytes; an architecture record holds "
                                 f"at most {MAX_RECORD_BYTES:,}")
        return stream.read(MAX_RECORD_BYTES + 1)


def build(spec: architecture.Architecture, source: object) -> Network:
    """The network a checked record describes (weights zero), or a ModelFileError."""
    try:
        layers, loss = spec.build_parts()
        return Network(layers, loss, dtype=spec.dtype)
    except (ChainruleError, TypeError, ValueError) as error:
        raise ModelFileError(f"{source} describes a network chainrule cannot build: "
                             f"{error}") from None


def _finite(values: np.ndarray, name: str, source: Path) -> np.ndarray:
    finite = np.isfinite(values)
    if not finite.all():
        bad = int(values.size - finite.sum())
        raise ModelFileError(f"{source}: parameter {name} should hold finite numbers; "
                             f"found {bad} NaN or infinite of {values.size}")
    return values
