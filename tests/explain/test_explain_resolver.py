"""One rule for which network, sample, targets, notation and quantity a command works on."""

from __future__ import annotations

import numpy as np
import pytest

import chainrule as cr
from chainrule.errors import ConfigError
from chainrule.explain.quantity import Quantity
from chainrule.explain.resolver import network_from_widths, resolve


def test_nothing_given_is_the_example_named_like_the_notation_else_lfd():
    plain = resolve()
    assert plain.example.name == "lfd" and plain.notation == "lfd"
    np.testing.assert_array_equal(plain.x, [[0.5, -1.0]])  # the LFD exercise's sample
    assert plain.quantity == "delta_1^(L)"
    nielsen = resolve(notation="nielsen")
    assert nielsen.example.name == "nielsen" and nielsen.net.n_inputs == 3
    np.testing.assert_array_equal(nielsen.x, [[0.2, -0.4, 0.9]])


def test_a_notation_object_is_kept_and_brings_the_lfd_example():
    from chainrule.explain.notation import get_notation

    cs231n = get_notation("cs231n")
    chosen = resolve(notation=cs231n)
    assert chosen.example.name == "lfd" and chosen.chosen_notation() is cs231n


def test_an_examples_question_read_in_another_notation_is_in_engine_terms():
    # LFD's δ_1^(L) of its 2-3-1 net: the δ of the output layer (engine layer 2), unit 0
    chosen = resolve(example="lfd", notation="mitchell")
    assert chosen.notation == "mitchell"
    assert chosen.quantity == Quantity("delta", 2, 0, 0)
    assert resolve(example="lfd").quantity == "delta_1^(L)"


def test_a_network_without_a_sample_gets_a_reproducible_one_in_its_targets_range():
    net = cr.Network([cr.Dense(3, 4), cr.Tanh(), cr.Dense(4, 5)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    first, again = resolve(net, seed=7), resolve(net, seed=7)
    np.testing.assert_array_equal(first.x, again.x)
    assert first.x.shape == (1, 3) and first.y.shape == (1,) and 0 <= first.y[0] < 5
    assert first.example is None and first.notation == "lfd" and first.quantity == 1


def test_a_classifiers_one_column_targets_are_class_labels():
    net = cr.Network([cr.Dense(2, 3)], loss=cr.SoftmaxCrossEntropy(), seed=0)
    chosen = resolve(net, x=[[0.5, -1.0], [1.0, 2.0]], y=[[2.0], [0.0]])
    assert chosen.y.tolist() == [2, 0] and chosen.y.dtype.kind == "i"
    regression = cr.Network([cr.Dense(2, 1)], loss=cr.SquaredError(), seed=0)
    assert resolve(regression, x=[[0.5, -1.0]], y=[[2.0]]).y.shape == (1, 1)


@pytest.mark.parametrize("options, message", [
    ({"example": "lfd", "model": "net.npz"}, "give one network"),
    ({"network": "lfd"}, "must be a chainrule.Network"),
    ({"example": "lfd", "x": [[0.5, -1.0]]}, "give x and y together"),
])
def test_what_cannot_be_resolved_is_said(options, message):
    with pytest.raises(ConfigError, match=message):
        resolve(**options)


def test_the_explanation_is_of_the_resolved_network_and_sample():
    chosen = resolve(example="jhz")
    direct = cr.explain(chosen.net, chosen.x, chosen.y, "w_12^(2)", "jhz").to_text()
    assert chosen.explanation().to_text() == direct


def test_a_network_from_widths_takes_the_textbooks_theta_on_every_layer():
    net = network_from_widths([2, 3, 1], "tanh", None, "squared_error", True, seed=0)
    x = np.array([[0.5, -1.0]])
    w1, b1, w2, b2 = net.parameters
    expected = np.tanh(np.tanh(x @ w1 + b1) @ w2 + b2)  # tanh on the output too, by hand
    np.testing.assert_allclose(net.predict(x), expected)
    with pytest.raises(ConfigError, match="at least one layer"):
        network_from_widths([2], "tanh", None, "squared_error", True, seed=0)
