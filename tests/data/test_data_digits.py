"""The 8×8 digits of scikit-learn (in the test extras: where CI is set, a missing scikit-learn
fails these tests instead of skipping them, see tests/conftest.py)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from chainrule.data import digits
from chainrule.errors import DataError


def test_shape_scale_and_labels():
    pytest.importorskip("sklearn")
    X, y = digits()
    assert X.shape == (1797, 64)
    assert X.dtype == np.float64
    assert y.shape == (1797,)
    assert y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(X * 16, np.round(X * 16))  # pixel counts 0..16 over 16
    assert y[:10].tolist() == list(range(10))
    # Class sizes of the UCI optdigits test set that scikit-learn bundles.
    assert np.bincount(y).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_first_image_first_rows():
    pytest.importorskip("sklearn")
    X, _ = digits()
    first_two_rows = [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0]
    np.testing.assert_allclose(X[0, :16], np.array(first_two_rows) / 16)


def test_float32():
    pytest.importorskip("sklearn")
    X, _ = digits(dtype=np.float32)
    assert X.dtype == np.float32


def test_without_scikit_learn_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)  # makes `import sklearn...` fail
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(DataError, match=r"scikit-learn.*pip install 'chainrule\[datasets\]'"):
        digits()
