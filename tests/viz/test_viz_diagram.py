"""The diagram's layout and drawing: numbers equal an independent PyTorch computation."""

from __future__ import annotations

import numpy as np
import pytest

import chainrule as cr
from chainrule import viz
from chainrule.errors import ConfigError
from chainrule.viz.diagram_quantity import Quantity, parse_diagram_quantity, written

torch = pytest.importorskip("torch")  # in CI a missing PyTorch fails (tests/conftest.py)


def _torch_pass(net: cr.Network, x: np.ndarray, label: int) -> dict[str, torch.Tensor]:
    """z, a and δ = ∂L/∂z of a 2-layer tanh/softmax-CE net, by autograd (independent)."""
    (d1, d2) = net.dense_layers
    w1 = torch.tensor(d1.W, requires_grad=True)
    w2 = torch.tensor(d2.W, requires_grad=True)
    z1 = torch.tensor(x[None, :]) @ w1 + torch.tensor(d1.b)
    z1.retain_grad()
    a1 = torch.tanh(z1)
    z2 = a1 @ w2 + torch.tensor(d2.b)
    z2.retain_grad()
    loss = -torch.log_softmax(z2, dim=1)[0, label]
    loss.backward()
    return {"z1": z1, "a1": a1, "z2": z2, "d1": z1.grad, "d2": z2.grad, "g1": w1.grad,
            "g2": w2.grad, "loss": loss}


def test_layout_numbers_equal_autograd(small_net):
    x, label = np.array([0.4, -1.2]), 1
    layout = viz.diagram_layout(small_net, small_net.trace(x[None, :], [label]))
    expected = _torch_pass(small_net, x, label)
    assert layout.loss == pytest.approx(expected["loss"].item(), rel=1e-12)
    assert layout.unit(0, 1).a == -1.2
    for j in range(3):
        unit = layout.unit(1, j)
        assert unit.z == pytest.approx(expected["z1"][0, j].item(), rel=1e-12)
        assert unit.a == pytest.approx(expected["a1"][0, j].item(), rel=1e-12)
        assert unit.delta == pytest.approx(expected["d1"][0, j].item(), rel=1e-10)
        assert unit.grad_bias == pytest.approx(expected["d1"][0, j].item(), rel=1e-10)
    for edge in layout.edges:
        grads = expected[f"g{edge.layer}"]
        assert edge.grad == pytest.approx(grads[edge.i, edge.j].item(), rel=1e-10, abs=1e-15)
        assert edge.weight == small_net.dense_layers[edge.layer - 1].W[edge.i, edge.j]
    assert len(layout.edges) == 2 * 3 + 3 * 2


def test_layout_without_trace_has_weights_but_no_values(small_net):
    layout = viz.diagram_layout(small_net)
    assert layout.sample is None and layout.loss is None
    assert all(unit.delta is None for unit in layout.units)
    assert layout.edge(2, 2, 1).weight == small_net.dense_layers[1].W[2, 1]
    assert [c.label for c in layout.columns] == ["input", "layer 1 · tanh",
                                                  "layer 2 · logits → softmax"]


def test_wide_layers_are_summarized_but_kept_units_are_drawn():
    net = cr.Network([cr.Dense(2, 500), cr.Tanh(), cr.Dense(500, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    layout = viz.diagram_layout(net, keep={1: [437]})
    hidden = layout.columns[1]
    assert hidden.size == 500 and hidden.shown == (0, 1, 2, 3, 437) and hidden.hidden == 495
    assert len(layout.units) == 2 + 5 + 2 and len(layout.edges) == 2 * 5 + 5 * 2
    assert layout.edge(2, 437, 1).weight == net.dense_layers[1].W[437, 1]
    with pytest.raises(ConfigError, match="not drawn"):
        layout.edge(2, 100, 1)


def test_the_chain_of_a_weight_is_its_input_its_output_and_every_path_to_the_loss():
    net = cr.Network([cr.Dense(2, 2), cr.Sigmoid(), cr.Dense(2, 2), cr.Sigmoid(),
                      cr.Dense(2, 1)], loss=cr.HalfSumSquaredError(), seed=0)
    layout = viz.diagram_layout(net)
    units, edges = layout.chain(1, 0, 1)
    # by hand: w1_0_1 feeds unit 1 of layer 1, which reaches the loss through both units of
    # layer 2 (edges w2_1_0, w2_1_1) and then the single output (w3_0_0, w3_1_0)
    assert units == {"u0_0", "u1_1", "u2_0", "u2_1", "u3_0"}
    assert edges == {"w1_0_1", "w2_1_0", "w2_1_1", "w3_0_0", "w3_1_0"}
    delta_units, delta_edges = layout.chain(2, None, 0)
    assert delta_units == {"u2_0", "u3_0"} and delta_edges == {"w3_0_0"}


def test_diagram_figure_shows_the_trace_numbers_and_the_chain(small_net, tmp_path, real_image):
    x, label = np.array([0.4, -1.2]), 1
    expected = _torch_pass(small_net, x, label)
    figure = viz.network_diagram(small_net, x[None, :], [label], highlight="W2[2,1]")
    texts = [t.get_text() for t in figure.axes[0].texts]
    grad = expected["g2"][2, 1].item()
    assert f"∂L/∂w = {grad:.4g}" in figure.axes[0].get_title()
    assert f"w={small_net.dense_layers[1].W[2, 1]:.3g}\n∂={grad:.3g}" in texts
    assert f"δ={expected['d1'][0, 0].item():.3g}" in "\n".join(texts)
    real_image(viz.save_figure(figure, tmp_path / "diagram.png"), min_width=500)
    svg = viz.save_figure(figure, tmp_path / "diagram.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "</svg>" in svg


def test_big_diagram_says_how_many_units_are_not_drawn(tmp_path, real_image):
    net = cr.Network([cr.Dense(2, 500), cr.Tanh(), cr.Dense(500, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    figure = viz.network_diagram(net, [[0.1, 0.2]], [0])
    assert "… 496 more" in [t.get_text() for t in figure.axes[0].texts]
    real_image(viz.save_figure(figure, tmp_path / "big.png"))


@pytest.mark.parametrize(("text", "expected"), [
    ("W2[0,1]", Quantity("weight", 2, i=0, j=1)),
    ("w1[3, 0]", Quantity("weight", 1, i=3, j=0)),
    ("b2[1]", Quantity("bias", 2, j=1)),
    ("delta3[0]", Quantity("delta", 3, j=0)),
    ("δ1[2]", Quantity("delta", 1, j=2)),
    ((2, 4, 1), Quantity("weight", 2, i=4, j=1)),
])
def test_quantities_are_read_from_their_written_forms(text, expected):
    assert parse_diagram_quantity(text) == expected
    assert parse_diagram_quantity(written(expected)) == expected


@pytest.mark.parametrize("text", ["W2[1]", "b2[0,1]", "V1[0,0]", "W[0,1]"])
def test_malformed_quantities_say_what_is_expected(text):
    with pytest.raises(ConfigError, match=r"W2\[0,1\]|one index|two indices"):
        parse_diagram_quantity(text)


def test_the_explainers_quantities_highlight_the_same_chain(small_net):
    from chainrule.explain.quantity import Quantity as ExplainQuantity

    parse = parse_diagram_quantity
    assert parse(ExplainQuantity("weight", 2, 1, 0)) == parse("W2[1,0]")
    assert parse(ExplainQuantity("delta", 1, 0, 2)) == parse("delta1[2]")
    x, y = [[0.2, 0.1]], [1]
    by_explain = viz.network_diagram(small_net, x, y, highlight=ExplainQuantity("bias", 2, 0, 1))
    assert by_explain.axes[0].get_title().startswith("chain of ∂L/∂b2[1] = δ = ")
    whole_layer = viz.network_diagram(small_net, x, y, highlight=ExplainQuantity("layer", 2))
    assert whole_layer.axes[0].get_title() == "network, traced sample 0"


def _text_boxes(figure):
    """The drawn texts of the diagram and their boxes on the canvas, as the renderer lays
    them out."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    ax = figure.axes[0]
    texts = [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
    return [(t.get_text(), t.get_window_extent(renderer)) for t in texts]


@pytest.mark.parametrize("name", ["lfd", "nielsen", "mitchell", "jhz"])
def test_no_two_labels_of_a_diagram_overlap(name):
    from chainrule.explain import example

    ex = example(name)
    figure = viz.network_diagram(ex.net, ex.x, ex.y, highlight="W1[0,1]", notation=ex.notation)
    boxes = _text_boxes(figure)
    for k, (text, box) in enumerate(boxes):
        for other, other_box in boxes[k + 1:]:
            assert not box.overlaps(other_box), f"{text!r} overlaps {other!r}"
    edges = len(viz.diagram_layout(ex.net).edges)
    labelled = [text for text, _ in boxes if "∂" in text]
    assert len(labelled) >= min(edges, 1) and len(labelled) <= edges
    if name == "mitchell":  # eight weights, room for all of them
        assert len(labelled) == 8


def test_the_diagram_writes_the_notations_names_numbers_and_sign():
    from chainrule.explain import example

    ex = example("mitchell")
    figure = viz.network_diagram(ex.net, ex.x, ex.y, highlight="W2[0,0]", notation="mitchell")
    texts = [text for text, _ in _text_boxes(figure)]
    out = 1 / (1 + np.exp(-(1 / (1 + np.exp(-ex.x @ ex.net.dense_layers[0].W)))
                          @ ex.net.dense_layers[1].W))[0]
    delta = out[0] * (1 - out[0]) * (ex.y[0, 0] - out[0])  # Mitchell: δ_k = o_k(1 − o_k)(t_k − o_k)
    written = f"{delta:.4g}".replace("-", "−")
    assert any(text.endswith(f"δ₅ {written}") for text in texts)
    assert "x₁" in texts and "x₂" in texts and "hidden · sigmoid, units 3–4" in texts
    assert not any("W2[" in t or "x0" in t or "layer 2" in t for t in texts)
    title = figure.axes[0].get_title()
    assert title.startswith("chain of ∂E/∂w₅₃ = ") and f"δ₅ = {written}" in title
