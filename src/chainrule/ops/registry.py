"""One registry of ops by name: what the CLI, saved files and the explainer look up."""

from __future__ import annotations

from typing import Any, TypeVar

from chainrule.errors import one_of
from chainrule.ops.base import Activation, Loss

ACTIVATIONS: dict[str, type[Activation]] = {}
LOSSES: dict[str, type[Loss]] = {}

A = TypeVar("A", bound=type[Activation])
L = TypeVar("L", bound=type[Loss])


def register_activation(cls: A) -> A:
    ACTIVATIONS[cls.name] = cls
    return cls


def register_loss(cls: L) -> L:
    LOSSES[cls.name] = cls
    return cls


def activation(name: str, **config: Any) -> Activation:
    """The activation called ``name``, e.g. ``activation("leaky_relu", slope=0.1)``."""
    if name not in ACTIVATIONS:
        raise one_of("activation", name, ACTIVATIONS)
    return ACTIVATIONS[name](**config)


def loss(name: str, **config: Any) -> Loss:
    """The loss called ``name``, e.g. ``loss("squared_error", reduction="sum")``."""
    if name not in LOSSES:
        raise one_of("loss", name, LOSSES)
    return LOSSES[name](**config)
