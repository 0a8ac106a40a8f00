"""chainrule → PyTorch → chainrule keeps every bit for every layer type: parameters, batch
norm's running statistics, settings and mode, in float32 and float64."""

from __future__ import annotations

import numpy as np
import pytest

import chainrule as cr
from chainrule.nn import (
    LSTM,
    RNN,
    AvgPool2D,
    BatchNorm,
    Conv1D,
    Conv2D,
    Dropout,
    Flatten,
    MaxPool2D,
)

torch = pytest.importorskip("torch")

NETWORKS = {
    # conv 2-D, both poolings, batch norm over channels, dropout, dense: 2×9×9 inputs
    "cnn": lambda: [Conv2D(2, 3, 3, stride=2, padding=1), cr.ReLU(), MaxPool2D(2, 1),
                    BatchNorm(3, eps=1e-3, momentum=0.2), AvgPool2D(2), Conv2D(3, 2, 1),
                    Flatten(), Dropout(0.3), cr.Dense(2, 4), cr.Tanh(), cr.Dense(4, 2)],
    "conv1d": lambda: [Conv1D(3, 4, 2, padding=2, bias=False), cr.Sigmoid(), BatchNorm(4),
                       Flatten(), cr.Dense(4 * 10, 2)],  # 3×7 inputs
    "dense": lambda: [cr.Dense(3, 5), BatchNorm(5, momentum=0.05), cr.LeakyReLU(0.1),
                      Dropout(0.5), cr.Dense(5, 2)],
    "recurrent": lambda: [LSTM(3, 4, output="all"), RNN(4, 5), cr.Dense(5, 2)],
    "rnn_all": lambda: [RNN(2, 3, output="all"), LSTM(3, 2)],
}


def random_network(kind: str, dtype: str, seed: int) -> cr.Network:
    """Every parameter and running statistic drawn at random (none left at its default)."""
    rng = np.random.default_rng(seed)
    net = cr.Network(NETWORKS[kind](), loss=cr.MeanSquaredError(), dtype=dtype, seed=seed)
    for array in net.parameters:
        array[...] = rng.normal(size=array.shape)
    for layer in net.layers:
        if isinstance(layer, BatchNorm):
            layer.running_mean[...] = rng.normal(size=layer.num_features)
            layer.running_var[...] = rng.uniform(0.1, 3.0, size=layer.num_features)
    return net


def buffers(net: cr.Network) -> list[np.ndarray]:
    return [array for layer in net.layers for array in getattr(layer, "buffers", [])]


@pytest.mark.parametrize("training", [False, True])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("kind", sorted(NETWORKS))
def test_every_layer_type_goes_to_pytorch_and_back_bit_for_bit(kind: str, dtype: str,
                                                               training: bool) -> None:
    net = random_network(kind, dtype, seed=len(kind)).train(training)
    back = cr.from_torch(cr.to_torch(net), loss=net.loss)
    assert back.summary() == net.summary()
    assert [layer.config() for layer in back.layers if hasattr(layer, "config")] == \
        [layer.config() for layer in net.layers if hasattr(layer, "config")]
    assert (back.dtype, back.training) == (net.dtype, training)
    assert back.parameter_names == net.parameter_names
    for ours, theirs in zip(net.parameters + buffers(net), back.parameters + buffers(back),
                            strict=True):
        assert ours.dtype == theirs.dtype
        assert ours.tobytes() == theirs.tobytes()


def test_a_cnn_trained_by_pytorch_predicts_the_same_in_chainrule() -> None:
    """Trained by torch.optim alone (its running statistics too), then compared in
    evaluation mode, in float32."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 1, 6, 6)).astype(np.float32)
    labels = (x[:, 0, :3].sum(axis=(1, 2)) > x[:, 0, 3:].sum(axis=(1, 2))).astype(np.int64)
    torch.manual_seed(0)
    nn = torch.nn
    module = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(),
                           nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.2), nn.Linear(36, 2))
    optimizer = torch.optim.Adam(module.parameters(), lr=0.02)
    for _ in range(60):
        optimizer.zero_grad()
        nn.functional.cross_entropy(module(torch.from_numpy(x)),
                                    torch.from_numpy(labels)).backward()
        optimizer.step()
    module.eval()
    with torch.no_grad():
        logits = module(torch.from_numpy(x)).numpy()
    net = cr.from_torch(module, loss="softmax_cross_entropy")
    assert not net.training
    np.testing.assert_allclose(net.forward(x), logits, rtol=1e-4, atol=1e-5)
    assert np.array_equal(net.predict(x), logits.argmax(axis=1))
    assert (logits.argmax(axis=1) == labels).mean() > 0.9  # it learned: not two blanks
