r"""Partial derivatives written as names: ``∂C_0/∂a_j^(L-m)`` is one symbol.

A learner's chain rule is a product of partial derivatives,
``\frac{\partial C_0}{\partial a_i} \frac{\partial a_i}{\partial z_i}``. The parser reads each
``∂A/∂B`` (or ``\frac{\partial A}{\partial B}``) as a SymPy symbol *standing for* that
derivative, named ``dA/dB`` with the canonical names of ``A`` and ``B``::

    dC_0/da_j^(L-m)     de/dw_12^(2)     dz_i^(l+1)/da_j^(l)

Symbol names never contain ``/`` otherwise, so :func:`partial_parts` takes the name apart
again; what such a symbol is worth (``∂a/∂z = g'(z)``, ``∂z_i/∂a_j = w_ij``, or a quantity
given by the claim) is for the caller to decide.
"""

from __future__ import annotations

import sympy

from chainrule.calculus.symbols import with_index


def partial_name(top: str, bottom: str) -> str:
    """``partial_name("C_0", "a_j^(L-m)") == "dC_0/da_j^(L-m)"``."""
    return f"d{top}/d{bottom}"


def partial_symbol(top: sympy.Symbol | str, bottom: sympy.Symbol | str) -> sympy.Symbol:
    """The symbol standing for ``∂top/∂bottom``.

    Parameters
    ----------
    top, bottom : sympy.Symbol or str
        Plain symbols (or their canonical names), e.g. ``C_0`` and ``a_j^(L-m)``.

    Raises
    ------
    ValueError
        If either is itself a partial derivative (only first derivatives of names are written).
    """
    names = [s if isinstance(s, str) else s.name for s in (top, bottom)]
    if any("/" in name or not name for name in names):
        raise ValueError(f"∂A/∂B takes two plain names; got {names[0]!r} and {names[1]!r}")
    return sympy.Symbol(partial_name(*names))


def partial_parts(symbol: sympy.Symbol | str) -> tuple[sympy.Symbol, sympy.Symbol] | None:
    """``(A, B)`` of a symbol standing for ``∂A/∂B``; None for any other symbol.

    >>> partial_parts(sympy.Symbol("dC_0/da_j^(L-m)"))
    (C_0, a_j^(L-m))
    """
    name = symbol if isinstance(symbol, str) else symbol.name
    top, slash, bottom = name.partition("/")
    if not slash or not top.startswith("d") or not bottom.startswith("d"):
        return None
    if len(top) < 2 or len(bottom) < 2 or "/" in bottom:
        return None
    return sympy.Symbol(top[1:]), sympy.Symbol(bottom[1:])


def is_partial(symbol: sympy.Basic) -> bool:
    """Whether ``symbol`` is a symbol standing for a partial derivative."""
    return isinstance(symbol, sympy.Symbol) and partial_parts(symbol) is not None


def partial_with_index(symbol: sympy.Symbol, index: str, value: str) -> sympy.Symbol:
    """``∂A/∂B`` with one index replaced in both names, as a sum over ``index`` expands it.

    ``dz_i^(l+1)/da_j^(l)`` with ``i = 2`` is ``dz_2^(l+1)/da_j^(l)``; a plain symbol goes to
    :func:`chainrule.calculus.symbols.with_index`.
    """
    parts = partial_parts(symbol)
    if parts is None:
        return with_index(symbol, index, value)
    return partial_symbol(*(with_index(part, index, value) for part in parts))
