"""The decision boundary of a classifier with two inputs, drawn under its data points."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from chainrule.errors import ConfigError, ShapeError
from chainrule.viz.figures import new_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from chainrule.nn.network import Network

CLASS_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
                "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")


def boundary_grid(network: Network, x: np.ndarray, resolution: int = 200,
                  margin: float = 0.5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The predicted class on a ``resolution × resolution`` grid around the points ``x``.

    Returns
    -------
    xs, ys : the grid's coordinates, shapes ``(resolution,)``.
    labels : the predicted labels, shape ``(resolution, resolution)`` (rows follow ``ys``).
    """
    lo, hi = x.min(axis=0) - margin, x.max(axis=0) + margin
    xs = np.linspace(lo[0], hi[0], resolution)
    ys = np.linspace(lo[1], hi[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    labels = network.predict(points).reshape(resolution, resolution)
    return xs, ys, labels


def decision_boundary(network: Network, x: object, y: object, *, resolution: int = 200,
                      title: str | None = None, max_points: int = 1000) -> Figure:
    """The regions each class wins, coloured, with the data points ``(x, y)`` on top.

    Parameters
    ----------
    network : a trained classifier with two inputs.
    x : points, shape ``(N, 2)``; y : their labels, shape ``(N,)`` (or one-hot ``(N, K)``).
    resolution : grid points per axis.
    max_points : at most this many points are drawn (an even subsample), keeping SVGs small.
    """
    x, labels = checked_points(network, x, y)
    figure = new_figure(5.0, 4.4)
    draw_boundary(figure.subplots(), network, x, labels, resolution=resolution, title=title,
                  max_points=max_points)
    return figure


def draw_boundary(ax: Axes, network: Network, x: np.ndarray, labels: np.ndarray, *,
                  resolution: int = 200, title: str | None = None,
                  max_points: int = 1000) -> None:
    """Draw the class regions of ``network`` and the points ``x`` (labels ``labels``) on ``ax``."""
    from matplotlib.colors import ListedColormap

    xs, ys, grid = boundary_grid(network, x, resolution)
    n_classes = max(int(grid.max()), int(labels.max()), 1) + 1
    colors = [CLASS_COLORS[k % len(CLASS_COLORS)] for k in range(n_classes)]
    ax.contourf(xs, ys, grid, levels=np.arange(n_classes + 1) - 0.5,
                cmap=ListedColormap(colors), alpha=0.25)
    if n_classes > 1:
        ax.contour(xs, ys, grid, levels=np.arange(n_classes) + 0.5, colors="k", linewidths=0.8)
    step = max(1, len(x) // max_points)
    for k in range(n_classes):
        chosen = x[::step][labels[::step] == k]
        if len(chosen):
            ax.scatter(chosen[:, 0], chosen[:, 1], s=10, color=colors[k], edgecolors="white",
                       linewidths=0.3, label=f"class {k}")
    accuracy = float(np.mean(network.predict(x) == labels))
    ax.set_title(title or f"decision boundary (accuracy {accuracy:.1%})")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="best", fontsize="small")


def checked_points(network: Network, x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    if not network.loss.classifier:
        raise ConfigError(
            f"a decision boundary needs a classifier; the loss is {network.loss.name}"
        )
    if network.n_inputs != 2:
        raise ShapeError(
            f"a decision boundary is drawn for 2 inputs; the network has {network.n_inputs}"
        )
    x = np.asarray(x, dtype=float)
    labels = np.asarray(y)
    if labels.ndim == 2:
        labels = labels.argmax(axis=1) if labels.shape[1] > 1 else labels[:, 0]
    if x.ndim != 2 or x.shape[1] != 2 or len(labels) != len(x):
        raise ShapeError(f"expected x of shape (N, 2) and N labels; got {x.shape} and "
                         f"{labels.shape}")
    return x, labels.round().astype(np.int64)
