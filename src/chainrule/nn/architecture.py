"""A network's architecture as JSON data, and back: checked field by field before building.

A model file may come from anyone, so what it says is read as a typed record: every field a
layer type declares has a kind (a count is a whole number ≥ 1, never ``2.7`` or ``true``), the
JSON nests only as deep as the format does, and the parameters' shapes are known from the
record alone, before a single weight is allocated (see :func:`parameter_shapes`).

A new kind of layer plugs in with one :class:`LayerType` passed to :func:`register`: its
name in the file, its fields, how to read a layer's config and how to build one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chainrule.errors import ModelFileError
from chainrule.nn.dense import Dense
from chainrule.ops.base import Activation
from chainrule.ops.registry import activation, loss

FORMAT = "chainrule-network"
FORMAT_VERSION = 1
DTYPES = ("float64", "float32")
MAX_DEPTH = 8  # the format nests 4 deep: record → layers → layer → a list option
MAX_LAYERS = 10_000
MAX_NAME = 100  # characters of a name or a text option

Shapes = list[tuple[str, tuple[int, ...]]]


def _count(value: object) -> bool:
    return type(value) is int and value >= 1  # bool is a subclass of int: refused here


def _flag(value: object) -> bool:
    return type(value) is bool


def _option(value: object) -> bool:
    """An op's option: a finite number, a flag or a short text (the op checks its meaning)."""
    if type(value) in (int, float):
        return math.isfinite(value)
    return type(value) is bool or (type(value) is str and len(value) <= MAX_NAME)


FIELD_KINDS: dict[str, tuple[Callable[[object], bool], str]] = {
    "count": (_count, "a whole number ≥ 1"),
    "whole": (lambda v: type(v) is int and v >= 0, "a whole number ≥ 0"),
    "flag": (_flag, "true or false"),
    "name": (lambda v: type(v) is str and 0 < len(v) <= MAX_NAME, "a name"),
}


@dataclass(frozen=True)
class LayerType:
    """How one kind of layer is written to a model file and read back.

    Attributes
    ----------
    name : the layer's ``"type"`` in the file, e.g. ``"dense"``.
    fields : the fields the record must have, each with its kind (a key of FIELD_KINDS).
    options : whether other fields are allowed, as an op's options (numbers, flags, texts).
    owns : whether a layer object is of this type.
    config : the fields of a layer (without ``"type"``).
    build : a layer from checked fields; its parameters are not allocated yet.
    shapes : the names and shapes of the parameters, from the checked fields alone.
    """

    name: str
    fields: dict[str, str]
    owns: Callable[[object], bool]
    config: Callable[[Any], dict[str, Any]]
    build: Callable[[dict[str, Any]], Any]
    shapes: Callable[[dict[str, Any]], Shapes]
    options: bool = False


LAYER_TYPES: dict[str, LayerType] = {}


def register(layer_type: LayerType) -> LayerType:
    """Make ``layer_type`` savable and loadable (later registrations are matched first)."""
    LAYER_TYPES[layer_type.name] = layer_type
    return layer_type


def _dense_shapes(fields: dict[str, Any]) -> Shapes:
    shapes: Shapes = [("W", (fields["n_in"], fields["n_out"]))]
    return [*shapes, ("b", (fields["n_out"],))] if fields["bias"] else shapes


register(LayerType(
    "dense", {"n_in": "count", "n_out": "count", "bias": "flag"},
    owns=lambda layer: isinstance(layer, Dense), config=lambda layer: layer.config(),
    build=lambda f: Dense(f["n_in"], f["n_out"], bias=f["bias"], init="zeros"),
    shapes=_dense_shapes,
))
register(LayerType(
    "activation", {"name": "name"}, options=True,
    owns=lambda layer: isinstance(layer, Activation),
    config=lambda layer: {"name": layer.name, **layer.config()},
    build=lambda f: activation(f["name"], **{k: v for k, v in f.items() if k != "name"}),
    shapes=lambda fields: [],
))


def describe(network: Any) -> dict[str, Any]:
    """The architecture of ``network`` as JSON-ready data."""
    layers = []
    for layer in network.layers:
        kind = next((t for t in reversed(LAYER_TYPES.values()) if t.owns(layer)), None)
        if kind is None:
            raise ModelFileError(f"{layer!r} cannot be saved: no model-file type for it")
        layers.append({"type": kind.name, **kind.config(layer)})
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "dtype": network.dtype.name,
            "layers": layers, "loss": {"name": network.loss.name, **network.loss.config()}}


@dataclass(frozen=True)
class Architecture:
    """A checked architecture record: what to build, and the parameters it will have."""

    dtype: str
    layers: list[tuple[LayerType, dict[str, Any]]]
    loss: dict[str, Any]
    extra: dict[str, Any]  # fields a format adds (unchecked here: its reader checks them)

    def parameter_shapes(self) -> Shapes:
        """``[("W1", (2, 3)), ("b1", (3,)), ...]``: layers with parameters numbered from 1."""
        named: Shapes = []
        number = 0
        for kind, fields in self.layers:
            shapes = kind.shapes(fields)
            number += bool(shapes)
            named += [(f"{name}{number}", shape) for name, shape in shapes]
        return named

    def build_parts(self) -> tuple[list[Any], Any]:
        """The layers and the loss (ops check their own options: ConfigError if bad)."""
        layers = [kind.build(fields) for kind, fields in self.layers]
        options = {k: v for k, v in self.loss.items() if k != "name"}
        return layers, loss(self.loss["name"], **options)


def read(text: bytes, source: object, extra: tuple[str, ...] = ()) -> Architecture:
    """Parse and check an architecture record; any problem is a :class:`ModelFileError`.
    ``extra`` names the top-level fields another format adds (kept in ``.extra``)."""
    record = _parse(text, source)
    if record.get("format") != FORMAT or type(record.get("format")) is not str:
        raise ModelFileError(f"{source} is not a chainrule model file")
    version = record.get("format_version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise ModelFileError(f"{source} has format version {version!r}; this chainrule reads "
                             f"version {FORMAT_VERSION}")
    _fields(record, {"format": "name", "format_version": "count", "dtype": "name"},
            f"{source}: the record", extra=("layers", "loss", *extra))
    if record["dtype"] not in DTYPES:
        raise ModelFileError(f"{source}: dtype must be float64 or float32; "
                             f"found {record['dtype']!r}")
    entries = record.get("layers")
    if not isinstance(entries, list) or not 1 <= len(entries) <= MAX_LAYERS:
        raise ModelFileError(f"{source}: `layers` must be a list of 1 to {MAX_LAYERS:,} layers")
    layers = [_layer(entry, position, source) for position, entry in enumerate(entries, 1)]
    loss_record = record.get("loss")
    if not isinstance(loss_record, dict):
        raise ModelFileError(f"{source}: `loss` must be a record with a name")
    _fields(loss_record, {"name": "name"}, f"{source}: the loss", options=True)
    return Architecture(record["dtype"], layers, loss_record,
                        {name: record[name] for name in extra if name in record})


def _parse(text: bytes, source: object) -> dict[str, Any]:
    try:
        decoded = text.decode("utf-8")
        depth = nesting(decoded)
        if depth > MAX_DEPTH:
            raise ModelFileError(f"{source}: the architecture record nests {depth} levels "
                                 f"deep; a model file nests at most {MAX_DEPTH}")
        record = json.loads(decoded, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as error:  # ValueError: e.g. a 5000-digit number
        raise ModelFileError(f"{source}: the architecture record is corrupted ({error})") from None
    if not isinstance(record, dict):
        raise ModelFileError(f"{source} is not a chainrule model file")
    return record


def _no_constant(name: str) -> None:
    raise json.JSONDecodeError(f"{name} is not a number a model file may hold", name, 0)


def nesting(text: str) -> int:
    """How deep the brackets of a JSON text nest (brackets inside strings do not count)."""
    depth = deepest = 0
    quoted = escaped = False
    for char in text:
        if quoted:
            escaped, quoted = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            quoted = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _layer(entry: object, position: int, source: object) -> tuple[LayerType, dict[str, Any]]:
    where = f"{source}: layer {position}"
    if not isinstance(entry, dict) or entry.get("type") not in LAYER_TYPES:
        kinds = ", ".join(LAYER_TYPES)
        found = entry.get("type") if isinstance(entry, dict) else entry
        raise ModelFileError(f"{where} must be a record whose type is one of {kinds}; "
                             f"found {found!r}"[:300])
    kind = LAYER_TYPES[entry["type"]]
    fields = {k: v for k, v in entry.items() if k != "type"}
    _fields(fields, kind.fields, f"{where} ({kind.name})", options=kind.options)
    return kind, fields


def _fields(record: dict[str, Any], kinds: dict[str, str], where: str, *,
            options: bool = False, extra: tuple[str, ...] = ()) -> None:
    """Check that ``record`` has each field of ``kinds`` with a value of its kind."""
    for name, kind in kinds.items():
        accepts, wanted = FIELD_KINDS[kind]
        if name not in record or not accepts(record[name]):
            found = repr(record[name])[:60] if name in record else "nothing"
            raise ModelFileError(f"{where}: `{name}` must be {wanted}; found {found}")
    for name, value in record.items():
        if name in kinds or name in extra:
            continue
        if not options:
            raise ModelFileError(f"{where}: unexpected field `{name[:60]}`")
        if not _option(value):
            raise ModelFileError(f"{where}: option `{name[:60]}` must be a finite number, "
                                 f"true/false or a short text; found {repr(value)[:60]}")
