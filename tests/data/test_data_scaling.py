"""Standardizer: statistics by hand, train statistics applied to test, constant columns."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from chainrule.data import Standardizer
from chainrule.errors import ConfigError, DataError, ShapeError

# Column 0: mean 3, deviations -2, 0, 2 -> variance 8/3.
# Column 1: mean 30, deviations -20, -10, 30 -> variance (400 + 100 + 900) / 3 = 1400/3.
# Column 2: constant 5.
X_TRAIN = np.array([[1.0, 10.0, 5.0], [3.0, 20.0, 5.0], [5.0, 60.0, 5.0]])
STD0 = math.sqrt(8 / 3)
STD1 = math.sqrt(1400 / 3)


def test_fit_learns_mean_and_std_by_hand():
    scaler = Standardizer().fit(X_TRAIN)
    np.testing.assert_allclose(scaler.mean_, [3.0, 30.0, 5.0])
    np.testing.assert_allclose(scaler.scale_, [STD0, STD1, 1.0])  # constant column: scale 1


def test_fit_transform_values_and_moments():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no division-by-zero warning for the constant column
        Z = Standardizer().fit_transform(X_TRAIN)
    expected = [
        [-2 / STD0, -20 / STD1, 0.0],
        [0.0, -10 / STD1, 0.0],
        [2 / STD0, 30 / STD1, 0.0],
    ]
    np.testing.assert_allclose(Z, expected)
    np.testing.assert_allclose(Z[:, :2].mean(axis=0), 0.0, atol=1e-15)
    np.testing.assert_allclose(Z[:, :2].std(axis=0), 1.0)


def test_test_data_use_the_training_statistics():
    scaler = Standardizer().fit(X_TRAIN)
    Z = scaler.transform([[7.0, 30.0, 6.0]])
    np.testing.assert_allclose(Z, [[4 / STD0, 0.0, 1.0]])  # (6 - 5) / 1 on the constant column


def test_inexact_constant_column_becomes_zeros():
    X = np.column_stack([np.full(7, 0.1), np.arange(7.0)])
    Z = Standardizer().fit_transform(X)
    np.testing.assert_array_equal(Z[:, 0], 0.0)
    np.testing.assert_allclose(Z[:, 1], (np.arange(7) - 3) / 2)  # std of 0..6 is 2


def test_tiny_but_real_variance_is_kept():
    X = np.array([[1e-20], [3e-20]])
    np.testing.assert_allclose(Standardizer().fit_transform(X), [[-1.0], [1.0]])


def test_inverse_transform_round_trip():
    scaler = Standardizer().fit(X_TRAIN)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(X_TRAIN)), X_TRAIN)


def test_dtypes():
    X32 = X_TRAIN.astype(np.float32)
    assert Standardizer().fit_transform(X32).dtype == np.float32
    assert Standardizer().fit_transform([[1, 2], [3, 4]]).dtype == np.float64


def test_unfitted():
    with pytest.raises(ConfigError, match=r"not fitted yet; call fit"):
        Standardizer().transform(X_TRAIN)
    assert repr(Standardizer()) == "Standardizer(unfitted)"
    assert repr(Standardizer().fit(X_TRAIN)) == "Standardizer(n_features=3)"


def test_wrong_number_of_columns():
    scaler = Standardizer().fit(X_TRAIN)
    with pytest.raises(
        ShapeError, match=r"expected X with 3 columns, as in fit; got shape \(1, 2\)"
    ):
        scaler.transform([[1.0, 2.0]])


def test_bad_inputs():
    with pytest.raises(DataError, match=r"2-D array.*shape \(3,\)"):
        Standardizer().fit([1.0, 2.0, 3.0])
    with pytest.raises(DataError, match=r"finite; found nan at row 1, column 0"):
        Standardizer().fit([[1.0], [np.nan]])
    with pytest.raises(ShapeError, match=r"at least one sample"):
        Standardizer().fit(np.zeros((0, 2)))
