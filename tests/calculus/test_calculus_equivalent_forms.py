"""Equivalent forms of one derivative are all correct; a wrong variant (a factor, a sign, a
term) is always incorrect. The forms are the ones textbooks and Q&A answers write."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule.check import check_derivative

#: d/dx tanh(x), written as learners write it.
TANH_FORMS = ["sech(x)^2", "sech²(x)", "1 - tanh(x)^2", "1 − tanh²x", "4/(e^x + e^-x)^2",
              "4/(exp(x) + exp(-x))^2", "cosh(x)^(-2)", "1/cosh(x)^2", r"\operatorname{sech}^2 x",
              r"\frac{4}{(e^{x} + e^{-x})^{2}}", "(1 - tanh(x))(1 + tanh(x))"]  # fmt: skip
#: d/dx σ(x).
SIGMOID_FORMS = ["σ(x)(1 - σ(x))", "e^-x/(1 + e^-x)^2", "1/(2 + e^x + e^-x)",
                 "sigmoid(x) sigmoid(-x)", r"\frac{e^{x}}{(1+e^{x})^2}"]  # fmt: skip
#: d/dx softplus(x) and d/dx ln(1 + eˣ).
SOFTPLUS_FORMS = ["σ(x)", "1/(1 + e^-x)", "e^x/(1 + e^x)", "1 - σ(-x)"]

CASES = ([(form, "tanh(x)") for form in TANH_FORMS]
         + [(form, "1/(1+exp(-x))") for form in SIGMOID_FORMS]
         + [(form, "softplus(x)") for form in SOFTPLUS_FORMS]
         + [(form, "ln(1 + e^x)") for form in SOFTPLUS_FORMS])  # fmt: skip

MUTATIONS = [
    ("2({})", "a factor 2"),
    ("({})/2", "a factor 1/2"),
    ("-({})", "the sign"),
    ("x({})", "a factor x"),
    ("{} + 1", "a term 1"),
    ("{} - x", "a term x"),
    ("({})^2", "squared"),
]


@pytest.mark.parametrize(("claim", "of"), CASES)
def test_every_equivalent_form_is_correct(claim: str, of: str) -> None:
    result = check_derivative(claim, of, "x")
    assert result.correct, str(result)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(CASES), st.sampled_from(MUTATIONS))
def test_a_wrong_variant_is_always_incorrect(case: tuple[str, str], mutation) -> None:
    (claim, of), (template, _) = case, mutation
    wrong = template.format(claim)
    result = check_derivative(wrong, of, "x")
    assert not result.correct, wrong
