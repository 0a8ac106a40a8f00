"""`from_torch` on convolution, pooling, batch norm, dropout and recurrent models, against
PyTorch itself: the module's own output and autograd's gradients of ``F.cross_entropy``,
never chainrule's numbers. Random shapes, strides, paddings and sequence lengths."""

from __future__ import annotations

import numpy as np
import pytest

import chainrule as cr

torch = pytest.importorskip("torch")
nn, F = torch.nn, torch.nn.functional
from chainrule.nn.torch_layers import recurrent_output  # noqa: E402

ACTIVATIONS = [nn.Tanh, nn.ReLU, nn.Sigmoid, lambda: nn.LeakyReLU(0.2)]


def random_cnn(seed: int, dims: int) -> tuple[nn.Sequential, tuple[int, ...]]:
    """Conv → activation → [pool] → [batch norm] → Flatten → [dropout] → Linear, and the
    input shape; odd sizes, strides and paddings drawn at random, max and average pooling
    in turn, batch norm's γ, β and running statistics away from their defaults."""
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    channels, out = int(rng.integers(1, 4)), int(rng.integers(1, 5))
    kernel, stride = int(rng.integers(1, 4)), int(rng.integers(1, 3))
    padding = int(rng.integers(0, 3))
    size = int(rng.integers(kernel + 3, kernel + 8))
    conv = (nn.Conv2d if dims == 2 else nn.Conv1d)(channels, out, kernel, stride=stride,
                                                   padding=padding, bias=rng.random() < 0.7)
    layers = [conv, ACTIVATIONS[int(rng.integers(len(ACTIVATIONS)))]()]
    side = (size + 2 * padding - kernel) // stride + 1
    if dims == 2 and side >= 2 and rng.random() < 0.8:
        window = int(rng.integers(1, min(side, 3) + 1))
        step = int(rng.integers(1, 3))
        layers.append((nn.MaxPool2d, nn.AvgPool2d)[seed % 2](window, step))
        side = (side - window) // step + 1
    if rng.random() < 0.7:
        layers.append((nn.BatchNorm2d if dims == 2 else nn.BatchNorm1d)(out, momentum=0.3))
    layers.append(nn.Flatten())
    if rng.random() < 0.5:
        layers.append(nn.Dropout(0.4))
    layers.append(nn.Linear(out * side ** dims, 3))
    for bn in (m for m in layers if isinstance(m, nn.BatchNorm1d | nn.BatchNorm2d)):
        with torch.no_grad():
            bn.running_mean.normal_()
            bn.running_var.uniform_(0.5, 2.0)
            bn.weight.normal_()
            bn.bias.normal_()
    return nn.Sequential(*layers).double(), (channels,) + (size,) * dims


class LastStep(nn.Module):
    """The tutorial shape: ``out, _ = self.rnn(x)``, then a classifier on ``out[:, -1]``."""

    def __init__(self, kind: type, features: int, hidden: int) -> None:
        super().__init__()
        self.rnn = kind(features, hidden, batch_first=True)
        self.act = nn.Tanh()
        self.fc = nn.Linear(hidden, 3)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(self.act(out[:, -1]))


def random_recurrent(seed: int, kind: type) -> tuple[nn.Module, tuple[int, ...]]:
    """Either the tutorial module, or a Sequential of two wrapped layers (all steps, then
    the last); both PyTorch biases random, so that ``b = b_ih + b_hh`` is tested."""
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    features, hidden = (int(v) for v in rng.integers(1, 6, size=2))
    if rng.random() < 0.5:
        module = LastStep(kind, features, hidden)
    else:
        second = int(rng.integers(1, 5))
        module = nn.Sequential(recurrent_output(kind(features, hidden, batch_first=True), "all"),
                               recurrent_output(kind(hidden, second, batch_first=True), "last"),
                               nn.Linear(second, 3))
    return module.double(), (int(rng.integers(1, 7)), features)  # T = 1..6


def torch_gradients(module: nn.Module) -> list[np.ndarray]:
    """Autograd's gradients in chainrule's order and layout (``Wᵀ``; ``K``; ``U = W_ihᵀ``;
    for the one recurrent bias, ``∂L/∂b_ih``, equal to ``∂L/∂b_hh``)."""
    grads = []
    for m in module.modules():
        if isinstance(m, nn.Linear):
            grads += [m.weight.grad.numpy().T] + ([m.bias.grad.numpy()] if m.bias is not None
                                                  else [])
        elif isinstance(m, nn.Conv1d | nn.Conv2d | nn.BatchNorm1d | nn.BatchNorm2d):
            grads += [m.weight.grad.numpy()] + ([m.bias.grad.numpy()] if m.bias is not None
                                                else [])
        elif isinstance(m, nn.RNN | nn.LSTM):
            np.testing.assert_allclose(m.bias_ih_l0.grad, m.bias_hh_l0.grad, rtol=1e-12)
            grads += [m.weight_ih_l0.grad.numpy().T, m.weight_hh_l0.grad.numpy().T,
                      m.bias_ih_l0.grad.numpy()]
    return grads


def relative_error(ours: np.ndarray, theirs: np.ndarray) -> float:
    scale = max(float(np.max(np.abs(theirs))), 1e-300)
    return float(np.max(np.abs(ours - theirs))) / scale


def assert_same_as_autograd(module: nn.Module, shape: tuple[int, ...], seed: int) -> cr.Network:
    rng = np.random.default_rng(1000 + seed)
    x = rng.normal(size=(5, *shape))
    labels = rng.integers(0, 3, size=5)
    net = cr.from_torch(module, loss="softmax_cross_entropy")
    assert net.training == module.training
    module.zero_grad()
    output = module(torch.from_numpy(x))
    loss = F.cross_entropy(output, torch.from_numpy(labels))
    loss.backward()
    assert relative_error(net.forward(x), output.detach().numpy()) <= 1e-12
    if module.training:  # the running statistics took one step each, with the same momentum
        for layer, bn in zip((la for la in net.layers if isinstance(la, cr.nn.BatchNorm)),
                             (m for m in module.modules() if isinstance(m, nn.BatchNorm1d
                                                                         | nn.BatchNorm2d)),
                             strict=True):
            np.testing.assert_allclose(layer.running_var, bn.running_var.numpy(), rtol=1e-12)
            np.testing.assert_allclose(layer.running_mean, bn.running_mean.numpy(),
                                       rtol=1e-12, atol=1e-15)
    ours_loss, ours = net.loss_and_gradients(x, labels)
    assert abs(ours_loss - loss.item()) <= 1e-10 * abs(loss.item())
    theirs = torch_gradients(module)
    assert len(ours) == len(theirs) == len(net.parameter_names)
    for name, mine, expected in zip(net.parameter_names, ours, theirs, strict=True):
        assert relative_error(mine, expected) <= 1e-10, (name, net.summary())
    return net


def without_dropout_in_training(module: nn.Module) -> bool:
    """Dropout draws its masks from two different generators: compare training passes
    only without it (evaluation passes compare with it)."""
    return not any(isinstance(m, nn.Dropout) for m in module.modules())


@pytest.mark.parametrize("dims", [1, 2])
@pytest.mark.parametrize("seed", range(8))
def test_random_convolution_nets_equal_autograd(seed: int, dims: int) -> None:
    module, shape = random_cnn(seed, dims)
    net = assert_same_as_autograd(module.eval(), shape, seed)
    assert any(isinstance(layer, cr.nn.Conv2D if dims == 2 else cr.nn.Conv1D)
               for layer in net.layers)
    if without_dropout_in_training(module):
        assert_same_as_autograd(module.train(), shape, seed)


@pytest.mark.parametrize("kind", ["RNN", "LSTM"])
@pytest.mark.parametrize("seed", range(6))
def test_random_recurrent_nets_equal_autograd(seed: int, kind: str) -> None:
    module, shape = random_recurrent(seed, getattr(nn, kind))
    net = assert_same_as_autograd(module, shape, seed)
    assert type(net.layers[0]).__name__ == kind


def test_batch_norm_and_dropout_on_dense_features_equal_autograd() -> None:
    torch.manual_seed(2)
    module = nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6, eps=1e-3, momentum=0.2),
                           nn.ReLU(), nn.Dropout(0.25), nn.Linear(6, 3)).double()
    with torch.no_grad():  # statistics and γ, β away from their defaults
        module[1].running_mean.normal_()
        module[1].running_var.uniform_(0.5, 2.0)
        module[1].weight.normal_()
        module[1].bias.normal_()
    net = assert_same_as_autograd(module.eval(), (4,), 0)
    assert (net.layers[1].eps, net.layers[1].momentum, net.layers[3].p) == (1e-3, 0.2, 0.25)


def test_same_and_valid_paddings_map_to_numbers() -> None:
    module = nn.Sequential(nn.Conv2d(2, 3, 5, padding="same"),
                           nn.Conv2d(3, 2, 2, padding="valid"), nn.Flatten())
    net = cr.from_torch(module, loss="mean_squared_error")
    assert [layer.padding for layer in net.layers[:2]] == [2, 0]
    x = np.random.default_rng(0).normal(size=(2, 2, 7, 7)).astype(np.float32)
    np.testing.assert_allclose(net.forward(x), module(torch.from_numpy(x)).detach().numpy(),
                               rtol=1e-5, atol=1e-6)


def test_the_recurrent_bias_is_the_sum_of_both_pytorch_biases() -> None:
    rnn = nn.LSTM(2, 3, batch_first=True).double()
    net = cr.from_torch(nn.Sequential(recurrent_output(rnn)), loss="mean_squared_error")
    expected = rnn.bias_ih_l0.detach().numpy() + rnn.bias_hh_l0.detach().numpy()
    assert np.array_equal(net.layers[0].b, expected)
    assert np.array_equal(net.layers[0].Wh, rnn.weight_hh_l0.detach().numpy().T)


class UsesState(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.rnn = nn.RNN(2, 3, batch_first=True)

    def forward(self, x):
        _, h = self.rnn(x)
        return h[-1]


REFUSED = [
    (nn.Conv2d(1, 2, 3, dilation=2), ["Conv2d", "dilation=(2, 2)"]),
    (nn.Conv2d(2, 2, 3, groups=2), ["groups=2"]),
    (nn.Conv1d(1, 2, 3, padding=1, padding_mode="reflect"), ["padding_mode='reflect'"]),
    (nn.Conv2d(1, 2, 4, padding="same"), ["padding='same'", "even kernel 4"]),
    (nn.Conv2d(1, 2, (3, 5)), ["kernel_size=(3, 5)"]),
    (nn.Conv2d(1, 2, 3, stride=(1, 2)), ["stride=(1, 2)"]),
    (nn.MaxPool2d(2, ceil_mode=True), ["MaxPool2d", "ceil_mode=True"]),
    (nn.MaxPool2d(2, padding=1), ["padding=1"]),
    (nn.MaxPool2d(2, dilation=2), ["dilation=2"]),
    (nn.AvgPool2d(2, padding=1, count_include_pad=False), ["AvgPool2d", "padding=1"]),
    (nn.AvgPool2d(2, divisor_override=3), ["divisor_override=3"]),
    (nn.Flatten(0), ["start_dim=0"]),
    (nn.BatchNorm1d(3, affine=False), ["affine=False"]),
    (nn.BatchNorm2d(3, track_running_stats=False), ["track_running_stats=False"]),
    (nn.BatchNorm1d(3, momentum=None), ["momentum=None"]),
    (nn.Dropout2d(0.5), ["Dropout2d", "no chainrule equivalent"]),
    (recurrent_output(nn.RNN(2, 3, nonlinearity="relu", batch_first=True)),
     ["nonlinearity='relu'", "tanh"]),
    (recurrent_output(nn.RNN(2, 3, num_layers=2, batch_first=True)), ["num_layers=2"]),
    (recurrent_output(nn.LSTM(2, 3, bidirectional=True, batch_first=True)),
     ["bidirectional=True"]),
    (recurrent_output(nn.LSTM(2, 3)), ["batch_first=False"]),
    (recurrent_output(nn.LSTM(2, 3, proj_size=2, batch_first=True)), ["proj_size=2"]),
    (recurrent_output(nn.RNN(2, 3, bias=False, batch_first=True)), ["bias=False"]),
    (nn.LSTM(2, 3, batch_first=True), ["(output, state)", "recurrent_output", "out[:, -1]"]),
]


@pytest.mark.parametrize(("layer", "words"), REFUSED,
                         ids=[f"{type(m).__name__}{i}" for i, (m, _) in enumerate(REFUSED)])
def test_settings_chainrule_lacks_are_refused_by_name(layer, words) -> None:
    with pytest.raises(cr.ChainruleError) as error:
        cr.from_torch(nn.Sequential(layer), loss="mean_squared_error")
    for word in words:
        assert word in str(error.value)


def test_a_forward_that_uses_the_recurrent_state_is_refused() -> None:
    with pytest.raises(cr.ChainruleError, match=r"out, _ = self.rnn\(x\)"):
        cr.from_torch(UsesState(), loss="mean_squared_error")


class Stacked(nn.Module):
    """``self.rnn(x)[0]`` (every step) into an LSTM whose last step is ``[:, -1, :]``."""

    def __init__(self) -> None:
        super().__init__()
        self.rnn = nn.RNN(2, 4, batch_first=True)
        self.lstm = nn.LSTM(4, 3, batch_first=True)
        self.fc = nn.Linear(3, 3)

    def forward(self, x):
        return self.fc(self.lstm(self.rnn(x)[0])[0][:, -1, :])


def test_a_forward_indexing_recurrent_outputs_maps_to_all_and_last_steps() -> None:
    torch.manual_seed(5)
    net = assert_same_as_autograd(Stacked().double(), (4, 2), 5)
    assert net.summary() == ("RNN 2→4 (all steps) · LSTM 4→3 (last step) · Dense 3→3 → "
                             "softmax_cross_entropy")
