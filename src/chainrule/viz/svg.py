"""The diagram as hand-written SVG, for the HTML report and notebooks.

Every drawn weight and unit is an element with ``data-*`` attributes carrying its numbers
(``data-weight``, ``data-grad``; ``data-z``, ``data-a``, ``data-delta``, ``data-bias``,
``data-grad-bias``), written with ``repr`` so they are exactly the trace's values. Each weight
has a round handle and each unit is a button: both are focusable (``tabindex="0"``) with an
``aria-label``, so the report's script can react to clicks and to the keyboard.

Given :class:`~chainrule.viz.diagram_names.DiagramNames`, the words are the notation's (its letters,
unit numbers and sign of δ); the texts that change with the notation carry ``data-label``
(the element's key, or ``c<layer>`` for a column) so the report's switcher can rewrite them.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from chainrule.viz.diagram_data import Column, DiagramLayout, EdgeSpot, UnitSpot, largest

if TYPE_CHECKING:
    from chainrule.viz.diagram_names import DiagramNames

POSITIVE, NEGATIVE = "#2166ac", "#b2182b"
COLUMN_GAP, LEFT, TOP, RADIUS, HANDLE_AT = 210.0, 70.0, 48.0, 19.0, 0.78


def diagram_svg(layout: DiagramLayout, *, edge_value: str = "weight",
                names: DiagramNames | None = None) -> str:
    """An ``<svg>`` element drawing ``layout``; colour and width of edges show ``edge_value``
    (``"weight"`` or ``"grad"``); ``names`` writes it in a notation (default: engine words,
    units counted from 1 in each layer)."""
    slots = max(len(c.shown) + (1 if c.hidden else 0) for c in layout.columns)
    height = TOP + max(slots * 78.0, 160.0) + 30
    width = LEFT + COLUMN_GAP * layout.n_layers + 190
    geometry = _Geometry(height - TOP - 30)
    scale = largest([getattr(e, edge_value) for e in layout.edges])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cr-diagram" viewBox="0 0 {width:.0f} '
        f'{height:.0f}" width="{width:.0f}" height="{height:.0f}" role="group" '
        f'aria-label="network diagram: click or press Enter on a weight or unit" '
        f'font-family="sans-serif" font-size="11">',
        '<g class="cr-edges">',
        *(_edge(layout, e, geometry, getattr(e, edge_value), scale, names)
          for e in layout.edges),
        '</g><g class="cr-handles">',
        *(_handle(layout, e, geometry, getattr(e, edge_value), names) for e in layout.edges),
        '</g><g class="cr-units">',
        *(_unit(u, geometry, names) for u in layout.units),
        "</g>",
        *(_column_text(c, geometry, names) for c in layout.columns),
    ]
    if layout.loss is not None:
        x = geometry.x(layout.n_layers) + RADIUS + 28
        loss = "L" if names is None else names.loss
        parts.append(f'<text x="{x:.1f}" y="{geometry.y(0.5):.1f}" class="cr-loss" '
                     f'data-label="loss">{escape(loss)} = {_number(layout.loss)}</text>'
                     f'<text x="{x:.1f}" y="{geometry.y(0.5) + 15:.1f}" font-size="10" '
                     f'fill="#555">{escape(layout.loss_name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


class _Geometry:
    """Diagram coordinates (layer, 0..1) to SVG pixels."""

    def __init__(self, inner_height: float) -> None:
        self.inner_height = inner_height

    @staticmethod
    def x(layer: float) -> float:
        return LEFT + COLUMN_GAP * layer

    def y(self, fraction: float) -> float:
        return TOP + fraction * self.inner_height


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.4g}"


def _data(**values: float | int | str | None) -> str:
    """``data-*`` attributes; floats are written with ``repr`` (exact)."""
    items = []
    for name, value in values.items():
        if value is None:
            continue
        text = repr(float(value)) if isinstance(value, float) else str(value)
        items.append(f'data-{name.replace("_", "-")}="{escape(text)}"')
    return " ".join(items)


def _ends(layout: DiagramLayout, edge: EdgeSpot, g: _Geometry) -> tuple[float, ...]:
    start, end = layout.unit(edge.layer - 1, edge.i), layout.unit(edge.layer, edge.j)
    return g.x(start.x), g.y(start.y), g.x(end.x), g.y(end.y)


def _edge(layout: DiagramLayout, edge: EdgeSpot, g: _Geometry, value: float | None,
          scale: float, names: DiagramNames | None) -> str:
    x1, y1, x2, y2 = _ends(layout, edge, g)
    color = POSITIVE if (value or 0.0) >= 0 else NEGATIVE
    width = 0.6 + 4.4 * abs(value or 0.0) / scale
    data = _data(key=edge.key, kind="weight", layer=edge.layer, i=edge.i, j=edge.j,
                 weight=edge.weight, grad=edge.grad)
    line = f'x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"'
    return (f'<g class="cr-edge" id="{edge.key}" {data}><title data-label="{edge.key}">'
            f"{escape(_edge_text(edge, names))}</title>"
            f'<line class="cr-line" {line} stroke="{color}" '
            f'stroke-width="{width:.2f}" stroke-opacity="0.75" stroke-linecap="round"/>'
            f'<line class="cr-hit" {line} stroke="transparent" stroke-width="9"/></g>')


def _handle(layout: DiagramLayout, edge: EdgeSpot, g: _Geometry, value: float | None,
            names: DiagramNames | None) -> str:
    x1, y1, x2, y2 = _ends(layout, edge, g)
    x, y = x1 + HANDLE_AT * (x2 - x1), y1 + HANDLE_AT * (y2 - y1)
    color = POSITIVE if (value or 0.0) >= 0 else NEGATIVE
    return (f'<circle class="cr-handle" data-key="{edge.key}" cx="{x:.1f}" cy="{y:.1f}" r="5.5" '
            f'fill="white" stroke="{color}" stroke-width="2" tabindex="0" role="button" '
            f'aria-label="{escape(_edge_text(edge, names))}"/>')


def _edge_text(edge: EdgeSpot, names: DiagramNames | None) -> str:
    if names is not None:
        return names.edge_title(edge)
    # units counted from 1 as a learner counts them; the engine's 0-based W[i, j] in brackets
    text = (f"weight from unit {edge.i + 1} of layer {edge.layer - 1} to unit {edge.j + 1} of "
            f"layer {edge.layer} (W{edge.layer}[{edge.i}, {edge.j}] in code): "
            f"{_number(edge.weight)}")
    return text if edge.grad is None else f"{text}; gradient {_number(edge.grad)}"


def _unit(unit: UnitSpot, g: _Geometry, names: DiagramNames | None) -> str:
    x, y = g.x(unit.x), g.y(unit.y)
    data = _data(key=unit.key, kind="unit", layer=unit.layer, j=unit.index, z=unit.z, a=unit.a,
                 delta=unit.delta, bias=unit.bias, grad_bias=unit.grad_bias)
    inside = "" if unit.a is None else _number(unit.a)
    below = f"x{unit.index + 1}" if unit.layer == 0 else (
        f"δ {_number(unit.delta)}" if unit.delta is not None else f"unit {unit.index + 1}")
    below = below if names is None else names.caption(unit)
    title = escape(_unit_text(unit) if names is None else names.unit_title(unit))
    return (f'<g class="cr-unit" id="{unit.key}" {data} tabindex="0" role="button" '
            f'aria-label="{title}"><title data-label="{unit.key}">{title}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{RADIUS}" fill="white" stroke="#222" '
            f'stroke-width="1.4"/><text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" '
            f'font-size="10">{escape(inside)}</text><text x="{x:.1f}" y="{y + RADIUS + 12:.1f}" '
            f'text-anchor="middle" font-size="9" fill="#444" class="cr-caption" '
            f'data-label="{unit.key}">{escape(below)}</text></g>')


def _unit_text(unit: UnitSpot) -> str:
    if unit.layer == 0:
        return f"input {unit.index + 1}" + ("" if unit.a is None else f" = {_number(unit.a)}")
    values = [f"{name} = {_number(value)}" for name, value in
              (("z", unit.z), ("a", unit.a), ("δ", unit.delta)) if value is not None]
    return f"unit {unit.index + 1} of layer {unit.layer}" + (": " + ", ".join(values)
                                                             if values else "")


def _column_text(column: Column, g: _Geometry, names: DiagramNames | None) -> str:
    x = g.x(column.x)
    label = column.label if names is None else names.column_caption(column, activation(column))
    text = (f'<text x="{x:.1f}" y="{TOP - 22:.1f}" text-anchor="middle" font-size="12" '
            f'font-weight="bold" data-label="c{column.layer}">{escape(label)}</text>')
    if column.hidden:
        y = g.y((len(column.shown) + 0.5) / (len(column.shown) + 1))
        text += (f'<text class="cr-more" x="{x:.1f}" y="{y:.1f}" text-anchor="middle" '
                 f'font-style="italic">… {column.hidden} more</text>')
    return text


def activation(column: Column) -> str:
    """The activation named in a column's label (``layer 2 · sigmoid`` → ``sigmoid``)."""
    return column.label.split(" · ", 1)[-1]
