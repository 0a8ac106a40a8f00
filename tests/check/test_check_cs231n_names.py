"""CS231n's own names in a claim and in the result: ``(dz_2)_1``, ``dW_11^(2)``, ``(dW_2)_{11}``;
and ``targets_sum_to_one`` names only the notation's target."""

from __future__ import annotations

import pytest

from chainrule.check import check_derivative, check_network_claim
from chainrule.errors import ConfigError


def test_an_entry_of_dz2_as_explain_writes_it() -> None:
    result = check_network_claim(r"(dz_2)_1 = (\hat{y}_1 - y_1)/N", example="cs231n")
    assert result.verdict == "correct"
    assert result.quantity.startswith("(dz₂)₁ (∂L/∂(z₂)₁")
    wrong = check_network_claim(r"(dz_{2})_{1} = \hat{y}_1 - y_1", example="cs231n",
                                per_sample=False)  # one sample's: right only per sample
    assert wrong.counterexample is not None
    names = [name for name, _ in wrong.counterexample.variables]
    assert "(z₂)₁" in names and "z₁⁽²⁾" not in names


@pytest.mark.parametrize("claim", [r"dW_11^(2) = a_1^(1) dz_1^(2)",
                                   r"(dW_2)_{11} = (a_1)_1 (dz_2)_1"])
def test_dw_is_the_gradient_of_a_weight(claim: str) -> None:
    result = check_network_claim(claim, example="cs231n")
    assert result.verdict == "correct"  # ∂z₁/∂W₁₁ = a₁, so dW₁₁ = a₁ dz₁
    assert result.quantity.startswith("(dW₂)₁₁ (∂L/∂(W₂)₁₁")


@pytest.mark.parametrize("name", ["foo", ""])
def test_sum_to_one_must_name_the_target(name: str) -> None:
    with pytest.raises(ConfigError, match="must be one of y; got"):
        check_network_claim(r"dz_2 = (\hat{y} - y)/N", example="cs231n",
                             targets_sum_to_one=[name])
    with pytest.raises(ConfigError, match="must be one of y; got"):
        check_derivative("y_1", "x y_1 + y_2", "x", sum_to_one=[name])
    with pytest.raises(ConfigError, match="the formulas have none"):
        check_derivative("1", "x", "x", sum_to_one=[name])


def test_a_name_without_its_unit_prints_as_the_parser_reads_it() -> None:
    # found by the fuzz test: ŷ with a layer but no unit is no entry of a vector
    result = check_network_claim(r"dz_2 = \hat{y}^{(l)}", example="cs231n")
    assert result.verdict == "incorrect"
