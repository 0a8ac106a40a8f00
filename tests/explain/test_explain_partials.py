"""`explain` of any partial derivative between two quantities of a network (``--quantity``).

Expected values come from outside the code under test: Matt Mazur's published worked example
("A Step by Step Backpropagation Example", a 2-2-2 sigmoid net with biases 0.35 and 0.60),
PyTorch autograd (the softmax Jacobian, a chain across layers that are not adjacent) and the
textbook derivatives written here (σ′ = σ(1 − σ), ∂softmax_i/∂z_j = ŷ_i(δ_ij − ŷ_j)).
"""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

import chainrule as cr
from chainrule.cli import app
from chainrule.errors import ConfigError
from chainrule.explain.examples import example

runner = CliRunner()


def mazur() -> cr.Network:
    """Mazur's network: w1..w4 = 0.15, 0.20, 0.25, 0.30 into the hidden units h1, h2,
    w5..w8 = 0.40, 0.45, 0.50, 0.55 into o1, o2, biases 0.35 and 0.60."""
    return cr.Network([
        cr.Dense(2, 2, weights=[[0.15, 0.25], [0.20, 0.30]], biases=[0.35, 0.35]),
        cr.Sigmoid(),
        cr.Dense(2, 2, weights=[[0.40, 0.50], [0.45, 0.55]], biases=[0.60, 0.60]),
        cr.Sigmoid()], loss=cr.HalfSumSquaredError())


X, Y = [0.05, 0.10], [0.01, 0.99]
MAZUR_NAMES = "out_{o1}=o_5,net_{o1}=net_5,out_{h1}=o_3,E_{total}=E,w_5=w_53"


@pytest.mark.parametrize(("asked", "published"), [
    (r"\frac{\partial E_{total}}{\partial out_{o1}}", 0.74136507),
    (r"\frac{\partial out_{o1}}{\partial net_{o1}}", 0.186815602),
    (r"\frac{\partial E_{total}}{\partial w_5}", 0.082167041),
])
def test_mazur_s_published_numbers(asked: str, published: float) -> None:
    explanation = cr.explain(mazur(), X, Y, asked, notation="mitchell", symbols=MAZUR_NAMES)
    check = explanation.check
    assert check.chain == pytest.approx(published, abs=5e-9)
    assert check.backprop == pytest.approx(published, abs=5e-9)
    assert check.finite_difference == pytest.approx(published, abs=1e-8)
    assert check.passed


def test_mazur_s_names_are_echoed_with_their_meaning() -> None:
    text = cr.explain(mazur(), X, Y, r"∂E_{total}/∂out_{h1}", notation="mitchell",
                      symbols=MAZUR_NAMES).to_text(width=200)
    assert "read out_{h1} as o_3, the output of unit 3 of layer 1 (--symbols)" in text
    assert "read E_{total} as E, the loss (--symbols)" in text
    assert "0.59327" in text  # out_h1 = 0.593269992 to 6 figures, in the forward pass


def test_softmax_jacobian_entry_is_derived_and_matches_pytorch() -> None:
    torch = pytest.importorskip("torch")
    chosen = example("cs231n")
    explanation = cr.explain(chosen.net, chosen.x, chosen.y, r"∂\hat{y}_1/∂(z_2)_2",
                             notation="cs231n")
    z = torch.tensor(chosen.net.trace(chosen.x[:1], chosen.y[:1]).output[0])
    jacobian = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, 0), z)
    assert explanation.check.chain == pytest.approx(float(jacobian[0, 1]), abs=1e-12)
    y = torch.softmax(z, 0).numpy()
    assert float(jacobian[0, 1]) == pytest.approx(-y[0] * y[1])  # ŷ_i(δ_ij − ŷ_j), i ≠ j
    assert "−ŷ₁·ŷ₂" in explanation.to_text()  # the expression printer's product
    same = cr.explain(chosen.net, chosen.x, chosen.y, r"∂\hat{y}_2/∂(z_2)_2", notation="cs231n")
    assert "ŷ₂(1 − ŷ₂)" in same.to_text()
    assert same.check.chain == pytest.approx(y[1] * (1 - y[1]))


def test_a_chain_across_layers_that_are_not_adjacent_matches_autograd() -> None:
    torch = pytest.importorskip("torch")
    chosen = example("nielsen")  # 3-4-3-2 sigmoid; Nielsen's layers are numbered from 1
    explanation = cr.explain(chosen.net, chosen.x, chosen.y, "∂a_1^{(4)}/∂z_2^{(2)}",
                             notation="nielsen")
    net = chosen.net
    W1, W2, W3 = (torch.tensor(layer.W) for layer in net.dense_layers)
    b1, b2, b3 = (torch.tensor(layer.b) for layer in net.dense_layers)
    x = torch.tensor(chosen.x[0])
    z1 = (x @ W1 + b1).detach().requires_grad_(True)
    a3 = torch.sigmoid(torch.sigmoid(torch.sigmoid(z1) @ W2 + b2) @ W3 + b3)
    (expected,) = torch.autograd.grad(a3[0], z1)
    assert explanation.check.chain == pytest.approx(float(expected[1]), abs=1e-12)
    assert explanation.check.passed


def test_the_loss_by_a_hidden_output_sums_over_the_next_layer() -> None:
    torch = pytest.importorskip("torch")
    chosen = example("nielsen")
    explanation = cr.explain(chosen.net, chosen.x, chosen.y, r"\frac{\partial C}{\partial "
                             r"a_3^{(2)}}", notation="nielsen")
    net = chosen.net
    (W1, W2, W3), (b1, b2, b3) = ([torch.tensor(getattr(layer, name)) for layer in
                                  net.dense_layers] for name in ("W", "b"))
    a1 = torch.sigmoid(torch.tensor(chosen.x[0]) @ W1 + b1).detach().requires_grad_(True)
    out = torch.sigmoid(torch.sigmoid(a1 @ W2 + b2) @ W3 + b3)
    cost = 0.5 * ((out - torch.tensor(chosen.y[0])) ** 2).sum()
    (expected,) = torch.autograd.grad(cost, a1)
    assert explanation.check.chain == pytest.approx(float(expected[2]), abs=1e-12)
    assert "a sum over the 3 units" in explanation.to_text(width=300)


def test_cli_quantity_explains_a_local_factor_with_the_check() -> None:
    result = runner.invoke(app, ["explain", "--example", "mitchell", "--quantity",
                                 "∂o_5/∂net_5"])
    assert result.exit_code == 0, result.output
    o5 = 1 / (1 + np.exp(-(0.4 * 0.506875 + 0.45 * 0.510623)))  # σ(net₅), Mitchell's sample
    assert f"= {o5 * (1 - o5):.6f}" in result.output  # σ′ = σ(1 − σ), to 6 figures
    assert "o₅(1 − o₅)" in result.output and "the three agree" in result.output


@pytest.mark.parametrize(("asked", "message"), [
    ("∂net_3/∂o_5", "does not depend on"),
    ("∂q_1/∂o_5", "is no signal, output, weight or bias"),
    ("∂E/∂E", "nothing in the network depends on the loss"),
])
def test_a_partial_that_is_not_one_of_this_network_is_refused(asked: str, message: str) -> None:
    chosen = example("mitchell")
    with pytest.raises(ConfigError, match=message):
        cr.explain(chosen.net, chosen.x, chosen.y, asked, notation="mitchell")


def test_cli_asks_for_one_quantity() -> None:
    result = runner.invoke(app, ["explain", "--example", "mitchell", "--quantity",
                                 "∂o_5/∂net_5", "--weight", "w_53"])
    assert result.exit_code == 2 and "ask for one quantity" in result.output


def test_mazur_s_names_are_built_in_for_mitchell_s_network() -> None:
    explanation = cr.explain(mazur(), X, Y, r"\frac{\partial E_{total}}{\partial w_5}",
                             notation="mitchell")
    assert explanation.check.chain == pytest.approx(0.082167041, abs=5e-9)
    assert "read w_5 as w_53, the weight from unit 3 to unit 5 of layer 2 (Mazur's name)" in \
        explanation.to_text(width=300)


@pytest.mark.parametrize(("name", "asked"), [
    ("mitchell", "∂E/∂net_3"), ("mitchell", "∂o_6/∂x_1"), ("cs231n", "∂ŷ_2/∂(a_1)_4"),
    ("nielsen", "∂a_1^{(4)}/∂z_2^{(2)}"), ("nielsen", "∂C/∂w_{12}^{(3)}"), ("lfd", "∂e/∂x_2^{(1)}"),
])
def test_every_printed_line_adds_up_to_its_value(name: str, asked: str) -> None:
    """The printed numbers of each step, evaluated as printed, give the printed value."""
    from printed_arithmetic import agrees

    from chainrule.render.explain_items import TEXT

    chosen = example(name)
    explanation = cr.explain(chosen.net, chosen.x, chosen.y, asked, notation=chosen.notation)
    steps = [line for line in explanation.lines() if line.numbers and line.value is not None]
    assert steps
    for line in steps:
        printed = TEXT(line.numbers)
        assert agrees(printed, float(line.value)), (printed, line.value)
    assert explanation.check.passed


def test_the_loss_by_a_signal_ends_with_the_notation_s_delta() -> None:
    chosen = example("mitchell")
    explanation = cr.explain(chosen.net, chosen.x, chosen.y, "∂E/∂net_5", notation="mitchell")
    o3, o4 = 1 / (1 + np.exp(-0.0275)), 1 / (1 + np.exp(-0.0425))  # σ(net₃), σ(net₄)
    o5 = 1 / (1 + np.exp(-(0.40 * o3 + 0.45 * o4)))
    delta = (0.01 - o5) * o5 * (1 - o5)  # Mitchell's δ₅ = (t₅ − o₅) o₅(1 − o₅) = −∂E/∂net₅
    last = explanation.lines()[-1]
    assert last.value == pytest.approx(delta, abs=1e-12)
    assert explanation.check.chain == pytest.approx(-delta, abs=1e-12)


def test_an_output_that_does_not_depend_on_the_weight_is_zero() -> None:
    """w₁₁^[1] enters the first hidden unit only and tanh acts unit by unit, so the second
    unit's output does not depend on it: ∂a₂^[1]/∂w₁₁^[1] = 0, written as such."""
    chosen = example("cs231n")
    explanation = cr.explain(chosen.net, chosen.x, chosen.y, "∂a_2^[1]/∂w_11^[1]", notation="ng")
    assert explanation.check.chain == 0 and explanation.check.passed
    text = explanation.to_text()
    assert "  ∂a₂^[1]/∂w₁₁^[1] = 0\n" in text and "=  =" not in text


def test_numbers_stay_numbers_after_another_explanation_is_rendered() -> None:
    """Rendering one explanation (whose repeated derivations are compared under renamed
    symbols) must not leave a later one printing σ′ with names where its numbers go:
    ∂a₃⁽²⁾/∂a₂⁽¹⁾ = … = 0.511993(1 − 0.511993) · 0.606787, a₃⁽²⁾ = σ(z₃⁽²⁾) of the sample."""
    chosen = example("nielsen")
    cr.explain(chosen.net, chosen.x, chosen.y, "∂a_1^{(4)}/∂z_2^{(2)}",
               notation="nielsen").to_text()
    text = cr.explain(chosen.net, chosen.x, chosen.y, "∂C/∂a_2^{(1)}",
                      notation="nielsen").to_text(width=300)
    dense = chosen.net.layers[0]
    z = np.asarray(chosen.x, dtype=float)[0] @ dense.W + dense.b
    a = 1 / (1 + np.exp(-z[2]))  # a₃⁽²⁾ = σ(z₃⁽²⁾), by hand
    assert f"= {a:.6g}(1 − {a:.6g}) · " in text
