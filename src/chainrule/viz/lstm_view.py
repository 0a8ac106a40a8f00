"""The report's view of an LSTM: the layer unrolled in time, its gates, cell and state at every
step and the two paths of the gradient (:mod:`chainrule.viz.lstm_unrolled`), then every gate
weight ``W^γ`` (state to gate) and ``U^γ`` (input to gate) as a cell of its matrix and as a
button. A step opens its lines of the example's derivation, a weight explain's derivation of
it; the picture's numbers are those lines' values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from chainrule.nn.lstm import LSTM
from chainrule.viz.cells import CellLink, Panel, key_of, panels_svg
from chainrule.viz.layer_items import CellGroup, View, explained, step_items
from chainrule.viz.lstm_unrolled import LSTMSteps, lstm_svg

if TYPE_CHECKING:
    from chainrule.explain.resolver import Resolved

SAID = {"i": "input gate", "f": "forget gate", "g": "candidate", "o": "output gate"}


def gate_matrices(lstm: LSTM) -> dict[str, np.ndarray]:
    """``{"W_f": W^f, "U_i": U^i, …}``: each gate's block of the engine's ``Wh`` (state to
    gates, ``(H, 4H)``) and ``Wx`` (input to gates, ``(F, 4H)``), in the order i, f, g, o."""
    size = lstm.hidden_size
    blocks = {gate: slice(k * size, (k + 1) * size) for k, gate in enumerate(lstm.gate_names)}
    return {f"{name}_{gate}": matrix[:, columns] for name, matrix in (("W", lstm.Wh),
                                                                    ("U", lstm.Wx))
            for gate, columns in blocks.items()}


def lstm_view(run: Resolved, position: int) -> View:
    """The first ``LSTM`` (layer ``position``, the first layer, as explain asks) unrolled,
    with every gate weight."""
    lstm: LSTM = run.net.layers[position]
    # the example's gate weight; a network of one's own has no such default: W_f[0,0]
    asked = run.quantity if isinstance(run.quantity, str) else "W_f[0,0]"
    steps = LSTMSteps.of(run.explanation(asked))
    times = step_items(run, list(steps.norms["c"]), asked)
    matrices = gate_matrices(lstm)
    groups = [CellGroup(f"{symbol} ({'state' if symbol[0] == 'W' else 'input'} to the "
                        f"{SAID[symbol[-1]]})", matrix.shape[1], explained(run, [
                            (f"{symbol}[{k},{j}]", float(matrix[k, j]))
                            for k, j in np.ndindex(*matrix.shape)]))
              for symbol, matrix in matrices.items()]
    panels = [Panel(f"{symbol} ({'h' if symbol[0] == 'W' else 'x'} → {symbol[-1]})", matrix,
                    {(k, j): CellLink(key_of(f"{symbol}[{k},{j}]"), f"{symbol}[{k},{j}]")
                     for k, j in np.ndindex(*matrix.shape)})
              for symbol, matrix in matrices.items()]
    picture = "\n".join([lstm_svg(steps, [item.key for item in times]), panels_svg(
        [panels[:4], panels[4:]], "the gate weights: click or press Enter on a weight")])
    caption = ("One box per time step with its gates i, f, g, o, its cell c and its state h "
               "(red positive, blue negative), from one traced sequence. Going back, the "
               "gradient takes two paths: along the cell, multiplied by the forget gate alone, "
               "and along the state, through the gates and Wᵀ. Below each step, ‖∂L/∂c⁽ᵗ⁾‖, "
               "‖∂L/∂h⁽ᵗ⁾‖ and the δ norm of the same network without its gates. Click a step "
               "for its lines of the derivation, a gate weight for its derivation, or reach "
               "them with Tab and press Enter.")
    note = ("Each gate weight's derivation goes through every time step: the forward pass, the "
            "gradient through the cell and the sum over time. A time step (its button shows "
            f"‖∂L/∂c⁽ᵗ⁾‖) shows its own lines of the derivation of {asked}.")
    return View("The LSTM unrolled in time", caption, picture,
                [CellGroup("time steps (‖∂L/∂c⁽ᵗ⁾‖)", len(times), times), *groups],
                note=note, shares=True)
