"""Help a newcomer can read: plain metavars, defaults, the version, every schedule, the
example names users know (old names still accepted, not shown), and a hidden softmax refused."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chainrule.cli import _names, app
from chainrule.cli.training_run import make_schedule

runner = CliRunner()
COMMANDS = ("train", "demo", "derive", "explain", "check", "report")
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _help(*args: str) -> str:
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", ("", *COMMANDS))
def test_help_shows_values_as_people_read_them(command: str) -> None:
    text = _help(*([command] if command else []))
    for internal in ("<str>", "<bool>", "<int>", "<float>", "<path>", "<list", "{claim}",
                     "{expr}", "chainrule.ops", "seed 00", "seed00"):
        assert internal not in text, f"{internal!r} in `chainrule {command} --help`"


def test_arguments_and_values_are_named_in_capitals() -> None:
    assert re.search(r"Usage: .*check \[OPTIONS\] CLAIM", _help("check"))
    assert re.search(r"--lr\s+NUMBER", _help("train"))
    assert re.search(r"--save\s+PATH", _help("train"))


def test_version_is_the_package_version() -> None:
    version = tomllib.loads(PYPROJECT.read_text())["project"]["version"]
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"chainrule {version}"


def test_noise_states_its_default() -> None:
    text = " ".join(_help("train").split())
    assert "default 0; for blobs the spread of each blob, default 1" in text


def test_help_lists_match_the_library() -> None:
    from chainrule.explain.examples import EXAMPLES
    from chainrule.explain.notation import PRESETS
    from chainrule.ops.registry import LOSSES

    assert tuple(_names.EXAMPLES) == tuple(EXAMPLES)
    assert set(_names.NOTATIONS) == set(PRESETS)
    assert set(_names.LOSSES) == set(LOSSES)


def test_every_library_schedule_is_offered() -> None:
    from chainrule.nn import schedules

    classes = {name for name in vars(schedules) if name.endswith("Decay")}
    assert classes == {"StepDecay", "ExponentialDecay", "CosineDecay"}
    assert make_schedule("constant", 8) is None
    step = make_schedule("step", 8)  # halve every quarter of 8 epochs
    assert [step(e, 1.0) for e in (0, 1, 2, 4, 7)] == [1.0, 1.0, 0.5, 0.25, 0.125]
    assert make_schedule("step:3:0.1", 8)(6, 2.0) == pytest.approx(2.0 * 0.1**2)
    assert make_schedule("exponential", 8)(3, 1.0) == pytest.approx(0.95**3)
    assert make_schedule("exponential:0.5", 8)(2, 1.0) == pytest.approx(0.25)
    assert make_schedule("cosine", 8)(4, 1.0) == pytest.approx(0.5)  # halfway down


@pytest.mark.parametrize("spec", ["step:x", "step:2.5", "exponential:0.5:2", "cosine:3", "warm"])
def test_malformed_schedules_are_refused(spec: str) -> None:
    result = runner.invoke(app, ["train", "--schedule", spec, "--epochs", "1", "--n", "40"])
    assert result.exit_code == 2 and "schedule" in result.output
    assert "Traceback" not in result.output


def test_train_with_a_step_schedule_runs() -> None:
    result = runner.invoke(app, ["train", "--schedule", "step:1:0.5", "--epochs", "2",
                                 "--n", "80", "--hidden", "4"])
    assert result.exit_code == 0, result.output


def test_hidden_softmax_is_refused_with_the_reason() -> None:
    result = runner.invoke(app, ["train", "--activation", "softmax", "--epochs", "1"])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "not elementwise" in text and "output layer" in text and "tanh" in text


def test_examples_are_named_and_described_old_names_still_work() -> None:
    text = " ".join(_help("explain").split())
    for name in ("lfd (Learning From Data", "nielsen (Nielsen", "mitchell (Mitchell",
                 "jhz (", "cs231n (CS231n"):
        assert name in text
    new = runner.invoke(app, ["explain", "--example", "jhz"])
    old = runner.invoke(app, ["explain", "--example", "seed003"])
    assert new.exit_code == old.exit_code == 0
    assert new.output == old.output


def test_target_numbering_is_stated() -> None:
    text = " ".join(_help("explain").split())
    assert "Class labels count from 0" in text and "number units from 1" in text
