"""The last step of a whole-matrix claim whose numbers agree: prove it, or say why not.

The proof (:mod:`chainrule.check.matrix_proof`) runs in a child process with a CPU-time budget
of :data:`PROOF_SECONDS`, so ``check`` stays quick whatever the claim; a proof found makes the
verdict "correct" (exit 0), with one line saying what was proven; a proof not found leaves it
"probably correct" (exit 4), with why. A failed proof never makes a claim "incorrect".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from chainrule.check import confirm
from chainrule.check.matrix_proof import prove
from chainrule.check.matrix_symbols import SAMPLES, WIDTH
from chainrule.check.result import CheckResult

#: CPU seconds for the symbolic proof of one claim, as for the other symbolic confirmations: a
#: proof takes 0.03–0.15 s alone, and the wall-clock bound (5×) must hold on a busy machine
PROOF_SECONDS = confirm.TIME_LIMIT


def settled(result: CheckResult, left: Any, right: Any, net: Any, notation: Any, ops: Any,
            loss: str, per_sample: bool | None, layers: list[int | None], factor: str,
            n_samples: int) -> CheckResult:  # fmt: skip
    """``result`` (numbers agree) made "correct" when the claim is proven symbolically."""
    answer = confirm.bounded(lambda: prove(left, right, net, notation, ops, loss, per_sample,
                                           layers, factor, n_samples), PROOF_SECONDS)
    if answer == "proven":
        return replace(result, verdict="correct", symbolically_confirmed=True,
                       proof=_proven(net, ops, n_samples, layers))
    why = "the proof ran out of time" if answer is None else answer
    return replace(result, proof=f"not proven symbolically ({why}): compared in numbers only")


def _proven(net: Any, ops: Any, n_samples: int, layers: list[int | None]) -> str:
    """What the proof showed, in one line."""
    widths = [net.dense_layers[0].n_in] + [d.n_out for d in net.dense_layers]
    size = ""
    if max(widths) > WIDTH or n_samples > SAMPLES:
        samples = min(n_samples, SAMPLES)
        size = (f", shown on the same layers with {samples} sample{'s' * (samples > 1)} and "
                f"at most {WIDTH} units a layer (a matrix formula reads alike at every size)")
    kinks = any(ops.activation(k).kink() is not None for k in range(1, len(widths)))
    regions = ", on each side of every kink" if kinks else ""
    every = ", at every hidden layer l" if layers != [None] else ""
    return (f"proven symbolically: each entry equals the true gradient (sympy.diff through "
            f"the network's ops) for all inputs, weights and targets{every}{regions}{size}")
