"""θ, σ, g, f and their primes in a network claim: the activation of their argument's layer.

Expected verdicts come from the textbook recurrences (LFD's δ = θ′(s) Σ w δ, the seed-003 chain
with f = the sigmoid, σ′ = σ(1 − σ)); ReLU′ is the step with ReLU′(0) = 0 (PyTorch's value,
checked in the last test with autograd).
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import chainrule as cr
from chainrule.check import check_network_claim
from chainrule.cli import app
from chainrule.errors import ConfigError

runner = CliRunner()
RECURRENCE = r"\delta_1^{(1)} = \theta'(s_1^{(1)}) \sum_j w_{1j}^{(2)} \delta_j^{(2)}"


def _relu_net() -> cr.Network:
    return cr.Network([cr.Dense(2, 3), cr.ReLU(), cr.Dense(3, 1), cr.Tanh()],
                      loss=cr.SquaredError(), seed=0)


def test_theta_prime_on_a_relu_layer_is_the_step() -> None:
    result = check_network_claim(RECURRENCE, _relu_net(), notation="lfd")
    assert result.correct, str(result)
    assert "read θ′(s₁⁽¹⁾) as the derivative of layer 1's activation, relu" in str(result)


def test_tanh_derivative_on_a_relu_layer_is_incorrect() -> None:
    claim = r"\delta_1^{(1)} = (1 - (x_1^{(1)})^2) \sum_j w_{1j}^{(2)} \delta_j^{(2)}"
    assert not check_network_claim(claim, _relu_net(), notation="lfd").correct


def test_theta_prime_of_the_output_layer_is_that_layer_s_tanh() -> None:
    claim = r"\delta_1^{(L)} = 2(x_1^{(L)}-y_n)\theta'(s_1^{(L)})"
    result = check_network_claim(claim, _relu_net(), notation="lfd")
    assert result.correct, str(result)
    assert "layer L's activation, tanh" in str(result)


@pytest.mark.parametrize("activation", ["f'(z_1^(1))", "f′(z_1^(1))",
                                        "f(z_1^(1))(1-f(z_1^(1)))"])
def test_jhz_letter_f_is_the_sigmoid(activation: str) -> None:
    claim = f"∂J/∂w_12^(1) = 2(h_1^(3) - y) w_11^(2) {activation} h_2^(1)"
    result = runner.invoke(app, ["check", claim, "--example", "jhz"])
    assert result.exit_code == 0, result.output
    assert "activation, sigmoid" in result.output


def test_f_times_z_is_not_read_as_a_product() -> None:
    claim = "∂J/∂w_12^(1) = 2(h_1^(3) - y) w_11^(2) f(z_1^(1)) h_2^(1)"
    result = runner.invoke(app, ["check", claim, "--example", "jhz"])
    assert result.exit_code == 1, result.output
    assert "read f(z₁⁽¹⁾) as layer 1's activation, sigmoid" in result.output


def test_a_letter_without_a_layer_in_a_mixed_network_is_refused() -> None:
    claim = r"\delta_1^{(1)} = \theta'(s) \sum_j w_{1j}^{(2)} \delta_j^{(2)}"
    with pytest.raises(ConfigError, match="cannot tell which layer"):
        check_network_claim(claim, _relu_net(), notation="lfd")


def test_relu_prime_at_zero_is_pytorch_s() -> None:
    torch = pytest.importorskip("torch")
    z = torch.zeros(1, requires_grad=True)
    torch.relu(z).backward()
    import sympy

    from chainrule.check.chain import at_kinks

    s = sympy.Symbol("s")
    value = at_kinks(sympy.diff(cr.ReLU().symbolic(s), s)).subs(s, 0)
    assert float(value) == float(z.grad[0]) == 0.0


def test_a_learner_s_own_name_mapped_with_symbols() -> None:
    claim = r"δ_5 = (t_5 - out_{o1}) out_{o1} (1 - out_{o1})"  # Mitchell's δ, −∂E/∂net
    result = runner.invoke(app, ["check", claim, "--example", "mitchell",
                                 "--symbols", "out_{o1}=o_5"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "read outₒ₁ as o₅, the output of unit 5 of layer 2 (--symbols)\n")


def test_an_unknown_name_is_an_error_with_the_notation_s_names() -> None:
    claim = r"δ_5 = (t_5 - out_{k1}) out_{k1} (1 - out_{k1})"  # not Mazur's out_{o1}
    result = runner.invoke(app, ["check", claim, "--example", "mitchell"])
    assert result.exit_code == 2, result.output
    assert "outₖ₁ (at position 13) is not a quantity of this network" in result.output
    assert "oⱼ" in result.output and "netⱼ" in result.output


@pytest.mark.parametrize("prime", [r"\dot{\theta}", r"\dot\theta", "θ̇", r"\theta'", "θ′"])
def test_every_spelling_of_the_derivative_letter(prime: str) -> None:
    claim = rf"\delta_1^{{(L)}} = 2(x_1^{{(L)}}-y_n){prime}(s_1^{{(L)}})"
    result = runner.invoke(app, ["check", claim, "--example", "lfd"])
    assert result.exit_code == 0, result.output
    assert "read θ′(s₁⁽ᴸ⁾) as the derivative of layer L's activation, tanh" in result.output


def test_the_general_recurrence_in_matrix_form_holds_at_every_hidden_layer() -> None:
    claim = r"\delta^{(l)} = ((W^{(l+1)})^T \delta^{(l+1)}) \odot \dot\sigma(z^{(l)})"
    result = runner.invoke(app, ["check", claim, "--example", "nielsen"])
    assert result.exit_code == 0, result.output  # compared in numbers, then proven
    assert "the same for every hidden layer" in result.output
    assert "proven symbolically" in result.output and "at every hidden layer l" in result.output


def test_check_accepts_the_recurrence_explain_prints_for_a_relu_model(tmp_path) -> None:
    """The wrong verdict of issue 13: θ′ of a ReLU layer was read as 1 − tanh²."""
    model = tmp_path / "relu.npz"
    _relu_net().save(str(model))
    explained = runner.invoke(app, ["explain", "--model", str(model), "--notation", "lfd",
                                    "--delta", "delta_1^(1)", "--input", "0.5,-1",
                                    "--target", "1"])
    printed = next(line.strip() for line in explained.output.splitlines()
                   if line.strip().startswith("δᵢ⁽ˡ⁾ = θ′"))
    result = runner.invoke(app, ["check", printed, "--model", str(model), "--notation", "lfd"])
    assert result.exit_code == 0, result.output
    assert "activation, relu" in result.output
