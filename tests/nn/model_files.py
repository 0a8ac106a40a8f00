"""Model files built by hand, byte by byte, for the tests of hostile and damaged files.

``zip_bytes`` writes a zip archive from raw members (so a member may lie about its size or
be a deflate bomb), ``npy_bytes`` an ``.npy`` member with any header, and ``record`` the
architecture record of a chainrule model file, which the tests then bend.
"""

from __future__ import annotations

import io
import json
import struct
import zlib
from dataclasses import dataclass

import numpy as np
from numpy.lib import format as npy


@dataclass
class Raw:
    """A zip member as stored: ``data`` (deflated when ``method`` is 8), its CRC-32 and the
    size it decompresses to."""

    name: str
    data: bytes
    crc: int
    size: int
    method: int = 0


def stored(name: str, payload: bytes) -> Raw:
    return Raw(name, payload, zlib.crc32(payload), len(payload))


def zip_bytes(members: list[Raw]) -> bytes:
    """A zip archive of ``members`` (local headers, data, central directory, end record)."""
    body, directory = bytearray(), bytearray()
    for member in members:
        name = member.name.encode()
        fields = (20, 0, member.method, 0, 0x21, member.crc, len(member.data), member.size,
                  len(name), 0)
        directory += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHH", *fields)
        directory += struct.pack("<HHHII", 0, 0, 0, 0, len(body)) + name
        body += struct.pack("<I", 0x04034B50) + struct.pack("<HHHHHIIIHH", *fields)
        body += name + member.data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                      len(directory), len(body), 0)
    return bytes(body + directory + end)


def npy_bytes(array: np.ndarray | None = None, header: dict | None = None,
              data: bytes = b"") -> bytes:
    """An ``.npy`` member: numpy's own encoding of ``array``, or ``header`` then ``data``."""
    stream = io.BytesIO()
    if array is not None:
        npy.write_array(stream, array, allow_pickle=False)
        return stream.getvalue()
    npy.write_array_header_1_0(stream, header)
    return stream.getvalue() + data


def record(layers: list[dict], loss: str = "half_squared_error", dtype: str = "float64") -> dict:
    return {"format": "chainrule-network", "format_version": 1, "dtype": dtype,
            "layers": layers, "loss": {"name": loss, "reduction": "mean"}}


def record_member(spec: dict | str) -> Raw:
    text = spec if isinstance(spec, str) else json.dumps(spec)
    return stored("__architecture__.npy", npy_bytes(np.frombuffer(text.encode(), np.uint8)))


def dense(n_in: int, n_out: int, bias: bool = False) -> dict:
    return {"type": "dense", "n_in": n_in, "n_out": n_out, "bias": bias}


def zero_bomb(name: str, size: int) -> Raw:
    """A deflated member of ``size`` zero bytes that takes about size / 1000 bytes."""
    block = bytes(1 << 24)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = squeeze.compress(block) + squeeze.flush(zlib.Z_FULL_FLUSH)  # repeats exactly
    count, rest = divmod(size, len(block))
    tail = squeeze.compress(bytes(rest)) + squeeze.flush()
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(bytes(rest), crc)
    return Raw(name, chunk * count + tail, crc, size, method=8)
