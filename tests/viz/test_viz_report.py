"""The HTML report as a file: self-contained, complete, with the trace's numbers."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import numpy as np
import pytest

import chainrule as cr
from chainrule import viz
from chainrule.viz.report_derivations import notations
from chainrule.viz.report_store import read_store, stored_derivation

torch = pytest.importorskip("torch")  # in CI a missing PyTorch fails (tests/conftest.py)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _parse(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = _Collector()
    collector.feed(html)
    return collector.tags


def _torch_weight_grads(net: cr.Network, x: np.ndarray, label: int) -> list[np.ndarray]:
    """∂L/∂W of every dense layer for one sample, by PyTorch autograd."""
    module = cr.to_torch(net)
    output = module(torch.tensor(x[None, :]))
    loss = -torch.log_softmax(output, dim=1)[0, label]
    loss.backward()
    linears = [m for m in module if isinstance(m, torch.nn.Linear)]
    return [linear.weight.grad.numpy().T for linear in linears]


@pytest.fixture(scope="module")
def trained():
    x, y = cr.data.moons(n=300, noise=0.2, seed=0)
    net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=1)
    history = net.fit(x, y, epochs=8, batch_size=16, optimizer=cr.SGD(lr=0.3), seed=0,
                      validation_split=0.2)
    return net, x, y, history


def test_report_is_self_contained(trained):
    net, x, y, history = trained
    html = viz.build_report(net, x, y, history=history)
    tags = _parse(html)
    names = {tag for tag, _ in tags}
    assert "link" not in names and "img" not in names and "iframe" not in names
    assert all("src" not in attrs for _, attrs in tags), "nothing may be loaded from elsewhere"
    namespaces = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink",
                  "http://www.w3.org/1998/Math/MathML"}
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert urls <= namespaces, urls - namespaces
    assert html.startswith("<!DOCTYPE html>") and "<script>" in html
    assert "<math" in stored_derivation(read_store(html), "w1_0_0", notations()[0][0])


def test_report_has_every_section(trained):
    net, x, y, history = trained
    html = viz.build_report(net, x, y, history=history)
    ids = {attrs.get("id") for _, attrs in _parse(html)}
    assert {"network", "diagram", "training", "boundary", "gradcheck", "cr-notation"} <= ids
    assert "passed: max relative error" in html
    assert html.count("<svg") == 3  # diagram, curves, boundary
    options = [a["value"] for tag, a in _parse(html) if tag == "option"]
    assert options == [key for key, _ in notations()]


def test_report_offers_a_derivation_per_drawn_element_and_notation(trained):
    net, x, y, history = trained
    items = read_store(viz.build_report(net, x, y, history=history))["items"]
    derivations = {(key, notation) for key, by_notation in items.items()
                   for notation in by_notation}
    weights = {f"w1_{i}_{j}" for i in range(2) for j in range(3)} | {
        f"w2_{i}_{j}" for i in range(3) for j in range(2)}
    units = {f"u{layer}_{j}" for layer, width in ((1, 3), (2, 2)) for j in range(width)}
    offered = {key for key, _ in notations()}
    assert derivations == {(k, n) for k in weights | units for n in offered}


def test_report_diagram_numbers_equal_autograd(trained):
    net, x, y, history = trained
    tags = _parse(viz.build_report(net, x, y, history=history, sample=5))
    expected = _torch_weight_grads(net, x[5], int(y[5]))
    edges = [a for t, a in tags if t == "g" and a.get("data-kind") == "weight"]
    assert len(edges) == 12
    for edge in edges:
        layer, i, j = (int(edge[f"data-{n}"]) for n in ("layer", "i", "j"))
        assert float(edge["data-grad"]) == pytest.approx(expected[layer - 1][i, j], rel=1e-10)
        assert float(edge["data-weight"]) == net.dense_layers[layer - 1].W[i, j]
    inputs = [a for t, a in tags if t == "g" and a.get("data-layer") == "0"]
    assert [float(a["data-a"]) for a in inputs] == list(x[5])


def test_report_of_the_demo_network_is_summarized(tmp_path):
    x, y = cr.data.moons(n=2000, noise=0.2, seed=0)
    net = cr.Network([cr.Dense(2, 500), cr.Tanh(), cr.Dense(500, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    history = net.fit(x, y, epochs=2, batch_size=64, optimizer=cr.SGD(lr=0.1), seed=0)
    path = viz.write_report(tmp_path / "report.html", net, x, y, history=history)
    html = path.read_text(encoding="utf-8")
    assert "… 496 more" in html
    assert html.count('class="cr-handle"') == 2 * 4 + 4 * 2
    assert len(html.encode("utf-8")) <= 1_000_000


def test_report_without_data_still_draws_the_network():
    net = cr.Network([cr.Dense(2, 2), cr.Sigmoid(), cr.Dense(2, 1)], loss=cr.HalfSumSquaredError())
    html = viz.build_report(net)
    assert "No data given, so no gradient check." in html
    assert "No training curves: the network was not trained" in html
    assert "No decision boundary: it is drawn for classifiers with two inputs" in html
    assert read_store(html)["items"] == {}


@pytest.mark.parametrize("sample", [-1, 300])
def test_report_refuses_a_sample_outside_the_data(trained, sample):
    net, x, y, _ = trained
    with pytest.raises(cr.ConfigError, match=rf"`sample` must be from 0 to {len(x) - 1} "
                       rf"\(the data has {len(x)} samples\); got {sample}"):
        viz.build_report(net, x, y, sample=sample)


def test_report_refuses_an_unknown_notation(trained):
    net, x, y, _ = trained
    with pytest.raises(cr.ConfigError, match="`notation` must be one of"):
        viz.build_report(net, x, y, notation="klingon")


def test_demo_outputs_are_written_and_described(tmp_path, trained, real_image):
    net, x, y, history = trained

    class Run:  # what the CLI's TrainingRun offers
        network, x_test, y_test = net, x[:60], y[:60]

    Run.history = history
    from chainrule.cli.demo_run import write_demo_outputs

    written = write_demo_outputs(Run, tmp_path / "out")
    names = [path.name for _, path in written]
    assert names == ["report.html", "decision_boundary.png", "training_curves.png"]
    real_image(tmp_path / "out" / "decision_boundary.png")
    assert "chainrule demo" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("notation", [key for key, _ in notations()])
def test_derivations_are_explains_own_for_weights_and_units(trained, notation):
    from chainrule.viz.diagram_quantity import Quantity
    from chainrule.viz.report_derivations import Derivations

    net, x, y, _ = trained
    source = Derivations(net, x[2:3], y[2:3])
    expected = _torch_weight_grads(net, x[2], int(y[2]))
    for quantity in (Quantity("weight", 1, i=1, j=2), Quantity("weight", 2, i=2, j=0),
                     Quantity("delta", 1, j=1)):
        fast = source.explanation(quantity, notation)
        public = source._public_explain(quantity, notation)  # explain() by the notation's name
        assert fast.check.backprop == public.check.backprop
        assert [(line.formula, line.numbers, line.reason) for line in fast.lines()] == [
            (line.formula, line.numbers, line.reason) for line in public.lines()]
        if quantity.kind == "weight":
            want = expected[quantity.layer - 1][quantity.i, quantity.j]
            assert fast.check.backprop == pytest.approx(want, rel=1e-10)
        assert "<math" in source.html(quantity, notation)
