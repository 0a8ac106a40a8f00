"""Saving and loading networks: one ``.npz`` file, no pickle.

The file holds the weights as plain arrays and the architecture as JSON (stored as bytes in
the array ``__architecture__``), with a ``format_version``. It is read with
``allow_pickle=False``, so loading a file never runs code. Writes are atomic: a temporary
file in the same folder, then a rename.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from chainrule.errors import ChainruleError, ModelFileError
from chainrule.nn.dense import Dense
from chainrule.nn.layer import Layer
from chainrule.nn.layers import LAYERS
from chainrule.nn.network import Network
from chainrule.ops.base import Activation
from chainrule.ops.registry import activation, loss

FORMAT = "chainrule-network"
FORMAT_VERSION = 1


def describe(network: Network) -> dict[str, Any]:
    """The architecture as JSON-ready data."""
    layers = []
    for layer in network.layers:
        if isinstance(layer, Dense):
            layers.append({"type": "dense", **layer.config()})
        elif isinstance(layer, Layer):  # Conv2D, BatchNorm, RNN, ...: described by config
            layers.append({"type": layer.kind, **layer.config()})
        else:
            layers.append({"type": "activation", "name": layer.name, **layer.config()})
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "dtype": network.dtype.name,
        "layers": layers,
        "loss": {"name": network.loss.name, **network.loss.config()},
    }


def save(network: Network, path: str | os.PathLike[str]) -> Path:
    """Write ``network`` to ``path`` atomically (``.npz`` is appended if missing, missing
    folders are created); return the path written."""
    target = Path(path)
    if target.suffix != ".npz":
        target = target.with_name(target.name + ".npz")
    arrays = dict(zip(network.parameter_names, network.parameters, strict=True))
    arrays.update(network.buffers)  # e.g. a batch norm's running statistics
    arrays["__architecture__"] = np.frombuffer(json.dumps(describe(network)).encode(), np.uint8)
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez(stream, **arrays)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def load(path: str | os.PathLike[str]) -> Network:
    """Read a network written by :func:`save`; any problem is a :class:`ModelFileError`."""
    source = Path(path)
    if not source.exists() and source.suffix != ".npz":  # save() appended the suffix
        source = source.with_name(source.name + ".npz")
    if not source.exists():
        raise ModelFileError(f"no model file at {path}")
    with source.open("rb") as stream:
        if stream.read(4) != b"PK\x03\x04":  # numpy would try pickle on anything else
            raise ModelFileError(f"{source} is not a chainrule model file: expected an .npz "
                                 "archive (a zip of arrays), as `chainrule train --save` writes")
    try:
        with np.load(source, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    # zipfile reports damaged headers as NotImplementedError ("compression method") or
    # RuntimeError ("encrypted"): all mean the file is corrupted
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
            RuntimeError) as error:
        raise ModelFileError(f"{source} is not a readable chainrule model file "
                             f"(truncated or corrupted?): {error}") from None
    spec = _architecture(arrays, source)
    try:
        network = _build(spec)
    except (ChainruleError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise ModelFileError(
            f"{source} describes a network chainrule cannot build: {error}"
        ) from None
    for name, parameter in zip(network.parameter_names, network.parameters, strict=True):
        parameter[...] = _parameter(arrays, name, parameter.shape, source)
    for name, buffer in network.buffers.items():
        buffer[...] = _parameter(arrays, name, buffer.shape, source)
    return network


def _parameter(arrays: dict[str, np.ndarray], name: str, shape: tuple[int, ...],
               source: Path) -> np.ndarray:
    """The stored array ``name``: of ``shape``, of numbers, all finite; else ModelFileError."""
    if name not in arrays or arrays[name].shape != shape:
        found = arrays[name].shape if name in arrays else "nothing"
        raise ModelFileError(f"{source}: parameter {name} should have shape {shape}; "
                             f"found {found}")
    values = arrays[name]
    if values.dtype.kind not in "fiu":
        raise ModelFileError(f"{source}: parameter {name} should hold numbers (floats); "
                             f"found dtype {values.dtype}")
    if not np.isfinite(values).all():
        bad = int(values.size - np.isfinite(values).sum())
        raise ModelFileError(f"{source}: parameter {name} should hold finite numbers; "
                             f"found {bad} NaN or infinite of {values.size}")
    return values


def _architecture(arrays: dict[str, np.ndarray], source: Path) -> dict[str, Any]:
    if "__architecture__" not in arrays:
        raise ModelFileError(f"{source} has no architecture record: not a chainrule model file")
    try:
        spec = json.loads(arrays["__architecture__"].tobytes().decode())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelFileError(f"{source}: the architecture record is corrupted ({error})") from None
    if not isinstance(spec, dict) or spec.get("format") != FORMAT:
        raise ModelFileError(f"{source} is not a chainrule model file")
    if spec.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(f"{source} has format version {spec.get('format_version')}; "
                             f"this chainrule reads version {FORMAT_VERSION}")
    return spec


def _build(spec: dict[str, Any]) -> Network:
    layers: list[Dense | Activation | Layer] = []
    for entry in spec["layers"]:
        entry = dict(entry)
        kind = entry.pop("type")
        if kind == "dense":
            layers.append(Dense(entry["n_in"], entry["n_out"], bias=entry["bias"], init="zeros"))
        elif kind in LAYERS:
            layers.append(LAYERS[kind](**entry))
        else:
            layers.append(activation(entry.pop("name"), **entry))
    loss_spec = dict(spec["loss"])
    return Network(layers, loss(loss_spec.pop("name"), **loss_spec), dtype=spec["dtype"])
