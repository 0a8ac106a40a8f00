"""explain() finds a quantity from its name without naming every weight of the network, and
derives each op once. (Its speed is measured by bench/, not asserted here.)"""

from __future__ import annotations

import numpy as np
import pytest

import chainrule as cr
from chainrule.explain import explain
from chainrule.explain import local_derivations as local
from chainrule.explain import quantity as quantities
from chainrule.explain.quantity import Quantity


@pytest.fixture(scope="module")
def wide():
    net = cr.Network([cr.Dense(2, 500), cr.Tanh(), cr.Dense(500, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    return net, np.array([[0.3, -0.2]]), np.array([1])


def test_a_name_is_read_not_searched_among_all_weights(wide, monkeypatch):
    net, x, y = wide

    def refuse(*args):
        raise AssertionError("explain enumerated every quantity to find one")

    monkeypatch.setattr(quantities, "every_quantity", refuse)
    expected = {"w_21^(2)": Quantity("weight", 2, 1, 0),
                "w_301,1^(2)": Quantity("weight", 2, 300, 0),
                "delta_7^(1)": Quantity("delta", 1, j=6), "w_01^(2)": Quantity("bias", 2, j=0)}
    for name, quantity in expected.items():
        assert explain(net, x, y, name, "lfd").subject == quantity


def test_a_quantity_object_needs_no_name(wide, monkeypatch):
    net, x, y = wide
    monkeypatch.setattr(quantities, "find_quantity", lambda *a: pytest.fail("looked up"))
    explanation = explain(net, x, y, Quantity("weight", 2, 4, 1), "lfd")
    assert explanation.check.passed


def test_each_op_is_derived_once(wide):
    """Derivations of an op are templates, made once; other units reuse them."""
    net, x, y = wide
    templates = (local._activation_template, local._loss_template, local._softmax_template)
    for name in ("w_11^(2)", "w_11^(1)"):  # the output unit 1 and the hidden layer
        explain(net, x, y, name, "lfd")
    misses = [template.cache_info().misses for template in templates]
    for name in ("w_21^(2)", "w_300,1^(2)", "w_12^(1)", "w_2,450^(1)", "delta_7^(1)"):
        explain(net, x, y, name, "lfd")
    assert [template.cache_info().misses for template in templates] == misses


@pytest.mark.parametrize("quantity, said", [
    (Quantity("bias", 1, j=0), "dense layer 1 has no bias"),
    (Quantity("weight", 3, 0, 0), "dense layers 1 to 2; got layer 3"),
    (Quantity("weight", 1, 2, 0), "unit i of dense layer 1 is 0-based and below 2; got 2"),
    (Quantity("delta", 2, j=5), "unit j of dense layer 2 is 0-based and below 1; got 5"),
    (Quantity("gradient", 1), "weight, bias, delta or layer; got 'gradient'"),
])
def test_a_quantity_object_out_of_the_network_is_refused_with_the_range(quantity, said):
    """A Quantity skips the name lookup, so its indices are checked against the network:
    a 2-3-1 network whose first layer has no bias (its weights are real, its bias absent)."""
    net = cr.Network([cr.Dense(2, 3, bias=False), cr.Sigmoid(), cr.Dense(3, 1), cr.Sigmoid()],
                     loss=cr.ops.loss("half_squared_error"), seed=0)
    with pytest.raises(cr.ConfigError, match=said.replace("(", r"\(")):
        explain(net, np.array([[0.5, -1.0]]), np.array([[1.0]]), quantity, "lfd")
