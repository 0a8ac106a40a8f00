"""Claims about max and average pooling: truth from PyTorch autograd and by hand."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from chainrule.check import check_network_claim
from chainrule.check.index_eval import IndexEvaluator
from chainrule.check.index_read import IndexReader
from chainrule.check.layer_arrays import layer_arrays
from chainrule.explain.layer_examples import LAYER_EXAMPLES

MAX = "sum_{i,j} dy[n,c,i,j] switch[n,c,i,j,p,q]"
AVERAGE = "sum_{i,j} dy[n,c,i,j] window[i,j,p,q] / k^2"


def _arrays(name: str):
    preset = LAYER_EXAMPLES[name]()
    return layer_arrays(preset.net, preset.x, preset.y)


def _value(arrays, formula: str) -> np.ndarray:
    free = dict(zip("ncpq", arrays.arrays["x"].shape, strict=True))
    return IndexEvaluator(arrays.arrays, free, formula).value(IndexReader(formula).read())


def _torch_grad(arrays, pool) -> np.ndarray:
    x = torch.tensor(arrays.arrays["x"], requires_grad=True)
    (pool(x) * torch.tensor(arrays.arrays["dy"])).sum().backward()
    return x.grad.numpy()


def test_max_formula_equals_torch_autograd_at_a_tie():
    a = _arrays("pool")
    truth = _torch_grad(a, lambda x: torch.nn.functional.max_pool2d(x, 2, stride=1))
    np.testing.assert_allclose(_value(a, MAX), truth, rtol=1e-12)
    # window (0, 0) is [0.3 0.9; 0.9 0.6]: PyTorch sends its δ to the first 0.9 (row 0) alone
    dy = a.arrays["dy"][0, 0]
    assert truth[0, 0, 0, 1] == pytest.approx(dy[0, 0] + dy[0, 1])  # also the max of (0, 1)
    assert truth[0, 0, 1, 0] == pytest.approx(dy[1, 0])  # the max of window (1, 0) only
    every_tied = _value(a, "sum_{i,j} dy[n,c,i,j] ismax[n,c,i,j,p,q]")
    assert every_tied[0, 0, 1, 0] == pytest.approx(dy[0, 0] + dy[1, 0])


def test_average_formula_equals_torch_autograd_and_a_hand_computation():
    a = _arrays("avgpool")
    truth = _torch_grad(a, lambda x: torch.nn.functional.avg_pool2d(x, 2))
    np.testing.assert_allclose(_value(a, AVERAGE), truth, rtol=1e-12)
    dy = a.arrays["dy"][0, 0]
    assert truth[0, 0, 1, 1] == pytest.approx(dy[0, 0] / 4)  # x[1,1] is in window (0,0) only
    assert truth[0, 0, 2, 3] == pytest.approx(dy[1, 1] / 4)


@pytest.mark.parametrize(("example", "formula", "verdict", "diagnosis"), [
    ("pool", MAX, "probably_correct", None),
    ("pool", "sum_{i,j} dy[n,c,i,j] window[i,j,p,q]", "incorrect",
     "routed to every input of the window, not only the maximum"),
    ("pool", AVERAGE, "incorrect", "that is average pooling"),
    ("pool", "sum_{i,j} dout[n,c,i,j] ismax[n,c,i,j,p,q]", "incorrect",
     "the first in row-major order"),
    ("avgpool", AVERAGE, "probably_correct", None),
    ("avgpool", "sum_{i,j} delta[n,c,i,j] window[i,j,p,q]", "incorrect",
     "The 1/k² of average pooling is missing"),
    ("avgpool", MAX, "incorrect", "Spread to the maximum only: that is max pooling"),
])
def test_pooling_verdicts_and_diagnoses(example, formula, verdict, diagnosis):
    result = check_network_claim(f"dx[n,c,p,q] = {formula}", example=example)
    assert result.verdict == verdict, str(result)
    if diagnosis:
        assert diagnosis in result.diagnosis.message
        assert result.exit_code == 1


def test_a_wrong_claim_of_no_known_kind_has_a_counterexample():
    result = check_network_claim("dx[n,c,p,q] = sum_{i,j} dy[n,c,i,j] switch[n,c,i,j,p,q] / 2",
                                 example="avgpool")
    assert result.verdict == "incorrect" and result.counterexample is not None
    a = _arrays("avgpool")
    x = result.counterexample
    at = tuple(int(v) for _, v in x.variables)
    assert x.true_value == pytest.approx(a.truths["x"][at])


def test_one_entry_by_hand():
    """∂L/∂x[0,0,1,1] of the max example: x[1,1] = 0.6 wins window (1, 1) alone and loses
    windows (0, 0), (0, 1) and (1, 0) to a 0.9, so it gets δ[1,1] and nothing else."""
    a = _arrays("pool")
    assert a.truths["x"][0, 0, 1, 1] == pytest.approx(a.arrays["dy"][0, 0, 1, 1])
    one = check_network_claim("dx[0,0,1,1] = sum_{i,j} dy[0,0,i,j] switch[0,0,i,j,1,1]",
                              example="pool")
    assert one.verdict == "probably_correct", str(one)


def test_the_switches_are_echoed():
    result = check_network_claim(f"dx[n,c,p,q] = {MAX}", example="pool")
    assert any(line.startswith("read switch as") and "first in row-major order" in line
               for line in result.reading)
