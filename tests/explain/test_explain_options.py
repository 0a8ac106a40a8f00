"""Explanations that read well: more significant figures, the weights listed, one update step,
and lines that fit the terminal."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

import chainrule as cr
from chainrule.cli import app
from chainrule.errors import ConfigError


def mazur() -> cr.Network:
    """Mazur's worked example: w1..w8 = 0.15 .. 0.55, b1 = 0.35, b2 = 0.60, sigmoid."""
    return cr.Network([cr.Dense(2, 2, weights=[[0.15, 0.25], [0.20, 0.30]], biases=[0.35, 0.35]),
                       cr.Sigmoid(),
                       cr.Dense(2, 2, weights=[[0.40, 0.50], [0.45, 0.55]], biases=[0.60, 0.60]),
                       cr.Sigmoid()], loss=cr.HalfSumSquaredError())


X, T = [0.05, 0.10], [0.01, 0.99]


def test_digits_prints_more_significant_figures() -> None:
    six = cr.explain(mazur(), X, T, "w_11^(3)", notation="nielsen").to_text()
    nine = cr.explain(mazur(), X, T, "w_11^(3)", notation="nielsen", digits=9).to_text()
    assert "0.0821670406" in nine and "0.0821670406" not in six  # Mazur: 0.082167041
    assert "0.082167" in six
    assert "0.593269992" in nine  # Mazur's out_h1, in the forward pass


def test_digits_out_of_range_is_refused() -> None:
    with pytest.raises(ConfigError, match="digits"):
        cr.explain(mazur(), X, T, "w_11^(3)", notation="nielsen", digits=0)


def test_weights_lists_each_weight_by_its_name() -> None:
    ex = cr.explain.example("mitchell")
    text = cr.explain(ex.net, ex.x, ex.y, "w_53", notation="mitchell", weights=True).to_text()
    # Mitchell's w_ji goes from unit i to unit j; inputs 1-2, hidden 3-4, outputs 5-6
    for written in ("w₃₁ = 0.15", "w₃₂ = 0.2", "w₄₁ = 0.25", "w₄₂ = 0.3", "w₅₃ = 0.4",
                    "w₅₄ = 0.45", "w₆₃ = 0.5", "w₆₄ = 0.55"):
        assert written in text


def test_weights_of_a_large_layer_are_a_matrix_with_its_shape() -> None:
    ex = cr.explain.example("cs231n")
    explanation = cr.explain(ex.net, ex.x, ex.y, 2, notation="cs231n", weights=True)
    section = explanation.sections[1]
    assert section.title == "The weights"
    shapes = [(line.shape.rows, line.shape.cols) for line in section.lines]
    assert shapes[:2] == [(2, 500), (1, 500)]  # W is 2 × 500 (cs231n's x W), b is 1 × 500
    assert np.array_equal(section.lines[0].value, ex.net.dense_layers[0].W)


def test_update_is_mazurs_step() -> None:
    explanation = cr.explain(mazur(), X, T, "w_11^(3)", notation="nielsen", update=0.5)
    step = explanation.sections[-1].lines[0]
    assert round(step.value, 8) == 0.35891648  # Mazur: w5+ = 0.35891648
    hidden = cr.explain(mazur(), X, T, "w_11^(2)", notation="nielsen", update=0.5)
    assert round(hidden.sections[-1].lines[0].value, 9) == 0.149780716  # Mazur: w1+
    bias = cr.explain(mazur(), X, T, "b_1^(3)", notation="nielsen", update=0.5)
    delta_o1 = (0.75136507 - 0.01) * 0.75136507 * (1 - 0.75136507)  # ∂E/∂b = δ, by hand
    assert bias.sections[-1].lines[0].value == pytest.approx(0.60 - 0.5 * delta_o1, abs=1e-8)


def test_update_needs_a_weight_or_bias() -> None:
    with pytest.raises(ConfigError, match="one weight or bias; got a δ"):
        cr.explain(mazur(), X, T, "delta_1^(L)", notation="nielsen", update=0.5)
    with pytest.raises(ConfigError, match="positive"):
        cr.explain(mazur(), X, T, "w_11^(3)", notation="nielsen", update=-1.0)


@pytest.mark.parametrize(("name", "quantity"), [("mitchell", "w_53"), ("lfd", "delta_1^(L)"),
                                                ("nielsen", "delta_2^(L-1)")])
def test_text_fits_the_width(name: str, quantity: str) -> None:
    ex = cr.explain.example(name)
    text = cr.explain(ex.net, ex.x, ex.y, quantity, notation=name).to_text(width=80)
    assert max(len(line) for line in text.splitlines()) <= 80


def test_cli_options() -> None:
    result = CliRunner().invoke(app, ["explain", "--example", "mitchell", "--weight", "w_53",
                                      "--weights", "--update", "0.5", "--digits", "9"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "w₆₄ = 0.55" in text
    assert "0.4 − 0.5 · 0.0721570729 = 0.363921464" in text  # 0.4 − 0.5 × ∂E/∂w₅₃


def test_deltas_lists_every_delta_in_the_notations_sign() -> None:
    from math import exp

    ex = cr.explain.example("mitchell")
    explanation = cr.explain(ex.net, ex.x, ex.y, "w_53", notation="mitchell", deltas=True)
    section = next(s for s in explanation.sections if s.title == "Every δ of the sample")
    output, hidden = (line.value for line in section.lines)
    sigma = lambda v: 1 / (1 + exp(-v))  # noqa: E731 — Mitchell's numbers by hand
    o3, o4 = sigma(0.15 * 0.05 + 0.20 * 0.10), sigma(0.25 * 0.05 + 0.30 * 0.10)
    o5, o6 = sigma(0.40 * o3 + 0.45 * o4), sigma(0.50 * o3 + 0.55 * o4)
    d5, d6 = (0.01 - o5) * o5 * (1 - o5), (0.99 - o6) * o6 * (1 - o6)  # δ = −∂E/∂net
    d3 = o3 * (1 - o3) * (0.40 * d5 + 0.50 * d6)
    d4 = o4 * (1 - o4) * (0.45 * d5 + 0.55 * d6)
    assert np.allclose(output, [d5, d6], rtol=1e-12)
    assert np.allclose(hidden, [d3, d4], rtol=1e-12)
    result = CliRunner().invoke(app, ["explain", "--example", "mitchell", "--deltas"])
    assert result.exit_code == 0 and "Every δ of the sample" in result.output


def test_short_steps_leave_out_the_derivations_full_shows_them() -> None:
    ex = cr.explain.example("mitchell")
    explanation = cr.explain(ex.net, ex.x, ex.y, "w_53", notation="mitchell")
    full, short = explanation.to_text(steps="full"), explanation.to_text(steps="short")
    assert "(sum rule)" in full and "derived below" in full
    assert "(sum rule)" not in short and "derived below" not in short
    for kept in ("−(−0.142357) · 0.506875 = 0.0721571", "## The check", "the three agree"):
        assert kept in short
    with pytest.raises(ConfigError, match="steps"):
        explanation.to_text(steps="some")


def test_a_derivation_met_twice_is_referred_to() -> None:
    from chainrule.explain.formula_nodes import symbol
    from chainrule.explain.model import Explanation, Line, Section

    derivation = cr.derive("tanh(s)")
    twice = Section("Two factors", "", (Line((symbol("a"),), derivation=derivation),
                                        Line((symbol("b"),), derivation=derivation)))
    text = Explanation("t", "lfd", symbol("q"), (twice,)).to_text(steps="full")
    assert text.count("(tanh rule)") == 1 and text.count("Result:") == 1  # written once
    assert "(the same derivation as for a above)" in text


def test_cli_steps_default_short() -> None:
    runner = CliRunner()
    short = runner.invoke(app, ["explain", "--example", "mitchell", "--weight", "w_53"])
    full = runner.invoke(app, ["explain", "--example", "mitchell", "--weight", "w_53",
                               "--steps", "full"])
    assert short.exit_code == full.exit_code == 0
    assert "(sum rule)" in full.output and "(sum rule)" not in short.output


def test_cs231n_default_derives_the_softmax_delta() -> None:
    result = CliRunner().invoke(app, ["explain", "--example", "cs231n"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    text = result.output
    assert "## The output layer's δ: softmax with cross-entropy" in text
    assert "∂ŷₖ/∂(z₂)₁ = ŷₖ(1 − ŷ₁) if k = 1, ∂ŷₖ/∂(z₂)₁ = −ŷₖ ŷ₁ if k ≠ 1" in text
    assert "in the batch of N = 8 the mean divides each sample's δ by N" in text
    ex = cr.explain.example("cs231n")  # sample 1 alone: (dz₂)₁ = ŷ₁ − y₁, by hand
    z = ex.net.trace(ex.x[:1], ex.y[:1]).z(2)[0]
    y_hat_1 = np.exp(z[0]) / np.exp(z).sum()
    assert f"= {y_hat_1 - (ex.y[0] == 0):.6f}" in text
