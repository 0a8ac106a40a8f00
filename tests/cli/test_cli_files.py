"""Files the commands read and write: bad paths are one-line errors (exit 2), never tracebacks,
and they are refused before any training."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

import chainrule as cr
from chainrule.cli import app

runner = CliRunner()


def _refused(args: list[str], *expected: str) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    text = " ".join(result.output.split())
    for part in expected:
        assert part in text, text
    assert "Traceback" not in text and "epoch" not in text
    return text


def test_explain_output_creates_its_missing_folders(tmp_path) -> None:
    out = tmp_path / "new" / "dir" / "x.txt"
    result = runner.invoke(app, ["explain", "--example", "lfd", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "chain rule" in out.read_text(encoding="utf-8").lower()


@pytest.mark.parametrize("command", [["explain", "--example", "lfd"],
                                     ["report", "--example", "lfd"]])
def test_output_that_is_a_folder_is_refused(tmp_path, command) -> None:
    _refused([*command, "--output", str(tmp_path)], "`--output` must be a file to write",
             "which is a folder")


def test_explain_plot_under_a_file_is_refused(tmp_path) -> None:
    (tmp_path / "afile").write_text("x")
    _refused(["explain", "--example", "lfd", "--plot", str(tmp_path / "afile" / "p.png")],
             "`--plot` must lie in a folder", "is a file")


def test_demo_output_that_is_a_file_is_refused_before_training(tmp_path) -> None:
    (tmp_path / "afile").write_text("x")
    _refused(["demo", "--epochs", "1", "--output", str(tmp_path / "afile")],
             "`--output` must be a folder to write into", "which is a file")


def test_train_save_under_a_file_is_refused_before_training(tmp_path) -> None:
    (tmp_path / "afile").write_text("x")
    _refused(["train", "--epochs", "1", "--save", str(tmp_path / "afile" / "m.npz")],
             "`--save` must lie in a folder")


def test_train_save_prints_the_path_it_wrote_and_creates_folders(tmp_path) -> None:
    target = tmp_path / "sub" / "m.txt"
    result = runner.invoke(app, ["train", "--epochs", "1", "--n", "100", "--save", str(target)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sub" / "m.txt.npz").exists()
    assert "m.txt.npz" in result.output.replace("\n", "")


def test_an_unwritable_file_is_a_one_line_error(tmp_path, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "x.txt"))

    monkeypatch.setattr("os.replace", refuse)  # the last step of every write
    _refused(["explain", "--example", "lfd", "--output", str(tmp_path / "x.txt")],
             "could not read or write", "Permission denied")


def _saved_with(tmp_path, values) -> str:
    net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=1)
    path = tmp_path / "m.npz"
    net.save(str(path))
    with np.load(path) as archive:
        arrays = {name: archive[name] for name in archive.files}
    arrays["W1"] = values
    np.savez(path, **arrays)
    return str(path)


def test_explain_refuses_a_model_with_string_weights(tmp_path) -> None:
    _refused(["explain", "--model", _saved_with(tmp_path, np.full((2, 3), "w"))],
             "parameter W1 should hold numbers")


def test_explain_refuses_a_model_with_nan_weights(tmp_path) -> None:
    _refused(["explain", "--model", _saved_with(tmp_path, np.full((2, 3), np.nan))],
             "parameter W1 should hold finite numbers", "found 6 NaN")
