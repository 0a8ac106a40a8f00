r"""Nielsen's bare layer superscripts: ``w^4_{12}``, ``a^3_2``, ``\delta^L_1``, ``z^{l+1}``.

In Nielsen's book (and 3Blue1Brown's videos) a superscript on w, b, z, a or δ is always the
layer, never a power. In claims (``check``) and quantities (``explain --quantity``) in that
notation such a superscript is rewritten as the layer tag the grammar reads
(``w^{(4)}_{12}``), each rewrite is echoed, and positions in errors are mapped back to the text
as written. A power of such a quantity is written on a group:
``(a^3_2)^2``. Other notations keep reading ``a^2`` as a power.
"""

from __future__ import annotations

import re

from chainrule.errors import ParseError

_SUBSCRIPT = r"_\{[^{}]*\}|_[A-Za-z0-9]"
_BARE = re.compile(r"""
    (?P<name>\\delta(?![A-Za-z])|δ|(?<![A-Za-z\\])[wbza])
    (?P<before>""" + _SUBSCRIPT + r""")?
    \^(?:(?P<digit>\d)(?![\d.])|(?P<letter>[Ll])(?![A-Za-z])
         |\{\s*(?P<braced>\d|[Ll](?:\s*[+-]\s*\d)?)\s*\})
    (?P<after>""" + _SUBSCRIPT + r""")?
""", re.VERBOSE)
_MEANING = {"w": "weight", "b": "bias", "z": "weighted input", "a": "activation",
            "δ": "error"}  # fmt: skip
_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


class LayerSuperscripts:
    """``text`` with each bare layer superscript as a layer tag: ``written`` (the rewritten
    text), ``reading`` (one echo line a rewrite) and :meth:`mapped` for errors."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.shifts: list[tuple[int, int, int]] = []  # (start here, end here, length added)
        self.reading: list[str] = []
        self.written = _BARE.sub(self._tag, text)

    def _tag(self, match: re.Match[str]) -> str:
        layer = re.sub(r"\s+", "", match["digit"] or match["letter"] or match["braced"])
        start = match.end("before") if match["before"] else match.end("name")
        end = match.start("after") if match["after"] else match.end()
        tag = f"^{{({layer})}}"
        shift = sum(added for *_, added in self.shifts)
        self.shifts.append((start + shift, start + shift + len(tag), len(tag) - (end - start)))
        self._echo(match, layer)
        return match.string[match.start():start] + tag + match.string[end:match.end()]

    def _echo(self, match: re.Match[str], layer: str) -> None:
        letter = "δ" if match["name"] in ("\\delta", "δ") else match["name"]
        sub = (match["before"] or match["after"] or "")[1:].strip("{}")
        shown = letter + (sub.translate(_DIGITS) if sub.isdigit() else f"_{sub}" if sub else "")
        whole = "matrix" if letter == "w" else "vector"
        what = "the " + _MEANING[letter] + (f" {shown}" if sub else f" {whole} {shown}")
        line = (f"read {match[0]} as {what} of layer {layer} "
                "(Nielsen writes the layer as a superscript)")
        if line not in self.reading:
            self.reading.append(line)

    def position(self, here: int) -> int:
        """The position in the text as written of ``here`` in the rewritten text."""
        moved = 0
        for start, end, added in self.shifts:
            if here >= end:
                moved += added
            elif here >= start:
                return start - moved
        return here - moved

    def mapped(self, error: ParseError) -> ParseError:
        """``error`` with its position in the text as written."""
        if error.position is None or error.text != self.written:
            return error
        return ParseError(error.reason, self.original, self.position(error.position))
