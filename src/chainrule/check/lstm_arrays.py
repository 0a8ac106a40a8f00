r"""The arrays a claim about an LSTM layer reads, its true gradients and the classic mistakes.

Names follow the LSTM explanation, indexed ``[n,t,j]`` with the time step ``t`` from 1 to T
and step 0 the initial state (``h[n,0,j] = c[n,0,j] = 0``; the gates read 0 there): ``x``,
``h``, ``c``, the gates ``i``, ``f``, ``g``, ``o``, ``dh`` and ``dc`` (``∂L/∂h^{(t)}``,
``∂L/∂c^{(t)}``: everything that reaches them), each gate's ``deltai`` … ``deltao``
(``∂L/∂a_γ^{(t)}``) and weights ``Wi`` … ``Wo`` (hidden to gate), ``Ui`` … ``Uo`` (input to
gate), ``bi`` … ``bo``:

.. code-block:: text

    dWf[k,j] = sum_{n,t} h[n,t-1,k] deltaf[n,t,j]
    dc[n,t-1,j] = dc[n,t,j] f[n,t,j] + dh[n,t-1,j] o[n,t-1,j] (1 - tanh(c[n,t-1,j])^2)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.check.claim_arrays import LayerArrays, Variant

_NO_CELL = ("The path through the next cell is missing: c⁽ᵗ⁾ also reaches the loss through "
            "c⁽ᵗ⁺¹⁾ = f⁽ᵗ⁺¹⁾ ⊙ c⁽ᵗ⁾ + i⁽ᵗ⁺¹⁾ ⊙ g⁽ᵗ⁺¹⁾, which adds ∂L/∂c⁽ᵗ⁺¹⁾ ⊙ f⁽ᵗ⁺¹⁾ — the "
            "forget-gate path that keeps an LSTM's gradient alive.")
_NO_FORGET = ("The forget gate is missing on the cell path: ∂c⁽ᵗ⁺¹⁾/∂c⁽ᵗ⁾ = f⁽ᵗ⁺¹⁾, so the "
              "gradient carried back is ∂L/∂c⁽ᵗ⁺¹⁾ ⊙ f⁽ᵗ⁺¹⁾, not ∂L/∂c⁽ᵗ⁺¹⁾.")
_WRONG_STEP = ("The forget gate of the wrong step: c⁽ᵗ⁺¹⁾ = f⁽ᵗ⁺¹⁾ ⊙ c⁽ᵗ⁾ + …, so the gradient "
               "goes back from c⁽ᵗ⁺¹⁾ to c⁽ᵗ⁾ through f⁽ᵗ⁺¹⁾, not f⁽ᵗ⁾.")
_NO_STATE = ("The path through h⁽ᵗ⁾ = o⁽ᵗ⁾ ⊙ tanh c⁽ᵗ⁾ is missing: it adds "
             "∂L/∂h⁽ᵗ⁾ ⊙ o⁽ᵗ⁾ ⊙ (1 − tanh² c⁽ᵗ⁾).")


def lstm_arrays(lstm: Any, record: Any) -> LayerArrays:
    """The named arrays, truths and wrong variants of ``lstm`` as traced at ``record``."""
    N, T, _ = record.input.shape
    H = lstm.hidden_size
    state = {key: np.moveaxis(record.state[key], 1, 0) for key in ("i", "f", "g", "o", "c")}
    gates = np.concatenate([state[key] for key in lstm.gate_names], axis=2)
    outside = lstm.outside_grads(record.grad_output, T)
    deltas, grad_h, grad_c = lstm.through_time(gates, state["c"], outside)

    def from_one(steps: np.ndarray) -> np.ndarray:  # (T, N, ·) -> (N, T + 1, ·), step 0 = 0
        return np.concatenate([np.zeros((N, 1, steps.shape[-1])), np.moveaxis(steps, 0, 1)], 1)

    arrays = {key: from_one(state[key]) for key in state}
    arrays.update(x=from_one(np.moveaxis(record.input, 1, 0)), h=from_one(
        np.moveaxis(record.state["h"], 1, 0)), dh=from_one(grad_h), dc=from_one(grad_c))
    first = deltas[0]  # what reaches the initial state: c^{(0)} through f^{(1)}, h^{(0)} via W
    arrays["dc"][:, 0] = grad_c[0] * state["f"][0]
    arrays["dh"][:, 0] = first @ lstm.Wh.T
    truths: dict[str, np.ndarray] = {"c": arrays["dc"]}
    right = {"c": ("n,t,j", "dh[n,t,j] o[n,t,j] (1 - tanh(c[n,t,j])^2) + dc[n,t+1,j] "
                            "f[n,t+1,j]")}
    wrong: dict[str, list[Variant]] = {"c": _cell_variants(arrays)}
    for k, gate in enumerate(lstm.gate_names):
        block = slice(k * H, (k + 1) * H)
        arrays[f"delta{gate}"] = from_one(deltas[:, :, block])
        for name, engine in (("W", "Wh"), ("U", "Wx"), ("b", "b")):
            arrays[f"{name}{gate}"] = getattr(lstm, engine)[..., block]
            truths[f"{name}{gate}"] = record.grads[engine][..., block]
        right[f"W{gate}"] = ("k,j", f"sum_{{n,t}} h[n,t-1,k] delta{gate}[n,t,j]")
        right[f"U{gate}"] = ("k,j", f"sum_{{n,t}} x[n,t,k] delta{gate}[n,t,j]")
        right[f"b{gate}"] = ("j", f"sum_{{n,t}} delta{gate}[n,t,j]")
        for name, carried in (("W", arrays["h"][:, :-1]), ("U", arrays["x"][:, 1:])):
            wrong[f"{name}{gate}"] = _one_step_variants(carried, arrays[f"delta{gate}"],
                                                        f"{name}{gate}", T)
    return LayerArrays(f"{lstm.describe()} over T = {T} steps", 1, arrays, truths, right, wrong,
                       _MEANINGS)


def _cell_variants(a: dict[str, np.ndarray]) -> list[Variant]:
    """``∂L/∂c`` with one path left out or its forget gate wrong, ``(N, T + 1, H)``."""

    def later(values: np.ndarray) -> np.ndarray:  # step t + 1 at step t, 0 after the last
        return np.concatenate([values[:, 1:], np.zeros_like(values[:, :1])], axis=1)

    through_h = a["dh"] * a["o"] * (1 - np.tanh(a["c"]) ** 2)
    carried = later(a["dc"])
    return [(through_h, "missing_path", _NO_CELL), (through_h + carried, "factor", _NO_FORGET),
            (through_h + carried * a["f"], "wrong_step", _WRONG_STEP),
            (carried * later(a["f"]), "missing_path", _NO_STATE)]


def _one_step_variants(carried: np.ndarray, delta: np.ndarray, name: str,
                       T: int) -> list[Variant]:  # fmt: skip
    """One step's term alone, for each step: the sum over time left out."""
    return [(np.einsum("nk,nj->kj", carried[:, t], delta[:, t + 1]), "missing_sum",
             f"The sum over time steps is missing: this is only the term of step t = {t + 1} "
             f"of T = {T}; {name} is used at every step, so its gradient is the sum of every "
             f"step's term.") for t in range(T)]


_MEANINGS = {
    "dh": "dh[n,t,j]: ∂L/∂h⁽ᵗ⁾, all that reaches h⁽ᵗ⁾ (from outside and from step t + 1)",
    "dc": "dc[n,t,j]: ∂L/∂c⁽ᵗ⁾, all that reaches c⁽ᵗ⁾ (through h⁽ᵗ⁾ and c⁽ᵗ⁺¹⁾)",
    **{f"delta{gate}": f"delta{gate}[n,t,j]: δ of gate {gate}, ∂L/∂a_{gate}⁽ᵗ⁾"
       for gate in "ifgo"},
    "i": "the input gate i⁽ᵗ⁾", "f": "the forget gate f⁽ᵗ⁾", "g": "the candidate g⁽ᵗ⁾",
    "o": "the output gate o⁽ᵗ⁾", "c": "the cell c⁽ᵗ⁾",
}
