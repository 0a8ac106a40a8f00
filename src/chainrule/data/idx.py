"""Reader for the IDX file format of MNIST and Fashion-MNIST, raw or gzip-compressed.

An IDX file starts with a 4-byte magic number ``00 00 TT DD``: ``TT`` is the element type
(0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64) and ``DD`` the
number of dimensions. Then come ``DD`` big-endian unsigned 32-bit sizes, then the elements,
big-endian, in row-major order. Nothing is ever downloaded.
"""

from __future__ import annotations

import gzip
import struct
import zlib
from pathlib import Path

import numpy as np

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


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, decompressed when it is gzip (recognised by its magic bytes)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise DataError(f"IDX file not found: {path}") from exc
    except OSError as exc:
        raise DataError(f"cannot read IDX file {path}: {exc}") from exc
    if not raw.startswith(GZIP_MAGIC):
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"{path}: corrupted or truncated gzip data ({exc})") from exc


def _parse_header(data: bytes, path: Path) -> tuple[np.dtype, tuple[int, ...], int]:
    """Element dtype, shape and byte offset of the elements, from the IDX header."""
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
    if len(data) < offset:
        raise DataError(
            f"{path}: truncated IDX header: expected {ndim} dimension size(s) "
            f"({offset} header bytes), found {len(data)} byte(s)"
        )
    shape = struct.unpack(f">{ndim}I", data[HEADER_SIZE:offset])
    return IDX_DTYPES[type_code], tuple(shape), offset


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
        If the file is missing, has a bad magic number, or its length does not match the
        header (truncated or with trailing bytes); the message names the file and gives the
        expected and found sizes.
    """
    path = Path(path)
    data = _read_bytes(path)
    dtype, shape, offset = _parse_header(data, path)
    count = int(np.prod(shape, dtype=np.int64))
    expected = offset + count * dtype.itemsize
    if len(data) != expected:
        problem = "truncated" if len(data) < expected else "has trailing bytes"
        dims = " × ".join(str(size) for size in shape) or "scalar"
        raise DataError(
            f"{path}: IDX file {problem}: header says {dims} elements of {dtype.itemsize} "
            f"byte(s), so {expected} bytes in all; found {len(data)} bytes"
        )
    array = np.frombuffer(data, dtype=dtype, count=count, offset=offset).reshape(shape)
    return array.astype(dtype.newbyteorder("="))
