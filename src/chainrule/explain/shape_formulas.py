"""Formulas of a matrix form: a matrix of values, a shape, the shapes of a product.

>>> from chainrule.explain.shape_formulas import product_shapes, shape
>>> product_shapes(shape("N", 3), shape("N", 2), shape(2, 3)).sides[0]
Shape(rows='N', cols=3, paren=True)
"""

from __future__ import annotations

import numpy as np

from chainrule.explain.formula_nodes import Equation, Juxtaposed, Matrix, Product, Shape, Terms
from chainrule.explain.model import Formula


def matrix(values: np.ndarray) -> Matrix:
    """A matrix of values, elided with ``⋮``/``⋯`` when large."""
    return Matrix(tuple(tuple(float(v) for v in row) for row in np.atleast_2d(values)))


def shape(rows: int | str, cols: int | str) -> Shape:
    """``rows × cols``."""
    return Shape(rows, cols)


def product_shapes(result: Shape, *factors: Shape, plus: Shape | None = None) -> Equation:
    """``(N × 3) = (N × 2)(2 × 3) + (1 × 3)``: the shapes of a matrix product (and a sum)."""
    product = Juxtaposed(tuple(Shape(f.rows, f.cols, True) for f in factors), spaced=False)
    right = product if plus is None else Terms((product, Shape(plus.rows, plus.cols, True)))
    return Equation((Shape(result.rows, result.cols, True), right))


def parenthesized(item: Formula) -> Product:
    """``(item)``."""
    return Product(((item, True),))
