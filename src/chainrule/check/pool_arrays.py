r"""The arrays a claim about a pooling layer reads, its true ∂L/∂x and the classic mistakes.

Windows are numbered by the output position ``(i, j)`` they produce, inputs by ``(p, q)``:

.. code-block:: text

    dx[n,c,p,q] = sum_{i,j} dy[n,c,i,j] switch[n,c,i,j,p,q]          # max pooling
    dx[n,c,p,q] = sum_{i,j} dy[n,c,i,j] window[i,j,p,q] / k^2         # average pooling

``window[i,j,p,q]`` is 1 where input ``(p, q)`` lies in window ``(i, j)``; ``switch`` is 1 at
the one entry of each window that takes its maximum — on a tie the first in row-major order,
where the engine and PyTorch send δ — and ``ismax`` at every entry equal to the maximum (ties
included). ``k`` is the window's size, ``s`` its stride; ``dy`` (``dY``, ``delta``, CS231n's
``dout``) is ∂L/∂y of the pooled map ``y``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.check.claim_arrays import LayerArrays, Variant
from chainrule.nn.pooling import MaxPool2D

_EVERY = ("The gradient is routed to every input of the window, not only the maximum: the "
          "maximum depends on its winner alone, so ∂y/∂x is 1 there and 0 for the others.")
_SPREAD = ("Spread evenly over the window (δ/k² to each input): that is average pooling; max "
           "pooling sends the whole δ to the window's maximum and 0 to the others.")
_TIES = ("At a tie the whole δ goes to one maximum, the first in row-major order (as the engine "
         "and PyTorch break ties); [x = max] sends δ to every tied entry, so the window passes "
         "on more than the δ it received.")
_NO_SCALE = ("The 1/k² of average pooling is missing: each of the k² inputs counts 1/k² in the "
             "mean, so each gets δ/k².")
_MAX_ONLY = ("Spread to the maximum only: that is max pooling; the average depends on every "
             "input of its window equally, so each gets δ/k².")


def pool_arrays(pool: Any, record: Any) -> LayerArrays:
    """The named arrays, truth and wrong variants of ``pool`` (max or average) as traced."""
    x, dy = record.input, record.grad_output
    k, s = pool.kernel_size, pool.stride
    finder = MaxPool2D(k, s)  # where each window's maximum is, whatever the pooling
    window, switch = pool.windows(x.shape), finder.switches(x)
    arrays = {"x": x, "y": record.output, "dy": dy, "window": window, "switch": switch,
              "ismax": finder.switches(x, ties="all"), "k": np.asarray(float(k)),
              "s": np.asarray(float(s))}
    arrays.update(dY=dy, delta=dy, dout=dy, mask=switch)

    def routed(share: np.ndarray) -> np.ndarray:  # Σ_{i,j} δ[n,c,i,j] share[n,c,i,j,p,q]
        return np.einsum("ncij,ncijpq->ncpq", dy, np.broadcast_to(share, switch.shape))

    every = routed(window)
    if pool.averages:
        right = ("n,c,p,q", "sum_{i,j} dy[n,c,i,j] window[i,j,p,q] / k^2")
        wrong: list[Variant] = [(every, "factor", _NO_SCALE), (routed(switch), "max_only",
                                                                _MAX_ONLY)]
    else:
        right = ("n,c,p,q", "sum_{i,j} dy[n,c,i,j] switch[n,c,i,j,p,q]")
        wrong = [(every, "every_input", _EVERY), (every / k ** 2, "average", _SPREAD),
                 (routed(arrays["ismax"]), "ties", _TIES)]
    what = f"{pool.describe()} over {x.shape[2]}×{x.shape[3]} maps"
    return LayerArrays(what, 1, arrays, {"x": record.grad_input}, {"x": right}, {"x": wrong},
                       _MEANINGS)


_MEANINGS = {
    "window": "window[i,j,p,q]: 1 where input (p, q) lies in the window of output (i, j)",
    "switch": "switch[n,c,i,j,p,q]: 1 at the maximum of window (i, j) that takes δ (the first "
              "in row-major order on a tie), 0 elsewhere",
    "mask": "the switches, switch[n,c,i,j,p,q]",
    "ismax": "ismax[n,c,i,j,p,q]: 1 at every entry of window (i, j) equal to its maximum",
    "k": "the window's size k", "s": "the stride s",
}
