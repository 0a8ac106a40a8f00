"""`chainrule train --backend torch`: the same run, trained by PyTorch's DistributedDataParallel.

The network built from the options goes to PyTorch, ``--nproc`` processes train it (on GPUs
when present or asked for with ``--devices cuda``), and it comes back as a chainrule network,
so the progress bar, the metrics table, ``--save`` and ``--plot`` are those of any run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chainrule.errors import ConfigError, one_of

BACKENDS = ("numpy", "torch")
#: the longest a distributed training may run before its processes are stopped
TIMEOUT_S = 3600.0


def check_backend(backend: str, devices: str | None, nproc: int | None, schedule: str,
                  validation_split: float) -> None:
    """Refuse, before any work, options the backend cannot honour."""
    if backend not in BACKENDS:
        raise one_of("backend", backend, BACKENDS)
    if backend == "numpy":
        given = [o for o, v in (("--devices", devices), ("--nproc", nproc)) if v is not None]
        if given:
            raise ConfigError(f"{', '.join(given)} choose how PyTorch trains: they need "
                              "--backend torch")
        return
    if schedule != "constant" or validation_split:
        raise ConfigError("--backend torch trains at a constant learning rate without a "
                          "validation split; leave out --schedule and --validation-split")
    if nproc is not None and not 1 <= nproc <= 64:
        raise ConfigError(f"--nproc must be between 1 and 64; got {nproc}")
    from chainrule.nn.distributed import resolve_device

    resolve_device(devices)  # --devices cuda without a GPU is refused here


def torch_fit(run: Any, devices: str | None, nproc: int | None) -> Any:
    """A ``fit(x, y, callback=..., **options)`` for :meth:`TrainingRun.train_with_progress`
    that trains on PyTorch and puts the network that comes back into ``run``."""
    from chainrule.nn.distributed import train_distributed

    def fit(x: Any, y: Any, *, callback: Any, epochs: int, batch_size: int | None,
            seed: int, optimizer: Any, lr_schedule: None, validation_split: float) -> Any:
        # a schedule or a validation split was refused by check_backend before
        result = train_distributed(run.network, x, y, nproc=nproc or 2, devices=devices,
                                   epochs=epochs, batch_size=batch_size, optimizer=optimizer,
                                   seed=seed, timeout=TIMEOUT_S, callback=callback)
        run.network = result.network
        return result.history

    return fit


def saved_path(save: Path) -> Path:
    """The file ``--save`` writes: a PyTorch weight file as named, else an ``.npz``."""
    from chainrule.nn.torch_files import is_torch_file

    if is_torch_file(save) or save.suffix == ".npz":
        return save
    return save.with_name(save.name + ".npz")


def save_network(network: Any, save: Path) -> Path:
    """Write ``network`` to ``save``: a state dict and its architecture as ``.json`` beside it
    for ``.safetensors``/``.pt``, chainrule's ``.npz`` otherwise."""
    from chainrule.nn import io, torch_files

    if torch_files.is_torch_file(save):
        return torch_files.save(network, save)
    return io.save(network, save)
