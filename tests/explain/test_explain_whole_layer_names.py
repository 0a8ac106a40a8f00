"""`explain` takes a whole layer by the names `check` reads: dW_2, db_2, dW^{[2]}, δ^{(3)}."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from chainrule.cli import app

runner = CliRunner()


@pytest.mark.parametrize(("args", "title"), [
    (["--example", "cs231n", "--weight", "dW_2"], "dW₂ — CS231n"),
    (["--example", "cs231n", "--weight", "db_2"], "dW₂ — CS231n"),
    (["--example", "cs231n", "--notation", "ng", "--weight", "dW^{[2]}"], "dW^[2] — Andrew Ng"),
    (["--example", "nielsen", "--delta", r"\delta^{(3)}"], "∂C/∂w⁽³⁾ — Nielsen"),
])
def test_a_whole_layer_by_its_matrix_name(args: list[str], title: str) -> None:
    result = runner.invoke(app, ["explain", *args])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(title)


def test_an_unknown_name_is_still_an_error() -> None:
    result = runner.invoke(app, ["explain", "--example", "cs231n", "--weight", "dQ_2"])
    assert result.exit_code == 2
    assert "no quantity called 'dQ_2'" in result.output
