"""The arrays a claim about a batch norm in training reads, its true gradients and the classic
mistakes (a path through μ or σ² left out).

Over features ``(N, F)`` the entries are ``[i,f]`` and the batch sums run over ``k``; over the
channels of maps, ``[n,c,h,w]`` (or ``[n,c,l]``) with the sums over ``k,p,q`` (or ``k,q``): the
mean and variance of a channel are over its samples and positions, ``m`` of them. Names:
``x``, ``xhat`` (x̂), ``mu`` (μ, ``mean``), ``var`` (σ²), ``eps``, ``m``, ``gamma``, ``beta``,
``y``, ``dy`` (``dY``), ``dxhat`` (∂L/∂x̂ = γ ∂L/∂y), ``dvar`` (∂L/∂σ²), ``dmu`` (∂L/∂μ).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.check.claim_arrays import LayerArrays

#: by rank: the entry's letters, the summed letters, the feature's letter
_LETTERS = {2: ("i,f", "k", "f"), 3: ("n,c,l", "k,q", "c"), 4: ("n,c,h,w", "k,p,q", "c")}


def norm_arrays(norm: Any, record: Any) -> LayerArrays:
    """The named arrays, truths and wrong variants of the batch norm ``norm`` as traced."""
    x, state, eps = record.input, record.state, norm.eps
    axes = (0, *range(2, x.ndim))  # all but the feature's, as the layer normalizes
    shape = (1, -1) + (1,) * (x.ndim - 2)  # a feature's vector, broadcast over the entries
    m = x.size // x.shape[1]
    mu, var, x_hat = state["mean"], state["var"], state["x_hat"]
    dx_hat = record.grad_output * norm.gamma.reshape(shape)
    std = np.sqrt(var + eps)
    dvar = np.sum(dx_hat * (x - mu.reshape(shape)), axis=axes) * -0.5 * (var + eps) ** -1.5
    dmu = -np.sum(dx_hat, axis=axes) / std
    direct = dx_hat / std.reshape(shape)
    through_var = dvar.reshape(shape) * 2 * (x - mu.reshape(shape)) / m
    through_mu = dmu.reshape(shape) / m
    arrays = {"x": x, "xhat": x_hat, "mu": mu, "var": var, "eps": np.asarray(eps),
              "m": np.asarray(float(m)), "gamma": norm.gamma, "beta": norm.beta,
              "y": record.output, "dy": record.grad_output, "dxhat": dx_hat, "dvar": dvar,
              "dmu": dmu}
    arrays.update(dY=arrays["dy"], mean=mu)
    entry, summed, feature = _LETTERS[x.ndim]
    at, total = _at(entry, summed), "sum_" + (summed if len(summed) == 1 else f"{{{summed}}}")
    right = {"x": (entry, f"1/(m sqrt(var[{feature}]+eps)) (m dxhat[{entry}] - "
                          f"{total} dxhat[{at}] - xhat[{entry}] {total} dxhat[{at}] xhat[{at}])"),
             "gamma": (feature, f"{total} dy[{at}] xhat[{at}]"),
             "beta": (feature, f"{total} dy[{at}]")}
    truths = {"x": record.grad_input, "gamma": record.grads["gamma"],
              "beta": record.grads["beta"]}
    wrong = {"x": [
        (direct, "missing_path", "The gradients through μ and σ² are missing: x changes every "
         "x̂ₖ through the batch's mean and variance, not only its own x̂."),
        (direct + through_var, "missing_path", "The gradient through μ is missing: x changes "
         "the batch mean, and μ changes every x̂ₖ (the term ∂L/∂μ · 1/m)."),
        (direct + through_mu, "missing_path", "The gradient through σ² is missing: x changes "
         "the batch variance (the term ∂L/∂σ² · 2(x − μ)/m).")]}
    return LayerArrays(f"{norm.describe()} (in training)", 1, arrays, truths, right, wrong)


def _at(entry: str, summed: str) -> str:
    """The entry's letters with the summed ones in place of all but the feature:
    ``n,c,h,w`` summed over ``k,p,q`` is ``k,c,p,q``."""
    letters, sums = entry.split(","), iter(summed.split(","))
    return ",".join(letters[1] if position == 1 else next(sums)
                    for position in range(len(letters)))
