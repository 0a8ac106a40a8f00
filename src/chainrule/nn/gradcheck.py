"""Numeric gradient check: backprop against central finite differences, per parameter.

For each parameter entry ``p`` the numeric derivative is ``(L(p + ε) − L(p − ε)) / 2ε`` in
float64 (:mod:`chainrule.nn.finite_difference`, shared with the explanations, says how the step
and the sampled entries are chosen). Each parameter array's relative error is
``‖g − n‖ / max(‖g‖ + ‖n‖, 1e-4)`` over its checked entries (a norm, so one entry whose
gradient is nearly 0 cannot drown in rounding noise, nor a gradient that is 0). The usual
reading (CS231n): below 1e-7 the gradient is right; up to 1e-5 it is fine near a kink
(ReLU); above 1e-3 it is almost surely wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chainrule.nn.finite_difference import central_difference, sampled_entries
from chainrule.nn.network import Network

THRESHOLDS = ((1e-7, "ok"), (1e-5, "ok near a kink"), (1e-3, "suspicious"))
#: below this sum of norms the error is taken relative to it: a gradient that is exactly 0 (a
#: bias right before a batch norm, which subtracts it again) is rounding noise on both sides
#: (1e-17 from backprop, ~1e-11 from differences of a loss near 1 at ε = 1e-5), whose ratio
#: would say "wrong"; over this floor such noise reads below 1e-7, while a gradient wrong by
#: more than 1e-8 in absolute terms still fails
ZERO_GRADIENT = 1e-4


def relative_error_verdict(relative_error: float) -> str:
    for limit, word in THRESHOLDS:
        if relative_error <= limit:
            return word
    return "wrong"


@dataclass(frozen=True)
class ParameterCheck:
    """The comparison for one parameter array (``W1``, ``b1``, ...)."""

    name: str
    shape: tuple[int, ...]
    checked: int  # how many entries were perturbed
    relative_error: float
    max_absolute_error: float

    @property
    def verdict(self) -> str:
        return relative_error_verdict(self.relative_error)


@dataclass(frozen=True)
class GradcheckReport:
    """Per-parameter results; ``passed`` when every parameter is at most ``tolerance``."""

    parameters: tuple[ParameterCheck, ...]
    epsilon: float
    tolerance: float

    @property
    def max_relative_error(self) -> float:
        return max(p.relative_error for p in self.parameters)

    @property
    def passed(self) -> bool:
        return self.max_relative_error <= self.tolerance

    def __str__(self) -> str:
        lines = [f"gradient check (central differences, ε = {self.epsilon:g})",
                 f"{'parameter':<10} {'shape':<12} {'checked':>7}  {'rel. error':>10}  "
                 f"{'max abs. error':>14}  verdict"]
        for p in self.parameters:
            lines.append(f"{p.name:<10} {p.shape!s:<12} {p.checked:>7}  "
                         f"{p.relative_error:>10.2e}  {p.max_absolute_error:>14.2e}  {p.verdict}")
        outcome = "passed" if self.passed else "FAILED"
        lines.append(f"{outcome}: max relative error {self.max_relative_error:.2e} "
                     f"(tolerance {self.tolerance:g})")
        return "\n".join(lines)


def gradcheck(
    network: Network,
    x: object,
    y: object,
    *,
    epsilon: float = 1e-5,
    tolerance: float = 1e-5,
    max_entries: int | None = 200,
    seed: int = 0,
) -> GradcheckReport:
    """Compare backprop's gradients of ``network`` on ``(x, y)`` with finite differences.

    The check runs on a float64 copy of the network, so float32 networks are checked too,
    in the network's mode (``net.train()``: with dropout's mask of the backprop pass).
    ``max_entries`` caps the entries perturbed per parameter (chosen at random with
    ``seed``); ``None`` checks all of them.
    """
    net = network.astype("float64")
    _, analytic = net.loss_and_gradients(x, y)
    for layer in net.layers:  # dropout in training: every difference uses the same mask
        if hasattr(layer, "replay"):
            layer.replay = True
    rng = np.random.default_rng(seed)
    loss = lambda: net.loss_value(x, y)  # noqa: E731 - the loss of the perturbed network
    checks = []
    named = zip(net.parameter_names, net.parameters, analytic, strict=True)
    for name, parameter, gradient in named:
        entries = sampled_entries(parameter.shape, max_entries, rng)
        numeric = np.array([central_difference(loss, parameter, i, epsilon) for i in entries])
        exact = np.array([gradient[i] for i in entries])
        difference = np.linalg.norm(exact - numeric)
        scale = max(np.linalg.norm(exact) + np.linalg.norm(numeric), ZERO_GRADIENT)
        relative = difference / scale
        checks.append(ParameterCheck(name, parameter.shape, len(entries), float(relative),
                                     float(np.abs(exact - numeric).max())))
    return GradcheckReport(tuple(checks), epsilon, tolerance)

