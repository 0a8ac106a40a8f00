"""The network drawn with its numbers (matplotlib): units with z, a and δ of a traced sample,
edges coloured and sized by their weight (or gradient), and one gradient's chain highlighted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chainrule.errors import ConfigError
from chainrule.viz.figures import new_figure
from chainrule.viz.layout import DiagramLayout, EdgeSpot, UnitSpot, diagram_layout, largest
from chainrule.viz.quantity import Quantity, element_key, parse_quantity, source, written

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from chainrule.nn.network import Network
    from chainrule.nn.trace import Trace

POSITIVE, NEGATIVE, HIGHLIGHT = "#2166ac", "#b2182b", "#ff7f0e"
MAX_LABELLED_EDGES = 30


def network_diagram(network: Network, x: object = None, y: object = None, *,
                    trace: Trace | None = None, sample: int = 0,
                    highlight: object = None,
                    edge_value: str = "weight", max_units: int = 10,
                    summary_units: int = 4, title: str | None = None) -> Figure:
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
    """
    if edge_value not in ("weight", "grad"):
        raise ConfigError(f"`edge_value` must be one of grad, weight; got {edge_value!r}")
    if trace is None and x is not None:
        trace = network.trace(x, y)
    skip = highlight is None or getattr(highlight, "kind", None) == "layer"
    target = None if skip else parse_quantity(highlight)
    keep = _kept_units(target)
    layout = diagram_layout(network, trace, sample=sample, max_units=max_units,
                            summary_units=summary_units, keep=keep)
    if edge_value == "grad" and trace is None:
        raise ConfigError("edge_value='grad' needs a trace: pass x and y, or trace=")
    most = max(len(c.shown) + (1 if c.hidden else 0) for c in layout.columns)
    figure = new_figure(2.3 * len(layout.columns) + 1.2, 0.85 * most + 1.6)
    ax = figure.subplots()
    chain = _chain(layout, target)
    focus = None if target is None or target.kind != "weight" else element_key(target)
    draw_layout(ax, layout, edge_value, chain, focus)
    ax.set_title(title or _title(layout, target), fontsize=9)
    return figure


def draw_layout(ax: Axes, layout: DiagramLayout, edge_value: str,
                chain: tuple[set[str], set[str]] | None, focus: str | None = None) -> None:
    """Draw the edges, units, column labels and summaries of ``layout`` on ``ax``."""
    scale = largest([getattr(e, edge_value) for e in layout.edges])
    labelled = len(layout.edges) <= MAX_LABELLED_EDGES
    for edge in layout.edges:
        strong = chain is None or edge.key in chain[1]
        _draw_edge(ax, layout, edge, edge_value, scale, strong, labelled or edge.key == focus)
        if edge.key == focus:
            _draw_focus(ax, layout, edge)
    for unit in layout.units:
        strong = chain is None or unit.key in chain[0]
        ax.scatter([unit.x], [1 - unit.y], s=900, color="white", zorder=3,
                   edgecolors="black" if strong else "#bbbbbb", linewidths=1.2)
        if unit.a is not None:
            ax.text(unit.x, 1 - unit.y, f"{unit.a:.3g}", ha="center", va="center", fontsize=7,
                    zorder=4, alpha=1 if strong else 0.4)
        ax.text(unit.x, 1 - unit.y - 0.055, _unit_caption(unit), ha="center", va="top",
                fontsize=6, zorder=4, alpha=1 if strong else 0.4)
    for column in layout.columns:
        ax.text(column.x, 1.08, column.label, ha="center", va="bottom", fontsize=8)
        if column.hidden:
            ax.text(column.x, 1 - (len(column.shown) + 0.5) / (len(column.shown) + 1),
                    f"… {column.hidden} more", ha="center", va="center", fontsize=8,
                    style="italic")
    if layout.loss is not None:
        ax.text(layout.n_layers + 0.45, 0.5, f"L = {layout.loss:.4g}\n({layout.loss_name})",
                ha="left", va="center", fontsize=8)
    ax.set_xlim(-0.45, layout.n_layers + 1.0)
    ax.set_ylim(-0.12, 1.16)
    ax.axis("off")


def _draw_edge(ax: Axes, layout: DiagramLayout, edge: EdgeSpot, edge_value: str,
               scale: float, strong: bool, labelled: bool) -> None:
    start = layout.unit(edge.layer - 1, edge.i)
    end = layout.unit(edge.layer, edge.j)
    value = getattr(edge, edge_value) or 0.0
    color = POSITIVE if value >= 0 else NEGATIVE
    width = 0.4 + 3.6 * abs(value) / scale
    ax.plot([start.x, end.x], [1 - start.y, 1 - end.y], color=color, linewidth=width,
            alpha=0.9 if strong else 0.12, zorder=1, solid_capstyle="round")
    if labelled:
        t = 0.3
        lx, ly = start.x + t * (end.x - start.x), 1 - (start.y + t * (end.y - start.y))
        text = f"w={edge.weight:.3g}" + ("" if edge.grad is None else f"\n∂={edge.grad:.3g}")
        ax.text(lx, ly, text, fontsize=5.5, ha="center", va="center", zorder=2,
                alpha=1 if strong else 0.35,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})


def _draw_focus(ax: Axes, layout: DiagramLayout, edge: EdgeSpot) -> None:
    start, end = layout.unit(edge.layer - 1, edge.i), layout.unit(edge.layer, edge.j)
    ax.plot([start.x, end.x], [1 - start.y, 1 - end.y], color=HIGHLIGHT, linewidth=7,
            alpha=0.45, zorder=0.5, solid_capstyle="round")


def _unit_caption(unit: UnitSpot) -> str:
    if unit.layer == 0:
        return f"x{unit.index}"
    parts = []
    if unit.z is not None:
        parts.append(f"z={unit.z:.3g}")
    if unit.delta is not None:
        parts.append(f"δ={unit.delta:.3g}")
    return "\n".join(parts) if parts else f"unit {unit.index}"


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


def _title(layout: DiagramLayout, target: Quantity | None) -> str:
    if target is None or layout.sample is None:
        return "network" if layout.sample is None else f"network, traced sample {layout.sample}"
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
