"""The letters of a derivation never mean two things: inner functions avoid the notation's."""

from __future__ import annotations

import re

from chainrule.explain import example, explain


def test_inner_functions_avoid_a_custom_activation_letter():
    ex = example("nielsen")
    text = explain(ex.net, ex.x, ex.y, "delta_1^(L)", "custom",
                   symbols="loss=C_0,activation=g").to_text(width=400)
    chain = next(line for line in text.splitlines() if line.strip().startswith("dg/dz₁⁽ᴸ⁾ ="))
    assert "dg/dz₁⁽ᴸ⁾ = df/du · du/dh · dh/dz₁⁽ᴸ⁾ = (−1/u²) · eʰ · (−1)" in chain
    assert not re.search(r"\bg′?\((?!z)", text)  # g is applied to signals only


def test_softmax_jacobian_uses_letters_of_its_own():
    ex = example("cs231n")
    text = explain(ex.net, ex.x, ex.y, "(dz_2)_1", "cs231n").to_text(width=400)
    assert "∂Sᵢ/∂vᵢ = Sᵢ(1 − Sᵢ), with S = softmax(v); here i = 1, j = 1" in text
    assert "∂Sᵢ/∂vⱼ = −Sᵢ·Sⱼ, with S = softmax(v); here i = 2, j = 1" in text
    assert "y = softmax" not in text
