"""The sample and its forward pass are shown, and small wording slips stay fixed."""

from __future__ import annotations

import numpy as np

from chainrule.explain import example, explain
from chainrule.explain.resolver import resolve


def test_forward_pass_shows_the_input_and_every_layer():
    ex = example("lfd")
    text = explain(ex.net, ex.x, ex.y, "delta_1^(L)", "lfd").to_text(width=400)
    w1, b1, w2, b2 = ex.net.parameters
    hidden = np.tanh(ex.x[0] @ w1 + b1)
    out = np.tanh(hidden @ w2 + b2)[0]
    assert "𝐱⁽⁰⁾ = (0.5, −1)" in text and "𝐲 = (1)" in text
    assert f"𝐱⁽ᴸ⁾ = θ(𝐬⁽ᴸ⁾) = ({out:.6g})".replace("-", "−") in text
    shown = ", ".join(f"{v:.6g}" for v in hidden).replace("-", "−")
    assert f"𝐱⁽¹⁾ = θ(𝐬⁽¹⁾) = ({shown})" in text


def test_bias_factor_is_written_once_and_chain_summary_points_up():
    ex = example("lfd")
    text = explain(ex.net, ex.x, ex.y, "w_01^(1)", "lfd").to_text(width=400)
    assert "∂s₁⁽¹⁾/∂w₀₁⁽¹⁾ = x₀ = 1\n" in text
    mitchell = example("mitchell")
    text = explain(mitchell.net, mitchell.x, mitchell.y, "delta_5", "mitchell").to_text(400)
    assert "of the derivation above" in text and "of the derivation below" not in text


def test_sigma_standing_for_tanh_is_said_and_the_question_follows_the_notation():
    run = resolve(example="lfd", notation="mitchell")
    text = run.explanation().to_text()
    assert text.startswith("δ₆ — Mitchell")
    assert "σ′(net₆) = 1 − o₆²" in text
    assert "Here σ is the notation's symbol for each layer's own activation (tanh, tanh)" in (
        " ".join(text.split()))
