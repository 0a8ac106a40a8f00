"""The one place the report asks for a derivation's HTML: an adapter over ``chainrule.explain``.

:func:`derivation_html` returns, for one quantity of a traced network and one notation, an
HTML fragment with MathML formulas and the trace's numbers. While ``chainrule.explain`` has no
renderer for a quantity, a short fallback states the chain-rule product with its numbers.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from chainrule.viz.quantity import Quantity

if TYPE_CHECKING:
    from chainrule.nn.network import Network
    from chainrule.nn.trace import Trace

FALLBACK_NOTATIONS = (("engine", "chainrule (row vectors, 0-based indices)"),)


def notations() -> tuple[tuple[str, str], ...]:
    """``(key, title)`` of the notations the report offers, the explainer's presets first."""
    try:
        from chainrule.explain.notation import PRESETS
    except ImportError:
        return FALLBACK_NOTATIONS
    return tuple((key, notation.title) for key, notation in PRESETS.items())


def derivation_html(network: Network, trace: Trace, quantity: Quantity, notation: str) -> str:
    """The derivation of ``quantity`` on ``trace`` (one sample) in ``notation``, as HTML."""
    return _fallback(trace, quantity, notation)


def _mi(text: str) -> str:
    return f"<mi>{escape(text)}</mi>"


def _mn(value: float) -> str:
    text = f"{value:.6g}"
    if text.startswith("-"):
        return f"<mo>−</mo><mn>{text[1:]}</mn>"
    return f"<mn>{text}</mn>"


def _math(*rows: str) -> str:
    return f'<math display="block"><mrow>{"".join(rows)}</mrow></math>'


def _partial(top: str, bottom: str) -> str:
    return f"<mfrac><mrow><mo>∂</mo>{top}</mrow><mrow><mo>∂</mo>{bottom}</mrow></mfrac>"


def _fallback(trace: Trace, quantity: Quantity, notation: str) -> str:
    l, j = quantity.layer, quantity.j  # noqa: E741 - the textbooks' name for the layer
    delta = float(trace.delta(l)[0, j])
    loss = _mi("L")
    d = f"<msubsup><mi>δ</mi><mn>{j}</mn><mrow><mo>(</mo><mn>{l}</mn><mo>)</mo></mrow></msubsup>"
    if quantity.kind == "weight":
        i = quantity.i
        a_value = float(trace.a(l - 1)[0, i])
        grad = float(trace.grad_W(l)[i, j])
        w = f"<msubsup><mi>W</mi><mrow><mn>{i}</mn><mn>{j}</mn></mrow><mn>{l}</mn></msubsup>"
        a = (f"<msubsup><mi>a</mi><mn>{i}</mn><mrow><mo>(</mo><mn>{l - 1}</mn><mo>)</mo></mrow>"
             "</msubsup>")
        body = _math(_partial(loss, w), "<mo>=</mo>", a, "<mo>·</mo>", d, "<mo>=</mo>",
                     _mn(a_value), "<mo>×</mo>", _mn(delta), "<mo>=</mo>", _mn(grad))
        title = f"∂L/∂W{l}[{i},{j}]"
    else:
        body = _math(_partial(loss, _mi("z")), "<mo>=</mo>", d, "<mo>=</mo>", _mn(delta))
        title = f"δ of unit {j}, layer {l}"
    return (f'<h3>{escape(title)}</h3>{body}<p class="cr-value">value: '
            f'<span class="cr-number">{escape(repr(delta if quantity.kind != "weight" else grad))}'
            f'</span></p><p class="cr-note">notation: {escape(notation)}</p>')
