"""The network drawn with its numbers (matplotlib): units with z, a and δ of a traced sample,
edges coloured and sized by their weight (or gradient), and one gradient's chain highlighted.

Given a notation, every word is the course's (its letters, unit numbers and sign of δ, see
:mod:`chainrule.viz.diagram_names`); without one, the engine's names (``W2[0,1]``, inputs ``x1``…).
Edge labels are placed where they overlap no other text (:mod:`chainrule.viz.labels`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chainrule.errors import ConfigError
from chainrule.viz.diagram_data import DiagramLayout, EdgeSpot, UnitSpot, diagram_layout, largest
from chainrule.viz.diagram_names import DiagramNames, number
from chainrule.viz.diagram_quantity import (
    Quantity,
    element_key,
    parse_diagram_quantity,
    source,
    written,
)
from chainrule.viz.figures import new_figure
from chainrule.viz.labels import place_edge_labels
from chainrule.viz.svg import activation

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from chainrule.explain.notation import Notation
    from chainrule.nn.network import Network
    from chainrule.nn.trace import Trace

POSITIVE, NEGATIVE, HIGHLIGHT = "#2166ac", "#b2182b", "#ff7f0e"
MAX_LABELLED_EDGES = 30
UNIT_RADIUS = 15.0  # points


def network_diagram(network: Network, x: object = None, y: object = None, *,
                    trace: Trace | None = None, sample: int = 0,
                    highlight: object = None,
                    edge_value: str = "weight", max_units: int = 10,
                    summary_units: int = 4, title: str | None = None,
                    notation: str | Notation | None = None) -> Figure:
    """Draw ``network`` with the values of one traced sample and (optionally) one chain.

    Parameters
    ----------
    network : the network to draw.
    x, y : a sample (or batch) to trace, shapes ``(n_in,)``/``(N, n_in)``; or give ``trace``.
    sample : which row of the trace the units show.
    highlight : a weight ``"W2[0,1]"`` (or ``(layer, i, j)``), a bias ``"b2[1]"`` or a unit's
        ``"delta2[1]"``, or a quantity of :mod:`chainrule.explain`: its chain to the loss is
        drawn strong, the rest faded (a whole layer, ``kind == "layer"``, highlights nothing).
    edge_value : ``"weight"`` or ``"grad"``, what edge colour (sign) and width (size) show.
    max_units, summary_units : wider layers show only ``summary_units`` units.
    notation : a course's notation (``"mitchell"``, ...) whose names, unit numbers and sign
        of δ the picture writes; default: the engine's names.
    """
    if edge_value not in ("weight", "grad"):
        raise ConfigError(f"`edge_value` must be one of grad, weight; got {edge_value!r}")
    if trace is None and x is not None:
        trace = network.trace(x, y)
    skip = highlight is None or getattr(highlight, "kind", None) == "layer"
    target = None if skip else parse_diagram_quantity(highlight)
    keep = _kept_units(target)
    layout = diagram_layout(network, trace, sample=sample, max_units=max_units,
                            summary_units=summary_units, keep=keep)
    if edge_value == "grad" and trace is None:
        raise ConfigError("edge_value='grad' needs a trace: pass x and y, or trace=")
    most = max(len(c.shown) + (1 if c.hidden else 0) for c in layout.columns)
    figure = new_figure(2.6 * len(layout.columns) + 1.2, 1.1 * most + 1.6)
    ax = figure.subplots()
    chain = _chain(layout, target)
    focus = None if target is None or target.kind != "weight" else element_key(target)
    names = None if notation is None else DiagramNames(notation, [c.size for c in layout.columns])
    ax.set_title(title or _title(layout, target, names), fontsize=9)
    draw_layout(ax, layout, edge_value, chain, focus, names)
    return figure


def draw_layout(ax: Axes, layout: DiagramLayout, edge_value: str,
                chain: tuple[set[str], set[str]] | None, focus: str | None = None,
                names: DiagramNames | None = None) -> None:
    """Draw the edges, units, column labels and summaries of ``layout`` on ``ax``; the edge
    labels last, where they overlap nothing (the ``focus`` weight's first)."""
    scale = largest([getattr(e, edge_value) for e in layout.edges])
    labelled = len(layout.edges) <= MAX_LABELLED_EDGES
    labels = []
    for edge in layout.edges:
        strong = chain is None or edge.key in chain[1]
        ends = _draw_edge(ax, layout, edge, edge_value, scale, strong)
        if edge.key == focus:
            _draw_focus(ax, layout, edge)
        if labelled or edge.key == focus:
            style = {"fontsize": 5.5, "ha": "center", "va": "center", "zorder": 2,
                     "alpha": 1 if strong else 0.35, "bbox": {"boxstyle": "round,pad=0.15",
                                                             "fc": "white", "ec": "none"}}
            labels.insert(0 if edge.key == focus else len(labels),
                          (ends, _edge_label(edge, names), style))
    for unit in layout.units:
        _draw_unit(ax, unit, chain is None or unit.key in chain[0], names)
    for column in layout.columns:
        label = column.label if names is None else names.column_caption(column,
                                                                         activation(column))
        ax.text(column.x, 1.08, label, ha="center", va="bottom", fontsize=8)
        if column.hidden:
            ax.text(column.x, 1 - (len(column.shown) + 0.5) / (len(column.shown) + 1),
                    f"… {column.hidden} more", ha="center", va="center", fontsize=8,
                    style="italic")
    if layout.loss is not None:
        loss = "L" if names is None else names.loss
        ax.text(layout.n_layers + 0.45, 0.5, f"{loss} = {layout.loss:.4g}\n({layout.loss_name})",
                ha="left", va="center", fontsize=8)
    ax.set_xlim(-0.45, layout.n_layers + 1.0)
    ax.set_ylim(-0.12, 1.16)
    ax.axis("off")
    centres = [(unit.x, 1 - unit.y) for unit in layout.units]
    place_edge_labels(ax, labels, centres, UNIT_RADIUS)


def _draw_edge(ax: Axes, layout: DiagramLayout, edge: EdgeSpot, edge_value: str,
               scale: float, strong: bool) -> tuple[float, float, float, float]:
    start = layout.unit(edge.layer - 1, edge.i)
    end = layout.unit(edge.layer, edge.j)
    value = getattr(edge, edge_value) or 0.0
    color = POSITIVE if value >= 0 else NEGATIVE
    width = 0.4 + 3.6 * abs(value) / scale
    ax.plot([start.x, end.x], [1 - start.y, 1 - end.y], color=color, linewidth=width,
            alpha=0.9 if strong else 0.12, zorder=1, solid_capstyle="round")
    return start.x, 1 - start.y, end.x, 1 - end.y


def _edge_label(edge: EdgeSpot, names: DiagramNames | None) -> str:
    if names is None:
        return f"w={edge.weight:.3g}" + ("" if edge.grad is None else f"\n∂={edge.grad:.3g}")
    text = f"{names.weight_name(edge)} = {number(edge.weight)}"
    return text if edge.grad is None else f"{text}\n{names.gradient_name(edge)} = " \
                                          f"{number(edge.grad)}"


def _draw_unit(ax: Axes, unit: UnitSpot, strong: bool, names: DiagramNames | None) -> None:
    ax.scatter([unit.x], [1 - unit.y], s=(2 * UNIT_RADIUS) ** 2, color="white", zorder=3,
               edgecolors="black" if strong else "#bbbbbb", linewidths=1.2)
    if unit.a is not None:
        ax.text(unit.x, 1 - unit.y, f"{unit.a:.3g}", ha="center", va="center", fontsize=7,
                zorder=4, alpha=1 if strong else 0.4)
    ax.annotate(_unit_caption(unit, names), (unit.x, 1 - unit.y), ha="center", va="top",
                xytext=(0, -UNIT_RADIUS - 1), textcoords="offset points", fontsize=6, zorder=4,
                alpha=1 if strong else 0.4)  # below the circle, whatever the figure's size


def _draw_focus(ax: Axes, layout: DiagramLayout, edge: EdgeSpot) -> None:
    start, end = layout.unit(edge.layer - 1, edge.i), layout.unit(edge.layer, edge.j)
    ax.plot([start.x, end.x], [1 - start.y, 1 - end.y], color=HIGHLIGHT, linewidth=7,
            alpha=0.45, zorder=0.5, solid_capstyle="round")


def _unit_caption(unit: UnitSpot, names: DiagramNames | None) -> str:
    if names is not None:
        if unit.layer == 0 or unit.z is None:
            return names.caption(unit)
        return f"{names.pre_name(unit)} {number(unit.z)}\n{names.caption(unit)}"
    if unit.layer == 0:
        return f"x{unit.index + 1}"
    parts = []
    if unit.z is not None:
        parts.append(f"z={unit.z:.3g}")
    if unit.delta is not None:
        parts.append(f"δ={unit.delta:.3g}")
    return "\n".join(parts) if parts else f"unit {unit.index + 1}"


def _kept_units(target: Quantity | None) -> dict[int, list[int]]:
    if target is None:
        return {}
    keep = {target.layer: [target.j]}
    if source(target) is not None:
        keep[target.layer - 1] = [target.i]
    return keep


def _chain(layout: DiagramLayout, target: Quantity | None) -> tuple[set[str], set[str]] | None:
    if target is None:
        return None
    if not 1 <= target.layer <= layout.n_layers:
        raise ConfigError(f"layer must be in 1..{layout.n_layers}; got {target.layer}")
    return layout.chain(target.layer, source(target), target.j)


def _title(layout: DiagramLayout, target: Quantity | None,
           names: DiagramNames | None = None) -> str:
    if target is None or layout.sample is None:
        return "network" if layout.sample is None else f"network, traced sample {layout.sample}"
    if names is not None:
        return _title_in(layout, target, names)
    unit = layout.unit(target.layer, target.j)
    if target.kind == "weight":
        edge = layout.edge(target.layer, target.i, target.j)
        source = layout.unit(target.layer - 1, target.i)
        if layout.n_samples != 1:
            return (f"chain of ∂L/∂{written(target)} = Σ over {layout.n_samples} samples of a × δ "
                    f"= {edge.grad:.4g}")
        return (f"chain of ∂L/∂{written(target)}: a = {source.a:.4g} (input of the weight) × "
                f"δ = {unit.delta:.4g} (at its output) → ∂L/∂w = {edge.grad:.4g}")
    if target.kind == "bias":
        return f"chain of ∂L/∂{written(target)} = δ = {unit.delta:.4g}"
    return f"chain of δ (∂L/∂z) of unit {target.j}, layer {target.layer}: {unit.delta:.4g}"


def _title_in(layout: DiagramLayout, target: Quantity, names: DiagramNames) -> str:
    """The title in the notation's names and sign of δ."""
    unit = layout.unit(target.layer, target.j)
    delta = f"{names.delta_name(unit)} = {number(names.delta(unit))}"
    if target.kind == "weight":
        edge = layout.edge(target.layer, target.i, target.j)
        gradient = f"chain of {names.gradient_name(edge)} = {number(edge.grad)}"
        if layout.n_samples != 1:
            return f"{gradient}, summed over {layout.n_samples} samples"
        source = layout.unit(target.layer - 1, target.i)
        return (f"{gradient}: from {names.post_name(source)} = {number(source.a)} (its input) "
                f"and {delta} (at its output)")
    if target.kind == "bias":
        return f"chain of {names.bias_gradient_name(unit)} = {number(unit.grad_bias)}: {delta}"
    return f"chain of {names.delta_definition(unit.layer, unit.index)} of " \
           f"{names.unit_name(unit.layer, unit.index)}: {number(names.delta(unit))}"
