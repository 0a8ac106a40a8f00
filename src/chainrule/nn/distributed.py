"""Data-parallel training of a chainrule network on PyTorch, and back.

The network goes to PyTorch (:func:`to_torch`); ``nproc`` processes each train a copy with
``torch.distributed``'s ``DistributedDataParallel`` — every batch split between them, the
gradients averaged by all-reduce after each backward pass, so the copies stay identical —
and the trained weights come back with :func:`from_torch`, to be explained and checked like
any chainrule network. Processes talk over the loopback address (``gloo`` on CPUs,
``nccl`` on GPUs, one GPU a process).

Batch norm: on GPUs each batch norm becomes PyTorch's ``SyncBatchNorm`` for the run, so the
batch statistics are those of the whole global batch, as in one process, and the running
statistics that come back are those. On CPUs a single process trains a batch norm as it is;
with several it is refused, since ``SyncBatchNorm`` runs on GPUs only (PyTorch 2.13 raises
"SyncBatchNorm expected input tensor to be on GPU" for CPU tensors, under gloo too) and each
process would otherwise normalize by its own share of the batch.

The run is bounded: ``epochs`` passes, and a ``timeout`` after which every process is
stopped and a :class:`ChainruleError` says so; a process that fails stops the others too.
The epoch metrics are computed by chainrule's engine on the weights each epoch ended with
(so ``History.loss`` is that loss, not a running mean over the epoch's batches).
"""

from __future__ import annotations

import queue as queues
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from chainrule.errors import ChainruleError, ConfigError
from chainrule.nn.history import History
from chainrule.nn.metrics import evaluate
from chainrule.nn.network import Network
from chainrule.nn.optimizers import SGD, Optimizer


@dataclass
class DistributedRun:
    """What a distributed training gives back."""

    network: Network  #: the trained network, back in chainrule (a new object)
    history: History
    weights: list[list[np.ndarray]]  #: each process's final parameters, PyTorch's layout
    #: each process's final buffers (batch norms' running statistics), PyTorch's order
    buffers: list[list[np.ndarray]]
    device: str  #: "cpu" or "cuda"
    seconds: float = 0.0


@dataclass(frozen=True)
class _Job:
    """Everything a process needs (pickled to it)."""

    network: Network
    x: np.ndarray
    targets: np.ndarray
    world: int
    port: int
    device: str
    epochs: int
    batch_size: int | None
    optimizer: Optimizer
    seed: int
    timeout: float
    environment: dict[str, str] = field(default_factory=dict)


def resolve_device(devices: str | None) -> str:
    """``"cuda"`` when asked, or by default when a GPU is present; else ``"cpu"``."""
    from chainrule.nn.torch_bridge import _torch

    torch = _torch("distributed training")
    if devices not in (None, "cpu", "cuda"):
        from chainrule.errors import one_of

        raise one_of("devices", devices, ("cpu", "cuda"))
    if devices == "cuda" and not torch.cuda.is_available():
        raise ConfigError("--devices cuda needs a CUDA GPU, and PyTorch sees none on this "
                          "machine; use --devices cpu (or leave it out: a GPU is used when "
                          "present)")
    if devices is None:
        return "cuda" if torch.cuda.is_available() else "cpu"
    return devices


def train_distributed(network: Network, x: object, y: object, *, nproc: int = 2,
                      devices: str | None = None, epochs: int = 10,
                      batch_size: int | None = 32, optimizer: Optimizer | None = None,
                      seed: int = 0, timeout: float = 300.0,
                      callback: Callable[[int, History], object] | None = None
                      ) -> DistributedRun:
    """Train a copy of ``network`` on ``(x, y)`` with ``nproc`` processes (see module doc).

    ``batch_size`` is the global batch, split between the processes (``None``: full batch);
    a last batch smaller than ``nproc`` is skipped, since every process must take every step.
    ``network`` itself is left as it was.
    """
    device = resolve_device(devices)
    _check_sizes(nproc, epochs, batch_size, timeout, device)
    _check_running_statistics(network, int(nproc), device)
    x_checked = network.as_inputs(x)
    targets = network.as_targets(x_checked, y)
    job = _Job(network, x_checked, targets, nproc, _free_port(), device, int(epochs),
               batch_size, optimizer or SGD(lr=0.1), int(seed), float(timeout), _loopback())
    start = time.perf_counter()
    history, final, trained = History(), {}, network
    for kind, number, value in _launch(job):  # number: the epoch, or the process's rank
        if kind == "epoch":
            trained = _come_back(network, *value)
            loss, accuracy = evaluate(trained, x_checked, targets)
            history.loss.append(loss)
            if accuracy is not None:
                history.accuracy.append(accuracy)
            if callback is not None:
                callback(number, history)
        else:
            final[number] = value
    weights, buffers = ([final[r][k] for r in range(nproc)] for k in (0, 1))
    run = DistributedRun(_come_back(network, weights[0], buffers[0]), history, weights,
                         buffers, device, time.perf_counter() - start)
    if not all(_equal(weights[0], w) and _equal(buffers[0], b)
               for w, b in zip(weights[1:], buffers[1:], strict=True)):
        raise ChainruleError("the processes of the distributed training ended with different "
                             "weights or running statistics; their gradients or batch "
                             "statistics were not shared as they should be")
    return run


def _check_running_statistics(network: Network, nproc: int, device: str) -> None:
    """Refuse a layer with running statistics (batch norm) on several CPU processes: PyTorch's
    ``SyncBatchNorm`` needs GPUs, and without it each process would normalize by, and keep
    running statistics of, its own share of every batch."""
    kept = [f"layer {k} ({layer.describe()})" for k, layer in enumerate(network.layers, 1)
            if getattr(layer, "buffer_names", ())]
    if kept and device == "cpu" and nproc > 1:
        raise ConfigError(
            f"distributed training on CPUs takes a batch norm in one process only: "
            f"{', '.join(kept)} would be normalized by each process's share of the batch, "
            f"since PyTorch's SyncBatchNorm, which shares the batch statistics, runs on GPUs "
            f"only; use --nproc 1, --devices cuda, or --backend numpy")


def _check_sizes(nproc: int, epochs: int, batch_size: int | None, timeout: float,
                 device: str) -> None:
    if int(nproc) < 1 or int(epochs) < 1 or timeout <= 0:
        raise ConfigError(f"distributed training needs nproc ≥ 1, epochs ≥ 1 and a positive "
                          f"timeout; got nproc={nproc}, epochs={epochs}, timeout={timeout}")
    if batch_size is not None and batch_size < nproc:
        raise ConfigError(f"a batch of {batch_size} samples cannot be split between {nproc} "
                          "processes: give --batch-size at least --nproc")
    if device == "cuda":
        from chainrule.nn.torch_bridge import _torch

        gpus = _torch().cuda.device_count()
        if nproc > gpus:
            raise ConfigError(f"--nproc {nproc} on GPUs needs one GPU a process; this machine "
                              f"has {gpus}")


def _come_back(network: Network, parameters: list[np.ndarray],
               buffers: list[np.ndarray]) -> Network:
    """``network``'s architecture with PyTorch's parameters and buffers (running statistics),
    through :func:`from_torch`."""
    from chainrule.nn.from_torch import from_torch
    from chainrule.nn.torch_bridge import _torch, to_torch

    torch = _torch()
    module = to_torch(network)
    with torch.no_grad():
        for target, value in zip([*module.parameters(), *module.buffers()],
                                 [*parameters, *buffers], strict=True):
            target.copy_(torch.from_numpy(value))
    return from_torch(module, loss=network.loss)


def _equal(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(np.array_equal(p, q) for p, q in zip(a, b, strict=True))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _loopback() -> dict[str, str]:
    """Keep gloo's connections on the loopback interface (it would follow the host name)."""
    names = {name for _, name in socket.if_nameindex()} if hasattr(socket, "if_nameindex") \
        else set()
    found = next((name for name in ("lo", "lo0") if name in names), None)
    return {"GLOO_SOCKET_IFNAME": found} if found else {}


def _launch(job: _Job) -> Any:
    """Start the processes; yield ``(kind, rank, parameters)`` messages until each has sent
    its final weights; stop them all on an error, an early exit or the timeout."""
    import multiprocessing

    from chainrule.nn.distributed_worker import work

    context = multiprocessing.get_context("spawn")  # fork is unsafe once torch has threads
    messages = context.Queue()
    processes = [context.Process(target=work, args=(rank, job, messages), daemon=True)
                 for rank in range(job.world)]
    _start(processes)
    deadline, finished = time.monotonic() + job.timeout, 0
    try:
        while finished < job.world:
            message = _next(messages, processes, deadline, job.timeout)
            if message[0] == "error":
                raise ChainruleError(f"process {message[1]} of the distributed training "
                                     f"failed: {message[2]}")
            finished += message[0] == "weights"
            yield message
    finally:
        _stop(processes)


def _start(processes: list[Any]) -> None:
    """Start the processes without rerunning the caller's script in them: ``spawn`` would
    import ``__main__`` again, training anew in a script without a ``__main__`` guard."""
    import sys
    import types

    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        for process in processes:
            process.start()
    finally:
        sys.modules["__main__"] = main


def _next(messages: Any, processes: list[Any], deadline: float, timeout: float) -> tuple:
    while True:
        if time.monotonic() > deadline:
            raise ChainruleError(f"the distributed training did not finish within "
                                 f"{timeout:g} s; its processes were stopped")
        try:
            return messages.get(timeout=0.2)
        except queues.Empty:
            dead = [(rank, p.exitcode) for rank, p in enumerate(processes)
                    if p.exitcode not in (None, 0)]
            if dead:
                raise ChainruleError(f"process {dead[0][0]} of the distributed training "
                                     f"ended with exit code {dead[0][1]}") from None


def _stop(processes: list[Any]) -> None:
    """Join each process briefly; terminate, then kill, any that is still running."""
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.terminate()
            process.join(timeout=2)
        if process.is_alive():
            process.kill()
            process.join()
