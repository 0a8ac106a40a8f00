r"""Quantities named in the notation's own spelling: ``w_12^(2)``, ``delta_1^(L)``, layer 2.

Every weight, bias and δ of the network is named in the notation (its LaTeX name, layers as
numbers); a name given by the user matches when both read the same after dropping braces,
spaces, backslashes and ``\mathrm``, with ``L`` (and ``L-1``, …) standing for the output layer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from chainrule.calculus.math_names import MathName
from chainrule.calculus.scripts import FROM_SUBSCRIPT, FROM_SUPERSCRIPT
from chainrule.calculus.symbols import GREEK_BY_LETTER
from chainrule.errors import ConfigError
from chainrule.explain.quantity_names import Namer


@dataclass(frozen=True)
class Quantity:
    """What to explain: ``kind`` is weight, bias, delta or layer; engine layer and units."""

    kind: str
    layer: int
    i: int = 0  # the source unit of a weight (engine, 0-based)
    j: int = 0  # the unit of a bias or δ, the target unit of a weight


_UNICODE = {"δ": "delta", "θ": "theta", "σ": "sigma", "−": "-", "ŷ": "haty", "y\u0302": "haty"}
_LOWERED = re.compile(f"[{re.escape(''.join(FROM_SUBSCRIPT))}]+")
_LAYER_FIRST = re.compile(r"^([A-Za-z]+)\^(\(\w+\))_(\w+)$")  # w^(3)_12
_RAISED = re.compile(f"[{re.escape(''.join(FROM_SUPERSCRIPT))}]+")


def _unscripted(name: str) -> str:
    """``δ₂⁽²⁾`` → ``δ_2^(2)``: Unicode sub- and superscripts back to ``_`` and ``^``."""
    name = _LOWERED.sub(lambda m: "_" + "".join(FROM_SUBSCRIPT[c] for c in m.group()), name)
    return _RAISED.sub(lambda m: "^" + "".join(FROM_SUPERSCRIPT[c] for c in m.group()), name)


def normalized(name: str | MathName, last_layer: str) -> str:
    """A name reduced to compare spellings: ``w_{12}^{(2)}``, ``w^{(2)}_{12}`` and ``w₁₂⁽²⁾``
    → ``w_12^(2)``; a notation's name is spelled the same way from its tree."""
    if isinstance(name, MathName):
        name = _spelled(name)
    else:
        name = _unscripted(name)
        for char, word in _UNICODE.items():
            name = name.replace(char, word)
        name = re.sub(r"\\(mathrm|mathbf|operatorname|left|right)", "", name)
        name = re.sub(r"[\s{}\\]", "", name)

    def layer(match: re.Match[str]) -> str:
        offset = int(match.group(1) or 0)
        return f"({int(last_layer) + offset})"

    name = re.sub(r"\(L([+-]\d+)?\)", layer, name)
    return _LAYER_FIRST.sub(r"\1_\3^\2", name)


def _spelled(name: MathName) -> str:
    """A notation's name as :func:`normalized` spells typed text: ``delta_1^(2)``, ``haty_1``,
    ``net_5``, ``(W_2)_12``, ``dz_2``."""
    if isinstance(name.base, MathName):
        out = f"({_spelled(name.base)})"
    else:
        out = name.prefix + name.accent + "".join(GREEK_BY_LETTER.get(c, c) for c in name.base)
    script = "".join(GREEK_BY_LETTER.get(c, c) for c in name.sub)
    return out + (f"_{script}" if script else "") + (f"^{name.sup}" if name.sup else "")


_TAGGED = re.compile(r"^([A-Za-z]+)_(\w+)\^\((\w+)\)$")
_FIRST, _SECOND = "\x00", "\x01"  # stand-ins for unit labels while reading a name's shape


def _kinds(names: Namer, layer: int, has_bias: bool):
    """``(kind, name_of(first, second))`` for the quantities of ``layer``."""
    yield "delta", lambda first, second: names.delta(layer, second, numeric=True)
    if has_bias:
        yield "bias", lambda first, second: names.bias(layer, second, numeric=True)
    yield "weight", lambda first, second: names.weight(layer, first, second, numeric=True)


def _patterns(name_of, last: str) -> list[re.Pattern[str]]:
    """The shapes a name can take: unit labels of one digit written side by side (``w_12``),
    or longer ones with a comma (``w_12,300``)."""
    patterns = []
    for width, digits in ((1, r"(\d)"), (2, r"(\d+)")):
        shape = normalized(name_of(_FIRST * width, _SECOND * width), last)
        regex = re.escape(shape)
        for stand_in, group in ((_FIRST, "first"), (_SECOND, "second")):
            regex = regex.replace(re.escape(stand_in * width), digits.replace("(", f"(?P<{group}>"))
        patterns.append(re.compile(regex))
    return patterns


def _unit_index(names: Namer, layer: int, label: str | None) -> int | None:
    """The engine index of the unit written ``label`` in ``layer`` (None if there is none)."""
    if label is None:
        return 0
    for index in (int(label) - 1, int(label) - 1 - sum(names.widths[:layer])):
        if 0 <= index < names.widths[layer] and names.unit(layer, index) == label:
            return index
    return None


def find_quantity(key: str, names: Namer, has_bias: list[bool]) -> Quantity | None:
    """The weight, bias or δ whose normalized name is ``key``, by reading the unit labels
    out of it: no table of every name (a 784-512-512-512-10 net has 933 000 weights)."""
    last = names.tag(names.n_layers, names.notation.pre_offset, numeric=True)
    for layer in range(1, names.n_layers + 1):
        for kind, name_of in _kinds(names, layer, has_bias[layer - 1]):
            for pattern in _patterns(name_of, last):
                match = pattern.fullmatch(key)
                if match is None:
                    continue
                labels = match.groupdict()
                i = _unit_index(names, layer - 1, labels.get("first"))
                j = _unit_index(names, layer, labels.get("second"))
                if i is None or j is None:
                    continue
                found = Quantity(kind, layer, i if kind == "weight" else 0, j)
                if normalized(name_of(*_labels(names, found)), last) == key:
                    return found
    return None


def _points(names: Namer, layer: int, has_bias: bool):
    """``(kind, name_of(first, second))`` for the signals, outputs, weights and biases of
    ``layer`` (the outputs of layer 0 are the inputs)."""
    yield "post", lambda first, second: names.post(layer, second, numeric=True)
    if layer == 0:
        return
    yield "pre", lambda first, second: names.pre(layer, second, numeric=True)
    yield from ((kind, name_of) for kind, name_of in _kinds(names, layer, has_bias)
                if kind != "delta")


def read_point(key: str, names: Namer, has_bias: list[bool]) -> Quantity | None:
    """The signal, output, weight or bias whose normalized name is ``key`` (a name of a
    partial derivative: ``o_5``, ``net_5``, ``z_2^(1)``, ``w_53``), or None."""
    last = names.tag(names.n_layers, names.notation.pre_offset, numeric=True)
    if names.notation.layer_style == "subscript":
        key = _TAGGED.sub(r"(\1_\3)_\2", key)
    for layer in range(names.n_layers + 1):
        bias = layer > 0 and has_bias[layer - 1]
        for kind, name_of in _points(names, layer, bias):
            for pattern in _patterns(name_of, last):
                match = pattern.fullmatch(key)
                if match is None:
                    continue
                labels = match.groupdict()
                i = _unit_index(names, layer - 1, labels.get("first")) if layer else 0
                j = _unit_index(names, layer, labels.get("second"))
                if i is None or j is None:
                    continue
                found = Quantity(kind, layer, i if kind == "weight" else 0, j)
                if normalized(name_of(found.i, found.j), last) == key:
                    return found
    return None


def _labels(names: Namer, q: Quantity) -> tuple[int, int]:
    """Engine indices in the order the name functions of :func:`_kinds` take them."""
    return q.i, q.j


def every_quantity(names: Namer, has_bias: list[bool]) -> Iterator[tuple[str, Quantity]]:
    """Every weight, bias and δ with its name in the notation, in LaTeX as a learner types it
    (lazily: there may be many)."""
    for layer in range(1, names.n_layers + 1):
        for kind, name_of in _kinds(names, layer, has_bias[layer - 1]):
            sources = range(names.widths[layer - 1]) if kind == "weight" else (0,)
            for i in sources:
                for j in range(names.widths[layer]):
                    yield str(name_of(i, j)), Quantity(kind, layer, i, j)


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
    key = normalized(str(text), last)
    if n.layer_style == "subscript":  # dz_1^(2), the formula parser's spelling of (dz_2)_1
        key = _TAGGED.sub(r"(\1_\3)_\2", key)
    found = find_quantity(key, names, has_bias) or _whole_layer(key, names, last)
    if found is None:
        raise ConfigError(f"no quantity called {text!r} in this network in the {n.key} "
                          f"notation; valid names look like {', '.join(examples(names, has_bias))}")
    return found


def _whole_layer(key: str, names: Namer, last: str) -> Quantity | None:
    """A whole layer named by its matrix or vector, or their gradients: ``dW_2``,
    ``dW^{[2]}``, ``db_2``, ``dz_2``, ``\\delta^{(l)}`` written with its number."""
    for layer in range(1, names.n_layers + 1):
        matrices = (names.weight_matrix(layer), names.bias_vector(layer),
                    names.delta_vector(layer))
        spellings = {*matrices, *(names.gradient(m) for m in matrices[:2])}
        if key.lower() in {normalized(s, last).lower() for s in spellings}:
            return Quantity("layer", layer)
    return None


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


def checked_quantity(q: Quantity, widths: tuple[int, ...], has_bias: list[bool]) -> Quantity:
    """``q`` given with engine indices, checked against the network: its kind, its dense
    layer ``1..L``, its units within the layers' widths, and a bias only where the layer has
    one. Nothing is looked up, so nothing else says when an index is out of range.

    Raises
    ------
    ConfigError
        Naming the layer and the valid range of what is out of it.
    """
    n_layers = len(widths) - 1
    if q.kind not in ("weight", "bias", "delta", "layer"):
        raise ConfigError(f"a quantity's kind is weight, bias, delta or layer; got {q.kind!r}")
    if not 1 <= q.layer <= n_layers:
        raise ConfigError(f"the network has dense layers 1 to {n_layers}; got layer {q.layer}")
    if q.kind == "bias" and not has_bias[q.layer - 1]:
        raise ConfigError(f"dense layer {q.layer} has no bias (it was built with bias=False)")
    units = {"j": (q.j, widths[q.layer])}
    if q.kind == "weight":
        units["i"] = (q.i, widths[q.layer - 1])
    for letter, (unit, width) in units.items():
        if q.kind != "layer" and not 0 <= unit < width:
            raise ConfigError(f"unit {letter} of dense layer {q.layer} is 0-based and below "
                              f"{width}; got {unit}")
    return q
