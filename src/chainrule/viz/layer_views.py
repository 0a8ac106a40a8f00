"""The report's view of a convolution and of a recurrent layer.

Convolution: the input, each kernel (its cells open that weight's derivation), each feature
map and its δ (a position opens the δ there, with the lines of the kernel derivations where
that δ is a term). Recurrent: the layer unrolled, each step opening its lines of the
example's derivation, and the buttons of ``W`` and ``U``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from chainrule.nn.conv import Conv2D
from chainrule.nn.rnn import RNN
from chainrule.viz.cells import CellLink, Panel, key_of, panels_svg
from chainrule.viz.layer_items import (
    CellGroup,
    Item,
    View,
    blocks,
    explained,
    step_items,
    subscript,
)

if TYPE_CHECKING:
    from chainrule.explain.resolver import Resolved


def conv_view(run: Resolved, position: int) -> View:
    """The first ``Conv2D`` (layer ``position``) of ``run``'s network, sample 0."""
    conv: Conv2D = run.net.layers[position]
    record = run.net.trace(run.x, run.y).records[position]
    maps, C, k, _ = conv.K.shape
    groups = [CellGroup(f"kernel K[{o},{c}]", k, explained(run, [
        (f"K[{o},{c},{u},{v}]", float(conv.K[o, c, u, v])) for u in range(k) for v in range(k)]))
        for o in range(maps) for c in range(C)]
    texts = {item.name: item.text for group in groups for item in group.items}
    positions = [_position(record, texts, o, p, q) for o in range(maps)
                 for p, q in np.ndindex(*record.output.shape[2:])]
    at = {item.name: item for item in positions}

    def kernel(o: int, c: int) -> Panel:
        names = {(u, v): f"K[{o},{c},{u},{v}]" for u, v in np.ndindex(k, k)}
        return Panel(f"kernel {o}" + (f", channel {c}" if C > 1 else ""), conv.K[o, c],
                     {cell: CellLink(key_of(name), name) for cell, name in names.items()})

    def feature(title: str, values: np.ndarray, o: int) -> Panel:
        links = {(p, q): _link(at[_map_name(o, p, q)]) for p, q in np.ndindex(*values.shape)}
        return Panel(f"{title} {o}", values, links)

    rows = [[Panel("input" + (f" channel {c}" if C > 1 else ""), record.input[0, c])
             for c in range(C)], [kernel(o, c) for o in range(maps) for c in range(C)],
            [feature("map", record.output[0, o], o) for o in range(maps)],
            [feature("δ", record.grad_output[0, o], o) for o in range(maps)]]
    caption = ("The input image, each kernel, the feature map it makes and that "
               "map's δ = ∂L/∂y, from one traced sample (red positive, blue negative). Click a "
               "kernel weight for its derivation, a position of a map or of its δ for the δ "
               "there, or reach them with Tab and press Enter.")
    return View("Kernels and feature maps", caption,
                panels_svg(rows, "kernels and feature maps: click or press Enter on a cell"),
                groups, positions)


def _map_name(o: int, p: int, q: int) -> str:
    return f"δ of map {o} at ({p}, {q})"


def _link(item: Item) -> CellLink:
    return CellLink(item.key, item.name)


def _position(record: Any, texts: dict[str, str], o: int, p: int, q: int) -> Item:
    """δ at position ``(p, q)`` of map ``o`` and the lines of the kernel derivations of map
    ``o`` where it is a term (``δₙ,ₒ,ₚ,q · x̃…``)."""
    delta = float(record.grad_output[0, o, p, q])
    head = f"δ{subscript(0, o, p, q)} · "
    lines = [line for name, text in texts.items() if name.startswith(f"K[{o},")
             for line in blocks(text, lambda block: block.strip().startswith(head))]
    text = "\n".join([
        f"Map {o} at position ({p}, {q}) of sample 0:",
        f"  y[0,{o},{p},{q}] = {float(record.output[0, o, p, q]):.6g}",
        f"  δ[0,{o},{p},{q}] = ∂L/∂y[0,{o},{p},{q}] = {delta:.6g}",
        "      because backpropagation through the layers after the convolution",
        f"This δ is a term of every weight's gradient in kernel {o}: δ times the input entry "
        "the weight met at this position (the lines of their derivations):", *lines])
    return Item(_map_name(o, p, q), delta, text)


def rnn_view(run: Resolved, position: int) -> View:
    """The first ``RNN`` (layer ``position``) unrolled, with the buttons of ``W`` and ``U``."""
    from chainrule.viz.through_time import delta_norms, unrolled_svg

    rnn: RNN = run.net.layers[position]
    norms = delta_norms(run.net, run.x, run.y)
    steps = step_items(run, list(norms))
    groups = [CellGroup("time steps (‖δ⁽ᵗ⁾‖)", len(steps), steps),
              CellGroup("W (state to state)", rnn.W.shape[1], explained(run, _entries("W", rnn.W))),
              CellGroup("U (input to state)", rnn.U.shape[1], explained(run, _entries("U", rnn.U)))]
    caption = ("One box per time step, the state carried by W from step to step; below, the "
               "norm of δ⁽ᵗ⁾ = ∂L/∂a⁽ᵗ⁾ at each step, from one traced sequence. Click a step, "
               "or reach it with Tab and press Enter, for its lines of the derivation.")
    note = ("Each weight's derivation goes through every time step: the forward states, δ⁽ᵗ⁾ "
            "step by step and the sum over time. A time step (its button shows ‖δ⁽ᵗ⁾‖) shows "
            "its own lines of the example's derivation.")
    return View("The network unrolled in time", caption,
                unrolled_svg(norms, [item.key for item in steps]), groups, note=note)


def _entries(symbol: str, matrix: np.ndarray) -> list[tuple[str, float]]:
    return [(f"{symbol}[{i},{j}]", float(matrix[i, j])) for i, j in np.ndindex(*matrix.shape)]
