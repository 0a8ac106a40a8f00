r"""A partial derivative between two quantities of a network, asked for by name.

``∂o_5/∂net_5`` (a local factor), ``\frac{\partial \hat{y}_1}{\partial z_2^{(2)}}`` (an entry of
the softmax Jacobian), ``∂E/∂o_3`` (the loss by a hidden output), ``∂a_1^{(3)}/∂z_2^{(1)}``
(layers that are not adjacent), ``∂E/∂w_53``. Each name is read as
:mod:`chainrule.explain.quantity` reads a weight's or a δ's: in the notation's own spelling, with
numbered layers; the loss is the notation's loss symbol.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chainrule.errors import ConfigError
from chainrule.explain.learner_names import renamed
from chainrule.explain.quantity import Quantity, normalized, read_point
from chainrule.explain.quantity_names import Namer

_SLASH = re.compile(r"^\s*(?:∂|\\partial)\s*(?P<top>.+?)\s*/\s*(?:∂|\\partial)\s*(?P<bottom>.+?)"
                    r"\s*$")
_FRAC = re.compile(r"^\s*\\(?:d|t)?frac\s*\{\s*\\partial\s*")


@dataclass(frozen=True)
class Partial:
    """``∂top/∂bottom``: ``top`` a loss, signal or output, ``bottom`` a signal, output, weight
    or bias below it (engine layers and 0-based units, as :class:`Quantity` holds them)."""

    top: Quantity
    bottom: Quantity
    reading: tuple[str, ...] = ()  # the learner's own names, as read (--symbols)

    @property
    def kind(self) -> str:
        return "partial"


def stage(q: Quantity) -> float:
    """Where a quantity sits in the forward pass: a weight or bias before the signal it
    enters, a signal before its output, the loss last."""
    order = {"weight": -0.5, "bias": -0.5, "pre": 0.0, "post": 0.5}
    return float("inf") if q.kind == "loss" else 2 * q.layer + 2 * order[q.kind]


def split_partial(text: str) -> tuple[str, str] | None:
    r"""``("o_5", "net_5")`` of ``∂o_5/∂net_5`` or ``\frac{\partial o_5}{\partial net_5}``;
    None for text that is not a partial derivative."""
    found = _FRAC.match(text)
    if found is not None:
        top, rest = _braced(text, found.end() - 1)
        bottom_match = re.match(r"\s*\{\s*\\partial\s*", rest)
        if top is None or bottom_match is None:
            raise ConfigError(f"expected \\frac{{\\partial A}}{{\\partial B}}; got {text!r}")
        bottom, after = _braced(rest, bottom_match.end() - 1)
        if bottom is None or after.strip():
            raise ConfigError(f"expected \\frac{{\\partial A}}{{\\partial B}}; got {text!r}")
        return top.strip(), bottom.strip()
    match = _SLASH.match(text)
    return None if match is None else (match["top"], match["bottom"])


def _braced(text: str, start: int) -> tuple[str | None, str]:
    """The text up to the brace that closes the group opened before ``start`` (the opening
    brace itself is at ``start - ...``), and the rest after it."""
    depth = 1
    for k in range(start + 1, len(text)):
        depth += {"{": 1, "}": -1}.get(text[k], 0)
        if depth == 0:
            return text[start + 1:k], text[k + 1:]
    return None, ""


def parse_partial(text: str, names: Namer, has_bias: list[bool],
                  aliases: dict[str, str] | None = None,
                  origins: dict[str, str] | None = None) -> Partial | None:
    """The partial derivative ``text`` names, or None if ``text`` is not one.

    Raises
    ------
    ConfigError
        If a name is no quantity of the network, or the upper one does not depend on the
        lower one.
    """
    parts = split_partial(str(text))
    if parts is None:
        return None
    reading, points = [], []
    for written in parts:
        name, line = renamed(written, aliases or {}, origins)
        points.append(_point(name, names, has_bias))
        if line:
            said, _, origin = line.rpartition(" (")
            reading.append(f"{said}, {meaning(points[-1], names)} ({origin}")
    top, bottom = points
    if top.kind not in ("loss", "pre", "post"):
        raise ConfigError(f"{parts[0]}: the upper quantity of a partial derivative is the "
                          "loss, a signal or an output of a layer")
    if bottom.kind == "loss":
        raise ConfigError(f"{parts[1]}: nothing in the network depends on the loss")
    if stage(bottom) >= stage(top):
        raise ConfigError(f"{parts[0]} does not depend on {parts[1]} (it comes before it in "
                          "the forward pass, or is the same)")
    return Partial(top, bottom, tuple(reading))


def _point(name: str, names: Namer, has_bias: list[bool]) -> Quantity:
    last = names.tag(names.n_layers, names.notation.pre_offset, numeric=True)
    key = normalized(name, last)
    if key in {normalized(f"{names.loss}{suffix}", last) for suffix in ("", "_0", "_n")}:
        return Quantity("loss", names.n_layers)
    found = read_point(key, names, has_bias)
    if found is None:
        raise ConfigError(f"{name!r} is no signal, output, weight or bias of this network in "
                          f"the {names.notation.key} notation, nor its loss "
                          f"{normalized(names.loss, last)}; names look like "
                          f"{normalized(names.post(1, 0, numeric=True), last)}, "
                          f"{normalized(names.pre(1, 0, numeric=True), last)}")
    return found


_WORDS = {"pre": "the signal", "post": "the output", "bias": "the bias"}


def meaning(q: Quantity, names: Namer) -> str:
    """``the output of unit 5 of layer 2``, ``the weight from unit 3 to unit 5 of layer 2``."""
    if q.kind == "loss":
        return "the loss"
    if q.kind == "post" and q.layer == 0:
        return f"input {names.unit(0, q.j)}"
    if q.kind == "weight":
        return (f"the weight from unit {names.unit(q.layer - 1, q.i)} to unit "
                f"{names.unit(q.layer, q.j)} of layer {q.layer}")
    return f"{_WORDS[q.kind]} of unit {names.unit(q.layer, q.j)} of layer {q.layer}"
