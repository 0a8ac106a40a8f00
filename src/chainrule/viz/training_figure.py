"""The figure ``chainrule train --plot FILE`` writes: curves, and the boundary when it fits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chainrule.errors import ConfigError
from chainrule.viz.boundary import checked_points, draw_boundary
from chainrule.viz.curves import plot_metric
from chainrule.viz.figures import new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from chainrule.nn.history import History
    from chainrule.nn.network import Network


def training_figures(history: History, network: Network | None = None, x: object = None,
                     y: object = None, *, title: str | None = None) -> Figure:
    """One figure summing up a training run, one panel each.

    Panels: the loss per epoch (training and validation); the accuracy, for classifiers; the
    decision boundary with the points ``(x, y)``, when ``network`` is a classifier with two
    inputs and ``x``, ``y`` are given (shapes ``(N, 2)``, ``(N,)``).
    """
    if not history.loss:
        raise ConfigError("training plots need at least one finished epoch; got an empty history")
    panels = ["loss"] + (["accuracy"] if history.accuracy else [])
    with_boundary = (network is not None and x is not None and y is not None
                     and network.loss.classifier and network.n_inputs == 2)
    count = len(panels) + (1 if with_boundary else 0)
    figure = new_figure(4.2 * count + 0.4, 3.6)
    axes = figure.subplots(1, count, squeeze=False)[0]
    for ax, metric in zip(axes, panels, strict=False):
        plot_metric(ax, history, metric)
    if with_boundary:
        points, labels = checked_points(network, x, y)
        draw_boundary(axes[-1], network, points, labels, resolution=150)
    if title:
        figure.suptitle(title)
    return figure
