r"""A claim's names as a course writes them, respelled the way the formula parser reads them.

Notations that write the layer as a subscript of a vector (CS231n) name an entry
``(dz_2)_1`` or ``(W_2)_{11}``, and a gradient with the prefix ``d`` (``dW``, ``db``). The
parser reads ``dz_1^(2)`` and ``W_11^(2)``, and ``dW`` as ``d·W``, so before parsing:

.. code-block:: text

    \dot\sigma(z)   ->  \sigma'(z)
    (dz_2)_1        ->  dz_1^(2)
    (W_2)_{11}      ->  W_11^(2)
    dW_11^(2)       ->  \mathrm{dW}_11^(2)     (one name: the gradient of W_11^(2))
"""

from __future__ import annotations

import re

from chainrule.explain.notation import Notation

_SCRIPT = r"(?:\{\s*(?P<%s>[^{}]+?)\s*\}|(?P<%s>[0-9A-Za-z+\-]+))"
_ENTRY = re.compile(
    r"\(\s*(?P<name>\\?[A-Za-z]+(?:\{[A-Za-z]\})?)\s*_\s*" + _SCRIPT % ("lb", "l")
    + r"\s*\)\s*_\s*" + _SCRIPT % ("ub", "u")
)


_LETTER = r"\\sigma|\\theta|[σθgf]"
_DOT = re.compile(rf"\\dot\s*(?:\{{\s*(?P<b>{_LETTER})\s*\}}|(?P<p>{_LETTER}))"
                  r"|(?P<u>[σθgf])\u0307")


def respell(text: str, notation: Notation) -> str:
    """``text`` with the notation's vector entries and gradient names in the parser's form;
    a dotted activation letter (``\\dot\\sigma``, ``σ̇``) is its derivative, ``σ'``."""
    text = dotted_primes(text)
    if notation.layer_style == "subscript":
        text = _ENTRY.sub(_entry, text)
    prefix = notation.gradient_prefix
    if prefix:
        for letter in sorted({notation.weight_matrix, notation.weight, notation.bias}):
            name = re.escape(prefix + letter)
            glued = re.compile(rf"(?<![A-Za-z\\]){name}\s*_\s*" + _SCRIPT % ("ub", "u"))
            text = glued.sub(lambda m, n=prefix + letter: rf"\mathrm{{{n}}}_{{{_group(m, 'u')}}}",
                             text)
    return text


def dotted_primes(text: str) -> str:
    """``\\dot{\\sigma}(z)``, ``\\dot\\theta(s)``, ``σ̇(z)`` written with a prime: ``σ'(z)``."""
    return _DOT.sub(lambda m: (m["b"] or m["p"] or m["u"]) + "'", text)


def _entry(match: re.Match[str]) -> str:
    return f"{match['name']}_{{{_group(match, 'u')}}}^{{({_group(match, 'l')})}}"


def _group(match: re.Match[str], name: str) -> str:
    return match[name + "b"] if match[name + "b"] is not None else match[name]
