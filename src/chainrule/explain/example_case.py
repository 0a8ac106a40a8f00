"""One example of the library's own: a network with its sample, notation and quantity.

The learners' questions (:mod:`chainrule.explain.examples`) and the layers beyond Dense
(:mod:`chainrule.explain.layer_examples`) are given as these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Example:
    """A network with its sample, notation and the question's quantity."""

    name: str
    description: str
    net: Any
    x: np.ndarray
    y: np.ndarray
    notation: str
    quantity: str | int
