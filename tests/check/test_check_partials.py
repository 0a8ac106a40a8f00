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


# ∂C/∂a and δ of a hidden layer two layers below the output, written out down to the loss
# (Nielsen's 3-4-3-2 sigmoid net, C = ½‖a − y‖²): the textbook expansion by the chain rule,
# Σ over the next layer of w · σ′ · (Σ over the outputs of w · σ′ · (a − y)).
_DOWN_TO_THE_LOSS = (r"\sum_k w_{k1}^{(3)} \sigma'(z_k^{(3)}) \sum_m w_{mk}^{(4)} "
                     r"(a_m^{(4)}-y_m) \sigma'(z_m^{(4)})")


@pytest.mark.parametrize("claim", [
    rf"\frac{{\partial C}}{{\partial a_1^{{(2)}}}} = {_DOWN_TO_THE_LOSS}",
    rf"\frac{{\partial C}}{{\partial z_1^{{(2)}}}} = \sigma'(z_1^{{(2)}}) {_DOWN_TO_THE_LOSS}",
])
def test_a_hidden_partial_written_down_to_the_loss_is_correct(claim: str) -> None:
    result = check_network_claim(claim, example="nielsen")
    assert result.verdict in ("correct", "probably_correct"), str(result)


@pytest.mark.parametrize("claim", [
    # the δ without its own σ′, and ∂C/∂a with the output layer's σ′ left out
    rf"\frac{{\partial C}}{{\partial z_1^{{(2)}}}} = {_DOWN_TO_THE_LOSS}",
    r"\frac{\partial C}{\partial a_1^{(2)}} = \sum_k w_{k1}^{(3)} \sigma'(z_k^{(3)}) \sum_m "
    r"w_{mk}^{(4)} (a_m^{(4)}-y_m)",
])
def test_a_hidden_partial_down_to_the_loss_missing_a_factor_is_incorrect(claim: str) -> None:
    assert check_network_claim(claim, example="nielsen").verdict == "incorrect"


def test_the_learner_s_names_reach_inside_partials() -> None:
    # Mazur's names on Mitchell's 2-2-2 net: ∂E_total/∂w_5 = −(target − out) out(1 − out) out_h1
    result = check_network_claim(
        r"\frac{\partial E_{total}}{\partial w_{5}} = -(target_{o1} - out_{o1}) * "
        r"out_{o1}(1 - out_{o1}) * out_{h1}", example="mitchell",
        symbols="out_{o1}=o_5,target_{o1}=t_5,out_{h1}=o_3,w_{5}=w_{53},E_{total}=E")
    assert result.correct, str(result)
    assert "read w₅ as w₅₃, the weight from unit 3 to unit 5 of layer 2 (--symbols)" in \
        result.reading
    assert "read Eₜₒₜₐₗ as E, the loss (--symbols)" in result.reading
    wrong = check_network_claim(
        r"\frac{\partial E_{total}}{\partial w_{5}} = -(target_{o1} - out_{o1}) * out_{h1}",
        example="mitchell", symbols="out_{o1}=o_5,target_{o1}=t_5,out_{h1}=o_3,w_5=w_53,"
        "E_{total}=E")
    assert not wrong.correct


def test_mazur_s_names_are_built_in_for_mitchell_s_network() -> None:
    # Mazur numbers the weights layer by layer, those into one unit together: w_6 is h2 → o1
    result = check_network_claim(
        r"\frac{\partial E_{total}}{\partial w_{6}} = (out_{o1} - target_{o1}) "
        r"out_{o1}(1 - out_{o1}) out_{h2}", example="mitchell")
    assert result.correct, str(result)
    assert "read w₆ as w₅₄, the weight from unit 4 to unit 5 of layer 2 (Mazur's name)" in \
        result.reading
    wrong = check_network_claim(  # w_6 read as h1 → o2 (w_63) would make this one correct
        r"\frac{\partial E_{total}}{\partial w_{6}} = (out_{o2} - target_{o2}) "
        r"out_{o2}(1 - out_{o2}) out_{h1}", example="mitchell")
    assert not wrong.correct


def test_a_learner_s_own_name_wins_over_a_built_in_one() -> None:
    result = check_network_claim(r"\frac{\partial net_{o1}}{\partial out_{h1}} = w_{54}",
                                 example="mitchell", symbols="out_{h1}=o_4")
    assert result.correct, str(result)
    assert any("(--symbols)" in line and "o₄" in line for line in result.reading)


def test_cs231n_learners_dot_y_is_the_one_hot_target() -> None:
    # seed 004: "dz_2 = ŷ_n − ẏ_n", ẏ the one-hot target (PL_n = l_n ẏ_nᵀ, L = −1/N Σ PL_n)
    result = check_network_claim(r"(dz_2)_1 = \hat{y}_1 - \dot{y}_1", example="cs231n",
                                 per_sample=True)
    assert result.correct, str(result)
    assert result.reading[0].startswith("read ẏ₁ as y₁, the target of output unit 1 (ẏ, the "
                                        "one-hot target")
    assert not check_network_claim(r"(dz_2)_1 = \dot{y}_1 - \hat{y}_1", example="cs231n",
                                   per_sample=True).correct


@pytest.mark.parametrize(("claim", "example", "right"), [
    (r"∂E/∂net_5 = -δ_5", "mitchell", True),  # Mitchell: δ_j = −∂E/∂net_j
    (r"∂E/∂net_3 = -δ_3", "mitchell", True),
    (r"∂E/∂net_3 = δ_3", "mitchell", False),
    (r"\frac{\partial C}{\partial z_1^{(2)}} = \delta_1^{(2)}", "nielsen", True),  # δ = ∂C/∂z
])
def test_a_partial_of_the_loss_by_a_signal_is_its_delta_by_definition(claim: str, example: str,
                                                                      right: bool) -> None:
    result = check_network_claim(claim, example=example)
    assert (result.verdict in ("correct", "probably_correct")) == right, str(result)


@pytest.mark.parametrize(("claim", "example", "own", "other", "sign"), [
    (r"∂E/∂net_3 = -δ_4", "mitchell", "δ₃", "δ₄", -1),  # Mitchell: ∂E/∂net_j = −δ_j
    (r"∂E/∂net_3 = δ_4", "mitchell", "δ₃", "δ₄", -1),
    (r"∂E/∂net_5 = -δ_6", "mitchell", "δ₅", "δ₆", -1),  # the output layer
    (r"δ_3 = δ_4", "mitchell", "δ₃", "δ₄", 1),
    (r"\frac{\partial C}{\partial z_1^{(2)}} = \delta_2^{(2)}", "nielsen", "δ₁⁽²⁾", "δ₂⁽²⁾", 1),
    (r"∂E/∂net_3 = -∂E/∂net_4", "mitchell", "∂E/∂net₃", "∂E/∂net₄", 1),
    (r"(dz_2)_1 = (dz_2)_2", "cs231n", "(dz₂)₁", "(dz₂)₂", 1),  # as the learner wrote it
])
def test_the_delta_of_another_unit_of_the_layer_is_the_wrong_unit(
        claim: str, example: str, own: str, other: str, sign: int) -> None:
    """By definition the quantity is ±(its own unit's δ); the δ of another unit of the same
    layer is another number: at the counterexample the truth is sign × the own δ's value."""
    result = check_network_claim(claim, example=example)
    assert result.verdict == "incorrect", str(result)
    assert result.diagnosis is not None and result.diagnosis.code == "wrong_unit"
    assert f"{other} is the" in result.diagnosis.message
    assert result.counterexample is not None
    values = dict(result.counterexample.variables)
    assert result.counterexample.true_value == pytest.approx(sign * values[own])
    assert result.counterexample.claim_value != pytest.approx(result.counterexample.true_value)
