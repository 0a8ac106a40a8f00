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
