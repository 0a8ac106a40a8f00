"""Central finite differences of a loss in single entries of an array: the one numeric
derivative that the gradient check and the explanations both compare backprop against.

The derivative of ``L`` in entry ``a[i]`` is read as

    ``(L(a[i] + h) − L(a[i] − h)) / 2h``

whose error is ``O(h²)`` from truncation (the ``h`` term cancels, unlike a one-sided
difference) plus about ``ε_machine · |L| / h`` from rounding the two losses.

Step
    ``h`` is an absolute step, the same for every entry, chosen by each caller for the
    scale of the arrays it perturbs: weights, biases and signals of order 0.1 to 1 at
    initialization, where a step relative to the parameter's scale (``h · max(|a[i]|, 1)``)
    is ``h`` itself. The two errors balance near ``h ≈ ε_machine^(1/3) · scale``: about
    ``6e-6`` in float64, so the gradient check's ``1e-5`` and the explanations' ``1e-6`` leave
    about 1e-10 on either side; in float32 it is about ``5e-3``, hence ``1e-2`` there.
Entries
    :func:`sampled_entries` perturbs every entry of a small array and, above a cap, a
    random subset drawn without replacement from a caller's generator (so a seed gives the
    same entries every run), in row-major order.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def central_difference(loss: Callable[[], float], array: np.ndarray,
                       index: tuple[int, ...], h: float) -> float:
    """``(L(a[i] + h) − L(a[i] − h)) / 2h`` for the entry ``index`` of ``array``.

    Parameters
    ----------
    loss : the loss as a function of nothing, reading ``array`` in place (a network's
        loss on fixed inputs and targets, whose parameter ``array`` is).
    array : any shape; perturbed in place and restored exactly, even if ``loss`` raises.
    index : one entry of ``array``, a tuple of ``array.ndim`` integers.
    h : the absolute step (see the module notes for its choice).
    """
    original = array[index]
    try:
        array[index] = original + h
        plus = float(loss())
        array[index] = original - h
        minus = float(loss())
    finally:
        array[index] = original
    return (plus - minus) / (2 * h)


def sampled_entries(shape: tuple[int, ...], cap: int | None,
                    rng: np.random.Generator) -> list[tuple[int, ...]]:
    """The entries of an array of ``shape`` to perturb, in row-major order: all of them
    when there are at most ``cap`` (or ``cap`` is None), else ``cap`` drawn by ``rng``
    without replacement."""
    size = int(np.prod(shape))
    if cap is None or size <= cap:
        return list(np.ndindex(*shape))
    chosen = np.sort(rng.choice(size, size=cap, replace=False))
    return [tuple(int(i) for i in np.unravel_index(c, shape)) for c in chosen]
