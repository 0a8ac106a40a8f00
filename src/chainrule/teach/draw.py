"""Drawing a variant's numbers so that a student can work them by hand.

Every weight, bias and input is a multiple of 0.1 between −1 and 1, never 0; a regression
target is a multiple of 0.1 in the output activation's range, a class a whole number. A draw
is kept only if the numbers are *pleasant*:

- no unit saturates: every signal of a sigmoid, tanh or softmax unit has ``|z| ≤ 2``
  (there σ′ ≥ 0.1, tanh′ ≥ 0.07), so no gradient vanishes into rounding;
- no ReLU-like signal lies within 0.1 of its kink at 0, where the derivative jumps;
- every asked quantity is clearly non-zero: ``|value| ≥ 0.01`` for a number, every entry
  ``≥ 0.001`` for a matrix.

Draws come from ``numpy.random.default_rng(seed)`` one after the other until one is pleasant,
so a variant is the same for the same template and seed on every machine.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.ops.registry import activation
from chainrule.teach.template import Template

MAX_TRIES = 2000
MAX_SIGNAL = 2.0
KINK_MARGIN = 0.1
MIN_VALUE = 0.01
MIN_ENTRY = 0.001


def seed_number(seed: str | int) -> int:
    """The integer seed of a seed text: a whole number is itself, anything else (a student's
    id) its SHA-256 hash, so the same id always gives the same variant."""
    text = str(seed).strip()
    if not text:
        raise ConfigError("a seed must not be empty; got ''")
    if text.isdigit() and len(text) <= 18:
        return int(text)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def tenths(rng: np.random.Generator, size: int | tuple[int, ...], low: int = -10,
           high: int = 10, zero: bool = False) -> np.ndarray:
    """Multiples of 0.1 from ``low/10`` to ``high/10``; without 0 unless ``zero``."""
    choices = np.array([k for k in range(low, high + 1) if zero or k != 0])
    return rng.choice(choices, size=size) / 10


def draw_parameters(net: Any, rng: np.random.Generator) -> list[np.ndarray]:
    """Weights and biases of ``net``, in the order of ``net.parameters``."""
    return [tenths(rng, p.shape) for p in net.parameters]


def draw_sample(net: Any, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """One input row and its target, as ``net.trace`` takes them."""
    x = tenths(rng, (1, net.n_inputs))
    loss = net.loss
    if loss.classifier and net.n_outputs > 1:
        return x, np.array([int(rng.integers(net.n_outputs))])
    if loss.classifier:
        return x, rng.integers(0, 2, size=(1, 1)).astype(float)
    low = -10 if _output_range(net)[0] < 0 else 0
    return x, tenths(rng, (1, net.n_outputs), low=low, zero=True)


def _output_range(net: Any) -> tuple[float, float]:
    """Where the network's outputs lie: its final activation's range (a linear output's
    when it ends with a dense layer)."""
    return getattr(net.layers[-1], "output_range", (-np.inf, np.inf))


def pleasant_signals(net: Any, trace: Any) -> bool:
    """No saturated unit and no ReLU signal near its kink (see the module docstring)."""
    for layer in range(1, trace.n_layers + 1):
        op = trace.activation_of(layer)
        if op is None and layer == trace.n_layers and net.loss.output_activation:
            op = activation(net.loss.output_activation)  # a fused loss's softmax or sigmoid
        if op is None:
            continue
        z = np.abs(trace.z(layer))
        if op.saturating and z.max() > MAX_SIGNAL:
            return False
        if op.kink() is not None and z.min() < KINK_MARGIN:
            return False
    return True


def pleasant_value(value: float | np.ndarray) -> bool:
    """An asked quantity clearly away from 0."""
    array = np.abs(np.asarray(value, dtype=float))
    if array.ndim == 0:
        return bool(array >= MIN_VALUE)
    return bool(array.min() >= MIN_ENTRY)


def draw(template: Template, seed: int, net: Any,
         values: Callable[[Any, np.ndarray, np.ndarray], list[Any]]) -> tuple[np.ndarray, ...]:
    """Set ``net``'s parameters to the first pleasant draw of ``seed``; return ``(x, y)``.

    ``values(net, x, y)`` gives the asked quantities of a draw (they must all be clearly
    non-zero).

    Raises
    ------
    ConfigError
        If no draw of :data:`MAX_TRIES` is pleasant (a template whose signals must saturate).
    """
    rng = np.random.default_rng(seed)
    for _ in range(MAX_TRIES):
        net.set_weights(draw_parameters(net, rng))
        x, y = draw_sample(net, rng)
        trace = net.trace(x, y)
        if not pleasant_signals(net, trace) or trace.loss < MIN_VALUE:
            continue
        if all(pleasant_value(v) for v in values(net, x, y)):
            return x, y
    raise ConfigError(f"no pleasant numbers found for a {template.spec} network with "
                      f"{template.activation} units in {MAX_TRIES} draws of seed {seed}: every "
                      "draw saturated a unit or gave an asked gradient of 0; try another "
                      "activation, fewer or narrower layers")
