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
from chainrule.nn import distributed, distributed_worker

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


def batch_norm_network() -> tuple[cr.Network, np.ndarray, np.ndarray]:
    x, y = cr.data.moons(n=120, noise=0.2, seed=4)
    net = cr.Network([cr.Dense(2, 4), cr.BatchNorm(4), cr.Tanh(), cr.Dense(4, 2)],
                     loss=cr.SoftmaxCrossEntropy(), seed=2)
    return net, x, y


def test_batch_norm_on_several_cpu_processes_is_refused_with_the_reason() -> None:
    # Each process would normalize by its own share of the batch, and PyTorch's
    # SyncBatchNorm, which shares the statistics, runs on GPUs only (the next test).
    net, x, y = batch_norm_network()
    with pytest.raises(cr.ConfigError) as refused:
        distributed.train_distributed(net, x, y, nproc=2, devices="cpu", batch_size=4)
    message = str(refused.value)
    assert "layer 2 (BatchNorm 4)" in message and "SyncBatchNorm" in message
    assert all(way in message for way in ("--nproc 1", "--devices cuda", "--backend numpy"))
    assert multiprocessing.active_children() == []


def test_pytorch_syncbatchnorm_refuses_cpu_tensors_even_under_gloo() -> None:
    """The measured reason for the refusal above: if PyTorch lifts it, this test fails and the
    refusal can go."""
    import torch.distributed as dist

    dist.init_process_group("gloo", store=dist.HashStore(), rank=0, world_size=1)
    try:
        module = torch.nn.SyncBatchNorm(3).double().train()
        with pytest.raises(ValueError, match="expected input tensor to be on GPU"):
            module(torch.zeros((4, 3), dtype=torch.float64))
    finally:
        dist.destroy_process_group()


def test_on_gpus_each_batch_norm_becomes_a_syncbatchnorm() -> None:
    net, _, _ = batch_norm_network()
    on_gpus = distributed_worker.training_module(torch, net, "cuda")  # built on the CPU, not moved
    on_cpus = distributed_worker.training_module(torch, net, "cpu")
    assert [type(m).__name__ for m in on_gpus] == ["Linear", "SyncBatchNorm", "Tanh", "Linear"]
    assert [type(m).__name__ for m in on_cpus] == ["Linear", "BatchNorm1d", "Tanh", "Linear"]
    assert on_gpus.training and on_cpus.training
    bn = net.layers[1]
    assert on_gpus[1].momentum == bn.momentum and on_gpus[1].eps == bn.eps


def test_one_cpu_process_trains_a_batch_norm_and_its_running_statistics_come_back() -> None:
    net, x, y = batch_norm_network()
    run = distributed.train_distributed(net, x, y, nproc=1, devices="cpu", epochs=4,
                                        batch_size=None, optimizer=cr.SGD(lr=0.5), timeout=90)
    # the reference: the same network in plain PyTorch, four full-batch steps in training mode
    d1, bn, d2 = net.layers[0], net.layers[1], net.layers[3]
    module = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.BatchNorm1d(4), torch.nn.Tanh(),
                                 torch.nn.Linear(4, 2)).double()
    with torch.no_grad():
        for linear, dense in ((module[0], d1), (module[3], d2)):
            linear.weight.copy_(torch.from_numpy(dense.W.T.copy()))
            linear.bias.copy_(torch.from_numpy(dense.b))
        module[1].weight.copy_(torch.from_numpy(bn.gamma))
        module[1].bias.copy_(torch.from_numpy(bn.beta))
    optimizer = torch.optim.SGD(module.parameters(), lr=0.5)
    for _ in range(4):
        optimizer.zero_grad()
        F.cross_entropy(module(torch.from_numpy(x)), torch.from_numpy(y)).backward()
        optimizer.step()
    came_back = run.network.layers[1]
    expected_mean = module[1].running_mean.numpy()
    np.testing.assert_allclose(came_back.running_mean, expected_mean, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(came_back.running_var, module[1].running_var.numpy(), rtol=1e-10)
    assert not np.allclose(came_back.running_mean, bn.running_mean)  # it did change
    np.testing.assert_allclose(came_back.gamma, module[1].weight.detach().numpy(), rtol=1e-10)
    module.eval()  # the trained network at evaluation: the same running statistics used
    expected = torch.softmax(module(torch.from_numpy(x[:5])), dim=1).detach().numpy()
    np.testing.assert_allclose(run.network.eval().predict_proba(x[:5]), expected, rtol=1e-9)
    assert run.buffers[0][0].shape == (4,)  # running_mean first, as PyTorch orders buffers
