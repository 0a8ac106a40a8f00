"""The network form takes its network and notation as `explain` does (object, example, saved
model; preset or Notation), and builds the truth from that network's own activation and loss."""

from __future__ import annotations

import pytest
import sympy

import chainrule as cr
from chainrule.check import check_network_claim
from chainrule.errors import ConfigError
from chainrule.explain.examples import example
from chainrule.explain.notation import custom_notation

SEED_000 = r"\delta_1^{(L)} = 2(x_1^{(L)}-y_n)(1-(x_1^{(L)})^2)"
S = sympy.Symbol


def _tanh_net(loss: object, output: object = None) -> cr.Network:
    return cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 1), output or cr.Tanh()],
                      loss=loss, seed=0)


def test_a_network_object_with_a_notation() -> None:
    assert check_network_claim(SEED_000, _tanh_net(cr.SquaredError()), notation="lfd").correct


def test_the_networks_own_activation_decides() -> None:
    # the same words about a sigmoid output: θ' is x(1 - x), not 1 - x²
    net = _tanh_net(cr.SquaredError(), cr.Sigmoid())
    result = check_network_claim(SEED_000, net, notation="lfd")
    assert result.verdict == "incorrect"
    assert result.correct_text == "2x₁⁽ᴸ⁾(x₁⁽ᴸ⁾ − yₙ)(1 − x₁⁽ᴸ⁾)"
    sigmoid = r"\delta_1^{(L)} = 2(x_1^{(L)}-y_n) x_1^{(L)} (1-x_1^{(L)})"
    assert check_network_claim(sigmoid, net, notation="lfd").correct


def test_the_networks_own_loss_decides() -> None:
    # with E = ½(x − y)², LFD's 2(x − y)(1 − x²) is twice the derivative
    result = check_network_claim(SEED_000, _tanh_net(cr.HalfSumSquaredError()), notation="lfd")
    assert result.diagnosis.code == "factor"
    assert "2 ×" in result.diagnosis.message and "without the ½" in result.diagnosis.message


def test_a_saved_model_with_a_notation(tmp_path) -> None:
    path = tmp_path / "net.npz"
    cr.Network([cr.Dense(3, 4), cr.Sigmoid(), cr.Dense(4, 2), cr.Sigmoid()],
               loss=cr.HalfSumSquaredError(), seed=2).save(str(path))
    claim = r"\partial C/\partial w_{jk}^{(l)} = a_k^{(l-1)} \delta_j^{(l)}"
    assert check_network_claim(claim, model=path, notation="nielsen").correct
    output = r"\delta_1^{(L)} = (a_1^{(L)} - y_1) a_1^{(L)} (1 - a_1^{(L)})"  # ½Σ(a − y)², σ
    assert check_network_claim(output, model=str(path), notation="nielsen").correct


def test_the_examples_own_notation_is_the_default() -> None:
    assert example("mitchell").notation == "mitchell"
    assert check_network_claim(r"\delta_k = o_k(1-o_k)(t_k-o_k)", example="mitchell").correct
    # a notation alone names the example of that name
    assert check_network_claim(r"\delta_k = o_k(1-o_k)(t_k-o_k)", notation="mitchell").correct


def test_a_custom_notation_by_symbols_or_object() -> None:
    claim = r"\partial J/\partial w_{jk}^{(l)} = h_k^{(l-1)} \delta_j^{(l)}"
    assert check_network_claim(claim, example="lfd", notation="custom",
                               symbols="loss=J,post=h,pre=z").correct
    notation = custom_notation("loss=J,post=h,pre=z")
    assert check_network_claim(claim, example="lfd", notation=notation).correct


def test_one_network_and_known_names() -> None:
    with pytest.raises(ConfigError, match="give one network"):
        check_network_claim(SEED_000, example="lfd", model="x.npz")
    with pytest.raises(ConfigError, match=r"must be a chainrule\.Network"):
        check_network_claim(SEED_000, "lfd")
    with pytest.raises(ConfigError, match="`example` must be one of"):
        check_network_claim(SEED_000, example="seed999")
    with pytest.raises(ConfigError, match="`notation` must be one of"):
        check_network_claim(SEED_000, example="lfd", notation="klingon")


def test_the_truth_is_the_engines_output_delta() -> None:
    # the right formula, with the example's own sample put in, is the engine's δ
    preset = example("lfd")
    trace = preset.net.trace(preset.x, preset.y)
    result = check_network_claim(SEED_000, example="lfd")
    value = result.correct_formula.xreplace({S("x_1^(L)"): trace.a(2)[0, 0],
                                             S("y_n"): preset.y[0, 0]})
    assert float(value) == pytest.approx(trace.delta(2)[0, 0], rel=1e-12)


def test_the_truth_is_the_engines_weight_gradient_seed_003() -> None:
    preset = example("seed003")  # h of layer 1 is h^(2); w_12^(2) is to output 1 from h_2
    trace = preset.net.trace(preset.x, preset.y)
    result = check_network_claim("∂J/∂w_12^(2) = 2h_1^(3) h_2^(2)", example="seed003")
    value = result.correct_formula.xreplace({
        S("h_1^(3)"): trace.a(2)[0, 0], S("h_2^(2)"): trace.a(1)[0, 1], S("y_1"): preset.y[0, 0]})
    assert float(value) == pytest.approx(trace.grad_W(2)[1, 0], rel=1e-12)
