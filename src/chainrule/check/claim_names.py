r"""The symbols of a claim about a network, read with explain's notation.

Names come from :class:`chainrule.explain.quantity_names.Namer` in its parse-name face
(:meth:`~chainrule.explain.quantity_names.Namer.plain`): ``x_1^(L)``, ``w_12^(2)``,
``delta_j^(l+1)``.
:meth:`ClaimNames.read` takes a parsed symbol back to a :class:`Ref` — what it is (signal,
output, δ, weight, bias, target), of which layer and which units — and
:meth:`ClaimNames.canonical` respells a numbered layer the notation's way (``x_1^(2)`` is
``x_1^(L)`` in LFD's two-layer net), so the claim and the true derivative share symbols.

Layers are engine layers (``1..L``; ``0`` is the input) when written with numbers or ``L``;
a layer written with a letter (``l``, ``L-m+1``) stays a string in the notation's numbering of
signals (a seed-003 output ``h^(l+1)`` belongs to the layer whose signal is ``z^(l)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import sympy

from chainrule.calculus.math_names import MathName
from chainrule.calculus.symbols import SymbolParts, symbol_parts
from chainrule.errors import ConfigError
from chainrule.explain.notation import Notation
from chainrule.explain.quantity_names import Index, Namer, shift_layer

Layer = int | str | None
_RELATIVE = re.compile(r"L(?P<shift>[+-]\d+)?")
PRE_KINDS = ("pre", "delta", "weight", "bias")


@dataclass(frozen=True)
class Ref:
    """What a claim's symbol stands for.

    Attributes
    ----------
    kind : ``pre``, ``post``, ``delta``, ``weight``, ``bias`` or ``target``.
    layer : engine layer (int), a layer written with letters (str, the notation's numbering
        of signals), or None when the notation writes no layer (Mitchell's ``δ_k``).
    units : the units as written (``("1",)``, ``("j",)``); a weight's are (from, to).
    """

    kind: str
    layer: Layer
    units: tuple[str, ...]

    @property
    def unit(self) -> str:
        """The unit of a signal, output, δ or bias; the receiving unit of a weight."""
        return self.units[-1] if self.units else ""


class ClaimNames:
    """The names of one network's quantities in one notation, both ways.

    Parameters
    ----------
    net : a :class:`chainrule.Network` (its widths are read).
    notation : a :class:`~chainrule.explain.notation.Notation`.
    """

    def __init__(self, net: Any, notation: Notation) -> None:
        self.notation = notation
        self.widths = (net.n_inputs, *(layer.n_out for layer in net.dense_layers))
        self.L = len(self.widths) - 1
        self.namer = Namer(notation, self.widths)
        self.last_tag = self.L + notation.pre_offset  # the output layer's number as written
        self.loss = sympy.Symbol(self.namer.plain("loss"))
        self._bases = self._bases_by_kind()

    # -- names of quantities --------------------------------------------------------------

    def symbol(self, kind: str, layer: int | str, *units: Index) -> sympy.Symbol:
        """The symbol of a quantity: ``symbol("weight", 2, 0, 1)`` is ``w_12^(L)`` in LFD."""
        return sympy.Symbol(self.namer.plain(kind, layer, *units))

    def target(self, unit: Index) -> sympy.Symbol:
        return sympy.Symbol(self.namer.plain("target", unit))

    def name_of(self, ref: Ref) -> sympy.Symbol:
        """The notation's own spelling of ``ref`` (its layer must be known)."""
        if ref.kind == "target":
            return self.target(ref.unit or 0)
        assert ref.layer is not None
        return self.symbol(ref.kind, ref.layer, *ref.units)

    def units_of(self, layer: int | str, limit: int) -> list[Index]:
        """Unit labels of a layer: engine indices of a numbered layer (at most ``limit``),
        ``"1".."3"`` of a layer written with letters."""
        if isinstance(layer, int):
            if self.widths[layer] > limit:
                raise ConfigError(f"layer {self.namer.tag(layer, self.notation.pre_offset)} has "
                                  f"{self.widths[layer]} units; a claim about its units is "
                                  f"checked on layers of at most {limit} units, or write it "
                                  "for a general layer (l, l+1)")
            return list(range(self.widths[layer]))
        return ["1", "2", "3"]

    def written_unit(self, layer: int | str, unit: Index) -> str:
        """A unit's index as the notation writes it (Mitchell numbers units through the net)."""
        return self.namer.unit(layer, unit)

    # -- reading a claim's symbols --------------------------------------------------------

    def _bases_by_kind(self) -> dict[str, tuple[str, Layer]]:
        plain = self.namer.plain
        bases: dict[str, tuple[str, Layer]] = {
            _base(plain("target", "j")): ("target", self.L),
            _base(plain("pre", "l", "j")): ("pre", None),
            _base(plain("delta", "l", "j")): ("delta", None),
            _base(plain("weight", "l", "i", "j")): ("weight", None),
            _base(plain("post", "l", "j")): ("post", None),
        }
        if not self.notation.bias_as_weight:
            bases[_base(plain("bias", "l", "j"))] = ("bias", None)
        if self.notation.input:
            bases.setdefault(_base(plain("post", 0, "j")), ("post", 0))
        if self.notation.output:
            bases.setdefault(_base(plain("post", self.L, "j")), ("post", self.L))
        return bases

    def is_target(self, symbol: sympy.Symbol) -> bool:
        base = symbol_parts(symbol).base
        return base in self._bases and self._bases[base][0] == "target"

    def read(self, symbol: sympy.Symbol) -> Ref | None:
        """The quantity ``symbol`` names in this notation, or None (a symbol of no quantity).

        Raises
        ------
        ConfigError
            For a weight without two indices or a layer the network does not have.
        """
        parts = symbol_parts(symbol)
        if parts.base not in self._bases:
            return None
        kind, fixed = self._bases[parts.base]
        if self._input_of_unit(kind, fixed, parts):
            unit = parts.indices[1]  # Mitchell's x_ji, "the ith input to unit j", is o_i
            return Ref("post", self._layer("post", parts.layer, (unit,), symbol), (unit,))
        if kind == "target":
            return Ref("target", self.L, (parts.subscript,) if parts.subscript else ())
        units = self._units(kind, parts, symbol)
        if kind == "weight" and self.notation.bias_as_weight and units[0] == "0":
            kind, units = "bias", units[1:]
        layer = fixed if fixed is not None else self._layer(kind, parts.layer, units, symbol)
        return Ref(kind, layer, units)

    def _input_of_unit(self, kind: str, fixed: Layer, parts: SymbolParts) -> bool:
        """Whether a name is Mitchell's x_ji, the input i of unit j (an output, o_i): two
        indices, j a unit above the inputs when it is a number (x_12 may be input 12)."""
        if not (kind == "post" and fixed == 0 and len(parts.indices) == 2
                and self.notation.layer_style == "global"):
            return False
        j = parts.indices[0]
        return not j.isdigit() or int(j) > self.widths[0]

    def _units(self, kind: str, parts: SymbolParts, symbol: sympy.Symbol) -> tuple[str, ...]:
        if kind != "weight":
            return (parts.subscript,) if parts.subscript else ()
        indices = parts.indices
        if len(indices) != 2:
            example = self.namer.plain("weight", "l", "i", "j")
            hint = " (in LaTeX, two digits need braces: w_{12})" if len(indices) == 1 else ""
            raise ConfigError(f"a weight has two indices, as in {example}; got "
                              f"{symbol.name}{hint}")
        return indices if self.notation.weight_order == "from_to" else indices[::-1]

    def _layer(self, kind: str, tag: str, units: tuple[str, ...], symbol: sympy.Symbol) -> Layer:
        n = self.notation
        offset = n.post_offset if kind == "post" else n.pre_offset
        if not tag:
            if n.layer_style == "global" and units and units[-1].isdigit():
                return self._global_layer(kind, int(units[-1]), symbol)
            return None
        value = self.tag_value(tag)
        if value is None:
            return tag if kind != "post" else shift_layer(tag, n.pre_offset - n.post_offset)
        layer, first = value - offset, 0 if kind == "post" else 1
        if not first <= layer <= self.L:
            raise ConfigError(f"{symbol.name} names layer {tag}, but this network's layers are "
                              f"{first + offset}..{self.L + offset} in the {n.key} notation")
        return layer

    def tag_value(self, tag: str) -> int | None:
        """The number a layer tag stands for (``L`` is the output layer), None for letters."""
        if tag.isdigit():
            return int(tag)
        match = _RELATIVE.fullmatch(tag)
        if match is None:
            return None
        return self.last_tag + int(match["shift"] or 0)

    def _global_layer(self, kind: str, unit: int, symbol: sympy.Symbol) -> int:
        """The layer of a unit numbered through the whole network (Mitchell)."""
        start = 0
        for layer, width in enumerate(self.widths):
            if start < unit <= start + width:
                if layer == 0 and kind != "post":
                    break
                return layer
            start += width
        raise ConfigError(f"{symbol.name}: this network's units are numbered 1..{start} "
                          f"(inputs 1..{self.widths[0]}); unit {unit} is not a unit of a layer")

    def canonical(self, symbol: sympy.Symbol) -> sympy.Symbol:
        """``symbol`` spelled the notation's way when its layer is a number or ``L`` (a bare
        target ``y`` of a one-output network is that output's target)."""
        ref = self.read(symbol)
        if ref is None:
            return symbol
        if ref.kind == "target":
            return self.name_of(ref) if ref.units or self.widths[-1] == 1 else symbol
        input_base = symbol_parts(self.namer.plain("post", 0, "j")).base
        parts = symbol_parts(symbol)
        if parts.base == input_base and self._input_of_unit("post", 0, parts):  # x_ji is o_i
            return sympy.Symbol(self.namer.plain("post", "l", ref.units[0])) \
                if not isinstance(ref.layer, int) else self.name_of(ref)
        if not ref.units or not isinstance(ref.layer, int):
            return symbol
        return self.name_of(ref)

    def gradient_of(self, symbol: sympy.Symbol) -> sympy.Symbol | None:
        """``W_11^(2)`` for ``dW_11^(2)`` where the notation names gradients with a prefix
        (CS231n's ``dW``, ``db``, ``da``), else None."""
        prefix = self.notation.gradient_prefix
        if not prefix or not symbol.name.startswith(prefix) or self.read(symbol) is not None:
            return None
        inner = sympy.Symbol(symbol.name[len(prefix):])
        ref = self.read(inner)
        return inner if ref is not None and ref.kind in ("pre", "post", "weight", "bias") else None

    def display(self, symbol: sympy.Symbol) -> str:
        """How results print ``symbol``: as explain writes it where the parser's name differs
        (CS231n's ``(dz₂)₁``, ``(dW₂)₁₁`` for ``dz_1^(2)``, ``dW_11^(2)``)."""
        from chainrule.calculus.printing import TextPrinter, symbol_text

        if self.notation.layer_style != "subscript":
            return symbol_text(symbol.name)
        try:
            inner = self.gradient_of(symbol)
            ref = self.read(inner if inner is not None else symbol)
            if ref is None or not isinstance(ref.layer, int) or ref.kind == "target":
                return symbol_text(symbol.name)
            wanted = 2 if ref.kind == "weight" else 1
            if len(ref.units) != wanted:
                return symbol_text(symbol.name)
            layers = (ref.layer - 1, ref.layer)[-wanted:]
            units = [self.unit_index(Ref("post", layer, (u,))) if u.isdigit() else u
                     for layer, u in zip(layers, ref.units, strict=True)]
        except ConfigError:  # a name of no quantity of this network
            return symbol_text(symbol.name)
        name = getattr(self.namer, ref.kind)(ref.layer, *units)
        if inner is not None:  # the gradient's d goes on the matrix of an entry: (dW₂)₁₁
            prefix = self.notation.gradient_prefix
            name = MathName(replace(name.base, prefix=prefix), name.sub, name.sup) \
                if isinstance(name.base, MathName) else replace(name, prefix=prefix)
        return TextPrinter().name(name)

    def unit_index(self, ref: Ref) -> Index:
        """The engine index of ``ref``'s unit when it is a number, else the letter."""
        if not ref.unit.isdigit() or not isinstance(ref.layer, int):
            return ref.unit
        number = int(ref.unit)
        if self.notation.layer_style == "global":
            number -= sum(self.widths[: ref.layer])
        if not 1 <= number <= self.widths[ref.layer]:
            raise ConfigError(f"layer {ref.layer} has {self.widths[ref.layer]} units; there is "
                              f"no unit {ref.unit}")
        return number - 1


def _base(name: str) -> str:
    return symbol_parts(name).base


def next_layer(layer: int | str) -> int | str:
    """The layer above: ``2`` → ``3``, ``"l"`` → ``"l+1"``, ``"L-m"`` → ``"L-m+1"``."""
    return layer + 1 if isinstance(layer, int) else shift_layer(layer, 1)


def previous_layer(layer: int | str) -> int | str:
    return layer - 1 if isinstance(layer, int) else shift_layer(layer, -1)


__all__ = ["PRE_KINDS", "ClaimNames", "Layer", "Ref", "next_layer", "previous_layer"]
