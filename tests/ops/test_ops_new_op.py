"""A new activation or loss is one class in ``ops/``: registered, it gets ``explain`` and
``check``.

Softplus, ``a = log(1 + e^z)`` with ``θ′(z) = 1/(1 + e^{−z})``, and the log-cosh loss,
``e = Σ_k log cosh(x_k − y_k)`` with ``∂e/∂x_k = tanh(x_k − y_k)``, are defined here and
nowhere in the package. Registered for this module only (the fixture takes them out again),
each is explained (the chained product, backprop and a finite difference agree, and agree with
a forward pass written out in this test) and checked (a right δ formula through it is correct,
a wrong one is not), with no other file touched.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
import sympy

import chainrule as cr
from chainrule.check import check_network_claim
from chainrule.ops import ACTIVATIONS, LOSSES
from chainrule.ops.base import Activation, Loss
from chainrule.ops.registry import register_activation, register_loss

W1 = [[0.3, -0.2], [0.5, 0.1]]
B1 = [0.1, -0.3]
W2 = [[0.7], [-0.4]]
B2 = [0.2]
X = np.array([0.5, -1.0])
Y = 0.3


class Softplus(Activation):
    """``a = log(1 + e^z)``, the smooth ReLU."""

    name = "softplus"
    output_range = (0.0, float("inf"))

    def forward(self, z: np.ndarray) -> np.ndarray:
        return np.logaddexp(0.0, z)

    def derivative(self, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-z))

    def symbolic(self, z):
        return sympy.log(1 + sympy.exp(z))


class LogCosh(Loss):
    """``e = Σ_k log cosh(x_k − y_k)``: squared error near 0, absolute error far out."""

    name = "log_cosh"

    def per_sample(self, output: np.ndarray, target: np.ndarray) -> np.ndarray:
        d = output - target
        return (np.logaddexp(d, -d) - np.log(2.0)).sum(axis=1)

    def backward(self, output: np.ndarray, target: np.ndarray) -> np.ndarray:
        n, k = output.shape
        return np.tanh(output - target) * self.sample_scale(n, k)

    def symbolic(self, outputs, targets):
        pairs = zip(outputs, targets, strict=True)
        return sympy.Add(*[sympy.log((sympy.exp(x - y) + sympy.exp(y - x)) / 2)
                           for x, y in pairs])


@pytest.fixture(autouse=True)
def new_ops() -> Iterator[None]:
    register_activation(Softplus)
    register_loss(LogCosh)
    yield
    del ACTIVATIONS[Softplus.name]
    del LOSSES[LogCosh.name]


def _net() -> cr.Network:
    return cr.Network([cr.Dense(2, 2, weights=W1, biases=B1), Softplus(),
                       cr.Dense(2, 1, weights=W2, biases=B2), Softplus()],
                      loss=cr.SquaredError())


def _log_cosh_net() -> cr.Network:
    return cr.Network([cr.Dense(2, 2, weights=W1, biases=B1), cr.Tanh(),
                       cr.Dense(2, 1, weights=W2, biases=B2), cr.Tanh()], loss=LogCosh())


def _softplus_loss(w1: np.ndarray) -> float:
    """By hand: e = (softplus(softplus(x W1 + b1) W2 + b2) − y)²."""
    hidden = np.log1p(np.exp(X @ w1 + np.array(B1)))
    out = np.log1p(np.exp(hidden @ np.array(W2) + np.array(B2)))
    return float(((out - Y) ** 2).sum())


def _log_cosh_loss(w1: np.ndarray) -> float:
    """By hand: e = log cosh(tanh(tanh(x W1 + b1) W2 + b2) − y)."""
    out = np.tanh(np.tanh(X @ w1 + np.array(B1)) @ np.array(W2) + np.array(B2))
    return float(np.log(np.cosh(out - Y)).sum())


def _by_hand(loss, i: int, j: int, h: float = 1e-5) -> float:
    """``∂e/∂W1[i, j]`` by central differences of ``loss``."""
    up, down = np.array(W1), np.array(W1)
    up[i, j] += h
    down[i, j] -= h
    return (loss(up) - loss(down)) / (2 * h)


def test_registered_ops_are_found_by_name() -> None:
    assert isinstance(cr.ops.activation("softplus"), Softplus)
    assert isinstance(cr.ops.loss("log_cosh"), LogCosh)


def test_explain_a_weight_through_the_new_activation() -> None:
    explanation = cr.explain(_net(), X, [Y], "w_12^(1)", notation="lfd")
    check = explanation.check
    assert check.passed
    assert check.chain == pytest.approx(check.backprop, abs=1e-12)
    assert check.backprop == pytest.approx(check.finite_difference, abs=1e-8)
    assert explanation.gradient == pytest.approx(_by_hand(_softplus_loss, 0, 1), abs=1e-8)
    text = explanation.to_text(width=200)
    # θ′ derived from the op's own symbolic form, once (for the output unit), then referred to
    assert "d/ds₁⁽ᴸ⁾ [log(e^(s₁⁽ᴸ⁾) + 1)] = e^(s₁⁽ᴸ⁾)/(e^(s₁⁽ᴸ⁾) + 1)" in text
    assert ("(the same derivation as for ∂x₁⁽ᴸ⁾/∂s₁⁽ᴸ⁾ above, with the indices of s₁⁽ᴸ⁾ and "
            "s₂⁽¹⁾ exchanged)") in text


def test_explain_a_weight_under_the_new_loss() -> None:
    explanation = cr.explain(_log_cosh_net(), X, [Y], "w_12^(1)", notation="lfd")
    check = explanation.check
    assert check.passed
    assert check.chain == pytest.approx(check.backprop, abs=1e-12)
    assert explanation.gradient == pytest.approx(_by_hand(_log_cosh_loss, 0, 1), abs=1e-8)
    assert "→ log_cosh" in explanation.to_text()  # the network line names the new loss


@pytest.mark.parametrize(("claim", "verdict"), [
    (r"\delta_1^{(L)} = \tanh(x_1^{(L)}-y_1) (1-(x_1^{(L)})^2)", "correct"),
    (r"\delta_1^{(L)} = \frac{e^{x_1^{(L)}-y_1} - e^{y_1-x_1^{(L)}}}"
     r"{e^{x_1^{(L)}-y_1} + e^{y_1-x_1^{(L)}}} (1-(x_1^{(L)})^2)", "correct"),
    (r"\delta_1^{(L)} = 2(x_1^{(L)}-y_1)(1-(x_1^{(L)})^2)", "incorrect"),  # squared error's
    (r"\delta_1^{(L)} = \tanh(x_1^{(L)}-y_1)", "incorrect"),  # θ′ left out
])
def test_check_a_delta_under_the_new_loss(claim: str, verdict: str) -> None:
    assert check_network_claim(claim, _log_cosh_net(), notation="lfd").verdict == verdict


def test_check_a_right_output_delta_through_the_new_op() -> None:
    claim = r"\delta_1^{(L)} = 2(x_1^{(L)}-y_1) \frac{1}{1+e^{-s_1^{(L)}}}"
    assert check_network_claim(claim, _net(), notation="lfd").verdict == "correct"


def test_check_a_right_hidden_recurrence_through_the_new_op() -> None:
    claim = (r"\delta_i^{(1)} = \frac{e^{s_i^{(1)}}}{1+e^{s_i^{(1)}}} "
             r"\sum_j w_{ij}^{(2)} \delta_j^{(2)}")
    assert check_network_claim(claim, _net(), notation="lfd").verdict == "correct"


@pytest.mark.parametrize("claim", [
    r"\delta_1^{(L)} = 2(x_1^{(L)}-y_1)",  # the activation's derivative left out
    r"\delta_1^{(L)} = 2(x_1^{(L)}-y_1) e^{s_1^{(L)}}",  # log's derivative forgotten
    r"\delta_i^{(1)} = \sum_j w_{ij}^{(2)} \delta_j^{(2)}",
])
def test_check_a_wrong_delta_through_the_new_op(claim: str) -> None:
    assert check_network_claim(claim, _net(), notation="lfd").verdict == "incorrect"
