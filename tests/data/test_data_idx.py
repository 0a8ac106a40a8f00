"""The IDX reader and the MNIST folder loader, on small IDX files written here."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from chainrule.data import load_idx, mnist
from chainrule.errors import ConfigError, DataError

TYPE_CODES = {"u1": 0x08, "i1": 0x09, ">i2": 0x0B, ">i4": 0x0C, ">f4": 0x0D, ">f8": 0x0E}
FOUR_FILES = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
]


def idx_bytes(array: np.ndarray, dtype: str = "u1") -> bytes:
    """The IDX encoding of ``array``, built by hand: magic, big-endian sizes, elements."""
    magic = bytes([0, 0, TYPE_CODES[dtype], array.ndim])
    sizes = struct.pack(f">{array.ndim}I", *array.shape)
    return magic + sizes + array.astype(dtype).tobytes()


def write(path: Path, data: bytes, compress: bool = False) -> Path:
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


IMAGES = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)


@pytest.mark.parametrize("compress", [False, True])
def test_uint8_images_3d(tmp_path, compress):
    name = "imgs.gz" if compress else "imgs"
    array = load_idx(write(tmp_path / name, idx_bytes(IMAGES), compress))
    assert array.shape == (2, 3, 4)
    assert array.dtype == np.uint8
    np.testing.assert_array_equal(array, IMAGES)
    assert array[1, 2, 3] == 23


@pytest.mark.parametrize("compress", [False, True])
def test_labels_1d(tmp_path, compress):
    labels = np.array([7, 2, 1, 0, 4], dtype=np.uint8)
    array = load_idx(write(tmp_path / "labels", idx_bytes(labels), compress))
    assert array.shape == (5,)
    assert array.tolist() == [7, 2, 1, 0, 4]


def test_big_endian_int32_written_byte_by_byte(tmp_path):
    data = bytes.fromhex("0000 0C01 0000 0002 FFFF FFFF 0001 1170")
    array = load_idx(write(tmp_path / "ints", data))
    assert array.dtype == np.int32
    assert array.dtype.isnative
    assert array.tolist() == [-1, 70000]  # 0x00011170 = 70000


def test_float64_matrix(tmp_path):
    values = np.array([[1.5, -2.0], [0.25, 1e300]])
    array = load_idx(write(tmp_path / "floats", idx_bytes(values, ">f8")))
    assert array.dtype == np.float64
    np.testing.assert_array_equal(array, values)


def test_truncated_file_names_file_and_sizes(tmp_path):
    data = idx_bytes(IMAGES)[:-4]  # header 4 + 3*4 = 16 bytes, then 24 elements of 1 byte
    path = write(tmp_path / "short-idx3-ubyte", data)
    with pytest.raises(DataError) as info:
        load_idx(path)
    message = str(info.value)
    assert "short-idx3-ubyte" in message
    assert "truncated" in message
    assert "40 bytes" in message and "found 36 bytes" in message


def test_trailing_bytes_are_an_error(tmp_path):
    path = write(tmp_path / "long", idx_bytes(IMAGES) + b"\x00")
    with pytest.raises(DataError, match=r"trailing bytes.*40 bytes.*found 41"):
        load_idx(path)


def test_bad_magic(tmp_path):
    data = b"\x01\x02\x08\x01" + struct.pack(">I", 1) + b"\x05"
    path = write(tmp_path / "bad-magic", data)
    with pytest.raises(DataError, match=r"bad-magic.*bad IDX magic.*found 01 02 08 01"):
        load_idx(path)


def test_unknown_type_code(tmp_path):
    path = write(tmp_path / "bad-type", b"\x00\x00\x07\x01" + struct.pack(">I", 1) + b"\x05")
    with pytest.raises(DataError, match=r"bad IDX magic.*0x08.*found 00 00 07 01"):
        load_idx(path)


def test_truncated_header(tmp_path):
    path = write(tmp_path / "stub", b"\x00\x00\x08\x03\x00\x00\x00\x02")
    with pytest.raises(DataError, match=r"stub.*truncated IDX header.*16 header bytes.*found 8"):
        load_idx(path)


def test_too_short_for_a_magic_number(tmp_path):
    with pytest.raises(DataError, match=r"not an IDX file.*found only 2 byte"):
        load_idx(write(tmp_path / "tiny", b"\x00\x00"))


def test_corrupted_gzip(tmp_path):
    packed = gzip.compress(idx_bytes(IMAGES))
    path = write(tmp_path / "cut.gz", packed[: len(packed) // 2])
    with pytest.raises(DataError, match=r"cut\.gz.*gzip"):
        load_idx(path)


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match=r"IDX file not found: .*absent"):
        load_idx(tmp_path / "absent")


def make_mnist_folder(folder: Path, kind_prefix: str, n: int = 3, gz_images: bool = True) -> None:
    images = np.zeros((n, 4, 4), dtype=np.uint8)
    images[0, 0, 0] = 255
    images[1, 1, 2] = 51
    labels = np.arange(n, dtype=np.uint8) + 5
    write(
        folder / f"{kind_prefix}-images-idx3-ubyte{'.gz' if gz_images else ''}",
        idx_bytes(images),
        compress=gz_images,
    )
    write(folder / f"{kind_prefix}-labels-idx1-ubyte", idx_bytes(labels))


def test_mnist_flat_scaled_float32(tmp_path):
    make_mnist_folder(tmp_path, "train")
    X, y = mnist(tmp_path)
    assert X.shape == (3, 16)
    assert X.dtype == np.float32
    assert y.dtype == np.int64
    assert y.tolist() == [5, 6, 7]
    assert X[0, 0] == 1.0  # 255 / 255
    assert X[1, 1 * 4 + 2] == pytest.approx(0.2)  # 51 / 255, row-major flattening
    assert X.sum() == pytest.approx(1.2)


def test_mnist_test_kind_unflattened(tmp_path):
    make_mnist_folder(tmp_path, "t10k", n=2, gz_images=False)
    X, y = mnist(str(tmp_path), kind="test", flatten=False, dtype=np.float64)
    assert X.shape == (2, 4, 4)
    assert X.dtype == np.float64
    assert X[1, 1, 2] == pytest.approx(0.2)
    assert y.tolist() == [5, 6]


def test_mnist_missing_folder_names_folder_and_files(tmp_path):
    folder = tmp_path / "fashion"
    with pytest.raises(DataError) as info:
        mnist(folder)
    message = str(info.value)
    assert str(folder) in message
    assert "does not exist" in message
    for name in FOUR_FILES:
        assert name in message
    assert "download" in message


def test_mnist_missing_labels_file(tmp_path):
    make_mnist_folder(tmp_path, "train")
    (tmp_path / "train-labels-idx1-ubyte").unlink()
    with pytest.raises(DataError, match=r"lacks train-labels-idx1-ubyte\."):
        mnist(tmp_path)


def test_mnist_test_files_absent_when_only_train_present(tmp_path):
    make_mnist_folder(tmp_path, "train")
    with pytest.raises(DataError, match=r"t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte"):
        mnist(tmp_path, kind="test")


def test_mnist_count_mismatch(tmp_path):
    make_mnist_folder(tmp_path, "train", n=3)
    write(tmp_path / "train-labels-idx1-ubyte", idx_bytes(np.array([1, 2], dtype=np.uint8)))
    with pytest.raises(DataError, match=r"3 images but .* 2 labels"):
        mnist(tmp_path)


def test_mnist_wrong_dimensions(tmp_path):
    make_mnist_folder(tmp_path, "train", n=3)
    write(tmp_path / "train-labels-idx1-ubyte", idx_bytes(np.zeros((3, 2), dtype=np.uint8)))
    with pytest.raises(DataError, match=r"expected labels of shape \(n,\); found shape \(3, 2\)"):
        mnist(tmp_path)


def test_mnist_unknown_kind(tmp_path):
    with pytest.raises(ConfigError, match=r"`kind` must be one of test, train; got 'valid'"):
        mnist(tmp_path, kind="valid")
