"""The checker's median (the scale of its tolerance, a constant ratio's value) is NumPy's:
``np.median`` is the independent source, over lengths odd and even and magnitudes from
10⁻³⁰⁰ to 10³⁰⁰."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from chainrule.check.sample_eval import _median

_VALUES = arrays(np.float64, st.integers(1, 60),
                 elements=st.floats(allow_nan=False, min_value=-1e300, max_value=1e300))


@settings(max_examples=300, deadline=None)
@given(_VALUES)
def test_median_is_numpys(values: np.ndarray) -> None:
    assert _median(values) == float(np.median(values))


def test_median_of_a_hand_example() -> None:
    assert _median(np.array([3.0, -1.0, 2.0])) == 2.0  # sorted: −1, 2, 3
    assert _median(np.array([4.0, 1.0, 2.0, 8.0])) == 3.0  # (2 + 4)/2
    assert _median(np.array([np.inf, 1.0, 2.0])) == 2.0
