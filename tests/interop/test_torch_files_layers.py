"""PyTorch weight files of networks beyond Dense: convolution, batch norm (with its running
statistics) and recurrent layers, written by chainrule or by PyTorch itself."""

from __future__ import annotations

import json

import numpy as np
import pytest

import chainrule as cr
from chainrule.nn import (
    LSTM,
    RNN,
    BatchNorm,
    Conv1D,
    Conv2D,
    Dropout,
    Flatten,
    MaxPool2D,
    torch_files,
)
from chainrule.nn.io import describe

torch = pytest.importorskip("torch")
safetensors_torch = pytest.importorskip("safetensors.torch")
nn = torch.nn


def random_network(layers: list, dtype: str) -> cr.Network:
    """All parameters and running statistics random, none at its default."""
    rng = np.random.default_rng(7)
    net = cr.Network(layers, loss=cr.SoftmaxCrossEntropy(), dtype=dtype, seed=7)
    for array in net.parameters:
        array[...] = rng.normal(size=array.shape)
    for layer in net.layers:
        if isinstance(layer, BatchNorm):
            layer.running_mean[...] = rng.normal(size=layer.num_features)
            layer.running_var[...] = rng.uniform(0.1, 3.0, size=layer.num_features)
    return net


NETWORKS = {
    "cnn": lambda: [Conv2D(1, 3, 3, padding=1), BatchNorm(3), cr.ReLU(), MaxPool2D(2),
                    Flatten(), Dropout(0.2), cr.Dense(12, 2)],
    "conv1d": lambda: [Conv1D(2, 3, 2, bias=False), cr.Tanh(), Flatten(), cr.Dense(9, 2)],
    "recurrent": lambda: [LSTM(3, 4, output="all"), RNN(4, 3), BatchNorm(3), cr.Dense(3, 2)],
}


def state(path) -> dict:
    return (safetensors_torch.load_file(path) if path.suffix == ".safetensors"
            else torch.load(path, weights_only=True))


@pytest.mark.parametrize("suffix", [".safetensors", ".pt"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("kind", sorted(NETWORKS))
def test_networks_of_every_layer_type_save_and_load_bit_for_bit(tmp_path, kind, dtype,
                                                                suffix) -> None:
    net = random_network(NETWORKS[kind](), dtype)
    path = torch_files.save(net, tmp_path / f"net{suffix}")
    cr.to_torch(net).load_state_dict(state(path))  # PyTorch reads it as its module's own
    back = cr.Network.load(str(path))
    assert back.summary() == net.summary() and back.dtype == net.dtype
    buffers = [(a, b) for la, lb in zip(net.layers, back.layers, strict=True)
               for a, b in zip(getattr(la, "buffers", []), getattr(lb, "buffers", []),
                               strict=True)]
    assert buffers or kind == "conv1d"
    for ours, theirs in [*zip(net.parameters, back.parameters, strict=True), *buffers]:
        assert ours.tobytes() == theirs.tobytes()


class Classifier(nn.Module):
    """A PyTorch model as a course writes it; its state dict holds two nonzero recurrent
    biases and batch norm's num_batches_tracked counter."""

    def __init__(self) -> None:
        super().__init__()
        self.lstm = nn.LSTM(3, 4, batch_first=True)
        self.norm = nn.BatchNorm1d(4)
        self.fc10 = nn.Linear(4, 2)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc10(self.norm(out[:, -1]))


MODELS = {  # PyTorch model, the same architecture in chainrule, the input shape
    "recurrent": (Classifier, lambda: [LSTM(3, 4), BatchNorm(4), cr.Dense(4, 2)], (5, 3)),
    "cnn": (lambda: nn.Sequential(nn.Conv2d(2, 3, 3, stride=2), nn.BatchNorm2d(3), nn.ReLU(),
                                  nn.Flatten(), nn.Linear(12, 2)),
            lambda: [Conv2D(2, 3, 3, stride=2), BatchNorm(3), cr.ReLU(), Flatten(),
                     cr.Dense(12, 2)], (2, 5, 5)),
}


@pytest.mark.parametrize("suffix", [".safetensors", ".pt"])
@pytest.mark.parametrize("kind", sorted(MODELS))
def test_a_state_dict_written_by_pytorch_loads_with_the_architecture_beside(tmp_path, kind,
                                                                           suffix) -> None:
    make_module, layers, shape = MODELS[kind]
    torch.manual_seed(3)
    module = make_module().double()
    x = np.random.default_rng(0).normal(size=(6, *shape))
    module.train()(torch.from_numpy(x))  # running statistics away from 0 and 1
    module.eval()
    path = tmp_path / f"model{suffix}"
    if suffix == ".pt":
        torch.save(module.state_dict(), path)
    else:
        safetensors_torch.save_file(module.state_dict(), path)
    spec = cr.Network(layers(), loss=cr.SoftmaxCrossEntropy())
    record = describe(spec)
    if kind == "recurrent" and suffix == ".safetensors":  # its names' order is not the
        record["torch_parameters"] = list(module.state_dict())  # layers' order: list them
    path.with_suffix(".json").write_text(json.dumps(record))
    net = cr.Network.load(str(path))
    with torch.no_grad():
        expected = module(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(net.forward(x), expected, rtol=1e-12, atol=1e-14)
    if kind == "recurrent":
        lstm = module.lstm
        assert np.array_equal(net.layers[0].b,
                              (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach().numpy())


def test_a_state_dict_that_misses_a_recurrent_bias_is_refused_with_the_expected_names(
        tmp_path) -> None:
    path = tmp_path / "model.pt"
    rnn = nn.RNN(2, 3, batch_first=True)
    torch.save({k: v for k, v in rnn.state_dict().items() if k != "bias_hh_l0"}, path)
    spec = cr.Network([RNN(2, 3), cr.Dense(3, 2)], loss=cr.SoftmaxCrossEntropy())
    path.with_suffix(".json").write_text(json.dumps(describe(spec)))
    with pytest.raises(cr.ModelFileError) as error:
        cr.Network.load(str(path))
    for word in ("needs 6 tensors", "0.core.bias_hh_l0 (3,)", "bias_ih_l0 (3,)"):
        assert word in str(error.value)
