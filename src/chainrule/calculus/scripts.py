"""Unicode superscript and subscript characters, read by the parser and written by printers,
and the mathematical bold letters of a vector's name.

Unicode has superscripts for every digit, ``+ - = ( )`` and most Latin letters, but subscripts
for only a few letters; a string with a character outside these tables cannot be raised or
lowered and a printer falls back to ``^(...)`` or ``_...``.
"""

from __future__ import annotations

SUPERSCRIPTS: dict[str, str] = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
        strict=True,
    )
)
SUBSCRIPTS: dict[str, str] = dict(
    zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)

#: The reverse tables, for reading ``x²`` or ``x₁``.
FROM_SUPERSCRIPT: dict[str, str] = {raised: plain for plain, raised in SUPERSCRIPTS.items()}
FROM_SUBSCRIPT: dict[str, str] = {lowered: plain for plain, lowered in SUBSCRIPTS.items()}


def superscript(text: str) -> str | None:
    """``text`` raised (``"-x"`` -> ``"⁻ˣ"``), or None if a character has no superscript.

    Spaces are dropped and the minus sign ``−`` is accepted as ``-``.
    """
    return _convert(text, SUPERSCRIPTS)


def subscript(text: str) -> str | None:
    """``text`` lowered (``"ij"`` -> ``"ᵢⱼ"``), or None if a character has no subscript."""
    return _convert(text, SUBSCRIPTS)


def _convert(text: str, table: dict[str, str]) -> str | None:
    out = []
    for char in text.replace(" ", "").replace("−", "-"):
        if char not in table:
            return None
        out.append(table[char])
    return "".join(out)


_BOLD_OFFSETS = {"upper": 0x1D400 - ord("A"), "lower": 0x1D41A - ord("a")}


def bold(char: str) -> str:
    """A Latin letter in Unicode mathematical bold (``W`` → ``𝐖``); anything else as it is."""
    if "A" <= char <= "Z":
        return chr(ord(char) + _BOLD_OFFSETS["upper"])
    if "a" <= char <= "z":
        return chr(ord(char) + _BOLD_OFFSETS["lower"])
    return char
