"""What training returns: per-epoch metrics and why it stopped."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class History:
    """Per-epoch lists (one entry per finished epoch) and the stopping reason."""

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    #: with early stopping, the loss it compared each epoch: ``val_loss``, or without
    #: validation data the training loss of the weights at the end of the epoch
    monitored: list[float] = field(default_factory=list)
    best_epoch: int | None = None  # 0-based, when early stopping restored the best weights
    stop_reason: str = "finished all epochs"

    @property
    def epochs(self) -> int:
        return len(self.loss)

    def last(self) -> dict[str, float]:
        """The metrics of the last epoch, by name."""
        names = ("loss", "accuracy", "val_loss", "val_accuracy", "lr")
        return {name: getattr(self, name)[-1] for name in names if getattr(self, name)}
