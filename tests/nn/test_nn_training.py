"""Training: batch modes, schedules, validation, early stopping, seeds, dtypes, weight decay.

Expected weights come from a plain loop written here over ``loss_and_gradients`` (itself
cross-checked against PyTorch) and from hand-computed learning rates.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import chainrule as cr


def _net(dtype: str = "float64", seed: int = 0, loss=None) -> cr.Network:
    return cr.Network([cr.Dense(2, 6), cr.Tanh(), cr.Dense(6, 2)],
                      loss=loss or cr.SoftmaxCrossEntropy(), dtype=dtype, seed=seed)


def _data(n: int = 12, seed: int = 0):
    return cr.data.moons(n=n, noise=0.1, seed=seed)


def _manual_sgd(net: cr.Network, x, y, lrs: list[float], batch: int | None) -> None:
    """The textbook loop: for each batch in order, w ← w − η ∂L/∂w."""
    size = len(x) if batch is None else batch
    for lr in lrs:
        for start in range(0, len(x), size):
            _, grads = net.loss_and_gradients(x[start:start + size], y[start:start + size])
            for p, g in zip(net.parameters, grads, strict=True):
                p -= lr * g


@pytest.mark.parametrize("batch_size", [1, 5, None], ids=["per-sample", "mini-batch", "full"])
def test_sgd_batch_modes_equal_the_textbook_loop(batch_size) -> None:
    x, y = _data()
    net, reference = _net(), _net()
    history = net.fit(x, y, epochs=3, batch_size=batch_size, shuffle=False,
                      optimizer=cr.SGD(lr=0.2))
    _manual_sgd(reference, x, y, [0.2] * 3, batch_size)
    for ours, expected in zip(net.parameters, reference.parameters, strict=True):
        np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-14)
    assert history.epochs == 3 and history.lr == [0.2] * 3
    assert history.stop_reason == "finished all epochs"


@pytest.mark.parametrize("optimizer", [cr.SGD(lr=0.3), cr.SGD(lr=0.3, momentum=0.9),
                                       cr.SGD(lr=0.3, momentum=0.9, nesterov=True),
                                       cr.Adam(lr=0.3)], ids=repr)
def test_after_training_the_gradients_are_those_of_the_last_batch(optimizer) -> None:
    # the optimizer must not scale or overwrite them: a learner reads net.gradients
    x, y = _data()
    net, reference = _net(), _net()
    net.fit(x, y, epochs=1, batch_size=None, optimizer=optimizer)
    _, expected = reference.loss_and_gradients(x, y)  # the one step's batch, before it
    assert not np.allclose(net.parameters[0], reference.parameters[0])  # it did step
    for ours, theirs in zip(net.gradients, expected, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)


def test_full_batch_history_reports_the_loss_before_each_step() -> None:
    x, y = _data()
    net, reference = _net(), _net()
    history = net.fit(x, y, epochs=2, batch_size=None, optimizer=cr.SGD(lr=0.5))
    expected = [reference.loss_value(x, y)]
    _manual_sgd(reference, x, y, [0.5], None)
    expected.append(reference.loss_value(x, y))
    np.testing.assert_allclose(history.loss, expected, rtol=1e-12)
    accuracy_before_second_step = reference.score(x, y)
    assert history.accuracy[1] == pytest.approx(accuracy_before_second_step)


def test_schedules_by_hand() -> None:
    step = cr.StepDecay(every=2, factor=0.5)
    assert [step(e, 0.8) for e in range(5)] == [0.8, 0.8, 0.4, 0.4, 0.2]
    exponential = cr.ExponentialDecay(rate=0.9)
    np.testing.assert_allclose([exponential(e, 1.0) for e in range(3)], [1.0, 0.9, 0.81])
    cosine = cr.CosineDecay(epochs=4, min_lr=0.1)
    # 0.1 + 0.9 · (1 + cos(π e/4)) / 2
    expected = [1.0, 0.1 + 0.45 * (1 + math.sqrt(0.5)), 0.55, 0.1 + 0.45 * (1 - math.sqrt(0.5)),
                0.1, 0.1]
    np.testing.assert_allclose([cosine(e, 1.0) for e in range(6)], expected, rtol=1e-14)
    for bad in (lambda: cr.StepDecay(every=0), lambda: cr.ExponentialDecay(rate=1.5),
                lambda: cr.CosineDecay(epochs=0), lambda: cr.CosineDecay(4, min_lr=-0.5),
                lambda: cr.CosineDecay(4, min_lr=math.nan)):
        with pytest.raises(cr.ConfigError):
            bad()
    with pytest.raises(cr.ConfigError, match="above the base learning rate"):
        cr.CosineDecay(epochs=4, min_lr=1.0)(0, 0.1)


@pytest.mark.parametrize("rate", [-0.1, 0.0, math.inf, math.nan, "0.1"])
def test_a_schedule_that_gives_no_positive_rate_is_refused(rate) -> None:
    x, y = _data()
    with pytest.raises(cr.ConfigError, match="schedule must give a positive number") as info:
        _net().fit(x, y, epochs=2, lr_schedule=lambda epoch, base: base if epoch == 0 else rate)
    assert "for epoch 2" in str(info.value)


def test_schedule_drives_the_steps() -> None:
    x, y = _data()
    net, reference = _net(), _net()
    history = net.fit(x, y, epochs=3, batch_size=4, shuffle=False, optimizer=cr.SGD(lr=0.4),
                      lr_schedule=cr.StepDecay(every=1, factor=0.5))
    assert history.lr == [0.4, 0.2, 0.1]
    _manual_sgd(reference, x, y, [0.4, 0.2, 0.1], 4)
    for ours, expected in zip(net.parameters, reference.parameters, strict=True):
        np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-14)


def test_validation_data_metrics_are_those_of_the_final_weights() -> None:
    x, y = _data(40)
    x_val, y_val = _data(30, seed=1)
    net = _net()
    history = net.fit(x, y, epochs=4, batch_size=8, optimizer=cr.SGD(lr=0.3), seed=0,
                      validation_data=(x_val, y_val))
    assert len(history.val_loss) == len(history.val_accuracy) == 4
    assert history.val_loss[-1] == pytest.approx(net.loss_value(x_val, y_val), rel=1e-12)
    assert history.val_accuracy[-1] == pytest.approx(net.score(x_val, y_val))


def test_validation_split_holds_samples_out() -> None:
    """With lr → tiny the weights stay put, so val_loss is the mean loss of the held-out
    quarter: it must be the mean of 10 of the 40 per-sample losses."""
    x, y = _data(40)
    net = _net()
    history = net.fit(x, y, epochs=1, batch_size=None, optimizer=cr.SGD(lr=1e-300),
                      validation_split=0.25, seed=3)
    per_sample = net.loss.per_sample(net.forward(x), net.loss.encode_targets(y, 2, net.dtype))
    assert len(history.val_loss) == 1
    # the training loss is the mean over the other 30: together they give the full mean
    combined = (30 * history.loss[0] + 10 * history.val_loss[0]) / 40
    assert combined == pytest.approx(per_sample.mean(), rel=1e-12)
    assert history.val_loss[0] != pytest.approx(per_sample.mean(), rel=1e-6)
    with pytest.raises(cr.ConfigError, match="validation_split"):
        net.fit(x, y, validation_split=1.0)


def test_early_stopping_restores_the_best_weights() -> None:
    """Validation labels are the training labels flipped: the better the fit, the worse the
    validation loss, so the best epoch is the first and training stops after `patience`."""
    x, y = _data(40)
    net = _net()
    snapshots = []
    history = net.fit(x, y, epochs=30, batch_size=8, optimizer=cr.SGD(lr=0.5), seed=0,
                      validation_data=(x, 1 - y), early_stopping=3,
                      callback=lambda epoch, h: snapshots.append(net.get_weights()))
    best = int(np.argmin(history.val_loss))
    assert history.best_epoch == best
    assert history.epochs == best + 4
    assert "early stopping" in history.stop_reason
    for ours, expected in zip(net.parameters, snapshots[best], strict=True):
        np.testing.assert_array_equal(ours, expected)
    assert net.loss_value(x, 1 - y) == pytest.approx(min(history.val_loss), rel=1e-12)


def test_callback_can_stop_training() -> None:
    x, y = _data()
    history = _net().fit(x, y, epochs=10, callback=lambda epoch, h: epoch == 1)
    assert history.epochs == 2 and history.stop_reason == "stopped by the callback"


def test_same_seed_same_weights_different_seed_different() -> None:
    x, y = _data(50)
    runs = []
    for seed in (7, 7, 8):
        net = _net(seed=1)
        net.fit(x, y, epochs=3, batch_size=4, optimizer=cr.SGD(lr=0.1, momentum=0.9), seed=seed)
        runs.append(net.get_weights())
    assert all(np.array_equal(a, b) for a, b in zip(runs[0], runs[1], strict=True))
    assert not all(np.array_equal(a, b) for a, b in zip(runs[0], runs[2], strict=True))
    assert not np.array_equal(_net(seed=1).parameters[0], _net(seed=2).parameters[0])


def test_float32_training_stays_float32() -> None:
    x, y = cr.data.moons(n=200, noise=0.1, seed=0)
    net = _net("float32")
    history = net.fit(x, y, epochs=20, batch_size=16, optimizer=cr.Adam(lr=0.02), seed=0)
    assert all(p.dtype == np.float32 for p in net.parameters)
    assert net.forward(x).dtype == np.float32
    assert net.predict_proba(x).dtype == np.float32
    assert history.loss[-1] < 0.5 * history.loss[0]
    assert net.score(x, y) > 0.85


@pytest.mark.parametrize("momentum", [0.0, 0.9, "nesterov"])
def test_weight_decay_adds_lambda_w_to_the_weight_gradients_only(momentum) -> None:
    # one step from rest: plain and momentum SGD step by −η (g + λw)
    x, y = _data()
    lam, lr = 0.3, 0.5
    net = _net()
    w1, b1, w2, b2 = net.get_weights()
    _, (g_w1, g_b1, g_w2, g_b2) = net.loss_and_gradients(x, y)
    optimizer = (cr.SGD(lr=lr, momentum=0.9, nesterov=True) if momentum == "nesterov"
                 else cr.SGD(lr=lr, momentum=momentum))
    # Nesterov's w + μv − ηg with v = −ηg is one step of (1 + μ)η
    step = lr * (1.9 if momentum == "nesterov" else 1.0)
    history = net.fit(x, y, epochs=1, batch_size=None, optimizer=optimizer, weight_decay=lam)
    np.testing.assert_allclose(net.parameters[0], w1 - step * (g_w1 + lam * w1), rtol=1e-12)
    np.testing.assert_allclose(net.parameters[1], b1 - step * g_b1, rtol=1e-12)
    np.testing.assert_allclose(net.parameters[2], w2 - step * (g_w2 + lam * w2), rtol=1e-12)
    np.testing.assert_allclose(net.parameters[3], b2 - step * g_b2, rtol=1e-12)
    # the reported loss is the objective at the weights the step started from
    penalty = 0.5 * lam * (np.vdot(w1, w1) + np.vdot(w2, w2))
    assert history.loss[0] == pytest.approx(_net().loss_value(x, y) + penalty, rel=1e-12)


def test_numpy_integers_are_counts_like_python_integers() -> None:
    x, y = _data()
    net, reference = _net(), _net()
    options = {"epochs": 3, "batch_size": 4, "early_stopping": 2, "seed": 1}
    reference.fit(x, y, **options)
    net.fit(x, y, **{k: np.int64(v) if k != "batch_size" else np.int32(v)
                     for k, v in options.items()})
    for ours, expected in zip(net.parameters, reference.parameters, strict=True):
        np.testing.assert_array_equal(ours, expected)


@pytest.mark.parametrize(
    "options",
    [{"epochs": 0}, {"batch_size": 0}, {"weight_decay": -1.0}, {"early_stopping": 0},
     {"validation_split": -0.1}, {"epochs": True}, {"epochs": 2.0}, {"batch_size": 3.5},
     {"validation_split": "0.2"}, {"weight_decay": "0"}],
)
def test_bad_training_options(options) -> None:
    x, y = _data()
    with pytest.raises(cr.ConfigError, match=next(iter(options))):
        _net().fit(x, y, **options)


@pytest.mark.parametrize(
    "make", [lambda: cr.SGD(lr=0), lambda: cr.SGD(lr=0.1, momentum=1.0),
             lambda: cr.SGD(lr=0.1, nesterov=True), lambda: cr.Adam(lr=-1),
             lambda: cr.Adam(beta1=1.0)])
def test_bad_optimizer_settings(make) -> None:
    with pytest.raises(cr.ConfigError):
        make()


def _regression(n: int = 50):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 3))
    return x, x @ np.array([[1.0], [-2.0], [0.5]])


@pytest.mark.parametrize("lr", [0.35, 0.5, 2.0, 50.0])
@pytest.mark.parametrize("with_validation", [False, True])
def test_too_large_learning_rate_raises_divergence_and_keeps_last_good_weights(
    lr: float, with_validation: bool
) -> None:
    x, y = _regression()
    net = cr.Network([cr.Dense(3, 4), cr.Identity(), cr.Dense(4, 1)],
                     loss=cr.SquaredError(), seed=0)
    snapshots = [net.get_weights()]
    options = {"validation_data": (x[:10], y[:10])} if with_validation else {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow RuntimeWarning may leak out
        with pytest.raises(cr.DivergenceError) as info:
            net.fit(x, y, epochs=50, batch_size=5, optimizer=cr.SGD(lr=lr), seed=0,
                    callback=lambda epoch, h: snapshots.append(net.get_weights()), **options)
    message = str(info.value)
    assert "diverged" in message and f"learning rate {lr:g}" in message
    assert ("became" in message or "grew to" in message) and "smaller learning rate" in message
    for ours, expected in zip(net.parameters, snapshots[-1], strict=True):
        np.testing.assert_array_equal(ours, expected)
    assert all(np.isfinite(p).all() for p in net.parameters)
    assert info.value.history.epochs == len(snapshots) - 1


def test_a_finite_but_exploding_loss_stops_training() -> None:
    # with η = 1e300 every loss stays finite (about 1e300 and more): that is divergence too
    x, y = cr.data.moons(n=64, noise=0.2, seed=0)
    net = cr.Network([cr.Dense(2, 8), cr.Tanh(), cr.Dense(8, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    start = net.get_weights()
    first = net.loss_value(x[:0 + 8], y[:8])  # the first batch, shuffle off
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(cr.DivergenceError) as info:
            net.fit(x, y, epochs=5, batch_size=8, shuffle=False, optimizer=cr.SGD(lr=1e300))
    message = str(info.value)
    assert "epoch 1, batch 2: the loss grew to" in message
    assert f"times its first value {first:.3g}" in message
    for kept, initial in zip(net.parameters, start, strict=True):
        np.testing.assert_array_equal(kept, initial)


def test_after_a_divergence_the_gradients_are_unscaled() -> None:
    """SGD's learning rate is folded into backward (it computes η ∂L/∂w); whatever way a run
    ends, net.gradients must be true gradients."""
    x, y = _data(n=16)
    net, reference = _net(), _net()
    with pytest.raises(cr.DivergenceError):  # the loss explodes at batch 2
        net.fit(x, y, epochs=5, batch_size=8, shuffle=False, optimizer=cr.SGD(lr=1e300))
    _, expected = reference.loss_and_gradients(x[:8], y[:8])  # batch 1's, at the start
    for ours, theirs in zip(net.gradients, expected, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)
    # a run whose first batch fails computes no gradient: the ones held stay as they were
    net.set_weights([w * 1e308 for w in net.get_weights()])  # logits overflow: NaN loss
    with pytest.raises(cr.DivergenceError, match="epoch 1, batch 1"):
        net.fit(x, y, epochs=1, batch_size=8, shuffle=False, optimizer=cr.SGD(lr=0.1))
    for ours, theirs in zip(net.gradients, expected, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)


def test_early_stopping_survives_an_infinite_first_validation_loss() -> None:
    """Unfused cross-entropy on a probability of exactly 0 gives an infinite loss: early
    stopping must still pick a best epoch rather than crash."""
    x = np.array([[1.0, 0.0], [0.0, 1.0]] * 4)
    y = np.array([0, 1] * 4)
    net = cr.Network([cr.Dense(2, 2, weights=[[800.0, -800.0], [-800.0, 800.0]]), cr.Softmax()],
                     loss=cr.CrossEntropy(), seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = net.fit(x, y, epochs=3, batch_size=None, optimizer=cr.SGD(lr=0.1),
                          validation_data=(x, 1 - y), early_stopping=1)
    assert history.val_loss[0] == math.inf
    assert history.epochs == 2 and history.best_epoch == 0


def test_float32_gradients_agree_with_float64() -> None:
    x, y = _data(20)
    wide = _net("float64", seed=4)
    narrow = _net("float32", seed=4)
    narrow.set_weights(wide.get_weights())
    loss64, grads64 = wide.loss_and_gradients(x, y)
    loss32, grads32 = narrow.loss_and_gradients(x, y)
    assert loss32 == pytest.approx(loss64, rel=1e-5)
    for g32, g64 in zip(grads32, grads64, strict=True):
        assert g32.dtype == np.float32
        np.testing.assert_allclose(g32, g64, rtol=1e-3, atol=1e-5 * np.abs(g64).max())


def _losses_of(snapshots, make, x, y) -> list[float]:
    """The loss of each snapshot of weights, on a fresh network of the same shape."""
    reference = make()
    losses = []
    for weights in snapshots:
        reference.set_weights(weights)
        losses.append(reference.loss_value(x, y))
    return losses


def test_early_stopping_keeps_the_best_weights_even_without_stopping() -> None:
    """With patience larger than the run, the weights at the end are the best epoch's."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] > 0).astype(np.int64)

    def make():
        return cr.Network([cr.Dense(2, 4), cr.Tanh(), cr.Dense(4, 2)],
                          loss=cr.SoftmaxCrossEntropy(), seed=0)

    net, snapshots = make(), []
    history = net.fit(X, y, epochs=6, batch_size=32, optimizer=cr.SGD(lr=5.0),
                      early_stopping=100, seed=0,
                      callback=lambda epoch, h: snapshots.append(net.get_weights()))
    losses = _losses_of(snapshots, make, X, y)  # of the weights each epoch ended with
    best = int(np.argmin(losses))
    assert best != int(np.argmin(history.loss))  # the running loss would pick another
    assert history.best_epoch == best
    np.testing.assert_allclose(history.monitored, losses, rtol=1e-12)
    for kept, expected in zip(net.parameters, snapshots[best], strict=True):
        np.testing.assert_array_equal(kept, expected)


def test_early_stopping_without_validation_keeps_the_weights_of_the_best_loss() -> None:
    # full batch: history.loss[e] is the loss before epoch e's step; the weights an epoch
    # leaves are one step later, so the best weights are not those after argmin(loss)
    x, y = _regression(20)

    def make():
        return cr.Network([cr.Dense(3, 1)], loss=cr.MeanSquaredError(), seed=0)

    net, snapshots = make(), []
    history = net.fit(x, y, epochs=12, batch_size=None, optimizer=cr.SGD(lr=0.9),
                      early_stopping=3,
                      callback=lambda epoch, h: snapshots.append(net.get_weights()))
    losses = _losses_of(snapshots, make, x, y)
    assert int(np.argmin(losses)) != int(np.argmin(history.loss))  # the old rule, wrong here
    assert history.best_epoch == int(np.argmin(losses))
    assert net.loss_value(x, y) == pytest.approx(min(losses), rel=1e-12)


def test_training_follows_weights_replaced_by_hand_or_copied() -> None:
    """The optimizer updates all parameters through one flat array; a W assigned by hand
    or a deep copy of the network must be trained as it is, not through stale views."""
    import copy

    rng = np.random.default_rng(5)
    X = rng.normal(size=(40, 2))
    y = (X.sum(axis=1) > 0).astype(np.int64)

    def fresh() -> cr.Network:
        return cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)],
                          loss=cr.SoftmaxCrossEntropy(), seed=0)

    def one_step(net: cr.Network) -> list[np.ndarray]:
        """The expected weights after one full-batch SGD step, by the gradients."""
        _, grads = net.loss_and_gradients(X, y)
        return [p - 0.5 * g for p, g in zip(net.parameters, grads, strict=True)]

    net = fresh()
    net.dense_layers[0].W = np.full((2, 3), 0.25)  # replaced by hand, outside the flat array
    expected = one_step(net)
    net.fit(X, y, epochs=1, batch_size=None, optimizer=cr.SGD(lr=0.5), shuffle=False)
    for got, want in zip(net.parameters, expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12)

    original = fresh()
    clone = copy.deepcopy(original)
    before = original.get_weights()
    expected = one_step(clone)
    clone.fit(X, y, epochs=1, batch_size=None, optimizer=cr.SGD(lr=0.5), shuffle=False)
    for got, want in zip(clone.parameters, expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12)
    for kept, was in zip(original.parameters, before, strict=True):
        np.testing.assert_array_equal(kept, was)  # training the copy left the original alone


def test_astype_copies_the_network_into_another_dtype() -> None:
    net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)],
                     loss=cr.SoftmaxCrossEntropy(), dtype="float32", seed=0)
    wide = net.astype("float64")
    assert wide.dtype == np.float64 and net.dtype == np.float32
    for copied, original in zip(wide.parameters, net.parameters, strict=True):
        assert copied.dtype == np.float64
        np.testing.assert_array_equal(copied, original.astype(np.float64))
    X = np.array([[0.3, -0.2], [0.1, 0.5]])
    _, grads = wide.loss_and_gradients(X, [0, 1])
    assert all(g.dtype == np.float64 for g in grads)
    wide.fit(X, [0, 1], epochs=1, batch_size=None)  # trains the copy only
    assert not np.array_equal(wide.parameters[0], net.parameters[0].astype(np.float64))
