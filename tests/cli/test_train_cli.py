"""`chainrule train` and `chainrule demo` through the CLI runner."""

from __future__ import annotations

import numpy as np
from typer.testing import CliRunner

import chainrule as cr
from chainrule.cli import app

runner = CliRunner()


def test_train_writes_a_model_that_loads_and_predicts(tmp_path) -> None:
    path = tmp_path / "model.npz"
    result = runner.invoke(app, ["train", "--data", "xor", "--n", "400", "--hidden", "8",
                                 "--epochs", "30", "--lr", "0.3", "--save", str(path)])
    assert result.exit_code == 0, result.output
    assert "test accuracy" in result.output
    net = cr.Network.load(path)
    assert net.summary() == "Dense 2→8 · tanh · Dense 8→2 → softmax_cross_entropy"
    X, y = cr.data.xor(n=400, seed=1)
    assert net.predict(X).shape == y.shape


def test_train_reports_a_misspelt_activation_without_traceback() -> None:
    result = runner.invoke(app, ["train", "--activation", "tahn", "--epochs", "1"])
    assert result.exit_code == 2
    assert "`activation` must be one of" in result.output
    assert "tahn" in result.output
    assert "Traceback" not in result.output


def test_train_takes_a_loss_under_its_old_name_and_prints_the_new_one(tmp_path) -> None:
    model = tmp_path / "old_name.npz"
    result = runner.invoke(app, ["train", "--data", "moons", "--n", "60", "--loss", "half_sse",
                                 "--hidden", "3", "--epochs", "1", "--save", str(model)])
    assert result.exit_code == 0, result.output
    assert "Dense 3→1 → half_squared_error" in result.output and "half_sse" not in result.output
    assert cr.Network.load(str(model)).loss.name == "half_squared_error"


def test_train_reports_divergence_and_exits_non_zero() -> None:
    result = runner.invoke(app, ["train", "--data", "moons", "--loss", "squared_error",
                                 "--activation", "relu", "--hidden", "64,64", "--lr", "1e6",
                                 "--epochs", "5", "--no-standardize"])
    assert result.exit_code == 1, result.output
    assert "diverged" in result.output
    assert "Traceback" not in result.output


def test_demo_reaches_97_percent_and_checks_gradients(tmp_path) -> None:
    result = runner.invoke(app, ["demo", "--output", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    accuracy = float(result.output.split("test accuracy")[1].split("%")[0].split()[-1])
    assert accuracy >= 97.0
    assert "gradient check" in result.output and "passed" in result.output


def test_unknown_option_lists_nothing_hidden() -> None:
    result = runner.invoke(app, ["train", "--optimiser", "adam"])
    assert result.exit_code == 2
    assert "No such option" in result.output
    assert np.isfinite(1.0)


def test_train_plot_writes_the_curves_as_png_and_svg(tmp_path) -> None:
    import matplotlib.image

    png, svg = tmp_path / "curves.png", tmp_path / "curves.svg"
    for path in (png, svg):
        result = runner.invoke(app, ["train", "--data", "moons", "--n", "200", "--epochs", "3",
                                     "--validation-split", "0.2", "--plot", str(path)])
        assert result.exit_code == 0, result.output
        assert f"wrote the training curves to {path}" in result.output.replace("\n", "")
    pixels = matplotlib.image.imread(png)
    assert pixels.shape[0] > 200 and pixels.shape[1] > 300
    assert pixels[..., :3].std() > 0.05  # not a blank image
    text = svg.read_text()
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert "validation" in text  # the held-out curve is drawn beside the training one


def test_train_plot_refuses_an_unknown_image_type_before_training(tmp_path) -> None:
    result = runner.invoke(app, ["train", "--epochs", "1", "--n", "100",
                                 "--plot", str(tmp_path / "curves.gif")])
    assert result.exit_code == 2
    assert "must end in .png or .svg" in result.output and "curves.gif" in result.output
    assert "epoch" not in result.output  # nothing was trained
