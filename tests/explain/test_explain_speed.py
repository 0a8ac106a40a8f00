"""explain() is cheap per call on a 2-500-2 network: names are tabled once per network shape
and notation, each op is derived once, and a given Quantity needs no name at all."""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
import pytest

import chainrule as cr
from chainrule.explain import explain
from chainrule.explain import quantity as quantities
from chainrule.explain.quantity import Quantity


@pytest.fixture(scope="module")
def wide():
    net = cr.Network([cr.Dense(2, 500), cr.Tanh(), cr.Dense(500, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    return net, np.array([[0.3, -0.2]]), np.array([1])


def test_the_name_table_is_built_once_per_shape_and_notation(wide, monkeypatch):
    net, x, y = wide
    quantities.quantity_table.cache_clear()
    calls = []
    real = quantities.all_quantities
    monkeypatch.setattr(quantities, "all_quantities",
                        lambda *a: calls.append(1) or real(*a))
    for name in ("w_11^(2)", "w_21^(2)", "w_12^(1)", "delta_7^(1)"):
        explain(net, x, y, name, "lfd")
    assert len(calls) == 1
    explain(net, x, y, Quantity("weight", 2, 4, 1), "lfd")  # a Quantity is not looked up
    assert len(calls) == 1


def test_explain_is_fast_per_call(wide):
    net, x, y = wide
    names = ["w_11^(2)", "w_21^(2)", "w_301,1^(2)", "delta_7^(1)", "w_01^(2)"]
    for name in names:  # first calls derive each op once
        explain(net, x, y, name, "lfd")
    start = time.perf_counter()
    for _ in range(4):
        for name in names:
            explain(net, x, y, name, "lfd")
    per_call = (time.perf_counter() - start) / (4 * len(names))
    assert per_call < 0.015, f"explain took {per_call * 1e3:.1f} ms a call"  # was ~30 ms


def test_the_cli_explains_in_well_under_a_second():
    start = time.perf_counter()
    command = [sys.executable, "-c", "from chainrule.cli import main; main()"]
    done = subprocess.run([*command, "explain", "--example", "lfd", "--weight", "w_21^(2)"],
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    assert "the three agree" in done.stdout
    assert seconds < 2.0, f"chainrule explain took {seconds:.2f} s"
