"""Sizes through the CLI runner: widths, sample counts and epochs have bounds and clear
messages, checked before any data is made or any network built."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from chainrule.cli import app

runner = CliRunner()


def _refused(args: list[str], expected: str):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert expected in " ".join(result.output.split())
    assert "Traceback" not in result.output and "epoch " not in result.output
    return result


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
    (["--n", "100000000"], "`--n` must be a whole number from 1 to 1,000,000 samples; got "
                           "100000000"),
    (["--n", "-5"], "`--n` must be a whole number from 1 to 1,000,000 samples; got -5"),
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
    (["--epochs", "-3"], "`--epochs` must be a whole number from 0 to 100,000 (0: no "
                         "training); got -3"),
    (["--epochs", "100000000000000000000"], "from 0 to 100,000 (0: no training); got "
                                            "100000000000000000000"),
    (["--seed", "-1"], "`--seed` must be a whole number from 0 to 4,294,967,295; got -1"),
    (["--hidden", "4,,4"], "`--hidden` must be whole numbers separated by commas"),
    (["--n", "2000000"], "`--n` must be a whole number from 1 to 1,000,000 samples"),
])
def test_report_checks_its_training_options_as_train_does(tmp_path, args, expected) -> None:
    _refused(["report", "--output", str(tmp_path / "r.html"), *args], expected)
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(("args", "expected"), [
    (["--epochs", "100000000000000000000"], "`--epochs` must be a whole number from 1 to "
                                            "100,000; got 100000000000000000000"),
    (["--epochs", "0"], "`--epochs` must be a whole number from 1 to 100,000; got 0"),
    (["--batch-size", "-3"], "`--batch-size` must be a whole number from 0 to 1,000,000 (0: "
                             "the full batch); got -3"),
    (["--batch-size", "10000000"], "from 0 to 1,000,000 (0: the full batch); got 10000000"),
    (["--seed", "-1"], "`--seed` must be a whole number from 0 to 4,294,967,295; got -1"),
    (["--seed", "5000000000"], "from 0 to 4,294,967,295; got 5000000000"),
])
def test_train_counts_are_bounded_in_the_options_words(args, expected) -> None:
    _refused(["train", *args], expected)


@pytest.mark.parametrize("epochs", ["1000000000", "-1", "0", "1001"])
def test_demo_epochs_are_bounded_before_anything_runs(tmp_path, epochs) -> None:
    result = _refused(["demo", "--output", str(tmp_path / "demo"), "--epochs", epochs],
                      f"`--epochs` must be a whole number from 1 to 1,000 (the demo is meant "
                      f"to take seconds; `chainrule train` takes more); got {epochs}")
    assert "CosineDecay" not in result.output and "chainrule demo" not in result.output
    assert not (tmp_path / "demo").exists()


def test_explain_seed_is_bounded() -> None:
    _refused(["explain", "--layers", "2,3,1", "--layer", "1", "--seed", "-5"],
             "`--seed` must be a whole number from 0 to 4,294,967,295; got -5")


def test_training_that_ends_worse_than_it_started_is_said() -> None:
    result = runner.invoke(app, ["train", "--lr", "1e6", "--epochs", "3", "--n", "200"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "warning: training ended with a higher loss than it started from" in text
    assert "(learning rate 1e+06); try a smaller learning rate" in text
    assert "TrainingWarning" not in result.output  # said in words, not as a Python warning
    calm = runner.invoke(app, ["train", "--lr", "0.05", "--epochs", "3", "--n", "200"])
    assert calm.exit_code == 0 and "warning" not in calm.output
