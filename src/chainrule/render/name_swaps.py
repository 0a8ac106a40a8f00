"""Two of a notation's names compared on their trees: the one unit number in which they differ
(``net₅``, ``net₆``: 5 and 6), or the sub- and superscripts (``z₁⁽ᴸ⁾``, ``z₂⁽³⁾``: ₁ ↔ ₂ and
⁽ᴸ⁾ ↔ ⁽³⁾); and a name with those exchanged. Used to refer a derivation to an earlier one
(:mod:`chainrule.render.repeats`).

>>> from chainrule.calculus.math_names import MathName
>>> number_pair(MathName("net", "5", upright=True), MathName("net", "6", upright=True))
('5', '6')
>>> swap = script_swap(MathName("z", "1", "(L)"), MathName("z", "2", "(3)"))
>>> swapped_scripts(MathName("a", "2", "(3)"), swap)
MathName(base='a', sub='1', sup='(L)', accent='', upright=False, bold=False, prefix='')
"""

from __future__ import annotations

import re
from dataclasses import replace

from chainrule.calculus.math_names import MathName

#: A script: ``("_", "12")`` or ``("^", "(L)")``.
Script = tuple[str, str]
_DIGITS = re.compile(r"\d+|\D+")


def _scripts(name: MathName) -> list[Script]:
    """The name's scripts in reading order, those of an entry's vector first."""
    inner = _scripts(name.base) if isinstance(name.base, MathName) else []
    return [*inner, *((mark, text) for mark, text in (("_", name.sub), ("^", name.sup)) if text)]


def _shape(name: MathName) -> MathName:
    """The name with each script's text blanked out, keeping which scripts it has."""
    base = _shape(name.base) if isinstance(name.base, MathName) else name.base
    return replace(name, base=base, sub="_" if name.sub else "", sup="^" if name.sup else "")


def script_swap(a: MathName, b: MathName) -> dict[Script, Script] | None:
    """The scripts in which two names of the same form differ, each exchanged with the other's;
    None when the names differ elsewhere, or in no script."""
    if _shape(a) != _shape(b):
        return None
    pairs = [(x, y) for x, y in zip(_scripts(a), _scripts(b), strict=True) if x != y]
    swap = dict(pairs) | {y: x for x, y in pairs}
    return swap if pairs and len(swap) == 2 * len(pairs) else None


def swapped_scripts(name: MathName, swap: dict[Script, Script]) -> MathName:
    """``name`` with each of its scripts that is a key of ``swap`` replaced by its value."""
    base = swapped_scripts(name.base, swap) if isinstance(name.base, MathName) else name.base
    sub = swap.get(("_", name.sub), ("_", name.sub))[1] if name.sub else ""
    sup = swap.get(("^", name.sup), ("^", name.sup))[1] if name.sup else ""
    return replace(name, base=base, sub=sub, sup=sup)


def _tokens(name: MathName) -> list[str]:
    """The name's pieces, its scripts' numbers each one piece."""
    if isinstance(name.base, MathName):
        head = ["(", *_tokens(name.base), ")"]
    else:
        head = [repr((name.prefix, name.base, name.accent, name.upright, name.bold))]
    scripts = [piece for mark, text in (("_", name.sub), ("^", name.sup)) if text
               for piece in (mark, *_DIGITS.findall(text))]
    return [*head, *scripts]


def number_pair(a: MathName, b: MathName) -> tuple[str, str] | None:
    """The one number in which two names differ (``net₅``, ``net₆``: 5 and 6), else None."""
    return one_number_apart(_tokens(a), _tokens(b))


def one_number_apart(ta: list[str], tb: list[str]) -> tuple[str, str] | None:
    """The one pair of tokens in which two token lists differ, when both are numbers; None
    when they differ in length, elsewhere, or in more than one token."""
    if len(ta) != len(tb):
        return None
    differ = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    if len(differ) != 1 or not (differ[0][0].isdigit() and differ[0][1].isdigit()):
        return None
    return differ[0]


def swapped_numbers(name: MathName, swap: dict[str, str]) -> MathName:
    """``name`` with each number in its scripts that is a key of ``swap`` replaced."""
    def text(script: str) -> str:
        return _DIGITS.sub(lambda m: swap.get(m.group(), m.group()), script)

    base = swapped_numbers(name.base, swap) if isinstance(name.base, MathName) else name.base
    return replace(name, base=base, sub=text(name.sub), sup=text(name.sup))
