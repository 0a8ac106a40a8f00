"""Explanations of every gradient of a network, in the learner's notation, with the numbers.

The package is callable: ``chainrule.explain(net, x, y, quantity, notation=...)`` is
:func:`chainrule.explain.api.explain`.

>>> import chainrule as cr
>>> net = cr.Network([cr.Dense(2, 2), cr.Tanh(), cr.Dense(2, 1), cr.Tanh()],
...                  loss=cr.SquaredError(), seed=0)
>>> text = cr.explain(net, [0.5, -1.0], [1.0], "delta_1^(L)", notation="lfd").to_text()

Names are loaded on first use so that importing this package stays cheap.
"""

from __future__ import annotations

from chainrule._lazy import callable_module, lazy_exports

_EXPORTS = {
    "explain": "chainrule.explain.api",
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
    "Example": "chainrule.explain.example_case",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
callable_module(__name__, "chainrule.explain.api:explain")
