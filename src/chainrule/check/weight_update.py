r"""A weight's gradient-descent step as Mitchell writes it: ``\Delta w_{ji} = \eta \delta_j x_{ji}``
(Table 4.2), and the Widrow-Hoff rule ``\Delta w_i = \eta (t - o) x_i``.

The step is Δw = −η ∂E/∂w, so the claim ``Δw = R`` is read as ``∂E/∂w = −R/η`` and checked like
any partial of the loss; the learning rate (η, or α as Andrew Ng writes it) must stand in R, and
the echo says how the step was read.
"""

from __future__ import annotations

import re

from chainrule.errors import ParseError

_STEP = re.compile(r"^\s*(?:\\Delta|Δ)\s*(?P<weight>[^=]+?)\s*=(?P<right>.*)$", re.S)
_RATES = {"eta": r"(?:\\eta|η)(?![A-Za-z])", "alpha": r"(?:\\alpha|α)(?![A-Za-z])"}


def as_gradient(claim: str, loss: str) -> tuple[str, str | None]:
    """``claim`` with a step ``Δw = R`` written as ``∂loss/∂w = −(R)/η``, and the note that
    says so; the claim and None when it is not a step.

    Raises
    ------
    ParseError
        If the step has no learning rate η (or α) in it.
    """
    match = _STEP.match(claim)
    if match is None:
        return claim, None
    weight, right = match["weight"], match["right"]
    rate = next((name for name, pattern in _RATES.items() if re.search(pattern, right)), None)
    if rate is None:
        raise ParseError(f"a weight's step Δ{weight} is −η times the gradient: write the "
                         f"learning rate, as in \\Delta {weight} = \\eta \\delta_j x_{{ji}}",
                         claim, 0)  # fmt: skip
    letter = "η" if rate == "eta" else "α"
    gradient = f"\\frac{{\\partial {loss}}}{{\\partial {weight}}}"
    note = (f"read the step Δ{weight.strip()} = {right.strip()} as Δ{weight.strip()} = "
            f"−{letter} ∂{loss.replace(chr(92) + 'mathrm', '').strip('{}')}/∂{weight.strip()}")
    return f"{gradient} = -\\left({right}\\right)/\\{rate}", note
