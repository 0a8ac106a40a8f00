"""Figures without a display: create them on the Agg canvas, save them as PNG or SVG.

matplotlib is imported inside the functions, so importing :mod:`chainrule.viz` stays cheap,
and no global backend is switched: each figure gets its own Agg canvas, which works on a
server with no display and does not disturb a notebook's own backend.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chainrule.errors import ConfigError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = {".png": "png", ".svg": "svg"}


def new_figure(width: float = 6.4, height: float = 4.8, **options: Any) -> Figure:
    """A matplotlib ``Figure`` drawn by the Agg canvas (no display needed)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained", **options)
    FigureCanvasAgg(figure)
    return figure


def save_figure(figure: Figure, path: str | Path, *, dpi: int = 120) -> Path:
    """Write ``figure`` to ``path``, as PNG or SVG according to the suffix.

    Raises
    ------
    ConfigError
        When the suffix is neither ``.png`` nor ``.svg``.
    """
    path = Path(path)
    image_format = check_image_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format=image_format, dpi=dpi)
    return path


def check_image_path(path: str | Path) -> str:
    """The image format of ``path`` by its suffix (``png`` or ``svg``); a clear error
    otherwise, so a command can refuse a bad file name before any work."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ConfigError(
            f"a plot file must end in .png or .svg; got {str(path)!r} (suffix {suffix or 'none'})"
        )
    return FORMATS[suffix]


def figure_svg(figure: Figure) -> str:
    """The figure as an SVG document (a string without the XML prolog, ready to inline)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    text = buffer.getvalue()
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def figure_png(figure: Figure, *, dpi: int = 100) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
