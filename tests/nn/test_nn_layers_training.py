"""The new layers learn: a small CNN on the 8×8 digits, recurrent nets on the adding problem."""

from __future__ import annotations

import numpy as np
import pytest

import chainrule as cr
from chainrule.data.sequences import ADDING_BASELINE, adding


def test_small_cnn_reaches_98_percent_on_the_digits_test_split() -> None:
    pytest.importorskip("sklearn")
    x, y = cr.data.digits()
    x_train, x_test, y_train, y_test = cr.data.train_test_split(x, y, test_size=0.25, seed=0)
    scaler = cr.data.Standardizer().fit(x_train)  # per pixel, as `chainrule train` does
    images_train = scaler.transform(x_train).reshape(-1, 1, 8, 8)
    images_test = scaler.transform(x_test).reshape(-1, 1, 8, 8)
    net = cr.Network([cr.Conv2D(1, 16, 3, padding=1), cr.BatchNorm(16), cr.ReLU(),
                      cr.MaxPool2D(2), cr.Flatten(), cr.Dense(16 * 4 * 4, 10)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    net.fit(images_train, y_train, epochs=8, batch_size=32, optimizer=cr.Adam(lr=0.01), seed=0)
    assert net.score(images_test, y_test) >= 0.98


@pytest.mark.parametrize("kind", [cr.RNN, cr.LSTM])
def test_recurrent_nets_learn_the_adding_problem(kind) -> None:
    """Five times below 1/6, the error of any prediction that ignores which steps are
    marked (the RNN reaches about 0.02, the LSTM below 0.001)."""
    x, y = adding(1500, steps=8, seed=0)
    x_test, y_test = adding(400, steps=8, seed=1)
    net = cr.Network([kind(2, 16), cr.Dense(16, 1)], loss=cr.MeanSquaredError(), seed=0)
    before = net.loss_value(x_test, y_test)
    net.fit(x, y, epochs=15, batch_size=32, optimizer=cr.Adam(lr=0.01), seed=0)
    assert before > ADDING_BASELINE
    assert net.loss_value(x_test, y_test) < ADDING_BASELINE / 5


def test_adding_problem_by_hand() -> None:
    x, y = adding(50, steps=5, seed=3)
    assert x.shape == (50, 5, 2) and y.shape == (50, 1)
    assert np.array_equal(x[:, :, 1].sum(axis=1), np.full(50, 2.0))  # two markers each
    marked = (x[:, :, 0] * x[:, :, 1]).sum(axis=1)
    assert np.allclose(marked, y[:, 0])
    assert np.array_equal(adding(50, steps=5, seed=3)[0], x)  # same seed, same data
    # the baseline: predicting the mean 1 errs by Var(u1 + u2) = 2/12 on average
    _, many = adding(200_000, steps=3, seed=0)
    assert np.mean((many - 1.0) ** 2) == pytest.approx(ADDING_BASELINE, rel=0.02)


def test_sine_targets_continue_the_wave() -> None:
    x, y = cr.data.sequences.sine(20, steps=6, seed=2)
    assert x.shape == (20, 6, 1) and y.shape == (20, 1)
    # sin(a + 2ω) = 2 cos ω sin(a + ω) − sin(a): every 3 consecutive values obey it
    s = np.concatenate([x[:, :, 0], y], axis=1)
    s = s[np.abs(s[:, 1]) > 0.1]  # cos ω from the first three values, away from 0/0
    cos_omega = (s[:, 2] + s[:, 0]) / (2 * s[:, 1])
    assert np.allclose(s[:, 6], 2 * cos_omega * s[:, 5] - s[:, 4])
