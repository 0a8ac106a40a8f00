r"""The name of every quantity of a network, in a notation, as a tree
(:class:`~chainrule.calculus.math_names.MathName`).

Engine indices go in: dense layer ``l`` (``1..L``; ``0`` is the input), 0-based units ``i``
(of layer ``l − 1``) and ``j`` (of layer ``l``). A unit may also be a letter (``"j"``) and a
layer a string (``"l-1"``) for the general formulas. Out comes the notation's name, e.g.
``w₁₂⁽²⁾`` (LFD), ``w₂₁⁽³⁾`` (Nielsen), ``w₅₃`` (Mitchell), ``(W₂)₁₂`` (CS231n), which each
printer writes (its LaTeX, ``str(name)``, is ``w_{12}^{(2)}``).

The same names have a second face, :meth:`Namer.plain`: the symbol name the safe parser
(:func:`chainrule.calculus.parse`) would give them (``MathName.canonical``), ``w_12^(L)``,
``delta_j^(l+1)``, ``yhat_1``, so a formula typed in the notation can be matched with the
network's quantities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from chainrule.calculus.math_names import MathName
from chainrule.calculus.symbols import GREEK_BY_LETTER
from chainrule.errors import one_of
from chainrule.explain.formula_nodes import Rate, leaf, partial
from chainrule.explain.letter_names import letter
from chainrule.explain.notation import Notation
from chainrule.explain.notation_symbols import NotationSymbol

Index = int | str

#: What :meth:`Namer.plain` names: the scalar and vector faces of :class:`Namer`.
PLAIN_KINDS = ("pre", "post", "delta", "weight", "bias", "target", "loss", "pre_vector",
               "post_vector", "delta_vector", "target_vector")


def shift_layer(layer: str, shift: int) -> str:
    """``"l"`` shifted by 1 is ``"l+1"``; ``"l+1"`` by −1 is ``"l"``; ``"L-m"`` by 1 is
    ``"L-m+1"``. A numeric layer is returned as it is."""
    match = re.fullmatch(r"(.*?[A-Za-z])([+-]\d+)?", layer)
    if match is None:
        return layer
    total = int(match.group(2) or 0) + shift
    return match.group(1) if total == 0 else f"{match.group(1)}{total:+d}"


class Namer:
    """Names for one network's quantities in one notation.

    Parameters
    ----------
    notation : the notation.
    widths : units per layer, input first: ``(n_0, n_1, ..., n_L)``.
    """

    def __init__(self, notation: Notation, widths: Sequence[int]) -> None:
        self.notation = notation
        self.widths = tuple(widths)
        self.n_layers = len(widths) - 1

    # -- layer tags and unit indices ----------------------------------------------------

    def tag(self, layer: Index, offset: int, *, numeric: bool = False) -> str:
        """The written layer of engine layer ``layer`` shifted by ``offset``.

        A string layer (``"l"``, ``"l+1"``) is already in the notation's own numbering of
        signals; only the difference between ``offset`` and ``pre_offset`` is added.
        """
        if isinstance(layer, str):
            return shift_layer(layer, offset - self.notation.pre_offset)
        if self.notation.last_as_l and not numeric and layer == self.n_layers:
            return "L" if offset == self.notation.pre_offset else shift_layer(
                "L", offset - self.notation.pre_offset)
        return str(layer + offset)

    def unit(self, layer: Index, index: Index) -> str:
        """A unit's written index: 1-based, or global in Mitchell's numbering."""
        if isinstance(index, str):
            return index
        if self.notation.layer_style == "global" and isinstance(layer, int):
            return str(sum(self.widths[:layer]) + index + 1)
        return str(index + 1)

    @staticmethod
    def pair(first: str, second: str) -> str:
        """Two indices side by side, with a comma when one has several characters."""
        return f"{first},{second}" if len(first) > 1 or len(second) > 1 else first + second

    def _letter(self, field: str) -> MathName:
        found = letter(self.notation, field)
        assert found is not None, field  # only the optional letters can be empty
        return found

    def _scalar(self, field: str, layer: Index, offset: int, sub: str,
                numeric: bool) -> MathName:
        style, name = self.notation.layer_style, self._letter(field)
        if style == "global":
            return name.with_scripts(sub=sub)
        tag = self.tag(layer, offset, numeric=numeric)
        if style == "subscript":
            return MathName(name.with_scripts(sub=tag), sub=sub)
        return name.with_scripts(sub=sub, sup=self.bracketed(tag))

    def bracketed(self, tag: str) -> str:
        """A layer tag in the notation's brackets: ``(l)``, or ``[l]`` (Andrew Ng)."""
        opening, closing = self.notation.layer_brackets
        return f"{opening}{tag}{closing}"

    # -- scalars ------------------------------------------------------------------------

    def pre(self, layer: Index, j: Index, numeric: bool = False) -> MathName:
        n = self.notation
        return self._scalar("pre", layer, n.pre_offset, self.unit(layer, j), numeric)

    def post(self, layer: Index, j: Index, numeric: bool = False) -> MathName:
        n = self.notation
        if layer == 0 and n.input:
            return self._letter("input").with_scripts(sub=self.unit(0, j))
        if layer == self.n_layers and n.output:
            return self._letter("output").with_scripts(sub=self.unit(layer, j))
        return self._scalar("post", layer, n.post_offset, self.unit(layer, j), numeric)

    def delta(self, layer: Index, j: Index, numeric: bool = False) -> MathName:
        n = self.notation
        return self._scalar("delta", layer, n.pre_offset, self.unit(layer, j), numeric)

    def weight(self, layer: Index, i: Index, j: Index, numeric: bool = False) -> MathName:
        """The weight from unit ``i`` of layer ``layer − 1`` to unit ``j`` of ``layer``."""
        n = self.notation
        source = layer - 1 if isinstance(layer, int) else shift_layer(layer, -1)
        first, second = self.unit(source, i), self.unit(layer, j)
        if n.weight_order == "to_from":
            first, second = second, first
        sub = self.pair(first, second)
        if n.layer_style == "subscript":
            tag = self.tag(layer, n.pre_offset, numeric=numeric)
            return MathName(self._letter("weight_matrix").with_scripts(sub=tag), sub=sub)
        return self._scalar("weight", layer, n.pre_offset, sub, numeric)

    def bias(self, layer: Index, j: Index, numeric: bool = False) -> MathName:
        n = self.notation
        if n.bias_as_weight:
            first, second = "0", self.unit(layer, j)
            if n.weight_order == "to_from":
                first, second = second, first
            return self._scalar("weight", layer, n.pre_offset, self.pair(first, second),
                                numeric)
        return self._scalar("bias", layer, n.pre_offset, self.unit(layer, j), numeric)

    def target(self, j: Index) -> MathName:
        n = self.notation
        if n.single_target and self.widths[-1] == 1:
            return self._letter("single_target")
        return self._letter("target").with_scripts(sub=self.unit(self.n_layers, j))

    @property
    def loss(self) -> MathName:
        return self._letter("loss")

    @property
    def activation(self) -> MathName:
        """The activation function's letter (θ, σ, g, f)."""
        return self._letter("activation")

    # -- vectors and matrices -----------------------------------------------------------

    def _vector(self, name: MathName, layer: Index, offset: int) -> MathName:
        n = self.notation
        if n.bold_vectors and _plain_letters(name):
            name = replace(name, bold=True)
        tag = self.tag(layer, offset)
        if n.layer_style == "subscript":
            return name.with_scripts(sub=tag)
        return name.with_scripts(sup=self.bracketed(tag))

    def pre_vector(self, layer: Index) -> MathName:
        return self._vector(self._letter("pre"), layer, self.notation.pre_offset)

    def post_vector(self, layer: Index) -> MathName:
        n = self.notation
        if layer == 0 and n.input:
            return replace(self._letter("input"), bold=n.bold_vectors)
        if layer == self.n_layers and n.output:
            return self._letter("output")
        return self._vector(self._letter("post"), layer, n.post_offset)

    def delta_vector(self, layer: Index) -> MathName:
        n = self.notation
        if n.gradient_prefix and n.layer_style != "subscript":  # one name: dz^{[l]}
            tag = self.bracketed(self.tag(layer, n.pre_offset))
            pre = self._letter("pre")
            return MathName(n.gradient_prefix + str(pre.base), sup=tag, upright=True)
        if n.gradient_prefix:
            return self.gradient_name(self.pre_vector(layer))
        return self._vector(self._letter("delta"), layer, n.pre_offset)

    def weight_matrix(self, layer: Index) -> MathName:
        n = self.notation
        tag = self.tag(layer, n.pre_offset)
        if n.layer_style == "subscript":
            return self._letter("weight_matrix").with_scripts(sub=tag)
        return self._letter("weight_matrix").with_scripts(sup=self.bracketed(tag))

    def bias_vector(self, layer: Index) -> MathName:
        """The biases of a layer: ``b``, or the weights ``w_0`` from the constant unit where
        the notation has the bias as a weight (LFD, Mitchell)."""
        n = self.notation
        if not n.bias_as_weight:
            return self._vector(self._letter("bias"), layer, n.pre_offset)
        weight = replace(self._letter("weight"), bold=n.bold_vectors)
        if n.layer_style == "global":
            return weight.with_scripts(sub="0")
        return weight.with_scripts(sub="0", sup=self.bracketed(self.tag(layer, n.pre_offset)))

    def target_vector(self) -> MathName:
        return replace(self._letter("target"), bold=self.notation.bold_vectors)

    def plain(self, kind: str, *args: Index, numeric: bool = False) -> str:
        """The name of a quantity as the formula parser spells it (its ``canonical`` name).

        ``plain("weight", 2, 0, 1)`` is ``"w_12^(L)"`` in LFD where ``weight(2, 0, 1)`` is
        ``w_{12}^{(L)}``; ``plain("delta", "l+1", "j")`` is ``"delta_j^(l+1)"``;
        ``plain("loss")`` is ``"e"``. ``kind`` is one of :data:`PLAIN_KINDS`.
        """
        if kind not in PLAIN_KINDS:
            raise one_of("kind", kind, PLAIN_KINDS)
        if kind == "loss":
            return self.loss.canonical
        face = getattr(self, kind)
        if kind.endswith("_vector") or kind == "target":
            return face(*args).canonical
        return face(*args, numeric=numeric).canonical

    def gradient_name(self, of: MathName) -> MathName:
        """The name of ``∂loss/∂of`` where the notation has one (``dW₂``, ``dW^[2]``)."""
        prefix = self.notation.gradient_prefix
        if not prefix or isinstance(of.base, MathName):
            raise ValueError(f"no name for the gradient by {of} in this notation")
        return replace(of, prefix=prefix + of.prefix)

    def gradient(self, of: MathName) -> Rate | NotationSymbol:
        """The gradient of the loss by ``of``, as a formula: its name where the notation has
        one (``dW₂``), else ``∂loss/∂of``."""
        if self.notation.gradient_prefix:
            return leaf(self.gradient_name(of))
        return partial(self.loss, of)


def _plain_letters(name: MathName) -> bool:
    """Letters a notation writes in bold as a vector: Latin letters in no other style."""
    return not (name.upright or name.bold or name.accent or any(
        c in GREEK_BY_LETTER for c in str(name.base)))
