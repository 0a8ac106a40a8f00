"""PyTorch weight files: a ``state_dict`` as safetensors or ``.pt``, read without unpickling.

A ``.safetensors`` file is read by the ``safetensors`` package (a JSON header and raw
arrays: no code runs); a ``.pt``/``.pth`` file by ``torch.load(weights_only=True)`` only, which
refuses any pickled object but tensors and plain containers — a whole pickled model is
refused with the way to save its weights instead.

A weight file holds no architecture. It comes from a network given by the caller (the CLI's
``--layers``), or from ``NAME.json`` beside ``NAME.safetensors``: the architecture record of
a chainrule model file (see :func:`chainrule.nn.io.describe`), with an optional
``"torch_parameters"`` list naming the file's tensors in layer order (``0.weight``,
``0.bias``, ``2.weight`` …), as :func:`save` writes it. Without that list, tensors are paired
with the layers' tensors (:mod:`chainrule.nn.torch_state`: weights and biases, batch norm's
running statistics, a recurrent layer's four) by their names' order: as stored in a ``.pt``
file, in natural order (``fc2`` before ``fc10``, a layer's tensors in PyTorch's order) in a
safetensors file, whose header keeps no order. Batch norm's ``num_batches_tracked`` counters
are skipped.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import numpy as np

from chainrule.data._atomic import write_atomic
from chainrule.errors import ChainruleError, ModelFileError
from chainrule.nn.network import Network
from chainrule.nn.torch_state import IGNORED, ORDER, slots

SUFFIXES = (".safetensors", ".pt", ".pth")
EXTRA = "pip install 'chainrule[torch]'"


def is_torch_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a PyTorch weight file (by its suffix)."""
    return Path(path).suffix in SUFFIXES


def architecture_path(path: str | os.PathLike[str]) -> Path:
    """``NAME.json`` beside the weight file ``NAME.safetensors``."""
    return Path(path).with_suffix(".json")


def load(path: str | os.PathLike[str], network: Network | None = None) -> Network:
    """A network with the weights of the ``state_dict`` in ``path``.

    Parameters
    ----------
    path : a ``.safetensors``, ``.pt`` or ``.pth`` file of a model of the layers chainrule
        knows (``Linear``, ``Conv1d/2d``, ``BatchNorm1d/2d``, ``RNN``, ``LSTM`` and the
        layers without weights).
    network : the architecture to fill (its weights are overwritten); default: the one
        described by ``NAME.json`` beside the file.
    """
    source = Path(path)
    if not source.is_file():
        raise ModelFileError(f"no weight file at {path}")
    tensors = _read(source)
    names = None
    if network is None:
        network, names = _described(source)
    _fill(network, tensors, names, source)
    return network


def _read(source: Path) -> dict[str, np.ndarray]:
    """The file's tensors as NumPy arrays, in the order of their names (see module doc)."""
    if source.suffix == ".safetensors":
        tensors = _read_safetensors(source)
        return {name: tensors[name] for name in sorted(tensors, key=_natural)
                if not name.endswith(IGNORED)}
    return _read_pt(source)


def _read_safetensors(source: Path) -> dict[str, np.ndarray]:
    reader = _safetensors()
    try:
        return reader.load_file(source)
    except Exception as error:  # the reader's own error types, and TypeError for bfloat16
        raise ModelFileError(f"{source} is not a readable safetensors file of float32 or "
                             f"float64 tensors: {error}") from None


def _safetensors() -> Any:
    try:
        import safetensors.numpy
    except ModuleNotFoundError:
        raise ChainruleError(f"safetensors files need the safetensors package, part of the "
                             f"PyTorch extra: {EXTRA}") from None
    return safetensors.numpy


def _read_pt(source: Path) -> dict[str, np.ndarray]:
    import pickle

    from chainrule.nn.torch_bridge import _torch

    torch = _torch(f"reading {source.name}")
    try:
        content = torch.load(source, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError:
        raise ModelFileError(
            f"{source} holds pickled Python objects, such as a whole model saved with "
            "torch.save(model); chainrule never unpickles them (that can run any code). "
            "Save the weights instead: torch.save(model.state_dict(), path), or "
            "safetensors' save_file(model.state_dict(), path)") from None
    except (RuntimeError, EOFError, OSError, ValueError) as error:
        raise ModelFileError(f"{source} is not a readable PyTorch file (truncated or "
                             f"corrupted?): {error}") from None
    if not isinstance(content, dict) or not all(
            isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in content.items()):
        found = sorted(map(str, content)) if isinstance(content, dict) else type(content).__name__
        raise ModelFileError(f"{source} should hold a state_dict (names → tensors); found "
                             f"{found}. Save model.state_dict() alone")
    content = {name: tensor for name, tensor in content.items() if not name.endswith(IGNORED)}
    for name, tensor in content.items():
        if not tensor.dtype.is_floating_point or tensor.dtype == torch.bfloat16:
            raise ModelFileError(f"{source}: tensor {name} is {tensor.dtype}; chainrule "
                                 "reads floats (float32 or float64)")
    return {name: tensor.detach().cpu().numpy() for name, tensor in content.items()}


def _natural(name: str) -> tuple[list[Any], int, str]:
    """``fc10`` after ``fc2`` (digits compared as numbers), a layer's tensors in PyTorch's
    order (weight, bias, running statistics; ``weight_ih_l0`` … ``bias_hh_l0``)."""
    layer, _, tensor = name.rpartition(".")
    rank = ORDER.index(tensor) if tensor in ORDER else len(ORDER)
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", layer)], rank, tensor


def _described(source: Path) -> tuple[Network, list[str] | None]:
    """The network of ``NAME.json`` (zero weights) and its ``torch_parameters`` list, read
    as untrusted input by :mod:`chainrule.nn.architecture` (typed fields, bounded depth)."""
    from chainrule.nn import architecture
    from chainrule.nn.io import build, read_record

    spec_path = architecture_path(source)
    if not spec_path.is_file():
        raise ModelFileError(
            f"{source.name} holds weights but no architecture: describe it with --layers "
            f"(e.g. --layers 2,16,2 --activation tanh --loss softmax_cross_entropy) or put "
            f"{spec_path.name} beside it, as `chainrule train --save NAME.safetensors` writes")
    try:
        spec = architecture.read(read_record(spec_path), spec_path, extra=("torch_parameters",))
        names = spec.extra.get("torch_parameters")
        if names is not None and not (isinstance(names, list)
                                      and all(isinstance(n, str) for n in names)):
            raise ModelFileError("torch_parameters must be a list of tensor names")
        return build(spec, spec_path), names
    except ModelFileError as error:
        raise ModelFileError(f"{spec_path} is not a usable architecture record: {error}") from None


def _fill(network: Network, tensors: dict[str, np.ndarray], names: list[str] | None,
          source: Path) -> None:
    """Copy each tensor into its layer (see :mod:`chainrule.nn.torch_state`), all checked
    before any is copied."""
    expected = slots(network)
    names = list(tensors) if names is None else [n for n in names if not n.endswith(IGNORED)]
    if len(names) != len(expected) or set(names) - set(tensors):
        shapes = ", ".join(f"{n} {tuple(t.shape)}" for n, t in tensors.items())
        wanted = ", ".join(f"{slot.name} {slot.shape}" for slot in expected)
        raise ModelFileError(f"{source} does not fit {network.summary()}: it needs "
                             f"{len(expected)} tensors, in order ({wanted}); the file has "
                             f"{shapes or 'none'}"[:2000])
    for slot, name in zip(expected, names, strict=True):
        values = tensors[name]
        if values.shape != slot.shape or values.dtype.kind != "f" \
                or not np.isfinite(values).all():
            raise ModelFileError(
                f"{source}: tensor {name} should be finite floats of shape {slot.shape} for "
                f"the {slot.target} of {slot.layer.describe()}; found {values.dtype} "
                f"{tuple(values.shape)}")
    for slot, name in zip(expected, names, strict=True):
        slot.fill(tensors[name])


def save(network: Network, path: str | os.PathLike[str]) -> Path:
    """Write ``network``'s weights as the ``state_dict`` of :func:`to_torch`'s module (to a
    ``.safetensors`` or ``.pt`` file) and its architecture to ``NAME.json`` beside it, each
    atomically. Returns the weight file's path."""
    target = Path(path)
    if not is_torch_file(target):
        raise ModelFileError(f"a PyTorch weight file ends in {', '.join(SUFFIXES)}; got {path}")
    from chainrule.nn.io import describe

    tensors = {slot.name: slot.value() for slot in slots(network)}
    names = list(tensors)
    write_atomic(target, lambda stream: _write_weights(tensors, target.suffix, stream))
    record = json.dumps({**describe(network), "torch_parameters": names}, indent=1)
    write_atomic(architecture_path(target), lambda stream: stream.write(record.encode()))
    return target


def _write_weights(tensors: dict[str, np.ndarray], suffix: str, stream: Any) -> None:
    if suffix == ".safetensors":
        stream.write(_safetensors().save(tensors))
    else:
        from chainrule.nn.torch_bridge import _torch

        torch = _torch(f"writing a {suffix} file")
        torch.save({k: torch.from_numpy(v) for k, v in tensors.items()}, stream)
