"""Scores and whole-data-set evaluation, against scikit-learn's metrics and hand counts."""

from __future__ import annotations

import numpy as np
import pytest

import chainrule as cr
from chainrule.nn import metrics

r2_score = pytest.importorskip("sklearn.metrics").r2_score


def _fixed(layers_weights, loss) -> cr.Network:
    weights, biases = layers_weights
    return cr.Network([cr.Dense(*np.shape(weights), weights=weights, biases=biases), *loss[1:]],
                      loss=loss[0], seed=0)


@pytest.mark.parametrize("fused", [True, False])
def test_binary_losses_with_several_outputs_score_each_label(fused: bool) -> None:
    # two independent yes/no labels: x₁ > 0 and x₂ > 0
    x = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]])
    y = (x > 0).astype(float)
    weights = np.diag([10.0, 20.0])
    if fused:
        net = _fixed((weights, np.zeros(2)), (cr.SigmoidBinaryCrossEntropy(),))
    else:
        net = _fixed((weights, np.zeros(2)), (cr.BinaryCrossEntropy(), cr.Sigmoid()))
    assert net.score(x, y) == 1.0  # argmax of the two outputs would score 3 of 4 rows
    np.testing.assert_array_equal(net.predict(x), y)
    wrong = y.copy()
    wrong[0, 1] = 0  # one label of eight is now wrong
    assert net.score(x, wrong) == 7 / 8
    history = net.fit(x, wrong, epochs=1, batch_size=2, shuffle=False,
                      optimizer=cr.SGD(lr=1e-12))
    assert history.accuracy == [7 / 8]


def test_r_squared_of_several_outputs_is_the_plain_mean_as_in_scikit_learn() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3))
    y = np.column_stack([x @ [1.0, 2.0, 0.0], 0.1 * x[:, 2] + rng.normal(size=40)])
    net = cr.Network([cr.Dense(3, 2)], loss=cr.MeanSquaredError(), seed=1)
    assert net.score(x, y) == pytest.approx(r2_score(y, net.predict(x)), rel=1e-12)
    constant = np.column_stack([y[:, 0], np.full(40, 3.0)])
    # scikit-learn scores a constant target column 0 unless it is predicted exactly
    assert net.score(x, constant) == pytest.approx(r2_score(constant, net.predict(x)),
                                                   rel=1e-12)


@pytest.mark.parametrize("loss", [cr.SoftmaxCrossEntropy(), cr.SoftmaxCrossEntropy("sum")])
def test_evaluation_in_chunks_equals_one_pass(monkeypatch, loss) -> None:
    x, y = cr.data.moons(n=50, noise=0.3, seed=2)
    net = cr.Network([cr.Dense(2, 5), cr.Tanh(), cr.Dense(5, 2)], loss=loss, seed=3)
    monkeypatch.setattr(metrics, "CHUNK_ROWS", 7)  # 50 rows: 7 full chunks and one of 1
    value, accuracy = metrics.evaluate(net, net.as_inputs(x), net.as_targets(x, y))
    assert value == pytest.approx(net.loss_value(x, y), rel=1e-12)
    assert accuracy == net.score(x, y)
    history = net.fit(x, y, epochs=2, optimizer=cr.SGD(lr=0.1), validation_data=(x, y))
    assert history.val_loss[-1] == pytest.approx(net.loss_value(x, y), rel=1e-12)
