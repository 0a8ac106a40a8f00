"""Verdict properties of network-form claims (issue: tests that pin every verdict).

Random dense networks in the Learning From Data notation; the true δ formulas are written here
by hand from the textbook's rules (δ⁽ᴸ⁾ = ∂e/∂s⁽ᴸ⁾ = e′(x⁽ᴸ⁾)·θ′(s⁽ᴸ⁾), and the hidden recurrence
δᵢ⁽ˡ⁾ = θ′(sᵢ⁽ˡ⁾) Σⱼ wᵢⱼ⁽ˡ⁺¹⁾ δⱼ⁽ˡ⁺¹⁾), never taken from chainrule's output. Each truth must be
judged right, and each common slip wrong with its diagnosis.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chainrule as cr
from chainrule.check import check_network_claim

#: θ′ written from the layer's output x, as the courses do.
SLOPES = {"tanh": "(1-({x})^2)", "sigmoid": "{x}(1-{x})", "identity": "1"}
ACTIVATIONS = {"tanh": cr.Tanh, "sigmoid": cr.Sigmoid, "identity": cr.Identity}
#: e′(x) of one output for each loss of one sample, Σ over the outputs.
LOSS_SLOPES = {"squared_error": "2({x} - y_{j})", "half_squared_error": "({x} - y_{j})"}
LOSSES = {"squared_error": cr.SquaredError, "half_squared_error": cr.HalfSumSquaredError}
SETTINGS = settings(max_examples=6, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def network(widths: list[int], hidden: str, output: str, loss: str, seed: int) -> cr.Network:
    layers: list = []
    for position, (n_in, n_out) in enumerate(pairwise(widths)):
        last = position == len(widths) - 2
        layers += [cr.Dense(n_in, n_out), ACTIVATIONS[output if last else hidden]()]
    return cr.Network(layers, loss=LOSSES[loss](), seed=seed)


def output_delta(unit: int, output: str, loss: str) -> str:
    x = f"x_{unit}^{{(L)}}"
    return f"{LOSS_SLOPES[loss].format(x=x, j=unit)} \\cdot {SLOPES[output].format(x=x)}"


networks = st.fixed_dictionaries({
    "hidden_width": st.integers(1, 3),
    "outputs": st.integers(1, 3),
    "hidden": st.sampled_from(sorted(SLOPES)),
    "output": st.sampled_from(sorted(SLOPES)),
    "loss": st.sampled_from(sorted(LOSSES)),
    "seed": st.integers(0, 1000),
})  # fmt: skip


def build(case: dict) -> cr.Network:
    return network([2, case["hidden_width"], case["outputs"]], case["hidden"], case["output"],
                   case["loss"], case["seed"])


@SETTINGS
@given(case=networks, data=st.data())
def test_the_output_delta_is_right_and_its_slips_are_wrong(case: dict, data) -> None:
    net = build(case)
    unit = data.draw(st.integers(1, case["outputs"]))
    truth = output_delta(unit, case["output"], case["loss"])
    left = f"\\delta_{unit}^{{(L)}}"
    assert check_network_claim(f"{left} = {truth}", net, notation="lfd").verdict == "correct"
    negated = check_network_claim(f"{left} = -({truth})", net, notation="lfd")
    assert negated.verdict == "incorrect"
    assert negated.diagnosis.code == "sign"
    tripled = check_network_claim(f"{left} = 3 ({truth})", net, notation="lfd")
    assert tripled.verdict == "incorrect"
    assert tripled.diagnosis.code in ("factor", "extra_factor")


@SETTINGS
@given(case=networks.filter(lambda c: c["output"] != "identity"))
def test_leaving_out_the_output_slope_is_wrong(case: dict) -> None:
    net = build(case)
    x = "x_1^{(L)}"
    claim = f"\\delta_1^{{(L)}} = {LOSS_SLOPES[case['loss']].format(x=x, j=1)}"
    result = check_network_claim(claim, net, notation="lfd")
    assert result.verdict == "incorrect"
    assert result.diagnosis.code == "missing_activation_derivative"


@SETTINGS
@given(case=networks.filter(lambda c: c["hidden"] != "identity"))
def test_the_hidden_recurrence_is_right_and_without_its_slope_wrong(case: dict) -> None:
    net = build(case)
    slope = SLOPES[case["hidden"]].format(x="x_1^{(1)}")
    total = r"\sum_j w_{1j}^{(2)} \delta_j^{(2)}"
    right = check_network_claim(f"\\delta_1^{{(1)}} = {slope} {total}", net, notation="lfd")
    assert right.verdict == "correct"
    wrong = check_network_claim(f"\\delta_1^{{(1)}} = {total}", net, notation="lfd")
    assert wrong.verdict == "incorrect"
    assert wrong.diagnosis.code == "missing_activation_derivative"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_weight_gradient_is_the_delta_times_the_input(seed: int) -> None:
    # ∂e/∂w_ij^(l) = x_i^(l−1) δ_j^(l) (LFD: w_ij from unit i to unit j); swapped indices are
    # another weight's gradient, and must be wrong on a network whose units differ.
    net = network([2, 3, 2], "tanh", "sigmoid", "squared_error", seed)
    assert check_network_claim(r"w_{12}^{(2)} = x_1^{(1)} \delta_2^{(2)}", net,
                               notation="lfd").verdict == "correct"
    swapped = check_network_claim(r"w_{12}^{(2)} = x_2^{(1)} \delta_1^{(2)}", net,
                                  notation="lfd")
    assert swapped.verdict == "incorrect"


#: θ′ of a hidden layer written from its output a, in CS231n's row-vector notation.
ROW_SLOPES = {"tanh": "(1 - a_1^2)", "sigmoid": "a_1 \\odot (1 - a_1)"}


@SETTINGS
@given(inputs=st.integers(1, 3), hidden=st.integers(1, 4), outputs=st.integers(2, 3),
       activation=st.sampled_from(sorted(ROW_SLOPES)), seed=st.integers(0, 1000))
def test_whole_layer_claims_are_right_and_their_slips_wrong(
        inputs: int, hidden: int, outputs: int, activation: str, seed: int) -> None:
    # CS231n (row vectors, Z = XW + b, the mean loss): dW₂ = a₁ᵀ dz₂, db₂ = Σₙ dz₂,
    # dz₁ = (dz₂ W₂ᵀ) ⊙ θ′(z₁), dW₁ = xᵀ dz₁ — written here from the course notes.
    net = cr.Network([cr.Dense(inputs, hidden), ACTIVATIONS[activation](),
                      cr.Dense(hidden, outputs)], loss=cr.SoftmaxCrossEntropy(), seed=seed)

    def verdict(claim: str):
        return check_network_claim(claim, net, notation="cs231n")

    agrees = ("correct", "probably_correct")
    assert verdict("dW_2 = a_1^T dz_2").verdict in agrees
    assert verdict(r"db_2 = \sum_n dz_2").verdict in agrees
    assert verdict(f"dz_1 = dz_2 W_2^T \\odot {ROW_SLOPES[activation]}").verdict in agrees
    assert verdict("dW_1 = x^T dz_1").verdict in agrees
    transposed = verdict("dW_2 = dz_2^T a_1")
    assert transposed.verdict == "incorrect"
    if hidden != outputs:
        assert transposed.diagnosis.code == "transpose"
    doubled = verdict("dW_2 = 2 a_1^T dz_2")
    assert doubled.verdict == "incorrect"
    assert doubled.diagnosis.code == "factor"
    assert verdict("dz_1 = dz_2 W_2^T").verdict == "incorrect"  # θ′ left out
