"""Learning-rate schedules: callables ``schedule(epoch, base_lr) -> lr`` (epochs from 0)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from chainrule.errors import ConfigError


@dataclass(frozen=True)
class StepDecay:
    """Multiply the rate by ``factor`` every ``every`` epochs."""

    every: int
    factor: float = 0.5

    def __post_init__(self) -> None:
        if self.every < 1 or not 0 < self.factor <= 1:
            raise ConfigError(f"StepDecay needs every ≥ 1 and 0 < factor ≤ 1; got {self}")

    def __call__(self, epoch: int, base_lr: float) -> float:
        return base_lr * self.factor ** (epoch // self.every)


@dataclass(frozen=True)
class ExponentialDecay:
    """``lr = base_lr · rate^epoch``."""

    rate: float

    def __post_init__(self) -> None:
        if not 0 < self.rate <= 1:
            raise ConfigError(f"ExponentialDecay needs 0 < rate ≤ 1; got {self.rate}")

    def __call__(self, epoch: int, base_lr: float) -> float:
        return base_lr * self.rate**epoch


@dataclass(frozen=True)
class CosineDecay:
    """Cosine from ``base_lr`` at epoch 0 down to ``min_lr`` at epoch ``epochs``."""

    epochs: int
    min_lr: float = 0.0

    def __post_init__(self) -> None:
        if not (isinstance(self.epochs, int) and self.epochs >= 1
                and math.isfinite(self.min_lr) and self.min_lr >= 0):
            raise ConfigError(f"CosineDecay needs epochs ≥ 1 and min_lr ≥ 0; got {self}")

    def __call__(self, epoch: int, base_lr: float) -> float:
        if self.min_lr > base_lr:
            raise ConfigError(f"CosineDecay's min_lr {self.min_lr:g} is above the base "
                              f"learning rate {base_lr:g}: it would raise the rate")
        progress = min(epoch / self.epochs, 1.0)
        return self.min_lr + (base_lr - self.min_lr) * 0.5 * (1 + math.cos(math.pi * progress))
