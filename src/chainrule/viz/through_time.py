"""A recurrent layer unrolled in time, with the norm of δ at every step.

Top: one box per time step, ``x^{(t)} → h^{(t)}``, the state carried from step to step by
``W``; bottom: ``‖δ^{(t)}‖ = ‖∂L/∂a^{(t)}‖`` per step as bars, so a gradient that vanishes
(or explodes) going back in time is seen at a glance. The numbers are the engine's: the
trace's hidden states and the layer's own δ recurrence. :func:`unrolled` draws it with
matplotlib (``explain --plot``); :func:`unrolled_svg` writes it for the HTML report, every
time step a button.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.nn.rnn import RNN
from chainrule.viz.figures import new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _first_rnn(net: Any) -> tuple[int, RNN]:
    position = next((k for k, layer in enumerate(net.layers) if isinstance(layer, RNN)), None)
    if position is None:
        raise ConfigError(f"an unrolled picture needs a network with an RNN layer; got "
                          f"{net.summary()}")
    return position, net.layers[position]


def delta_norms(net: Any, x: Any, y: Any, sample: int = 0) -> np.ndarray:
    """``‖δ^{(t)}‖`` for ``t = 1..T`` of the network's first ``RNN`` layer, one sample."""
    position, rnn = _first_rnn(net)
    record = net.trace(x, y).records[position]
    states = np.moveaxis(record.state["h"], 1, 0)
    deltas = rnn.deltas(states, rnn.outside_grads(record.grad_output, len(states)))
    return np.linalg.norm(deltas[:, sample], axis=1)


def unrolled(net: Any, x: Any, y: Any, *, sample: int = 0) -> Figure:
    """The first ``RNN`` of ``net`` unrolled over the sequence, with ``‖δ^{(t)}‖`` per step."""
    norms = delta_norms(net, x, y, sample)
    steps = len(norms)
    figure = new_figure(max(4.0, 1.1 * steps + 1), 3.8)
    top, bottom = figure.subplots(2, 1, height_ratios=(1, 1.4))
    top.set_xlim(0.3, steps + 0.7)
    top.set_ylim(0, 2)
    top.axis("off")
    for t in range(1, steps + 1):
        top.text(t, 1.35, f"h({t})", ha="center", va="center", fontsize=9,
                 bbox={"boxstyle": "round", "facecolor": "#e8f0fb", "edgecolor": "#1f77b4"})
        top.text(t, 0.35, f"x({t})", ha="center", va="center", fontsize=8)
        top.annotate("", (t, 1.12), (t, 0.55), arrowprops={"arrowstyle": "->"})
        if t < steps:
            top.annotate("", (t + 0.72, 1.35), (t + 0.28, 1.35),
                         arrowprops={"arrowstyle": "->", "color": "#1f77b4"})
            top.text(t + 0.5, 1.6, "W", ha="center", fontsize=8, color="#1f77b4")
    bars = bottom.bar(np.arange(1, steps + 1), norms, color="#d62728")
    bottom.set_xticks(np.arange(1, steps + 1), [f"t={t}" for t in range(1, steps + 1)])
    bottom.set_xlim(0.3, steps + 0.7)
    bottom.set_ylabel("‖δ(t)‖")
    bottom.bar_label(bars, [f"{v:.3g}" for v in norms], fontsize=7)
    figure.suptitle(f"{_first_rnn(net)[1].describe()}: δ through time", fontsize=9)
    return figure


def unrolled_svg(norms: np.ndarray, keys: list[str]) -> str:
    """The unrolled layer as an ``<svg>`` for the report: step ``t`` (its box ``h(t)`` over
    ``x(t)`` and its bar ``‖δ(t)‖``) is one button that opens the derivation ``keys[t - 1]``."""
    from html import escape

    step, top, bar = 90.0, 20.0, 110.0
    width, height = 40 + step * len(norms), top + 90 + bar + 40
    scale = bar / (float(np.max(norms)) or 1.0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="cr-unrolled" viewBox="0 0 '
             f'{width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" role="group" '
             f'aria-label="the network unrolled in time: click or press Enter on a time step" '
             f'font-family="sans-serif" font-size="11">']
    base = top + 90 + bar
    for t, (norm, key) in enumerate(zip(norms, keys, strict=True), start=1):
        x = 20 + step * (t - 1)
        name = escape(f"t={t}: ‖δ({t})‖ = {norm:.4g}")
        if t < len(norms):
            parts.append(f'<line x1="{x + 62:.0f}" y1="{top + 18}" x2="{x + step - 2:.0f}" '
                         f'y2="{top + 18}" stroke="#1f77b4" stroke-width="1.5"/>'
                         f'<text x="{x + step / 2 + 30:.0f}" y="{top + 12}" fill="#1f77b4" '
                         f'text-anchor="middle">W</text>')
        parts.append(
            f'<g class="cr-cell cr-step" data-key="{key}" tabindex="0" role="button" '
            f'aria-label="{name}"><title>{name}</title><rect x="{x - 4:.0f}" y="{top - 4}" '
            f'width="{step - 20:.0f}" height="{base - top + 24:.0f}" fill="#fff" '
            f'fill-opacity="0"/>'  # the whole column takes the click
            f'<rect x="{x:.0f}" y="{top}" width="62" height="36" rx="8" fill="#e8f0fb" '
            f'stroke="#1f77b4"/><text x="{x + 31:.0f}" y="{top + 22}" '
            f'text-anchor="middle">h({t})</text><text x="{x + 31:.0f}" y="{top + 70}" '
            f'text-anchor="middle">x({t}) ↑</text>'
            f'<rect x="{x + 14:.0f}" y="{base - norm * scale:.1f}" width="34" '
            f'height="{norm * scale:.1f}" fill="#d62728"/><text x="{x + 31:.0f}" '
            f'y="{base - norm * scale - 4:.1f}" text-anchor="middle" font-size="9">'
            f'{norm:.3g}</text><text x="{x + 31:.0f}" y="{base + 16:.0f}" '
            f'text-anchor="middle">t={t}</text></g>')
    parts.append(f'<text x="20" y="{height - 6:.0f}">‖δ(t)‖ = ‖∂L/∂a(t)‖ per step</text></svg>')
    return "\n".join(parts)
