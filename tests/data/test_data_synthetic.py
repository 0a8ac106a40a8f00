"""The toy generators: shapes, dtypes, seeds, class balance and the geometry of each set."""

from __future__ import annotations

import numpy as np
import pytest

import chainrule as cr
import chainrule.data  # makes cr.data available, as in the README
from chainrule.data import blobs, circles, moons, spiral, xor
from chainrule.errors import ConfigError

# (generator, number of classes with its default options)
GENERATORS = [(moons, 2), (circles, 2), (spiral, 3), (xor, 2), (blobs, 3)]


def sorted_rows(X: np.ndarray) -> np.ndarray:
    """Rows in lexicographic order, to compare point sets regardless of shuffling."""
    return X[np.lexsort(X.T[::-1])]


@pytest.mark.parametrize(("make", "k"), GENERATORS)
def test_shapes_dtypes_and_labels(make, k):
    X, y = make(n=31, seed=0)
    assert X.shape == (31, 2)
    assert y.shape == (31,)
    assert X.dtype == np.float64
    assert y.dtype == np.int64
    assert set(y.tolist()) == set(range(k))


@pytest.mark.parametrize(("make", "k"), GENERATORS)
def test_float32_on_request(make, k):
    X, y = make(n=12, seed=0, dtype=np.float32)
    assert X.dtype == np.float32
    assert y.dtype == np.int64


@pytest.mark.parametrize(
    ("make", "n", "expected"),
    [
        (moons, 7, [4, 3]),
        (circles, 10, [5, 5]),
        (xor, 9, [5, 4]),
        (spiral, 10, [4, 3, 3]),
        (blobs, 11, [4, 4, 3]),
    ],
)
def test_n_is_split_evenly_among_classes(make, n, expected):
    _, y = make(n=n, seed=1)
    assert np.bincount(y).tolist() == expected


@pytest.mark.parametrize(("make", "k"), GENERATORS)
def test_same_seed_same_data_other_seed_other_data(make, k):
    X1, y1 = make(n=40, seed=7)
    X2, y2 = make(n=40, seed=7)
    X3, _ = make(n=40, seed=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


def test_rows_are_shuffled():
    _, y = moons(n=100, seed=0)
    assert not np.all(np.diff(y) >= 0)


def test_readme_example():
    X, y = cr.data.moons(n=2000, noise=0.2, seed=0)
    assert X.shape == (2000, 2)
    assert np.bincount(y).tolist() == [1000, 1000]


def test_noise_is_gaussian_with_the_given_std():
    clean, y_clean = moons(n=4000, noise=0.0, seed=5)
    noisy, y_noisy = moons(n=4000, noise=0.1, seed=5)
    np.testing.assert_array_equal(y_clean, y_noisy)  # same seed: same row order
    diff = noisy - clean
    assert abs(diff.mean()) < 0.01
    assert diff.std() == pytest.approx(0.1, rel=0.05)


def test_moons_points_by_hand():
    # n=6: 3 points per class at t = 0, π/2, π.
    X, y = moons(n=6, seed=0)
    upper = [[-1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]  # (cos t, sin t)
    lower = [[0.0, 0.5], [1.0, -0.5], [2.0, 0.5]]  # (1 - cos t, 0.5 - sin t)
    np.testing.assert_allclose(sorted_rows(X[y == 0]), upper, atol=1e-12)
    np.testing.assert_allclose(sorted_rows(X[y == 1]), lower, atol=1e-12)


def test_moons_lie_on_their_half_circles():
    X, y = moons(n=200, seed=2)
    a, b = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(a[:, 0], a[:, 1]), 1.0)
    assert (a[:, 1] >= -1e-12).all()
    np.testing.assert_allclose(np.hypot(b[:, 0] - 1.0, b[:, 1] - 0.5), 1.0)
    assert (b[:, 1] <= 0.5 + 1e-12).all()


def test_circles_points_by_hand():
    X, y = circles(n=8, factor=0.5, seed=0)
    outer = [[-1.0, 0.0], [0.0, -1.0], [0.0, 1.0], [1.0, 0.0]]  # angles 0, π/2, π, 3π/2
    inner = [[-0.5, 0.0], [0.0, -0.5], [0.0, 0.5], [0.5, 0.0]]
    np.testing.assert_allclose(sorted_rows(X[y == 0]), outer, atol=1e-12)
    np.testing.assert_allclose(sorted_rows(X[y == 1]), inner, atol=1e-12)


def test_spiral_points_by_hand():
    # n=6, K=3: two points per arm at r = 0.5 and 1, angle 2πk/3 + 4r.
    X, y = spiral(n=6, classes=3, seed=0)
    for k in range(3):
        expected = []
        for r in (0.5, 1.0):
            theta = 2 * np.pi * k / 3 + 4 * r
            expected.append([r * np.cos(theta), r * np.sin(theta)])
        np.testing.assert_allclose(sorted_rows(X[y == k]), sorted_rows(np.array(expected)))


def test_spiral_with_more_classes():
    X, y = spiral(n=400, classes=5, seed=3)
    assert np.bincount(y).tolist() == [80] * 5
    r = np.hypot(X[:, 0], X[:, 1])
    assert r.max() == pytest.approx(1.0) and r.min() > 0
    theta = np.arctan2(X[:, 1], X[:, 0])
    offset = theta - 2 * np.pi * y / 5 - 4 * r  # a multiple of 2π on every arm
    np.testing.assert_allclose(np.cos(offset), 1.0)


def test_xor_labels_are_the_sign_xor():
    X, y = xor(n=500, seed=4)
    assert (np.abs(X) <= 1).all() and (X != 0).all()
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(np.int64))


def test_xor_fills_all_four_quadrants_evenly():
    X, _ = xor(n=8, seed=0)
    quadrants = sorted(map(tuple, np.sign(X).astype(int).tolist()))
    assert quadrants == sorted([(1, 1), (-1, -1), (1, -1), (-1, 1)] * 2)


def test_blobs_with_given_centers_and_no_spread():
    centers = [[0.0, 0.0, 0.0], [5.0, -5.0, 1.0]]
    X, y = blobs(n=10, centers=centers, std=0.0, seed=0)
    assert X.shape == (10, 3)
    np.testing.assert_array_equal(X, np.array(centers)[y])


def test_blobs_spread_around_random_centers():
    X, y = blobs(n=3000, centers=3, std=0.5, seed=1, n_features=4)
    assert X.shape == (3000, 4)
    for k in range(3):
        members = X[y == k]
        assert members.std(axis=0) == pytest.approx([0.5] * 4, rel=0.1)
        assert (np.abs(members.mean(axis=0)) <= 10.1).all()  # centres drawn in [-10, 10]


@pytest.mark.parametrize(
    ("call", "word"),
    [
        (lambda: moons(n=1), "`n`"),
        (lambda: moons(n=True), "`n`"),
        (lambda: moons(n=10.0), "`n`"),
        (lambda: moons(noise=-0.1), "`noise`"),
        (lambda: moons(dtype=np.int32), "`dtype`"),
        (lambda: moons(seed="abc"), "`seed`"),
        (lambda: circles(factor=1.0), "`factor`"),
        (lambda: spiral(classes=1), "`classes`"),
        (lambda: spiral(n=2, classes=3), "`n`"),
        (lambda: blobs(std=-1.0), "`std`"),
        (lambda: blobs(centers=[1.0, 2.0]), "`centers`"),
        (lambda: blobs(centers=0), "`centers`"),
    ],
)
def test_bad_options_raise_config_error_naming_the_option(call, word):
    with pytest.raises(ConfigError, match=word):
        call()


def test_config_error_says_what_came():
    with pytest.raises(ConfigError, match=r"`n` must be an integer >= 2; got 1"):
        moons(n=1)
