"""The report's view of a batch norm, a pooling layer and a dropout layer.

Each draws the layer's input batch (every entry opens explain's derivation of ``∂L/∂x`` there)
with what the layer does to it, all from one trace: a batch norm's statistics and its input
gradient split into the three paths (directly, through σ², through μ); a pooling layer's
output and δ (a window opens where its δ goes, found by the layer's own backward pass) and the
input gradient; dropout's mask, its scale and both gradients.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.viz.cells import CellLink, Panel, key_of, panels_svg
from chainrule.viz.layer_items import CellGroup, Item, View, blocks, explained

if TYPE_CHECKING:
    from chainrule.explain.resolver import Resolved


def _batch(run: Resolved, position: int, what: str) -> tuple[Any, Any, list[Item]]:
    """The layer, its trace record and explain's items ``x[n,f]`` of a ``(N, F)`` input."""
    layer = run.net.layers[position]
    record = run.net.trace(run.x, run.y).records[position]
    if record.input.ndim != 2:
        raise ConfigError(f"the report draws {what} over features, input (N, F); layer "
                          f"{position + 1} ({layer.describe()}) gets {record.input.shape}")
    items = explained(run, [(f"x[{n},{f}]", float(record.input[n, f]))
                            for n, f in np.ndindex(*record.input.shape)])
    return layer, record, items


def _links(shape: tuple[int, ...], name: str = "x[{}]",
           said: str = "") -> dict[tuple[int, int], CellLink]:
    """Cell ``(i, j)`` opens the derivation ``name`` names; it is read out as ``said + name``
    (``∂L/∂`` for a gradient's cell)."""
    names = {cell: name.format(",".join(map(str, cell))) for cell in np.ndindex(*shape)}
    return {cell: CellLink(key_of(text), said + text) for cell, text in names.items()}


def batch_norm_paths(layer: Any, record: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``∂L/∂x`` of a batch norm in training as the sum of its three paths, each ``(N, F)``:
    directly through x̂, through σ², through μ (from the trace's x̂, 1/√(σ² + ε) and δ)."""
    x_hat, inv_std = record.state["x_hat"], record.state["inv_std"]
    g = record.grad_output * layer.gamma  # ∂L/∂x̂
    direct = g * inv_std
    if not layer.training:
        return direct, np.zeros_like(direct), np.zeros_like(direct)
    through_mean = np.broadcast_to(-inv_std * g.mean(axis=0), g.shape).copy()
    return direct, -inv_std * x_hat * (g * x_hat).mean(axis=0), through_mean


def batch_norm_view(run: Resolved, position: int) -> View:
    """A batch norm over features: the batch, μ, σ², x̂, and ∂L/∂x as its three paths."""
    layer, record, items = _batch(run, position, "a batch norm")
    direct, through_var, through_mean = batch_norm_paths(layer, record)
    links, grads = _links(record.input.shape), _links(record.input.shape, said="∂L/∂")
    rows = [[Panel(f"x: the batch (m = {len(record.input)})", record.input, links),
             Panel("μ", record.state["mean"][None]), Panel("σ²", record.state["var"][None])],
            [Panel("x̂ = (x − μ)/√(σ² + ε)", record.state["x_hat"]),
             Panel("∂L/∂x̂ = γ ∂L/∂y", record.grad_output * layer.gamma)],
            [Panel("directly", direct), Panel("through σ²", through_var),
             Panel("through μ", through_mean), Panel("∂L/∂x: the sum", record.grad_input, grads)]]
    caption = ("The batch the layer normalizes, its mean μ and variance σ² per feature, and "
               "x̂; below, ∂L/∂x as the sum of its three paths, the three terms of the "
               "three-term form (red positive, blue negative). Click an entry of x or of ∂L/∂x, "
               "or reach it with Tab and press Enter, for its derivation.")
    return View("The batch's statistics and the three-term gradient", caption,
                panels_svg(rows, "batch norm: click or press Enter on an entry of x"),
                [CellGroup("x (the batch norm's input)", record.input.shape[1], items)])


def dropout_view(run: Resolved, position: int) -> View:
    """Dropout: the input, the mask, the scale 1/(1 − p), the output and both gradients."""
    layer, record, items = _batch(run, position, "dropout")
    mask = record.state.get("mask", np.ones(record.input.shape, dtype=np.int8))
    scale = 1 / (1 - layer.p) if "mask" in record.state else 1.0
    links, grads = _links(record.input.shape), _links(record.input.shape, said="∂L/∂")
    rows = [[Panel("x", record.input, links), Panel("mask m (0: dropped)", mask, marked=mask == 0),
             Panel(f"y = m ⊙ x · {scale:.4g}", record.output)],
            [Panel("∂L/∂y", record.grad_output),
             Panel(f"∂L/∂x = m ⊙ ∂L/∂y · {scale:.4g}", record.grad_input, grads)]]
    caption = (f"The mask the training pass drew (p = {layer.p}; dropped units outlined) and "
               f"the scale 1/(1 − p) = {scale:.4g} of the kept ones, forwards and backwards. "
               "Click an entry of x or of ∂L/∂x, or reach it with Tab and press Enter, for its "
               "derivation.")
    return View("The dropout mask and the scale", caption,
                panels_svg(rows, "dropout: click or press Enter on an entry of x"),
                [CellGroup("x (the dropout's input)", record.input.shape[1], items)])


def pool_view(run: Resolved, position: int) -> View:
    """A pooling layer, sample 0: its input, output, δ and ∂L/∂x; each window opens where
    its δ goes."""
    pool = run.net.layers[position]
    record = run.net.trace(run.x, run.y).records[position]
    _, C, H, W = record.input.shape
    entries = [(f"x[0,{c},{p},{q}]", float(record.input[0, c, p, q]))
               for c in range(C) for p, q in np.ndindex(H, W)]
    items = explained(run, entries)
    texts = {item.name: item.text for item in items}
    windows = {cell: _window(pool, record, texts, cell)
               for cell in np.ndindex(*record.output.shape[1:])}
    rows: list[list[Panel]] = [[], [], []]
    for c in range(C):
        inputs = _links((H, W), f"x[0,{c},{{}}]")
        won = np.any([routed != 0 for cell, (_, _, routed) in windows.items() if cell[0] == c],
                     axis=0)
        opens = {cell[1:]: link for cell, (_, link, _) in windows.items() if cell[0] == c}
        rows[0].append(Panel(f"x, channel {c} (outlined: takes a δ)", record.input[0, c],
                             inputs, marked=won))
        rows[1] += [Panel(f"y, channel {c}", record.output[0, c], opens),
                    Panel(f"δ = ∂L/∂y, channel {c}", record.grad_output[0, c], opens)]
        rows[2].append(Panel(f"∂L/∂x, channel {c}", record.grad_input[0, c],
                             _links((H, W), f"x[0,{c},{{}}]", "∂L/∂")))
    caption = ("The input of the pooling layer, its output and that output's δ, and the "
               "gradient that reaches the input (red positive, blue negative). Click a window "
               "(an entry of y or δ) to see its entries and where its δ goes, an entry of x or "
               "∂L/∂x for its derivation; Tab and Enter reach them too.")
    groups = [CellGroup(f"x, channel {c}", W, items[c * H * W:(c + 1) * H * W]) for c in range(C)]
    return View("The pooling windows and where the gradient goes", caption,
                panels_svg(rows, "pooling: click or press Enter on a window or an entry"),
                groups, [item for item, _, _ in windows.values()])


def _window(pool: Any, record: Any, texts: dict[str, str],
            cell: tuple[int, int, int]) -> tuple[Item, CellLink, np.ndarray]:
    """Window ``(i, j)`` of channel ``c``: where the layer's backward pass sends its δ, and
    the lines of those entries' derivations about this window."""
    c, i, j = cell
    one = np.zeros_like(record.output)
    one[0, c, i, j] = 1.0
    routed = pool.backward(record.input, record.output, one)[0, c]  # the engine's routing
    k, s = pool.kernel_size, pool.stride
    window = [f"x[0,{c},{p},{q}]" for p in range(i * s, i * s + k) for q in range(j * s, j * s + k)]
    goes = [f"x[0,{c},{p},{q}]" for p, q in zip(*np.nonzero(routed), strict=True)]
    mark = f"window ({i}, {j}) ="
    lines = [line for name in goes for line in blocks(texts[name], lambda b: mark in b)]
    delta = float(record.grad_output[0, c, i, j])
    name = f"window ({i}, {j}) of channel {c}"
    text = "\n".join([
        f"Window ({i}, {j}) of channel {c}, sample 0: the entries {', '.join(window)}",
        f"  y[0,{c},{i},{j}] = {float(record.output[0, c, i, j]):.6g}",
        f"  δ[0,{c},{i},{j}] = ∂L/∂y[0,{c},{i},{j}] = {delta:.6g}",
        "      because backpropagation through the layers after the pooling",
        f"Its δ goes to {', '.join(goes)} (the lines of their derivations about this window):",
        *lines])
    link = CellLink(key_of(name), name, tuple(map(key_of, window)), tuple(map(key_of, goes)))
    return Item(name, delta, text), link, routed
