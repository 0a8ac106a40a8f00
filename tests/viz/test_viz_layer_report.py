"""The report of a convolution and of a recurrent network: the picture inline, and every kernel
or recurrent weight's derivation the very text ``chainrule explain --weight`` writes."""

from __future__ import annotations

import html
import re

import pytest
from typer.testing import CliRunner

from chainrule.cli import app
from chainrule.explain.layer_examples import LAYER_EXAMPLES

DRAWN = list(LAYER_EXAMPLES)

_DERIVATION = re.compile(r'<pre class="cr-derivation" id="cr-d-([^"]+)" data-key="[^"]+" hidden>'
                         r"(.*?)</pre>", re.S)
_PART = re.compile(r'<template id="([^"]+)">(.*?)</template>', re.S)
_SPAN = re.compile(r'<span class="cr-part" data-part="([^"]+)"></span>')
_BUTTON = re.compile(r'<button type="button" class="cr-weight [^"]+" data-key="([^"]+)" '
                     r'aria-label="([^"]+) = ')


def _derivations(page: str) -> dict[str, str]:
    """key → the derivation as a reader sees it: a section written once in a template put back
    where its span stands (what the page's script does), the entities unescaped."""
    parts = dict(_PART.findall(page))
    return {key: html.unescape(_SPAN.sub(lambda found: parts[found.group(1)], text))
            for key, text in _DERIVATION.findall(page)}


def _report(tmp_path, name: str) -> str:
    out = tmp_path / f"{name}.html"
    result = CliRunner().invoke(app, ["report", "--example", name, "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _explained(tmp_path, name: str, weight: str) -> str:
    out = tmp_path / "explained.txt"
    result = CliRunner().invoke(app, ["explain", "--example", name, "--weight", weight,
                                      "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("layer-report")
    return {name: _report(folder, name) for name in DRAWN}


@pytest.mark.parametrize("name, weights", [
    ("conv", [f"K[{o},0,{i},{j}]" for o in range(2) for i in range(2) for j in range(2)]),
    ("rnn", [f"t={t}" for t in range(1, 7)] + [f"W[{i},{j}]" for i in range(3) for j in range(3)]
     + [f"U[{i},{j}]" for i in range(2) for j in range(3)]),
    ("lstm", [f"t={t}" for t in range(1, 7)]  # LSTM(2, 3): W^γ is 3×3, U^γ 2×3, γ = i, f, g, o
     + [f"W_{g}[{i},{j}]" for g in "ifgo" for i in range(3) for j in range(3)]
     + [f"U_{g}[{i},{j}]" for g in "ifgo" for i in range(2) for j in range(3)]),
])
def test_every_weight_is_a_button_with_its_derivation(pages, name, weights):
    page = pages[name]  # conv: Conv2D(1, 2, 2) → 2·1·2·2 kernel weights; rnn: RNN(2, 3)
    assert [label for _, label in _BUTTON.findall(page)] == weights
    keys = [key for key, _ in _BUTTON.findall(page)]
    shown = [key for key, _ in _DERIVATION.findall(page)]
    assert shown[:len(keys)] == keys  # then those only the picture's cells open
    assert set(re.findall(r'class="cr-cell[^"]*" data-key="([^"]+)"', page)) <= set(shown)



@pytest.mark.parametrize("name, weight", [("conv", "K[1,0,0,1]"), ("rnn", "W[0,1]"),
                                          ("rnn", "U[1,2]"), ("batchnorm", "x[1,0]"),
                                          ("batchnorm", "x[3,2]"), ("pool", "x[0,0,1,1]"),
                                          ("pool", "x[0,0,3,2]"), ("dropout", "x[0,1]"),
                                          ("dropout", "x[1,3]"), ("lstm", "W_f[0,1]"),
                                          ("lstm", "U_o[1,2]"), ("lstm", "W_g[2,0]")])
def test_a_derivation_is_what_explain_writes(pages, tmp_path, name, weight):
    derivations = _derivations(pages[name])
    key = dict((label, k) for k, label in _BUTTON.findall(pages[name]))[weight]
    shown = derivations[key]
    assert shown.rstrip("\n") == _explained(tmp_path, name, weight).rstrip("\n")
    assert "the three agree" in shown  # chain product, backprop and finite differences


@pytest.mark.parametrize("t", [1, 4, 6])
def test_a_time_step_shows_its_lines_of_the_derivation(pages, tmp_path, t):
    derivations = _derivations(pages["rnn"])
    key = dict((label, k) for k, label in _BUTTON.findall(pages["rnn"]))[f"t={t}"]
    head, *lines = derivations[key].splitlines()
    assert head == f"Time step t = {t} in the derivation of W[0,1]:"
    whole = _explained(tmp_path, "rnn", "W[0,1]").splitlines()
    assert all(line in whole for line in lines)  # explain's own lines, none invented
    step = "⁽" + "⁰¹²³⁴⁵⁶⁷⁸⁹"[t] + "⁾"
    previous = "⁽" + "⁰¹²³⁴⁵⁶⁷⁸⁹"[t - 1] + "⁾"
    starts = [line.split(" = ")[0].strip() for line in lines if " = " in line]
    # the step's state, its δ and δ's norm, and its term of the sum over time
    assert starts == [f"h{step}", f"δ{step}", f"|δ{step}|", f"h₀{previous}δ₁{step}"]
    norm = next(line for line in lines if line.strip().startswith(f"|δ{step}|"))
    button = re.search(rf'data-key="{key}" aria-label="t={t} = ([^"]+)"', pages["rnn"])
    assert float(button.group(1)) == pytest.approx(float(norm.split(" = ")[1]), rel=1e-3)


@pytest.mark.parametrize("t", [1, 3, 6])
def test_an_lstm_time_step_shows_its_lines_of_the_derivation(pages, tmp_path, t):
    key = dict((label, k) for k, label in _BUTTON.findall(pages["lstm"]))[f"t={t}"]
    head, *lines = _derivations(pages["lstm"])[key].splitlines()
    assert head == f"Time step t = {t} in the derivation of W_f[0,1]:"
    whole = _explained(tmp_path, "lstm", "W_f[0,1]").splitlines()
    assert all(line in whole for line in lines)  # explain's own lines, none invented
    step, previous = (f"⁽{'⁰¹²³⁴⁵⁶⁷⁸⁹'[k]}⁾" for k in (t, t - 1))
    starts = [line.split(" = ")[0].strip() for line in lines if not line.startswith("   ")]
    # the step's gates, cell and state, the gradients reaching h and c, the cell's gradient norm
    # beside the gateless RNN's, the forget gate's δ and its term of the sum over time
    assert starts == [f"(i, f, g, o){step}", f"c{step}", f"h{step}", f"∂L/∂h{step}",
                      f"∂L/∂c{step}", f"|∂L/∂c{step}|", f"|δ{step}|_(RNN)", f"δ_(f,1){step}",
                      f"h₀{previous}δ_(f,1){step}"]
    norm = next(line for line in lines if line.startswith(f"  |∂L/∂c{step}| = "))
    button = re.search(rf'data-key="{key}" aria-label="t={t} = ([^"]+)"', pages["lstm"])
    assert float(button.group(1)) == pytest.approx(float(norm.split(" = ")[1]), rel=1e-3)


def test_the_lstm_picture_draws_every_step_and_every_gate_weight(pages):
    picture = re.search(r'<section id="picture">.*?</div></section>', pages["lstm"],
                        re.S).group(0)
    steps = re.findall(r'<g class="cr-cell cr-step" data-key="([^"]+)" tabindex="0" '
                       r'role="button" aria-label="t=(\d): ', picture)
    assert [t for _, t in steps] == [str(t) for t in range(1, 7)]
    weights = re.findall(r'<rect [^>]*class="cr-cell" data-key="[^"]+" tabindex="0" '
                         r'role="button" aria-label="([UW]_[ifgo]\[\d,\d\]) = ', picture)
    assert sorted(weights) == sorted(label for _, label in _BUTTON.findall(pages["lstm"])
                                     if label[0] in "UW")
    assert len(weights) == 4 * (3 * 3 + 2 * 3)
    for title in ("W_f (h → f)", "U_o (x → o)", "⊙ f⁽⁴⁾", "Wᵀ", "‖∂L/∂c⁽ᵗ⁾‖", "‖∂L/∂h⁽ᵗ⁾‖"):
        assert f">{html.escape(title)}" in picture, title


def test_shared_sections_are_written_once(pages):
    page = pages["lstm"]  # 60 gate weights share the network, forward and backward sections
    parts = dict(_PART.findall(page))
    assert len(parts) == 3
    assert [html.unescape(text).splitlines()[0] for text in parts.values()] == [
        "## The network", "## Forward through time", "## Through time, through the cell"]
    assert all(page.count(f'data-part="{part}"') == 60 for part in parts)
    assert "<template" not in pages["rnn"]  # the other pages write every derivation out


def test_the_pictures_are_inline_svg(pages):
    conv, rnn = pages["conv"], pages["rnn"]
    assert re.search(r'<section id="picture">.*?<svg', conv, re.S)
    assert re.search(r'<section id="picture">.*?<svg', rnn, re.S)
    assert "kernel 1" in conv and "map 1" in conv and "δ 1" in conv  # the picture's titles
    assert all(f"t={t}" in rnn for t in range(1, 7))  # six steps of the adding problem
    assert "<img" not in conv + rnn and "http" not in re.sub(r'xmlns[^ >]*', "", conv + rnn)


def test_the_batch_pool_and_dropout_pictures_are_inline_svg_with_their_parts(pages):
    for name, titles in (("batchnorm", ["x: the batch (m = 4)", "μ", "σ²", "directly",
                                        "through σ²", "through μ", "∂L/∂x: the sum"]),
                         ("pool", ["x, channel 0", "y, channel 0", "δ = ∂L/∂y, channel 0",
                                   "∂L/∂x, channel 0"]),
                         ("dropout", ["x", "mask m (0: dropped)", "y = m ⊙ x · 2", "∂L/∂y",
                                      "∂L/∂x = m ⊙ ∂L/∂y · 2"])):
        picture = re.search(r'<section id="picture">.*?</svg>', pages[name], re.S).group(0)
        assert all(f">{html.escape(title)}" in picture for title in titles), name


def test_a_dense_example_still_gets_the_dense_report(tmp_path):
    page = _report(tmp_path, "lfd")
    assert 'class="cr-diagram"' in page and 'class="cr-cells"' not in page


def test_the_notation_of_a_layer_example_is_refused(tmp_path):
    out = tmp_path / "conv.html"
    result = CliRunner().invoke(app, ["report", "--example", "conv", "--notation", "cs231n",
                                      "--output", str(out)])
    assert result.exit_code != 0 and not out.exists()
    assert "--notation" in result.output
