"""The network diagram as data: where each unit sits, which edges are drawn, with what numbers.

The same layout drives the matplotlib figure (:mod:`chainrule.viz.diagram`) and the
interactive SVG of the report (:mod:`chainrule.viz.svg`), so both show the same numbers:
the traced sample's pre-activation ``z``, activation ``a`` and ``δ = ∂L/∂z`` per unit, and
each edge's weight ``W[i, j]`` (unit ``i`` of layer ``l − 1`` to unit ``j`` of layer ``l``)
with its gradient ``∂L/∂W[i, j]``. Layers wider than ``max_units`` are summarized: a few units
are drawn and the rest counted ("… 496 more").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from chainrule.errors import ConfigError
from chainrule.nn.dense import Dense

if TYPE_CHECKING:
    from chainrule.nn.network import Network
    from chainrule.nn.trace import Trace


@dataclass(frozen=True)
class UnitSpot:
    """One drawn unit: layer ``layer`` (0 = input), unit ``index`` (0-based), its values."""

    layer: int
    index: int
    x: float
    y: float
    z: float | None = None  # pre-activation; None for inputs or without a trace
    a: float | None = None  # activation (the input value for layer 0)
    delta: float | None = None  # ∂L/∂z
    bias: float | None = None
    grad_bias: float | None = None

    @property
    def key(self) -> str:
        return f"u{self.layer}_{self.index}"


@dataclass(frozen=True)
class EdgeSpot:
    """One drawn weight ``W[i, j]`` of dense layer ``layer``, with its gradient."""

    layer: int
    i: int
    j: int
    weight: float
    grad: float | None = None

    @property
    def key(self) -> str:
        return f"w{self.layer}_{self.i}_{self.j}"


@dataclass(frozen=True)
class Column:
    """One layer of units: its size, which units are drawn and how many are not."""

    layer: int
    size: int
    shown: tuple[int, ...]
    label: str
    x: float

    @property
    def hidden(self) -> int:
        return self.size - len(self.shown)


@dataclass(frozen=True)
class DiagramLayout:
    """Columns, units and edges in diagram coordinates (x = layer, y in [0, 1], 0 at top)."""

    columns: tuple[Column, ...]
    units: tuple[UnitSpot, ...]
    edges: tuple[EdgeSpot, ...]
    sample: int | None  # the traced sample whose values are shown (None: no trace)
    loss: float | None
    loss_name: str
    n_samples: int = 0  # rows in the trace (0: no trace); gradients sum over them

    def unit(self, layer: int, index: int) -> UnitSpot:
        for spot in self.units:
            if spot.layer == layer and spot.index == index:
                return spot
        raise ConfigError(f"unit {index} of layer {layer} is not drawn in this diagram")

    def edge(self, layer: int, i: int, j: int) -> EdgeSpot:
        for spot in self.edges:
            if (spot.layer, spot.i, spot.j) == (layer, i, j):
                return spot
        raise ConfigError(f"weight W{layer}[{i},{j}] is not drawn in this diagram")

    @property
    def n_layers(self) -> int:
        return len(self.columns) - 1

    def chain(self, layer: int, i: int | None, j: int) -> tuple[set[str], set[str]]:
        """Keys of the units and edges that ``∂L/∂W{layer}[i, j]`` (or, with ``i=None``,
        ``δ_j`` of ``layer``) depends on: the weight's input unit, its output unit, and every
        path from that unit to the loss. Returns ``(unit_keys, edge_keys)``."""
        units = {f"u{layer}_{j}"} | ({f"u{layer - 1}_{i}"} if i is not None else set())
        edges = {f"w{layer}_{i}_{j}"} if i is not None else set()
        for spot in self.units:
            if spot.layer > layer:
                units.add(spot.key)
        for spot in self.edges:
            if (spot.layer == layer + 1 and spot.i == j) or spot.layer > layer + 1:
                edges.add(spot.key)
        return units, edges


def diagram_layout(network: Network | None, trace: Trace | None = None, *, sample: int = 0,
                   max_units: int = 10, summary_units: int = 4,
                   keep: Mapping[int, Sequence[int]] | None = None) -> DiagramLayout:
    """Lay out ``network`` (and the values of ``trace``, if given) as a diagram.

    Parameters
    ----------
    network : the network drawn; its current weights label the edges. ``None`` draws the
        layers recorded in ``trace`` (the loss is then not known by name).
    trace : ``network.trace(x, y)``; unit values are those of row ``sample`` and edge
        gradients are the trace's ``grad_W`` (for a trace of one sample, that sample's).
    max_units : layers up to this wide are drawn in full.
    summary_units : how many units of a wider layer are drawn.
    keep : units to draw in summarized layers, ``{layer: [index, ...]}``.
    """
    if network is None and trace is None:
        raise ConfigError("a diagram needs a network or a trace; got neither")
    layers = network.layers if network is not None else [r.layer for r in trace.records]
    loss_op = None if network is None else network.loss
    dense = [layer for layer in layers if isinstance(layer, Dense)]
    sizes = [dense[0].n_in] + [layer.n_out for layer in dense]
    if trace is not None and not 0 <= sample < len(trace.inputs):
        raise ConfigError(f"sample must be in 0..{len(trace.inputs) - 1}; got {sample}")
    labels = _column_labels(layers, None if loss_op is None else loss_op.output_activation)
    keep = keep or {}
    columns = []
    for layer, size in enumerate(sizes):
        shown = _shown_units(size, max_units, summary_units, keep.get(layer, ()))
        columns.append(Column(layer, size, shown, labels[layer], float(layer)))
    units = tuple(_unit(column, position, trace, dense, sample)
                  for column in columns for position in range(len(column.shown)))
    edges = tuple(
        _edge(layer, i, j, dense[layer - 1], trace)
        for layer in range(1, len(columns))
        for j in columns[layer].shown
        for i in columns[layer - 1].shown
    )
    loss = None if trace is None else float(trace.loss)
    return DiagramLayout(tuple(columns), units, edges, None if trace is None else sample, loss,
                         "loss" if loss_op is None else loss_op.name,
                         0 if trace is None else len(trace.inputs))


def _shown_units(size: int, max_units: int, summary_units: int,
                 keep: Sequence[int]) -> tuple[int, ...]:
    for index in keep:
        if not 0 <= index < size:
            raise ConfigError(f"unit {index} does not exist in a layer of {size} units")
    if size <= max_units:
        return tuple(range(size))
    return tuple(sorted(set(range(min(summary_units, size))) | set(keep)))


def _column_labels(layers: Sequence[object], fused: str | None) -> list[str]:
    labels = ["input"]
    for position, layer in enumerate(layers):
        if isinstance(layer, Dense):
            follows = layers[position + 1] if position + 1 < len(layers) else None
            activation = None if follows is None or isinstance(follows, Dense) else follows
            name = activation.describe() if activation is not None else "identity"
            last = position == len(layers) - 1
            if last and fused:
                name = f"logits → {fused}"
            labels.append(f"layer {len(labels)} · {name}")
    return labels


def _position(column: Column, position: int) -> float:
    slots = len(column.shown) + (1 if column.hidden else 0)
    return (position + 0.5) / max(slots, 1)


def _unit(column: Column, position: int, trace: Trace | None, dense: list[Dense],
          sample: int) -> UnitSpot:
    index = column.shown[position]
    spot = UnitSpot(column.layer, index, column.x, _position(column, position))
    if column.layer > 0:
        b = dense[column.layer - 1].b
        spot = _with(spot, bias=None if b is None else float(b[index]))
    if trace is None:
        return spot
    if column.layer == 0:
        return _with(spot, a=float(trace.a(0)[sample, index]))
    l = column.layer  # noqa: E741 - the textbooks' name for the layer number
    grad_b = trace.grad_b(l)
    return _with(spot, z=float(trace.z(l)[sample, index]), a=float(trace.a(l)[sample, index]),
                 delta=float(trace.delta(l)[sample, index]),
                 grad_bias=None if grad_b is None else float(grad_b[index]))


def _edge(layer: int, i: int, j: int, dense: Dense, trace: Trace | None) -> EdgeSpot:
    grad = None if trace is None else float(trace.grad_W(layer)[i, j])
    return EdgeSpot(layer, i, j, float(dense.W[i, j]), grad)


def _with(spot: UnitSpot, **values: float | None) -> UnitSpot:
    from dataclasses import replace

    return replace(spot, **values)


def largest(values: Sequence[float | None]) -> float:
    """The largest magnitude among ``values`` (1.0 when there is none), for scaling widths."""
    magnitudes = [abs(v) for v in values if v is not None and np.isfinite(v)]
    return max(magnitudes, default=0.0) or 1.0
