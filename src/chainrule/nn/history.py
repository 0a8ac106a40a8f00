"""What training returns: per-epoch metrics and why it stopped."""

from __future__ import annotations

from dataclasses import dataclass, field


class TrainingWarning(UserWarning):
    """Training finished, but something about it deserves a look (see ``History.warnings``)."""


@dataclass
class History:
    """Per-epoch lists (one entry per finished epoch) and the stopping reason.

    ``loss`` and ``accuracy`` are running values, as Keras reports them: each batch's loss
    and predictions are taken before its own step, and the epoch's entry is their mean over
    the samples (plus the weight-decay penalty at the epoch's first weights). With the full
    batch, ``loss[e]`` is exactly the loss of the weights epoch ``e`` started from.
    ``val_loss`` and ``val_accuracy`` are those of the weights the epoch ended with. An
    accuracy is the share of right labels: one per sample, or one per output of a binary
    loss with several outputs.
    """

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
    #: what deserves a look, e.g. a run that ended with a higher loss than it started from
    warnings: list[str] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        return len(self.loss)

    def last(self) -> dict[str, float]:
        """The metrics of the last epoch, by name."""
        names = ("loss", "accuracy", "val_loss", "val_accuracy", "lr")
        return {name: getattr(self, name)[-1] for name in names if getattr(self, name)}
