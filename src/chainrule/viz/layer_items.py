"""What a layer report offers: its picture and the derivations its buttons and cells open.

A :class:`View` is what one layer type contributes (:mod:`chainrule.viz.layer_views`,
:mod:`chainrule.viz.norm_views`); an :class:`Item` is one derivation to show, either the very
text ``chainrule explain --weight NAME`` writes, or lines of such texts picked by
:func:`blocks` with the engine's numbers of a picture's cell put first. Nothing here computes
a gradient: the texts are explain's, the numbers the trace's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chainrule.viz.cells import key_of

if TYPE_CHECKING:
    from chainrule.explain.resolver import Resolved

SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class Item:
    """One derivation: its name, the value its button shows, and the text of the panel."""

    name: str
    value: float
    text: str

    @property
    def key(self) -> str:
        return key_of(self.name)

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "value": f"{self.value:.4g}",
                "sign": "pos" if self.value >= 0 else "neg", "text": self.text}


@dataclass(frozen=True)
class CellGroup:
    """Buttons laid out as the kernel, matrix or batch they belong to."""

    name: str
    columns: int
    items: list[Item]


@dataclass(frozen=True)
class View:
    """A layer type's part of the report: the picture (SVG), the words around it, the groups
    of buttons and the derivations that only the picture's cells open; ``shares`` when many
    derivations hold the same sections, written once (:mod:`chainrule.viz.derivation_parts`)."""

    heading: str
    caption: str
    picture: str
    groups: list[CellGroup]
    extra: list[Item] = field(default_factory=list)
    note: str = ""
    shares: bool = False


def derivation_text(run: Resolved, name: str) -> str:
    """What ``chainrule explain --weight NAME --output FILE`` writes for this example."""
    return run.explanation(name).to_text(width=100, steps="short")


def explained(run: Resolved, names: list[tuple[str, float]]) -> list[Item]:
    """One item per ``(name, value)``, its text explain's derivation of ``name``."""
    return [Item(name, value, derivation_text(run, name)) for name, value in names]


def blocks(text: str, wanted: Callable[[str], bool]) -> list[str]:
    """The lines of ``text`` in blocks ``wanted`` keeps: a block is a line with the more
    indented lines that follow it (its "because"), ``wanted`` sees the block's joined text;
    a line of prose is a block alone."""
    found: list[tuple[int, list[str]]] = []  # (the block's indent, its lines)
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip())
        if found and depth > found[-1][0]:
            found[-1][1].append(line)
        else:  # prose (not indented) is a block of its own: the formulas below are not its
            found.append((depth if depth else len(line) + 1, [line]))
    return [line for _, block in found if wanted("\n".join(block)) for line in block]


def subscript(*indices: int) -> str:
    """Indices as explain writes them under a letter: ``(0, 1, 2)`` → ``₀,₁,₂``."""
    return ",".join(str(k).translate(SUBSCRIPT) for k in indices)


def step_lines(text: str, t: int) -> str:
    """The lines of a recurrent derivation's ``text`` about step ``t``: those whose left-hand
    side ends in ``⁽t⁾`` (h⁽ᵗ⁾, δ⁽ᵗ⁾, |δ⁽ᵗ⁾|, an LSTM's c⁽ᵗ⁾, ∂L/∂c⁽ᵗ⁾ and the gateless
    RNN's |δ⁽ᵗ⁾|_(RNN), the sum's term hᵢ⁽ᵗ⁻¹⁾δⱼ⁽ᵗ⁾), each with the more indented lines
    that follow it (its "because")."""
    mark = f"⁽{str(t).translate(SUPERSCRIPT)}⁾"

    def about_t(block: str) -> bool:
        head = block.split("\n")[0]
        left = head.strip().split(" = ")[0]
        left = left.rpartition("|")[0] or left  # a norm: |δ⁽ᵗ⁾| or |δ⁽ᵗ⁾|_(RNN)
        return " = " in head and left.strip("|").endswith(mark)

    return "\n".join(blocks(text, about_t))


def step_items(run: Resolved, norms: list[float], asked: str | None = None) -> list[Item]:
    """One item per time step ``t`` (its button shows ``norms[t - 1]``): the lines about
    that step of the derivation of ``asked`` (the example's quantity if None)."""
    asked = str(run.quantity) if asked is None else asked
    whole = derivation_text(run, asked)
    return [Item(f"t={t}", float(norm), f"Time step t = {t} in the derivation of {asked}:\n"
                 + step_lines(whole, t)) for t, norm in enumerate(norms, start=1)]
