"""`chainrule train --model cnn|rnn`: the presets on the digits and the adding problem."""

from __future__ import annotations

import re

import numpy as np
import pytest
from typer.testing import CliRunner

import chainrule as cr
from chainrule.cli import app

runner = CliRunner()


def _metric(output: str, name: str) -> float:
    match = re.search(rf"{name}\s*│\s*([-\d.]+)(%?)", output)
    assert match, output
    return float(match.group(1)) / (100 if match.group(2) else 1)


def test_cnn_on_the_digits_trains_saves_and_loads(tmp_path) -> None:
    pytest.importorskip("sklearn")
    path = tmp_path / "cnn.npz"
    result = runner.invoke(app, ["train", "--data", "digits", "--model", "cnn", "--optimizer",
                                 "adam", "--lr", "0.01", "--epochs", "8", "--save", str(path)])
    assert result.exit_code == 0, result.output
    assert _metric(result.output, "test accuracy") >= 0.97
    net = cr.Network.load(path)
    assert net.summary().startswith("Conv2D 1→16 k3 padding 1 (no bias) · BatchNorm 16 · relu")
    images = cr.data.digits()[0][:5].reshape(5, 1, 8, 8)
    assert net.predict(images).shape == (5,)


def test_rnn_on_the_adding_problem_is_a_regression_below_the_baseline() -> None:
    result = runner.invoke(app, ["train", "--data", "adding", "--n", "1500", "--model", "rnn",
                                 "--optimizer", "adam", "--lr", "0.01", "--epochs", "15"])
    assert result.exit_code == 0, result.output
    assert "RNN 2→16 (last step) · Dense 16→1 → mean_squared_error" in result.output
    # R² = 1 − MSE / Var(y): ignoring the markers leaves R² at 0
    assert _metric(result.output, "test R²") > 0.8


def test_models_refuse_data_of_the_wrong_shape_without_traceback() -> None:
    result = runner.invoke(app, ["train", "--data", "moons", "--model", "cnn", "--epochs", "1"])
    assert result.exit_code != 0
    assert "the cnn model takes images (N, C, H, W) or flat square images" in result.output
    assert "(750, 2)" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["train", "--model", "transformer", "--epochs", "1"])
    assert "`model` must be one of" in result.output and "Traceback" not in result.output


def test_presets_read_flat_images_as_images_and_rows_as_steps() -> None:
    from chainrule.nn.presets import shaped

    flat = np.arange(2 * 9).reshape(2, 9)
    assert np.array_equal(shaped(flat, "cnn")[1, 0, 2], [15, 16, 17])
    assert np.array_equal(shaped(flat, "rnn")[0, 1], [3, 4, 5])


@pytest.mark.parametrize("command", [["explain", "--layer", "1"], ["report", "--output", "r.html"],
                                     ["check", "a(1-a)"]])
def test_explain_report_and_check_refuse_the_new_layers_cleanly(tmp_path, command) -> None:
    path = tmp_path / "bn.npz"
    cr.Network([cr.Dense(2, 3), cr.BatchNorm(3), cr.Tanh(), cr.Dense(3, 1)],
               loss=cr.MeanSquaredError(), seed=0).save(path)
    if command[0] == "report":
        command = ["report", "--output", str(tmp_path / "r.html")]
    result = runner.invoke(app, [*command, "--model", str(path)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    if command[0] == "check":  # claims about these layers are in index notation
        said = " ".join(result.output.split())  # the message is wrapped to the terminal
        assert "claims about the network in" in said
        assert "with BatchNorm 3, are in index notation" in said
        return
    assert "explanations cover networks of Dense layers and activations" in result.output
    assert "BatchNorm 3" in result.output


def test_notebook_display_of_the_new_layers_falls_back_to_text() -> None:
    net = cr.Network([cr.Conv1D(1, 2, 2), cr.Flatten(), cr.Dense(4, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    assert net._repr_html_() is None and net._repr_svg_() is None
    trace = net.trace(np.ones((1, 1, 3)), [1])
    assert trace._repr_html_() is None and "Conv1D" in repr(net)


def test_explain_a_saved_cnn_or_rnn_with_a_sample_of_its_shape(tmp_path) -> None:
    cnn, rnn = tmp_path / "cnn.npz", tmp_path / "rnn.npz"
    cr.Network([cr.Conv2D(1, 2, 2), cr.Flatten(), cr.Dense(18, 2)],
               loss=cr.SoftmaxCrossEntropy(), seed=0).save(cnn)
    cr.Network([cr.RNN(2, 3), cr.Dense(3, 1)], loss=cr.MeanSquaredError(), seed=0).save(rnn)
    pixels = ",".join(str(v / 10) for v in range(16))  # a 4×4 image, row by row
    result = runner.invoke(app, ["explain", "--model", str(cnn), "--weight", "K[1,0,1,0]",
                                 "--input", pixels, "--target", "1"])
    assert result.exit_code == 0, result.output
    assert "(1, 1, 4, 4)" in result.output and "the three agree" in result.output
    result = runner.invoke(app, ["explain", "--model", str(rnn), "--weight", "W[2,0]",
                                 "--input", "0.5,1;0.2,0;0.9,1", "--target", "1.4"])
    assert result.exit_code == 0, result.output
    assert "T = 3 steps" in result.output and "the three agree" in result.output
    result = runner.invoke(app, ["explain", "--model", str(cnn), "--weight", "K[0,0,0,0]"])
    assert result.exit_code != 0 and "needs a sample of its own shape" in result.output


def test_the_help_lists_the_layer_examples_the_library_has() -> None:
    from chainrule.cli import _names
    from chainrule.explain.layer_examples import LAYER_EXAMPLES

    assert tuple(_names.LAYER_EXAMPLES) == tuple(LAYER_EXAMPLES)
    result = runner.invoke(app, ["explain", "--help"])
    assert "batchnorm" in result.output and "dropout" in result.output
