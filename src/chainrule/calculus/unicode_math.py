"""Characters beyond ASCII, for the lexer: ``∂``, ``√``, ``∑``, Greek letters (``σ``), accents
(``ŷ``, or ``y`` and a combining ``̂``; a dot over a Greek function, ``σ̇``, is its derivative),
and the characters a formula never holds, refused with their Unicode name.
"""

from __future__ import annotations

import unicodedata

from chainrule.calculus.normalize import Token
from chainrule.calculus.symbols import ACCENTS, GREEK, GREEK_BY_LETTER

PARTIAL = "∂"
_UNICODE_WORDS = {"√": "sqrt", "∑": "sum", "∏": "prod", "𝟙": "indicator"}
_COMBINING = {"\u0302": "hat", "\u0304": "bar", "\u0305": "bar", "\u0303": "tilde", "\u0307": "dot"}
_FORBIDDEN = {
    "!": "factorials are not supported",
    '"': "quotes are not part of a formula",
}


class UnicodeMath:
    """The lexer's rules for characters beyond ASCII; ``error`` and ``_add`` are the lexer's
    (:class:`~chainrule.calculus.latex_names.LatexNames`)."""

    text: str
    i: int
    tokens: list[Token]

    def _unicode(self, char: str, start: int) -> None:
        self.i += 1
        if char == PARTIAL:
            self._add("partial", PARTIAL, start)
        elif char in _UNICODE_WORDS:
            self._add("word", _UNICODE_WORDS[char], start, whole=True)
        elif char in GREEK_BY_LETTER:
            self._add("word", GREEK_BY_LETTER[char], start, whole=True)
        elif char in _COMBINING:
            self._accent_previous(_COMBINING[char], start)
        elif (accented := _decompose(char)) is not None:
            self._add("word", accented, start, whole=True)
        elif char in _FORBIDDEN:
            raise self.error(_FORBIDDEN[char], start)
        else:
            name = unicodedata.name(char, "unknown")
            raise self.error(f"unexpected character {char!r} (U+{ord(char):04X} {name})", start)

    def _accent_previous(self, accent: str, start: int) -> None:
        last = self.tokens[-1] if self.tokens else None
        if accent == "dot" and last is not None and last.text in GREEK and last.end == start:
            self.tokens.append(Token("op", "'", start, self.i))  # σ̇(z) is σ'(z)
            return
        if last is None or last.kind != "word" or len(last.text) != 1 or last.end != start:
            raise self.error("an accent must follow a single letter, as in ŷ", start)
        self.tokens[-1] = Token("word", last.text + accent, last.pos, self.i, whole=True)


def _decompose(char: str) -> str | None:
    """``ŷ`` -> ``yhat``: a precomposed Latin letter with an accent we know, else None."""
    parts = unicodedata.decomposition(char).split()
    if len(parts) != 2 or parts[0].startswith("<"):
        return None
    base, mark = chr(int(parts[0], 16)), chr(int(parts[1], 16))
    if "a" <= base.lower() <= "z" and mark in _COMBINING and _COMBINING[mark] in ACCENTS:
        return base + _COMBINING[mark]
    return None
