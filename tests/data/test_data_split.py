"""train_test_split: sizes, alignment of X and y, seeds and stratification."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule.data import train_test_split
from chainrule.errors import ConfigError, DataError


def numbered(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows that identify themselves: X[i] = [i, -i], y[i] = 10 i."""
    index = np.arange(n)
    return np.column_stack([index, -index]), 10 * index


def test_sizes_round_the_test_part_up():
    X, y = numbered(10)
    X_train, X_test, y_train, y_test = train_test_split(X, y, seed=0)
    assert len(X_test) == len(y_test) == 3  # ceil(0.25 * 10)
    assert len(X_train) == len(y_train) == 7
    assert X_train.shape[1] == 2


def test_test_size_as_a_count():
    X, y = numbered(10)
    _, X_test, _, _ = train_test_split(X, y, test_size=4, seed=0)
    assert len(X_test) == 4


def test_parts_are_disjoint_cover_everything_and_stay_aligned():
    X, y = numbered(50)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, seed=1)
    seen = np.concatenate([X_train[:, 0], X_test[:, 0]])
    assert sorted(seen.tolist()) == list(range(50))
    np.testing.assert_array_equal(y_train, 10 * X_train[:, 0])
    np.testing.assert_array_equal(y_test, 10 * X_test[:, 0])
    assert not np.all(np.diff(X_train[:, 0]) > 0)  # shuffled


def test_same_seed_same_split():
    X, y = numbered(30)
    first = train_test_split(X, y, seed=3)
    second = train_test_split(X, y, seed=3)
    other = train_test_split(X, y, seed=4)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[1], other[1])


def test_stratified_exact_proportions():
    y = np.repeat([0, 1, 2], [60, 30, 10])
    X = np.arange(100).reshape(-1, 1)
    _, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, seed=0, stratify=True)
    assert np.bincount(y_test).tolist() == [12, 6, 2]
    assert np.bincount(y_train).tolist() == [48, 24, 8]
    np.testing.assert_array_equal(y[X_test[:, 0]], y_test)


def test_stratified_rounding_by_largest_remainder():
    # 3 test samples from classes of 5, 3, 2: shares 1.5, 0.9, 0.6 -> floors 1, 0, 0,
    # and the two spare places go to the largest remainders (0.9 and 0.6).
    y = np.repeat([0, 1, 2], [5, 3, 2])
    _, _, _, y_test = train_test_split(np.zeros((10, 1)), y, test_size=0.3, seed=0, stratify=True)
    assert np.bincount(y_test, minlength=3).tolist() == [1, 1, 1]


def test_stratified_string_and_one_hot_labels():
    y = np.array(["a"] * 8 + ["b"] * 4)
    _, _, _, y_test = train_test_split(np.zeros((12, 2)), y, test_size=0.25, seed=2, stratify=True)
    assert sorted(y_test.tolist()) == ["a", "a", "b"]
    one_hot = np.eye(2)[np.repeat([0, 1], [8, 4])]
    _, _, _, oh_test = train_test_split(
        np.zeros((12, 2)), one_hot, test_size=0.25, seed=2, stratify=True
    )
    assert oh_test.sum(axis=0).tolist() == [2.0, 1.0]


def test_stratified_needs_two_samples_per_class():
    y = np.array([0, 0, 0, 1])
    with pytest.raises(DataError, match=r"at least 2 samples of every class; 1 class"):
        train_test_split(np.zeros((4, 1)), y, stratify=True)


def test_mismatched_lengths():
    with pytest.raises(DataError, match=r"same number of samples.*\(5, 2\).*\(4,\)"):
        train_test_split(np.zeros((5, 2)), np.zeros(4))


@pytest.mark.parametrize("test_size", [0.0, 1.0, 1.5, 0, 10, -1, "0.2", True])
def test_bad_test_size(test_size):
    X, y = numbered(10)
    with pytest.raises(ConfigError, match=r"`test_size`"):
        train_test_split(X, y, test_size=test_size)


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=2, max_value=40), min_size=2, max_size=6),
    fraction=st.floats(min_value=0.05, max_value=0.95),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_stratified_split_property(sizes, fraction, seed):
    y = np.repeat(np.arange(len(sizes)), sizes)
    n = len(y)
    X = np.arange(n).reshape(-1, 1)
    n_test = math.ceil(fraction * n)
    if n_test >= n:
        return
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=fraction, seed=seed, stratify=True
    )
    assert len(y_test) == n_test and len(y_train) == n - n_test
    assert sorted(np.concatenate([X_train[:, 0], X_test[:, 0]]).tolist()) == list(range(n))
    np.testing.assert_array_equal(y[X_test[:, 0]], y_test)
    for k, size in enumerate(sizes):
        share = size * n_test / n  # each class's test count is its share rounded down or up
        assert math.floor(share) <= np.sum(y_test == k) <= math.ceil(share)
