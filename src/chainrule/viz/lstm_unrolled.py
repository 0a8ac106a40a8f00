"""An LSTM unrolled in time for the HTML report, with the two paths its gradient takes back.

One box per time step holds the step's gates ``i, f, g, o``, its cell ``c`` and its state
``h`` (one coloured cell per unit: red positive, blue negative). Between two boxes run the two
paths of the gradient going back: along the cell, multiplied by the forget gate alone
(``∂L/∂c⁽ᵗ⁾ ← ∂L/∂c⁽ᵗ⁺¹⁾ ⊙ f⁽ᵗ⁺¹⁾``), and along the state, through the gates and ``Wᵀ``.
Below, three bars per step: ``‖∂L/∂c⁽ᵗ⁾‖``, ``‖∂L/∂h⁽ᵗ⁾‖`` and ``‖δ⁽ᵗ⁾‖`` of the same network
without its gates (an Elman RNN), as the explanation prints them. Every number is a line's value
of explain's own explanation (:class:`LSTMSteps`); each step is one button.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np

from chainrule.viz.cells import colour
from chainrule.viz.layer_items import SUPERSCRIPT

STEP, BOX, ROW, TOP, BARS = 140.0, 100.0, 16.0, 24.0, 110.0
BASE = TOP + 7 * ROW + 46 + BARS  # the bars' foot, below the boxes and the x⁽ᵗ⁾
ROWS = ("i", "f", "g", "o", "c", "h")
COLOURS = {"c": "#d62728", "h": "#1f77b4", "rnn": "#7f7f7f"}
NAMES = {"c": "‖∂L/∂c⁽{t}⁾‖", "h": "‖∂L/∂h⁽{t}⁾‖", "rnn": "‖δ⁽{t}⁾‖ without gates (RNN)"}


@dataclass(frozen=True)
class LSTMSteps:
    """One sequence through the LSTM, from the lines of its explanation: ``values[row]`` of
    shape ``(T, H)`` for each row ``i, f, g, o, c, h``, and ``norms[key]`` of shape ``(T,)``
    for ``c`` (‖∂L/∂c⁽ᵗ⁾‖), ``h`` (‖∂L/∂h⁽ᵗ⁾‖) and ``rnn`` (the gateless RNN's ‖δ⁽ᵗ⁾‖)."""

    values: dict[str, np.ndarray]
    norms: dict[str, np.ndarray]

    @classmethod
    def of(cls, explanation: Any) -> LSTMSteps:
        """The numbers of ``explanation``'s lines, found by their ``source``."""
        by = {line.source: line.value for line in explanation.lines() if line.source}
        steps = range(1, sum(1 for source in by if source[0] == "c") + 1)
        gates = np.array([by[("gates", t)] for t in steps])
        values = dict(zip("ifgo", np.split(gates, 4, axis=1), strict=True))
        values |= {key: np.array([by[(key, t)] for t in steps]) for key in ("c", "h")}
        norms = {"c": np.array([by[("dc_norm", t)] for t in steps]),
                 "h": np.array([np.linalg.norm(by[("dh", t)]) for t in steps]),
                 "rnn": np.array([by[("rnn_norm", t)] for t in steps])}
        return cls(values, norms)

    def label(self, t: int) -> str:
        """What step ``t`` is read out as: its three norms."""
        mark = str(t).translate(SUPERSCRIPT)
        return f"t={t}: " + ", ".join(
            f"{NAMES[key].format(t=mark)} = {self.norms[key][t - 1]:.4g}" for key in NAMES)


def lstm_svg(steps: LSTMSteps, keys: list[str]) -> str:
    """The unrolled LSTM as an ``<svg>``: step ``t`` (its box and its bars) is one button that
    opens the derivation ``keys[t - 1]``."""
    count = len(keys)
    width, height = 30 + STEP * count, BASE + 70
    scale = BARS / (max(float(np.max(norms)) for norms in steps.norms.values()) or 1.0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="cr-unrolled" viewBox="0 0 '
             f'{width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" role="group" '
             'aria-label="the LSTM unrolled in time: click or press Enter on a time step" '
             'font-family="sans-serif" font-size="11">']
    for t in range(1, count + 1):
        left = 20 + STEP * (t - 1)
        if t < count:
            parts.append(_paths(left + BOX, left + STEP, t + 1))
        parts.append(f'<g class="cr-cell cr-step" data-key="{keys[t - 1]}" tabindex="0" '
                     f'role="button" aria-label="{escape(steps.label(t))}"><title>'
                     f'{escape(steps.label(t))}</title><rect x="{left - 4:.0f}" y="{TOP - 4}" '
                     f'width="{BOX + 8:.0f}" height="{BASE - TOP + 24:.0f}" fill="#fff" '
                     f'fill-opacity="0"/>{_box(steps, t, left)}'  # the whole column takes the click
                     f'{_bars(steps, t, left, scale)}</g>')
    parts.append(_legend(height - 18))
    return "\n".join([*parts, "</svg>"])


def _row_y(row: int) -> float:
    """The top of row ``row`` of a box: the four gates, a gap, then c and h."""
    return TOP + 8 + row * ROW + (6 if row >= 4 else 0)


def _box(steps: LSTMSteps, t: int, left: float) -> str:
    units = steps.values["c"].shape[1]
    side = min(ROW - 2, (BOX - 28) / units)
    parts = [f'<rect x="{left:.0f}" y="{TOP}" width="{BOX:.0f}" height="{7 * ROW + 4:.0f}" '
             f'rx="8" fill="#fff" stroke="#1f77b4"/>']
    for row, key in enumerate(ROWS):
        y = _row_y(row)
        parts.append(f'<text x="{left + 10:.0f}" y="{y + 11:.0f}">{key}</text>')
        limit = max(1.0, float(np.max(np.abs(steps.values[key]))))  # gates lie in ±1
        for j, value in enumerate(steps.values[key][t - 1]):
            parts.append(f'<rect x="{left + 24 + j * side:.1f}" y="{y:.0f}" '
                         f'width="{side - 1:.1f}" height="{ROW - 2:.0f}" '
                         f'fill="{colour(value / limit)}" class="cr-unit" stroke="#ccc"/>')
    below = TOP + 7 * ROW + 20
    parts.append(f'<text x="{left + BOX / 2:.0f}" y="{below:.0f}" text-anchor="middle">'
                 f'x⁽{str(t).translate(SUPERSCRIPT)}⁾ ↑</text>')
    return "".join(parts)


def _paths(start: float, end: float, t_next: int) -> str:
    """Between two boxes: forwards c and h; backwards the gradient along the cell (⊙ f, red)
    and along the state (through the gates and Wᵀ, blue)."""
    mark = str(t_next).translate(SUPERSCRIPT)
    middle = (start + end) / 2
    parts = []
    for row, tone, said in ((4, COLOURS["c"], f"⊙ f⁽{mark}⁾"), (5, COLOURS["h"], "Wᵀ")):
        y = _row_y(row) + ROW / 2 - 1
        parts.append(f'<line x1="{start:.0f}" y1="{y - 3:.0f}" x2="{end - 6:.0f}" '
                     f'y2="{y - 3:.0f}" stroke="#555"/><polygon points="{end:.0f},{y - 3:.0f} '
                     f'{end - 6:.0f},{y - 6:.0f} {end - 6:.0f},{y:.0f}" fill="#555"/>'
                     f'<line x1="{start + 6:.0f}" y1="{y + 3:.0f}" x2="{end:.0f}" '
                     f'y2="{y + 3:.0f}" stroke="{tone}" stroke-dasharray="4 2"/>'
                     f'<polygon points="{start:.0f},{y + 3:.0f} {start + 6:.0f},{y:.0f} '
                     f'{start + 6:.0f},{y + 6:.0f}" fill="{tone}"/>')
        above = y - 8 if row == 4 else y + 16
        parts.append(f'<text x="{middle:.0f}" y="{above:.0f}" text-anchor="middle" '
                     f'font-size="10" fill="{tone}">{escape(said)}</text>')
    return "".join(parts)


def _bars(steps: LSTMSteps, t: int, left: float, scale: float) -> str:
    base, parts = BASE, []
    for k, key in enumerate(NAMES):
        norm = float(steps.norms[key][t - 1])
        x, tall = left + 8 + 30 * k, norm * scale
        name = NAMES[key].format(t=str(t).translate(SUPERSCRIPT))
        parts.append(f'<rect x="{x:.0f}" y="{base - tall:.1f}" width="24" height="{tall:.1f}" '
                     f'fill="{COLOURS[key]}"><title>{escape(name)} = {norm:.6g}</title></rect>'
                     f'<text x="{x + 12:.0f}" y="{base - tall - 3:.1f}" text-anchor="middle" '
                     f'font-size="8">{norm:.2g}</text>')
    parts.append(f'<text x="{left + BOX / 2:.0f}" y="{base + 14:.0f}" text-anchor="middle">'
                 f't={t}</text>')
    return "".join(parts)


def _legend(y: float) -> str:
    parts = []
    for k, key in enumerate(NAMES):
        x = 20 + 230 * k
        parts.append(f'<rect x="{x}" y="{y - 9:.0f}" width="10" height="10" '
                     f'fill="{COLOURS[key]}"/><text x="{x + 14}" y="{y:.0f}">'
                     f'{escape(NAMES[key].format(t="ᵗ"))}</text>')
    parts.append(f'<text x="20" y="{y + 14:.0f}" font-size="10">going back (dashed): along the '
                 "cell ⊙ f alone, along the state through the gates and Wᵀ</text>")
    return "".join(parts)
