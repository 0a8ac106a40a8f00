r"""LaTeX still written as text (a teaching sheet's questions and answers; see
:mod:`chainrule.calculus.printing.latex_tree`) as plain Unicode text for terminals:
``\frac{\partial e}{\partial s_1^{(L)}}`` becomes ``∂e/∂s₁⁽ᴸ⁾``.

Sub- and superscripts use Unicode's small characters when every character has one, else
``_(…)`` and ``^(…)``. Fractions are written ``a/b``, parenthesized when a side is compound.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from chainrule.calculus.printing.latex_tree import Node, parse_latex
from chainrule.calculus.scripts import SUBSCRIPTS, SUPERSCRIPTS, bold

# The scripts the parser reads and the printers write, plus what only LaTeX writes: a Unicode
# minus, ⊤ (transpose), a prime and the comma between indices.
SUPERSCRIPT = {**SUPERSCRIPTS, "−": "⁻", "⊤": "ᵀ", "′": "′"}
SUBSCRIPT = {**SUBSCRIPTS, "−": "₋", ",": ","}
_SPACED = {"=", "<", ">", "+", "·", "×", "⊙", "⊗", "≈", "≤", "≥", "≠", "→", "⇒", "∈", "≡", "−"}


@functools.lru_cache(maxsize=8192)
def latex_to_text(source: str) -> str:
    """Unicode text for a LaTeX formula (cached: explanations repeat their formulas)."""
    return unicodedata.normalize("NFC", _clean(_print(parse_latex(source))))


def _clean(text: str) -> str:
    text = re.sub(r" {2,}", " ", text).strip()
    return re.sub(r"([(\[]) | ([)\],])", lambda m: (m.group(1) or "") + (m.group(2) or ""), text)


def _print(node: Node) -> str:
    printer = _PRINTERS[node.kind]
    return printer(node)


def _group(node: Node) -> str:
    parts: list[str] = []
    previous: Node | None = None
    for child in node.children:
        text = _print(child)
        if child.kind == "op" and child.text in _SPACED:
            unary = child.text in ("−", "+") and (
                previous is None or previous.kind in ("text", "space")
                or (previous.kind == "op" and previous.text not in ")]}⟩⋯…"))
            text = text if unary else f" {text} "
        elif child.kind == "op" and child.text == ",":
            text = ", "
        elif previous is not None and _juxtaposed(previous, child):
            text = " " + text
        parts.append(text)
        previous = child
    return "".join(parts)


def _juxtaposed(previous: Node, child: Node) -> bool:
    """Whether two neighbours need a space to stay readable (``a₁ᵀ dz₂``, ``∑ⱼ wⱼ``)."""
    words = ("ident", "script", "style", "accent", "frac")
    if child.kind == "script" and child.children[0].kind == "op":
        return child.children[0].text in "∑∏" and previous.kind != "op"
    if previous.kind == "frac" and child.kind == "number":
        return True  # d/dh 1
    if child.kind not in words:
        return False
    if previous.kind in ("script", "style", "frac"):
        return True
    return previous.kind == "ident" and len(previous.text) > 1


def _script(node: Node) -> str:
    base = _print(node.children[0])
    if node.children[0].kind in ("frac",) or (node.children[0].kind == "group"
                                                and len(node.children[0].children) > 1):
        base = f"({base})"
    return base + _small(node.sub, SUBSCRIPT, "_") + _small(node.sup, SUPERSCRIPT, "^")


def _small(node: Node | None, table: dict[str, str], mark: str) -> str:
    if node is None:
        return ""
    text = _clean(_print(node)).replace(" ", "")
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    if len(text) == 1 or re.fullmatch(r"\[[^\[\]]+\]", text):
        return f"{mark}{text}"  # x^[1]: a bracketed layer tag (Andrew Ng) needs no more
    return f"{mark}({text})"


def _compound(node: Node, text: str) -> bool:
    only = node.children[0] if node.kind == "group" and len(node.children) == 1 else node
    if only.kind == "fenced" or (only.kind == "script" and only.children[0].kind == "fenced"):
        return False  # (x − y)² is one factor
    return " " in text.strip() or (node.kind == "group" and any(
        c.kind == "op" and c.text in _SPACED for c in node.children))


def _frac(node: Node) -> str:
    top, bottom = (_clean(_print(child)) for child in node.children)
    if _compound(node.children[0], top):
        top = f"({top})"
    if _compound(node.children[1], bottom) or "/" in bottom:
        bottom = f"({bottom})"
    return f"{top}/{bottom}"


def _style(node: Node) -> str:
    inner = _print(node.children[0])
    if node.text in ("mathbf", "boldsymbol"):
        return "".join(bold(c) for c in inner)
    return inner


def _matrix(node: Node) -> str:
    rows = ["  ".join(_clean(_print(cell)) for cell in row) for row in node.rows]
    return "[" + "; ".join(rows) + "]"


_PRINTERS = {
    "group": _group,
    "ident": lambda n: n.text,
    "number": lambda n: n.text,
    "op": lambda n: n.text,
    "text": lambda n: n.text,
    "space": lambda n: " " if float(n.text) >= 0.2 else "",
    "script": _script,
    "frac": _frac,
    "sqrt": lambda n: f"√({_print(n.children[0])})",
    "accent": lambda n: _print(n.children[0]) + n.text,
    "style": _style,
    "fenced": lambda n: f"{n.text[0].strip('.')}{_clean(_print(n.children[0]))}"
    f"{n.text[1].strip('.')}",
    "matrix": _matrix,
}
