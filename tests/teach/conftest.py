"""A reference written here, independent of the engine: the forward pass of a variant's
network and every gradient by PyTorch autograd, from the parameters the exercise recorded."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

torch = pytest.importorskip("torch")

ACTIVATIONS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
               "identity": lambda z: z}  # fmt: skip
LOSSES = {  # one sample, as the textbooks write them
    "squared_error": lambda a, y: ((a - y) ** 2).sum(),
    "half_squared_error": lambda a, y: 0.5 * ((a - y) ** 2).sum(),
}


@dataclass
class Reference:
    """``z[l]``, ``a[l]`` (``a[0]`` the input), ``delta[l] = ∂L/∂z[l]``, ``grad_W[l]``
    (engine layout: ``W[i, j]`` from input i to unit j), ``grad_b[l]``, all as NumPy."""

    a: dict
    z: dict
    delta: dict
    grad_W: dict
    grad_b: dict
    W: dict


def reference(parameters, x, y, hidden: str, output: str, loss: str) -> Reference:
    """Autograd through ``z = aW + b``, the activations and the loss, written by hand."""
    weights = [torch.tensor(np.asarray(p, dtype=float), requires_grad=True) for p in parameters]
    a = torch.tensor(np.asarray(x, dtype=float))
    L = len(weights) // 2
    zs, activations = {}, {0: a}
    for layer in range(1, L + 1):
        W, b = weights[2 * layer - 2], weights[2 * layer - 1]
        z = a @ W + b
        z.retain_grad()
        zs[layer] = z
        a = ACTIVATIONS[output if layer == L else hidden](z)
        activations[layer] = a
    LOSSES[loss](a, torch.tensor(np.asarray(y, dtype=float))).backward()
    return Reference(
        {k: v.detach().numpy() for k, v in activations.items()},
        {k: v.detach().numpy() for k, v in zs.items()},
        {k: v.grad.numpy() for k, v in zs.items()},
        {k: weights[2 * k - 2].grad.numpy() for k in range(1, L + 1)},
        {k: weights[2 * k - 1].grad.numpy() for k in range(1, L + 1)},
        {k: weights[2 * k - 2].detach().numpy() for k in range(1, L + 1)},
    )


@pytest.fixture(scope="session")
def small_exercise():
    """Two variants of a 2-2-1 sigmoid net (LFD), five questions of every kind."""
    from chainrule.teach import exercise

    return exercise((2, 2, 1), ask=["delta_1^(L)", "w_11^(2)", "layer 1", "update w_21^(2)",
                                    "delta_2^(1)"], variants=2, seed=11)


@pytest.fixture(scope="session")
def torch_reference():
    """:func:`reference`, for the tests of this folder."""
    return reference
