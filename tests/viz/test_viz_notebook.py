"""Jupyter display: networks and traces render as their diagram."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

SVG = "{http://www.w3.org/2000/svg}"


def _svg_of(html: str) -> ET.Element:
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])


def test_network_repr_html_draws_every_weight(small_net):
    svg = _svg_of(small_net._repr_html_())
    weights = {g.get("id"): float(g.get("data-weight")) for g in svg.iter(f"{SVG}g")
               if g.get("data-kind") == "weight"}
    assert len(weights) == 2 * 3 + 3 * 2
    assert weights["w1_1_2"] == small_net.dense_layers[0].W[1, 2]
    assert "Dense 2→3 · tanh · Dense 3→2" in small_net._repr_html_()


def test_trace_repr_html_shows_the_traced_values(small_net):
    x = np.array([[0.3, -0.7]])
    trace = small_net.trace(x, [0])
    html = trace._repr_html_()
    units = {g.get("id"): g for g in _svg_of(html).iter(f"{SVG}g")
             if g.get("data-kind") == "unit"}
    # by hand: z = x W1 + b1 for the first hidden unit, then tanh
    d1 = small_net.dense_layers[0]
    z = 0.3 * d1.W[0, 0] - 0.7 * d1.W[1, 0] + d1.b[0]
    assert float(units["u1_0"].get("data-z")) == pytest.approx(z, rel=1e-12)
    assert float(units["u1_0"].get("data-a")) == pytest.approx(np.tanh(z), rel=1e-12)
    assert f"loss {trace.loss:.6g}" in html


def test_network_and_trace_repr_svg_are_standalone_diagrams(small_net):
    network_svg = ET.fromstring(small_net._repr_svg_())
    assert network_svg.tag == f"{SVG}svg"
    drawn = [g for g in network_svg.iter(f"{SVG}g") if g.get("data-kind") == "weight"]
    assert len(drawn) == 2 * 3 + 3 * 2
    trace = small_net.trace(np.array([[0.3, -0.7]]), [1])
    units = {g.get("id"): g for g in ET.fromstring(trace._repr_svg_()).iter(f"{SVG}g")
             if g.get("data-kind") == "unit"}
    # the output unit's δ is ŷ − y from the trace's softmax (fused loss, one sample)
    logits = trace.output[0]
    p = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    assert float(units["u2_1"].get("data-delta")) == pytest.approx(p[1] - 1, rel=1e-9)
