"""`from_torch` against PyTorch itself: random modules, forward and gradients by autograd.

The expected values are PyTorch's: the module's own output, and autograd's gradients of
PyTorch's built-in losses (``F.cross_entropy``, ``F.mse_loss``, ...), never chainrule's.
"""

from __future__ import annotations

import numpy as np
import pytest

import chainrule as cr

torch = pytest.importorskip("torch")
F = torch.nn.functional

ACTIVATIONS = [torch.nn.Tanh, torch.nn.Sigmoid, torch.nn.ReLU, torch.nn.Identity,
               lambda: torch.nn.LeakyReLU(0.2)]
# chainrule loss → PyTorch's built-in loss on (output, targets), the same reduction
LOSSES = {
    "softmax_cross_entropy": lambda out, labels, k: F.cross_entropy(out, labels),
    "mean_squared_error": lambda out, labels, k: F.mse_loss(out,
                                                            F.one_hot(labels, k).to(out.dtype)),
    "sigmoid_binary_cross_entropy": lambda out, labels, k: F.binary_cross_entropy_with_logits(
        out, F.one_hot(labels, k).to(out.dtype), reduction="sum") / len(out),
}


def random_module(seed: int, dtype=torch.float64) -> torch.nn.Sequential:
    """Depth 1–4, widths 2–7, a random activation after each hidden Linear."""
    generator = np.random.default_rng(seed)
    torch.manual_seed(seed)
    depth = int(generator.integers(1, 5))
    widths = [int(w) for w in generator.integers(2, 8, size=depth + 1)]
    layers = []
    for i in range(depth):
        bias = bool(generator.random() < 0.8)
        layers.append(torch.nn.Linear(widths[i], widths[i + 1], bias=bias))
        if i < depth - 1:
            layers.append(ACTIVATIONS[int(generator.integers(len(ACTIVATIONS)))]())
    return torch.nn.Sequential(*layers).to(dtype)


def autograd(module, x: np.ndarray, labels: np.ndarray, loss_name: str):
    """PyTorch's output and the gradients of its loss, as chainrule orders them (Wᵀ, b)."""
    module.zero_grad()
    output = module(torch.from_numpy(x))
    k = output.shape[1]
    LOSSES[loss_name](output, torch.from_numpy(labels), k).backward()
    grads = []
    for linear in (m for m in module.modules() if isinstance(m, torch.nn.Linear)):
        grads.append(linear.weight.grad.numpy().T)
        if linear.bias is not None:
            grads.append(linear.bias.grad.numpy())
    return output.detach().numpy(), grads


def relative_error(ours: np.ndarray, theirs: np.ndarray) -> float:
    scale = max(float(np.max(np.abs(theirs))), 1e-300)
    return float(np.max(np.abs(ours - theirs))) / scale


@pytest.mark.parametrize("loss_name", sorted(LOSSES))
@pytest.mark.parametrize("seed", range(8))
def test_forward_and_gradients_equal_autograd(seed: int, loss_name: str) -> None:
    module = random_module(seed)
    net = cr.from_torch(module, loss=loss_name)
    rng = np.random.default_rng(100 + seed)
    x = rng.normal(size=(6, net.n_inputs))
    labels = rng.integers(0, net.n_outputs, size=6)
    output, grads = autograd(module, x, labels, loss_name)
    assert relative_error(net.forward(x), output) <= 1e-12
    one_hot = not net.loss.classifier or loss_name == "mean_squared_error"
    y = np.eye(net.n_outputs)[labels] if one_hot else labels
    if loss_name == "sigmoid_binary_cross_entropy":
        y = np.eye(net.n_outputs)[labels]
    ours = net.loss_and_gradients(x, y)[1]
    assert len(ours) == len(grads)
    for name, mine, theirs in zip(net.parameter_names, ours, grads, strict=True):
        assert relative_error(mine, theirs) <= 1e-10, (name, net.summary())


class Chain(torch.nn.Module):
    """The usual tutorial shape: layers registered in order, called in order."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = torch.nn.Linear(3, 5)
        self.act = torch.nn.Tanh()
        self.middle = torch.nn.Linear(5, 4)
        self.out = torch.nn.Linear(4, 2)

    def forward(self, x):
        x = F.leaky_relu(self.middle(self.act(self.hidden(x))), 0.1)
        return F.softmax(self.out(x.sigmoid()), dim=1)


def test_a_chain_shaped_module_maps_in_call_order() -> None:
    module = Chain().double()
    net = cr.from_torch(module, loss="cross_entropy")
    assert net.summary() == ("Dense 3→5 · tanh · Dense 5→4 · leaky_relu(0.1) · sigmoid · "
                             "Dense 4→2 · softmax → cross_entropy")
    x = np.random.default_rng(0).normal(size=(4, 3))
    labels = np.array([0, 1, 1, 0])
    module.zero_grad()
    probs = module(torch.from_numpy(x))
    F.nll_loss(torch.log(probs), torch.from_numpy(labels)).backward()
    np.testing.assert_allclose(net.forward(x), probs.detach().numpy(), rtol=1e-12)
    grads = net.loss_and_gradients(x, labels)[1]
    np.testing.assert_allclose(grads[0], module.hidden.weight.grad.numpy().T, rtol=1e-10)
    np.testing.assert_allclose(grads[-1], module.out.bias.grad.numpy(), rtol=1e-10)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_weights_are_copied_bit_for_bit_in_the_source_dtype(dtype: str) -> None:
    module = random_module(3, getattr(torch, dtype))
    net = cr.from_torch(module, loss="mean_squared_error")
    assert net.dtype.name == dtype
    linears = [m for m in module if isinstance(m, torch.nn.Linear)]
    for layer, linear in zip(net.dense_layers, linears, strict=True):
        assert np.array_equal(layer.W, linear.weight.detach().numpy().T)
        assert layer.W.dtype == np.dtype(dtype)
        if linear.bias is not None:
            assert np.array_equal(layer.b, linear.bias.detach().numpy())


def test_the_loss_can_be_given_as_an_op() -> None:
    module = torch.nn.Sequential(torch.nn.Linear(2, 3))
    net = cr.from_torch(module, loss=cr.SoftmaxCrossEntropy(reduction="sum"))
    assert net.loss.reduction == "sum"


class Skip(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = torch.nn.Linear(3, 3)

    def forward(self, x):
        return self.fc(x) + x


class Unused(Chain):
    def forward(self, x):
        return self.hidden(x)


class Branching(Chain):
    def forward(self, x):
        if x.sum() > 0:
            return self.hidden(x)
        return x


class Reshaping(Chain):
    def forward(self, x):
        return self.hidden(x.view(x.shape[0], -1))


class Exponential(Chain):
    def forward(self, x):
        return self.hidden(torch.exp(x))


REFUSED = [
    (torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.GELU()),
     ["'1'", "GELU", "Linear", "Tanh", "Softmax"]),
    (torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Softmax(dim=0)), ["dim=0"]),
    (Skip(), ["not a chain", "'fc'"]),
    (Unused(), ["'middle'", "does not use"]),
    (Branching(), ["could not be read as a chain", "nn.Sequential"]),
    (Reshaping(), ["not a chain", "getattr"]),
    (Exponential(), ["torch.exp", "no chainrule equivalent", "torch.tanh", "Tensor.relu"]),
    (torch.nn.Sequential(torch.nn.Linear(2, 3).half()), ["float16", ".double()"]),
    (torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Linear(3, 1).double()), ["mixes"]),
    ("not a module", ["torch.nn.Module", "str"]),
]


@pytest.mark.parametrize(("module", "words"), REFUSED,
                         ids=[type(m).__name__ + str(i) for i, (m, _) in enumerate(REFUSED)])
def test_what_cannot_be_mapped_is_refused_by_name(module, words) -> None:
    with pytest.raises(cr.ChainruleError) as error:
        cr.from_torch(module, loss="mean_squared_error")
    for word in words:
        assert word in str(error.value)
