"""Sizes through the CLI runner: widths, sample counts and epochs have bounds and clear
messages, checked before any data is made or any network built."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from chainrule.cli import app

runner = CliRunner()


def _refused(args: list[str], expected: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert expected in " ".join(result.output.split())
    assert "Traceback" not in result.output and "epoch " not in result.output


@pytest.mark.parametrize(("layers", "expected"), [
    ("2,100000000,1", "`--layers` widths must be from 1 to 1,000; got '2,100000000,1'"),
    ("2,3000,3000,3000,1", "widths must be from 1 to 1,000"),
    ("2,1000,1000,1000,1", "has 2,003,000 weights; explain takes networks of at most 1,000,000"),
    ("", "`--layers` must be whole numbers separated by commas, e.g. 2,3,1; got ''"),
    ("2,,1", "must be whole numbers separated by commas"),
    ("2,0,1", "widths must be from 1 to 1,000; got '2,0,1'"),
    ("2", "needs the input and at least one layer"),
])
def test_explain_layers_are_small_teaching_networks(layers: str, expected: str) -> None:
    _refused(["explain", "--layers", layers], expected)


@pytest.mark.parametrize(("args", "expected"), [
    (["--hidden", "100000000"], "`--hidden` widths must be from 1 to 10,000; got '100000000'"),
    (["--hidden", "9000,9000"], "a 2-9000-9000-2 network has 81,054,002 parameters; chainrule "
                                "trains at most 20,000,000"),
    (["--n", "100000000"], "`--n` must be at most 1,000,000 samples; got 100,000,000"),
    (["--hidden", ""], "`--hidden` must be whole numbers separated by commas, e.g. 64,32"),
    (["--hidden", "4,,4"], "got '4,,4'"),
])
def test_train_sizes_are_bounded(args: list[str], expected: str) -> None:
    _refused(["train", "--epochs", "1", *args], expected)


def test_train_hidden_zero_is_a_network_without_hidden_layer() -> None:
    result = runner.invoke(app, ["train", "--hidden", "0", "--epochs", "1", "--n", "100"])
    assert result.exit_code == 0, result.output
    assert "Dense 2→2 → softmax_cross_entropy" in result.output


@pytest.mark.parametrize(("args", "expected"), [
    (["--epochs", "-3"], "`--epochs` must be 0 (no training) or more; got -3"),
    (["--hidden", "4,,4"], "`--hidden` must be whole numbers separated by commas"),
    (["--n", "2000000"], "`--n` must be at most 1,000,000 samples"),
])
def test_report_checks_its_training_options_as_train_does(tmp_path, args, expected) -> None:
    _refused(["report", "--output", str(tmp_path / "r.html"), *args], expected)
    assert not (tmp_path / "r.html").exists()
