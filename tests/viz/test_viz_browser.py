"""The report as a person uses it: opened in headless Chromium, clicked, switched, pictured.

Needs Debian's ``chromium`` and the ``playwright`` package (never a downloaded browser); the
shared ``chromium_page`` fixture skips with the reason where either is missing (and fails,
with the reason, where the ``CI`` environment variable is set).
"""

from __future__ import annotations

import numpy as np
import pytest

import chainrule as cr
from chainrule import viz
from chainrule.viz.report_derivations import notations

torch = pytest.importorskip("torch")  # in CI a missing PyTorch fails (tests/conftest.py)


def _autograd_grad_w2(net: cr.Network, x: np.ndarray, label: int) -> np.ndarray:
    """∂L/∂W2 of one sample by PyTorch autograd, engine layout (n_in, n_out)."""
    d1, d2 = net.dense_layers
    w2 = torch.tensor(d2.W, requires_grad=True)
    hidden = torch.tanh(torch.tensor(x[None, :]) @ torch.tensor(d1.W) + torch.tensor(d1.b))
    loss = -torch.log_softmax(hidden @ w2 + torch.tensor(d2.b), dim=1)[0, label]
    loss.backward()
    return w2.grad.numpy()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    x, y = cr.data.moons(n=200, noise=0.2, seed=0)
    net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=1)
    history = net.fit(x, y, epochs=5, batch_size=16, optimizer=cr.SGD(lr=0.3), seed=0)
    path = viz.write_report(tmp_path_factory.mktemp("report") / "report.html", net, x, y,
                            history=history, sample=3)
    return path, net, x[3], int(y[3])


def _open(page, path):
    """Load the report and wait until its script has unpacked the derivations."""
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready='true']", state="attached")


def _visible_derivations(page):
    return page.locator(".cr-derivation:visible")


def test_clicking_a_weight_shows_its_derivation_with_its_value(report_page, report_file):
    path, net, x, label = report_file
    page = report_page
    _open(page, path)
    assert page.locator(".cr-derivation:visible").count() == 0
    page.click('.cr-handle[data-key="w2_2_1"]')
    shown = _visible_derivations(page)
    assert shown.count() == 1
    first = notations()[0][0]
    assert shown.get_attribute("data-key") == "w2_2_1"
    assert shown.get_attribute("data-notation") == first
    assert shown.locator("math").count() >= 1
    expected = _autograd_grad_w2(net, x, label)[2, 1]
    shown_grad = page.locator('#cr-values [data-value-of="grad"]')
    assert float(shown_grad.get_attribute("data-exact")) == pytest.approx(expected, rel=1e-10)
    assert float(shown_grad.inner_text()) == pytest.approx(expected, rel=1e-5)  # 6 digits shown
    assert len(shown_grad.inner_text().lstrip("-").replace(".", "").lstrip("0")) <= 6
    text = shown.inner_text()
    assert f"{abs(expected):.6g}" in text  # explain writes 6 significant digits
    assert "the three agree" in text  # chain product, backprop and finite differences
    assert page.locator("#w2_2_1").evaluate("el => el.classList.contains('cr-selected')")


def test_switching_the_notation_changes_the_formulas(report_page, report_file):
    path, *_ = report_file
    page = report_page
    _open(page, path)
    page.click('.cr-handle[data-key="w1_0_2"]')
    offered = [key for key, _ in notations()]
    before = _visible_derivations(page).inner_html()
    for key in offered[1:]:
        page.select_option("#cr-notation", key)
        shown = _visible_derivations(page)
        assert shown.count() == 1
        assert shown.get_attribute("data-notation") == key
        assert shown.get_attribute("data-key") == "w1_0_2"
        assert shown.inner_html() != before
    if len(offered) == 1:
        pytest.fail("the report offers a single notation: nothing to switch")


def test_the_diagram_works_from_the_keyboard(report_page, report_file):
    path, *_ = report_file
    page = report_page
    _open(page, path)
    page.focus('#u1_1')
    page.keyboard.press("Enter")
    assert _visible_derivations(page).get_attribute("data-key") == "u1_1"
    page.keyboard.press("Tab")  # the next unit is reachable with Tab
    page.keyboard.press(" ")
    assert _visible_derivations(page).get_attribute("data-key") == "u1_2"
    page.keyboard.press("Escape")
    assert _visible_derivations(page).count() == 0


def test_screenshot_of_the_report_shows_something(report_page, report_file, tmp_path,
                                                  real_image):
    path, *_ = report_file
    page = report_page
    _open(page, path)
    page.click('.cr-handle[data-key="w2_0_0"]')
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    pixels = real_image(shot, min_width=1000, min_height=1500)
    assert pixels.shape[0] > pixels.shape[1]  # the whole page: taller than wide
    assert page.locator("#boundary svg").bounding_box()["height"] > 200


def test_a_summarized_big_network_still_opens_its_drawn_weights(report_page, tmp_path):
    x, y = cr.data.moons(n=100, noise=0.2, seed=0)
    net = cr.Network([cr.Dense(2, 500), cr.Tanh(), cr.Dense(500, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    path = viz.write_report(tmp_path / "big.html", net, x, y)
    page = report_page
    _open(page, path)
    assert page.locator(".cr-more").text_content() == "… 496 more"
    page.click('.cr-handle[data-key="w1_1_3"]')
    assert _visible_derivations(page).get_attribute("data-key") == "w1_1_3"


def _mitchell_deltas_by_hand() -> np.ndarray:
    """Mitchell's δ_k = o_k (1 − o_k)(t_k − o_k) of the 2-2-2 example, from its weights."""
    x, t = np.array([0.05, 0.10]), np.array([0.01, 0.99])
    w_hidden = np.array([[0.15, 0.25], [0.20, 0.30]])  # [from input, to hidden unit]
    w_output = np.array([[0.40, 0.50], [0.45, 0.55]])
    o = 1 / (1 + np.exp(-(1 / (1 + np.exp(-x @ w_hidden)) @ w_output)))
    return o * (1 - o) * (t - o)


def test_the_mitchell_report_writes_mitchells_delta_and_unit_numbers(report_page, tmp_path):
    from chainrule.explain import example

    ex = example("mitchell")
    path = viz.write_report(tmp_path / "mitchell.html", ex.net, ex.x, ex.y, notation="mitchell")
    delta = _mitchell_deltas_by_hand()[0]  # of unit 5, Mitchell's first output
    assert delta < 0
    page = report_page
    _open(page, path)
    written = f"{delta:.4g}".replace("-", "−")
    assert page.locator('.cr-caption[data-label="u2_0"]').text_content() == f"δ₅ {written}"
    assert page.locator('[data-label="c1"]').text_content() == "hidden · sigmoid, units 3–4"
    assert page.locator('.cr-caption[data-label="u0_1"]').text_content() == "x₂"
    assert page.locator('[data-label="loss"]').text_content().startswith("E = ")
    page.click("#u2_0")
    assert page.locator("#cr-selected-name").text_content().startswith("unit 5: net₅ = ")
    assert f"δ₅ = {written}" in page.locator("#cr-selected-name").text_content()
    shown = page.locator('#cr-values [data-value-of="delta"]')
    assert float(shown.get_attribute("data-exact")) == pytest.approx(delta, rel=1e-12)
    assert page.locator("#cr-values dt").nth(2).text_content() == "δ₅ = −∂E/∂net₅"
    text = "".join(_visible_derivations(page).inner_text().split())  # MathML: one token a line
    assert f"=−{-delta:.6g}" in text  # the derivation below concludes the same signed δ₅
    page.select_option("#cr-notation", "nielsen")  # Nielsen's δ = ∂C/∂z: the other sign
    positive = f"{-delta:.4g}"
    assert page.locator('.cr-caption[data-label="u2_0"]').text_content() == f"δ₁⁽ᴸ⁾ {positive}"
    assert float(shown.get_attribute("data-exact")) == pytest.approx(-delta, rel=1e-12)
    assert page.locator('[data-label="loss"]').text_content().startswith("C = ")
    assert page.locator('[data-label="c1"]').text_content() == "layer 2 · sigmoid"


def test_clicking_a_time_step_shows_its_lines(report_page, tmp_path):
    from typer.testing import CliRunner

    from chainrule.cli import app

    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", "--example", "rnn", "--output", str(out)])
    assert result.exit_code == 0, result.output
    page = report_page
    _open(page, out)
    page.click('.cr-weight[aria-label^="t=3 = "]')
    shown = page.locator(".cr-derivation:visible")
    assert shown.count() == 1
    text = shown.inner_text()
    assert text.startswith("Time step t = 3") and "δ⁽³⁾ = " in text and "δ⁽⁴⁾ = " not in text


@pytest.mark.parametrize("name, weight", [("conv", "K[1,0,0,1]"), ("rnn", "W[0,1]")])
def test_clicking_a_kernel_or_recurrent_weight_shows_its_derivation(report_page, tmp_path,
                                                                    name, weight):
    from typer.testing import CliRunner

    from chainrule.cli import app

    out, text = tmp_path / "report.html", tmp_path / "explained.txt"
    for args in (["report", "--example", name, "--output", str(out)],
                 ["explain", "--example", name, "--weight", weight, "--output", str(text)]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
    page = report_page
    _open(page, out)
    assert page.locator(".cr-derivation:visible").count() == 0
    page.click(f'.cr-weight[aria-label^="{weight} = "]')
    shown = page.locator(".cr-derivation:visible")
    assert shown.count() == 1
    assert shown.inner_text().strip() == text.read_text(encoding="utf-8").strip()
    assert page.locator(".cr-weight.cr-selected").get_attribute("aria-label").startswith(weight)
    page.keyboard.press("Escape")
    assert page.locator(".cr-derivation:visible").count() == 0
