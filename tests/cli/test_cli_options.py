"""Options that would be ignored or misapplied are refused, through the CLI runner."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import chainrule as cr
from chainrule.cli import app

runner = CliRunner()


def _refused(args: list[str], *expected: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    for part in expected:
        assert part in text, text
    assert "Traceback" not in text


@pytest.fixture
def classifier(tmp_path) -> str:
    net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=1)
    net.save(str(tmp_path / "m.npz"))
    return str(tmp_path / "m.npz")


def test_a_classifiers_target_must_be_a_whole_class_label(classifier) -> None:
    _refused(["explain", "--model", classifier, "--weight", "w_11^(2)", "--input", "0.5,1",
              "--target", "0.5"], "--target of a classifier (softmax_cross_entropy) must be "
             "class labels, whole numbers from 0; got '0.5'")
    result = runner.invoke(app, ["explain", "--model", classifier, "--weight", "w_11^(2)",
                                 "--input", "0.5,1", "--target", "1"])
    assert result.exit_code == 0, result.output


def test_target_without_input_is_refused() -> None:
    _refused(["explain", "--example", "lfd", "--target", "1"], "--target needs --input")


def test_input_and_target_rows_must_pair_up(classifier) -> None:
    _refused(["explain", "--model", classifier, "--weight", "w_11^(2)", "--input",
              "0.5,1;1,2", "--target", "1"], "got 2 input rows and 1 target rows")


@pytest.mark.parametrize(("args", "typed"), [
    (["--activation", "relu"], "--activation"),
    (["--loss", "half_sse"], "--loss"),
    (["--no-bias", "--seed", "3"], "--bias/--no-bias, --seed"),
])
def test_explain_refuses_what_an_example_fixes(args: list[str], typed: str) -> None:
    _refused(["explain", "--example", "lfd", *args],
             f"{typed} cannot be used here: --example lfd brings its own network")


def test_explain_refuses_network_options_with_a_model(classifier) -> None:
    _refused(["explain", "--model", classifier, "--output-activation", "sigmoid"],
             "--output-activation cannot be used here: --model brings its own network")


@pytest.mark.parametrize("command", ["explain", "report"])
def test_example_and_model_exclude_each_other(command, classifier) -> None:
    _refused([command, "--example", "lfd", "--model", classifier],
             "--example and --model exclude each other")


def test_report_refuses_training_options_with_an_example(tmp_path) -> None:
    _refused(["report", "--example", "mitchell", "--epochs", "5", "--output",
              str(tmp_path / "r.html")], "--epochs cannot be used here: --example mitchell "
             "brings its own network and sample, untrained")
    assert not (tmp_path / "r.html").exists()


def test_report_of_an_example_says_why_it_has_no_curves(tmp_path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", "--example", "mitchell", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "No training curves: the network was not trained" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("sample", ["100000", "-1"])
def test_report_sample_out_of_range_names_the_range(tmp_path, sample) -> None:
    _refused(["report", "--n", "100", "--epochs", "1", "--sample", sample, "--output",
              str(tmp_path / "r.html")], "`sample` must be from 0 to 99 (the data has 100 "
             f"samples); got {sample}")
