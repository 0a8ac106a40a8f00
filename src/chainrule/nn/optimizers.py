r"""Optimizers: how a gradient becomes a step. All update the parameters in place.

* ``SGD(lr)``: :math:`w \leftarrow w - \eta\, g`
* ``SGD(lr, momentum=μ)``: :math:`v \leftarrow \mu v - \eta g,\; w \leftarrow w + v`
* ``SGD(lr, momentum=μ, nesterov=True)``: :math:`w \leftarrow w + \mu v - \eta g` (with the new v)
* ``Adam(lr, β1, β2, ε)``: bias-corrected moment estimates (Kingma & Ba 2015), written as
  PyTorch writes them so the two agree to rounding.

Momentum is written as CS231n and Sutskever et al. (2013) write it: the velocity holds steps
(``η g``). PyTorch's ``SGD`` keeps gradients in it instead (``v ← μv + g``, ``w ← w − ηv``).
With a constant rate the two are the same; when a schedule changes ``η``, here the steps
already in the velocity keep their old size and fade out, while in PyTorch the new rate
rescales them at once.
"""

from __future__ import annotations

import math

import numpy as np

from chainrule.errors import ConfigError


def _positive(name: str, value: float) -> float:
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
        raise ConfigError(f"`{name}` must be a positive number; got {value!r}")
    return float(value)


class Optimizer:
    """Base: ``start`` allocates state for the parameters, ``step`` applies one update."""

    def __init__(self, lr: float) -> None:
        self.lr = _positive("lr", lr)

    def start(self, parameters: list[np.ndarray]) -> None:
        """Reset the state for a fresh training run."""

    def gradient_scale(self, lr: float) -> float:
        """The factor ``step`` wants the gradients multiplied by (the training loop folds it
        into the output gradient, before backward): 1 unless an optimizer says otherwise."""
        return 1.0

    def step(self, parameters: list[np.ndarray], gradients: list[np.ndarray], lr: float) -> None:
        """Update ``parameters`` in place; ``gradients`` are ``∂L/∂p · gradient_scale(lr)``."""
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with (Nesterov) momentum."""

    def __init__(self, lr: float = 0.1, momentum: float = 0.0, nesterov: bool = False) -> None:
        super().__init__(lr)
        if not 0 <= momentum < 1:
            raise ConfigError(f"`momentum` must be in [0, 1); got {momentum!r}")
        if nesterov and momentum == 0:
            raise ConfigError("`nesterov=True` needs a momentum > 0")
        self.momentum, self.nesterov = float(momentum), bool(nesterov)
        self._scratch: list[np.ndarray] = []
        self._velocity: list[np.ndarray] = []

    def start(self, parameters: list[np.ndarray]) -> None:
        self._velocity = [np.zeros_like(p) for p in parameters] if self.momentum else []
        # Nesterov's μv goes to a buffer made once, not a new array each step
        self._scratch = [np.empty_like(p) for p in parameters] if self.nesterov else []

    def gradient_scale(self, lr: float) -> float:
        # the step η g is what backward computes when η is folded into the output gradient
        # (backward is linear in it): then the update is one pass over the parameters, not
        # two, which on a large network saves a pass over a few MB each batch
        return lr

    def step(self, parameters: list[np.ndarray], gradients: list[np.ndarray], lr: float) -> None:
        """``gradients`` are the steps ``η ∂L/∂p`` (see :meth:`gradient_scale`)."""
        if not self.momentum:
            for p, step in zip(parameters, gradients, strict=True):
                p -= step
            return
        mu = self.momentum
        for k, (p, step, v) in enumerate(zip(parameters, gradients, self._velocity, strict=True)):
            v *= mu
            v -= step
            if self.nesterov:  # w ← w + μv − η g, with the new v
                p += np.multiply(v, mu, self._scratch[k])
                p -= step
            else:
                p += v

    def __repr__(self) -> str:
        extra = f", momentum={self.momentum}" if self.momentum else ""
        extra += ", nesterov=True" if self.nesterov else ""
        return f"SGD(lr={self.lr}{extra})"


class Adam(Optimizer):
    """Adam with bias correction."""

    def __init__(
        self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ) -> None:
        super().__init__(lr)
        for name, beta in (("beta1", beta1), ("beta2", beta2)):
            if not 0 <= beta < 1:
                raise ConfigError(f"`{name}` must be in [0, 1); got {beta!r}")
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), _positive("eps", eps)
        self._m: list[np.ndarray] = []
        self._v: list[np.ndarray] = []
        self._t = 0

    def start(self, parameters: list[np.ndarray]) -> None:
        self._m = [np.zeros_like(p) for p in parameters]
        self._v = [np.zeros_like(p) for p in parameters]
        self._t = 0

    def step(self, parameters: list[np.ndarray], gradients: list[np.ndarray], lr: float) -> None:
        self._t += 1
        b1, b2 = self.beta1, self.beta2
        correction1 = 1 - b1**self._t
        root_correction2 = math.sqrt(1 - b2**self._t)
        for p, g, m, v in zip(parameters, gradients, self._m, self._v, strict=True):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * (g * g)
            denominator = np.sqrt(v)
            denominator /= root_correction2
            denominator += self.eps
            p -= (lr / correction1) * (m / denominator)

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr}, beta1={self.beta1}, beta2={self.beta2}, eps={self.eps})"


OPTIMIZERS = {"sgd": SGD, "momentum": SGD, "nesterov": SGD, "adam": Adam}


def make_optimizer(name: str, lr: float, momentum: float = 0.9) -> Optimizer:
    """The optimizer called ``name`` (for the CLI): sgd, momentum, nesterov or adam."""
    if name not in OPTIMIZERS:
        from chainrule.errors import one_of

        raise one_of("optimizer", name, OPTIMIZERS)
    if name == "adam":
        return Adam(lr)
    if name == "sgd":
        return SGD(lr)
    return SGD(lr, momentum=momentum, nesterov=name == "nesterov")
