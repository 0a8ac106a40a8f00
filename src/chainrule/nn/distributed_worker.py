"""One process of :func:`chainrule.nn.distributed.train_distributed` (run by ``spawn``).

Every message to the parent is ``(kind, rank, value)``: ``("epoch", epoch, (parameters,
buffers))`` from process 0 after each epoch, ``("weights", rank, (parameters, buffers))``
from each process at the end, ``("error", rank, text)`` if anything fails; the buffers are the
batch norms' running statistics.
"""

from __future__ import annotations

import os
import traceback
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.nn.optimizers import SGD, Adam, Optimizer

if TYPE_CHECKING:
    from chainrule.nn.network import Network

#: the longest one process waits for the others (to join, or at an all-reduce)
COLLECTIVE_TIMEOUT_S = 120.0


def work(rank: int, job: Any, messages: Any) -> None:
    """Join the process group, train, send the weights; report any failure, never hang."""
    try:
        os.environ.update(job.environment)
        import torch
        import torch.distributed as dist

        torch.set_num_threads(1)  # the processes share the cores
        wait = min(job.timeout, COLLECTIVE_TIMEOUT_S)  # no wait for the others is longer
        dist.init_process_group("nccl" if job.device == "cuda" else "gloo",
                                init_method=f"tcp://127.0.0.1:{job.port}", rank=rank,
                                world_size=job.world, timeout=timedelta(seconds=wait))
        try:
            _train(torch, rank, job, messages)
        finally:
            dist.destroy_process_group()
    except BaseException as error:  # sent to the parent, which stops the other processes
        summary = "".join(traceback.format_exception_only(type(error), error)).strip()
        messages.put(("error", rank, summary))


def _train(torch: Any, rank: int, job: Any, messages: Any) -> None:
    from torch.nn.parallel import DistributedDataParallel

    from chainrule.nn.torch_bridge import torch_loss

    device = torch.device(f"cuda:{rank}" if job.device == "cuda" else "cpu")
    if job.device == "cuda":
        torch.cuda.set_device(device)  # SyncBatchNorm's collectives use the current device
    module = training_module(torch, job.network, job.device).to(device)
    model = DistributedDataParallel(module, device_ids=[rank] if job.device == "cuda" else None)
    optimizer = torch_optimizer(torch, job.optimizer, model.parameters())
    loss = torch_loss(job.network)
    x, targets = torch.from_numpy(job.x).to(device), torch.from_numpy(job.targets).to(device)
    n, size = len(job.x), job.batch_size or len(job.x)
    order_rng = np.random.default_rng(job.seed)  # the same order in every process
    for epoch in range(job.epochs):
        order = order_rng.permutation(n)
        for start in range(0, n, size):
            batch = order[start:start + size]
            if len(batch) < job.world:
                continue  # every process must take every step, or the all-reduce waits
            mine = torch.from_numpy(batch[rank::job.world]).to(device)
            optimizer.zero_grad()
            loss(model(x[mine]), targets[mine]).backward()  # DDP averages the gradients
            optimizer.step()
        if rank == 0:
            messages.put(("epoch", epoch, _state(module)))
    messages.put(("weights", rank, _state(module)))


def _state(module: Any) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The parameters and the buffers (running statistics) of ``module``, as arrays."""
    def arrays(tensors: Any) -> list[np.ndarray]:
        return [t.detach().cpu().numpy().copy() for t in tensors]

    return arrays(module.parameters()), arrays(module.buffers())


def training_module(torch: Any, network: Network, device: str) -> Any:
    """The PyTorch module a process trains: ``network`` in training mode, each batch norm a
    ``SyncBatchNorm`` on GPUs (the statistics of the global batch)."""
    from chainrule.nn.torch_bridge import to_torch

    module = to_torch(network).train()
    if device == "cuda":
        module = torch.nn.SyncBatchNorm.convert_sync_batchnorm(module)
    return module


def torch_optimizer(torch: Any, optimizer: Optimizer, parameters: Any) -> Any:
    """The ``torch.optim`` optimizer that takes the same steps as ``optimizer``."""
    if isinstance(optimizer, SGD):
        return torch.optim.SGD(parameters, lr=optimizer.lr, momentum=optimizer.momentum,
                               nesterov=optimizer.nesterov)
    if isinstance(optimizer, Adam):
        return torch.optim.Adam(parameters, lr=optimizer.lr, eps=optimizer.eps,
                                betas=(optimizer.beta1, optimizer.beta2))
    raise ConfigError(f"no PyTorch optimizer known for {optimizer!r}; use SGD or Adam")
