"""Reading the arrays of an ``.npz`` model file that may come from anyone, within bounds.

An ``.npz`` file is a zip of ``.npy`` members, each a small header (dtype, shape, order)
then the raw elements. Every size is checked before anything is allocated: a member's
header must declare the shape its name should have and a dtype of plain numbers, and the
member must hold exactly the bytes that header declares (so a 2 kB file cannot declare a
15000 × 15000 matrix, and a member cannot decompress to more than it says). Only the
members asked for are opened. Nothing is unpickled: object dtypes are refused from the
header. Every failure is a :class:`ModelFileError`.
"""

from __future__ import annotations

import lzma
import math
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
from numpy.lib import format as npy

from chainrule.errors import ModelFileError

#: what zipfile, zlib and numpy's header reader raise on damaged input (zipfile reports a
#: damaged header as NotImplementedError, "compression method", or RuntimeError, "encrypted")
DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
           NotImplementedError, RuntimeError, zlib.error, lzma.LZMAError, struct.error,
           OverflowError, KeyError)
MAX_HEADER = 10_000  # bytes of an .npy header (numpy's own limit)
CHUNK = 1 << 24  # read large members 16 MB at a time


@dataclass(frozen=True)
class Member:
    """An ``.npy`` member's header, checked against the member's size in the zip."""

    info: zipfile.ZipInfo
    dtype: np.dtype
    shape: tuple[int, ...]
    fortran: bool
    offset: int  # bytes of magic and header before the elements

    @property
    def nbytes(self) -> int:
        return math.prod(self.shape) * self.dtype.itemsize


class NpzFile:
    """The members of an opened ``.npz`` stream; ``source`` names the file in messages."""

    def __init__(self, stream: BinaryIO, source: object) -> None:
        self.source = source
        try:
            self.zip = zipfile.ZipFile(stream)
        except DAMAGED as error:
            raise self.damaged(error) from None

    def damaged(self, error: BaseException) -> ModelFileError:
        return ModelFileError(f"{self.source} is not a readable chainrule model file "
                              f"(truncated or corrupted?): {str(error)[:200]}")

    def close(self) -> None:
        self.zip.close()

    def member(self, name: str, kinds: str = "fiu") -> Member | None:
        """The header of array ``name`` (None if absent), if its dtype is of ``kinds``."""
        try:
            info = self.zip.getinfo(f"{name}.npy")
        except KeyError:
            return None
        try:
            with self.zip.open(info) as stream:
                version = npy.read_magic(stream)
                read = {(1, 0): npy.read_array_header_1_0, (2, 0): npy.read_array_header_2_0}
                if version not in read:
                    raise ValueError(f"unknown .npy format version {version}")
                shape, fortran, dtype = read[version](stream, max_header_size=MAX_HEADER)
                offset = stream.tell()
        except DAMAGED as error:
            raise self.damaged(error) from None
        if dtype.hasobject or dtype.fields is not None or dtype.kind not in kinds:
            raise ModelFileError(f"{self.source}: parameter {name} should hold numbers "
                                 f"(floats); found dtype {dtype}")
        if any(type(size) is not int or size < 0 for size in shape):
            raise ModelFileError(f"{self.source}: array {name} declares the shape {shape}")
        return Member(info, dtype, tuple(shape), bool(fortran), offset)

    def check_size(self, name: str, member: Member) -> None:
        """Refuse a member whose bytes are not exactly those its header declares."""
        stored = member.info.file_size - member.offset
        if stored != member.nbytes:
            shape = " × ".join(map(str, member.shape)) or "a scalar"
            raise ModelFileError(
                f"{self.source}: array {name} declares {shape} elements of "
                f"{member.dtype.itemsize} byte(s) ({member.nbytes:,} bytes), but its member "
                f"holds {stored:,} bytes (truncated or corrupted?)")

    def read(self, name: str, member: Member) -> np.ndarray:
        """The elements of a checked member, read into an array of its declared size."""
        values = np.empty(math.prod(member.shape), dtype=member.dtype)
        raw = values.view(np.uint8)
        try:
            with self.zip.open(member.info) as stream:
                stream.read(member.offset)
                filled = 0
                while filled < raw.size:
                    chunk = stream.read(min(CHUNK, raw.size - filled))
                    if not chunk:
                        break
                    raw[filled:filled + len(chunk)] = np.frombuffer(chunk, np.uint8)
                    filled += len(chunk)
                if filled < raw.size or stream.read(1):  # the last read checks the CRC
                    raise ModelFileError(f"{self.source}: array {name} has the wrong length "
                                         "(truncated or corrupted?)")
        except DAMAGED as error:
            raise self.damaged(error) from None
        return values.reshape(member.shape, order="F" if member.fortran else "C")
