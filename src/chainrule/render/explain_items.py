r"""The formulas of an explanation's lines as LaTeX: text, SymPy expressions, products, rates.

An explanation keeps the calculus' results as SymPy expressions in the notation's symbols
(:mod:`chainrule.explain.local_derivations`); they are printed here by the LaTeX expression printer,
which writes a notation symbol's LaTeX name as it is. Every explanation renderer starts from this
LaTeX.
"""

from __future__ import annotations

from typing import Any

import sympy

from chainrule.calculus.printing import to_latex
from chainrule.explain.model import Product, Rate


def item_latex(item: Any) -> str:
    """One formula of a line as LaTeX."""
    if isinstance(item, str):
        return item
    if isinstance(item, Product):
        return product_latex(item)
    if isinstance(item, Rate):
        d = r"\partial " if item.partial else "d "
        return rf"\frac{{{d}{item_latex(item.top)}}}{{{d}{item_latex(item.bottom)}}}"
    if isinstance(item, sympy.Basic):
        return to_latex(item)
    raise TypeError(f"a formula must be LaTeX text, an expression, a Product or a Rate; "
                    f"got {type(item).__name__}")


def product_latex(product: Product) -> str:
    """``2\\left(x - y\\right)\\left(1 - x^{2}\\right)`` or ``\\delta \\cdot x``: a compound
    factor in parentheses, ``\\cdot`` between factors unless a parenthesis follows."""
    out = ""
    for factor, compound in product.factors:
        text = item_latex(factor)
        piece = rf"\left({text}\right)" if compound else text
        if out and (product.dotted or not piece.startswith(r"\left(")):
            out += r" \cdot "
        out += piece
    return out
