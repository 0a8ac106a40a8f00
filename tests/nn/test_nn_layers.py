"""The layers beyond Dense inside a network: bad shapes, modes, save/load, gradcheck, the
symbolic faces (against their own numbers and ``sympy.diff``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import sympy

import chainrule as cr
from chainrule.errors import ConfigError, ShapeError
from chainrule.nn.gradcheck import gradcheck


def _cnn(seed: int = 0) -> cr.Network:
    return cr.Network(
        [cr.Conv2D(1, 3, 3, padding=1, bias=False), cr.BatchNorm(3), cr.ReLU(), cr.MaxPool2D(2),
         cr.Dropout(0.2, seed=1), cr.Flatten(), cr.Dense(3 * 4 * 4, 4)],
        loss=cr.SoftmaxCrossEntropy(), seed=seed)


# -- bad shapes: one error that names the layer and both shapes -------------------------------


def test_kernel_larger_than_the_padded_input() -> None:
    net = cr.Network([cr.Conv2D(1, 2, 5, padding=1), cr.Flatten(), cr.Dense(2, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    with pytest.raises(ShapeError) as info:
        net.forward(np.zeros((2, 1, 2, 6)))
    message = str(info.value)
    assert "layer 1: Conv2D 1→2 k5 padding 1" in message
    assert "(N, 1, H, W)" in message and "(2, 1, 2, 6)" in message
    assert "kernel 5 is larger than the padded input (4, 8)" in message


def test_wrong_channel_count_names_the_layer_and_both_shapes() -> None:
    net = _cnn()
    with pytest.raises(ShapeError) as info:
        net.forward(np.zeros((2, 3, 8, 8)))
    assert str(info.value) == ("layer 1: Conv2D 1→3 k3 padding 1 (no bias) expects input of shape "
                               "(N, 1, H, W) (3 channels instead of 1); got (2, 3, 8, 8)")


def test_dense_after_flatten_of_the_wrong_size() -> None:
    with pytest.raises(ShapeError) as info:
        _cnn().forward(np.zeros((2, 1, 6, 6)))  # 3·3·3 = 27 features, Dense wants 48
    assert str(info.value) == ("layer 7: Dense 48→4 expects input of shape (N, 48); "
                               "got (2, 27)")


def test_sequences_of_unequal_length() -> None:
    net = cr.Network([cr.RNN(2, 3), cr.Dense(3, 1)], loss=cr.MeanSquaredError(), seed=0)
    ragged = [np.zeros((5, 2)), np.zeros((7, 2))]
    with pytest.raises(ShapeError) as info:
        net.forward(ragged)
    message = str(info.value)
    assert "layer 1 (RNN 2→3 (last step)) expects input of shape (N, T, 2)" in message
    assert "lengths 5, 7" in message
    with pytest.raises(ShapeError, match=r"expects input of shape \(N, T, 2\); got \(4, 5, 3\)"):
        net.forward(np.zeros((4, 5, 3)))


def test_architectures_that_cannot_fit_are_refused_when_built() -> None:
    with pytest.raises(ConfigError, match=r"layer 2 \(Conv2D 4→2 k3\) expects 4 input "
                                          r"features or channels, but the layer before it gives 3"):
        cr.Network([cr.Conv2D(1, 3, 3), cr.Conv2D(4, 2, 3), cr.Flatten(), cr.Dense(2, 2)],
                   loss=cr.SoftmaxCrossEntropy())
    with pytest.raises(ConfigError, match=r"layer 2 \(Dense 10→2\) takes inputs of shape "
                                          r"\(N, F\).*add Flatten"):
        cr.Network([cr.Conv2D(1, 3, 3), cr.Dense(10, 2)], loss=cr.SoftmaxCrossEntropy())
    with pytest.raises(ConfigError, match=r"the last layer gives \(N, C, H, W\)"):
        cr.Network([cr.Conv2D(1, 3, 3)], loss=cr.SoftmaxCrossEntropy())
    with pytest.raises(ConfigError, match="output='last'"):
        cr.Network([cr.RNN(2, 3, output="all")], loss=cr.MeanSquaredError())
    with pytest.raises(ConfigError, match="positive kernel size"):
        cr.Conv2D(1, 2, 0)
    with pytest.raises(ConfigError, match="0 ≤ p < 1"):
        cr.Dropout(1.0)


def test_batch_norm_training_on_a_single_value_per_feature() -> None:
    net = cr.Network([cr.Dense(3, 2), cr.BatchNorm(2)], loss=cr.MeanSquaredError()).train()
    with pytest.raises(ShapeError, match=r"layer 2: BatchNorm 2 .*more than one value"):
        net.forward(np.zeros((1, 3)))


# -- modes, names, gradcheck ----------------------------------------------------------------


def test_parameter_names_number_the_layers_with_parameters() -> None:
    assert _cnn().parameter_names == ["K1", "gamma2", "beta2", "W3", "b3"]
    assert list(_cnn().buffers) == ["running_mean2", "running_var2"]
    lstm = cr.Network([cr.LSTM(2, 3), cr.Dense(3, 1)], loss=cr.MeanSquaredError())
    assert lstm.parameter_names == ["Wx1", "Wh1", "b1", "W2", "b2"]
    assert lstm.decayed == [True, True, False, True, False]


@pytest.mark.parametrize("training", [True, False])
def test_gradcheck_passes_in_both_modes(training: bool) -> None:
    """Finite differences of the same training pass: dropout's mask is replayed."""
    rng = np.random.default_rng(0)
    net = _cnn().train(training)
    report = gradcheck(net, rng.normal(size=(5, 1, 8, 8)), rng.integers(0, 4, 5),
                       max_entries=20)
    assert report.max_relative_error < 1e-7, str(report)
    rnn = cr.Network([cr.LSTM(2, 3, output="all"), cr.RNN(3, 2), cr.Dense(2, 1)],
                     loss=cr.MeanSquaredError(), seed=1)
    report = gradcheck(rnn, rng.normal(size=(3, 4, 2)), rng.normal(size=(3, 1)))
    assert report.max_relative_error < 1e-7, str(report)


def test_fit_trains_in_training_mode_and_leaves_evaluation_mode() -> None:
    rng = np.random.default_rng(0)
    net = _cnn()
    x, y = rng.normal(size=(40, 1, 8, 8)), rng.integers(0, 4, 40)
    before = net.layers[1].running_mean.copy()
    net.fit(x, y, epochs=2, batch_size=8, seed=0)
    assert not net.training and not net.layers[1].training
    assert not np.array_equal(net.layers[1].running_mean, before)  # updated while training
    assert np.array_equal(net.predict_proba(x), net.predict_proba(x))  # no dropout now


def test_float32_network_trains_and_checks_in_float64() -> None:
    rng = np.random.default_rng(2)
    net = cr.Network([cr.Conv1D(2, 3, 3, padding=1), cr.Tanh(), cr.Flatten(), cr.Dense(15, 2)],
                     loss=cr.SoftmaxCrossEntropy(), dtype="float32", seed=0)
    x, y = rng.normal(size=(20, 2, 5)), rng.integers(0, 2, 20)
    history = net.fit(x, y, epochs=3, batch_size=5, seed=0)
    assert net.parameters[0].dtype == np.float32 and len(history.loss) == 3
    assert gradcheck(net, x[:4], y[:4]).passed


# -- save and load ----------------------------------------------------------------------------


def test_round_trip_keeps_every_layer_weight_and_running_statistic(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    net = _cnn()
    net.fit(rng.normal(size=(30, 1, 8, 8)), rng.integers(0, 4, 30), epochs=2, seed=0)
    path = net.save(str(tmp_path / "cnn"))
    loaded = cr.Network.load(str(tmp_path / "cnn.npz"))
    assert path is None or Path(path).exists()
    assert loaded.summary() == net.summary()
    x = rng.normal(size=(7, 1, 8, 8))
    assert np.array_equal(loaded.predict_proba(x), net.predict_proba(x))
    for name, value in net.buffers.items():
        assert np.array_equal(loaded.buffers[name], value)
    recurrent = cr.Network([cr.LSTM(2, 3, output="all"), cr.RNN(3, 4), cr.Dense(4, 1)],
                           loss=cr.MeanSquaredError(), seed=5)
    recurrent.save(str(tmp_path / "rnn.npz"))
    sequences = rng.normal(size=(3, 6, 2))
    again = cr.Network.load(str(tmp_path / "rnn.npz"))
    assert np.array_equal(again.forward(sequences), recurrent.forward(sequences))


def test_a_file_of_the_first_format_still_loads(tmp_path: Path) -> None:
    """Written by hand as version 1 wrote dense networks, before the new layers existed."""
    architecture = {"format": "chainrule-network", "format_version": 1, "dtype": "float64",
                    "layers": [{"type": "dense", "n_in": 2, "n_out": 2, "bias": True},
                               {"type": "activation", "name": "tanh"},
                               {"type": "dense", "n_in": 2, "n_out": 1, "bias": False}],
                    "loss": {"name": "mean_squared_error", "reduction": "mean"}}
    path = tmp_path / "old.npz"
    np.savez(path, W1=np.array([[1.0, -1.0], [0.5, 2.0]]), b1=np.array([0.0, 1.0]),
             W2=np.array([[2.0], [3.0]]),
             __architecture__=np.frombuffer(json.dumps(architecture).encode(), np.uint8))
    net = cr.Network.load(str(path))
    # tanh(1·1 + 1·0.5) · 2 + tanh(1·(−1) + 1·2 + 1) · 3, by hand
    assert net.forward([[1.0, 1.0]])[0, 0] == pytest.approx(2 * np.tanh(1.5) + 3 * np.tanh(2.0))


# -- symbolic faces ---------------------------------------------------------------------------


def test_conv_symbolic_form_equals_forward_and_its_derivative_the_kernel_gradient() -> None:
    rng = np.random.default_rng(4)
    layer = cr.Conv2D(2, 1, 2, stride=1)
    layer.initialize(rng, np.float64)
    x = rng.normal(size=(1, 2, 3, 3))
    y = layer.forward(x)
    xs = np.array(sympy.symbols("x0:18")).reshape(2, 3, 3)
    ks = np.array(sympy.symbols("k0:8")).reshape(2, 2, 2)
    values = {**dict(zip(xs.ravel(), x.ravel(), strict=True)),
              **dict(zip(ks.ravel(), layer.K.ravel(), strict=True))}
    # loss = Σ_ij y_ij: ∂L/∂K[c,u,v] = Σ_ij x[c, i+u, j+v], and sympy.diff must agree
    total = sum(cr.nn.conv.convolution.symbolic(xs[:, i:i + 2, j:j + 2], ks)
                for i in range(2) for j in range(2))
    assert float(total.subs(values)) == pytest.approx(float(y.sum()), rel=1e-12)
    layer.backward(x, y, np.ones_like(y))
    for c, u, v in np.ndindex(2, 2, 2):
        derivative = sympy.diff(total, ks[c, u, v])
        assert float(derivative.subs(values)) == pytest.approx(layer.grad_K[0, c, u, v])
        assert float(derivative.subs(values)) == pytest.approx(x[0, c, u:u + 2, v:v + 2].sum())


def test_batch_norm_symbolic_form_gives_the_three_term_gradient() -> None:
    layer = cr.BatchNorm(1, eps=1e-3)
    layer.initialize(np.random.default_rng(0), np.float64)
    layer.training = True
    x = np.array([[1.0], [2.0], [4.0], [-3.0]])
    delta = np.array([[0.5], [-1.0], [2.0], [0.25]])
    y = layer.forward(x)
    grad_x = layer.backward(x, y, delta)
    xs = sympy.symbols("x0:4")
    ys = layer.symbolic(list(xs), sympy.Integer(1), sympy.Integer(0), sympy.Rational(1, 1000))
    loss = sum(d * out for d, out in zip(delta[:, 0], ys, strict=True))
    values = dict(zip(xs, x[:, 0], strict=True))
    assert [float(e.subs(values)) for e in ys] == pytest.approx(y[:, 0], rel=1e-12)
    for i, symbol in enumerate(xs):
        assert float(sympy.diff(loss, symbol).subs(values)) == pytest.approx(grad_x[i, 0],
                                                                             rel=1e-10)


def test_pool_dropout_and_recurrent_symbolic_forms_equal_forward() -> None:
    window = sympy.symbols("w0:4")
    values = dict(zip(window, [0.5, 3.0, -1.0, 3.0], strict=True))
    assert float(cr.MaxPool2D(2).symbolic(window).subs(values)) == 3.0
    assert float(cr.AvgPool2D(2).symbolic(window).subs(values)) == pytest.approx(1.375)
    assert cr.Dropout(0.25).symbolic(sympy.Symbol("x"), True) == sympy.Symbol("x") * 4 / 3
    rng = np.random.default_rng(6)
    for kind in (cr.RNN, cr.LSTM):
        layer = kind(2, 2)
        layer.initialize(rng, np.float64)
        x = rng.normal(size=(1, 1, 2))
        h = layer.forward(x)[0]
        if kind is cr.RNN:
            out = layer.symbolic(list(x[0, 0]), [0, 0], layer.U.tolist(), layer.W.tolist(),
                                 layer.b.tolist())
        else:
            out, _ = layer.symbolic(list(x[0, 0]), [0, 0], [0, 0], layer.Wx.tolist(),
                                    layer.Wh.tolist(), layer.b.tolist())
        assert [float(e) for e in out] == pytest.approx(h, rel=1e-12)


def test_gradcheck_reads_a_zero_gradient_as_right() -> None:
    """A bias right before a batch norm has gradient 0 (the norm subtracts it again): backprop
    and finite differences are both rounding noise, which is no wrong gradient."""
    rng = np.random.default_rng(8)
    net = cr.Network([cr.Conv2D(1, 2, 3), cr.BatchNorm(2), cr.Flatten(), cr.Dense(8, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0).train()
    x, y = rng.normal(size=(4, 1, 4, 4)), rng.integers(0, 2, 4)
    _, grads = net.loss_and_gradients(x, y)
    assert np.abs(grads[1]).max() < 1e-14  # ∂L/∂b1 is 0 up to rounding
    report = gradcheck(net, x, y)
    assert report.passed and report.parameters[1].verdict == "ok", str(report)


def test_early_stopping_restores_the_running_statistics_of_the_best_epoch() -> None:
    rng = np.random.default_rng(9)
    net = cr.Network([cr.Dense(3, 4), cr.BatchNorm(4), cr.Tanh(), cr.Dense(4, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    x, y = rng.normal(size=(60, 3)), rng.integers(0, 2, 60)
    kept: dict[int, list[np.ndarray]] = {}

    def remember(epoch, history):
        kept[epoch] = [a.copy() for a in (*net.parameters, *net.buffers.values())]

    history = net.fit(x, y, epochs=12, batch_size=10, early_stopping=2, seed=0,
                      validation_data=(x[:20], (y[:20] + 1) % 2), callback=remember)
    best = kept[history.best_epoch]
    assert len(net.get_weights()) == len(net.parameters) + 2
    for now, then in zip((*net.parameters, *net.buffers.values()), best, strict=True):
        assert np.array_equal(now, then)


def test_model_files_of_the_new_layers_are_checked_field_by_field(tmp_path: Path) -> None:
    from chainrule.errors import ModelFileError

    net = cr.Network([cr.Conv1D(2, 3, 2), cr.Dropout(0.3), cr.Flatten(), cr.Dense(9, 1)],
                     loss=cr.MeanSquaredError(), seed=0)
    path = tmp_path / "c1.npz"
    net.save(path)
    loaded = cr.Network.load(path)
    assert loaded.summary() == net.summary() and loaded.layers[1].seed is None
    x = np.random.default_rng(0).normal(size=(3, 2, 4))
    assert np.array_equal(loaded.forward(x), net.forward(x))
    with np.load(path) as archive:
        arrays = dict(archive)
    record = json.loads(arrays["__architecture__"].tobytes())
    record["layers"][0]["padding"] = 2.5  # not a whole number: refused, not rounded
    arrays["__architecture__"] = np.frombuffer(json.dumps(record).encode(), np.uint8)
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(ModelFileError, match=r"`padding` must be a whole number ≥ 0"):
        cr.Network.load(tmp_path / "bad.npz")
