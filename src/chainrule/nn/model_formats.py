"""The model file formats behind :meth:`Network.save` and :meth:`Network.load`.

A format builds networks, so its module imports :mod:`chainrule.nn.network`, and the network
cannot import it back (no import circle, ``tests/test_layering.py``). Instead the network asks
here, and :mod:`chainrule.nn` registers the formats once, when the package loads: chainrule's
own ``.npz`` (:mod:`chainrule.nn.io`, the default) and PyTorch weight files
(:mod:`chainrule.nn.torch_files`, recognised by the file's suffix).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chainrule.nn.network import Network

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class ModelFormat:
    """A way to write and read a network: ``accepts(path)`` says whether a file is of it
    (``None``: the default format, for any file no other format accepts)."""

    save: Callable[[Network, PathLike], Path]
    load: Callable[[PathLike], Network]
    accepts: Callable[[PathLike], bool] | None = None


_FORMATS: list[ModelFormat] = []  # the default (chainrule's own) first


def register(model_format: ModelFormat) -> None:
    """Add a format; the first one registered is the default, for paths no other accepts."""
    _FORMATS.append(model_format)


def save(network: Network, path: PathLike) -> Path:
    """Write ``network`` in the default format (what ``Network.save`` does)."""
    return _FORMATS[0].save(network, path)


def load(path: PathLike) -> Network:
    """Read the network in ``path`` with the first format that accepts it, or the default."""
    chosen = next((f for f in _FORMATS if f.accepts and f.accepts(path)), _FORMATS[0])
    return chosen.load(path)
