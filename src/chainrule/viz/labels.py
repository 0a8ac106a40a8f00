"""Edge labels of the matplotlib diagram placed so that no two texts overlap.

Each weight's label is tried at a few points along its edge; the first spot where its box
(as the renderer measures it) meets no other text and no unit is taken, and a label that
finds no free spot is left out (the edge's colour and width still show the weight, and the
explained weight's label is placed first, so it is always kept).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.transforms import Bbox

#: Fractions of an edge, from its source, where a label may sit (middle first).
SPOTS = (0.5, 0.35, 0.65, 0.42, 0.58, 0.28, 0.72, 0.2, 0.8)
PAD = 2.0  # pixels kept between two boxes


def _boxes(ax: Axes, renderer: Any) -> list[Bbox]:
    return [text.get_window_extent(renderer).padded(PAD)
            for text in ax.texts if text.get_visible() and text.get_text()]


def _unit_boxes(ax: Axes, centres: Sequence[tuple[float, float]], radius: float) -> list[Bbox]:
    from matplotlib.transforms import Bbox

    out = []
    for x, y in centres:
        cx, cy = ax.transData.transform((x, y))
        out.append(Bbox.from_extents(cx - radius, cy - radius, cx + radius, cy + radius))
    return out


def place_edge_labels(ax: Axes, labels: Sequence[tuple[tuple[float, float, float, float], str,
                                                      dict[str, Any]]],
                      centres: Sequence[tuple[float, float]], radius_points: float) -> int:
    """Add the labels ``((x1, y1, x2, y2), text, style)`` along their edges where they
    overlap nothing drawn; returns how many were placed. Call after every other text."""
    figure = ax.figure
    figure.canvas.draw()  # the layout is settled before anything is measured
    renderer = figure.canvas.get_renderer()
    taken = _boxes(ax, renderer) + _unit_boxes(ax, centres, radius_points * figure.dpi / 72)
    placed = 0
    for (x1, y1, x2, y2), text, style in labels:
        artist = ax.text(x1, y1, text, in_layout=False, **style)
        for t in SPOTS:
            artist.set_position((x1 + t * (x2 - x1), y1 + t * (y2 - y1)))
            box = artist.get_window_extent(renderer).padded(PAD)
            if not any(box.overlaps(other) for other in taken):
                taken.append(box)
                placed += 1
                break
        else:
            artist.remove()
    return placed
