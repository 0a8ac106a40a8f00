"""The five learners' networks (the seeds in ../shared/seeds), each built, checked and trained.

Every expected derivative is written out here from the learner's own formulas, with NumPy on
scalars, and compared with what the engine's trace records.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import chainrule as cr


def _sigmoid(v: float) -> float:
    return 1.0 / (1.0 + np.exp(-v))


# -- seed 000: tanh layers, e = (x − y)², ±1 targets, per-sample SGD --------------------------


def test_seed000_output_delta_is_the_learners_formula() -> None:
    net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 1), cr.Tanh()],
                     loss=cr.SquaredError(), seed=0)
    x_n, y_n = np.array([[0.4, -0.7]]), np.array([[-1.0]])
    trace = net.trace(x_n, y_n)
    x_L = trace.a(2)[0, 0]  # x₁⁽ᴸ⁾ = θ(s₁⁽ᴸ⁾)
    assert x_L == pytest.approx(np.tanh(trace.z(2)[0, 0]))
    # δ₁⁽ᴸ⁾ = 2(x₁⁽ᴸ⁾ − yₙ)(1 − (x₁⁽ᴸ⁾)²)
    assert trace.delta(2)[0, 0] == pytest.approx(2 * (x_L - y_n[0, 0]) * (1 - x_L**2), rel=1e-13)
    # ∂e/∂w_ij⁽ᴸ⁾ = x_i⁽ᴸ⁻¹⁾ δ_j⁽ᴸ⁾
    np.testing.assert_allclose(trace.grad_W(2)[:, 0], trace.a(1)[0] * trace.delta(2)[0, 0])


def test_seed000_tanh_net_learns_xor_with_per_sample_sgd() -> None:
    x, labels = cr.data.xor(n=200, noise=0.0, seed=0)
    y = 2.0 * labels - 1  # ±1 targets, as the course's tanh output
    net = cr.Network([cr.Dense(2, 8), cr.Tanh(), cr.Dense(8, 1), cr.Tanh()],
                     loss=cr.SquaredError(), seed=0)
    history = net.fit(x, y, epochs=40, batch_size=1, optimizer=cr.SGD(lr=0.02), seed=0)
    predicted = np.sign(net.forward(x)[:, 0])
    assert np.mean(predicted == y) >= 0.95
    assert history.loss[-1] < 0.2 * history.loss[0]


# -- seed 001: L layers, L2 loss, the recurrence for ∂C/∂a ------------------------------------


def test_seed001_recurrence_for_dC_da_holds_layer_by_layer() -> None:
    """∂C₀/∂a_j⁽ᴸ⁻ᵐ⁾ = Σ_i ∂C₀/∂a_i⁽ᴸ⁻ᵐ⁺¹⁾ g'(z_i⁽ᴸ⁻ᵐ⁺¹⁾) w_ji⁽ᴸ⁻ᵐ⁺¹⁾, for one sample."""
    widths = [3, 4, 5, 3, 2]
    layers: list = []
    for n_in, n_out in itertools.pairwise(widths):
        layers += [cr.Dense(n_in, n_out), cr.Sigmoid()]
    net = cr.Network(layers, loss=cr.HalfSumSquaredError(), seed=1)
    x, t = np.array([[0.3, -1.1, 0.8]]), np.array([[0.2, 0.9]])
    trace = net.trace(x, t)
    n_layers = trace.n_layers
    a = {k: trace.a(k)[0] for k in range(n_layers + 1)}
    z = {k: trace.z(k)[0] for k in range(1, n_layers + 1)}
    weights = {k: net.dense_layers[k - 1].W for k in range(1, n_layers + 1)}
    dC_da = {n_layers: a[n_layers] - t[0]}  # C₀ = ½Σ(a − t)²
    for layer in range(n_layers - 1, 0, -1):
        above = layer + 1
        dC_da[layer] = np.array([
            sum(dC_da[above][i] * _sigmoid(z[above][i]) * (1 - _sigmoid(z[above][i]))
                * weights[above][j, i] for i in range(len(z[above])))
            for j in range(len(a[layer]))
        ])
    for layer in range(1, n_layers):
        # the engine's ∂L/∂(input of dense layer l+1) is ∂C₀/∂a⁽ˡ⁾
        recorded = trace.records[trace.dense_positions[layer]].grad_input
        np.testing.assert_allclose(recorded[0], dC_da[layer], rtol=1e-12)
        # and ∂C₀/∂w_jk⁽ˡ⁾ = ∂C₀/∂a_j · g'(z_j) · a_k⁽ˡ⁻¹⁾ (w from k to j; W[k, j] here)
        g_prime = _sigmoid(z[layer]) * (1 - _sigmoid(z[layer]))
        expected = np.outer(a[layer - 1], dC_da[layer] * g_prime)
        np.testing.assert_allclose(trace.grad_W(layer), expected, rtol=1e-12)


def test_seed001_deep_net_fits_a_regression() -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, size=(200, 3))
    y = np.stack([np.sin(2 * x[:, 0]) * x[:, 1], x[:, 2] ** 2], axis=1)
    net = cr.Network([cr.Dense(3, 16), cr.Tanh(), cr.Dense(16, 16), cr.Tanh(),
                      cr.Dense(16, 8), cr.Tanh(), cr.Dense(8, 2)],
                     loss=cr.HalfSumSquaredError(), seed=0)
    history = net.fit(x, y, epochs=60, batch_size=16, optimizer=cr.Adam(lr=0.01), seed=0)
    assert history.loss[-1] < 0.1 * history.loss[0]
    assert net.score(x, y) > 0.9


# -- seed 002: the 2-2-2 sigmoid net without biases, by hand ---------------------------------


def test_seed002_sigmoid_derivative_two_ways() -> None:
    for v in (-3.0, -0.5, 0.0, 0.7, 4.0):
        a = _sigmoid(v)
        assert np.exp(-v) / (1 + np.exp(-v)) ** 2 == pytest.approx(a * (1 - a), rel=1e-13)
        derivative = cr.Sigmoid().derivative(np.array([[v]]), np.array([[a]]))[0, 0]
        assert derivative == pytest.approx(a * (1 - a), rel=1e-13)


def test_seed002_eight_weight_gradients_by_hand() -> None:
    """E = ½Σ_k (t_k − a_k)²; w[i][j] connects unit i below to unit j above (W[i, j])."""
    w1 = [[0.15, 0.25], [0.20, 0.30]]  # input i → hidden j
    w2 = [[0.40, 0.50], [0.45, 0.55]]  # hidden j → output k
    x1, x2 = 0.05, 0.10
    t = [0.01, 0.99]
    net = cr.Network([cr.Dense(2, 2, bias=False, weights=w1), cr.Sigmoid(),
                      cr.Dense(2, 2, bias=False, weights=w2), cr.Sigmoid()],
                     loss=cr.HalfSumSquaredError())
    assert net.parameter_names == ["W1", "W2"] and sum(p.size for p in net.parameters) == 8
    # forward, unit by unit
    net_h = [x1 * w1[0][j] + x2 * w1[1][j] for j in range(2)]
    h = [_sigmoid(v) for v in net_h]
    net_o = [h[0] * w2[0][k] + h[1] * w2[1][k] for k in range(2)]
    a = [_sigmoid(v) for v in net_o]
    error = 0.5 * ((t[0] - a[0]) ** 2 + (t[1] - a[1]) ** 2)
    # δ of the outputs: ∂E/∂a_k · ∂a_k/∂net_k = −(t_k − a_k) · a_k(1 − a_k)
    delta_o = [-(t[k] - a[k]) * a[k] * (1 - a[k]) for k in range(2)]
    # ∂E/∂w_jk = δ_k · a_j (∂net_k/∂w_jk = a_j)
    grad_w2 = [[delta_o[k] * h[j] for k in range(2)] for j in range(2)]
    # δ of the hidden units: (Σ_k δ_k w_jk) · h_j(1 − h_j)
    delta_h = [(delta_o[0] * w2[j][0] + delta_o[1] * w2[j][1]) * h[j] * (1 - h[j])
               for j in range(2)]
    grad_w1 = [[delta_h[j] * (x1, x2)[i] for j in range(2)] for i in range(2)]

    trace = net.trace([[x1, x2]], [t])
    assert trace.loss == pytest.approx(error, rel=1e-14)
    np.testing.assert_allclose(trace.a(1)[0], h, rtol=1e-14)
    np.testing.assert_allclose(trace.a(2)[0], a, rtol=1e-14)
    np.testing.assert_allclose(trace.delta(2)[0], delta_o, rtol=1e-12)
    np.testing.assert_allclose(trace.delta(1)[0], delta_h, rtol=1e-12)
    np.testing.assert_allclose(trace.grad_W(2), grad_w2, rtol=1e-12)
    np.testing.assert_allclose(trace.grad_W(1), grad_w1, rtol=1e-12)
    assert trace.grad_b(1) is None and trace.grad_b(2) is None


def test_seed002_toy_net_learns_a_mapping() -> None:
    x = np.array([[1.0, 0.0], [0.0, 1.0]])
    t = np.array([[0.9, 0.1], [0.1, 0.9]])
    net = cr.Network([cr.Dense(2, 2, bias=False, init="uniform", scale=0.5), cr.Sigmoid(),
                      cr.Dense(2, 2, bias=False, init="uniform", scale=0.5), cr.Sigmoid()],
                     loss=cr.HalfSumSquaredError(reduction="sum"), seed=2)
    history = net.fit(x, t, epochs=2000, batch_size=1, shuffle=False, optimizer=cr.SGD(lr=2.0))
    np.testing.assert_allclose(net.forward(x), t, atol=0.05)
    assert history.loss[-1] < 1e-3


# -- seed 003: a sigmoid output with a square loss --------------------------------------------


def test_seed003_three_factor_product() -> None:
    """∂J/∂w₁₂⁽²⁾ = ∂J/∂h · ∂h/∂z · ∂z/∂w = 2(h − y) · h(1 − h) · h₂ (not 2h)."""
    net = cr.Network([cr.Dense(2, 3), cr.Sigmoid(), cr.Dense(3, 1), cr.Sigmoid()],
                     loss=cr.SquaredError(), seed=3)
    x, y = np.array([[0.5, -0.2]]), np.array([[1.0]])
    trace = net.trace(x, y)
    h_out = trace.a(2)[0, 0]
    h2_hidden = trace.a(1)[0, 1]  # second hidden unit feeds weight w₁₂ (W2[1, 0] here)
    expected = 2 * (h_out - y[0, 0]) * h_out * (1 - h_out) * h2_hidden
    assert trace.grad_W(2)[1, 0] == pytest.approx(expected, rel=1e-13)
    wrong = 2 * h_out * h_out * (1 - h_out) * h2_hidden  # the answer's J = y² − h²
    assert trace.grad_W(2)[1, 0] != pytest.approx(wrong, rel=1e-3)
    # with a linear output the middle factor is 1
    linear = cr.Network([cr.Dense(2, 3), cr.Sigmoid(), cr.Dense(3, 1)],
                        loss=cr.SquaredError(), seed=3)
    trace = linear.trace(x, y)
    h_out = trace.a(2)[0, 0]
    expected = 2 * (h_out - y[0, 0]) * trace.a(1)[0, 1]
    assert trace.grad_W(2)[1, 0] == pytest.approx(expected, rel=1e-13)


def test_seed003_sigmoid_output_with_square_loss_learns_circles() -> None:
    x, labels = cr.data.circles(n=300, noise=0.05, seed=0)
    net = cr.Network([cr.Dense(2, 12), cr.Tanh(), cr.Dense(12, 1), cr.Sigmoid()],
                     loss=cr.SquaredError(), seed=0)
    net.fit(x, labels.astype(float), epochs=80, batch_size=8, optimizer=cr.Adam(lr=0.02), seed=0)
    assert np.mean((net.forward(x)[:, 0] > 0.5) == labels) >= 0.95


# -- seed 004: 2-500-2 tanh, softmax, mean cross-entropy ---------------------------------------


def test_seed004_dz2_collapses_to_yhat_minus_y_over_n() -> None:
    net = cr.Network([cr.Dense(2, 500), cr.Tanh(), cr.Dense(500, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=4)
    x, y = cr.data.moons(n=6, noise=0.2, seed=1)
    trace = net.trace(x, y)
    assert trace.z(1).shape == (6, 500) and trace.z(2).shape == (6, 2)
    logits = trace.z(2)
    y_hat = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    one_hot = np.eye(2)[y]
    np.testing.assert_allclose(trace.delta(2), (y_hat - one_hot) / 6, rtol=1e-12, atol=1e-16)
    # the long way: −(1/N) Σ_n ẏ_n / ŷ_n · ∂ŷ_n/∂z_i with the Jacobian's two cases
    long_way = np.zeros_like(logits)
    for s in range(6):
        for i in range(2):
            for n in range(2):
                jac = y_hat[s, i] * (1 - y_hat[s, i]) if n == i else -y_hat[s, n] * y_hat[s, i]
                long_way[s, i] -= one_hot[s, n] / y_hat[s, n] * jac / 6
    np.testing.assert_allclose(trace.delta(2), long_way, rtol=1e-10, atol=1e-16)
    # dW1 = xᵀ (δ2 W2ᵀ ⊙ (1 − a1²))
    delta1 = (trace.delta(2) @ net.dense_layers[1].W.T) * (1 - np.tanh(trace.z(1)) ** 2)
    np.testing.assert_allclose(trace.grad_W(1), x.T @ delta1, rtol=1e-10, atol=1e-15)


def test_seed004_moons_reaches_97_percent() -> None:
    x, y = cr.data.moons(n=2000, noise=0.2, seed=0)
    x_train, x_test, y_train, y_test = cr.data.train_test_split(x, y, test_size=0.25, seed=0)
    # unit-scale first-layer weights; Glorot's ±0.11 for 2→500 leaves tanh nearly linear
    net = cr.Network([cr.Dense(2, 500, init="normal", scale=1.0), cr.Tanh(), cr.Dense(500, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    net.fit(x_train, y_train, epochs=20, batch_size=32, seed=0,
            optimizer=cr.SGD(lr=0.1, momentum=0.9), lr_schedule=cr.CosineDecay(epochs=20))
    assert net.score(x_test, y_test) >= 0.97


def test_digits_one_hidden_layer_reaches_96_percent() -> None:
    pytest.importorskip("sklearn")
    x, y = cr.data.digits()
    x_train, x_test, y_train, y_test = cr.data.train_test_split(
        x, y, test_size=0.25, seed=0, stratify=True)
    scaler = cr.data.Standardizer().fit(x_train)
    x_train, x_test = scaler.transform(x_train), scaler.transform(x_test)
    net = cr.Network([cr.Dense(64, 64), cr.Tanh(), cr.Dense(64, 10)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    net.fit(x_train, y_train, epochs=20, batch_size=32, optimizer=cr.Adam(lr=0.01), seed=0,
            lr_schedule=cr.CosineDecay(epochs=20))
    assert net.score(x_test, y_test) >= 0.96
