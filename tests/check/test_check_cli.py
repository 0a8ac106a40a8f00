"""`chainrule check` through the CLI runner: output and exit codes 0 / 1 / 2."""

from __future__ import annotations

from typer.testing import CliRunner

from chainrule.cli import app

runner = CliRunner()


def test_correct_free_form_exits_0() -> None:
    result = runner.invoke(app, ["check", "2(x-y)(1-x^2)", "--of", "(x-y)^2", "--wrt", "s",
                                 "--where", "x=tanh(s)"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("correct")


def test_incorrect_seed_003_exits_1_with_counterexample() -> None:
    result = runner.invoke(app, ["check", "2h", "--of", "(y-h)^2", "--wrt", "h"])
    assert result.exit_code == 1, result.output
    assert "incorrect" in result.output
    assert "counterexample at h = " in result.output
    assert "correct: " in result.output and "2(h - y)" in result.output


def test_network_form_seed_000_exits_0() -> None:
    result = runner.invoke(app, ["check", r"\delta_1^{(L)} = 2(x_1^{(L)}-y_n)(1-(x_1^{(L)})^2)",
                                 "--example", "lfd"])
    assert result.exit_code == 0, result.output


def test_conditional_exits_1_and_sum_to_one_makes_it_0() -> None:
    args = ["check", r"dz_2 = \hat{y} - y", "--example", "cs231n"]
    assert runner.invoke(app, args).exit_code == 1
    result = runner.invoke(app, [*args, "--sum-to-one", "y"])
    assert result.exit_code == 0, result.output
    assert "given Σ y = 1" in result.output


def test_unparsable_claim_exits_2_without_traceback() -> None:
    result = runner.invoke(app, ["check", "2(x-", "--of", "(x-y)^2", "--wrt", "x"])
    assert result.exit_code == 2
    assert "error:" in result.output
    assert "Traceback" not in result.output


def test_hostile_input_is_refused_not_run(tmp_path) -> None:
    marker = tmp_path / "ran"
    code = f"__import__('pathlib').Path('{marker}').touch()"
    result = runner.invoke(app, ["check", code, "--of", "x^2", "--wrt", "x"])
    assert result.exit_code == 2
    assert "error:" in result.output
    assert not marker.exists()


def test_missing_wrt_exits_2() -> None:
    result = runner.invoke(app, ["check", "2x", "--of", "x^2"])
    assert result.exit_code == 2
    assert "--wrt" in result.output
