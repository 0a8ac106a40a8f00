"""The one place the report asks for derivations: an adapter over ``chainrule.explain``.

:class:`Derivations` explains the quantities of one traced sample in the notations the
report offers through the public :func:`chainrule.explain.explain` (given explain's own
:class:`~chainrule.explain.quantity.Quantity`, it names nothing and caches each op's
derivation, so a report of a 2-500-2 network stays fast) and renders them as HTML with MathML
(``Explanation.to_html``), the calculus steps as compact text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from chainrule.viz.diagram_quantity import Quantity

if TYPE_CHECKING:
    from chainrule.nn.network import Network


def notations() -> tuple[tuple[str, str], ...]:
    """``(key, title)`` of the notations the report offers: the explainer's presets."""
    from chainrule.explain.notation import PRESETS

    return tuple((key, notation.title) for key, notation in PRESETS.items())


class Derivations:
    """Derivations of one sample ``(x, y)`` of ``network`` (``x`` of shape ``(1, n_in)``)."""

    def __init__(self, network: Network, x: np.ndarray, y: np.ndarray) -> None:
        self.network, self.x, self.y = network, x, y

    def explanation(self, quantity: Quantity, notation: str) -> Any:
        """The :class:`~chainrule.explain.model.Explanation` of ``quantity`` in ``notation``."""
        from chainrule.explain import explain

        return explain(self.network, self.x, self.y, quantity, notation)

    def html(self, quantity: Quantity, notation: str) -> str:
        """The derivation as an HTML fragment (MathML formulas), ready to inline."""
        return derivation_html(self.explanation(quantity, notation))

    def _public_explain(self, quantity: Quantity, notation: str) -> Any:
        """:func:`chainrule.explain.explain` given the quantity's name in the notation (the
        route a user takes; kept so tests can check both routes agree)."""
        from chainrule.explain import explain
        from chainrule.explain.notation import get_notation
        from chainrule.explain.quantity_names import Namer

        widths = [self.network.n_inputs] + [d.n_out for d in self.network.dense_layers]
        names = Namer(get_notation(notation), widths)
        text = _latex_name(names, quantity)
        return explain(self.network, self.x, self.y, text, notation)


def _latex_name(names: Any, quantity: Quantity) -> str:
    """The notation's name of the weight, bias or δ as a learner types it (LaTeX, layers as
    numbers), as :func:`chainrule.explain.explain` reads it."""
    layer, i, j = quantity.layer, quantity.i, quantity.j
    if quantity.kind == "delta":
        return str(names.delta(layer, j, numeric=True))
    target = (names.weight(layer, i, j, numeric=True) if quantity.kind == "weight"
              else names.bias(layer, j, numeric=True))
    return str(target)


def derivation_html(explanation: Any) -> str:
    """An explanation rendered by the explainer's HTML renderer (MathML, no page wrapper).

    The calculus steps under each factor are written as text: a report holds an explanation
    per drawn element and notation, and their steps as MathML would make it several MB. The
    style sheet is left out: the report carries it once."""
    from chainrule.render.explain_html import STYLE

    html = explanation.to_html(standalone=False, steps="text")
    return html.removeprefix(f"<style>{STYLE}</style>\n")
