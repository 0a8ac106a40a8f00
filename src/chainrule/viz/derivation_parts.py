"""Derivations that share whole sections, each shared section written into the page once.

An LSTM's gate weights (60 of them in the example) are explained with the same network, the
same forward pass and the same gradient through the cell; only the sum over time and the
check are their own. Written out in full they would weigh 0.5 MB, so :func:`pack` keeps each
section (a ``## `` heading and the lines up to the next one) that more than one derivation
holds as a *part*: the page writes it once in a ``<template>`` and each derivation a
``<span class="cr-part">`` where it goes, which the page's script fills when it loads. What a
reader sees is the text ``explain`` writes, unchanged.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

HEADING = "## "


def sections(text: str) -> list[str]:
    """``text`` cut before each line that starts a section; ``"".join`` gives it back."""
    pieces: list[str] = []
    for line in text.splitlines(keepends=True):
        if not pieces or line.startswith(HEADING):
            pieces.append(line)
        else:
            pieces[-1] += line
    return pieces


@dataclass(frozen=True)
class Packed:
    """The shared sections (``parts``: id → text) and each derivation as HTML (``html``:
    key → the ``<pre>``'s content, its shared sections as empty spans that name their part)."""

    parts: dict[str, str]
    html: dict[str, Markup]


def pack(texts: dict[str, str]) -> Packed:
    """Each section of ``texts`` (key → derivation) that several of them hold, written once."""
    cut = {key: sections(text) for key, text in texts.items()}
    counts = Counter(piece for pieces in cut.values() for piece in dict.fromkeys(pieces)
                     if piece.startswith(HEADING))
    ids = {piece: f"cr-part-{k}" for k, piece in enumerate(p for p, n in counts.items() if n > 1)}
    html = {key: Markup("".join(
        f'<span class="cr-part" data-part="{ids[piece]}"></span>' if piece in ids
        else escape(piece, quote=False) for piece in pieces)) for key, pieces in cut.items()}
    return Packed({part: piece for piece, part in ids.items()}, html)
