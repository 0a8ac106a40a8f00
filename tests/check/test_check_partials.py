"""Partials between two quantities of a network: local factors, the softmax Jacobian, layers
that are not adjacent. Expected values are the textbook derivatives (σ′ = σ(1 − σ),
∂softmax_i/∂z_j = ŷ_i(δ_ij − ŷ_j), ∂z/∂w = the input), and one is checked against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.check import check_network_claim

CORRECT = [
    (r"\frac{\partial a_1^{(2)}}{\partial z_1^{(2)}} = a_1^{(2)}(1-a_1^{(2)})", "nielsen"),
    (r"\frac{\partial \hat{y}_1}{\partial (z_2)_2} = -\hat{y}_1 \hat{y}_2", "cs231n"),
    (r"\frac{\partial \hat{y}_2}{\partial (z_2)_2} = \hat{y}_2 (1-\hat{y}_2)", "cs231n"),
    (r"\frac{\partial z_1^{(3)}}{\partial w_{12}^{(3)}} = a_2^{(2)}", "nielsen"),
    (r"\frac{\partial z_1^{(3)}}{\partial a_2^{(2)}} = w_{12}^{(3)}", "nielsen"),
    (r"\frac{\partial a_1^{(4)}}{\partial a_2^{(2)}} = \sigma'(z_1^{(4)}) \sum_k w_{1k}^{(4)} "
     r"\sigma'(z_k^{(3)}) w_{k2}^{(3)}", "nielsen"),
    (r"∂x_1^(L)/∂s_1^(1) = w_11^(L)(1 - (x_1^(1))^2)(1 - (x_1^(L))^2)", "lfd"),
]


@pytest.mark.parametrize(("claim", "example"), CORRECT)
def test_textbook_partials_are_correct(claim: str, example: str) -> None:
    result = check_network_claim(claim, example=example)
    assert result.correct, str(result)


@pytest.mark.parametrize(("claim", "example"), [
    (r"\frac{\partial \hat{y}_1}{\partial (z_2)_2} = \hat{y}_1 \hat{y}_2", "cs231n"),
    (r"\frac{\partial a_1^{(4)}}{\partial a_2^{(2)}} = \sigma'(z_1^{(4)}) w_{12}^{(4)}", "nielsen"),
    (r"∂x_1^(L)/∂s_1^(1) = 1 - (x_1^(L))^2", "lfd"),
])
def test_wrong_partials_are_incorrect(claim: str, example: str) -> None:
    assert not check_network_claim(claim, example=example).correct


def test_softmax_jacobian_matches_pytorch() -> None:
    torch = pytest.importorskip("torch")
    z = torch.tensor([0.3, -1.1], dtype=torch.float64)
    jacobian = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, 0), z).numpy()
    y = np.exp(z.numpy()) / np.exp(z.numpy()).sum()
    assert jacobian[0, 1] == pytest.approx(-y[0] * y[1])  # the claim called correct above
    assert jacobian[1, 1] == pytest.approx(y[1] * (1 - y[1]))


def test_a_partial_across_a_wide_layer_is_refused() -> None:
    from chainrule.errors import ConfigError

    with pytest.raises(ConfigError, match="too wide"):
        check_network_claim(r"\frac{\partial (z_2)_1}{\partial (z_1)_1} = 1", example="cs231n")
