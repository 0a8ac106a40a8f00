"""Training curves: loss and accuracy per epoch, for the training and validation sets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chainrule.errors import ConfigError
from chainrule.viz.figures import new_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from chainrule.nn.history import History

TRAIN_COLOR, VALIDATION_COLOR = "#1f77b4", "#ff7f0e"


def training_curves(history: History, *, title: str | None = None) -> Figure:
    """Loss (left) and, for classifiers, accuracy (right) per epoch.

    Parameters
    ----------
    history : what ``Network.fit`` returned; its ``loss`` list has one entry per epoch.
    title : an optional title over both panels.

    Returns
    -------
    matplotlib.figure.Figure
        One axis per metric; validation curves are drawn when the history has them.
    """
    if not history.loss:
        raise ConfigError("training curves need at least one finished epoch; got an empty history")
    panels = ["loss", "accuracy"] if history.accuracy else ["loss"]
    figure = new_figure(4.2 * len(panels) + 0.4, 3.4)
    axes = figure.subplots(1, len(panels), squeeze=False)[0]
    for ax, metric in zip(axes, panels, strict=True):
        plot_metric(ax, history, metric)
    if title:
        figure.suptitle(title)
    return figure


def plot_metric(ax: Axes, history: History, metric: str) -> None:
    """Draw one metric (``"loss"`` or ``"accuracy"``) and its validation twin on ``ax``."""
    train = getattr(history, metric)
    validation = getattr(history, f"val_{metric}")
    epochs = range(1, len(train) + 1)
    ax.plot(epochs, train, color=TRAIN_COLOR, marker="o" if len(train) < 30 else None,
            markersize=3, label=f"training {metric}")
    if validation:
        ax.plot(range(1, len(validation) + 1), validation, color=VALIDATION_COLOR,
                linestyle="--", label=f"validation {metric}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    if metric == "loss" and min(train) > 0 and max(train) / min(train) > 50:
        ax.set_yscale("log")
    if metric == "accuracy":
        ax.set_ylim(-0.02, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize="small")
