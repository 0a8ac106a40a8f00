"""Distributed training on PyTorch DDP: 2 gloo processes on the loopback address, bounded.

Each run starts fresh processes (a few seconds to import PyTorch); every run ends by itself,
on success, on a failure and at its timeout.
"""

from __future__ import annotations

import multiprocessing

import numpy as np
import pytest

import chainrule as cr
from chainrule.explain.api import explain
from chainrule.nn import distributed

torch = pytest.importorskip("torch")
F = torch.nn.functional


def moons_network() -> tuple[cr.Network, np.ndarray, np.ndarray]:
    x, y = cr.data.moons(n=200, noise=0.2, seed=3)
    net = cr.Network([cr.Dense(2, 8), cr.Tanh(), cr.Dense(8, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=1)
    return net, x, y


def full_batch_descent(net: cr.Network, x: np.ndarray, y: np.ndarray, steps: int, lr: float):
    """The same training by plain PyTorch in one process: the reference DDP must equal."""
    module = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 2))
    module = module.double()
    with torch.no_grad():
        for linear, layer in zip(module[::2], net.dense_layers, strict=True):
            linear.weight.copy_(torch.from_numpy(layer.W.T.copy()))
            linear.bias.copy_(torch.from_numpy(layer.b.copy()))
    optimizer = torch.optim.SGD(module.parameters(), lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        F.cross_entropy(module(torch.from_numpy(x)), torch.from_numpy(y)).backward()
        optimizer.step()
    return [p.detach().numpy() for p in module.parameters()]


def test_two_gloo_processes_train_alike_and_come_back() -> None:
    net, x, y = moons_network()
    before = [p.copy() for p in net.parameters]
    start_loss = net.loss_value(x, y)
    epochs = []
    run = distributed.train_distributed(net, x, y, nproc=2, devices="cpu", epochs=6,
                                        batch_size=None, optimizer=cr.SGD(lr=0.5), seed=0,
                                        timeout=90, callback=lambda e, h: epochs.append(e))
    assert run.device == "cpu" and epochs == list(range(6))
    assert len(run.weights) == 2
    for ours, theirs in zip(*run.weights, strict=True):
        assert np.array_equal(ours, theirs)  # both processes end with the same weights
    # split between two processes, the full batch's gradient is still the full batch's
    reference = full_batch_descent(net, x, y, steps=6, lr=0.5)
    for ours, theirs in zip(run.weights[0], reference, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)
    trained = run.network
    assert trained.dense_layers[0].W.tobytes() == run.weights[0][0].T.copy().tobytes()
    assert all(np.array_equal(a, b) for a, b in zip(net.parameters, before, strict=True))
    assert run.history.loss[-1] == pytest.approx(trained.loss_value(x, y), rel=1e-12)
    assert run.history.loss[-1] < start_loss
    assert cr.gradcheck(trained, x[:5], y[:5]).passed
    assert "agree" in explain(trained, x[:1], y[:1], "layer 1").to_text()


def test_mini_batches_and_adam_keep_the_processes_identical() -> None:
    net, x, y = moons_network()
    run = distributed.train_distributed(net, x, y, nproc=2, devices="cpu", epochs=3,
                                        batch_size=25, optimizer=cr.Adam(lr=0.02), timeout=90)
    for ours, theirs in zip(*run.weights, strict=True):
        assert np.array_equal(ours, theirs)
    assert run.history.loss[-1] < net.loss_value(x, y)


def test_a_run_past_its_timeout_is_stopped() -> None:
    net, x, y = moons_network()
    with pytest.raises(cr.ChainruleError, match=r"did not finish within 0\.2 s"):
        distributed.train_distributed(net, x, y, nproc=2, devices="cpu", epochs=1,
                                      timeout=0.2)
    assert multiprocessing.active_children() == []


def test_a_failing_process_stops_the_run(monkeypatch) -> None:
    """A network interface that does not exist: gloo cannot start, the run says why."""
    monkeypatch.setattr(distributed, "_loopback",
                        lambda: {"GLOO_SOCKET_IFNAME": "no-such-interface"})
    net, x, y = moons_network()
    with pytest.raises(cr.ChainruleError, match=r"distributed training failed.*no-such-interface"):
        distributed.train_distributed(net, x, y, nproc=2, devices="cpu", epochs=1, timeout=60)
    assert multiprocessing.active_children() == []


def test_asking_for_a_gpu_where_there_is_none_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(cr.ConfigError, match="--devices cuda needs a CUDA GPU"):
        distributed.resolve_device("cuda")
    assert distributed.resolve_device(None) == "cpu"
    with pytest.raises(cr.ConfigError, match="cpu, cuda"):
        distributed.resolve_device("tpu")


def test_batches_that_cannot_be_split_are_refused() -> None:
    net, x, y = moons_network()
    with pytest.raises(cr.ConfigError, match="--batch-size at least --nproc"):
        distributed.train_distributed(net, x, y, nproc=4, devices="cpu", batch_size=3)


def test_batch_norm_is_refused_before_any_process_starts() -> None:
    # Each process would update the running statistics from its own share of the batch, and
    # only the parameters come back: the trained network would be silently wrong.
    net = cr.Network([cr.Dense(2, 4), cr.BatchNorm(4), cr.Tanh(), cr.Dense(4, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=0)
    x = np.zeros((8, 2))
    y = np.zeros(8, dtype=int)
    with pytest.raises(cr.ConfigError, match=r"running statistics yet \(BatchNorm\)"):
        distributed.train_distributed(net, x, y, nproc=2, devices="cpu", batch_size=4)
