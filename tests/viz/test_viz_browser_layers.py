"""The layer reports' pictures as a person uses them, in headless Chromium: a kernel's cell, a
feature map's position, a time step, an LSTM's step and gate weight, a pooling window, an entry
of a batch: clicked or reached with the keyboard, each opens its derivation (skipped with the
reason where no browser runs, failed where the ``CI`` variable is set: see
``tests/conftest.py``)."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from chainrule.cli import app

torch = pytest.importorskip("torch")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Each layer example's report, and explain's text for the weights the tests click."""
    folder = tmp_path_factory.mktemp("layer-pages")
    runner, pages = CliRunner(), {}
    for name in ("conv", "rnn", "lstm", "batchnorm", "pool", "dropout"):
        pages[name] = folder / f"{name}.html"
        result = runner.invoke(app, ["report", "--example", name, "--output", str(pages[name])])
        assert result.exit_code == 0, result.output
    return pages


def _explained(tmp_path, name: str, weight: str) -> str:
    out = tmp_path / "explained.txt"
    result = CliRunner().invoke(app, ["explain", "--example", name, "--weight", weight,
                                      "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8").strip()


def _open(page, path):
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready='true']", state="attached")


def _shown(page) -> str:
    shown = page.locator(".cr-derivation:visible")
    assert shown.count() == 1
    return shown.inner_text().strip()


@pytest.mark.parametrize("name, cell, weight", [
    ("conv", 'rect.cr-cell[aria-label^="K[1,0,0,1] = "]', "K[1,0,0,1]"),
    ("batchnorm", 'rect.cr-cell[aria-label^="x[1,0] = "]', "x[1,0]"),
    ("batchnorm", 'rect.cr-cell[aria-label^="∂L/∂x[3,2] = "]', "x[3,2]"),
    ("pool", 'rect.cr-cell[aria-label^="∂L/∂x[0,0,1,1] = "]', "x[0,0,1,1]"),
    ("dropout", 'rect.cr-cell[aria-label^="x[0,1] = "]', "x[0,1]"),
])
def test_clicking_a_cell_of_the_picture_opens_explains_derivation(report_page, reports,
                                                                   tmp_path, name, cell,
                                                                   weight):
    page = report_page
    _open(page, reports[name])
    assert page.locator(".cr-derivation:visible").count() == 0
    page.click(cell)
    assert _shown(page) == _explained(tmp_path, name, weight)
    assert page.locator(f'.cr-weight[aria-label^="{weight} = "]').get_attribute(
        "class").endswith("cr-selected")  # its button is marked too
    page.keyboard.press("Escape")
    assert page.locator(".cr-derivation:visible").count() == 0


def test_a_feature_map_position_from_the_keyboard_shows_the_delta_there(report_page, reports):
    from chainrule.explain.resolver import resolve

    run = resolve(example="conv")
    conv, dense = run.net.layers[0], run.net.layers[3]
    maps = torch.nn.functional.conv2d(torch.from_numpy(run.x), torch.from_numpy(conv.K),
                                      torch.from_numpy(conv.b)).requires_grad_()
    logits = torch.tanh(maps).reshape(1, -1) @ torch.from_numpy(dense.W) + torch.from_numpy(
        dense.b)
    (grad,) = torch.autograd.grad(torch.nn.functional.cross_entropy(logits, torch.tensor([1])),
                                  maps)
    page = report_page
    _open(page, reports["conv"])
    page.focus('rect.cr-cell[aria-label^="δ of map 1 at (2, 0) = "]')  # on the δ map
    page.keyboard.press("Enter")
    text = _shown(page)
    assert text.startswith("Map 1 at position (2, 0) of sample 0:")
    value = float(text.split("δ[0,1,2,0] = ∂L/∂y[0,1,2,0] = ")[1].split()[0])
    assert value == pytest.approx(float(grad[0, 1, 2, 0]), rel=1e-5)
    assert sum(line.startswith("  δ₀,₁,₂,₀ · x̃") for line in text.splitlines()) == 4
    page.click('rect.cr-cell[aria-label^="δ of map 0 at (0, 1) = "]')  # the map itself
    assert _shown(page).startswith("Map 0 at position (0, 1)")


def test_a_time_step_of_the_unrolled_network_opens_its_lines(report_page, reports):
    page = report_page
    _open(page, reports["rnn"])
    page.click('g.cr-step[aria-label^="t=3: "]')
    text = _shown(page)
    assert text.startswith("Time step t = 3") and "δ⁽³⁾ = " in text and "δ⁽⁴⁾ = " not in text
    assert page.locator('.cr-weight[aria-label^="t=3 = "]').get_attribute(
        "class").endswith("cr-selected")
    page.focus('g.cr-step[aria-label^="t=5: "]')
    page.keyboard.press("Enter")
    assert _shown(page).startswith("Time step t = 5")
    assert page.locator("#cr-selected-name").text_content().startswith("t=5")


def test_an_lstm_step_and_gate_weight_open_explains_lines(report_page, reports, tmp_path):
    page = report_page
    _open(page, reports["lstm"])
    page.click('g.cr-step[aria-label^="t=4: "]')
    text = _shown(page)
    whole = _explained(tmp_path, "lstm", "W_f[0,1]")
    assert text.startswith("Time step t = 4 in the derivation of W_f[0,1]:")
    assert "c⁽⁴⁾ = f⁽⁴⁾ ⊙ c⁽³⁾" in text and "c⁽⁵⁾ = f⁽⁵⁾" not in text
    assert all(line in whole.splitlines() for line in text.splitlines()[1:])
    page.click('rect.cr-cell[aria-label^="W_f[0,1] = "]')  # a gate weight of the picture
    assert _shown(page) == whole  # the shared sections filled in: explain's whole text
    assert page.locator('.cr-weight[aria-label^="W_f[0,1] = "]').get_attribute(
        "class").endswith("cr-selected")
    page.focus('rect.cr-cell[aria-label^="U_o[1,2] = "]')
    page.keyboard.press("Enter")
    assert _shown(page) == _explained(tmp_path, "lstm", "U_o[1,2]")
    page.focus('g.cr-step[aria-label^="t=6: "]')
    page.keyboard.press("Enter")
    assert _shown(page).startswith("Time step t = 6")
    assert page.locator("#cr-selected-name").text_content().startswith("t=6")


def test_a_pooling_window_marks_its_entries_and_where_its_delta_goes(report_page, reports):
    from chainrule.explain.resolver import resolve

    x = resolve(example="pool").x
    _, indices = torch.nn.functional.max_pool2d(torch.from_numpy(x), 2, stride=1,
                                                return_indices=True)
    page = report_page
    _open(page, reports["pool"])
    for i, j in ((0, 0), (1, 2), (2, 2)):
        page.click(f'rect.cr-cell[aria-label^="window ({i}, {j}) of channel 0 = "]')
        flat = int(indices[0, 0, i, j])
        goes = page.locator("rect.cr-cell.cr-goes")
        labels = {goes.nth(k).get_attribute("aria-label").split(" = ")[0]
                  for k in range(goes.count())}
        assert labels == {f"x[0,0,{flat // 4},{flat % 4}]", f"∂L/∂x[0,0,{flat // 4},{flat % 4}]"}
        related = page.locator("rect.cr-cell.cr-related")
        window = {related.nth(k).get_attribute("aria-label").split(" = ")[0]
                  for k in range(related.count())}
        assert {label for label in window if label.startswith("x")} == {
            f"x[0,0,{p},{q}]" for p in (i, i + 1) for q in (j, j + 1)}
        assert f"window ({i}, {j}) =" in _shown(page)


def test_the_cells_are_reached_with_tab(report_page, reports):
    page = report_page
    _open(page, reports["dropout"])
    for _ in range(3):
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused.startswith("x[0,2] = ")  # row by row through the batch x
    page.keyboard.press("Enter")
    assert _shown(page).startswith("∂L/∂x₀,₂ — dropout")
    assert np.isfinite(float(focused.split(" = ")[1]))
