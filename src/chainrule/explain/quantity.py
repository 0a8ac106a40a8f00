r"""Quantities named in the notation's own spelling: ``w_12^(2)``, ``delta_1^(L)``, layer 2.

Every weight, bias and δ of the network is named in the notation (its LaTeX name, layers as
numbers); a name given by the user matches when both read the same after dropping braces,
spaces, backslashes and ``\mathrm``, with ``L`` (and ``L-1``, …) standing for the output layer.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from chainrule.errors import ConfigError
from chainrule.explain.notation import Notation
from chainrule.explain.symbols import Namer


@dataclass(frozen=True)
class Quantity:
    """What to explain: ``kind`` is weight, bias, delta or layer; engine layer and units."""

    kind: str
    layer: int
    i: int = 0  # the source unit of a weight (engine, 0-based)
    j: int = 0  # the unit of a bias or δ, the target unit of a weight


_UNICODE = {"δ": "delta", "θ": "theta", "σ": "sigma", "−": "-"}
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉ᵢⱼₖ", "0123456789ijk", strict=True))
_SUP = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾ᴸˡ⁺⁻", "0123456789()Ll+-", strict=True))


def _unscripted(name: str) -> str:
    """``δ₂⁽²⁾`` → ``δ_2^(2)``: Unicode sub- and superscripts back to ``_`` and ``^``."""
    name = re.sub(f"[{''.join(_SUB)}]+", lambda m: "_" + "".join(_SUB[c] for c in m.group()),
                  name)
    return re.sub(f"[{''.join(_SUP)}]+", lambda m: "^" + "".join(_SUP[c] for c in m.group()),
                  name)


def normalized(name: str, last_layer: str) -> str:
    """A name reduced to compare spellings: ``w_{12}^{(2)}`` → ``w_12^(2)``."""
    name = _unscripted(name)
    for char, word in _UNICODE.items():
        name = name.replace(char, word)
    name = re.sub(r"\\(mathrm|mathbf|operatorname|left|right)", "", name)
    name = re.sub(r"[\s{}\\]", "", name)

    def layer(match: re.Match[str]) -> str:
        offset = int(match.group(1) or 0)
        return f"({int(last_layer) + offset})"

    return re.sub(r"\(L([+-]\d+)?\)", layer, name)


def all_quantities(names: Namer, has_bias: list[bool]) -> dict[str, Quantity]:
    """Every weight, bias and δ, by normalized name."""
    widths, table = names.widths, {}
    last = names.tag(names.n_layers, names.notation.pre_offset, numeric=True)
    for layer in range(1, len(widths)):
        for j in range(widths[layer]):
            table[normalized(names.delta(layer, j, numeric=True), last)] = Quantity(
                "delta", layer, j=j)
            if has_bias[layer - 1]:
                table[normalized(names.bias(layer, j, numeric=True), last)] = Quantity(
                    "bias", layer, j=j)
            for i in range(widths[layer - 1]):
                table[normalized(names.weight(layer, i, j, numeric=True), last)] = Quantity(
                    "weight", layer, i, j)
    return table


@functools.lru_cache(maxsize=64)
def quantity_table(notation: Notation, widths: tuple[int, ...],
                   has_bias: tuple[bool, ...]) -> dict[str, Quantity]:
    """:func:`all_quantities` of a network's shape in a notation, built once (a 2-500-2 net has
    2 000 weights to name); do not modify the returned table."""
    return all_quantities(Namer(notation, widths), list(has_bias))


def parse_quantity(text: str | int, names: Namer, has_bias: list[bool]) -> Quantity:
    """The quantity called ``text`` in the notation, or a layer given by its number."""
    n = names.notation
    bare = str(text).strip().removeprefix("layer").strip()
    if isinstance(text, int) or bare.isdigit():
        number = int(bare)
        layer = number - n.pre_offset
        if not 1 <= layer <= names.n_layers:
            first, last = 1 + n.pre_offset, names.n_layers + n.pre_offset
            raise ConfigError(f"layer must be in {first}..{last} in the {n.key} notation "
                              f"(the number on its weights); got {number}")
        return Quantity("layer", layer)
    last = names.tag(names.n_layers, n.pre_offset, numeric=True)
    table = quantity_table(n, names.widths, tuple(has_bias))
    key = normalized(str(text), last)
    if key not in table:
        raise ConfigError(f"no quantity called {text!r} in this network in the {n.key} "
                          f"notation; valid names look like {', '.join(examples(names, has_bias))}")
    return table[key]


def examples(names: Namer, has_bias: list[bool]) -> list[str]:
    """A few valid names, in the notation's plain spelling, for error messages and help."""
    last = names.tag(names.n_layers, names.notation.pre_offset, numeric=True)
    L = names.n_layers
    picks = [names.weight(L, 0, 0, numeric=True), names.weight(1, 0, 0, numeric=True),
             names.delta(L, 0, numeric=True)]
    if has_bias[0]:
        picks.append(names.bias(1, 0, numeric=True))
    plain = [normalized(p, last) for p in picks]
    return [*plain, f"layer {1 + names.notation.pre_offset}"]
