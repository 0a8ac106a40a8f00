"""The network form: claims about a δ in a course's notation (seeds 000, 001, 004), on the
example networks of ``explain``."""

from __future__ import annotations

import pytest

from chainrule.check import check_network_claim

SEED_000 = r"\delta_1^{(L)} = 2(x_1^{(L)}-y_n)(1-(x_1^{(L)})^2)"
SEED_001 = r"\delta_j^{(L-m)} = g'(z_j^{(L-m)}) \sum_i w_{ij}^{(L-m+1)} \delta_i^{(L-m+1)}"
LFD_HIDDEN = r"\delta_i^{(l)} = (1-(x_i^{(l)})^2) \sum_j w_{ij}^{(l+1)} \delta_j^{(l+1)}"


def test_seed_000_output_delta_is_correct() -> None:
    result = check_network_claim(SEED_000, example="lfd")
    assert result.verdict == "correct"
    assert result.symbolically_confirmed is True


def test_seed_000_in_terms_of_the_signal_is_correct() -> None:
    claim = r"\delta_1^{(L)} = 2(\tanh(s_1^{(L)})-y_n)(1-\tanh^2(s_1^{(L)}))"
    assert check_network_claim(claim, example="lfd").verdict == "correct"


def test_seed_000_mitchell_sign_is_diagnosed() -> None:
    claim = r"\delta_1^{(L)} = 2(y_n-x_1^{(L)})(1-(x_1^{(L)})^2)"
    result = check_network_claim(claim, example="lfd")
    assert result.diagnosis.code == "sign"
    assert "Mitchell" in result.diagnosis.message


def test_seed_001_recurrence_with_a_sum_is_correct() -> None:
    result = check_network_claim(SEED_001, example="nielsen")
    assert result.verdict == "correct", str(result)


def test_seed_001_recurrence_in_the_output_a_is_correct() -> None:
    claim = (r"\delta_j^{(L-m)} = a_j^{(L-m)}(1-a_j^{(L-m)}) "
             r"\sum_i w_{ij}^{(L-m+1)} \delta_i^{(L-m+1)}")
    assert check_network_claim(claim, example="nielsen").verdict == "correct"


def test_lfd_hidden_recurrence_is_correct() -> None:
    assert check_network_claim(LFD_HIDDEN, example="lfd").verdict == "correct"


def test_missing_sum_over_next_layer_units() -> None:
    claim = r"\delta_i^{(l)} = (1-(x_i^{(l)})^2) w_{ij}^{(l+1)} \delta_j^{(l+1)}"
    result = check_network_claim(claim, example="lfd")
    assert result.diagnosis.code == "missing_sum"
    assert result.counterexample is not None


def test_hidden_recurrence_without_activation_derivative() -> None:
    claim = r"\delta_i^{(l)} = \sum_j w_{ij}^{(l+1)} \delta_j^{(l+1)}"
    result = check_network_claim(claim, example="lfd")
    assert result.diagnosis.code == "missing_activation_derivative"


def test_mitchell_output_delta_sign_convention() -> None:
    assert check_network_claim(r"\delta_k = o_k(1-o_k)(t_k-o_k)", example="mitchell").correct
    result = check_network_claim(r"\delta_k = o_k(1-o_k)(o_k-t_k)", example="mitchell")
    assert result.diagnosis.code == "sign"
    assert "−∂E/∂net" in result.diagnosis.message


def test_mitchell_hidden_delta() -> None:
    claim = r"\delta_h = o_h(1-o_h) \sum_k w_{kh} \delta_k"
    assert check_network_claim(claim, example="mitchell").correct


def test_seed_004_yhat_minus_y_lacks_the_mean_s_1_over_n() -> None:
    # CS231n's dz2 is dL/dz2 of the batch mean L = (1/N) sum_n L_n: (yhat - y)/N, as explain
    # prints; asked for the mean's (--batch-mean), yhat - y lacks the 1/N
    result = check_network_claim(r"dz_2 = \hat{y} - y", example="cs231n", per_sample=False)
    assert result.verdict == "incorrect"
    assert result.diagnosis.code == "missing_mean"
    assert "mean loss of N samples" in result.quantity
    assert result.correct_text == "(ŷ₁ − y₁)/N"


def test_seed_004_yhat_minus_y_over_n_is_correct_for_class_labels() -> None:
    for sum_to_one in (False, True, ["y"]):
        result = check_network_claim(r"dz_2 = (\hat{y} - y)/N", example="cs231n",
                                     targets_sum_to_one=sum_to_one)
        assert result.verdict == "correct"
        assert result.condition == "Σ y = 1: the targets are class labels (one-hot)"


def test_seed_004_swapped_difference() -> None:
    result = check_network_claim(r"dz_2 = (y - \hat{y})/N", example="cs231n")
    assert result.diagnosis.code == "sign"
    assert "swapped" in result.diagnosis.message


def test_left_side_must_be_a_delta() -> None:
    from chainrule.errors import ConfigError

    with pytest.raises(ConfigError, match="left side"):
        check_network_claim("x_1 = 2", example="lfd")


def test_the_definition_of_delta_is_a_verdict_not_an_error() -> None:
    # seed 000's first line: δ₁⁽ᴸ⁾ = ∂e/∂s₁⁽ᴸ⁾ is LFD's definition of δ
    claim = r"\delta_1^{(L)}=\frac{\partial e}{\partial s_1^{(L)}}"
    assert check_network_claim(claim, example="lfd").verdict == "correct"
    # Mitchell's δ is −∂E/∂net, so +∂E/∂net has the wrong sign
    wrong = check_network_claim(r"\delta_k = \frac{\partial E}{\partial net_k}",
                                example="mitchell")
    assert wrong.diagnosis is not None and wrong.diagnosis.code == "sign"
    right = check_network_claim(r"\delta_k = -\frac{\partial E}{\partial net_k}",
                                example="mitchell")
    assert right.verdict == "correct"
