"""What `train` and `report` print is right: no metrics for data they cannot learn, and
large losses in a compact form."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from chainrule.cli import app

runner = CliRunner()


def _csv(path, x: np.ndarray, labels) -> str:
    rows = "".join(f"{a},{b},{label}\n" for (a, b), label in zip(x, labels, strict=True))
    path.write_text("a,b,label\n" + rows, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("command", ["train", "report"])
def test_one_class_data_is_refused(tmp_path, command) -> None:
    x = np.arange(16.0).reshape(8, 2)
    data = _csv(tmp_path / "one.csv", x, ["cat"] * 8)
    result = runner.invoke(app, [command, "--data", data, "--epochs", "2", *(
        ["--output", str(tmp_path / "r.html")] if command == "report" else [])])
    assert result.exit_code == 2, result.output
    assert "a classifier needs at least two classes; the data has only class 0 (8 samples)" \
        in " ".join(result.output.split())
    assert "accuracy" not in result.output


def test_large_losses_print_in_scientific_form(tmp_path) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 2))
    data = _csv(tmp_path / "big.csv", x, 1e6 * (1 + x[:, 0]))
    result = runner.invoke(app, ["train", "--data", data, "--loss", "squared_error",
                                 "--activation", "identity", "--epochs", "1", "--lr", "1e-3"])
    assert result.exit_code == 0, result.output
    assert "loss 1.94e+12" in result.output
    assert "6.22e+12" in result.output and "0000000000" not in result.output
