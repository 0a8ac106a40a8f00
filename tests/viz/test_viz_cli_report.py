"""`chainrule report` and the pictures `chainrule demo` writes, through the CLI runner."""

from __future__ import annotations

import re

import numpy as np
import pytest
from typer.testing import CliRunner

import chainrule as cr
from chainrule.cli import app
from chainrule.viz.report_derivations import notations
from chainrule.viz.report_store import read_store, stored_derivation

runner = CliRunner()


def _edge_weights(html: str) -> dict[str, float]:
    return {key: float(value) for key, value in
            re.findall(r'id="(w\d+_\d+_\d+)" data-key="\1" data-kind="weight"[^>]*?'
                       r'data-weight="([^"]+)"', html)}


def test_report_of_a_learners_example_opens_in_its_notation(tmp_path):
    out = tmp_path / "mitchell.html"
    result = runner.invoke(app, ["report", "--example", "mitchell", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote the report to {out}" in result.output.replace("\n", "")
    html = out.read_text(encoding="utf-8")
    assert '<option value="mitchell" selected>' in html
    # seed 002's net, written out in the example: W2[1, 0] is 0.45 (Mitchell's w_54)
    assert _edge_weights(html)["w2_1_0"] == 0.45
    store = read_store(html)
    assert set(store["items"]["w2_1_0"]) == {key for key, _ in notations()}
    assert "<mi>w</mi><mrow><mn>54</mn></mrow>" in stored_derivation(store, "w2_1_0", "mitchell")


def test_report_of_a_saved_model_shows_its_weights(tmp_path):
    net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=5)
    net.save(str(tmp_path / "model.npz"))
    out = tmp_path / "model.html"
    result = runner.invoke(app, ["report", "--model", str(tmp_path / "model.npz"), "--n", "120",
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    weights = _edge_weights(out.read_text(encoding="utf-8"))
    assert len(weights) == 12
    for key, value in weights.items():
        layer, i, j = (int(v) for v in key[1:].split("_"))
        assert value == net.dense_layers[layer - 1].W[i, j]


def test_report_of_a_new_network_trains_it_first(tmp_path):
    out = tmp_path / "new.html"
    result = runner.invoke(app, ["report", "--data", "xor", "--n", "200", "--hidden", "4",
                                 "--epochs", "3", "--output", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") == 3 and "training loss" in html


@pytest.mark.parametrize(("arguments", "message"), [
    (["--model", "m.npz", "--example", "lfd"], "--example and --model exclude each other"),
    (["--example", "lfd", "--notation", "klingon"], "`notation` must be one of"),
    (["--example", "nope"], "`example` must be one of"),
    (["--model", "missing.npz"], "missing.npz"),
])
def test_report_errors_are_clean(tmp_path, arguments, message):
    result = runner.invoke(app, ["report", *arguments, "--output", str(tmp_path / "r.html")])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_demo_writes_the_report_and_the_boundary_and_says_where(tmp_path, real_image):
    result = runner.invoke(app, ["demo", "--epochs", "1", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    said = result.output.replace("\n", "")
    for name in ("report.html", "decision_boundary.png"):
        assert str(tmp_path / name) in said
    real_image(tmp_path / "decision_boundary.png")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "… 496 more" in html and "passed: max relative error" in html
    assert np.isfinite(float(re.search(r'data-grad="([^"]+)"', html).group(1)))
    # the report's notation switcher opens at the course the terminal's explanation used
    selected = re.findall(r'<option value="[^"]+" selected>([^<]+)</option>', html)
    assert len(selected) == 1 and f"— {selected[0]}" in said


def test_report_on_a_file_data_set_needs_no_sample_count(tmp_path):
    """digits is read as it is: the report must not pass a synthetic sample count to it."""
    out = tmp_path / "digits.html"
    result = runner.invoke(app, ["report", "--data", "digits", "--hidden", "4", "--epochs", "1",
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Dense 64→4" in html


def test_a_gradient_check_already_made_is_shown_not_repeated(monkeypatch, tmp_path):
    import chainrule.nn.gradcheck as gradcheck_module
    from chainrule.viz.report_page import build_report

    net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    x, y = cr.data.moons(n=20, noise=0.1, seed=0)
    made = gradcheck_module.gradcheck(net, x[:8], y[:8], max_entries=50)
    monkeypatch.setattr(gradcheck_module, "gradcheck",
                        lambda *a, **k: pytest.fail("checked a second time"))
    html = build_report(net, x, y, gradient_check=made)
    assert f"max relative error {made.max_relative_error:.2e}" in html
