"""The shared finite-difference helper, against derivatives written by hand."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.nn.finite_difference import central_difference, sampled_entries


def test_central_difference_matches_the_derivative_written_by_hand() -> None:
    a = np.array([[0.3, -1.2], [2.0, 0.5]])
    loss = lambda: float(np.sum(a**3) + np.sin(a[1, 0]))  # noqa: E731
    # ∂/∂a[1,0] of Σ a³ + sin a[1,0] = 3·a[1,0]² + cos a[1,0]
    expected = 3 * 2.0**2 + np.cos(2.0)
    assert central_difference(loss, a, (1, 0), 1e-5) == pytest.approx(expected, rel=1e-9)


def test_central_difference_is_exact_for_a_quadratic() -> None:
    # (L(x+h) − L(x−h)) / 2h has no truncation error for x²: 2x up to rounding
    a = np.array([0.7])
    slope = central_difference(lambda: float(a[0] ** 2), a, (0,), 1e-3)
    assert slope == pytest.approx(1.4, rel=1e-12)


def test_the_array_is_restored_even_when_the_loss_raises() -> None:
    a = np.array([0.1, 0.2, 0.3])
    before = a.copy()

    def failing() -> float:
        raise FloatingPointError("overflow")

    with pytest.raises(FloatingPointError):
        central_difference(failing, a, (1,), 1e-2)
    assert np.array_equal(a, before)
    central_difference(lambda: float(a.sum()), a, (2,), 1e-2)
    assert np.array_equal(a, before)


def test_small_arrays_are_checked_entry_by_entry() -> None:
    rng = np.random.default_rng(0)
    assert sampled_entries((2, 3), 6, rng) == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]
    assert sampled_entries((4,), None, rng) == [(0,), (1,), (2,), (3,)]


def test_large_arrays_are_sampled_without_repeats_in_row_major_order() -> None:
    entries = sampled_entries((30, 40), 50, np.random.default_rng(7))
    assert len(entries) == len(set(entries)) == 50
    assert entries == sorted(entries)
    assert all(0 <= i < 30 and 0 <= j < 40 for i, j in entries)
    assert entries == sampled_entries((30, 40), 50, np.random.default_rng(7))  # same seed
    assert entries != sampled_entries((30, 40), 50, np.random.default_rng(8))
