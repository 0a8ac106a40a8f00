r"""Weight initializers, by name.

=================  =========================================================
``glorot``         uniform on :math:`\pm\sqrt{6/(n_{in}+n_{out})}` (Glorot & Bengio 2010);
                   the default for tanh, sigmoid and linear layers
``glorot_normal``  normal, std :math:`\sqrt{2/(n_{in}+n_{out})}`
``lecun``          normal, std :math:`\sqrt{1/n_{in}}` (LeCun 1998); keeps tanh units in
                   their non-linear range when layers are wide
``he``             normal, std :math:`\sqrt{2/n_{in}}` (He et al. 2015); for ReLU layers
``he_uniform``     uniform on :math:`\pm\sqrt{6/n_{in}}`
``uniform``        uniform on ``±scale`` (small random weights, as in the textbooks)
``normal``         normal with std ``scale``
``zeros``          all zero (fine for biases; for weights it keeps hidden units identical)
=================  =========================================================
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from chainrule.errors import one_of

Initializer = Callable[[np.random.Generator, int, int, float], np.ndarray]


def _glorot(rng: np.random.Generator, n_in: int, n_out: int, scale: float) -> np.ndarray:
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out))


def _glorot_normal(rng: np.random.Generator, n_in: int, n_out: int, scale: float) -> np.ndarray:
    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))


def _lecun(rng: np.random.Generator, n_in: int, n_out: int, scale: float) -> np.ndarray:
    return rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_in, n_out))


def _he(rng: np.random.Generator, n_in: int, n_out: int, scale: float) -> np.ndarray:
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))


def _he_uniform(rng: np.random.Generator, n_in: int, n_out: int, scale: float) -> np.ndarray:
    limit = np.sqrt(6.0 / n_in)
    return rng.uniform(-limit, limit, size=(n_in, n_out))


def _uniform(rng: np.random.Generator, n_in: int, n_out: int, scale: float) -> np.ndarray:
    return rng.uniform(-scale, scale, size=(n_in, n_out))


def _normal(rng: np.random.Generator, n_in: int, n_out: int, scale: float) -> np.ndarray:
    return rng.normal(0.0, scale, size=(n_in, n_out))


def _zeros(rng: np.random.Generator, n_in: int, n_out: int, scale: float) -> np.ndarray:
    return np.zeros((n_in, n_out))


INITIALIZERS: dict[str, Initializer] = {
    "glorot": _glorot,
    "glorot_normal": _glorot_normal,
    "lecun": _lecun,
    "he": _he,
    "he_uniform": _he_uniform,
    "uniform": _uniform,
    "normal": _normal,
    "zeros": _zeros,
}


def initializer(name: str) -> Initializer:
    """The initializer called ``name``; a clear error lists the others."""
    if name not in INITIALIZERS:
        raise one_of("init", name, INITIALIZERS)
    return INITIALIZERS[name]
