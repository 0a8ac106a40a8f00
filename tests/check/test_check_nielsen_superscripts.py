r"""Nielsen's bare layer superscripts (``w^4_{12}``, ``\delta^L_1``) in his notation.

The truths are by hand from Nielsen's chapter 2 for his example (sizes 3-4-3-2, L = 4, sigmoid,
quadratic cost C = ½‖a^L − y‖²): BP1 δ^L_j = (a^L_j − y_j) σ'(z^L_j); BP2
δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l); BP3 ∂C/∂b^l_j = δ^l_j; BP4 ∂C/∂w^l_jk = a^{l-1}_k δ^l_j;
and σ'(z) = σ(z)(1 − σ(z)) = a − a².
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from chainrule.check import check, check_derivative
from chainrule.cli import app
from chainrule.errors import ParseError
from chainrule.explain.layer_superscripts import LayerSuperscripts

RIGHT = ("correct", "probably_correct")

CORRECT = [
    r"\frac{\partial C}{\partial w^4_{12}} = a^3_2 \delta^4_1",  # BP4, superscript first
    r"\frac{\partial C}{\partial w_{12}^4} = a_2^3 \delta_1^4",  # BP4, subscript first
    r"\frac{\partial C}{\partial b^4_1} = \delta^4_1",  # BP3
    r"\delta^L_1 = (a^L_1 - y_1) \sigma'(z^L_1)",  # BP1
    r"\delta_1^3 =\sum_k \delta_k^{4}w_{k1}^{4}\sigma'(z_1^3)",  # BP2 unit by unit
    r"\delta^3 = ((w^4)^T \delta^4) \odot \sigma'(z^3)",  # BP2 as a vector
    r"\delta^3 = ((w^4)^T\delta^4) \odot a^3(1-a^3)",  # σ' written a(1 − a)
    r"\delta^4_1 = (a^4_1 - y_1)(a^4_1 - (a^4_1)^2)",  # σ' = a − a²: a power of a⁴₁
]
WRONG = [
    r"\frac{\partial C}{\partial w^4_{12}} = a^3_1 \delta^4_2",  # j and k swapped
    r"\delta^3 = (w^4)^T \delta^4",  # σ'(z^3) dropped
    r"\delta^4_1 = (a^4_1 - y_1)(1 - (a^4_1)^2)",  # tanh's derivative, not sigmoid's
    r"\frac{\partial C}{\partial b^3_1} = \delta^4_1",  # the wrong layer's δ
]


@pytest.mark.parametrize("claim", CORRECT)
def test_nielsen_bare_superscripts_are_layers(claim: str) -> None:
    assert check(claim, example="nielsen").verdict in RIGHT


@pytest.mark.parametrize("claim", WRONG)
def test_wrong_nielsen_claims_stay_wrong(claim: str) -> None:
    assert check(claim, example="nielsen").verdict == "incorrect"


def test_the_reading_is_echoed() -> None:
    result = check(r"\frac{\partial C}{\partial w^4_{12}} = a^3_2 \delta^4_1", example="nielsen")
    assert ("read w^4_{12} as the weight w₁₂ of layer 4 (Nielsen writes the layer as a "
            "superscript)") in result.reading
    assert any(line.startswith("read a^3_2 as the activation a₂ of layer 3")
               for line in result.reading)


def test_the_cli_answers_and_echoes() -> None:
    out = CliRunner().invoke(app, ["check", "--example", "nielsen", "--",
                                   r"\frac{\partial C}{\partial b^4_1} = \delta^4_1"])
    assert out.exit_code == 0, out.output
    assert "read b^4_1 as the bias b₁ of layer 4" in out.output


def test_other_notations_and_the_free_form_keep_powers() -> None:
    # d(a³)/da = 3a² (by hand): ^3 on a is a power outside Nielsen's network claims
    assert check_derivative("3a^2", "a^3", "a").verdict in RIGHT
    assert check_derivative("3a", "a^3", "a").verdict == "incorrect"
    assert LayerSuperscripts(r"x^2 + \beta^2 + (a^3_2)^2").reading == [
        "read a^3_2 as the activation a₂ of layer 3 (Nielsen writes the layer as a superscript)"]


def test_errors_point_into_the_text_as_written() -> None:
    text = r"\delta^3 = ((w^4)^T\delta^4) \odot a^3(1-a^3) +"
    with pytest.raises(ParseError) as error:
        check(text, example="nielsen")
    assert error.value.text == text
    assert error.value.position == len(text)  # the end, where a term is missing
