r"""A learner's own names for a network's quantities: ``--symbols "out_{o1}=o_5,E_{total}=E"``.

The items of ``symbols`` whose key is a field of a notation (``loss=J``, ``post=h``) change the
notation; any other ``name=quantity`` item names a quantity of the network in the notation's
spelling, and the learner's ``name`` is read as that quantity (and the output says so).

Some names are built in, where the learners of a course write them (:func:`course_names`):
CS231n learners' ``\dot{y}`` for the one-hot target (the question of the CS231n example
writes ``dz_2 = \hat{y}_n - \dot{y}_n``), and the names of Matt Mazur's worked example
("A Step by Step Backpropagation Example") for Mitchell's network of one hidden layer:
``out_{h1}``, ``net_{o1}``, ``target_{o1}``, ``E_{total}`` and the weights ``w_1`` … ``w_8``
numbered layer by layer, the weights into each unit together. A learner's own ``--symbols``
win over them.
"""

from __future__ import annotations

import re

from chainrule.errors import ConfigError
from chainrule.explain.notation import CUSTOM_KEYS, Notation, custom_notation, get_notation
from chainrule.explain.quantity_names import Namer

GIVEN = "--symbols"
MAZUR = "Mazur's name"
DOT_TARGET = "ẏ, the one-hot target, as CS231n learners write it"


def split_symbols(symbols: str | None) -> tuple[str | None, dict[str, str]]:
    """``(notation symbols or None, {learner's name: the notation's name})`` as written."""
    if not symbols:
        return symbols, {}
    fields, aliases = [], {}
    for item in filter(None, (part.strip() for part in symbols.split(","))):
        key, sep, value = item.partition("=")
        if not sep or not value.strip():
            raise ConfigError(f"a symbol must look like `name=symbol`; got {item!r}")
        if key.strip() in CUSTOM_KEYS:
            fields.append(item)
        else:
            aliases[key.strip()] = value.strip()
    return (",".join(fields) or None), aliases


def resolve_notation(notation: str | Notation, symbols: str | None = None) -> Notation:
    """A preset by name, ``"custom"`` built from ``symbols``, or a :class:`Notation`; the
    learner's own names among ``symbols`` (``out_{o1}=o_5``) are the quantity's business."""
    if isinstance(notation, Notation):
        return notation
    symbols, _ = split_symbols(symbols)
    if notation == "custom":
        if not symbols:
            raise ConfigError("the custom notation needs symbols, e.g. "
                              "'loss=J,post=h,pre=z,weight_order=to_from'")
        return custom_notation(symbols)
    base = get_notation(notation)
    return custom_notation(symbols, base) if symbols else base


def key_text(written: str) -> str:
    """A name reduced to compare spellings: ``out_{o1}`` and ``out_o1``, ``A^{[1]}`` and
    ``A^(1)``, ``dZ2`` and ``dZ_2``."""
    text = re.sub(r"[\s{}\\]", "", written)
    text = re.sub(r"^([A-Za-z]+)(\d+)$", r"\1_\2", text)
    return re.sub(r"\^\[([^\]]*)\]", r"^(\1)", text)


def renamed(name: str, aliases: dict[str, str],
            origins: dict[str, str] | None = None) -> tuple[str, str | None]:
    """``name`` as the quantity the learner's ``aliases`` map it to, with the line that says
    so (``read out_{o1} as o_5 (--symbols)``), or as it is and None; ``origins`` says where a
    name comes from when it is built in (:func:`course_names`)."""
    table = {key_text(key): (key, value) for key, value in aliases.items()}
    key, value = table.get(key_text(name), (None, None))
    if value is None:
        return name, None
    return value, f"read {name.strip()} as {value} ({(origins or {}).get(key, GIVEN)})"


def course_names(notation: Notation, widths: tuple[int, ...]) -> dict[str, tuple[str, str]]:
    """The names built in for this notation and network: ``{name: (quantity, origin)}``,
    the quantity in the formula parser's spelling of the notation."""
    namer = Namer(notation, widths)
    found: dict[str, tuple[str, str]] = {}
    if notation.output and notation.gradient_prefix and notation.layout == "row":
        found[r"\dot{y}"] = (namer.plain("target", "j").partition("_")[0], DOT_TARGET)
        for k in range(widths[-1]):
            found[rf"\dot{{y}}_{{{k + 1}}}"] = (namer.plain("target", k), DOT_TARGET)
    if notation.layer_style == "global" and len(widths) == 3:
        found.update(_mazur(namer, widths))
    return found


def _mazur(namer: Namer, widths: tuple[int, ...]) -> dict[str, tuple[str, str]]:
    """Mazur's names of a network with one hidden layer: ``i1``, ``h1``, ``o1`` units, the
    weights numbered from ``w_1`` layer by layer, those into one unit together."""
    plain = namer.plain
    found = {"E_{total}": (plain("loss"), MAZUR)}
    for k in range(widths[0]):
        found[f"i_{{{k + 1}}}"] = (plain("post", 0, k), MAZUR)
    for layer, letter in ((1, "h"), (2, "o")):
        for k in range(widths[layer]):
            found[f"out_{{{letter}{k + 1}}}"] = (plain("post", layer, k), MAZUR)
            found[f"net_{{{letter}{k + 1}}}"] = (plain("pre", layer, k), MAZUR)
    for k in range(widths[2]):
        found[f"target_{{o{k + 1}}}"] = (plain("target", k), MAZUR)
    count = 0
    for layer in (1, 2):
        for j in range(widths[layer]):
            for i in range(widths[layer - 1]):
                count += 1
                found[f"w_{{{count}}}"] = (plain("weight", layer, i, j), MAZUR)
    return found


def with_course_names(aliases: dict[str, str], notation: Notation,
                      widths: tuple[int, ...]) -> tuple[dict[str, str], dict[str, str]]:
    """The learner's names and the course's built-in ones (the learner's win): ``(aliases,
    origins)``, ``origins`` saying where each built-in name comes from."""
    built = course_names(notation, widths)
    mine = {key_text(key) for key in aliases}
    merged = {key: value for key, (value, _) in built.items() if key_text(key) not in mine}
    origins = {key: origin for key, (_, origin) in built.items() if key in merged}
    return {**merged, **aliases}, origins
