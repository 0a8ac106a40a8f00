"""One registry of ops by name: what the CLI, saved files and the explainer look up.

Names are those a user of PyTorch or Keras would guess, in full words (``mean_squared_error``,
``half_squared_error``, ``softmax_cross_entropy``). An op may list older names in its
``aliases``: they are still read (a model file written before a rename still loads, a
command still runs), but only the op's own ``name`` is ever printed or stored.
"""

from __future__ import annotations

from typing import Any, TypeVar

from chainrule.errors import one_of
from chainrule.ops.base import Activation, Loss

ACTIVATIONS: dict[str, type[Activation]] = {}
LOSSES: dict[str, type[Loss]] = {}
#: an older name of an op → its name
ALIASES: dict[str, str] = {}

A = TypeVar("A", bound=type[Activation])
L = TypeVar("L", bound=type[Loss])


def register_activation(cls: A) -> A:
    ACTIVATIONS[cls.name] = cls
    ALIASES.update(dict.fromkeys(cls.aliases, cls.name))
    return cls


def register_loss(cls: L) -> L:
    LOSSES[cls.name] = cls
    ALIASES.update(dict.fromkeys(cls.aliases, cls.name))
    return cls


def canonical(name: str) -> str:
    """The op's own name for ``name`` (itself, or the name it is an older alias of)."""
    return ALIASES.get(name, name)


def activation(name: str, **config: Any) -> Activation:
    """The activation called ``name``, e.g. ``activation("leaky_relu", slope=0.1)``."""
    name = canonical(name)
    if name not in ACTIVATIONS:
        raise one_of("activation", name, ACTIVATIONS)
    return ACTIVATIONS[name](**config)


def loss(name: str, **config: Any) -> Loss:
    """The loss called ``name`` (or an older alias), e.g. ``loss("squared_error",
    reduction="sum")``."""
    name = canonical(name)
    if name not in LOSSES:
        raise one_of("loss", name, LOSSES)
    return LOSSES[name](**config)
