"""The options of ``fit``, checked at the public boundary: counts, rates, shares."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from chainrule.errors import ConfigError

Schedule = Callable[[int, float], float]


def check_options(epochs, batch_size, weight_decay, validation_split, early_stopping):
    """The options as plain Python numbers (NumPy integers welcome), or a ConfigError."""
    if not is_count(epochs):
        raise ConfigError(f"`epochs` must be a positive integer; got {epochs!r}")
    if batch_size is not None and not is_count(batch_size):
        raise ConfigError(f"`batch_size` must be a positive integer or None; got {batch_size!r}")
    if not (isinstance(weight_decay, (int, float, np.floating)) and math.isfinite(weight_decay)
            and weight_decay >= 0):
        raise ConfigError(f"`weight_decay` must be ≥ 0; got {weight_decay!r}")
    if not (isinstance(validation_split, (int, float, np.floating))
            and 0 <= validation_split < 1):
        raise ConfigError(f"`validation_split` must be in [0, 1); got {validation_split!r}")
    if early_stopping is not None and not is_count(early_stopping):
        raise ConfigError(f"`early_stopping` must be a positive integer; got {early_stopping!r}")
    return (int(epochs), None if batch_size is None else int(batch_size), float(weight_decay),
            float(validation_split), None if early_stopping is None else int(early_stopping))


def is_count(value: object) -> bool:
    """A positive integer, Python's or NumPy's (not a bool, not 3.0)."""
    return (isinstance(value, (int, np.integer)) and not isinstance(value, bool)
            and value >= 1)


def learning_rate(schedule: Schedule | None, epoch: int, base: float) -> float:
    """The epoch's rate: the optimizer's, or what the schedule makes of it (checked)."""
    if schedule is None:
        return base
    lr = schedule(epoch, base)
    if not (isinstance(lr, (int, float, np.floating)) and math.isfinite(lr) and lr > 0):
        raise ConfigError(f"the learning-rate schedule must give a positive number; "
                          f"got {lr!r} for epoch {epoch + 1}")
    return float(lr)
