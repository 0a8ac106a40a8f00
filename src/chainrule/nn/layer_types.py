"""The layers beyond Dense in model files: one :class:`~chainrule.nn.architecture.LayerType`
each, registered when this module is imported (by :mod:`chainrule.nn.io`).

Each record holds the layer's constructor arguments (``config``), checked by kind before any
array is allocated; the parameter shapes follow from them alone. Batch norm's running
statistics are buffers, saved beside the parameters under ``running_mean2`` etc.
"""

from __future__ import annotations

from typing import Any

from chainrule.nn.architecture import LayerType, Shapes, register
from chainrule.nn.layers import LAYERS


def _conv_shapes(dims: int) -> Any:
    def shapes(f: dict[str, Any]) -> Shapes:
        kernel = (f["out_channels"], f["in_channels"]) + (f["kernel_size"],) * dims
        named: Shapes = [("K", kernel)]
        return [*named, ("b", (f["out_channels"],))] if f["bias"] else named
    return shapes


def _recurrent_shapes(gates: int, names: tuple[str, str, str]) -> Any:
    def shapes(f: dict[str, Any]) -> Shapes:
        width = gates * f["hidden_size"]
        return [(names[0], (f["input_size"], width)), (names[1], (f["hidden_size"], width)),
                (names[2], (width,))]
    return shapes


def _dropout_config(layer: Any) -> dict[str, Any]:
    """``p``, and ``seed`` only when one was given (JSON's null is no option value)."""
    return {"p": layer.p, **({"seed": layer.seed} if layer.seed is not None else {})}


CONV = {"in_channels": "count", "out_channels": "count", "kernel_size": "count",
        "stride": "count", "padding": "whole", "bias": "flag"}
POOL = {"kernel_size": "count", "stride": "count"}
RECURRENT = {"input_size": "count", "hidden_size": "count", "output": "name"}

_TYPES = (
    ("conv2d", CONV, False, _conv_shapes(2), None),
    ("conv1d", CONV, False, _conv_shapes(1), None),
    ("maxpool2d", POOL, False, lambda f: [], None),
    ("avgpool2d", POOL, False, lambda f: [], None),
    ("flatten", {}, False, lambda f: [], None),
    ("batchnorm", {"num_features": "count"}, True,
     lambda f: [("gamma", (f["num_features"],)), ("beta", (f["num_features"],))], None),
    ("dropout", {}, True, lambda f: [], _dropout_config),
    ("rnn", RECURRENT, False, _recurrent_shapes(1, ("U", "W", "b")), None),
    ("lstm", RECURRENT, False, _recurrent_shapes(4, ("Wx", "Wh", "b")), None),
)

for _name, _fields, _options, _shapes, _config in _TYPES:
    _cls = LAYERS[_name]
    register(LayerType(
        _name, _fields, options=_options,
        owns=lambda layer, cls=_cls: type(layer) is cls,
        config=_config or (lambda layer: layer.config()),
        build=lambda f, cls=_cls: cls(**f),
        shapes=_shapes,
    ))
