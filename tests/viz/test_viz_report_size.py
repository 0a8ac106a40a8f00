"""What a report weighs: derivation parts stored once and packed, the pictures kept small.

A learner mails a report or opens it on a phone: a report of a learner's example (dense, or
with a layer beyond Dense) must stay under 300 kB and one of a network trained on moons under
1 MB (they were 1.5–8.6 MB when every derivation was written out in full for every notation).
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import chainrule as cr
from chainrule import viz
from chainrule.cli import app
from chainrule.explain import example
from chainrule.explain.examples import EXAMPLES
from chainrule.explain.layer_examples import LAYER_EXAMPLES
from chainrule.explain.resolver import resolve
from chainrule.viz.diagram_quantity import Quantity
from chainrule.viz.layer_report import build_layer_report
from chainrule.viz.report_derivations import Derivations, notations
from chainrule.viz.report_store import read_store, stored_derivation

DRAWN = list(LAYER_EXAMPLES)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_the_report_of_an_example_weighs_at_most_300_kb(name):
    chosen = example(name)
    html = viz.build_report(chosen.net, chosen.x, chosen.y, notation=chosen.notation)
    assert len(html.encode("utf-8")) <= 300_000
    store = read_store(html)
    drawn = html.count('class="cr-handle"') + sum(  # every drawn weight and unit is offered
        1 for key in store["values"][chosen.notation] if key.startswith("u") and key[1] != "0")
    assert len(store["items"]) == drawn
    assert all(set(items) == {k for k, _ in notations()} for items in store["items"].values())


@pytest.mark.parametrize("name", DRAWN)
def test_the_report_of_a_layer_example_weighs_at_most_300_kb(name):
    html = build_layer_report(resolve(example=name), name)
    assert len(html.encode("utf-8")) <= 300_000
    assert html.count('<pre class="cr-derivation"') >= 8  # derivations written out in full


def test_the_report_of_a_network_trained_on_moons_weighs_at_most_1_mb(tmp_path):
    out = tmp_path / "moons.html"  # chainrule report's own default: 2-8-2 trained 20 epochs
    result = CliRunner().invoke(app, ["report", "--output", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert len(html.encode("utf-8")) <= 1_000_000
    assert len(read_store(html)["items"]) == 2 * 8 + 8 * 2 + 8 + 2


def test_a_stored_derivation_is_the_explanation_as_rendered():
    net = cr.Network([cr.Dense(2, 3), cr.Tanh(), cr.Dense(3, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=1)
    x, y = cr.data.moons(n=20, noise=0.2, seed=0)
    store = read_store(viz.build_report(net, x, y, sample=4))
    source = Derivations(net, x[4:5], y[4:5])
    for key, quantity in (("w2_1_0", Quantity("weight", 2, 1, 0)),
                          ("u1_2", Quantity("delta", 1, j=2))):
        for notation, _ in notations():
            assert stored_derivation(store, key, notation) == source.html(quantity, notation)
