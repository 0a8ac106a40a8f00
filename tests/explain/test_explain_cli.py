"""`chainrule explain` through the CLI runner: examples, specs, saved models, errors."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

import chainrule as cr
from chainrule.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["explain", *args])


def test_example_with_its_notation_and_question():
    result = run("--example", "lfd")
    assert result.exit_code == 0, result.output
    assert "δ₁⁽ᴸ⁾ = ∂e/∂s₁⁽ᴸ⁾" in result.output and "the three agree" in result.output


def test_spec_network_in_nielsen_notation_with_a_sample():
    result = run("--layers", "2,3,2", "--loss", "softmax_cross_entropy", "--notation",
                 "nielsen", "--delta", "delta_1^(L)", "--input", "0.5,-1", "--target", "1")
    assert result.exit_code == 0, result.output
    net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    p = net.predict_proba([[0.5, -1.0]])[0, 0]
    assert f"{p:.6g} − 0 = {p:.6g}" in result.output  # ŷ₁ − y₁ with y = class 1 (second unit)


def test_custom_symbols_and_weight_name(tmp_path):
    result = run("--layers", "3,3,1", "--activation", "sigmoid", "--output-activation",
                 "identity", "--notation", "custom", "--symbols",
                 "loss=J,post=h,pre=z,weight_order=to_from,pre_offset=0,post_offset=1,"
                 "from_letter=j,to_letter=i,last_as_l=false", "--weight", "w_12^(2)")
    assert result.exit_code == 0, result.output
    assert "∂J/∂h₁⁽³⁾ · ∂h₁⁽³⁾/∂z₁⁽²⁾ · h₂⁽²⁾" in result.output


def test_saved_model_and_html_file(tmp_path):
    net = cr.Network([cr.Dense(2, 2), cr.Sigmoid(), cr.Dense(2, 1), cr.Sigmoid()],
                     loss=cr.BinaryCrossEntropy(), seed=2)
    net.save(str(tmp_path / "net.npz"))
    out = tmp_path / "x.html"
    result = run("--model", str(tmp_path / "net.npz"), "--layer", "1", "--input", "0.1,0.2",
                 "--target", "1", "--format", "html", "--output", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<math" in html and "\\frac" not in html


@pytest.mark.parametrize("fmt", ["latex", "markdown"])
def test_formats(fmt):
    result = run("--example", "seed003", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert r"\frac{\partial J}{\partial w_{12}^{(2)}}" in result.output


def test_bad_quantity_lists_valid_names():
    result = run("--example", "lfd", "--weight", "w_99^(2)")
    assert result.exit_code == 2
    output = " ".join(result.output.split())
    assert "valid names look like" in output and "w_11^(2)" in output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--notation", "klingon"], "`notation` must be one of"),
    (["--format", "pdf"], "`format` must be one of"),
    (["--layer", "7"], "layer must be in 1..2"),
    (["--example", "nope"], "`example` must be one of"),
])
def test_clean_errors(args, message):
    base = [] if "--example" in args else ["--example", "lfd"]
    result = run(*base, *args)
    assert result.exit_code == 2 and message in " ".join(result.output.split())


def test_explain_for_demo_text():
    from chainrule.cli.demo_run import explain_for_demo

    net = cr.Network([cr.Dense(2, 4), cr.Tanh(), cr.Dense(4, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    x, y = cr.data.moons(n=20, noise=0.1, seed=0)
    text = explain_for_demo(net, x, y)
    assert "∂L/∂(W₂)₁₁" in text and "ŷ₁ − y₁" in text and "the three agree" in text
    _, grads = net.loss_and_gradients(x[:1], y[:1])
    assert f"{grads[2][0, 0]:.6g}".replace("-", "−") in text
    assert np.isfinite(grads[2]).all()


def test_plot_draws_the_network_with_the_explained_chain(tmp_path, monkeypatch):
    from chainrule import viz

    drawn = []
    real = viz.save_figure
    monkeypatch.setattr(viz, "save_figure", lambda fig, path: drawn.append(fig) or real(fig, path))
    path = tmp_path / "chain.png"
    result = run("--example", "lfd", "--weight", "w_21^(2)", "--plot", str(path))
    assert result.exit_code == 0, result.output
    assert f"wrote {path}" in result.output and "the three agree" in result.output
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5000
    # LFD's w_21^(2) runs from unit 2 of layer 1 to the output unit: the picture says it as
    # the text does (LFD writes the output layer L), with no engine name such as W2[1,0]
    title = drawn[0].axes[0].get_title()
    assert title.startswith("chain of ∂e/∂w₂₁⁽ᴸ⁾ = ") and "x₂⁽¹⁾ = " in title
    assert "∂e/∂w₂₁⁽ᴸ⁾" in result.output and "W2[" not in title


def test_plot_of_a_layer_and_a_bad_file_name(tmp_path):
    svg = tmp_path / "layer.svg"
    result = run("--example", "cs231n", "--plot", str(svg))
    assert result.exit_code == 0, result.output
    assert svg.read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
    result = run("--example", "lfd", "--plot", str(tmp_path / "chain.gif"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "a plot file must end in .png or .svg" in result.output
    assert not (tmp_path / "chain.gif").exists()
