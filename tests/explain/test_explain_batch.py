"""One weight of a batch is explained for one sample, and the text says which and why."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.explain import example, explain


def one_sample_gradients(ex, row):
    """dW₂ of the cs231n example, by hand, for one sample and for the whole batch's mean."""
    w1, b1, w2, b2 = ex.net.parameters
    a1 = np.tanh(ex.x @ w1 + b1)
    z2 = a1 @ w2 + b2
    p = np.exp(z2 - z2.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    dz = p - np.eye(2)[ex.y]
    return np.outer(a1[row], dz[row]), a1.T @ dz / len(ex.y)


@pytest.mark.parametrize("row", [0, 3])
def test_a_weight_of_a_batch_says_which_sample_it_follows(row):
    ex = example("cs231n")
    single, mean = one_sample_gradients(ex, row)
    explanation = explain(ex.net, ex.x, ex.y, "(W_2)_11", "cs231n", sample=row)
    text = explanation.to_text(width=2000)
    assert explanation.check.backprop == pytest.approx(single[0, 0], abs=1e-12)
    assert f"Of the N = 8 samples given, this follows sample {row + 1} (row {row}) alone" in text
    assert "the mean over all 8 samples, so its entries differ" in text
    assert "One sample (N = 1)." not in text
    layer = explain(ex.net, ex.x, ex.y, 2, "cs231n")
    np.testing.assert_allclose(layer.check.backprop, mean, atol=1e-12)
