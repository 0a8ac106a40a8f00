"""Explanations of every gradient of a network, in the learner's notation, with the numbers.

>>> import chainrule as cr
>>> from chainrule.explain import explain
>>> net = cr.Network([cr.Dense(2, 2), cr.Tanh(), cr.Dense(2, 1), cr.Tanh()],
...                  loss=cr.SquaredError(), seed=0)
>>> text = explain(net, [0.5, -1.0], [1.0], "delta_1^(L)", notation="lfd").to_text()

Names are loaded on first use so that importing this package stays cheap.
"""

from __future__ import annotations

from chainrule._lazy import lazy_exports

_EXPORTS = {
    "explain": "chainrule.explain.api",
    "explain_for_demo": "chainrule.explain.demo",
    "Explanation": "chainrule.explain.model",
    "Section": "chainrule.explain.model",
    "Line": "chainrule.explain.model",
    "Check": "chainrule.explain.model",
    "Notation": "chainrule.explain.notation",
    "PRESETS": "chainrule.explain.notation",
    "get_notation": "chainrule.explain.notation",
    "custom_notation": "chainrule.explain.notation",
    "example": "chainrule.explain.examples",
    "EXAMPLES": "chainrule.explain.examples",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
