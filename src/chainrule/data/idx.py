"""Reader for the IDX file format of MNIST and Fashion-MNIST, raw or gzip-compressed.

An IDX file starts with a 4-byte magic number ``00 00 TT DD``: ``TT`` is the element type
(0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64) and ``DD`` the
number of dimensions. Then come ``DD`` big-endian unsigned 32-bit sizes, then the elements,
big-endian, in row-major order. Nothing is ever downloaded.

A file is read as input from anyone: only a regular file is opened (never a FIFO or a
device), and the size the header declares is checked before the elements are read: against
:data:`MAX_IDX_BYTES`, against the file's size when raw, and, when gzip-compressed, by
decompressing at most one byte more than declared (a gzip bomb is never expanded).
"""

from __future__ import annotations

import gzip
import math
import os
import struct
import zlib
from pathlib import Path
from typing import BinaryIO

import numpy as np

from chainrule.data._files import open_regular
from chainrule.errors import DataError

#: IDX element-type code -> big-endian numpy dtype.
IDX_DTYPES: dict[int, np.dtype] = {
    0x08: np.dtype("u1"),
    0x09: np.dtype("i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}

GZIP_MAGIC = b"\x1f\x8b"
HEADER_SIZE = 4
#: the most element bytes an IDX file may declare (MNIST's training images are 47 MB); the
#: header's declared size is checked against it before anything is decompressed or read
MAX_IDX_BYTES = 1 << 30
DAMAGED_GZIP = (OSError, EOFError, zlib.error)


def _read_at_most(stream: BinaryIO, count: int, path: Path) -> bytes:
    """Up to ``count`` bytes (fewer at the end), gzip damage reported as a DataError."""
    try:
        return stream.read(count)
    except DAMAGED_GZIP as exc:
        raise DataError(f"{path}: corrupted or truncated gzip data ({exc})") from exc


def _parse_header(stream: BinaryIO, path: Path) -> tuple[np.dtype, tuple[int, ...], int]:
    """Element dtype, shape and byte offset of the elements, read from the IDX header."""
    data = _read_at_most(stream, HEADER_SIZE, path)
    if len(data) < HEADER_SIZE:
        raise DataError(
            f"{path}: not an IDX file: expected a {HEADER_SIZE}-byte magic number, "
            f"found only {len(data)} byte(s)"
        )
    zero0, zero1, type_code, ndim = data[:HEADER_SIZE]
    if zero0 != 0 or zero1 != 0 or type_code not in IDX_DTYPES:
        codes = ", ".join(f"0x{code:02X}" for code in IDX_DTYPES)
        raise DataError(
            f"{path}: bad IDX magic number: expected 00 00 TT DD with TT one of {codes}; "
            f"found {data[:HEADER_SIZE].hex(' ').upper()}"
        )
    offset = HEADER_SIZE + 4 * ndim
    sizes = _read_at_most(stream, 4 * ndim, path)
    if len(sizes) < 4 * ndim:
        raise DataError(
            f"{path}: truncated IDX header: expected {ndim} dimension size(s) "
            f"({offset} header bytes), found {HEADER_SIZE + len(sizes)} byte(s)"
        )
    return IDX_DTYPES[type_code], struct.unpack(f">{ndim}I", sizes), offset


def _declared(dtype: np.dtype, shape: tuple[int, ...], expected: int) -> str:
    dims = " × ".join(str(size) for size in shape) or "scalar"
    return f"header says {dims} elements of {dtype.itemsize} byte(s), so {expected} bytes in all"


def load_idx(path: str | Path) -> np.ndarray:
    """Read an IDX file (raw or gzip) into an array of its stated shape and type.

    Parameters
    ----------
    path : str or pathlib.Path
        The file, e.g. ``train-images-idx3-ubyte`` or ``train-images-idx3-ubyte.gz``.

    Returns
    -------
    ndarray
        Shape as stated in the header (``(n, rows, cols)`` for MNIST images, ``(n,)`` for
        labels), dtype from the header in native byte order (``uint8`` for MNIST).

    Raises
    ------
    DataError
        If the file is missing or not a regular file, has a bad magic number, declares more
        than :data:`MAX_IDX_BYTES` bytes, or its length does not match the header (truncated
        or with trailing bytes); the message names the file and gives the expected and found
        sizes.
    """
    path = Path(path)
    if not os.path.lexists(path):
        raise DataError(f"IDX file not found: {path}")
    stream, size = open_regular(path, DataError, "IDX file")
    with stream:
        compressed = stream.read(2) == GZIP_MAGIC
        stream.seek(0)
        reader = gzip.GzipFile(fileobj=stream, mode="rb") if compressed else stream
        dtype, shape, offset = _parse_header(reader, path)
        expected = offset + math.prod(shape) * dtype.itemsize  # Python ints: no overflow
        declared = _declared(dtype, shape, expected)
        if expected - offset > MAX_IDX_BYTES:
            raise DataError(f"{path}: IDX file too large: {declared}; chainrule reads IDX "
                            f"files of at most {MAX_IDX_BYTES} bytes of elements")
        if not compressed and size != expected:
            problem = "truncated" if size < expected else "has trailing bytes"
            raise DataError(f"{path}: IDX file {problem}: {declared}; found {size} bytes")
        # at most one byte past the declared size: a gzip bomb is never expanded further
        data = _read_at_most(reader, expected - offset + 1, path)
    found = offset + len(data)
    if found != expected:
        problem = "truncated" if found < expected else "has trailing bytes"
        shown = str(found) if found < expected else f"more than {expected}"
        raise DataError(f"{path}: IDX file {problem}: {declared}; found {shown} bytes "
                        "(after decompression)")
    array = np.frombuffer(data, dtype=dtype, count=math.prod(shape)).reshape(shape)
    return array.astype(dtype.newbyteorder("="))
