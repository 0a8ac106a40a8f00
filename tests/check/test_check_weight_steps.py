r"""A weight's gradient-descent step, as Mitchell (Machine Learning, Table 4.2, T4.5) and the
Widrow-Hoff rule write it: Δw_ji = η δ_j x_ji, with Δw = −η ∂E/∂w. By hand for Mitchell's
sigmoid output unit 5 fed by unit 3: ∂E/∂w₅₃ = −(t₅ − o₅) o₅(1 − o₅) o₃, so
Δw₅₃ = η (t₅ − o₅) o₅(1 − o₅) o₃; Nielsen's w → w − η ∂C/∂w with ∂C/∂w_jk^l = a_k^{l−1} δ_j^l.
"""

from __future__ import annotations

import pytest

from chainrule.check import check
from chainrule.errors import ParseError


@pytest.mark.parametrize(("claim", "example"), [
    (r"\Delta w_{53} = \eta(t_5 - o_5) o_5(1-o_5) o_3", "mitchell"),
    (r"\Delta w_{53} = \eta \delta_5 o_3", "mitchell"),
    (r"Δw_{ji} = η δ_j o_i", "mitchell"),
    (r"\Delta w^l_{jk} = -\eta a^{l-1}_k \delta^l_j", "nielsen"),
])
def test_a_weight_step_with_the_learning_rate_is_checked(claim: str, example: str) -> None:
    result = check(claim, example=example)
    assert result.correct, result.text()
    assert any(line.startswith("read the step Δ") for line in result.reading)


@pytest.mark.parametrize("claim", [
    r"\Delta w_{53} = -\eta(t_5 - o_5) o_5(1-o_5) o_3",  # the sign of the step
    r"\Delta w_{53} = \eta(t_5 - o_5) o_3",  # σ' left out
])
def test_a_wrong_weight_step_is_incorrect(claim: str) -> None:
    assert not check(claim, example="mitchell").correct


def test_a_step_without_a_learning_rate_is_refused() -> None:
    with pytest.raises(ParseError, match="learning rate"):
        check(r"\Delta w_{53} = (t_5 - o_5) o_5(1-o_5) o_3", example="mitchell")


@pytest.mark.parametrize("claim", [
    r"\frac{\partial E}{\partial w_{ji}} = -\delta_j x_{ji}",
    r"\Delta w_{ji} = \eta \delta_j x_{ji}",  # Table 4.2, T4.5
    r"\Delta w_{53} = \eta \delta_5 x_{53}",
])
def test_mitchells_x_ji_is_the_output_of_unit_i(claim: str) -> None:
    # x_ji is "the ith input to unit j", the output o_i; read as the network's input x it
    # made Mitchell's own -δ_j x_ji "incorrect"
    result = check(claim, example="mitchell")
    assert result.correct, result.text()
    assert any("as the output of unit" in line for line in result.reading)


def test_x_ji_of_another_unit_is_incorrect() -> None:
    assert not check(r"\Delta w_{53} = \eta \delta_5 x_{54}", example="mitchell").correct
