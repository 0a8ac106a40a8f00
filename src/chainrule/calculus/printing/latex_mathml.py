r"""LaTeX still written as text (a teaching sheet's questions, ``$…$`` in their strings; see
:mod:`chainrule.calculus.printing.latex_tree`) to presentation MathML. Formulas held as
trees, every explanation's, are printed by :mod:`chainrule.calculus.printing.mathml`.

No JavaScript and no CDN: every modern browser lays out MathML Core itself. The LaTeX is
parsed by :mod:`chainrule.calculus.printing.latex_tree`; anything it does not understand raises
an error instead of leaking raw LaTeX into a page.
"""

from __future__ import annotations

import functools
from html import escape

from chainrule.calculus.printing.latex_tree import Node, parse_latex
from chainrule.calculus.printing.mathml import NAMESPACE
from chainrule.calculus.scripts import bold


@functools.lru_cache(maxsize=8192)
def latex_to_mathml(source: str, display: bool = True) -> str:
    """A ``<math>`` element for a LaTeX formula (``display="block"`` or inline); cached, as
    explanations of one network repeat their formulas."""
    mode = "block" if display else "inline"
    body = _element(parse_latex(source), None)
    return f'<math xmlns="{NAMESPACE}" display="{mode}">{body}</math>'


@functools.lru_cache(maxsize=8192)
def latex_elements(source: str) -> str:
    """The MathML elements of a LaTeX formula, side by side (no ``<math>`` around them)."""
    return _element(parse_latex(source), None)[len("<mrow>"):-len("</mrow>")]


def _element(node: Node, variant: str | None) -> str:
    kind = node.kind
    if kind == "group":
        return "<mrow>" + "".join(_element(c, variant) for c in node.children) + "</mrow>"
    if kind == "ident":
        return _identifier(node.text, variant)
    if kind == "number":
        return f"<mn>{escape(node.text)}</mn>"
    if kind == "op":
        return f"<mo>{escape(node.text)}</mo>"
    if kind == "text":
        return f"<mtext>{escape(node.text).replace(' ', '&#160;')}</mtext>"
    if kind == "space":
        return f'<mspace width="{float(node.text):.2f}em"></mspace>'
    if kind == "script":
        return _script(node, variant)
    if kind == "frac":
        top, bottom = (_element(c, variant) for c in node.children)
        return f"<mfrac>{top}{bottom}</mfrac>"
    if kind == "sqrt":
        return f"<msqrt>{_element(node.children[0], variant)}</msqrt>"
    if kind == "accent":
        mark = {"\u0302": "^", "\u0304": "¯", "\u0303": "~"}[node.text]
        base = _element(node.children[0], variant)
        return f'<mover accent="true">{base}<mo>{mark}</mo></mover>'
    if kind == "style":
        style = {"mathbf": "bold", "boldsymbol": "bold"}.get(node.text, "normal")
        return _element(node.children[0], style)
    if kind == "fenced":
        opening, closing = (escape(c) for c in node.text)
        inner = _element(node.children[0], variant)
        left = f'<mo fence="true" form="prefix">{opening}</mo>' if opening != "." else ""
        right = f'<mo fence="true" form="postfix">{closing}</mo>' if closing != "." else ""
        return f"<mrow>{left}{inner}{right}</mrow>"
    if kind == "matrix":
        rows = "".join("<mtr>" + "".join(f"<mtd>{_element(c, variant)}</mtd>" for c in row)
                       + "</mtr>" for row in node.rows)
        opening, closing = (escape(c) for c in node.text)
        return f"<mrow><mo>{opening}</mo><mtable>{rows}</mtable><mo>{closing}</mo></mrow>"
    raise ValueError(f"unknown node kind {kind!r}")


def _identifier(text: str, variant: str | None) -> str:
    if variant == "bold":
        return f"<mi>{escape(''.join(bold(c) for c in text))}</mi>"
    if variant == "normal" and len(text) == 1:
        return f'<mi mathvariant="normal">{escape(text)}</mi>'
    return f"<mi>{escape(text)}</mi>"


def _script(node: Node, variant: str | None) -> str:
    base = _element(node.children[0], variant)
    if node.sub is not None and node.sup is not None:
        sub, sup = _element(node.sub, variant), _element(node.sup, variant)
        return f"<msubsup>{base}{sub}{sup}</msubsup>"
    if node.sub is not None:
        return f"<msub>{base}{_element(node.sub, variant)}</msub>"
    if node.sup is not None:
        return f"<msup>{base}{_element(node.sup, variant)}</msup>"
    return base
