"""load_dataset: dispatch by name or path, option checks, and a cheap package import."""

from __future__ import annotations

import doctest
import gzip
import struct
import subprocess
import sys

import numpy as np
import pytest

import chainrule.data
from chainrule.data import DATASETS, _checks, blobs, load_dataset, moons, scaling, spiral, split
from chainrule.errors import ConfigError, DataError


def test_names():
    assert DATASETS == ("moons", "circles", "spiral", "xor", "blobs", "adding", "sine", "digits")


def test_synthetic_by_name_matches_the_generator():
    X, y = load_dataset("moons", n=50, noise=0.1, seed=3)
    X_ref, y_ref = moons(n=50, noise=0.1, seed=3)
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(y, y_ref)


def test_name_ignores_case_and_default_n_is_1000():
    X, _ = load_dataset(" XOR ", seed=0)
    assert X.shape == (1000, 2)


def test_options_are_passed_on():
    X, y = load_dataset("spiral", n=40, seed=1, classes=4)
    np.testing.assert_array_equal(X, spiral(n=40, classes=4, seed=1)[0])
    assert np.bincount(y).tolist() == [10, 10, 10, 10]


def test_noise_of_blobs_is_their_std():
    centers = [[0.0, 0.0], [4.0, 4.0]]
    X, y = load_dataset("blobs", n=6, noise=0.0, seed=0, centers=centers)
    np.testing.assert_array_equal(X, np.array(centers)[y])
    X2, _ = load_dataset("blobs", n=6, noise=0.3, seed=0, centers=centers)
    np.testing.assert_array_equal(X2, blobs(n=6, std=0.3, seed=0, centers=centers)[0])


def test_unknown_name_lists_the_names():
    with pytest.raises(ConfigError) as info:
        load_dataset("mons")
    message = str(info.value)
    assert message.startswith(
        "`data set` must be one of adding, blobs, circles, digits, moons, sine, spiral, xor; "
        "got 'mons'"
    )
    assert ".csv" in message and "IDX" in message


def test_unknown_option():
    with pytest.raises(ConfigError, match=r"option `clases` does not apply to 'spiral'"):
        load_dataset("spiral", clases=4)


def test_digits_by_name():
    X, _ = load_dataset("digits")
    assert X.shape == (1797, 64)
    with pytest.raises(ConfigError, match=r"`n` only applies to the synthetic data sets"):
        load_dataset("digits", n=100)


def test_csv_path(tmp_path):
    path = tmp_path / "iris.csv"
    path.write_text("a,b,kind\n1,2,x\n3,4,y\n")
    X, y = load_dataset(str(path))
    np.testing.assert_array_equal(X, [[1, 2], [3, 4]])
    assert y.tolist() == [0, 1]
    X, y, classes = load_dataset(str(path), label="kind", return_classes=True)
    assert classes == ["x", "y"]
    with pytest.raises(ConfigError, match=r"`noise` only applies"):
        load_dataset(str(path), noise=0.1)


def test_idx_folder(tmp_path):
    images = gzip.compress(b"\x00\x00\x08\x03" + struct.pack(">3I", 2, 2, 2) + bytes(range(8)))
    (tmp_path / "t10k-images-idx3-ubyte.gz").write_bytes(images)
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(
        b"\x00\x00\x08\x01" + struct.pack(">I", 2) + b"\x03\x09"
    )
    X, y = load_dataset(str(tmp_path), kind="test")
    assert X.shape == (2, 4)
    assert y.tolist() == [3, 9]
    np.testing.assert_allclose(X[1], np.array([4, 5, 6, 7]) / 255, rtol=1e-6)


def test_missing_or_unsupported_path(tmp_path):
    with pytest.raises(DataError, match=r"not found: .*nope\.csv"):
        load_dataset(str(tmp_path / "nope.csv"))
    other = tmp_path / "data.txt"
    other.write_text("1,2\n")
    with pytest.raises(DataError, match=r"expected a \.csv file or a folder.*'\.txt'"):
        load_dataset(str(other))


def test_import_is_cheap():
    code = (
        "import sys, chainrule.data; "
        "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("module", [chainrule.data, _checks, scaling, split])
def test_docstring_examples(module):
    result = doctest.testmod(module, raise_on_error=False)
    assert result.failed == 0
    assert result.attempted > 0


def test_path_objects_and_digits_options(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("1,2,0\n3,4,1\n")
    X, _ = load_dataset(path)
    assert X.shape == (2, 2)
    X32, _ = load_dataset("digits", dtype=np.float32)
    assert X32.dtype == np.float32
    with pytest.raises(ConfigError, match=r"option `kind` does not apply to 'digits'"):
        load_dataset("digits", kind="test")
    with pytest.raises(ConfigError, match=r"option `classes` does not apply to a CSV file"):
        load_dataset(path, classes=3)


def test_blobs_spread_given_twice():
    with pytest.raises(ConfigError, match=r"`noise` or `std`; got both"):
        load_dataset("blobs", noise=0.1, std=0.2)


def test_sequence_sets_by_name_match_their_generators():
    from chainrule.data.sequences import adding

    X, y = load_dataset("adding", n=30, noise=0.0, seed=4)
    X_ref, y_ref = adding(n=30, seed=4)
    assert X.shape == (30, 10, 2) and np.array_equal(X, X_ref) and np.array_equal(y, y_ref)
