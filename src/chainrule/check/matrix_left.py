r"""Which claims are whole-matrix claims, and their left side: ``dW_2``, ``db``,
``\delta^{(l)}``, ``\frac{\partial C}{\partial w^{l}}``, ``∂e/∂𝐰₀⁽ᴸ⁾``.

A claim is read as matrices when its left side names a whole layer's δ or gradient and its
right side has a matrix operator (a transpose, ``@``, ``⊙``, NumPy, a sum over the samples),
or the notation writes batches as matrices (Andrew Ng's), or the left side is a whole weight or
bias gradient (``dW_2``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from chainrule.check.formulas import split_equation
from chainrule.check.matrix_bind import GRADIENT_OF, Binder, batch_matrices
from chainrule.check.matrix_nodes import Name
from chainrule.check.matrix_read import MatrixReader
from chainrule.errors import ConfigError, ParseError

_PARTIAL = re.compile(r"^\s*(?:\\frac\{\s*\\partial\s*(?P<a>\w+)\s*\}\{\s*\\partial\s*(?P<b>.+)"
                      r"\}|∂\s*(?P<c>\w+)\s*/\s*∂\s*(?P<d>.+))\s*$")
_QUANTITIES = ("delta", "grad_post", "grad_weight", "grad_bias")
_PRODUCTS = ("^T", "^{T}", "ᵀ", ".T", "\\top", "@", "⊙", "∘", "\\odot", "\\circ", "np.",
             "numpy.")
MARKERS = ("^T", "^{T}", "ᵀ", ".T", "\\top", "@", "⊙", "∘", "\\odot", "\\circ", "np.",
           "numpy.", "\\sum", "Σ", "∑", "sum_", "\\nabla", "^{[", "^[")


@dataclass(frozen=True)
class MatrixLeft:
    """The left side: the quantity's ``kind``, its name, as written, and whether it was
    written as a partial (``∂E/∂net``: never Mitchell's signed δ)."""

    kind: str
    name: Name
    written: str
    partial: bool = False


def split_top(text: str) -> tuple[str, str, int]:
    """``"lhs = rhs"`` split at its one ``=`` outside parentheses (``axis=0`` stays)."""
    depth, found = 0, []
    for i, char in enumerate(text):
        depth += char in "([{"
        depth -= char in ")]}"
        if char == "=" and depth == 0:
            found.append(i)
    if len(found) != 1:
        return split_equation(text)
    return text[: found[0]], text[found[0] + 1:], found[0] + 1


def is_matrix_claim(left: str, right: str, notation: Any) -> bool:
    """Whether a claim is read as a whole-matrix claim: matrix operators on its right side,
    Andrew Ng's notation, or a whole weight or bias gradient on its left (``dW_2``); in
    Mitchell's notation a layer's letter (``δ_k``) with a product of matrices (``⊙``, ``ᵀ``) on
    the right (``δ_h = o_h(1 − o_h) Σ_k w_kh δ_k`` stays unit by unit)."""
    if letter_layer(left, notation):
        return any(m in right for m in _PRODUCTS)
    if not names_whole_layer(left, notation):
        return False
    if batch_matrices(notation) or any(m in right for m in MARKERS):
        return True
    prefix = notation.gradient_prefix
    if not prefix:
        return False
    stripped = left.strip()
    for letter in (notation.weight_matrix, notation.bias):
        if re.fullmatch(rf"{prefix}{letter}(_\{{?\d+\}}?|\d+)?", stripped):
            return True
    return False


def letter_layer(left: str, notation: Any) -> bool:
    """Whether the left side names a layer by Mitchell's unit letters: ``δ_k`` (the output
    layer), ``δ_h`` (the hidden layer), ``∂E/∂w_{kh}`` (the weights from h to k)."""
    if notation.layer_style != "global":
        return False
    text = left.strip()
    inner = _PARTIAL.match(text)
    if inner is not None:
        text = inner["b"] or inner["d"]
    return re.fullmatch(r"[^_^]+_\{?(?:[kh]|kh|hi)\}?\s*", text) is not None


def names_whole_layer(left: str, notation: Any) -> bool:
    """Whether the left side names a whole layer's quantity, not one unit's."""
    text = left.strip()
    if text.startswith(("\\nabla", "∇")):  # ∇_a C, \nabla_{W_2} L: a gradient, whole
        return True
    if notation.layer_style == "subscript":
        return not text.startswith("(") and "^" not in text
    inner = _PARTIAL.match(text)
    if inner is not None:
        text = inner["b"] or inner["d"]
    if notation.bias_as_weight:  # LFD's 𝐰₀: the biases of a layer, from the constant unit
        text = re.sub(r"(_\{?0\}?|₀)", "", text, count=1)
    return "_" not in text and not any(c in text for c in "₀₁₂₃₄₅₆₇₈₉ᵢⱼₖ")


def read_left(text: str, whole: str) -> MatrixLeft:
    match = _PARTIAL.match(text)
    if match is not None:
        inner = (match["b"] or match["d"]).strip()
        node = MatrixReader(inner).read()
        if node[0] == "name":
            return MatrixLeft("?", node[1], text.strip(), partial=True)
    node = MatrixReader(text, 0, whole).read()
    if node[0] != "name":
        raise ParseError("the left side must name one quantity, such as dW_2 or "
                         "\\delta^{(l)}", whole, 0)
    return MatrixLeft("", node[1], text.strip())


def resolved(left: MatrixLeft, binder: Binder) -> MatrixLeft:
    """The left side's kind: a δ, or a gradient (``dW``, ``∂C/∂W^{(l)}``, ``∇_a C``)."""
    if left.name.base == "nabla":
        left = _gradient_by(left, binder)
    kind = binder.kind(left.name)
    if left.kind == "?":
        kind = GRADIENT_OF.get(kind or "")
    if kind not in _QUANTITIES:
        raise ConfigError(f"the left side must be a δ or a gradient of the loss, such as dW_2, "
                          f"db_2, dz_2, \\delta^{{(l)}} or ∂C/∂W^{{(l)}}; got {left.written}")
    return replace(left, kind=kind)


def _gradient_by(left: MatrixLeft, binder: Binder) -> MatrixLeft:
    """``∇_a C`` (Nielsen's gradient by the output layer's activations), ``\\nabla_{W_2} L``:
    the loss's gradient by the name in the subscript, as ``∂C/∂a^L`` and ``∂L/∂W_2`` are."""
    node = MatrixReader(left.name.sub).read()
    if node[0] != "name":
        raise ConfigError(f"∇ is read by one quantity, as in ∇_a C or \\nabla_{{W_2}} L; got "
                          f"{left.written}")  # fmt: skip
    name = node[1]
    if binder.kind(name) == "post" and not (name.tag or name.sub):
        name = replace(name, tag="L")  # ∇_a C: by the output layer's activations
    return MatrixLeft("?", name, left.written)
