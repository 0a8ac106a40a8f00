"""Curves, decision boundaries, saving: files of the right kind, with something drawn."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

import chainrule as cr
from chainrule import viz
from chainrule.errors import ConfigError, ShapeError
from chainrule.nn.history import History


def _history() -> History:
    return History(loss=[0.9, 0.5, 0.3, 0.25], accuracy=[0.5, 0.7, 0.85, 0.9],
                   val_loss=[1.0, 0.6, 0.4, 0.45], val_accuracy=[0.4, 0.65, 0.8, 0.78])


def test_curves_draw_each_epoch_of_training_and_validation():
    figure = viz.training_curves(_history())
    loss_ax, accuracy_ax = figure.axes
    train, validation = loss_ax.lines
    assert list(train.get_xdata()) == [1, 2, 3, 4]
    assert list(train.get_ydata()) == [0.9, 0.5, 0.3, 0.25]
    assert list(validation.get_ydata()) == [1.0, 0.6, 0.4, 0.45]
    assert list(accuracy_ax.lines[1].get_ydata()) == [0.4, 0.65, 0.8, 0.78]
    assert accuracy_ax.get_ylabel() == "accuracy"


def test_curves_of_a_regression_have_one_panel_and_empty_history_is_refused():
    assert len(viz.training_curves(History(loss=[3.0, 2.0])).axes) == 1
    with pytest.raises(ConfigError, match="at least one finished epoch"):
        viz.training_curves(History())


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_save_figure_writes_the_format_of_the_suffix(tmp_path, suffix, real_image):
    path = viz.save_figure(viz.training_curves(_history()), tmp_path / f"curves{suffix}")
    if suffix == ".png":
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        real_image(path)
    else:
        root = ET.parse(path).getroot()
        assert root.tag.endswith("svg")
        assert len(list(root.iter("{http://www.w3.org/2000/svg}path"))) > 10


def test_save_figure_refuses_other_suffixes(tmp_path):
    with pytest.raises(ConfigError, match=r"\.png or \.svg; got .*plot\.jpg"):
        viz.save_figure(viz.training_curves(_history()), tmp_path / "plot.jpg")


def test_decision_boundary_separates_where_a_hand_built_classifier_does(tmp_path, real_image):
    # logits (x1, -x1): class 0 wins exactly where x1 > 0, a vertical boundary at x1 = 0
    net = cr.Network([cr.Dense(2, 2, weights=[[1.0, -1.0], [0.0, 0.0]])],
                     loss=cr.SoftmaxCrossEntropy())
    x = np.array([[-2.0, -1.0], [2.0, 1.0], [-1.0, 1.0], [1.0, -1.0]])
    y = np.array([1, 0, 1, 0])
    from chainrule.viz.boundary import boundary_grid

    xs, _ys, labels = boundary_grid(net, x, resolution=41)
    assert labels.shape == (41, 41)
    assert np.all(labels[:, xs < 0] == 1) and np.all(labels[:, xs > 0] == 0)
    figure = viz.decision_boundary(net, x, y)
    assert "accuracy 100.0%" in figure.axes[0].get_title()
    real_image(viz.save_figure(figure, tmp_path / "boundary.png"))


def test_decision_boundary_needs_two_inputs_and_a_classifier():
    wide = cr.Network([cr.Dense(3, 2)], loss=cr.SoftmaxCrossEntropy())
    with pytest.raises(ShapeError, match="2 inputs; the network has 3"):
        viz.decision_boundary(wide, np.zeros((4, 3)), [0, 1, 0, 1])
    regression = cr.Network([cr.Dense(2, 1)], loss=cr.MeanSquaredError())
    with pytest.raises(ConfigError, match="needs a classifier"):
        viz.decision_boundary(regression, np.zeros((4, 2)), np.zeros(4))


def test_training_figures_add_the_boundary_for_a_two_input_classifier(tmp_path, moons,
                                                                     real_image):
    x, y = moons
    net = cr.Network([cr.Dense(2, 8), cr.Tanh(), cr.Dense(8, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    history = net.fit(x, y, epochs=5, batch_size=32, optimizer=cr.SGD(lr=0.2), seed=0,
                      validation_split=0.2)
    figure = viz.training_figures(history, net, x, y)
    assert [ax.get_ylabel() for ax in figure.axes] == ["loss", "accuracy", "$x_2$"]
    assert len(viz.training_figures(history).axes) == 2
    real_image(viz.save_figure(figure, tmp_path / "training.png"), min_width=600)
