r"""Free-form sums without a size are checked written out at several sizes. Expected values by
hand: ∂/∂x₁ ‖x‖² = 2x₁; ∂/∂W₁₂ ½‖W‖_F² = W₁₂; ∂/∂a_k Σ_k (t_k − a_k)² = −2(t_k − a_k);
∂/∂y₂ (1/K) Σ_{k=1}^{K} (t_k − y_k)² = −(2/K)(t₂ − y₂); the softmax-free cross-entropy
∂/∂y₁ (−Σ_k t_k log y_k) = −t₁/y₁; the output δ of Mitchell's squared error with a_k = σ(z_k):
∂/∂z_k ½Σ_k (t_k − a_k)² = −(t_k − a_k) a_k (1 − a_k).
"""

from __future__ import annotations

import pytest

from chainrule.check import check
from chainrule.errors import ParseError


@pytest.mark.parametrize(("claim", "of", "wrt", "where"), [
    ("2x_1", "\\|x\\|^2", "x_1", []),
    ("W_12", "\\frac{1}{2}\\|W\\|_F^2", "W_12", []),
    ("-2(t_k-a_k)", "sum_k (t_k - a_k)^2", "a_k", []),
    ("-2(t_1-a_1)", "\\sum_k (t_k - a_k)^2", "a_1", []),
    ("-\\frac{2}{K}(t_2 - y_2)", "\\frac{1}{K}\\sum_{k=1}^{K}(t_k - y_k)^2", "y_2", []),
    ("-t_1/y_1", "-\\sum_k t_k \\log(y_k)", "y_1", []),
    ("-(t_k - a_k) a_k (1-a_k)", "\\frac{1}{2}\\sum_k (t_k - a_k)^2", "z_k",
     ["a_k=sigmoid(z_k)"]),
    ("2W_12", "\\sum_i \\sum_j W_{ij}^2", "W_12", []),
])
def test_a_sum_without_a_size_is_checked_at_several_sizes(claim: str, of: str, wrt: str,
                                                          where: list[str]) -> None:  # fmt: skip
    result = check(claim, of=of, wrt=wrt, where=where)
    assert result.correct, result.text()
    assert any("checked at each size" in line for line in result.reading)


@pytest.mark.parametrize(("claim", "of", "wrt"), [
    ("-(t_1-a_1)", "\\sum_k (t_k - a_k)^2", "a_1"),  # the ½ of another convention
    ("x_1", "\\|x\\|^2", "x_1"),
    ("-\\frac{2}{3}(t_2 - y_2)", "\\frac{1}{K}\\sum_{k=1}^{K}(t_k - y_k)^2", "y_2"),  # K = 3 only
    ("-2(t_1 - a_1) - 2(t_2 - a_2)", "\\sum_k (t_k - a_k)^2", "a_1"),
])
def test_a_wrong_claim_about_a_sum_is_incorrect(claim: str, of: str, wrt: str) -> None:
    assert not check(claim, of=of, wrt=wrt).correct


def test_a_vector_variable_is_refused_not_differentiated_as_a_scalar() -> None:
    # ∇‖x‖² = 2x is a vector; read as d/dx of a sum over x_i it would be 0, and 2x "wrong".
    with pytest.raises(ParseError, match="vector"):
        check("2x", of="\\|x\\|^2", wrt="x")


def test_an_index_outside_the_sums_with_another_variable_is_refused() -> None:
    with pytest.raises(ParseError, match="outside any sum"):
        check("-2(t_k-a_k)", of="\\sum_k (t_k - a_k)^2", wrt="a_1")
