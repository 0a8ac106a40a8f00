"""Bad input is refused at the public boundary with messages that say what was expected."""

from __future__ import annotations

import numpy as np
import pytest

import chainrule as cr
from chainrule.errors import ConfigError, DataError, ShapeError
from chainrule.nn.init import INITIALIZERS
from chainrule.nn.optimizers import OPTIMIZERS, make_optimizer
from chainrule.ops import ACTIVATIONS, LOSSES


def _seed004_net() -> cr.Network:
    return cr.Network([cr.Dense(2, 500), cr.Tanh(), cr.Dense(500, 2)],
                      loss=cr.SoftmaxCrossEntropy(), seed=0)


@pytest.mark.parametrize("method", ["forward", "predict", "predict_proba"])
def test_input_shape_mismatch_names_the_layer_and_both_shapes(method: str) -> None:
    net = _seed004_net()
    with pytest.raises(ShapeError) as info:
        getattr(net, method)(np.zeros((32, 3)))
    assert str(info.value) == "layer 1 (Dense 2→500) expects input of shape (N, 2); got (32, 3)"


def test_input_shape_mismatch_in_fit_and_loss() -> None:
    net = _seed004_net()
    for call in (lambda: net.fit(np.zeros((4, 3)), np.zeros(4, int)),
                 lambda: net.loss_and_gradients(np.zeros((4, 2, 1)), np.zeros(4, int)),
                 lambda: net.trace(np.zeros((4, 1)), np.zeros(4, int))):
        with pytest.raises(ShapeError, match=r"expects input of shape \(N, 2\)"):
            call()


def test_one_sample_as_a_vector_is_accepted() -> None:
    net = _seed004_net()
    assert net.forward([0.5, -0.5]).shape == (1, 2)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_inputs_are_rejected(bad: float) -> None:
    net = _seed004_net()
    x = np.zeros((6, 2))
    x[4, 1] = bad
    with pytest.raises(DataError, match=r"NaN or Inf \(rows 4\)"):
        net.fit(x, np.zeros(6, int))
    with pytest.raises(DataError, match="NaN or Inf"):
        net.predict(x)


def test_non_numeric_and_empty_inputs() -> None:
    net = _seed004_net()
    with pytest.raises(DataError, match="numeric"):
        net.predict(np.array([["a", "b"]]))
    with pytest.raises(DataError, match="0 samples"):
        net.predict(np.zeros((0, 2)))


def test_non_finite_targets_are_rejected() -> None:
    net = cr.Network([cr.Dense(2, 1)], loss=cr.MeanSquaredError())
    with pytest.raises(DataError, match="NaN or Inf"):
        net.fit(np.zeros((3, 2)), np.array([0.0, np.nan, 1.0]))


def test_labels_out_of_range() -> None:
    net = cr.Network([cr.Dense(2, 3)], loss=cr.SoftmaxCrossEntropy())
    with pytest.raises(DataError) as info:
        net.fit(np.zeros((3, 2)), np.array([0, 3, 1]))
    assert "labels in 0..2" in str(info.value) and "got 3" in str(info.value)
    with pytest.raises(DataError, match="got -1"):
        net.loss_value(np.zeros((2, 2)), np.array([-1, 0]))


def test_non_integer_labels() -> None:
    net = cr.Network([cr.Dense(2, 3)], loss=cr.SoftmaxCrossEntropy())
    with pytest.raises(DataError, match="integer class labels"):
        net.fit(np.zeros((3, 2)), np.array([0.0, 1.5, 2.0]))
    # integral floats are fine
    net.loss_value(np.zeros((3, 2)), np.array([0.0, 1.0, 2.0]))


def test_wrong_kind_of_targets() -> None:
    classifier = cr.Network([cr.Dense(2, 3)], loss=cr.SoftmaxCrossEntropy())
    with pytest.raises(DataError, match="numeric targets"):
        classifier.fit(np.zeros((2, 2)), np.array(["cat", "dog"]))
    with pytest.raises(DataError, match="distribution"):
        classifier.fit(np.zeros((2, 2)), np.array([[0.5, 0.5, 0.5], [1.0, 0.0, 0.0]]))
    with pytest.raises(ShapeError, match=r"\(N, 3\)"):
        classifier.fit(np.zeros((2, 2)), np.array([[0.5, 0.5], [1.0, 0.0]]))
    binary = cr.Network([cr.Dense(2, 1)], loss=cr.SigmoidBinaryCrossEntropy())
    with pytest.raises(DataError, match=r"\[0, 1\]"):
        binary.fit(np.zeros((2, 2)), np.array([0.0, 2.0]))
    regression = cr.Network([cr.Dense(2, 2)], loss=cr.MeanSquaredError())
    with pytest.raises(ShapeError, match=r"\(N, 2\)"):
        regression.fit(np.zeros((3, 2)), np.zeros(3))


def test_mismatched_sample_counts() -> None:
    net = _seed004_net()
    with pytest.raises(ShapeError) as info:
        net.fit(np.zeros((5, 2)), np.zeros(4, int))
    assert "same number of samples" in str(info.value)
    assert "5 inputs" in str(info.value) and "4 targets" in str(info.value)
    x_val = np.zeros((3, 2))
    with pytest.raises(ShapeError, match="same number of samples"):
        net.fit(np.zeros((5, 2)), np.zeros(5, int), validation_data=(x_val, np.zeros(2, int)))


def test_dense_that_does_not_match_the_previous_layer() -> None:
    with pytest.raises(ConfigError) as info:
        cr.Network([cr.Dense(2, 4), cr.Tanh(), cr.Dense(5, 1)], loss=cr.MeanSquaredError())
    message = str(info.value)
    assert "layer 3" in message and "Dense 5→1" in message
    assert "expects 5 inputs" in message and "gives 4" in message


@pytest.mark.parametrize(("loss", "final"), [(cr.SoftmaxCrossEntropy, cr.Softmax),
                                             (cr.SigmoidBinaryCrossEntropy, cr.Sigmoid)])
def test_final_activation_already_inside_a_fused_loss_is_refused(loss, final) -> None:
    with pytest.raises(ConfigError) as info:
        cr.Network([cr.Dense(2, 2), final()], loss=loss())
    assert "remove the final" in str(info.value)


@pytest.mark.parametrize(("loss", "layers", "last"), [
    (cr.CrossEntropy, [cr.Dense(2, 3)], "Dense 2→3"),
    (cr.CrossEntropy, [cr.Dense(2, 3), cr.Sigmoid()], "Sigmoid()"),
    (cr.BinaryCrossEntropy, [cr.Dense(2, 1), cr.Tanh()], "Tanh()"),
])
def test_a_loss_of_probabilities_needs_its_final_activation(loss, layers, last) -> None:
    # else log() of raw outputs is NaN and training would blame the learning rate
    with pytest.raises(ConfigError) as info:
        cr.Network(layers, loss=loss())
    message = str(info.value)
    assert f"got {last} as the last layer" in message
    needed = loss.input_activation
    assert f"final {needed} layer" in message and f"fused {needed}_{loss.name}" in message


def test_other_architecture_mistakes() -> None:
    with pytest.raises(ConfigError, match="at least one Dense"):
        cr.Network([cr.Tanh()], loss=cr.MeanSquaredError())
    with pytest.raises(ConfigError, match="must be a Loss"):
        cr.Network([cr.Dense(2, 1)], loss="mse")
    with pytest.raises(ConfigError, match="Dense layer or an activation"):
        cr.Network([cr.Dense(2, 1), "tanh"], loss=cr.MeanSquaredError())
    with pytest.raises(ConfigError, match="at least one input"):
        cr.Dense(0, 3)
    with pytest.raises(ShapeError, match=r"\(2, 3\)"):
        cr.Network([cr.Dense(2, 3, weights=np.zeros((3, 2)))], loss=cr.MeanSquaredError())
    with pytest.raises(ConfigError, match="no bias"):
        cr.Network([cr.Dense(2, 3, bias=False, biases=np.zeros(3))], loss=cr.MeanSquaredError())


def _assert_lists(call, word: str, allowed) -> None:
    with pytest.raises(ConfigError) as info:
        call()
    message = str(info.value)
    assert f"`{word}` must be one of" in message
    for name in allowed:
        assert name in message


def test_unknown_names_list_the_allowed_ones() -> None:
    _assert_lists(lambda: cr.ops.activation("tahn"), "activation", ACTIVATIONS)
    _assert_lists(lambda: cr.ops.loss("hinge"), "loss", LOSSES)
    _assert_lists(lambda: cr.Dense(2, 3, init="xavier"), "init", INITIALIZERS)
    _assert_lists(lambda: make_optimizer("rmsprop", 0.1), "optimizer", OPTIMIZERS)
    _assert_lists(lambda: cr.Network([cr.Dense(2, 1)], cr.MeanSquaredError(), dtype="float16"),
                  "dtype", ["float32", "float64"])


def test_trace_rejects_a_layer_number_out_of_range() -> None:
    trace = _seed004_net().trace(np.zeros((1, 2)), [0])
    with pytest.raises(ConfigError, match=r"1\.\.2"):
        trace.delta(3)


def test_one_sample_with_a_scalar_label_or_target() -> None:
    """A learner traces one sample: ``trace([x1, x2], 1)`` is label 1, not a (1, 1) array."""
    net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    np.testing.assert_array_equal(net.trace([0.5, -0.5], 1).targets, [[0.0, 1.0]])
    assert net.loss_value([0.5, -0.5], np.int64(1)) == net.loss_value([[0.5, -0.5]], [1])
    regression = cr.Network([cr.Dense(2, 1)], loss=cr.SquaredError(), seed=0)
    np.testing.assert_array_equal(regression.trace([0.5, -0.5], 0.25).targets, [[0.25]])
    with pytest.raises(ShapeError, match=r"\(N, 2\)"):
        cr.Network([cr.Dense(2, 2)], loss=cr.SquaredError()).trace([0.5, -0.5], 0.25)


def test_finiteness_check_is_exact_for_huge_finite_values_and_small_chunks() -> None:
    from chainrule.nn.validation import all_finite

    huge = np.full((50, 3), np.finfo(np.float32).max, dtype=np.float32)  # the sum overflows
    assert all_finite(huge, chunk_elements=7)
    huge[37, 2] = np.inf
    assert not all_finite(huge, chunk_elements=7)
    huge[37, 2] = np.nan
    assert not all_finite(huge, chunk_elements=7)
    assert not all_finite(np.array([[1.0, np.nan]]))
    assert all_finite(np.array([[1.0, -2.0]]))


def test_a_column_of_class_labels_is_taken_as_labels() -> None:
    net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 3)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    X = np.array([[0.1, 0.2], [0.3, -0.1], [-0.5, 0.4]])
    labels = np.array([2, 0, 1])
    assert net.loss_value(X, labels[:, None]) == net.loss_value(X, labels)
    with pytest.raises(cr.DataError, match=r"labels in 0\.\.2"):
        net.loss_value(X, np.array([[3], [0], [1]]))
