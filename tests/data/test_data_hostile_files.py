"""Data files as an attacker or a careless user makes them: a gzip bomb, an IDX header of
absurd dimensions, a FIFO or a device in place of a file, labels a classifier cannot use.
Each is a DataError with the true numbers, found without reading what the file declares."""

from __future__ import annotations

import os
import struct
import threading
import tracemalloc
import zlib

import numpy as np
import pytest
from typer.testing import CliRunner

from chainrule.cli import app
from chainrule.data import load_csv, load_idx, mnist
from chainrule.data._checks import check_class_labels
from chainrule.errors import DataError

MNIST_HEADER = bytes([0, 0, 0x08, 3]) + struct.pack(">3I", 60_000, 28, 28)


def gzip_of_zeros(head: bytes, zeros: int) -> bytes:
    """A gzip file of ``head`` then ``zeros`` zero bytes, about zeros / 1000 bytes long."""
    block = bytes(1 << 24)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = squeeze.compress(head) + squeeze.flush(zlib.Z_FULL_FLUSH)
    chunk = squeeze.compress(block) + squeeze.flush(zlib.Z_FULL_FLUSH)  # repeats exactly
    count, rest = divmod(zeros, len(block))
    tail = squeeze.compress(bytes(rest)) + squeeze.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(bytes(rest), crc)
    size = (len(head) + zeros) & 0xFFFFFFFF
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + body + chunk * count + tail
            + struct.pack("<II", crc, size))


def peak_bytes(action) -> tuple[BaseException | None, int]:
    tracemalloc.start()
    try:
        try:
            action()
        except DataError as error:
            return error, tracemalloc.get_traced_memory()[1]
        return None, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_gzip_bomb_of_mnist_images_is_never_expanded(tmp_path):
    """2 MB of gzip that expands to 2.1 GB, behind a true MNIST header (47 MB declared)."""
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(gzip_of_zeros(MNIST_HEADER, 2_100_000_000))
    assert path.stat().st_size < 2_500_000
    error, peak = peak_bytes(lambda: load_idx(path))
    declared = 16 + 60_000 * 28 * 28
    assert isinstance(error, DataError)
    assert (f"IDX file has trailing bytes: header says 60000 × 28 × 28 elements of 1 byte(s), "
            f"so {declared} bytes in all; found more than {declared} bytes") in str(error)
    assert peak < 3 * declared  # what the header declares, never what the bomb holds


def test_a_gzip_bomb_that_declares_its_size(tmp_path):
    head = bytes([0, 0, 0x08, 3]) + struct.pack(">3I", 2_100_000, 1000, 1)
    path = tmp_path / "bomb.gz"
    path.write_bytes(gzip_of_zeros(head, 2_100_000_000))
    error, peak = peak_bytes(lambda: load_idx(path))
    assert "IDX file too large: header says 2100000 × 1000 × 1 elements of 1 byte(s), so " \
           "2100000016 bytes in all; chainrule reads IDX files of at most 1073741824" \
           in str(error)
    assert peak < 1_000_000


@pytest.mark.parametrize("compress", [False, True])
def test_huge_dimensions_give_the_true_numbers(tmp_path, compress):
    head = bytes([0, 0, 0x0E, 4]) + struct.pack(">4I", *[0xFFFFFFFF] * 4)
    path = tmp_path / "huge"
    path.write_bytes(zlib.compress(head, wbits=31) if compress else head + bytes(8))
    with pytest.raises(DataError) as info:
        load_idx(path)
    elements = 0xFFFFFFFF ** 4
    assert (f"header says 4294967295 × 4294967295 × 4294967295 × 4294967295 elements of 8 "
            f"byte(s), so {16 + 4 + elements * 8} bytes in all") in str(info.value)
    assert "-" not in str(info.value).split("header says")[1]  # no negative byte count


def test_an_mnist_folder_with_a_bomb(tmp_path):
    (tmp_path / "train-images-idx3-ubyte.gz").write_bytes(gzip_of_zeros(MNIST_HEADER, 10**8))
    labels = bytes([0, 0, 0x08, 1]) + struct.pack(">I", 60_000) + bytes(60_000)
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(labels)
    with pytest.raises(DataError, match="trailing bytes"):
        mnist(tmp_path)


def load_in_thread(load) -> BaseException | None:
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            load()
            outcome.append(None)
        except BaseException as error:  # handed to the test's thread
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=10)
    return outcome[0] if outcome else TimeoutError("the reader hung")


@pytest.mark.parametrize(("name", "load", "what"), [
    ("train-images-idx3-ubyte", load_idx, "an IDX file"),
    ("data.csv", load_csv, "a CSV file"),
])
def test_a_fifo_in_place_of_a_data_file(tmp_path, name, load, what):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    error = load_in_thread(lambda: load(fifo))
    if isinstance(error, TimeoutError):
        with open(fifo, "wb"):  # let the stuck reader go
            pass
    assert isinstance(error, DataError), error
    assert f"is a named pipe (FIFO), not {what}" in str(error)


def test_a_device_or_a_folder_in_place_of_a_data_file(tmp_path):
    with pytest.raises(DataError, match="is a character device, not a CSV file"):
        load_csv("/dev/zero")
    (tmp_path / "images").mkdir()
    with pytest.raises(DataError, match="is a folder, not an IDX file"):
        load_idx(tmp_path / "images")


@pytest.mark.parametrize(("labels", "found"), [
    ([0, 1, -1, 2], "found -1 (negative) at sample 2 (1 such label(s) in all)"),
    ([0.0, 1.5, 2.0], "found 1.5 (not a whole number) at sample 1"),
    ([-1, -2, -1], "found -1 (negative) at sample 0 (3 such label(s) in all)"),
])
def test_class_labels_a_classifier_cannot_use(labels, found):
    with pytest.raises(DataError, match="must be whole numbers 0, 1, …, K − 1") as info:
        check_class_labels(np.array(labels))
    assert found in str(info.value)


def test_class_labels_that_are_fine():
    for labels in ([0, 1, 2], [0.0, 1.0], np.zeros((3, 2)) - 1):  # 2-D: targets, not labels
        check_class_labels(np.array(labels))


def test_negative_csv_labels_through_the_cli(tmp_path):
    path = tmp_path / "negative.csv"
    path.write_text("a,b,label\n" + "".join(f"{i},{i % 3},{-1 - i % 2}\n" for i in range(20)))
    result = CliRunner().invoke(app, ["train", "--data", str(path), "--epochs", "1"])
    assert result.exit_code == 2
    assert "found -1 (negative) at sample 0" in result.output
    assert "Dense needs" not in result.output and "Traceback" not in result.output


def test_the_library_sizes_no_output_layer_from_negative_labels():
    from chainrule.nn.builder import output_units

    with pytest.raises(DataError, match=r"found -1 \(negative\) at sample 1"):
        output_units("softmax_cross_entropy", np.array([0, -1, 2]))
    assert output_units("softmax_cross_entropy", np.array([0, 3, 2])) == 4
