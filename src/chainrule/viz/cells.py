"""Arrays drawn as grids of cells in hand-written SVG, each cell a button where it opens a
derivation: the layer report's pictures (kernels, feature maps, pooling windows, a batch's
statistics, a dropout mask).

A :class:`Panel` is one titled 2-D array; :func:`panels_svg` lays panels out in rows. Colours
diverge around 0 within each panel (red positive, blue negative), as in the matplotlib
pictures; a small array writes its numbers in the cells. A cell with a :class:`CellLink` is
focusable (``tabindex="0"``, ``role="button"``) and carries ``data-key``, the derivation it
opens, and an ``aria-label`` with its name and value; ``data-related`` names the keys of the
cells the page highlights with it (a window's entries) and ``data-goes`` those its gradient
goes to (the window's maximum).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import numpy as np

TITLE_HEIGHT, GAP, ROW_GAP, MARGIN = 30.0, 22.0, 14.0, 8.0
CELL, MIN_CELL, PANEL_WIDTH = 34.0, 9.0, 220.0
RED, BLUE = (214, 39, 40), (31, 119, 180)


@dataclass(frozen=True)
class CellLink:
    """What clicking a cell opens: the derivation ``key``; ``name`` is read out with the value."""

    key: str
    name: str
    related: tuple[str, ...] = ()
    goes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Panel:
    """One titled array of shape ``(rows, columns)``; ``links[(i, j)]`` makes cell ``(i, j)``
    a button; ``marked`` cells get a thick outline (a window's winner, a dropped unit)."""

    title: str
    values: np.ndarray
    links: dict[tuple[int, int], CellLink] = field(default_factory=dict)
    marked: np.ndarray | None = None

    def side(self) -> float:
        """The side of one cell: large enough for its number, the panel at most 220 px wide."""
        rows, columns = np.atleast_2d(self.values).shape
        return max(MIN_CELL, min(CELL, PANEL_WIDTH / max(rows, columns)))


def panels_svg(rows: list[list[Panel]], label: str) -> str:
    """An ``<svg>`` with ``rows`` of panels side by side; ``label`` names the picture."""
    parts, y, width = [], MARGIN, 0.0
    for row in rows:
        x, height = MARGIN, 0.0
        for panel in row:
            drawn, (w, h) = _panel(panel, x, y)
            parts.append(drawn)
            x, height = x + w + GAP, max(height, h)
        width, y = max(width, x), y + height + ROW_GAP
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="cr-cells" viewBox="0 0 {width:.0f} '
            f'{y:.0f}" width="{width:.0f}" height="{y:.0f}" role="group" '
            f'aria-label="{escape(label)}" font-family="sans-serif" font-size="10">')
    return "\n".join([head, *parts, "</svg>"])


def _panel(panel: Panel, left: float, top: float) -> tuple[str, tuple[float, float]]:
    values = np.atleast_2d(np.asarray(panel.values, dtype=float))
    side = panel.side()
    limit = float(np.max(np.abs(values))) or 1.0
    parts = [f'<g class="cr-panel-{_slug(panel.title)}"><text x="{left:.1f}" '
             f'y="{top + 14:.1f}" font-size="11">{escape(panel.title)}</text>']
    for (i, j), value in np.ndenumerate(values + 0.0):  # + 0.0: −0.0 (a dropped unit) is 0
        x, y = left + j * side, top + TITLE_HEIGHT + i * side
        marked = panel.marked is not None and bool(np.atleast_2d(panel.marked)[i, j])
        parts.append(_cell(x, y, side, value, limit, panel.links.get((i, j)), marked))
    parts.append("</g>")
    rows, columns = values.shape
    return "".join(parts), (max(columns * side, 7.0 * len(panel.title)),
                            TITLE_HEIGHT + rows * side)


def _cell(x: float, y: float, side: float, value: float, limit: float, link: CellLink | None,
          marked: bool) -> str:
    stroke = ' stroke="#000" stroke-width="3"' if marked else ' stroke="#fff"'
    shape = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{side:.1f}" height="{side:.1f}" '
             f'fill="{colour(value / limit)}"{stroke}')
    text = "" if side < 24 else (
        f'<text x="{x + side / 2:.1f}" y="{y + side / 2 + 3:.1f}" text-anchor="middle" '
        f'pointer-events="none" font-size="9">{_short(value)}</text>')
    if link is None:
        return f"{shape}/>{text}"
    name = f"{link.name} = {value:.4g}"
    extra = "".join(f' data-{attr}="{" ".join(keys)}"' for attr, keys in
                    (("related", link.related), ("goes", link.goes)) if keys)
    return (f'{shape} class="cr-cell" data-key="{link.key}" tabindex="0" role="button" '
            f'aria-label="{escape(name)}"{extra}><title>{escape(name)}</title></rect>{text}')


def colour(t: float) -> str:
    """White at 0 to red at +1 or blue at −1."""
    end = RED if t >= 0 else BLUE
    share = min(abs(t), 1.0) * 0.85
    r, g, b = (round(255 + (c - 255) * share) for c in end)
    return f"#{r:02x}{g:02x}{b:02x}"


def _short(value: float) -> str:
    """Three significant digits, the minus sign a real one (it fits a 34 px cell)."""
    return f"{value:.2g}".replace("-", "−") if abs(value) < 0.01 and value else (
        f"{value:.3g}".replace("-", "−"))


def _slug(title: str) -> str:
    return "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in title).strip("-")


def key_of(name: str) -> str:
    """An HTML id for a derivation's name: ``"K[1,0,0,1]"`` → ``"k-K_1_0_0_1"``."""
    return "k-" + "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in name).strip("_")
