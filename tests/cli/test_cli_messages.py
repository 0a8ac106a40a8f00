"""Error messages name the option at fault and say how to fix it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from chainrule.cli import app

runner = CliRunner()


def _refused(args: list[str], expected: str) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.replace("│", " ").split())
    assert expected in text, text
    assert "Traceback" not in text
    return text


@pytest.mark.parametrize(("args", "expected"), [
    (["check", "2x", "--of", "x^2", "--wrt", ""], "--wrt must not be empty, e.g. --wrt x"),
    (["check", "2x", "--of", "", "--wrt", "x"], "--of must not be empty"),
    (["check", "2x", "--of", "x^2", "--wrt", "x", "--where", "=x"],
     "--where takes NAME=EXPR, e.g. --where 'a=tanh(s)'; got '=x'"),
    (["derive", "x^2", "--wrt", " "], "--wrt must not be empty"),
    (["derive", ""], "EXPR must not be empty"),
])
def test_empty_formula_options_are_named(args: list[str], expected: str) -> None:
    _refused(args, expected)


def test_a_claim_starting_with_a_minus_gets_the_double_dash_hint() -> None:
    _refused(["check", "--example", "mitchell", "-(t_k - a_k)"],
             "No such option: -(; a claim that starts with '-' goes last, after `--`, e.g. "
             "chainrule check --of '(t-a)^2/2' --wrt a -- '-(t-a)'")
    result = runner.invoke(app, ["check", "--of", "(t-a)^2/2", "--wrt", "a", "--", "-(t-a)"])
    assert result.exit_code == 0, result.output


def test_check_help_says_where_a_minus_claim_goes() -> None:
    result = runner.invoke(app, ["check", "--help"])
    assert "chainrule check --of '(t-a)^2/2' --wrt a -- '-(t-a)'" in result.output


def test_unknown_long_option_of_check_gets_no_claim_hint() -> None:
    text = _refused(["check", "2x", "--off", "x^2"], "No such option: --off")
    assert "goes after" not in text


def test_output_activation_is_named_in_its_error() -> None:
    _refused(["explain", "--layers", "2,3,1", "--output-activation", "foo"],
             "`--output-activation` must be one of identity, leaky_relu, none, relu, sigmoid, "
             "softmax, tanh; got 'foo'")
