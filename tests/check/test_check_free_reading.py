"""A free-form verdict says how the learner's words were read, above the verdict itself."""

from __future__ import annotations

from chainrule.check import check_derivative


def test_a_word_read_as_one_symbol_is_said_before_the_verdict() -> None:
    # Dropout's inverted scaling: d/dx [mask·x/(1 − p)] = mask/(1 − p), by hand.
    result = check_derivative("mask/(1-p)", of="mask*x/(1-p)", wrt="x")
    assert result.verdict == "correct"
    assert result.reading == ("read `mask` as one symbol",)
    assert str(result).splitlines()[0] == "read `mask` as one symbol"


def test_a_function_glued_to_its_variable_is_said() -> None:
    result = check_derivative("1-tanh(x)^2", of="tanhx", wrt="x")
    assert result.verdict == "correct"
    assert "read `tanhx` as tanh(x)" in result.reading


def test_plain_letters_add_no_note() -> None:
    assert check_derivative("2x", of="x^2", wrt="x").reading == ()


def test_a_sum_up_to_a_size_given_in_where_is_written_out_in_the_claim_too() -> None:
    # Least squares, d/dm Σᵢ (yᵢ − (m xᵢ + c))² = −2 Σᵢ xᵢ (yᵢ − (m xᵢ + c)), by hand.
    of = r"\sum_{i=1}^n \left( y_i - (mx_i + c) \right)^2"
    right = check_derivative(r"-2 \sum_{i=1}^n x_i \cdot \left( y_i - (mx_i + c) \right)",
                             of=of, wrt="m", where=["n=3"])
    assert right.verdict == "correct"
    assert "wrote out the sum up to n = 3" in right.reading
    wrong = check_derivative(r"-2 \sum_{i=1}^n \left( y_i - (mx_i + c) \right)",
                             of=of, wrt="m", where=["n=3"])  # the inner factor xᵢ left out
    assert wrong.verdict == "incorrect"
